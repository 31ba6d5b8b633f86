#!/usr/bin/env python3
"""Build the Falconieri Desktop bundle for this operating system: one command.

    python packaging/build.py [--dist DIR] [--work DIR] [--runs N] [--clean]

Run it with the project's environment (``pip install -e ".[build]"``; ``.venv`` has it). It

1. compiles ``resources/translations/*.ts`` (whatever exists, none is fine) into ``.qm`` files and
   renders the icons from ``resources/icons/falconieri-desktop.svg`` (``packaging/icons.py``), into
   ``<work>/generated``;
2. runs PyInstaller with ``packaging/pyinstaller.spec``: one folder holding both executables,
   ``falconieri-desktop`` (windowed) and ``falconieri`` (console), in ``<dist>/falconieri-desktop``
   (on macOS also ``<dist>/Falconieri Desktop.app``);
3. packs the archive users download, in ``<dist>``:
   Linux   ``falconieri-desktop-<version>-linux-<arch>.tar.gz``: the folder plus ``share/``
           (the .desktop file, hicolor icons, AppStream metainfo)
   Windows ``falconieri-desktop-<version>-windows-<arch>.zip``
   macOS   ``falconieri-desktop-<version>-macos-<arch>.zip`` (the .app, packed with ditto);
4. runs the frozen ``falconieri-desktop --self-test`` (offscreen when there is no display; on a
   Linux machine without a D-Bus session, inside a throwaway gnome-keyring, as ``dev.py test`` does)
   and fails the build if any check fails;
5. prints the figures: build time, bundle size unpacked and compressed, and the start time of the
   frozen executables against ``python -m`` from source, measured in the same run (median of
   ``--runs`` runs each, after one unmeasured warm-up; ``--runs 0`` skips the timing).

Exit status: 0 when the bundle was built and its self-test passed.
"""

from __future__ import annotations

import argparse
import io
import locale
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tarfile
import time
import zipfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SPEC = ROOT / "packaging" / "pyinstaller.spec"
RESOURCES = ROOT / "resources"
BUNDLE_NAME = "falconieri-desktop"
EXE_SUFFIX = ".exe" if sys.platform == "win32" else ""
#: Linux targets from the issue (bytes).
TARGET_UNPACKED = 200 * 1024 * 1024
TARGET_COMPRESSED = 80 * 1024 * 1024

sys.path.insert(0, str(ROOT))
from falconieri_desktop import APP_ID, APP_NAME, __version__  # noqa: E402


def _say(text: str) -> None:
    print(text, flush=True)


def os_name() -> str:
    return {"win32": "windows", "darwin": "macos"}.get(sys.platform, sys.platform.rstrip("0123456789"))


def arch_name() -> str:
    machine = platform.machine().lower()
    return {"amd64": "x86_64", "aarch64": "arm64"}.get(machine, machine)


# -- 1. inputs ---------------------------------------------------------------------------------------


def compile_translations(out_dir: Path, source_dir: Path = RESOURCES / "translations") -> list[Path]:
    """``source_dir/falconieri_<lang>.ts`` -> ``out_dir/falconieri_<lang>.qm`` (lrelease from the
    PySide6 wheel); none is fine, the app is then English only."""
    sources = sorted(source_dir.glob("falconieri_*.ts"))
    shutil.rmtree(out_dir, ignore_errors=True)
    out_dir.mkdir(parents=True)
    if not sources:
        return []
    from falconieri_desktop.ui.i18n import lrelease_path

    tool = lrelease_path()
    if tool is None:
        raise SystemExit("lrelease was not found (it ships in the PySide6 wheel): cannot compile the translations")
    built = []
    for ts in sources:
        qm = out_dir / f"{ts.stem}.qm"
        subprocess.run([str(tool), "-silent", str(ts), "-qm", str(qm)], check=True)
        built.append(qm)
    return built


def generate_icons(out_dir: Path) -> None:
    """Every icon size from the SVG (``packaging/icons.py``, in its own process: it starts Qt)."""
    shutil.rmtree(out_dir, ignore_errors=True)
    subprocess.run([sys.executable, str(ROOT / "packaging" / "icons.py"), str(out_dir)], check=True,
                   stdout=subprocess.DEVNULL)


# -- 2. PyInstaller ----------------------------------------------------------------------------------


def run_pyinstaller(work: Path, dist: Path, generated: Path, *, clean: bool) -> None:
    try:
        import PyInstaller  # noqa: F401
    except ImportError:
        raise SystemExit('PyInstaller is not installed: pip install -e ".[build]"') from None
    command = [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
               "--workpath", str(work / "pyinstaller"), "--distpath", str(dist),
               *(["--clean"] if clean else []), str(SPEC), "--", "--generated", str(generated)]
    subprocess.run(command, check=True, cwd=ROOT)


@dataclass(frozen=True)
class Bundle:
    folder: Path  # what is shipped: the one-folder bundle, or the .app on macOS
    gui: Path
    cli: Path


def bundle_in(dist: Path) -> Bundle:
    if sys.platform == "darwin":
        app = dist / f"{APP_NAME}.app"
        return Bundle(app, app / "Contents" / "MacOS" / BUNDLE_NAME, app / "Contents" / "MacOS" / "falconieri")
    folder = dist / BUNDLE_NAME
    return Bundle(folder, folder / f"{BUNDLE_NAME}{EXE_SUFFIX}", folder / f"falconieri{EXE_SUFFIX}")


# -- 3. the archive ----------------------------------------------------------------------------------


def metainfo_with_release(build_date: str) -> bytes:
    """The AppStream metainfo with a <releases> entry for the version being built."""
    text = (RESOURCES / "linux" / f"{APP_ID}.metainfo.xml").read_text(encoding="utf-8")
    release = f'  <releases>\n    <release version="{__version__}" date="{build_date}"/>\n  </releases>\n'
    return text.replace("</component>", release + "</component>").encode("utf-8")


def _add_bytes(tar: tarfile.TarFile, name: str, data: bytes, mtime: float) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mode = 0o644
    info.mtime = int(mtime)

    tar.addfile(info, io.BytesIO(data))


def linux_archive(bundle: Bundle, icons: Path, out: Path) -> Path:
    """``<name>/`` = the bundle folder + ``share/applications``, ``share/icons/hicolor``, ``share/metainfo``."""
    top = out.name.removesuffix(".tar.gz")
    now = time.time()
    build_date = datetime.fromtimestamp(int(os.environ.get("SOURCE_DATE_EPOCH", now)), UTC).date().isoformat()
    with tarfile.open(out, "w:gz", compresslevel=6) as tar:
        tar.add(bundle.folder, arcname=top)
        tar.add(RESOURCES / "linux" / f"{APP_ID}.desktop", arcname=f"{top}/share/applications/{APP_ID}.desktop")
        tar.add(icons / "hicolor", arcname=f"{top}/share/icons/hicolor")
        _add_bytes(tar, f"{top}/share/metainfo/{APP_ID}.metainfo.xml", metainfo_with_release(build_date), now)
    return out


def windows_archive(bundle: Bundle, out: Path) -> Path:
    top = out.name.removesuffix(".zip")
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        for path in sorted(bundle.folder.rglob("*")):
            if path.is_file():
                archive.write(path, f"{top}/{path.relative_to(bundle.folder).as_posix()}")
    return out


def macos_archive(bundle: Bundle, out: Path) -> Path:
    # ditto keeps the .app's symlinks and extended attributes (zipfile would follow the links).
    subprocess.run(["ditto", "-c", "-k", "--sequesterRsrc", "--keepParent", str(bundle.folder), str(out)], check=True)
    return out


def make_archive(bundle: Bundle, icons: Path, dist: Path) -> Path:
    stem = f"{BUNDLE_NAME}-{__version__}-{os_name()}-{arch_name()}"
    if sys.platform == "win32":
        return windows_archive(bundle, dist / f"{stem}.zip")
    if sys.platform == "darwin":
        return macos_archive(bundle, dist / f"{stem}.zip")
    return linux_archive(bundle, icons, dist / f"{stem}.tar.gz")


# -- 4. and 5. self-test and figures -------------------------------------------------------------------


def check_env() -> dict[str, str]:
    """What the self-test and the timed runs see: offscreen Qt when there is no display."""
    env = dict(os.environ)
    if sys.platform.startswith("linux") and not (env.get("DISPLAY") or env.get("WAYLAND_DISPLAY")):
        env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env.setdefault("QT_LOGGING_RULES", "qt.multimedia.symbolsresolver=false")
    return env


def needs_throwaway_keyring() -> bool:
    """Linux without a D-Bus session (a CI runner, SSH): the keyring check needs a Secret Service."""
    return (sys.platform.startswith("linux") and not os.environ.get("DBUS_SESSION_BUS_ADDRESS")
            and bool(shutil.which("dbus-run-session") and shutil.which("gnome-keyring-daemon")))


def in_throwaway_keyring(command: list[str]) -> int:
    """``command`` inside a throwaway gnome-keyring: dev.py's recipe, shared."""
    from dev import in_throwaway_keyring as run_in_keyring

    return run_in_keyring(command, dict(os.environ))


def self_test(bundle: Bundle) -> int:
    """The frozen ``--self-test``, its report echoed. Through a pipe: the windowed Windows executable
    has no console of its own, and given no handles it would print nowhere."""
    _say(f"$ {bundle.gui.name} --self-test")
    result = subprocess.run([str(bundle.gui), "--self-test"], env=check_env(), stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, check=False)
    _say(result.stdout.decode(locale.getpreferredencoding(False), errors="replace").rstrip())
    return result.returncode


def median_start(command: list[str], runs: int) -> float:
    """Median wall time of ``runs`` runs of ``command`` (after one unmeasured warm-up); each must exit 0."""
    env = check_env()
    times = []
    for index in range(runs + 1):
        start = time.perf_counter()
        result = subprocess.run(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
        elapsed = time.perf_counter() - start
        if result.returncode != 0:
            detail = result.stderr.decode(errors="replace")
            raise SystemExit(f"{' '.join(command)} exited {result.returncode}:\n{detail}")
        if index:
            times.append(elapsed)
    return statistics.median(times)


def size_of(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(p.lstat().st_size for p in path.rglob("*") if p.is_file() or p.is_symlink())


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB"


def _target(size: int, target: int) -> str:
    if not sys.platform.startswith("linux"):
        return ""
    verdict = "met" if size <= target else f"MISSED by {_mb(size - target)}"
    return f"  (target ≤ {target // 1024 // 1024} MB: {verdict})"


def start_figures(bundle: Bundle, runs: int) -> list[str]:
    """Frozen against source, the same commands, measured now, interleaved by command."""
    source = [sys.executable, "-m"]
    pairs = [
        ("falconieri --version", [str(bundle.cli), "--version"], [*source, "falconieri_desktop.cli", "--version"]),
        ("falconieri-desktop --self-test", [str(bundle.gui), "--self-test"],
         [*source, "falconieri_desktop", "--self-test"]),
    ]
    lines = []
    for label, frozen_command, source_command in pairs:
        frozen = median_start(frozen_command, runs)
        from_source = median_start(source_command, runs)
        lines.append(f"start `{label}`: frozen {frozen:.2f} s, source {from_source:.2f} s "
                     f"-> frozen/source {frozen / from_source:.2f} (median of {runs})")
    return lines


def check(dist: Path, archive: Path | None, runs: int, build_lines: list[str]) -> int:
    """Self-test the bundle in ``dist`` and print the figures (the part that needs a keyring)."""
    bundle = bundle_in(dist)
    code = self_test(bundle)
    if code != 0:
        _say(f"The frozen self-test failed (exit {code}): the bundle in {bundle.folder} is not shippable.")
        return code
    lines = list(build_lines)
    lines.append(f"bundle, unpacked:   {_mb(size_of(bundle.folder))}  {bundle.folder}"
                 f"{_target(size_of(bundle.folder), TARGET_UNPACKED)}")
    if archive is not None:
        lines.append(f"bundle, compressed: {_mb(size_of(archive))}  {archive}"
                     f"{_target(size_of(archive), TARGET_COMPRESSED)}")
    if runs > 0:
        lines.extend(start_figures(bundle, runs))
    import PyInstaller

    _say(f"\n== {APP_NAME} {__version__}: {os_name()} {arch_name()}, Python {platform.python_version()}, "
         f"PyInstaller {PyInstaller.__version__} ==")
    for line in lines:
        _say(line)
    return 0


# -- the command --------------------------------------------------------------------------------------


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="packaging/build.py", description=__doc__.split("\n")[0])
    parser.add_argument("--dist", type=Path, default=ROOT / "dist", help="where the bundle and archive go (dist/)")
    parser.add_argument("--work", type=Path, default=ROOT / "build", help="intermediate files (build/)")
    parser.add_argument("--runs", type=int, default=5, help="timed runs per start-time figure (0 = skip timing)")
    parser.add_argument("--clean", action="store_true", help="empty PyInstaller's cache first")
    parser.add_argument("--check-only", action="store_true", help=argparse.SUPPRESS)  # the keyring-wrapped half
    parser.add_argument("--archive", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--figure", action="append", default=[], help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    if isinstance(sys.stdout, io.TextIOWrapper):  # a Windows console or pipe may not encode "≤" or "✓"
        sys.stdout.reconfigure(errors="replace")
    dist, work = args.dist.resolve(), args.work.resolve()
    if args.check_only:
        return check(dist, args.archive, args.runs, args.figure)

    started = time.perf_counter()
    generated = work / "generated"
    translations = compile_translations(generated / "translations")
    generate_icons(generated / "icons")
    _say(f"translations: {', '.join(qm.stem for qm in translations) or 'none'}; icons in {generated / 'icons'}")
    prepared = time.perf_counter()
    run_pyinstaller(work, dist, generated, clean=args.clean)
    frozen = time.perf_counter()
    bundle = bundle_in(dist)
    archive = make_archive(bundle, generated / "icons", dist)
    done = time.perf_counter()
    build_lines = [f"build time:         {done - started:.1f} s (inputs {prepared - started:.1f} s, "
                   f"PyInstaller {frozen - prepared:.1f} s, archive {done - frozen:.1f} s)"]

    if needs_throwaway_keyring():
        _say("no D-Bus session: self-testing inside a throwaway gnome-keyring")
        command = [sys.executable, str(Path(__file__).resolve()), "--check-only", "--dist", str(dist),
                   "--work", str(work), "--runs", str(args.runs), "--archive", str(archive),
                   *[f"--figure={line}" for line in build_lines]]
        return in_throwaway_keyring(command)
    return check(dist, archive, args.runs, build_lines)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
