"""History: past batches from the journal; reopen one, resume an unfinished one, export its report.

Three model/view tables: the batches (newest first, a page at a time), the devices of the selected
batch (read on the bridge's executor when one is at hand: a batch may hold 10,000 rows), and the
audit history of the selected device's MAC across every batch.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QDateTime,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QFontMetrics, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from falconieri_desktop.core.devices import FINAL_STATUSES, Operation, Status
from falconieri_desktop.core.errors import FalconieriError
from falconieri_desktop.core.journal import RESUMABLE_STATUSES, AuditEntry, BatchRecord, BatchState, DeviceRecord
from falconieri_desktop.ui.bridge import EngineBridge
from falconieri_desktop.ui.context import AppContext
from falconieri_desktop.ui.delegates import status_icon
from falconieri_desktop.ui.i18n import error_summary

__all__ = ["AuditModel", "BatchDevicesModel", "BatchListModel", "HistoryDialog"]

log = logging.getLogger(__name__)

ModelIndex = QModelIndex | QPersistentModelIndex
T = TypeVar("T")

PAGE_SIZE = 100
AUDIT_LIMIT = 500

_DONE = frozenset({Status.REGISTERED, Status.DEREGISTERED, Status.CHECKED, Status.SKIPPED})
_FAILED = frozenset({Status.FAILED, Status.BLOCKED})
RESUMABLE_STATES = frozenset({BatchState.INTERRUPTED, BatchState.CANCELLED, BatchState.PLANNED})


def local_time(iso: str | None, fmt: str = "yyyy-MM-dd HH:mm") -> str:
    """A journal time (UTC ISO-8601) in the local time zone, to the minute; "" for none."""
    if not iso:
        return ""
    stamp = QDateTime.fromString(iso.replace("Z", "+00:00"), Qt.DateFormat.ISODateWithMs)
    if not stamp.isValid():
        stamp = QDateTime.fromString(iso, Qt.DateFormat.ISODate)
    if not stamp.isValid():
        return iso
    return stamp.toLocalTime().toString(fmt)


def _set_widths(table: QTableView, widths: Sequence[int]) -> None:
    """Column widths, each widened where its (translated) title needs more room."""
    header = table.horizontalHeader()
    font = header.font()
    font.setBold(True)  # some styles draw header titles bold
    metrics = QFontMetrics(font)
    model = table.model()
    for column, width in enumerate(widths):
        title = str(model.headerData(column, Qt.Orientation.Horizontal) or "")
        table.setColumnWidth(column, max(width, metrics.horizontalAdvance(title) + 16))


def resumable_count(batch: BatchRecord) -> int:
    return sum(count for status, count in batch.counts.items() if status in RESUMABLE_STATUSES)


class _ListModel(QAbstractTableModel, Generic[T]):
    """A read-only table over a list of records; each column is (title, text getter)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._items: list[T] = []
        self.columns: list[tuple[str, Callable[[T], str]]] = []

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008 - Qt API
        return 0 if parent.isValid() else len(self._items)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008 - Qt API
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
                and 0 <= section < len(self.columns)):
            return self.columns[section][0]
        return None

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._items):
            return None
        item = self._items[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self.columns[index.column()][1](item)
        return self.extra(item, index.column(), role)

    def extra(self, item: T, column: int, role: int) -> Any:
        return None

    def set_items(self, items: Sequence[T]) -> None:
        self.beginResetModel()
        self._items = list(items)
        self.endResetModel()

    def append_items(self, items: Sequence[T]) -> None:
        if not items:
            return
        first = len(self._items)
        self.beginInsertRows(QModelIndex(), first, first + len(items) - 1)
        self._items.extend(items)
        self.endInsertRows()

    def item(self, row: int) -> T | None:
        return self._items[row] if 0 <= row < len(self._items) else None

    def items(self) -> Sequence[T]:
        return self._items


def _status_labels() -> dict[Status, str]:
    """Status names (literal ``translate`` calls: lupdate reads them in context "History")."""
    return {
        Status.PENDING: QCoreApplication.translate("History", "To do"),
        Status.QUEUED: QCoreApplication.translate("History", "Queued"),
        Status.RUNNING: QCoreApplication.translate("History", "Running"),
        Status.RETRY_WAIT: QCoreApplication.translate("History", "Retrying"),
        Status.PAUSED: QCoreApplication.translate("History", "Paused"),
        Status.REGISTERED: QCoreApplication.translate("History", "Registered"),
        Status.DEREGISTERED: QCoreApplication.translate("History", "Deregistered"),
        Status.CHECKED: QCoreApplication.translate("History", "Checked"),
        Status.SKIPPED: QCoreApplication.translate("History", "Skipped"),
        Status.FAILED: QCoreApplication.translate("History", "Failed"),
        Status.BLOCKED: QCoreApplication.translate("History", "Blocked"),
        Status.CANCELLED: QCoreApplication.translate("History", "Cancelled"),
        Status.INTERRUPTED: QCoreApplication.translate("History", "Interrupted"),
    }


class BatchListModel(_ListModel[BatchRecord]):
    """Past batches, newest first."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.state_labels = {
            BatchState.PLANNED: self.tr("Planned"), BatchState.RUNNING: self.tr("Running"),
            BatchState.FINISHED: self.tr("Finished"), BatchState.CANCELLED: self.tr("Cancelled"),
            BatchState.INTERRUPTED: self.tr("Interrupted"),
        }
        # Batches the main window starts without a file are named after how they came about.
        self.source_labels = {"typed": self.tr("typed"), "check": self.tr("check"),
                              "deregister": self.tr("deregister")}
        self.columns = [
            (self.tr("Batch"), lambda b: str(b.id)),
            (self.tr("State"), lambda b: self.state_labels.get(b.state, b.state.value)),
            (self.tr("Source"), lambda b: self.source_labels.get(b.source_name or "", b.source_name or "")),
            (self.tr("Started"), lambda b: local_time(b.started or b.created)),
            (self.tr("Finished"), lambda b: local_time(b.finished)),
            (self.tr("Devices"), lambda b: str(b.total)),
            (self.tr("Done"), lambda b: str(sum(c for s, c in b.counts.items() if s in _DONE))),
            (self.tr("Failed"), lambda b: str(sum(c for s, c in b.counts.items() if s in _FAILED))),
            (self.tr("Not finished"), lambda b: str(sum(c for s, c in b.counts.items() if s not in FINAL_STATUSES
                                                        or s is Status.CANCELLED))),
        ]

    def extra(self, item: BatchRecord, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (0, 5, 6, 7, 8):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and column == 2 and item.source_sha256:
            return self.tr("SHA-256 of the file: {digest}").format(digest=item.source_sha256)
        return None


class BatchDevicesModel(_ListModel[DeviceRecord]):
    """The devices of one batch, in row order."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.status_labels = _status_labels()
        self.account_names: dict[str, str] = {}
        self.columns = [
            (self.tr("Row"), lambda d: str(d.row)),
            (self.tr("Status"), lambda d: self.status_labels.get(d.status, d.status.value)),
            (self.tr("MAC"), lambda d: str(d.mac) if d.mac else ""),
            (self.tr("Result"), lambda d: error_summary(d.code, d.message) if d.code else (d.message or "")),
            (self.tr("Provider"), lambda d: d.provider or ""),
            (self.tr("Account"), lambda d: self.account_names.get(d.account, d.account) if d.account else ""),
            (self.tr("Provisioning URL"), lambda d: d.url or ""),
            (self.tr("Tries"), lambda d: str(d.attempts) if d.attempts else ""),
            (self.tr("PIN"), lambda d: d.pin or ""),
            (self.tr("Updated"), lambda d: local_time(d.updated)),
        ]

    def extra(self, item: DeviceRecord, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DecorationRole and column == 1:
            return status_icon(item.status)
        if role == Qt.ItemDataRole.ToolTipRole and column in (1, 3) and (item.code or item.message):
            return "\n".join(p for p in (f"[{item.code}]" if item.code else "", item.message or "",
                                         item.vendor_reply or "") if p)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (0, 7):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class AuditModel(_ListModel[AuditEntry]):
    """Every operation on one MAC, across batches, oldest first."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.account_names: dict[str, str] = {}
        operations = {Operation.REGISTER: self.tr("register"), Operation.DEREGISTER: self.tr("deregister"),
                      Operation.CHECK: self.tr("check")}
        outcomes = {status.value: label.lower() for status, label in _status_labels().items()}
        outcomes["error"] = self.tr("error")
        self.columns = [
            (self.tr("Time"), lambda a: local_time(a.time, "yyyy-MM-dd HH:mm:ss")),
            (self.tr("Batch"), lambda a: str(a.batch_id) if a.batch_id is not None else ""),
            (self.tr("Operation"), lambda a: operations.get(a.operation, a.operation.value)),
            (self.tr("Outcome"), lambda a: outcomes.get(a.outcome, a.outcome)),
            (self.tr("Code"), lambda a: a.code or ""),
            (self.tr("Provider"), lambda a: a.provider),
            (self.tr("Account"), lambda a: self.account_names.get(a.account, a.account) if a.account else ""),
            (self.tr("Duration"), lambda a: self.tr("{ms} ms").format(ms=a.duration_ms)
             if a.duration_ms is not None else ""),
            (self.tr("Attempt"), lambda a: str(a.attempt)),
        ]

    def extra(self, item: AuditEntry, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole and item.message:
            return item.message
        return None


def _load_devices(ctx: AppContext, batch_id: int) -> list[DeviceRecord]:
    return ctx.journal.devices(batch_id)


class HistoryDialog(QDialog):
    """Past batches; Reopen shows one in the main table, Resume runs its unfinished rows again."""

    sig_reopen = Signal(int, bool)
    """(batch_id, resume) -- show the batch in the main table, and resume it when ``resume``."""
    sig_devices_loaded = Signal(int)
    """The devices of this batch are shown."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *, bridge: EngineBridge | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("historyDialog")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(self.tr("History"))
        self.ctx = ctx
        found = bridge if bridge is not None else getattr(parent, "bridge", None)
        self.bridge = found if isinstance(found, EngineBridge) else None
        self._closed = False
        self._shown_batch: int | None = None
        self._more = False
        names = {a.id: a.name for a in ctx.account_list()}
        self.batches = BatchListModel(self)
        self.devices = BatchDevicesModel(self)
        self.devices.account_names = names
        self.audit = AuditModel(self)
        self.audit.account_names = names
        self.status_labels = _status_labels()
        self._build()
        self.reload()

    # -- construction ----------------------------------------------------------------------------------

    def _table(self, model: QAbstractTableModel, name: str, accessible: str) -> QTableView:
        table = QTableView()
        table.setObjectName(name)
        table.setAccessibleName(accessible)
        table.setModel(model)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setAlternatingRowColors(True)
        table.setWordWrap(False)
        vertical = table.verticalHeader()
        vertical.hide()
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = table.horizontalHeader()
        header.setStretchLastSection(True)
        header.setAccessibleName(self.tr("Columns of {table}").format(table=accessible))
        return table

    def _build(self) -> None:
        batches_label = QLabel(self.tr("&Batches:"))
        self.batch_table = self._table(self.batches, "batchTable", self.tr("Past batches"))
        batches_label.setBuddy(self.batch_table)
        _set_widths(self.batch_table, (60, 100, 260, 130, 130, 70, 60, 60, 100))
        self.batch_table.horizontalHeader().setStretchLastSection(False)
        self.batch_table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.more_button = QPushButton(self.tr("&Load older batches"))
        self.more_button.setObjectName("moreBatchesButton")
        self.more_button.setAccessibleName(self.tr("Load older batches"))
        self.more_button.clicked.connect(self.load_more)
        self.refresh_button = QPushButton(self.tr("Re&fresh"))
        self.refresh_button.setObjectName("refreshHistoryButton")
        self.refresh_button.setAccessibleName(self.tr("Refresh the list of batches"))
        self.refresh_button.clicked.connect(self.reload)
        QShortcut(QKeySequence.StandardKey.Refresh, self, self.reload)
        self.empty_label = QLabel(self.tr("No batches yet: every run and import appears here."))
        self.empty_label.setObjectName("historyEmpty")

        self.summary = QLabel()
        self.summary.setObjectName("batchSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        devices_label = QLabel(self.tr("&Devices of the batch:"))
        self.device_table = self._table(self.devices, "batchDevices", self.tr("Devices of the selected batch"))
        devices_label.setBuddy(self.device_table)
        _set_widths(self.device_table, (44, 110, 130, 280, 70, 150, 220, 44, 60, 120))
        audit_label = QLabel(self.tr("&Operations on this MAC (all batches):"))
        self.audit_table = self._table(self.audit, "macHistory", self.tr("Operations on the selected device's MAC"))
        audit_label.setBuddy(self.audit_table)
        _set_widths(self.audit_table, (140, 44, 80, 90, 170, 60, 130, 70, 50))

        self.reopen_button = QPushButton(self.tr("&Reopen"))
        self.reopen_button.setObjectName("reopenButton")
        self.reopen_button.setAccessibleName(self.tr("Show the batch's devices in the main list"))
        self.resume_button = QPushButton(self.tr("Re&sume"))
        self.resume_button.setObjectName("resumeButton")
        self.resume_button.setAccessibleName(self.tr("Resume the batch's unfinished devices"))
        self.export_button = QPushButton(self.tr("&Export report…"))
        self.export_button.setObjectName("exportBatchButton")
        self.export_button.setAccessibleName(self.tr("Export the batch's report"))
        self.reopen_button.clicked.connect(lambda: self._reopen(resume=False))
        self.resume_button.clicked.connect(lambda: self._reopen(resume=True))
        self.export_button.clicked.connect(self.export_selected)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close = self.buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setObjectName("closeHistoryButton")
        close.setAccessibleName(self.tr("Close the history"))
        self.buttons.rejected.connect(self.reject)
        self.message = QLabel()
        self.message.setObjectName("historyMessage")
        self.message.setTextFormat(Qt.TextFormat.PlainText)

        top = QWidget()
        top_box = QVBoxLayout(top)
        top_box.setContentsMargins(0, 0, 0, 0)
        head = QHBoxLayout()
        head.addWidget(batches_label)
        head.addStretch(1)
        head.addWidget(self.refresh_button)
        head.addWidget(self.more_button)
        top_box.addLayout(head)
        top_box.addWidget(self.batch_table, 1)
        top_box.addWidget(self.empty_label)
        actions = QHBoxLayout()
        actions.addWidget(self.summary, 1)
        actions.addWidget(self.reopen_button)
        actions.addWidget(self.resume_button)
        actions.addWidget(self.export_button)
        top_box.addLayout(actions)

        left = QWidget()
        left_box = QVBoxLayout(left)
        left_box.setContentsMargins(0, 0, 0, 0)
        left_box.addWidget(devices_label)
        left_box.addWidget(self.device_table, 1)
        right = QWidget()
        right_box = QVBoxLayout(right)
        right_box.setContentsMargins(0, 0, 0, 0)
        right_box.addWidget(audit_label)
        right_box.addWidget(self.audit_table, 1)
        bottom = QSplitter(Qt.Orientation.Horizontal)
        bottom.addWidget(left)
        bottom.addWidget(right)
        bottom.setStretchFactor(0, 3)
        bottom.setStretchFactor(1, 2)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.setObjectName("historySplitter")
        splitter.addWidget(top)
        splitter.addWidget(bottom)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setChildrenCollapsible(False)
        splitter.setSizes([230, 430])

        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        foot = QHBoxLayout()
        foot.addWidget(self.message, 1)
        foot.addWidget(self.buttons)
        layout.addLayout(foot)

        self.batch_table.selectionModel().currentRowChanged.connect(self._on_batch_selected)
        self.batch_table.activated.connect(lambda _index: self._reopen(resume=False))
        self.device_table.selectionModel().currentRowChanged.connect(self._on_device_selected)
        self.resize(1180, 720)

    # -- batches ------------------------------------------------------------------------------------

    def reload(self) -> None:
        """Read the newest page of batches again (keeps the selected batch selected when it is there)."""
        selected = self.selected_batch()
        try:
            page = self.ctx.journal.batches(limit=PAGE_SIZE)
        except FalconieriError as exc:
            self.message.setText(self.tr("The journal cannot be read: {reason}").format(reason=exc.message))
            page = []
        self._more = len(page) == PAGE_SIZE
        self.batches.set_items(page)
        self._after_batches_changed(selected.id if selected else None)

    def load_more(self) -> None:
        try:
            page = self.ctx.journal.batches(limit=PAGE_SIZE, offset=self.batches.rowCount())
        except FalconieriError as exc:
            self.message.setText(self.tr("The journal cannot be read: {reason}").format(reason=exc.message))
            return
        self._more = len(page) == PAGE_SIZE
        self.batches.append_items(page)
        self.more_button.setEnabled(self._more)

    def _after_batches_changed(self, keep: int | None) -> None:
        empty = self.batches.rowCount() == 0
        self.empty_label.setVisible(empty)
        self.more_button.setEnabled(self._more)
        row = 0
        if keep is not None:
            row = next((i for i, b in enumerate(self.batches.items()) if b.id == keep), 0)
        if not empty:
            self.batch_table.selectRow(row)
            self.batch_table.setCurrentIndex(self.batches.index(row, 0))
        else:
            self._show_batch(None)
        self.batch_table.setFocus()

    def selected_batch(self) -> BatchRecord | None:
        index = self.batch_table.currentIndex()
        return self.batches.item(index.row()) if index.isValid() else None

    def _on_batch_selected(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._show_batch(self.batches.item(current.row()) if current.isValid() else None)

    def _show_batch(self, batch: BatchRecord | None) -> None:
        self.audit.set_items([])
        if batch is None:
            self._shown_batch = None
            self.devices.set_items([])
            self.summary.setText("")
            self._update_buttons()
            return
        self._shown_batch = batch.id
        self.summary.setText(self._summary(batch))
        self._update_buttons()
        if self.bridge is not None:
            self.devices.set_items([])
            self.message.setText(self.tr("Reading the devices of batch {id}…").format(id=batch.id))
            self.bridge.run_task(functools.partial(_load_devices, self.ctx, batch.id),
                                 on_done=functools.partial(self._on_devices, batch.id), on_error=self._on_error,
                                 key=f"history-{id(self)}")
        else:
            try:
                records = _load_devices(self.ctx, batch.id)
            except FalconieriError as exc:
                self._on_error(exc, "")
                return
            self._on_devices(batch.id, records)

    def _on_devices(self, batch_id: int, records: list[DeviceRecord]) -> None:
        if self._closed or batch_id != self._shown_batch:
            return
        self.devices.set_items(records)
        self.message.setText("")
        if records:
            self.device_table.selectRow(0)
        self.sig_devices_loaded.emit(batch_id)

    def _on_error(self, error: BaseException, details: str) -> None:
        if self._closed:
            return
        reason = error.message if isinstance(error, FalconieriError) else str(error)
        if details:
            log.error("history: %s", details)
        self.message.setText(self.tr("The journal cannot be read: {reason}").format(reason=reason))

    def _summary(self, batch: BatchRecord) -> str:
        state = self.batches.state_labels.get(batch.state, batch.state.value)
        head = self.tr("Batch {id}").format(id=batch.id)
        if batch.source_name:
            head += f" — {self.batches.source_labels.get(batch.source_name, batch.source_name)}"
        when = local_time(batch.finished or batch.started or batch.created)
        parts = [f"{head} — {state} {when}".rstrip()]
        counts = ", ".join(self.tr("{count} {status}").format(
                               count=count, status=self.status_labels.get(status, status.value).lower())
                           for status, count in sorted(batch.counts.items(), key=lambda item: list(Status).index(
                               item[0])) if count)
        parts.append(self.tr("{total} devices: {counts}").format(total=batch.total, counts=counts)
                     if counts else self.tr("no devices"))
        return " · ".join(parts)

    def _update_buttons(self) -> None:
        batch = self.selected_batch() if self._shown_batch is not None else None
        self.reopen_button.setEnabled(batch is not None and batch.total > 0)
        self.export_button.setEnabled(batch is not None and batch.total > 0)
        self.resume_button.setEnabled(batch is not None and batch.state in RESUMABLE_STATES
                                      and resumable_count(batch) > 0)
        if batch is not None and self.resume_button.isEnabled():
            self.resume_button.setToolTip(self.tr("%n device(s) not finished", "",
                                                            resumable_count(batch)))
        else:
            self.resume_button.setToolTip("")

    # -- devices -------------------------------------------------------------------------------------

    def _on_device_selected(self, current: QModelIndex, _previous: QModelIndex) -> None:
        record = self.devices.item(current.row()) if current.isValid() else None
        if record is None or record.mac is None:
            self.audit.set_items([])
            return
        try:
            self.audit.set_items(self.ctx.journal.history(record.mac, limit=AUDIT_LIMIT))
        except FalconieriError as exc:
            self._on_error(exc, "")

    # -- actions ---------------------------------------------------------------------------------------

    def _reopen(self, *, resume: bool) -> None:
        batch = self.selected_batch()
        if batch is None or batch.total == 0:
            return
        if resume and not (batch.state in RESUMABLE_STATES and resumable_count(batch) > 0):
            return
        self.sig_reopen.emit(batch.id, resume)
        self.accept()

    def export_selected(self) -> None:
        from falconieri_desktop.ui.dialogs.export import export_batch

        batch = self.selected_batch()
        if batch is None:
            return
        export_batch(self, self.ctx, batch.id, bridge=self.bridge, on_saved=self._on_saved)

    def _on_saved(self, path: Any) -> None:
        if not self._closed:
            self.message.setText(self.tr("Report saved to {path}.").format(path=path))

    def done(self, result: int) -> None:
        self._closed = True
        super().done(result)
