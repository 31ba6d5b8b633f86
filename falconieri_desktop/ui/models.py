"""The device table's model: a list of slotted rows, an id -> position dict, ranged updates.

Engine events arrive in groups (``EngineBridge.sig_rows_changed``); ``apply_changes`` updates the
rows and emits one ``dataChanged`` per contiguous run of touched rows -- or a single range when
more than half the table changed (qBittorrent's rule) -- so a 10,000-row batch costs the view a
handful of repaints per drain, not one per event.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from enum import IntEnum
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)

from falconieri_desktop.core.devices import Presence, Status
from falconieri_desktop.core.errors import InputError
from falconieri_desktop.core.mac import Mac, VendorGuess, normalize_crc
from falconieri_desktop.ui.i18n import error_hint, error_summary

if TYPE_CHECKING:  # the engine (httpx, asyncio) is not needed to paint the window
    from falconieri_desktop.core.engine import RowChanged, RowsQueued

__all__ = [
    "ACTIVE_STATUSES",
    "DONE_STATUSES",
    "FAILED_STATUSES",
    "TODO_STATUSES",
    "Column",
    "DeviceFilterProxy",
    "DeviceRow",
    "DeviceTableModel",
    "StatusFilter",
]

ModelIndex = QModelIndex | QPersistentModelIndex

TODO_STATUSES = frozenset({Status.PENDING, Status.INTERRUPTED, Status.CANCELLED})
ACTIVE_STATUSES = frozenset({Status.QUEUED, Status.RUNNING, Status.RETRY_WAIT, Status.PAUSED})
DONE_STATUSES = frozenset({Status.REGISTERED, Status.DEREGISTERED, Status.CHECKED, Status.SKIPPED})
FAILED_STATUSES = frozenset({Status.FAILED, Status.BLOCKED})

StatusRole = Qt.ItemDataRole.UserRole + 1
RowIdRole = Qt.ItemDataRole.UserRole + 2
SortRole = Qt.ItemDataRole.UserRole + 3


_STATUS_ORDER = {status: i for i, status in enumerate(Status)}


class Column(IntEnum):
    STATUS = 0
    MAC = 1
    VENDOR = 2
    ACCOUNT = 3
    URL = 4
    RESULT = 5
    ATTEMPTS = 6
    PIN = 7
    UPDATED = 8
    CRC = 9
    SERIAL = 10


EDITABLE = frozenset({Column.ACCOUNT, Column.URL, Column.CRC, Column.SERIAL, Column.VENDOR})
# A repaint calls index(), data() and flags() thousands of times, each a C++ -> Python call that may
# wait for the interpreter lock: keep them to plain int and set operations (no enum arithmetic).
_COLUMNS = tuple(Column)
_COLUMN_COUNT = len(_COLUMNS)
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_EDIT = int(Qt.ItemDataRole.EditRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_ACCESSIBLE_TEXT = int(Qt.ItemDataRole.AccessibleTextRole)
_STATUS = int(StatusRole)
_ROW_ID = int(RowIdRole)
_SORT = int(SortRole)
_ROLES = frozenset({_DISPLAY, _EDIT, _TOOLTIP, _ACCESSIBLE_TEXT, _STATUS, _ROW_ID, _SORT})
_READ_ONLY_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
_EDITABLE_FLAGS = _READ_ONLY_FLAGS | Qt.ItemFlag.ItemIsEditable
_EDITABLE_COLUMNS = frozenset(int(c) for c in EDITABLE)


class DeviceRow:
    """One device in the table; mutated only on the GUI thread."""

    __slots__ = (
        "account", "attempts", "batch_id", "code", "crc", "found_url", "hint", "label", "mac", "message",
        "owner", "pin", "plan", "presence", "provider", "row_id", "serial", "source", "status", "updated", "url",
        "used_account", "used_provider", "vendor", "vendor_reply", "verified", "warnings",
    )

    def __init__(self, row_id: int, mac: Mac, *, crc: str | None = None, serial: str | None = None,
                 provider: str | None = None, account: str | None = None, url: str | None = None,
                 label: str = "", vendor: VendorGuess | None = None, source: str = "typed") -> None:
        self.row_id = row_id
        self.mac = mac
        self.crc = crc
        self.serial = serial
        self.provider = provider  # None = automatic (MAC range + default account)
        self.account = account  # account id; None = the selected/default account
        self.url = url  # None = the URL in the top bar
        self.label = label
        self.vendor = vendor
        self.source = source  # typed / pasted / scanned / imported / resumed
        self.status = Status.PENDING
        self.code: str | None = None
        self.message: str | None = None
        self.hint: str | None = None
        self.vendor_reply: str | None = None
        self.attempts = 0
        self.pin: str | None = None
        self.verified: bool | None = None
        self.presence: Presence | None = None
        self.owner: str | None = None
        self.found_url: str | None = None
        self.warnings: tuple[str, ...] = ()
        self.updated = ""
        self.batch_id: str | None = None
        self.plan: str | None = None
        # What the last run resolved "automatic" to (shown instead of "auto" once known).
        self.used_provider: str | None = None
        self.used_account: str | None = None

    def apply(self, change: RowChanged) -> None:
        self.status = change.status
        self.attempts = change.attempts
        self.code = change.code
        self.message = change.message
        self.hint = change.hint
        self.vendor_reply = change.vendor_reply
        self.updated = change.at
        self.batch_id = change.batch_id
        if change.provider is not None:
            self.used_provider = change.provider
            self.used_account = change.account
        if change.pin is not None:
            self.pin = change.pin
        if change.verified is not None:
            self.verified = change.verified
        if change.presence is not None:
            self.presence = change.presence
            self.found_url = change.url
            self.owner = change.owner
        if change.warnings:
            self.warnings = change.warnings


class DeviceTableModel(QAbstractTableModel):
    """Rows of devices; O(1) lookup by row id; ranged dataChanged."""

    sig_counts_changed = Signal()
    """The per-status counts changed (progress bar, filter labels)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[DeviceRow] = []
        self._pos: dict[int, int] = {}
        self._next_id = 1
        self.counts: dict[Status, int] = {}
        self.headers = {
            Column.STATUS: self.tr("Status"), Column.MAC: self.tr("MAC"), Column.VENDOR: self.tr("Vendor / provider"),
            Column.ACCOUNT: self.tr("Account"), Column.URL: self.tr("Provisioning URL"), Column.CRC: self.tr("Code"),
            Column.SERIAL: self.tr("Serial"), Column.RESULT: self.tr("Result"), Column.ATTEMPTS: self.tr("Tries"),
            Column.PIN: self.tr("PIN"), Column.UPDATED: self.tr("Updated"),
        }
        self.status_labels = {
            Status.PENDING: self.tr("To do"), Status.QUEUED: self.tr("Queued"), Status.RUNNING: self.tr("Running"),
            Status.RETRY_WAIT: self.tr("Retrying"), Status.PAUSED: self.tr("Paused"),
            Status.REGISTERED: self.tr("Registered"), Status.DEREGISTERED: self.tr("Deregistered"),
            Status.CHECKED: self.tr("Checked"), Status.SKIPPED: self.tr("Skipped"), Status.FAILED: self.tr("Failed"),
            Status.BLOCKED: self.tr("Blocked"), Status.CANCELLED: self.tr("Cancelled"),
            Status.INTERRUPTED: self.tr("Interrupted"),
        }
        # Display names for accounts and providers, filled by the window (ids -> names).
        self.account_names: dict[str, str] = {}
        self.provider_labels: dict[str, str] = {}
        self.provider_vendors: dict[str, str] = {}
        self.default_url = ""
        self.default_account_name = ""
        self.editable = True
        # Set by the window: the source rows on screen (None = announce every change).
        self.visible_rows: Callable[[], set[int] | None] | None = None

    # -- Qt model API -------------------------------------------------------------------------

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008 - Qt API
        return 0 if parent.isValid() else len(self._rows)

    def index(self, row: int, column: int, parent: ModelIndex = QModelIndex()) -> QModelIndex:  # noqa: B008 - Qt API
        # Qt's own index() asks rowCount() and columnCount(): two calls into Python instead of one.
        if 0 <= row < len(self._rows) and 0 <= column < _COLUMN_COUNT and not parent.isValid():
            return self.createIndex(row, column)
        return QModelIndex()

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008 - Qt API
        return 0 if parent.isValid() else _COLUMN_COUNT

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers.get(Column(section), "") if 0 <= section < _COLUMN_COUNT else None
        return None

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if self.editable and index.column() in _EDITABLE_COLUMNS:
            status = self._rows[index.row()].status
            if status not in ACTIVE_STATUSES and status not in DONE_STATUSES:
                return _EDITABLE_FLAGS
        return _READ_ONLY_FLAGS

    def data(self, index: ModelIndex, role: int = _DISPLAY) -> Any:
        # Most roles a delegate asks for (font, colours, alignment, check state...) are not ours.
        if role not in _ROLES or not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        column = _COLUMNS[index.column()]
        if role == _DISPLAY:
            return self._display(row, column)
        if role == _EDIT:
            return self._edit_value(row, column)
        if role == _TOOLTIP:
            return self._tooltip(row, column)
        if role == _STATUS:
            return row.status
        if role == _ROW_ID:
            return row.row_id
        if role == _SORT:
            if column == Column.STATUS:
                return _STATUS_ORDER[row.status]
            if column == Column.ATTEMPTS:
                return row.attempts
            return self._display(row, column) or ""
        return self._display(row, column) or ""  # accessible text

    def setData(self, index: ModelIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        if not self.flags(index) & Qt.ItemFlag.ItemIsEditable:
            return False
        row = self._rows[index.row()]
        column = _COLUMNS[index.column()]
        text = str(value).strip() if value is not None else ""
        if column == Column.URL:
            row.url = text or None
        elif column == Column.CRC:
            try:
                row.crc = normalize_crc(text)
            except InputError:
                return False
        elif column == Column.SERIAL:
            row.serial = text or None
        elif column == Column.ACCOUNT:
            row.account = value if value else None
        elif column == Column.VENDOR:
            row.provider = value if value else None
        else:
            return False
        if row.status in (Status.FAILED, Status.BLOCKED):
            self._set_status(row, Status.PENDING)
            row.code = row.message = row.hint = None
        self.dataChanged.emit(self.index(index.row(), 0), self.index(index.row(), _COLUMN_COUNT - 1))
        return True

    # -- display helpers ------------------------------------------------------------------------

    def _display(self, row: DeviceRow, column: Column) -> str | None:
        if column == Column.STATUS:
            text = self.status_labels.get(row.status, row.status.value)
            if row.status is Status.REGISTERED and row.verified:
                text += " ✓"
            return text
        if column == Column.MAC:
            return str(row.mac)
        if column == Column.VENDOR:
            vendor = row.vendor.label if row.vendor else self.tr("Unknown vendor")
            provider = row.provider or row.used_provider
            if not provider:
                return f"{vendor} · {self.tr('automatic')}"
            shown = self.provider_labels.get(provider, provider)
            # "Snom (XML-RPC)" already names the vendor; say both only when they differ.
            if row.vendor and self.provider_vendors.get(provider) == row.vendor.vendor:
                return shown
            return f"{vendor} · {shown}"
        if column == Column.ACCOUNT:
            account = row.account or row.used_account
            if account:
                return self.account_names.get(account, account)
            return self.default_account_name or self.tr("Default")
        if column == Column.URL:
            return row.url or self.default_url
        if column == Column.CRC:
            return row.crc or ""
        if column == Column.SERIAL:
            return row.serial or ""
        if column == Column.RESULT:
            return error_summary(row.code, row.message) if row.code else (row.message or "")
        if column == Column.ATTEMPTS:
            return str(row.attempts) if row.attempts else ""
        if column == Column.PIN:
            return row.pin or ""
        if column == Column.UPDATED:
            return row.updated[11:19] if row.updated else ""
        return None

    def _edit_value(self, row: DeviceRow, column: Column) -> Any:
        if column == Column.URL:
            return row.url or ""
        if column == Column.CRC:
            return row.crc or ""
        if column == Column.SERIAL:
            return row.serial or ""
        if column == Column.ACCOUNT:
            return row.account
        if column == Column.VENDOR:
            return row.provider
        return self._display(row, column)

    def _tooltip(self, row: DeviceRow, column: Column) -> str | None:
        if column in (Column.STATUS, Column.RESULT) and (row.message or row.hint):
            # As the Result cell and the details pane: the specific English message in English, the
            # code's translated summary otherwise.
            message = error_summary(row.code, row.message) if row.code else row.message
            parts = [p for p in (message, error_hint(row.code) or row.hint) if p]
            if row.code:
                parts.insert(0, f"[{row.code}]")
            return "\n".join(parts)
        if column == Column.VENDOR and row.vendor and row.vendor.note:
            return row.vendor.note
        return None

    # -- changes --------------------------------------------------------------------------------

    def new_row_id(self) -> int:
        row_id = self._next_id
        self._next_id += 1
        return row_id

    def rows(self) -> Sequence[DeviceRow]:
        return self._rows

    def row_by_id(self, row_id: int) -> DeviceRow | None:
        pos = self._pos.get(row_id)
        return None if pos is None else self._rows[pos]

    def position(self, row_id: int) -> int | None:
        return self._pos.get(row_id)

    def find_mac(self, mac: Mac) -> DeviceRow | None:
        for row in self._rows:  # only on add; typed/scanned rows are few per second
            if row.mac == mac:
                return row
        return None

    def add_rows(self, rows: Iterable[DeviceRow]) -> None:
        new = list(rows)
        if not new:
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(new) - 1)
        for offset, row in enumerate(new):
            self._rows.append(row)
            self._pos[row.row_id] = first + offset
            self._next_id = max(self._next_id, row.row_id + 1)
            self.counts[row.status] = self.counts.get(row.status, 0) + 1
        self.endInsertRows()
        self.sig_counts_changed.emit()

    def remove_rows(self, row_ids: Iterable[int]) -> int:
        positions = sorted({self._pos[r] for r in row_ids if r in self._pos}, reverse=True)
        if not positions:
            return 0
        # Remove contiguous runs from the bottom up, one begin/endRemoveRows per run.
        runs: list[tuple[int, int]] = []
        for pos in positions:
            if runs and runs[-1][0] == pos + 1:
                runs[-1] = (pos, runs[-1][1])
            else:
                runs.append((pos, pos))
        for start, end in runs:
            self.beginRemoveRows(QModelIndex(), start, end)
            for row in self._rows[start:end + 1]:
                self.counts[row.status] -= 1
            del self._rows[start:end + 1]
            self.endRemoveRows()
        self._pos = {row.row_id: i for i, row in enumerate(self._rows)}
        self.sig_counts_changed.emit()
        return len(positions)

    def clear(self) -> None:
        self.beginResetModel()
        self._rows.clear()
        self._pos.clear()
        self.counts.clear()
        self.endResetModel()
        self.sig_counts_changed.emit()

    def _set_status(self, row: DeviceRow, status: Status) -> None:
        if row.status is status:
            return
        self.counts[row.status] = self.counts.get(row.status, 1) - 1
        self.counts[status] = self.counts.get(status, 0) + 1
        row.status = status

    def set_statuses(self, row_ids: Iterable[int], status: Status, *, message: str | None = None) -> None:
        """Local state changes (queued for a run, reset for a retry), emitted as ranges."""
        touched: list[int] = []
        for row_id in row_ids:
            pos = self._pos.get(row_id)
            if pos is None:
                continue
            row = self._rows[pos]
            self._set_status(row, status)
            row.code = row.hint = row.vendor_reply = None
            row.message = message
            touched.append(pos)
        self._emit_ranges(touched)
        if touched:
            self.sig_counts_changed.emit()

    def queue_rows(self, event: RowsQueued) -> None:
        """A batch's rows entered the engine's queue (one event for all of them)."""
        touched: list[int] = []
        for row_id, provider, account in event.rows:
            pos = self._pos.get(row_id)
            if pos is None:
                continue
            row = self._rows[pos]
            self._set_status(row, Status.QUEUED)
            row.batch_id = event.batch_id
            row.used_provider, row.used_account = provider, account
            row.code = row.message = row.hint = row.vendor_reply = None
            row.updated = event.at
            touched.append(pos)
        self._emit_ranges(touched)
        if touched:
            self.sig_counts_changed.emit()

    def apply_changes(self, changes: Sequence[RowChanged]) -> int:
        """Apply engine events; returns how many rows changed."""
        touched: list[int] = []
        for change in changes:
            pos = self._pos.get(change.row_id)
            if pos is None:
                continue  # the row was removed meanwhile
            row = self._rows[pos]
            if row.batch_id not in (None, change.batch_id) and row.status in ACTIVE_STATUSES:
                continue  # stale event of an older batch for a row already re-queued
            self._set_status(row, change.status)
            row.apply(change)
            touched.append(pos)
        self._emit_ranges(touched)
        if touched:
            self.sig_counts_changed.emit()
        return len(set(touched))

    def _emit_ranges(self, positions: list[int]) -> None:
        if not positions:
            return
        last_column = _COLUMN_COUNT - 1
        unique = sorted(set(positions))
        if self.visible_rows is not None:
            # A ranged dataChanged makes QTableView repaint its whole viewport even when the range
            # is off-screen (measured: ~1,800 data() calls per signal). During a batch most changes
            # are off-screen: announce only the rows on screen; the rest are read fresh when scrolled to.
            visible = self.visible_rows()
            if visible is not None:
                unique = [pos for pos in unique if pos in visible]
                if not unique:
                    return
        if len(unique) > len(self._rows) / 2:
            self.dataChanged.emit(self.index(unique[0], 0), self.index(unique[-1], last_column))
            return
        start = prev = unique[0]
        for pos in unique[1:]:
            if pos != prev + 1:
                self.dataChanged.emit(self.index(start, 0), self.index(prev, last_column))
                start = pos
            prev = pos
        self.dataChanged.emit(self.index(start, 0), self.index(prev, last_column))

    def refresh_row(self, row_id: int) -> None:
        """A row's fields were changed in place (a scan completed its code or serial)."""
        pos = self._pos.get(row_id)
        if pos is not None:
            self.dataChanged.emit(self.index(pos, 0), self.index(pos, _COLUMN_COUNT - 1))

    def refresh_all(self) -> None:
        """Names or defaults shown in every row changed (account renamed, URL edited)."""
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, _COLUMN_COUNT - 1))


class StatusFilter(IntEnum):
    ALL = 0
    TODO = 1
    FAILED = 2
    DONE = 3


class DeviceFilterProxy(QSortFilterProxyModel):
    """Status filter (all / to do / failed / done) plus free-text search over MAC, URL, result."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._mode = StatusFilter.ALL
        self._needle = ""
        self.setSortRole(SortRole)
        self.setDynamicSortFilter(False)  # off while batches run: rows must not jump under the cursor

    def set_mode(self, mode: StatusFilter) -> None:
        self._begin_filter_change()
        self._mode = mode
        self._end_filter_change()

    def set_search(self, text: str) -> None:
        needle = "".join(ch for ch in text.strip().upper() if ch not in ":-. ") if _looks_like_mac(text) \
            else text.strip().upper()
        self._begin_filter_change()
        self._needle = needle
        self._end_filter_change()

    # Qt 6.10 replaced invalidateFilter() with begin/endFilterChange(); keep working on 6.8-6.9.
    def _begin_filter_change(self) -> None:
        if hasattr(self, "beginFilterChange"):
            self.beginFilterChange()

    def _end_filter_change(self) -> None:
        if hasattr(self, "endFilterChange"):
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            self.invalidateFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: ModelIndex) -> bool:
        model = self.sourceModel()
        if not isinstance(model, DeviceTableModel):
            return True
        row = model.rows()[source_row]
        if self._mode == StatusFilter.TODO and row.status not in TODO_STATUSES | ACTIVE_STATUSES:
            return False
        if self._mode == StatusFilter.FAILED and row.status not in FAILED_STATUSES:
            return False
        if self._mode == StatusFilter.DONE and row.status not in DONE_STATUSES:
            return False
        if self._needle:
            haystack = " ".join(filter(None, (row.mac.value, str(row.mac), row.url or "", row.message or "",
                                              row.serial or "", row.label, row.code or ""))).upper()
            return self._needle in haystack
        return True


def _looks_like_mac(text: str) -> bool:
    stripped = "".join(ch for ch in text.strip() if ch not in ":-. ")
    return len(stripped) >= 4 and all(ch in "0123456789abcdefABCDEF" for ch in stripped)
