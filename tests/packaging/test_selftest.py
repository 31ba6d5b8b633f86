"""``falconieri-desktop --self-test`` from source: every check, their report, the exit status.

The frozen bundle runs the same code (tests/packaging/test_bundle.py).
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import keyring
import keyring.backend
import pytest
from keyring.backends import fail
from PySide6.QtWidgets import QApplication

from falconieri_desktop.ui.selftest import CHECKS, CheckFailed, run_checks, run_self_test
from tests.keyrings import MemoryKeyring, installed

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def real_keyring() -> Iterator[keyring.backend.KeyringBackend]:
    yield from installed(MemoryKeyring())


@pytest.fixture
def no_keyring() -> Iterator[keyring.backend.KeyringBackend]:
    yield from installed(fail.Keyring())


def test_every_check_passes_from_source(qapp: QApplication, real_keyring: keyring.backend.KeyringBackend) -> None:
    """With a real keyring backend every check passes, one ✓ line each, and the exit status is 0."""
    out = io.StringIO()
    assert run_self_test(out) == 0, out.getvalue()
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("Falconieri Desktop ") and "self-test: source at" in lines[0]
    for name in CHECKS:
        assert any(line.startswith(f"✓ {name} ") for line in lines), f"no ✓ line for {name}:\n{out.getvalue()}"
    assert lines[-1] == f"all {len(CHECKS)} checks passed"
    assert "000413A1B2C3" in out.getvalue()  # the embedded label was really read


def test_fail_keyring_fails_the_self_test(qapp: QApplication, no_keyring: keyring.backend.KeyringBackend) -> None:
    """keyring's 'fail' backend (no system keyring) is a ✗ line and exit status 1, the rest still run."""
    out = io.StringIO()
    assert run_self_test(out) == 1
    text = out.getvalue()
    assert "✗ keyring " in text and "fail" in text
    assert "✓ window " in text  # the checks after it ran
    assert text.splitlines()[-1] == f"1 of {len(CHECKS)} checks failed: keyring"


def test_a_crashing_check_is_reported_and_the_next_one_runs() -> None:
    """An unexpected exception in one check is that check's failure, with its type, not the run's end."""
    def crashes() -> str:
        raise RuntimeError("boom")

    def refuses() -> str:
        raise CheckFailed("not there")

    results = run_checks({"crashes": crashes, "refuses": refuses, "passes": lambda: "fine"})
    assert [(r.name, r.ok, r.detail) for r in results] == [
        ("crashes", False, "RuntimeError: boom"), ("refuses", False, "not there"), ("passes", True, "fine")]


def test_report_falls_back_to_ascii_marks_on_a_legacy_console(
        qapp: QApplication, real_keyring: keyring.backend.KeyringBackend) -> None:
    """A cp1252 stdout (a Windows console redirected to a file) gets 'ok'/'FAIL', not an encoding error."""
    raw = io.BytesIO()
    stream = io.TextIOWrapper(raw, encoding="cp1252")
    assert run_self_test(stream) == 0
    stream.flush()
    text = raw.getvalue().decode("cp1252")
    assert "ok keyring " in text and "✓" not in text


@pytest.mark.secret_service
def test_command_line_self_test_passes_with_the_secret_service() -> None:
    """`python -m falconieri_desktop --self-test` exits 0 against the real Secret Service."""
    if not os.environ.get("FALCONIERI_SECRET_SERVICE"):
        if os.environ.get("CI"):
            pytest.fail("CI is set but no Secret Service is running: run the suite with `python3 dev.py test`.")
        pytest.skip("needs a real Secret Service: run `python3 dev.py test`")
    result = subprocess.run([sys.executable, "-m", "falconieri_desktop", "--self-test"], cwd=ROOT,
                            capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "✓ keyring     SecretService" in result.stdout
