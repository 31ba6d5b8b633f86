"""``falconieri-desktop``: start the application.

    falconieri-desktop                      the app, with the user's accounts and journal
    falconieri-desktop --sandbox            simulated vendor services and in-memory demo accounts
    falconieri-desktop --screenshot OUT.png [--sandbox] [--demo-rows N]
                                            render the main window offscreen with demo content
    falconieri-desktop --self-test          check the installation and exit (0 = all good)
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from falconieri_desktop import APP_ID, APP_NAME, __version__

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from falconieri_desktop.core.errors import FalconieriError
    from falconieri_desktop.core.settings import Settings
    from falconieri_desktop.ui.context import AppContext

__all__ = ["main", "run", "when_painted"]

log = logging.getLogger(__name__)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="falconieri-desktop", description=f"{APP_NAME} {__version__}")
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")
    parser.add_argument("--sandbox", action="store_true",
                        help="simulated vendor services and demo accounts (nothing real is touched)")
    parser.add_argument("--sandbox-latency", type=float, default=0.15, metavar="S",
                        help="seconds each simulated call takes (sandbox mode)")
    parser.add_argument("--screenshot", metavar="OUT.png", help="render the main window to a PNG and exit")
    parser.add_argument("--demo-rows", type=int, default=40, metavar="N", help="demo devices for --screenshot")
    parser.add_argument("--self-test", action="store_true", help="check the installation and exit")
    parser.add_argument("--lang", default="", metavar="CODE", help="interface language (en, it)")
    parser.add_argument("--camera-file", metavar="VIDEO", help="play a video file instead of the camera")
    parser.add_argument("-v", "--verbose", action="count", default=0, help="log more (secrets are masked)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(list(argv) if argv is not None else None)
    if args.self_test:
        from falconieri_desktop.ui.selftest import run_self_test

        return run_self_test()
    if args.screenshot and not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    if args.camera_file:
        os.environ["FALCONIERI_CAMERA_FILE"] = str(Path(args.camera_file).resolve())

    from falconieri_desktop.core.redaction import setup_logging

    setup_logging(args.verbose, stream=sys.stderr)

    from PySide6.QtCore import QCoreApplication, Qt
    from PySide6.QtGui import QGuiApplication, QIcon
    from PySide6.QtWidgets import QApplication

    from falconieri_desktop.core.errors import FalconieriError
    from falconieri_desktop.ui.i18n import install_translators, resources_dir
    from falconieri_desktop.ui.main_window import MainWindow

    QCoreApplication.setOrganizationName("Falconieri")
    QCoreApplication.setApplicationName(APP_NAME)
    QCoreApplication.setApplicationVersion(__version__)
    QGuiApplication.setDesktopFileName(APP_ID)
    QGuiApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication([sys.argv[0]])
    icon = resources_dir() / "icons" / "falconieri-desktop.svg"
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))

    settings: Settings | None = None
    try:
        if not args.sandbox:  # sandbox mode reads no settings file
            from falconieri_desktop.core.settings import Settings

            settings = Settings.load()
    except FalconieriError as exc:
        return _fatal(exc, modal=not args.screenshot)
    language = args.lang or (settings.get("ui.language") if settings else "")
    install_translators(app, language)

    def services() -> AppContext:
        from falconieri_desktop.ui.context import AppContext

        return AppContext.create(sandbox=args.sandbox, settings=settings, sandbox_latency=args.sandbox_latency,
                                 sandbox_process=True)

    contexts: list[AppContext] = []
    if args.screenshot:
        try:
            contexts.append(services())
        except FalconieriError as exc:
            return _fatal(exc, modal=False)
        window = MainWindow(contexts[0])
        try:
            return _screenshot(app, window, Path(args.screenshot), args.demo_rows)
        finally:
            window.close()
            contexts[0].shutdown()

    # Paint first, then start the services (engine, journal, keyring, simulators): the technician
    # sees the window at once instead of waiting for HTTP and crypto libraries to load.
    window = MainWindow(sandbox=args.sandbox)

    def attach() -> None:
        try:
            contexts.append(services())
        except FalconieriError as exc:
            _fatal(exc, modal=True)
            app.quit()
            return
        window.attach(contexts[0])
        tune_interpreter()

    when_painted(window, attach)
    window.show()
    window.device_input.line.setFocus()
    try:
        return app.exec()
    finally:
        window.close()
        for ctx in contexts:
            ctx.shutdown()


def tune_interpreter() -> None:
    """Keep the GUI thread responsive while the engine and the simulators work in other threads.

    A 1 ms GIL switch interval (default 5 ms) lets the GUI thread in sooner when two busy threads
    compete (p99 heartbeat gap 58 -> 34 ms in benchmarks/ui.py); the objects made at start are
    frozen out of the collector and the young-generation threshold is raised moderately (700 ->
    5,000): full collections over 10,000 rows happen less often, and each young collection stays short
    (at 20,000 they took up to 60 ms, holding the interpreter lock).
    """
    import gc

    sys.setswitchinterval(0.001)
    gc.freeze()
    gc.set_threshold(5_000, 20, 100)


def _fatal(exc: FalconieriError, *, modal: bool) -> int:
    from falconieri_desktop.ui.dialogs.error_dialog import show_error

    show_error(None, APP_NAME, exc.message, exc.hint, modal=modal)
    print(f"error [{exc.code}]: {exc.message}", file=sys.stderr)
    return 3


def when_painted(widget: QWidget, callback: Callable[[], None]) -> None:
    """Call ``callback`` once, right after ``widget`` has painted for the first time."""
    from PySide6.QtCore import QEvent, QObject, QTimer

    class _FirstPaint(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint:
                watched.removeEventFilter(self)
                QTimer.singleShot(0, callback)
            return False

    watcher = _FirstPaint(widget)
    widget.installEventFilter(watcher)


def _screenshot(app: object, window: object, out: Path, demo_rows: int) -> int:
    """Fill the window with demo devices, run them against the sandbox if there is one, grab it."""
    from PySide6.QtWidgets import QApplication

    from falconieri_desktop.ui.demo import fill_demo
    from falconieri_desktop.ui.main_window import MainWindow

    assert isinstance(window, MainWindow)
    window.resize(1360, 780)
    window.show()
    fill_demo(window, demo_rows)
    if window.ctx.sandbox_mode:
        window.start()
        deadline = time.monotonic() + 60
        while window.runner.running and time.monotonic() < deadline:
            QApplication.processEvents()
            time.sleep(0.02)
        window.bridge.drain()
    QApplication.processEvents()
    window.select_first_problem()
    QApplication.processEvents()
    out.parent.mkdir(parents=True, exist_ok=True)
    if not window.grab().save(str(out)):
        print(f"could not write {out}", file=sys.stderr)
        return 1
    print(out)
    return 0


def run() -> None:
    """GUI-script entry point."""
    sys.exit(main())
