"""Fixtures for the account, keyring and settings tests.

Keyrings: ``memory_keyring`` installs an in-memory backend with ``keyring.set_keyring`` and restores
the previous one after; ``fail_keyring`` installs keyring's own ``fail`` backend (what keyring picks
when there is no keyring at all). Tests marked ``secret_service`` talk to a real Secret Service
(gnome-keyring in the throwaway D-Bus session that ``python3 dev.py test`` starts and announces
with FALCONIERI_SECRET_SERVICE=1): without it they are skipped, except under CI, where a missing
Secret Service is a failure, so the suite cannot silently lose its only real keyring coverage.
"""

from __future__ import annotations

import io
import json
import logging
import os
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import keyring
import keyring.backend
import pytest
from keyring.backends import fail

from falconieri_desktop.core.accounts import AccountStore, KeyringCredentialStore
from tests.keyrings import MemoryKeyring, installed


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    """An empty in-memory keyring as the process-wide backend, for this test only."""
    yield from installed(MemoryKeyring())  # type: ignore[misc]


@pytest.fixture
def fail_keyring() -> Iterator[keyring.backend.KeyringBackend]:
    """keyring's ``fail`` backend: every operation raises NoKeyringError."""
    yield from installed(fail.Keyring())


def _require_secret_service() -> None:
    if os.environ.get("FALCONIERI_SECRET_SERVICE"):
        return
    if os.environ.get("CI"):
        pytest.fail("CI is set but no Secret Service is running: run the suite with `python3 dev.py test` "
                    "(it starts gnome-keyring in a throwaway D-Bus session; needs gnome-keyring and dbus).")
    pytest.skip("needs a real Secret Service: run `python3 dev.py test` (gnome-keyring in a throwaway "
                "D-Bus session) to include this test")


@pytest.fixture(autouse=True)
def _secret_service_gate(request: pytest.FixtureRequest) -> None:
    if request.node.get_closest_marker("secret_service") is not None:
        _require_secret_service()


@pytest.fixture
def secret_service() -> Iterator[keyring.backend.KeyringBackend]:
    """The real Secret Service backend as the process-wide keyring (fails if it is not usable)."""
    _require_secret_service()
    from keyring.backends import SecretService

    try:
        SecretService.Keyring.priority  # noqa: B018 - raises when the daemon is unreachable
    except RuntimeError as exc:
        pytest.fail(f"FALCONIERI_SECRET_SERVICE is set but the Secret Service is not usable: {exc}")
    yield from installed(SecretService.Keyring())


@pytest.fixture
def app_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Path]:
    """platformdirs pointed at a fresh tree (config, data, state/log, cache) for this test."""
    dirs = {name: tmp_path / "xdg" / name for name in ("config", "data", "state", "cache")}
    for name, path in dirs.items():
        path.mkdir(parents=True)
        monkeypatch.setenv(f"XDG_{name.upper()}_HOME", str(path))
    return dirs


@pytest.fixture
def store(tmp_path: Path, memory_keyring: MemoryKeyring) -> AccountStore:
    """An account store in a temporary file, its secrets in the in-memory keyring."""
    return AccountStore(tmp_path / "config" / "accounts.json", KeyringCredentialStore())


@dataclass(frozen=True)
class CliResult:
    code: int
    out: str
    err: str

    def json(self) -> Any:
        return json.loads(self.out)


@pytest.fixture
def run_cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
            app_dirs: dict[str, Path]) -> Iterator[Callable[..., CliResult]]:
    """Run ``falconieri`` in-process with platformdirs isolated; root logging is restored after."""
    from falconieri_desktop.cli import main

    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level

    def run(*argv: str, stdin: str | None = None) -> CliResult:
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin if stdin is not None else ""))
        capsys.readouterr()
        code = main(list(argv))
        captured = capsys.readouterr()
        return CliResult(code, captured.out, captured.err)

    yield run
    for handler in list(root.handlers):
        if handler not in handlers:
            root.removeHandler(handler)
            handler.close()
    root.setLevel(level)
