"""Export report…: the device table, or a batch of the journal, as CSV or XLSX.

The rows are snapshotted on the GUI thread (table rows are only ever read there), then written by
``core.spreadsheets.write_report`` -- atomically, formula-neutralised, CSV in UTF-8 with BOM -- on
the bridge's executor when a bridge is at hand, else right away (a 10,000-row XLSX takes ~1 s).

The report has the columns the technician gave (label, Gigaset code, serial, URL, account, and the
vendor's reply) followed by ``spreadsheets.REPORT_COLUMNS`` (row, MAC, provider, status, code,
message, attempts, PIN, verified, times). A journal batch imported from a spreadsheet echoes the
spreadsheet's own columns instead.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QLocale, QSettings, QStandardPaths
from PySide6.QtWidgets import QFileDialog, QMainWindow, QWidget

from falconieri_desktop.core.devices import Status
from falconieri_desktop.core.errors import FalconieriError
from falconieri_desktop.core.journal import BatchId, DeviceRecord
from falconieri_desktop.core.mac import Mac
from falconieri_desktop.core.spreadsheets import ReportLine, write_report
from falconieri_desktop.ui.bridge import EngineBridge
from falconieri_desktop.ui.context import AppContext
from falconieri_desktop.ui.dialogs.error_dialog import show_error
from falconieri_desktop.ui.models import DeviceRow, DeviceTableModel

__all__ = [
    "ask_report_path",
    "export_batch",
    "export_rows",
    "report_from_model",
    "report_from_records",
    "suggested_name",
    "write_in_background",
]

log = logging.getLogger(__name__)
_SETTINGS_DIR = "export/dir"
translate = QCoreApplication.translate  # literal ("Export", text) calls: lupdate reads them


def _input_columns() -> list[str]:
    """The columns a report made without the source spreadsheet starts with."""
    return [translate("Export", "Label"), translate("Export", "Gigaset code"), translate("Export", "Serial"),
            translate("Export", "Provisioning URL"), translate("Export", "Account"),
            translate("Export", "Vendor reply")]


# -- snapshots (GUI thread) ------------------------------------------------------------------------


def _account_name(account: str | None, names: dict[str, str]) -> str:
    return names.get(account, account) if account else ""


def report_from_model(model: DeviceTableModel) -> tuple[list[str], list[ReportLine]]:
    """The table's rows as immutable report lines (call on the GUI thread)."""
    lines: list[ReportLine] = []
    names = model.account_names
    for position, row in enumerate(model.rows(), start=1):
        lines.append(_line_from_row(position, row, names, model.default_url, model.default_account_name))
    return _input_columns(), lines


def _line_from_row(position: int, row: DeviceRow, names: dict[str, str], default_url: str,
                   default_account: str) -> ReportLine:
    account = _account_name(row.account or row.used_account, names) or default_account
    cells = [row.label, row.crc or "", row.serial or "", row.url or default_url, account, row.vendor_reply or ""]
    return ReportLine(row=position, input=tuple(cells), status=row.status, mac=row.mac,
                      provider=row.provider or row.used_provider, code=row.code, message=row.message,
                      attempts=row.attempts, pin=row.pin, verified=row.verified, updated=row.updated or None)


@dataclass(frozen=True, slots=True)
class _RecordLine:
    """A journal row with the input columns of a batch that has no source spreadsheet."""

    record: DeviceRecord
    input: Sequence[str]

    @property
    def row(self) -> int:
        return self.record.row

    @property
    def mac(self) -> Mac | None:
        return self.record.mac

    @property
    def provider(self) -> str | None:
        return self.record.provider

    @property
    def status(self) -> Status:
        return self.record.status

    @property
    def code(self) -> str | None:
        return self.record.code

    @property
    def message(self) -> str | None:
        return self.record.message

    @property
    def attempts(self) -> int:
        return self.record.attempts

    @property
    def pin(self) -> str | None:
        return self.record.pin

    @property
    def verified(self) -> bool | None:
        return self.record.verified

    @property
    def created(self) -> str | None:
        return self.record.created

    @property
    def updated(self) -> str | None:
        return self.record.updated


def report_from_records(records: Iterable[DeviceRecord], input_columns: Sequence[str], *,
                        account_names: dict[str, str] | None = None) -> tuple[list[str], Iterable[Any]]:
    """Report lines for journal rows: the source sheet's cells when the batch has them, else the
    same columns as a table export."""
    if input_columns:
        return list(input_columns), records
    names = account_names or {}
    columns = _input_columns()

    def lines() -> Iterable[_RecordLine]:
        for record in records:
            cells = (record.label, record.crc or "", record.serial or "", record.url or "",
                     _account_name(record.account, names), record.vendor_reply or "")
            yield _RecordLine(record, cells)

    return columns, lines()


# -- asking for the file -----------------------------------------------------------------------------


def suggested_name(stem: str = "falconieri-report", suffix: str = ".xlsx") -> str:
    """``falconieri-report-2025-03-01-0915.xlsx``: sortable, and never the same twice a minute apart."""
    return f"{stem}-{datetime.now():%Y-%m-%d-%H%M}{suffix}"


def _start_dir(ctx: AppContext) -> Path:
    if not ctx.sandbox_mode:
        remembered = QSettings().value(_SETTINGS_DIR)
        if isinstance(remembered, str) and Path(remembered).is_dir():
            return Path(remembered)
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(documents) if documents and Path(documents).is_dir() else Path.home()


def ask_report_path(parent: QWidget | None, ctx: AppContext, name: str) -> Path | None:
    """The save dialog; the format follows the extension, or the filter chosen when there is none."""
    xlsx = translate("Export", "Excel workbook (*.xlsx)")
    csv_filter = translate("Export", "CSV, UTF-8 (*.csv)")
    title = translate("Export", "Export report")
    chosen, selected = QFileDialog.getSaveFileName(parent, title, str(_start_dir(ctx) / name),
                                                   f"{xlsx};;{csv_filter}", xlsx)
    if not chosen:
        return None
    path = Path(chosen)
    if path.suffix.lower() not in (".csv", ".xlsx"):
        path = path.with_name(path.name + (".csv" if selected == csv_filter else ".xlsx"))
    if not ctx.sandbox_mode:
        QSettings().setValue(_SETTINGS_DIR, str(path.parent))
    return path


def _csv_delimiter() -> str:
    """Excel splits CSV on the list separator of the user's locale: ';' where the decimal mark is ','."""
    return ";" if QLocale().decimalPoint() == "," else ","


# -- writing -------------------------------------------------------------------------------------------


def write_in_background(parent: QWidget | None, bridge: EngineBridge | None, write: Callable[[], Path], *,
                        on_saved: Callable[[Path], None] | None = None) -> None:
    """Run ``write`` on the bridge's executor (or here without a bridge); report the outcome."""

    def saved(path: Path) -> None:
        log.info("report written: %s", path.name)
        if on_saved is not None:
            on_saved(path)
        elif isinstance(parent, QMainWindow):
            parent.statusBar().showMessage(translate("Export", "Report saved to {path}.").format(path=path), 10000)

    def failed(error: BaseException, details: str) -> None:
        if isinstance(error, FalconieriError):
            show_error(parent, translate("Export", "The report was not saved"), error.message, error.hint or "")
        else:
            log.error("report failed: %s", details)
            show_error(parent, translate("Export", "The report was not saved"),
                       translate("Export", "Something unexpected happened while writing the report."), details)

    if bridge is None:
        try:
            path = write()
        except Exception as exc:  # noqa: BLE001 - shown to the user with its details, never lost
            import traceback

            failed(exc, "".join(traceback.format_exception(exc)))
            return
        saved(path)
        return
    bridge.run_task(write, on_done=saved, on_error=failed)


def export_rows(window: QWidget, model: DeviceTableModel, ctx: AppContext, *, path: Path | None = None,
                on_saved: Callable[[Path], None] | None = None) -> None:
    """Export report… of the device table: ask for a file, then write every row of the table."""
    if model.rowCount() == 0:
        return
    if path is None:
        path = ask_report_path(window, ctx, suggested_name())
        if path is None:
            return
    columns, lines = report_from_model(model)
    target, delimiter = path, _csv_delimiter()
    bridge = getattr(window, "bridge", None)
    write_in_background(window, bridge if isinstance(bridge, EngineBridge) else None,
                        lambda: write_report(target, columns, lines, delimiter=delimiter), on_saved=on_saved)


def export_batch(parent: QWidget | None, ctx: AppContext, batch_id: BatchId, *, path: Path | None = None,
                 bridge: EngineBridge | None = None, on_saved: Callable[[Path], None] | None = None) -> None:
    """Export report… of a journal batch (History): every row of the batch as stored."""
    try:
        batch = ctx.journal.batch(batch_id)
    except FalconieriError as exc:
        show_error(parent, translate("Export", "The report was not saved"), exc.message)
        return
    if path is None:
        stem = f"falconieri-batch-{batch_id}"
        if batch.source_name:
            stem += "-" + "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in Path(batch.source_name).stem)
        path = ask_report_path(parent, ctx, suggested_name(stem))
        if path is None:
            return
    names = {account.id: account.name for account in ctx.account_list()}
    target, delimiter, journal = path, _csv_delimiter(), ctx.journal

    def write() -> Path:
        # The journal's row iterator must be consumed in the thread that made it: make it here.
        columns, lines = report_from_records(journal.iter_devices(batch_id), batch.input_columns,
                                             account_names=names)
        return write_report(target, columns, lines, delimiter=delimiter)

    write_in_background(parent, bridge, write, on_saved=on_saved)
