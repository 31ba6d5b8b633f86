"""Runs a scripted series of ``falconieri`` commands in one process for the leak test.

Usage: ``python _leak_driver.py PLAN.json RESULTS.json``. The plan is a list of
``{"argv": [...], "stdin": "..."}``; each command runs through ``falconieri_desktop.cli.main``
with that standard input, its output going to this process's stdout/stderr (which the test
captures and scans). Exit codes are written to RESULTS.json, outside the scanned directories.

The keyring is the real Secret Service when FALCONIERI_SECRET_SERVICE is set (the test runs
under ``python3 dev.py test``); otherwise an in-memory backend lives for the whole run, so
accounts added by one command are there for the next.
"""

from __future__ import annotations

import io
import json
import os
import sys
from pathlib import Path

import keyring
import keyring.backend
import keyring.errors

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # run as a script: make `tests` importable
from tests.keyrings import MemoryKeyring


def main() -> int:
    plan = json.loads(Path(sys.argv[1]).read_text())
    if not os.environ.get("FALCONIERI_SECRET_SERVICE"):
        keyring.set_keyring(MemoryKeyring())
    from falconieri_desktop.cli import main as falconieri

    codes = []
    for number, step in enumerate(plan):
        # Step markers name the command only: the scan must judge the program's output, not ours.
        marker = f"--- step {number}: falconieri {' '.join(step['argv'][1:3])}"
        print(marker, flush=True)
        print(marker, file=sys.stderr, flush=True)
        sys.stdin = io.StringIO(step.get("stdin", ""))
        codes.append(falconieri(step["argv"]))
        sys.stdout.flush()
        sys.stderr.flush()
    Path(sys.argv[2]).write_text(json.dumps(codes))
    return 0


if __name__ == "__main__":
    sys.exit(main())
