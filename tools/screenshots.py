#!/usr/bin/env python3
"""Regenerate the README's screenshots (docs/screenshots/*.png), offscreen, in sandbox mode.

    .venv/bin/python tools/screenshots.py

Each picture shows real state: the main window after a sandbox run, the import preview of a
messy customer file after its checks, the accounts dialog after a test, the scan panel after a
camera frame was read, and the Italian interface.
"""

from __future__ import annotations

import csv
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "screenshots"
URL = "https://pbx.example.com/provisioning/"


def wait(app: object, condition: Callable[[], bool], timeout: float = 30.0) -> None:
    from PySide6.QtWidgets import QApplication

    end = time.monotonic() + timeout
    while not condition() and time.monotonic() < end:
        QApplication.processEvents()
        time.sleep(0.02)


def main_window_shots() -> None:
    for name, extra in (("main-window.png", []), ("main-window-it.png", ["--lang", "it"])):
        subprocess.run([sys.executable, "-m", "falconieri_desktop", "--sandbox", "--screenshot", str(OUT / name),
                        "--demo-rows", "40", *extra], check=True, cwd=ROOT)


def dialog_shots() -> None:
    from PySide6.QtWidgets import QApplication

    from falconieri_desktop.core.plan import PlanClass
    from falconieri_desktop.sandbox.demo import DEMO_DEVICES
    from falconieri_desktop.ui.context import AppContext
    from falconieri_desktop.ui.dialogs.accounts import AccountsDialog
    from falconieri_desktop.ui.dialogs.import_dialog import ImportDialog
    from falconieri_desktop.ui.i18n import install_translators
    from falconieri_desktop.ui.main_window import MainWindow
    from falconieri_desktop.ui.scanner import ScanPanel

    app = QApplication.instance() or QApplication([])
    install_translators(app, "en")  # as the app does: English plural forms ("1 row", "2 rows")
    with tempfile.TemporaryDirectory() as folder:
        ctx = AppContext.create(sandbox=True, journal_path=Path(folder) / "journal.sqlite3", sandbox_latency=0.05)
        window = MainWindow(ctx)
        window.url_input.setEditText(URL)

        # Import preview: an Italian customer's file, messy as they come.
        sheet = Path(folder) / "clienti-rossi.csv"
        by_state = {(d.provider, d.state): d for d in DEMO_DEVICES}
        rows = [["Indirizzo MAC", "Numero di serie", "Descrizione"],
                ["00:04:13:12:34:01", "", "Reception"], ["00-04-13-12-34-02", "", "Ufficio 1"],
                [by_state[("snom", "registered")].mac, "", "Ufficio 2"],
                [by_state[("snom", "other_account")].mac, "", "Magazzino"],
                ["805EC0123403", "", "Sala riunioni"], [by_state[("yealink", "registered")].mac, "", "Direzione"],
                ["7C2F80123404", "", "Cordless cantina"], ["00:04:13:12:34:0G", "", "refuso"],
                ["00-04-13-12-34-01", "", "doppione"], ["0C383E123405", "", "Fanvil portineria"]]
        with sheet.open("w", newline="", encoding="utf-8") as handle:
            csv.writer(handle, delimiter=";").writerows(rows)
        dialog = ImportDialog(ctx, window.bridge, sheet, default_url=URL, default_account=None, parent=window,
                              id_factory=window.model.new_row_id)
        dialog.resize(1180, 680)
        dialog.show()
        wait(app, lambda: dialog.model.rowCount() > 0 and not dialog.checking
             and PlanClass.PENDING not in dialog.plan_counts(), 60)
        wait(app, lambda: False, 1.0)
        dialog.grab().save(str(OUT / "import-preview.png"))
        dialog.reject()

        # Accounts, after testing the selected one.
        accounts = AccountsDialog(ctx, window.bridge, window)
        accounts.resize(1000, 600)
        accounts.show()
        accounts.select_account("Sandbox Snom (XML-RPC)")
        accounts.test_button.click()
        wait(app, lambda: accounts.checklist.rowCount() > 0, 20)
        wait(app, lambda: False, 0.3)
        accounts.grab().save(str(OUT / "accounts.png"))
        accounts.reject()

        # Scan panel: a video of labels played as the camera (as --camera-file does), one label read.
        sys.path.insert(0, str(ROOT))
        from tests.e2e.label_video import write_label_video

        video = Path(folder) / "labels.mp4"
        write_label_video(video)
        os.environ["FALCONIERI_CAMERA_FILE"] = str(video)
        panel = ScanPanel(ctx, window.bridge, window)
        panel.resize(1100, 700)
        panel.show()
        panel.start_live()
        added: list[object] = []
        panel.sig_device.connect(lambda *device: added.append(device))
        wait(app, lambda: len(added) >= 2, 20)
        wait(app, lambda: False, 0.15)
        panel.grab().save(str(OUT / "scan-panel.png"))
        panel.shutdown()
        window.close()
        ctx.shutdown()


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    main_window_shots()
    dialog_shots()
    for path in sorted(OUT.glob("*.png")):
        print(path.relative_to(ROOT))


if __name__ == "__main__":
    main()
