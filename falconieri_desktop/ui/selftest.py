"""``falconieri-desktop --self-test``: is this installation complete?

Runs the same way from a source checkout and from the frozen bundle (``packaging/build.py`` runs it
on every build), and prints one line per check, ``✓``/``✗``, what was checked and what was found:

    keyring     a real system keyring is selected (not keyring's ``fail``/``null`` backends, not a
                plaintext file backend); no secret is read, so no unlock prompt appears
    ca-bundle   certifi's CA bundle is there and loads into an SSL context
    multimedia  QtMultimedia imports and its media backend loaded (it can decode some format)
    providers   every vendor protocol module imports
    barcode     zxing-cpp reads the MAC from the label embedded in the package (``selftest_label.png``)
    journal     a journal can be created, written and reopened in a temporary directory
    resources   the MAC-range table, the app icon (QtSvg), python-barcode's font, the translations
    window      a sandbox main window opens and closes (offscreen when there is no display)

Exit status 0 only when every check passes, 1 otherwise. Nothing of the user's accounts, settings,
journal or keyring is read or written.

``selftest_label.png`` was made once with python-barcode (Code 128 of the Snom MAC 000413A1B2C3,
0.254 mm modules at 300 dpi, text below) and is committed: the frozen app must carry it and every
build must read the same picture.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module, resources
from pathlib import Path
from typing import TextIO

from falconieri_desktop import APP_NAME, __version__

__all__ = ["CHECKS", "EXPECTED_PROVIDERS", "LABEL_MAC", "CheckResult", "run_checks", "run_self_test"]

#: The MAC printed on ``selftest_label.png``.
LABEL_MAC = "000413A1B2C3"
#: Provider names a complete installation has (more may be added; none may be missing).
EXPECTED_PROVIDERS = frozenset({"snom", "gigaset", "yealink", "fanvil", "ymcs", "grape", "sraps", "gateway"})


class CheckFailed(Exception):
    """A check found something wrong; the message says what."""


@dataclass(frozen=True, slots=True)
class CheckResult:
    name: str
    ok: bool
    detail: str
    seconds: float


# -- the checks: each returns a detail string or raises ----------------------------------------


def check_keyring() -> str:
    from falconieri_desktop.core.accounts import keyring_status

    status = keyring_status()
    if not status.usable:
        raise CheckFailed(f"{status.backend}: {status.message}")
    return status.backend


def check_ca_bundle() -> str:
    import ssl

    import certifi

    path = Path(certifi.where())
    if not path.is_file():
        raise CheckFailed(f"{path} is missing")
    context = ssl.create_default_context(cafile=str(path))
    count = len(context.get_ca_certs())
    if count == 0:
        raise CheckFailed(f"{path} holds no certificate")
    return f"{count} certificates in {path.name}"


def check_multimedia() -> str:
    from PySide6.QtMultimedia import QMediaDevices, QMediaFormat

    cameras = len(QMediaDevices.videoInputs())
    formats = QMediaFormat().supportedFileFormats(QMediaFormat.ConversionMode.Decode)
    if not formats:
        raise CheckFailed("QtMultimedia imports but no media backend loaded (it decodes no format)")
    return f"backend loaded ({len(formats)} decodable formats), {cameras} camera(s)"


def check_providers() -> str:
    from falconieri_desktop.providers import PROVIDERS

    missing = EXPECTED_PROVIDERS - set(PROVIDERS)
    if missing:
        raise CheckFailed(f"missing: {', '.join(sorted(missing))}")
    for name, provider in PROVIDERS.items():
        import_module(provider.__module__)
        if provider.info.name != name:
            raise CheckFailed(f"{provider.__module__} registers {provider.info.name!r} as {name!r}")
    return f"{len(PROVIDERS)}: {', '.join(PROVIDERS)}"


def check_barcode() -> str:
    from falconieri_desktop.core.labels import ScanMode, scan_label

    picture = resources.files("falconieri_desktop.ui").joinpath("selftest_label.png").read_bytes()
    scan = scan_label(picture, mode=ScanMode.PHOTO)
    macs = [str(device.mac.value) for device in scan.devices]
    if macs != [LABEL_MAC]:
        raise CheckFailed(f"expected {LABEL_MAC}, read {macs or 'nothing'} ({scan.backend})")
    vendor = scan.devices[0].vendor
    return f"{scan.backend} read {LABEL_MAC} ({vendor.label if vendor else 'unknown vendor'})"


def check_journal() -> str:
    import sqlite3

    from falconieri_desktop.core.journal import Journal

    with tempfile.TemporaryDirectory(prefix="falconieri-selftest-") as folder:
        path = Path(folder) / "journal.sqlite3"
        journal = Journal(path)
        try:
            batch = journal.create_batch(source_name="self-test")
        finally:
            journal.close()
        reopened = Journal(path)
        try:
            found = reopened.batch(batch)
        finally:
            reopened.close()
        if found.source_name != "self-test":
            raise CheckFailed("the batch written was not read back")
    return f"created, written and reopened (SQLite {sqlite3.sqlite_version})"


def check_resources() -> str:
    import barcode
    from PySide6.QtCore import QSize, QTranslator
    from PySide6.QtGui import QIcon

    from falconieri_desktop.core.mac import builtin_vendor_table, parse_mac
    from falconieri_desktop.ui.i18n import resources_dir

    guess = builtin_vendor_table().guess(parse_mac(LABEL_MAC))
    if guess is None:
        raise CheckFailed("the MAC-range table does not know the label's Snom range")
    icon_file = resources_dir() / "icons" / "falconieri-desktop.svg"
    if not icon_file.is_file():
        raise CheckFailed(f"{icon_file} is missing")
    if QIcon(str(icon_file)).pixmap(QSize(32, 32)).isNull():
        raise CheckFailed("the app icon does not render (QtSvg image plugin missing?)")
    font = Path(barcode.__file__).parent / "fonts" / "DejaVuSansMono.ttf"
    if not font.is_file():
        raise CheckFailed(f"python-barcode's font {font} is missing (label sheets cannot be drawn)")
    languages = []
    for qm in sorted((resources_dir() / "translations").glob("falconieri_*.qm")):
        if not QTranslator().load(str(qm)):
            raise CheckFailed(f"the translation {qm.name} does not load")
        languages.append(qm.stem.removeprefix("falconieri_"))
    built = f"translations: {', '.join(languages)}" if languages else "no built translations"
    return f"MAC ranges, icon, barcode font; {built}"


def check_window() -> str:
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QApplication

    from falconieri_desktop.ui.context import AppContext
    from falconieri_desktop.ui.main_window import MainWindow

    ctx = AppContext.create(sandbox=True, sandbox_latency=0.0)
    try:
        window = MainWindow(ctx)
        try:
            window.show()
            QApplication.processEvents()
            if not window.isVisible():
                raise CheckFailed("the main window did not become visible")
        finally:
            window.close()
            QApplication.processEvents()
        window.deleteLater()
    finally:
        ctx.shutdown()
    return f"opened and closed ({QGuiApplication.platformName()})"


#: Name -> check, in the order they run and print.
CHECKS: dict[str, Callable[[], str]] = {
    "keyring": check_keyring,
    "ca-bundle": check_ca_bundle,
    "multimedia": check_multimedia,
    "providers": check_providers,
    "barcode": check_barcode,
    "journal": check_journal,
    "resources": check_resources,
    "window": check_window,
}


# -- running ----------------------------------------------------------------------------------


def _ensure_application() -> object:
    """The QApplication the checks need: the running one, or a new one (offscreen without a display)."""
    if sys.platform.startswith("linux") and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("QT_LOGGING_RULES", "qt.multimedia.symbolsresolver=false")
    from PySide6.QtWidgets import QApplication

    existing = QApplication.instance()
    return existing if isinstance(existing, QApplication) else QApplication([sys.argv[0]])


def run_checks(checks: dict[str, Callable[[], str]] | None = None,
               report: Callable[[CheckResult], None] | None = None) -> list[CheckResult]:
    """Run ``checks`` (default: all of ``CHECKS``) in order; an exception is a failed check."""
    results = []
    for name, check in (checks if checks is not None else CHECKS).items():
        start = time.perf_counter()
        try:
            result = CheckResult(name, True, check(), time.perf_counter() - start)
        except CheckFailed as exc:
            result = CheckResult(name, False, str(exc), time.perf_counter() - start)
        except Exception as exc:  # noqa: BLE001 - a self-test reports every failure and goes on
            result = CheckResult(name, False, f"{type(exc).__name__}: {exc}", time.perf_counter() - start)
        results.append(result)
        if report is not None:
            report(result)
    return results


def _output() -> TextIO | None:
    """stdout; for the windowed Windows executable started from a console, that console."""
    if sys.stdout is not None:
        return sys.stdout
    if sys.platform == "win32":  # pragma: no cover - windowed executables have no stdout
        import ctypes

        if ctypes.windll.kernel32.AttachConsole(-1):  # ATTACH_PARENT_PROCESS
            return open("CONOUT$", "w", encoding="utf-8")
    return None


def _marks(stream: TextIO | None) -> tuple[str, str]:
    encoding = getattr(stream, "encoding", None) or "utf-8"  # io.StringIO has none: it takes any text
    try:
        "✓✗".encode(encoding)
    except (UnicodeEncodeError, LookupError):
        return "ok", "FAIL"
    return "✓", "✗"


def run_self_test(stream: TextIO | None = None) -> int:
    """Check the installation, print one line per check to ``stream`` (stdout); 0 = all passed."""
    out = stream if stream is not None else _output()
    good, bad = _marks(out)

    def say(text: str) -> None:
        if out is not None:
            print(text, file=out, flush=True)

    frozen = getattr(sys, "frozen", False)
    where = f"frozen bundle at {Path(sys.executable).parent}" if frozen else f"source at {Path(__file__).parents[2]}"
    app = _ensure_application()
    from PySide6.QtCore import qVersion
    from PySide6.QtGui import QGuiApplication

    assert app is not None
    say(f"{APP_NAME} {__version__} self-test: {where} (Python {sys.version.split()[0]}, Qt {qVersion()}, "
        f"{sys.platform}, {QGuiApplication.platformName()})")
    width = max(len(name) for name in CHECKS)

    def report(result: CheckResult) -> None:
        mark = good if result.ok else bad
        say(f"{mark} {result.name:<{width}}  {result.detail} [{result.seconds * 1000:.0f} ms]")

    results = run_checks(report=report)
    failed = [result.name for result in results if not result.ok]
    if failed:
        say(f"{len(failed)} of {len(results)} checks failed: {', '.join(failed)}")
        return 1
    say(f"all {len(results)} checks passed")
    return 0
