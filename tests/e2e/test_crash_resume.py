"""A SIGKILLed import loses nothing: `falconieri resume` finishes every device exactly once."""

from __future__ import annotations

import csv
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from falconieri_desktop.sandbox import Sandbox

URL = "https://pbx.example.com/provisioning/{mac}.xml"
DEVICES = 90


def _env(tmp_path: Path, sandbox: Sandbox) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SNOM_", "YEALINK_", "GIGASET_", "FANVIL_"))}
    env.update(sandbox.env())
    env.update(XDG_CONFIG_HOME=str(tmp_path / "config"), XDG_DATA_HOME=str(tmp_path / "data"),
               XDG_STATE_HOME=str(tmp_path / "state"), XDG_CACHE_HOME=str(tmp_path / "cache"),
               FALCONIERI_JOURNAL=str(tmp_path / "journal.sqlite3"),
               PYTHON_KEYRING_BACKEND="keyring.backends.null.Keyring")
    return env


def _registered(journal: Path) -> int:
    try:
        with sqlite3.connect(f"file:{journal}?mode=ro", uri=True, timeout=1) as conn:
            return conn.execute("SELECT count(*) FROM devices WHERE status = 'registered'").fetchone()[0]
    except sqlite3.Error:
        return 0


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "falconieri_desktop.cli", *args]


@pytest.mark.slow
@pytest.mark.parametrize("kill_at", [0, 20, 60])
def test_sigkill_mid_batch_then_resume(tmp_path: Path, sandbox: Sandbox, kill_at: int) -> None:
    """Killed after `kill_at` registrations, the batch resumes; each device ends registered exactly once."""
    sandbox.set_faults(latency=0.03)
    macs = [f"0004130{kill_at:02X}{i:03X}" for i in range(DEVICES)]
    sheet = tmp_path / "devices.csv"
    with sheet.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["MAC", "Note"])
        writer.writerows([mac, f"desk {i}"] for i, mac in enumerate(macs))
    env = _env(tmp_path, sandbox)
    journal = tmp_path / "journal.sqlite3"
    process = subprocess.Popen(_cli("import", str(sheet), "--url", URL, "--force", "--concurrency", "2"), env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while _registered(journal) < kill_at and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.005)
    if kill_at == 0:  # right after the batch exists in the journal
        while time.monotonic() < deadline and process.poll() is None:
            try:
                with sqlite3.connect(f"file:{journal}?mode=ro", uri=True, timeout=1) as conn:
                    if conn.execute("SELECT count(*) FROM devices").fetchone()[0]:
                        break
            except sqlite3.Error:
                pass
            time.sleep(0.005)
    assert process.poll() is None, "the import finished before it could be killed"
    process.send_signal(signal.SIGKILL)
    process.wait(10)
    before = _registered(journal)
    assert before < DEVICES

    resumed = subprocess.run(_cli("resume", "1"), env=env, capture_output=True, text=True, timeout=120,
                             check=False)
    assert resumed.returncode == 0, resumed.stdout + resumed.stderr

    with sqlite3.connect(journal) as conn:
        rows = conn.execute("SELECT mac, status FROM devices WHERE batch_id = 1").fetchall()
        audit = conn.execute("SELECT mac, count(*) FROM audit WHERE outcome = 'registered' GROUP BY mac").fetchall()
        integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]
    assert integrity == "ok"
    assert sorted(mac for mac, _ in rows) == sorted(macs)  # one row per device: nothing lost or doubled
    assert {status for _, status in rows} == {"registered"}
    assert {mac for mac, _ in audit} == set(macs)
    registry = sandbox.simulator("snom").registry
    assert all(registry[mac].url == URL for mac in macs)
