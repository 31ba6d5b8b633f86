"""Export report…: the device table as CSV (UTF-8 with BOM, formula-safe) and XLSX."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from openpyxl import load_workbook
from PySide6.QtWidgets import QMessageBox

from falconieri_desktop.core.devices import Status
from falconieri_desktop.core.journal import NewDevice
from falconieri_desktop.core.mac import Mac
from falconieri_desktop.core.spreadsheets import REPORT_COLUMNS
from falconieri_desktop.ui.dialogs import export
from falconieri_desktop.ui.main_window import MainWindow
from tests.ui.conftest import wait_idle

URL = "https://pbx.example.com/provisioning/"
INPUT_COLUMNS = ["Label", "Gigaset code", "Serial", "Provisioning URL", "Account", "Vendor reply"]
PAYLOAD = "=cmd|' /C calc'!A0"


def _registered_table(qtbot, window: MainWindow) -> None:
    window.url_input.setEditText(URL)
    rows = window.add_devices([(Mac("000413A1B201"), None, None), (Mac("7C2F80C0FF01"), "K3Q7", None)], "typed")
    rows[0].label = PAYLOAD
    window.start()
    wait_idle(qtbot, window)
    assert [r.status for r in window.model.rows()] == [Status.REGISTERED, Status.REGISTERED]


def test_csv_report_has_bom_and_neutralised_cells(qtbot, window: MainWindow, tmp_path: Path) -> None:
    """The CSV starts with a UTF-8 BOM, has the input and result columns, and a formula cell is made inert."""
    _registered_table(qtbot, window)
    target = tmp_path / "report.csv"
    export.export_rows(window, window.model, window.ctx, path=target)
    qtbot.waitUntil(target.exists, timeout=5000)
    data = target.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == INPUT_COLUMNS + list(REPORT_COLUMNS)
    first = dict(zip(rows[0][len(INPUT_COLUMNS):], rows[1][len(INPUT_COLUMNS):], strict=True))
    assert rows[1][0] == "'" + PAYLOAD
    assert rows[1][3] == URL and rows[1][4] == "Sandbox Snom (XML-RPC)"
    assert first["MAC"] == "00:04:13:A1:B2:01" and first["Status"] == "registered" and first["Attempts"] == "1"
    assert first["Provider"] == "snom" and first["Updated (UTC)"]
    assert rows[2][1] == "K3Q7"
    qtbot.waitUntil(lambda: "Report saved" in window.statusBar().currentMessage())


def test_xlsx_report_through_the_export_action(qtbot, window: MainWindow, tmp_path: Path, monkeypatch) -> None:
    """Export report… asks for a file and writes an XLSX that openpyxl reads back with the expected columns."""
    _registered_table(qtbot, window)
    target = tmp_path / "report.xlsx"
    asked = []

    def ask(parent, ctx, name):
        asked.append(name)
        return target

    monkeypatch.setattr(export, "ask_report_path", ask)
    window.act_export.trigger()
    qtbot.waitUntil(target.exists, timeout=5000)
    assert asked[0].startswith("falconieri-report-") and asked[0].endswith(".xlsx")
    sheet = load_workbook(target).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == INPUT_COLUMNS + list(REPORT_COLUMNS)
    assert rows[1][0] == "'" + PAYLOAD
    assert rows[1][len(INPUT_COLUMNS) + 1] == "00:04:13:A1:B2:01"
    assert rows[2][len(INPUT_COLUMNS) + 3] == "registered"
    assert len(rows) == 3


def test_journal_batch_without_source_columns_gets_the_table_columns(qtbot, window: MainWindow,
                                                                    tmp_path: Path) -> None:
    """A batch typed in (no spreadsheet) is exported with the same input columns as the table."""
    journal = window.ctx.journal
    batch = journal.create_batch(source_name="typed")
    journal.add_devices(batch, [NewDevice(1, Mac("000413A1B201"), serial="SN1", url=URL, label="+39 room"),
                                NewDevice(2, None, status=Status.BLOCKED, code="malformed_mac_address",
                                          message="not a MAC")])
    target = tmp_path / "batch.csv"
    saved = []
    export.export_batch(window, window.ctx, batch, path=target, bridge=window.bridge, on_saved=saved.append)
    qtbot.waitUntil(lambda: saved == [target], timeout=5000)
    rows = list(csv.reader(io.StringIO(target.read_text(encoding="utf-8-sig"))))
    assert rows[0][:6] == INPUT_COLUMNS
    assert rows[1][0] == "'+39 room" and rows[1][2] == "SN1"
    assert rows[2][len(INPUT_COLUMNS) + 3:len(INPUT_COLUMNS) + 5] == ["blocked", "malformed_mac_address"]


def test_unwritable_report_shows_an_error(qtbot, window: MainWindow, tmp_path: Path) -> None:
    """A folder that does not exist gives an error dialog that says the report was not saved."""
    _registered_table(qtbot, window)
    export.export_rows(window, window.model, window.ctx, path=tmp_path / "missing" / "report.xlsx")
    qtbot.waitUntil(lambda: window.findChild(QMessageBox, "errorDialog") is not None, timeout=5000)
    box = window.findChild(QMessageBox, "errorDialog")
    assert box.windowTitle() == "The report was not saved"
    assert "could not be written" in box.text()
    box.close()


def test_report_without_a_bridge_is_written_at_once(qtbot, window: MainWindow, tmp_path: Path) -> None:
    """A caller without a bridge (any widget) gets the report written before the call returns."""
    from PySide6.QtWidgets import QWidget

    _registered_table(qtbot, window)
    plain = QWidget()
    qtbot.addWidget(plain)
    target = tmp_path / "now.xlsx"
    export.export_rows(plain, window.model, window.ctx, path=target)
    assert target.exists()
