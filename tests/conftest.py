"""Shared fixtures. Qt runs offscreen: set before any QApplication can exist."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_LOGGING_RULES", "qt.multimedia.symbolsresolver=false")

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
