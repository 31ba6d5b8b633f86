#!/usr/bin/env python3
"""Run Falconieri Desktop from a source checkout, on any machine with Python >= 3.11.

    python3 dev.py sandbox   start the desktop app in sandbox mode (simulated vendor services)
    python3 dev.py test      run the whole test suite (lint, types, architecture, tests)

For contributors:
    python3 dev.py translations   merge new UI strings into resources/translations/*.ts

Both create ``.venv`` next to this file on first use and install the project into it (again only
when pyproject.toml changes). ``test`` runs pytest inside a throwaway Secret Service
(gnome-keyring in a private D-Bus session) when one can be started, so the keyring tests talk to a
real one; with ``CI`` set, a missing Secret Service is an error instead of a skip.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")


def _stamp() -> str:
    return hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()


def ensure_venv(extras: str) -> None:
    """Create the virtual environment and install the project with ``extras`` if needed."""
    if sys.version_info < (3, 11):  # noqa: UP036 - this script must explain, not crash, on old Pythons
        sys.exit(f"Falconieri Desktop needs Python 3.11 or newer; this is {sys.version.split()[0]}.")
    stamp_file = VENV / f".installed-{extras or 'base'}"
    if stamp_file.exists() and stamp_file.read_text() == _stamp():
        return
    if not PYTHON.exists():
        print(f"Creating {VENV} ...", flush=True)
        result = subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=False)
        if result.returncode != 0:
            sys.exit("Could not create a virtual environment. On Debian/Ubuntu: sudo apt install python3-venv")
    print("Installing Falconieri Desktop and its dependencies (first run only) ...", flush=True)
    target = f".[{extras}]" if extras else "."
    subprocess.run([str(PYTHON), "-m", "pip", "install", "--quiet", "--upgrade", "pip"], check=True)
    subprocess.run([str(PYTHON), "-m", "pip", "install", "--quiet", "-e", target], check=True, cwd=ROOT)
    stamp_file.write_text(_stamp())


def secret_service_available() -> bool:
    return bool(shutil.which("dbus-run-session") and shutil.which("gnome-keyring-daemon"))


def in_throwaway_keyring(command: list[str], env: dict[str, str], cwd: Path | None = None) -> int:
    """Run ``command`` in a private D-Bus session with an unlocked, throwaway gnome-keyring
    (platform.md §Keyring): nothing of the user's own keyring is touched or read."""
    with tempfile.TemporaryDirectory(prefix="falconieri-keyring-") as data_home, \
            tempfile.TemporaryDirectory(prefix="falconieri-runtime-") as runtime:
        os.chmod(runtime, 0o700)
        env = dict(env, XDG_DATA_HOME=data_home, XDG_RUNTIME_DIR=runtime)
        script = ('printf %s "falconieri-throwaway" | gnome-keyring-daemon --unlock --components=secrets '
                  '>/dev/null && exec "$@"')
        return subprocess.call(["dbus-run-session", "--", "sh", "-c", script, "sh", *command], cwd=cwd, env=env)


def run_tests(pytest_args: list[str]) -> int:
    ensure_venv("test")
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env.setdefault("QT_LOGGING_RULES", "qt.multimedia.symbolsresolver=false")
    workers = ["-n", env.get("FALCONIERI_TEST_WORKERS", "2")] if "-n" not in pytest_args else []
    command = [str(PYTHON), "-m", "pytest", *workers, *pytest_args]
    if secret_service_available():
        env["FALCONIERI_SECRET_SERVICE"] = "1"
        code = in_throwaway_keyring(command, env, ROOT)
    else:
        if env.get("CI"):
            print("CI is set but no Secret Service can be started (install gnome-keyring and dbus).",
                  file=sys.stderr)
            return 1
        print("note: gnome-keyring/dbus not found: the real Secret Service tests will be skipped.",
              file=sys.stderr)
        code = subprocess.call(command, cwd=ROOT, env=env)
    # pytest exits 5 when it collected no test: that is a broken suite, not a pass.
    return 1 if code == 5 else code


def run_sandbox(extra: list[str]) -> int:
    ensure_venv("")
    return subprocess.call([str(PYTHON), "-m", "falconieri_desktop", "--sandbox", *extra], cwd=ROOT)


def main(argv: list[str]) -> int:
    if not argv or argv[0] in {"-h", "--help", "help"}:
        print(__doc__)
        return 0
    command, rest = argv[0], argv[1:]
    if command == "test":
        return run_tests(rest)
    if command == "sandbox":
        return run_sandbox(rest)
    if command == "translations":
        ensure_venv("test")
        code = ("from pathlib import Path; from falconieri_desktop.ui.i18n import update_catalogue, resources_dir\n"
                "for ts in sorted((resources_dir() / 'translations').glob('*.ts')):\n"
                "    update_catalogue(ts, no_obsolete=True); print('updated', ts)\n")
        return subprocess.call([str(PYTHON), "-c", code], cwd=ROOT)
    print(f"unknown command {command!r}\n{__doc__}", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
