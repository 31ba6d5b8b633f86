"""The Linux bundle, built here with the one build command, and its self-test run frozen.

Slow (a PyInstaller build: about a minute on two cores), so it is marked ``bundle`` (select it with
``-m bundle``, leave it out with ``-m "not bundle"``) and put first in the run by this folder's
conftest.py, so under xdist one worker builds while the other runs the rest. The frozen self-test
needs a real keyring: ``python3 dev.py test`` runs the suite inside a throwaway Secret Service and
the bundle's self-test inherits its D-Bus session.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

from falconieri_desktop import APP_ID, __version__

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.bundle,
    pytest.mark.slow,
    pytest.mark.timeout(900),
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the bundle test builds the Linux bundle"),
]


def _require_secret_service() -> None:
    if os.environ.get("FALCONIERI_SECRET_SERVICE"):
        return
    if os.environ.get("CI"):
        pytest.fail("CI is set but no Secret Service is running: run the suite with `python3 dev.py test`.")
    pytest.skip("the frozen self-test needs a real keyring: run `python3 dev.py test` (a throwaway Secret Service)")


def test_linux_bundle_builds_and_passes_its_self_test(tmp_path: Path) -> None:
    """`python packaging/build.py` builds the bundle and the archive, and the frozen self-test passes."""
    _require_secret_service()
    dist, work = tmp_path / "dist", tmp_path / "work"
    env = dict(os.environ, PYINSTALLER_CONFIG_DIR=str(tmp_path / "pyinstaller-cache"))
    try:
        result = subprocess.run(
            [sys.executable, str(ROOT / "packaging" / "build.py"), "--dist", str(dist), "--work", str(work),
             "--runs", "1"],
            cwd=ROOT, env=env, capture_output=True, text=True, timeout=840, check=False)
        report = result.stdout + result.stderr[-4000:]
        assert result.returncode == 0, report
        assert "all 8 checks passed" in result.stdout, report
        assert "self-test: frozen bundle at" in result.stdout, report
        assert "bundle, compressed:" in result.stdout and "frozen/source" in result.stdout, report

        folder = dist / "falconieri-desktop"
        for frozen in (folder / "falconieri-desktop", folder / "falconieri"):
            assert os.access(frozen, os.X_OK)
        internal = folder / "_internal"
        files = {p.relative_to(internal).as_posix() for p in internal.rglob("*")}
        # What the spec leaves out stays out:
        assert not [f for f in files if "platformthemes" in f and "gtk" in f]
        assert not [f for f in files if "libgtk-3" in f or "libQt6Pdf" in f]
        assert sorted(f.rsplit("/", 1)[-1] for f in files if f.startswith("PySide6/Qt/translations/")) == [
            "qtbase_en.qm", "qtbase_it.qm"]
        assert "libstdc++.so.6" not in files and "libpython3.11.so.1.0" in files
        assert not [p for p in folder.rglob("*") if p.is_symlink() and not p.exists()]  # no dangling links

        # The console executable works on its own, with python-barcode's font (label sheets).
        cli = subprocess.run([str(folder / "falconieri"), "--version"], capture_output=True, text=True,
                             timeout=60, check=False)
        assert (cli.returncode, cli.stdout.strip()) == (0, f"falconieri {__version__}")
        sheet = tmp_path / "labels.png"
        labels = subprocess.run([str(folder / "falconieri"), "labels", str(sheet), "--count", "2"],
                                capture_output=True, text=True, timeout=120, check=False)
        assert labels.returncode == 0, labels.stdout + labels.stderr
        assert sheet.stat().st_size > 10_000

        # The archive: the folder plus share/ for the desktop (entry, icons, AppStream).
        archives = list(dist.glob(f"falconieri-desktop-{__version__}-linux-*.tar.gz"))
        assert len(archives) == 1
        top = archives[0].name.removesuffix(".tar.gz")
        with tarfile.open(archives[0]) as tar:
            names = set(tar.getnames())
        for member in ("falconieri-desktop", "falconieri", "_internal/falconieri_desktop/core/data/mac-ranges.json",
                       f"share/applications/{APP_ID}.desktop", f"share/metainfo/{APP_ID}.metainfo.xml",
                       f"share/icons/hicolor/16x16/apps/{APP_ID}.png", f"share/icons/hicolor/512x512/apps/{APP_ID}.png",
                       f"share/icons/hicolor/scalable/apps/{APP_ID}.svg"):
            assert f"{top}/{member}" in names, member
    finally:
        shutil.rmtree(dist, ignore_errors=True)  # ~200 MB
        shutil.rmtree(work, ignore_errors=True)
