"""Shared fixtures. Qt runs offscreen: set before any QApplication can exist."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_LOGGING_RULES", "qt.multimedia.symbolsresolver=false")

# Nothing a test does may touch the developer's real settings, accounts, journal or logs:
# platformdirs follows these (the Secret Service daemon, if any, was started with its own).
import tempfile

_SANDBOX_HOME = tempfile.mkdtemp(prefix="falconieri-tests-")
for _name in ("XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
    os.environ[_name] = os.path.join(_SANDBOX_HOME, _name.lower())
os.environ["FALCONIERI_JOURNAL"] = os.path.join(_SANDBOX_HOME, "journal.sqlite3")

from collections.abc import Iterator  # noqa: E402

import pytest  # noqa: E402

from falconieri_desktop.sandbox import Sandbox  # noqa: E402


@pytest.fixture(scope="session")
def sandbox_session() -> Iterator[Sandbox]:
    """Every simulator, started once per test process on OS-picked loopback ports."""
    with Sandbox() as sandbox:
        yield sandbox


@pytest.fixture
def sandbox(sandbox_session: Sandbox) -> Iterator[Sandbox]:
    """The shared sandbox with empty-but-demo registries and no faults, for one test."""
    sandbox_session.reset()
    yield sandbox_session
    sandbox_session.reset()
