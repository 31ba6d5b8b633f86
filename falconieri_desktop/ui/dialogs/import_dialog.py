"""Import a spreadsheet: preview it, fix the column mapping, see the plan, then add the devices.

The flow (file and network work never runs on the GUI thread):

1. *read* -- ``spreadsheets.read_sheet`` on the bridge's executor: a ``RawSheet``, once per sheet.
2. *analyse* -- on the executor too: the column mapping applied (``parse_sheet``), every row
   validated, and the offline preflight (``plan.prepare``): one ``PlanRow`` per data row.
3. *check* -- the rows the vendors can check go to the engine as a CHECK batch with
   ``journal=False``: nothing is written at any vendor nor in the journal. Its events (followed
   for this dialog's batch id only) classify each row with ``plan.classify``: new / override /
   already correct / conflict / unchecked / check failed.

Editing the mapping re-runs step 2 on the sheet already read. Check results are cached per device
and account, so a remap only sends the rows not checked yet. Closing the dialog cancels the checks.

The engine rows of the check batch are numbered from ``PLAN_ROW_BASE`` so that they can never be
taken for rows of the main table, whose events flow through the same bridge signals.
"""

from __future__ import annotations

import dataclasses
import functools
import itertools
import logging
import uuid
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPoint,
    QRectF,
    QSize,
    QSortFilterProxyModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QGuiApplication, QIcon, QPainter, QPen, QPixmap
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from falconieri_desktop.core.config import Resolved
from falconieri_desktop.core.devices import DeviceId, Status
from falconieri_desktop.core.engine import BatchFinished, BatchSpec, Job, RowChanged
from falconieri_desktop.core.errors import FalconieriError, InputError
from falconieri_desktop.core.plan import AUTO, PlanClass, PlanInput, PlanRow, check_jobs, classify, prepare
from falconieri_desktop.core.spreadsheets import (
    Field,
    ParsedSheet,
    RawRow,
    RawSheet,
    column_letter,
    parse_sheet,
    read_sheet,
)
from falconieri_desktop.core.urls import parse_provisioning_url
from falconieri_desktop.ui.bridge import EngineBridge
from falconieri_desktop.ui.context import AppContext
from falconieri_desktop.ui.i18n import core_message, error_hint, error_summary
from falconieri_desktop.ui.models import DeviceRow

__all__ = ["PLAN_ROW_BASE", "ImportDialog", "MappingBar", "PreviewFilter", "PreviewModel"]

log = logging.getLogger(__name__)

ModelIndex = QModelIndex | QPersistentModelIndex

#: Engine row ids of the plan's check batch start here (main-table row ids are small counters).
PLAN_ROW_BASE = 1 << 40

PlanClassRole = Qt.ItemDataRole.UserRole + 1

#: Classes counted in the summary, in the order shown.
SUMMARY_CLASSES = (PlanClass.NEW, PlanClass.OVERRIDE, PlanClass.ALREADY_CORRECT, PlanClass.CONFLICT,
                   PlanClass.MISSING_DATA, PlanClass.INVALID, PlanClass.UNCHECKED, PlanClass.CHECK_FAILED)
#: Classes that "Copy problems" lists and the "Problems" filter shows.
PROBLEM_CLASSES = frozenset({PlanClass.INVALID, PlanClass.MISSING_DATA, PlanClass.CONFLICT, PlanClass.CHECK_FAILED})
#: Classes that will write at the vendor when the devices are started.
WRITE_CLASSES = frozenset({PlanClass.NEW, PlanClass.OVERRIDE, PlanClass.UNCHECKED, PlanClass.CHECK_FAILED,
                           PlanClass.CONFLICT})

_ICON_STYLE: dict[PlanClass, tuple[str, str]] = {
    PlanClass.NEW: ("#2f6fe4", "+"),
    PlanClass.OVERRIDE: ("#d9901a", "↻"),
    PlanClass.ALREADY_CORRECT: ("#2e9d57", "✓"),
    PlanClass.CONFLICT: ("#d64545", "!"),
    PlanClass.MISSING_DATA: ("#b23a8a", "?"),
    PlanClass.INVALID: ("#d64545", "×"),
    PlanClass.UNCHECKED: ("#8a8f98", "•"),
    PlanClass.CHECK_FAILED: ("#d9901a", "!"),
    PlanClass.PENDING: ("#8a8f98", "…"),
}
_icons: dict[tuple[PlanClass, int], QIcon] = {}


def plan_icon(klass: PlanClass, size: int = 16) -> QIcon:
    """A round badge for a plan class, drawn (sharp at any DPI, readable on light and dark palettes)."""
    key = (klass, size)
    icon = _icons.get(key)
    if icon is None:
        app = QApplication.instance()
        ratio = app.devicePixelRatio() if isinstance(app, QGuiApplication) else 1.0
        pixmap = QPixmap(int(size * ratio), int(size * ratio))
        pixmap.setDevicePixelRatio(ratio)
        pixmap.fill(Qt.GlobalColor.transparent)
        color, glyph = _ICON_STYLE[klass]
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(color))
        rect = QRectF(1, 1, size - 2, size - 2)
        painter.drawEllipse(rect)
        painter.setPen(QPen(QColor("white")))
        font = QFont(painter.font())
        font.setBold(True)
        font.setPixelSize(max(7, int(rect.height() * 0.7)))
        painter.setFont(font)
        painter.drawText(rect, int(Qt.AlignmentFlag.AlignCenter), glyph)
        painter.end()
        icon = _icons[key] = QIcon(pixmap)
    return icon


# -- Qt-free work for the executor ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Request:
    """What one analysis needs; built on the GUI thread, used on the executor."""

    raw: RawSheet
    explicit: Mapping[Field, int]  # fields the user pinned to columns
    ignored: frozenset[int]  # columns the user told us to ignore
    header_pos: int | None  # position in raw.rows of the header row; None = no header
    url: str  # for rows without their own URL
    account_id: str | None  # the main window's account; None = automatic
    mismatch: str  # translated "{account} is a {provider} account ..." message


@dataclass(frozen=True, slots=True)
class _Analysis:
    """A sheet mapped, validated and prepared: row ``i`` of each sequence is data row ``i``."""

    request: _Request
    parsed: ParsedSheet
    cells: tuple[tuple[str, ...], ...]  # the original cells (ignored columns not blanked)
    titles: tuple[str, ...]  # one per column
    prepared: tuple[PlanRow, ...]  # offline preflight
    rows: tuple[PlanRow, ...]  # the preflight with the cached checks applied
    jobs: tuple[Job, ...]  # checks still to make; row_id = PLAN_ROW_BASE + position

    @property
    def mapping(self) -> dict[int, Field]:
        return {column: target for target, column in self.parsed.mapping.columns.items()}


def _detect_header(raw: RawSheet) -> int | None:
    """Where ``parse_sheet``'s own detection puts the header (position in ``raw.rows``)."""
    detected = parse_sheet(raw)
    number = detected.mapping.header_row
    if number is None:
        return None
    return next((i for i, row in enumerate(raw.rows) if row.number == number), None)


def _load(ctx: AppContext, path: Path, sheet: str | None, cache: Mapping[_CheckKey, RowChanged], *, url: str,
          account_id: str | None, mismatch: str) -> _Analysis:
    raw = read_sheet(path, sheet=sheet)
    request = _Request(raw, {}, frozenset(), _detect_header(raw), url, account_id, mismatch)
    return _analyse(ctx, request, cache)


def _blank(row: RawRow, ignored: frozenset[int]) -> RawRow | None:
    cells = tuple("" if i in ignored else cell for i, cell in enumerate(row.cells))
    if not any(cell.strip() for cell in cells):
        return None
    return RawRow(row.number, cells, tuple(i for i in row.cut if i not in ignored),
                  tuple(i for i in row.numeric if i not in ignored))


def _analyse(ctx: AppContext, request: _Request, cache: Mapping[_CheckKey, RowChanged]) -> _Analysis:
    """Map, validate and preflight every row (offline; no vendor call); apply the checks already
    made (``cache``) and list the ones still to make."""
    raw = request.raw
    rows: Sequence[RawRow] = raw.rows if request.header_pos is None else raw.rows[request.header_pos:]
    if request.ignored:
        # parse_sheet has no "this column holds nothing" switch: an ignored column is blanked, so
        # neither its header text nor its content can be detected as a field again.
        kept = [_blank(row, request.ignored) for row in rows]
        rows = [row for row in kept if row is not None]
        if request.header_pos is not None and (not rows or rows[0].number != raw.rows[request.header_pos].number):
            rows.insert(0, RawRow(raw.rows[request.header_pos].number, ("",) * raw.width))
    work = dataclasses.replace(raw, rows=tuple(rows))
    parsed = parse_sheet(work, dict(request.explicit), header=request.header_pos is not None)
    original = {row.number: row.cells for row in raw.rows}
    cells = tuple(original.get(row.number, row.cells) for row in parsed.rows)
    header_cells = raw.rows[request.header_pos].cells if request.header_pos is not None else ()
    titles = tuple(header_cells[i].strip() if i < len(header_cells) else "" for i in range(raw.width))
    prepared = tuple(_prepare(ctx, request, parsed))
    planned: list[PlanRow] = []
    for row in prepared:
        key = _check_key(row) if row.klass is PlanClass.PENDING else None
        event = cache.get(key) if key is not None else None
        planned.append(classify(row, event) if event is not None else row)
    position = {row.row: pos for pos, row in enumerate(prepared)}
    # Without a URL: the engine echoes a job's URL in its events when the vendor's answer has none,
    # and classify() would take "registered here, URL unknown" for "already correct" (Gigaset,
    # Yealink and Fanvil checks do not read the URL back).
    jobs = tuple(dataclasses.replace(job, row_id=PLAN_ROW_BASE + position[job.row_id], url=None)
                 for job in check_jobs(prepared) if planned[position[job.row_id]].klass is PlanClass.PENDING)
    return _Analysis(request, parsed, cells, titles, prepared, tuple(planned), jobs)


def _prepare(ctx: AppContext, request: _Request, parsed: ParsedSheet) -> list[PlanRow]:
    chooser = ctx.chooser()
    chosen: Resolved | FalconieriError | None = None
    chosen_name = ""
    if request.account_id:
        try:
            chosen = ctx.resolve_account(request.account_id)
            chosen_name = ctx.accounts.get_by_id(request.account_id).name
        except FalconieriError as exc:
            chosen = exc
    inputs: list[PlanInput] = []
    held: dict[int, PlanRow] = {}  # row number -> a plan decided here, not by prepare()
    uses_chosen: set[int] = set()
    for srow in parsed.rows:
        candidate = srow.candidate
        if candidate is None:
            duplicate = next((p.duplicate_of for p in srow.problems if p.duplicate_of is not None), None)
            inputs.append(PlanInput(srow.number, None, problems=tuple((p.code, p.message) for p in srow.problems),
                                    duplicate_of=duplicate))
            continue
        item = PlanInput(srow.number, candidate.id, url=candidate.url, provider=candidate.provider or AUTO,
                         account=candidate.account, label=candidate.label)
        if chosen is not None and not candidate.account:
            # The account chosen in the main window applies to rows that do not name their own,
            # exactly as the run will apply it (run_controller._jobs).
            if isinstance(chosen, FalconieriError):
                held[srow.number] = PlanRow(srow.number, item, PlanClass.MISSING_DATA, code=chosen.code,
                                            reason=chosen.message)
            elif candidate.provider and candidate.provider != chosen.target:
                held[srow.number] = PlanRow(srow.number, item, PlanClass.MISSING_DATA, code="account_not_found",
                                            reason=request.mismatch.format(account=chosen_name,
                                                                           provider=candidate.provider))
            else:
                item = dataclasses.replace(item, provider=chosen.target, account=chosen_name)
                uses_chosen.add(srow.number)
        inputs.append(item)
    prepared = prepare([i for i in inputs if i.row not in held], chooser, default_url=request.url or None)
    by_row = {row.row: row for row in prepared}
    out: list[PlanRow] = []
    for item in inputs:
        row = held.get(item.row) or by_row[item.row]
        if item.row in uses_chosen and isinstance(chosen, Resolved) and row.resolved is not None:
            device = row.device
            if device is not None:
                device = dataclasses.replace(device, account=chosen.settings.account_id)
            row = dataclasses.replace(row, resolved=chosen, device=device)
        out.append(row)
    return out


_CheckKey = tuple[DeviceId, str, str, str, str | None]


def _check_key(row: PlanRow) -> _CheckKey | None:
    if row.device is None or row.resolved is None:
        return None
    settings = row.resolved.settings
    return row.device.id, row.resolved.implementation, settings.endpoint, settings.user, settings.account_id


# -- models -----------------------------------------------------------------------------------------


class PreviewModel(QAbstractTableModel):
    """The data rows of the sheet: plan column, the sheet's own columns, then the reason.

    The vertical header shows the row number as the spreadsheet program does.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._numbers: list[int] = []
        self._cells: Sequence[tuple[str, ...]] = ()
        self._titles: tuple[str, ...] = ()
        self._mapping: dict[int, Field] = {}
        self._rows: list[PlanRow] = []
        self._warnings: list[tuple[str, ...]] = []
        self.width = 0
        self.checking = False
        self.labels: dict[PlanClass, str] = {
            PlanClass.NEW: self.tr("New"), PlanClass.OVERRIDE: self.tr("Override"),
            PlanClass.ALREADY_CORRECT: self.tr("Already correct"), PlanClass.CONFLICT: self.tr("Conflict"),
            PlanClass.MISSING_DATA: self.tr("Missing data"), PlanClass.INVALID: self.tr("Invalid"),
            PlanClass.UNCHECKED: self.tr("Unchecked"), PlanClass.CHECK_FAILED: self.tr("Check failed"),
            PlanClass.PENDING: self.tr("To check"),
        }
        self.field_names: dict[Field, str] = {}
        self._mac_column: int | None = None
        self._bold = QFont()
        self._bold.setBold(True)

    # -- Qt model API

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008 - Qt API
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008 - Qt API
        return 0 if parent.isValid() else self.width + 2

    @property
    def reason_column(self) -> int:
        return self.width + 1

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Vertical:
            if role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(self._numbers):
                return str(self._numbers[section])
            if role == Qt.ItemDataRole.ToolTipRole and 0 <= section < len(self._numbers):
                return self.tr("Row {number} of the sheet").format(number=self._numbers[section])
            return None
        if not 0 <= section < self.columnCount():
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            if section == 0:
                return self.tr("Plan")
            if section == self.reason_column:
                return self.tr("Problem or note")
            column = section - 1
            title = self._titles[column] if column < len(self._titles) else ""
            return f"{column_letter(column)} · {title}" if title else column_letter(column)
        if role == Qt.ItemDataRole.ToolTipRole and 0 < section < self.reason_column:
            target = self._mapping.get(section - 1)
            if target is None:
                return self.tr("Column {letter}: ignored").format(letter=column_letter(section - 1))
            return self.tr("Column {letter}: {field}").format(letter=column_letter(section - 1),
                                                              field=self.field_names.get(target, target.value))
        return None

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        pos, column = index.row(), index.column()
        row = self._rows[pos]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            if column == 0:
                return self.class_label(row.klass)
            if column == self.reason_column:
                return self.reason(pos)
            cells = self._cells[pos]
            return cells[column - 1] if column - 1 < len(cells) else ""
        if role == Qt.ItemDataRole.DecorationRole and column == 0:
            return plan_icon(row.klass)
        if role == Qt.ItemDataRole.ToolTipRole and column in (0, self.reason_column):
            return self.details(pos) or None
        if role == Qt.ItemDataRole.FontRole and column - 1 == self._mac_column:
            return self._bold
        if role == PlanClassRole:
            return row.klass.value
        return None

    # -- content

    def class_label(self, klass: PlanClass) -> str:
        if klass is PlanClass.PENDING and self.checking:
            return self.tr("Checking…")
        return self.labels.get(klass, klass.value)

    def plan_reason(self, row: PlanRow) -> str:
        """Why the row is in its class, in the interface's language (the core speaks English)."""
        klass = row.klass
        if klass is PlanClass.NEW:
            return self.tr("Not registered yet: will be registered.")
        if klass is PlanClass.ALREADY_CORRECT:
            return self.tr("Already registered to this account with this URL: nothing to write.")
        if klass is PlanClass.OVERRIDE:
            if row.found_url:
                return self.tr("Registered to this account with {url}: will be overridden.").format(url=row.found_url)
            return self.tr("Registered to this account (the vendor does not say the URL): will be overwritten.")
        if klass is PlanClass.CONFLICT and row.owner:
            return self.tr("Registered to another account ({owner}): the vendor will refuse it until the owner "
                           "releases it.").format(owner=row.owner)
        if klass is PlanClass.CONFLICT:
            return self.tr("Registered to another account: the vendor will refuse it until the owner releases it.")
        if klass is PlanClass.UNCHECKED and row.reason == "Not checked.":
            return self.tr("Not checked: it will be registered.")
        if row.code:
            return error_summary(row.code, row.reason)
        return row.reason

    def reason(self, pos: int) -> str:
        row = self._rows[pos]
        text = self.plan_reason(row)
        parts = [text] if text else []
        parts.extend(core_message(w) for w in self._warnings[pos] if w)
        return " ".join(parts)

    def details(self, pos: int) -> str:
        """Everything about one row: the reason with its code, what to do, and the warnings."""
        row = self._rows[pos]
        reason = self.reason(pos)
        parts = [f"[{row.code}] {reason}" if row.code else reason]
        if row.code == "mac_column_not_found":  # the core's hint speaks of --column options
            parts.append(self.tr("Choose “MAC” in the row above the column that holds the MAC addresses."))
        elif row.code:
            parts.append(error_hint(row.code))
        parts.extend(core_message(w) for w in row.warnings)
        return "\n".join(p for p in parts if p)

    def set_preview(self, analysis: _Analysis, rows: Sequence[PlanRow]) -> None:
        self.beginResetModel()
        self.width = analysis.request.raw.width
        self._titles = analysis.titles
        self._mapping = analysis.mapping
        self._mac_column = analysis.parsed.mac_column
        self._numbers = [row.number for row in analysis.parsed.rows]
        self._cells = analysis.cells
        self._warnings = [tuple(row.warnings) for row in analysis.parsed.rows]
        self._rows = list(rows)
        self.endResetModel()

    def set_rows(self, updates: Mapping[int, PlanRow]) -> None:
        """New plans for some rows (by position): one dataChanged per contiguous run."""
        if not updates:
            return
        for pos, row in updates.items():
            self._rows[pos] = row
        positions = sorted(updates)
        start = prev = positions[0]
        for pos in positions[1:]:
            if pos != prev + 1:
                self.dataChanged.emit(self.index(start, 0), self.index(prev, self.reason_column))
                start = pos
            prev = pos
        self.dataChanged.emit(self.index(start, 0), self.index(prev, self.reason_column))

    def refresh_classes(self) -> None:
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, 0))

    def plan_rows(self) -> Sequence[PlanRow]:
        return self._rows

    def number(self, pos: int) -> int:
        return self._numbers[pos]


class PreviewFilter(QSortFilterProxyModel):
    """All rows, only the rows with a problem, or only the rows that will be written."""

    ALL, PROBLEMS, WRITES = range(3)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._mode = self.ALL

    def set_mode(self, mode: int) -> None:
        if hasattr(self, "beginFilterChange"):  # Qt >= 6.10
            self.beginFilterChange()
            self._mode = mode
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            self._mode = mode
            self.invalidateFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: ModelIndex) -> bool:
        if self._mode == self.ALL:
            return True
        model = self.sourceModel()
        if not isinstance(model, PreviewModel):
            return True
        klass = model.plan_rows()[source_row].klass
        if self._mode == self.PROBLEMS:
            return klass in PROBLEM_CLASSES
        return klass in WRITE_CLASSES


# -- the mapping bar ----------------------------------------------------------------------------------


class MappingBar(QWidget):
    """One combo per sheet column, kept right above that column of the preview table."""

    sig_changed = Signal(int, str)
    """(column, field value or "" for ignore) -- the user changed what a column holds."""

    def __init__(self, view: QTableView, choices: Sequence[tuple[str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mappingBar")
        self._view = view
        self._choices = list(choices)
        self._combos: list[QComboBox] = []
        self.caption = QLabel(self.tr("Column hol&ds:"), self)
        self.caption.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        probe = QComboBox()
        self.setFixedHeight(probe.sizeHint().height() + 4)
        header = view.horizontalHeader()
        header.sectionResized.connect(self.relayout)
        header.geometriesChanged.connect(self.relayout)
        view.horizontalScrollBar().valueChanged.connect(self.relayout)
        view.verticalHeader().geometriesChanged.connect(self.relayout)

    def combos(self) -> list[QComboBox]:
        return list(self._combos)

    def combo(self, column: int) -> QComboBox:
        return self._combos[column]

    def set_columns(self, width: int, titles: Sequence[str], mapping: Mapping[int, Field]) -> None:
        while len(self._combos) > width:
            self._combos.pop().deleteLater()
        while len(self._combos) < width:
            column = len(self._combos)
            combo = QComboBox(self)
            combo.setObjectName(f"mapColumn{column_letter(column)}")
            for text, value in self._choices:
                combo.addItem(text, value)
            combo.currentIndexChanged.connect(lambda _i, c=column: self._on_changed(c))
            combo.installEventFilter(self)
            combo.show()
            self._combos.append(combo)
        for column, combo in enumerate(self._combos):
            title = titles[column] if column < len(titles) else ""
            name = (self.tr("What column {letter} ({title}) holds").format(letter=column_letter(column), title=title)
                    if title else self.tr("What column {letter} holds").format(letter=column_letter(column)))
            combo.setAccessibleName(name)
            combo.setToolTip(name)
            target = mapping.get(column)
            combo.blockSignals(True)
            combo.setCurrentIndex(max(0, combo.findData(target.value if target else "")))
            combo.blockSignals(False)
            font = combo.font()
            font.setBold(target is not None)
            combo.setFont(font)
        if self._combos:
            self.caption.setBuddy(self._combos[0])
        self.relayout()

    def _on_changed(self, column: int) -> None:
        combo = self._combos[column]
        self.sig_changed.emit(column, str(combo.currentData() or ""))

    def relayout(self, *_: object) -> None:
        view = self._view
        header = view.horizontalHeader()
        origin = self.mapFromGlobal(view.viewport().mapToGlobal(QPoint(0, 0))).x()
        height = self.height() - 4
        plan_width = header.sectionSize(0) if header.count() else 0
        self.caption.setGeometry(0, 2, max(0, origin + header.sectionViewportPosition(0) + plan_width - 6), height)
        for column, combo in enumerate(self._combos):
            section = column + 1
            if section >= header.count():
                combo.hide()
                continue
            x = origin + header.sectionViewportPosition(section)
            combo.setGeometry(x + 1, 2, max(0, header.sectionSize(section) - 2), height)
            combo.setVisible(not header.isSectionHidden(section))

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        self.relayout()

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        QTimer.singleShot(0, self.relayout)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusIn and isinstance(watched, QComboBox) and watched in self._combos:
            # Tabbing to a combo scrolled out of sight brings its column into view.
            model = self._view.model()
            if model is not None and model.rowCount() > 0:
                row = max(0, self._view.rowAt(0))
                self._view.scrollTo(model.index(row, self._combos.index(watched) + 1),
                                    QAbstractItemView.ScrollHint.EnsureVisible)
        return super().eventFilter(watched, event)


# -- the dialog ------------------------------------------------------------------------------------------


class ImportDialog(QDialog):
    """Preview of a spreadsheet with its mapping, problems and plan; adds the devices on accept."""

    sig_accepted = Signal(list, str, str, bool)
    """(rows: list[DeviceRow], source name, source sha256, start) -- the user added the devices."""
    sig_analysed = Signal()
    """A new analysis (read or remap) is shown."""
    sig_checks_finished = Signal()
    """The vendors' checks of the current plan ended (finished, stopped or cancelled)."""

    def __init__(self, ctx: AppContext, bridge: EngineBridge, path: Path, *, default_url: str,
                 default_account: str | None, id_factory: Callable[[], int] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("importDialog")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.ctx = ctx
        self.bridge = bridge
        self.path = Path(path)
        self.default_url = default_url.strip()
        self.default_account = default_account
        self._id_factory = id_factory or itertools.count(1).__next__
        self._key = f"import-{uuid.uuid4().hex[:8]}"
        self._analysis: _Analysis | None = None
        self._explicit: dict[Field, int] = {}
        self._ignored: set[int] = set()
        self._header_pos: int | None = None
        self._detected_header_pos: int | None = None
        self._cache: dict[_CheckKey, RowChanged] = {}
        self._plan_batch: str | None = None
        self._job_pos: dict[int, int] = {}  # engine row id -> preview position
        self._jobs_total = 0
        self._jobs_done = 0
        self._closed = False
        self._busy = False
        self.setWindowTitle(self.tr("Import devices — {name}").format(name=self.path.name))
        self._build()
        self.bridge.sig_rows_changed.connect(self._on_rows_changed)
        self.bridge.sig_batch_finished.connect(self._on_batch_finished)
        self._url_timer = QTimer(self)
        self._url_timer.setSingleShot(True)
        self._url_timer.setInterval(350)
        self._url_timer.timeout.connect(self._reanalyse)
        self._load(None)

    # -- construction ----------------------------------------------------------------------------

    def _build(self) -> None:
        self.field_names = {
            Field.MAC: self.tr("MAC address"), Field.CRC: self.tr("Gigaset code (MAC-ID)"),
            Field.SERIAL: self.tr("Serial number"), Field.URL: self.tr("Provisioning URL"),
            Field.PROVIDER: self.tr("Provider"), Field.ACCOUNT: self.tr("Account"),
            Field.LABEL: self.tr("Label / note"),
        }
        short = {
            Field.MAC: self.tr("MAC"), Field.CRC: self.tr("Gigaset code"), Field.SERIAL: self.tr("Serial"),
            Field.URL: self.tr("URL"), Field.PROVIDER: self.tr("Provider"), Field.ACCOUNT: self.tr("Account"),
            Field.LABEL: self.tr("Label"),
        }
        choices = [(self.tr("— ignore —"), "")] + [(short[f], f.value) for f in Field]

        self.status_label = QLabel(self.tr("Reading {name}…").format(name=self.path.name))
        self.status_label.setObjectName("importStatus")
        self.status_label.setWordWrap(True)
        self.status_label.setTextFormat(Qt.TextFormat.PlainText)
        self.status_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        title_font = self.status_label.font()
        title_font.setBold(True)
        self.status_label.setFont(title_font)

        self.sheet_label = QLabel(self.tr("S&heet:"))
        self.sheet_combo = QComboBox()
        self.sheet_combo.setObjectName("sheetCombo")
        self.sheet_combo.setAccessibleName(self.tr("Sheet of the workbook"))
        self.sheet_label.setBuddy(self.sheet_combo)
        self.sheet_combo.currentIndexChanged.connect(self._on_sheet_changed)
        self.header_check = QCheckBox(self.tr("&First row holds column names"))
        self.header_check.setObjectName("headerCheck")
        self.header_check.setAccessibleName(self.tr("The first row holds column names"))
        self.header_check.toggled.connect(self._on_header_toggled)

        url_label = QLabel(self.tr("Provisioning &URL for rows without one:"))
        self.url_edit = QLineEdit(self.default_url)
        self.url_edit.setObjectName("importUrl")
        self.url_edit.setAccessibleName(self.tr("Provisioning URL for rows without one"))
        self.url_edit.setPlaceholderText("https://pbx.example.com/provisioning/{mac}.xml")
        url_label.setBuddy(self.url_edit)
        self.url_edit.textChanged.connect(self._on_url_changed)
        self.url_feedback = QLabel()
        self.url_feedback.setObjectName("importUrlFeedback")
        self.url_feedback.setWordWrap(True)
        self.account_label = QLabel(self._account_text())
        self.account_label.setObjectName("importAccount")
        self.account_label.setWordWrap(True)

        form = QGridLayout()
        form.setHorizontalSpacing(8)
        form.addWidget(self.sheet_label, 0, 0)
        sheet_box = QHBoxLayout()
        sheet_box.addWidget(self.sheet_combo, 1)
        sheet_box.addSpacing(12)
        sheet_box.addWidget(self.header_check)
        sheet_box.addStretch(1)
        form.addLayout(sheet_box, 0, 1)
        form.addWidget(url_label, 1, 0)
        form.addWidget(self.url_edit, 1, 1)
        form.addWidget(self.url_feedback, 2, 1)
        form.addWidget(self.account_label, 3, 1)
        form.setColumnStretch(1, 1)

        self.model = PreviewModel(self)
        self.model.field_names = self.field_names
        self.proxy = PreviewFilter(self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView()
        self.table.setObjectName("previewTable")
        self.table.setAccessibleName(self.tr("Preview of the sheet with the plan for each row"))
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        vertical = self.table.verticalHeader()
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(self.fontMetrics().height() + 8)
        vertical.setAccessibleName(self.tr("Row numbers of the sheet"))
        corner = self.table.findChild(QAbstractButton)
        if corner is not None:
            corner.setAccessibleName(self.tr("Select all rows"))
        header = self.table.horizontalHeader()
        header.setAccessibleName(self.tr("Columns of the sheet"))
        header.setStretchLastSection(True)
        header.setSectionsMovable(False)
        header.setResizeContentsPrecision(40)
        self.mapping_bar = MappingBar(self.table, choices, self)
        self.mapping_bar.setAccessibleName(self.tr("Column mapping"))
        self.mapping_bar.hide()  # shown with the first analysis
        self.sheet_label.hide()
        self.sheet_combo.hide()
        self.mapping_bar.sig_changed.connect(self._on_mapping_changed)

        show_label = QLabel(self.tr("Sho&w:"))
        self.filter_combo = QComboBox()
        self.filter_combo.setObjectName("previewFilter")
        self.filter_combo.setAccessibleName(self.tr("Rows shown in the preview"))
        self.filter_combo.addItem(self.tr("All rows"), PreviewFilter.ALL)
        self.filter_combo.addItem(self.tr("Rows with a problem"), PreviewFilter.PROBLEMS)
        self.filter_combo.addItem(self.tr("Rows that will be written"), PreviewFilter.WRITES)
        self.filter_combo.currentIndexChanged.connect(
            lambda i: self.proxy.set_mode(int(self.filter_combo.itemData(i))))
        show_label.setBuddy(self.filter_combo)
        self.rows_label = QLabel()
        self.rows_label.setObjectName("previewRows")
        filter_bar = QHBoxLayout()
        filter_bar.addWidget(show_label)
        filter_bar.addWidget(self.filter_combo)
        filter_bar.addStretch(1)
        filter_bar.addWidget(self.rows_label)

        # The plan: one count per class, the checks' progress.
        self.count_labels: dict[PlanClass, QLabel] = {}
        counts = QHBoxLayout()
        counts.setSpacing(14)
        plan_title = QLabel(self.tr("Plan:"))
        bold = plan_title.font()
        bold.setBold(True)
        plan_title.setFont(bold)
        counts.addWidget(plan_title)
        for klass in SUMMARY_CLASSES:
            icon = QLabel()
            icon.setPixmap(plan_icon(klass).pixmap(QSize(16, 16)))
            label = QLabel()
            label.setObjectName(f"count_{klass.value}")
            label.setTextFormat(Qt.TextFormat.PlainText)
            pair = QHBoxLayout()
            pair.setSpacing(4)
            pair.addWidget(icon)
            pair.addWidget(label)
            holder = QWidget()
            holder.setLayout(pair)
            pair.setContentsMargins(0, 0, 0, 0)
            self.count_labels[klass] = label
            counts.addWidget(holder)
        counts.addStretch(1)
        self.progress = QProgressBar()
        self.progress.setObjectName("planProgress")
        self.progress.setAccessibleName(self.tr("Checks with the vendors"))
        self.progress.setMaximumWidth(220)
        self.progress.setTextVisible(True)
        self.stop_button = QPushButton(self.tr("S&top checking"))
        self.stop_button.setObjectName("stopChecksButton")
        self.stop_button.setAccessibleName(self.tr("Stop checking the devices with the vendors"))
        self.stop_button.clicked.connect(lambda _checked=False: self._stop_checks())
        self.check_label = QLabel()
        self.check_label.setObjectName("checkStatus")
        counts.addWidget(self.check_label)
        counts.addWidget(self.progress)
        counts.addWidget(self.stop_button)

        self.force_check = QCheckBox(self.tr("Register devices that are already correct too (f&orce)"))
        self.force_check.setObjectName("forceCheck")
        self.force_check.setAccessibleName(self.tr("Register devices that are already correct too"))
        self.force_check.toggled.connect(lambda _on: self._update_buttons())
        self.note_label = QLabel(self.tr("Nothing is written at the vendors until you start the devices."))
        self.note_label.setObjectName("importNote")
        self.note_label.setEnabled(False)

        self.row_details = QLabel()
        self.row_details.setObjectName("rowDetails")
        self.row_details.setWordWrap(True)
        self.row_details.setTextFormat(Qt.TextFormat.PlainText)
        self.row_details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.row_details.setMinimumHeight(self.fontMetrics().lineSpacing() * 2 + 4)
        self.row_details.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.warnings_label = QLabel()
        self.warnings_label.setObjectName("planWarnings")
        self.warnings_label.setWordWrap(True)
        self.warnings_label.setTextFormat(Qt.TextFormat.PlainText)

        self.buttons = QDialogButtonBox()
        self.copy_button = QPushButton(self.tr("&Copy problems"))
        self.copy_button.setObjectName("copyProblemsButton")
        self.copy_button.setAccessibleName(self.tr("Copy the rows with problems and their reasons"))
        self.add_button = self.buttons.addButton(self.tr("&Add to list"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.add_button.setObjectName("addButton")
        self.add_button.setAccessibleName(self.tr("Add the devices to the list"))
        self.start_button = self.buttons.addButton(self.tr("Add and &start"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.start_button.setObjectName("addStartButton")
        self.start_button.setAccessibleName(self.tr("Add the devices and start registering them"))
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setObjectName("cancelImportButton")
        self.cancel_button.setAccessibleName(self.tr("Cancel the import"))
        self.add_button.setDefault(True)
        for button in (self.copy_button, self.add_button, self.start_button):
            button.setAutoDefault(False)
        self.copy_button.clicked.connect(self.copy_problems)
        self.add_button.clicked.connect(lambda: self._accept(start=False))
        self.start_button.clicked.connect(lambda: self._accept(start=True))
        self.cancel_button.clicked.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.status_label)
        layout.addWidget(self.warnings_label)
        layout.addLayout(form)
        table_box = QVBoxLayout()
        table_box.setSpacing(0)
        table_box.addWidget(self.mapping_bar)
        table_box.addWidget(self.table, 1)
        layout.addLayout(filter_bar)
        layout.addLayout(table_box, 1)
        layout.addWidget(self.row_details)
        layout.addLayout(counts)
        layout.addWidget(self.force_check)
        bottom = QHBoxLayout()
        bottom.addWidget(self.copy_button)
        bottom.addWidget(self.note_label, 1)
        bottom.addWidget(self.buttons)
        layout.addLayout(bottom)
        self.table.selectionModel().currentRowChanged.connect(lambda _c, _p: self._show_row_details())
        self.resize(1200, 720)
        self._set_counts({})
        self._set_checking(False)
        self._update_buttons()
        self._validate_url(self.default_url)

    def _account_text(self) -> str:
        if not self.default_account:
            return self.tr("Account: automatic — each phone's vendor from its MAC, with that vendor's default "
                           "account (unless a row names its own account).")
        try:
            name = self.ctx.accounts.get_by_id(self.default_account).name
        except FalconieriError:
            name = self.tr("(removed account)")
        return self.tr("Account: {name}, as chosen in the main window (unless a row names its own "
                       "account).").format(name=name)

    # -- reading and analysing -----------------------------------------------------------------

    def _mismatch_text(self) -> str:
        return self.tr("The account chosen in the main window, {account}, cannot register this row's "
                       "provider ({provider}).")

    def _load(self, sheet: str | None) -> None:
        self._busy = True
        self._stop_checks(finalize=False)
        self._update_buttons()
        self.status_label.setText(self.tr("Reading {name}…").format(name=self.path.name))
        work = functools.partial(_load, self.ctx, self.path, sheet, dict(self._cache), url=self._url(),
                                 account_id=self.default_account, mismatch=self._mismatch_text())
        self.bridge.run_task(work, on_done=self._on_loaded, on_error=self._on_failed, key=self._key)

    def _reanalyse(self) -> None:
        if self._analysis is None:
            return
        self._busy = True
        self._stop_checks(finalize=False)  # the rows change: their checks start again from the cache
        self._update_buttons()
        raw = self._analysis.request.raw
        request = _Request(raw, dict(self._explicit), frozenset(self._ignored), self._header_pos, self._url(),
                           self.default_account, self._mismatch_text())
        self.bridge.run_task(_analyse, self.ctx, request, dict(self._cache), on_done=self._on_analysed,
                             on_error=self._on_failed, key=self._key)

    def _on_loaded(self, analysis: _Analysis) -> None:
        if self._closed:
            return
        raw = analysis.request.raw
        self._explicit = {}
        self._ignored = set()
        self._header_pos = self._detected_header_pos = analysis.request.header_pos
        self.sheet_combo.blockSignals(True)
        self.sheet_combo.clear()
        self.sheet_combo.addItems(list(raw.sheet_names))
        self.sheet_combo.setCurrentIndex(max(0, self.sheet_combo.findText(raw.sheet_name)))
        self.sheet_combo.blockSignals(False)
        multi = len(raw.sheet_names) > 1
        self.sheet_label.setVisible(multi)
        self.sheet_combo.setVisible(multi)
        self.header_check.blockSignals(True)
        self.header_check.setChecked(analysis.request.header_pos is not None)
        self.header_check.blockSignals(False)
        self._on_analysed(analysis)
        self.table.setFocus()  # arrows read the rows; Enter adds them (the default button)

    def _on_analysed(self, analysis: _Analysis) -> None:
        if self._closed:
            return
        self._busy = False
        self._analysis = analysis
        self._stop_checks(finalize=False)
        self.model.set_preview(analysis, analysis.rows)
        self._size_columns()
        self.mapping_bar.set_columns(analysis.request.raw.width, analysis.titles, analysis.mapping)
        self.mapping_bar.show()
        combos = self.mapping_bar.combos()
        chain: list[QWidget] = [self.filter_combo, *combos, self.table]
        for first, second in itertools.pairwise(chain):  # keyboard order follows the screen
            QWidget.setTabOrder(first, second)
        self._show_status(analysis)
        self._show_warnings(analysis)
        if self.proxy.rowCount():
            self.table.setCurrentIndex(self.proxy.index(0, 0))
        self._start_checks()
        self._refresh_counts()
        self._update_buttons()
        self.sig_analysed.emit()

    def _on_failed(self, error: BaseException, details: str) -> None:
        if self._closed:
            return
        self._busy = False
        if isinstance(error, FalconieriError):
            text = " ".join(p for p in (error_summary(error.code, error.message), error_hint(error.code)) if p)
        else:
            log.error("import failed: %s", details)
            text = self.tr("The file could not be read: {error}").format(error=error)
        if self._analysis is None:
            self.status_label.setText(self.tr("{name} cannot be imported. {reason}").format(
                name=self.path.name, reason=text))
        else:
            self.status_label.setText(self.tr("This mapping cannot be used: {reason}").format(reason=text))
        self._update_buttons()

    def _show_status(self, analysis: _Analysis) -> None:
        raw = analysis.request.raw
        parsed = analysis.parsed
        parts = [raw.source]
        if len(raw.sheet_names) > 1:
            parts.append(self.tr("sheet “{sheet}”").format(sheet=raw.sheet_name))
        if raw.format == "csv":
            parts.append(self.tr("CSV, {encoding}, separated by “{delimiter}”").format(
                encoding=raw.encoding or "?", delimiter="TAB" if raw.delimiter == "\t" else raw.delimiter or ","))
        else:
            parts.append(raw.format.upper())
        if parsed.mapping.header_row is not None:
            parts.append(self.tr("column names on row {row}").format(row=parsed.mapping.header_row))
        else:
            parts.append(self.tr("no header row"))
        parts.append(self.tr("%n data row(s)", "", len(parsed.rows)))
        text = " · ".join(parts)
        if parsed.mac_column is None:
            text += "\n" + self.tr("No column of MAC addresses was found: choose it in the row above the table.")
        self.status_label.setText(text)

    def _show_warnings(self, analysis: _Analysis) -> None:
        """Warnings shared by many rows (an http:// endpoint, a URL without the MAC) are said once."""
        seen = list(dict.fromkeys(core_message(w) for row in analysis.prepared for w in row.warnings))
        text = ""
        if seen:
            text = self.tr("Note: {warning}").format(warning=seen[0])
            if len(seen) > 1:
                text += " " + self.tr("(and %n more note(s): point at this line to read them)", "",
                                              len(seen) - 1)
        self.warnings_label.setText(text)
        self.warnings_label.setToolTip("\n".join(seen))
        self.warnings_label.setVisible(bool(text))

    def _show_row_details(self) -> None:
        index = self.proxy.mapToSource(self.table.currentIndex())
        if not index.isValid():
            self.row_details.setText("")
            return
        pos = index.row()
        row = self.model.plan_rows()[pos]
        head = self.tr("Row {number} — {plan}").format(number=self.model.number(pos),
                                                      plan=self.model.class_label(row.klass))
        body = self.model.details(pos).replace("\n", " ")
        self.row_details.setText(f"{head}: {body}" if body else head)

    def _size_columns(self) -> None:
        self.table.resizeColumnsToContents()
        header = self.table.horizontalHeader()
        header.resizeSection(0, max(header.sectionSize(0), 130))
        for section in range(1, self.model.reason_column):
            header.resizeSection(section, min(max(header.sectionSize(section), 120), 240))
        header.resizeSection(self.model.reason_column, max(header.sectionSize(self.model.reason_column), 300))

    def _url(self) -> str:
        return self.url_edit.text().strip()

    # -- user changes -----------------------------------------------------------------------------

    def _on_sheet_changed(self, index: int) -> None:
        if index >= 0:
            self._analysis = None
            self._load(self.sheet_combo.itemText(index))

    def _on_header_toggled(self, checked: bool) -> None:
        if checked:
            self._header_pos = self._detected_header_pos if self._detected_header_pos is not None else 0
        else:
            self._header_pos = None
        self._reanalyse()

    def _on_url_changed(self, text: str) -> None:
        self._validate_url(text)
        self._url_timer.start()

    def _validate_url(self, text: str) -> None:
        message = ""
        if not text.strip():
            message = self.tr("Rows without their own URL will have missing data until a URL is entered.")
        else:
            try:
                parse_provisioning_url(text)
            except InputError as exc:
                message = error_summary(exc.code, exc.message)
        self.url_feedback.setText(message)
        self.url_feedback.setVisible(bool(message))

    def _on_mapping_changed(self, column: int, value: str) -> None:
        """The user said what ``column`` holds (``""`` = nothing): pin it, and unpin the field elsewhere."""
        if self._analysis is None:
            return
        for target, pinned in list(self._explicit.items()):
            if pinned == column:
                del self._explicit[target]
        if value:
            target = Field(value)
            self._explicit[target] = column
            self._ignored.discard(column)  # pinning it elsewhere also frees the column it was detected in
        else:
            self._ignored.add(column)
        self._reanalyse()

    # -- checks with the vendors ------------------------------------------------------------------

    def _start_checks(self) -> None:
        analysis = self._analysis
        if analysis is None:
            return
        jobs = analysis.jobs
        self._job_pos = {job.row_id: job.row_id - PLAN_ROW_BASE for job in jobs}
        self._jobs_total = len(jobs)
        self._jobs_done = 0
        if not jobs:
            self._set_checking(False)
            return
        self._plan_batch = f"plan-{uuid.uuid4().hex[:12]}"
        self.ctx.engine.submit(BatchSpec(self._plan_batch, jobs, journal=False))
        self._set_checking(True)

    def _stop_checks(self, *, finalize: bool = True) -> None:
        """Cancel the running check batch; with ``finalize`` rows left unchecked become "unchecked"."""
        batch, self._plan_batch = self._plan_batch, None
        if batch is not None:
            try:
                self.ctx.engine.cancel(batch)
            except RuntimeError:  # the engine already stopped (application closing)
                log.debug("plan batch %s not cancelled: engine stopped", batch)
        self._set_checking(False)
        if finalize:
            self._finalize_unchecked()
        if batch is not None:
            self.sig_checks_finished.emit()

    def _finalize_unchecked(self) -> None:
        rows = self.model.plan_rows()
        updates = {pos: classify(row, None) for pos, row in enumerate(rows) if row.klass is PlanClass.PENDING}
        self.model.set_rows(updates)
        self._refresh_counts()
        self._show_row_details()

    def _on_rows_changed(self, batch_id: str, changes: list[RowChanged]) -> None:
        if self._closed or batch_id != self._plan_batch or self._analysis is None:
            return  # another batch (the main table's run, or a superseded plan)
        updates: dict[int, PlanRow] = {}
        prepared = self._analysis.prepared
        for change in changes:
            if not change.status.is_final:
                continue
            pos = self._job_pos.get(change.row_id)
            if pos is None:
                continue
            self._jobs_done += 1
            row = prepared[pos]
            if change.status is not Status.CANCELLED:
                key = _check_key(row)
                if key is not None:
                    self._cache[key] = change
                updates[pos] = classify(row, change)
        self.model.set_rows(updates)
        self.progress.setValue(self._jobs_done)
        self._refresh_counts()
        self._show_row_details()

    def _on_batch_finished(self, event: BatchFinished) -> None:
        if self._closed or event.batch_id != self._plan_batch:
            return
        self._plan_batch = None
        self._set_checking(False)
        self._finalize_unchecked()
        self.sig_checks_finished.emit()

    def _set_checking(self, checking: bool) -> None:
        self.model.checking = checking
        self.model.refresh_classes()
        self.progress.setRange(0, max(self._jobs_total, 1))
        self.progress.setValue(self._jobs_done if checking else self.progress.maximum())
        self.progress.setFormat("%v/%m" if checking else "")
        self.progress.setVisible(checking)
        self.stop_button.setVisible(checking)
        self.check_label.setVisible(checking)
        self.check_label.setText(self.tr("Checking with the vendors…") if checking else "")

    @property
    def checking(self) -> bool:
        return self._plan_batch is not None

    @property
    def plan_batch(self) -> str | None:
        """The engine batch id of the checks running now (None when none runs)."""
        return self._plan_batch

    # -- counts, buttons ---------------------------------------------------------------------------

    def plan_counts(self) -> dict[PlanClass, int]:
        """How many rows are in each plan class right now."""
        return dict(Counter(row.klass for row in self.model.plan_rows()))

    def _refresh_counts(self) -> None:
        self._set_counts(self.plan_counts())
        self._update_buttons()

    def _set_counts(self, counts: Mapping[PlanClass, int]) -> None:
        labels = self.model.labels
        for klass, label in self.count_labels.items():
            value = counts.get(klass, 0)
            label.setText(f"{labels[klass]}: {value}")
            holder = label.parentWidget()
            optional = klass in (PlanClass.UNCHECKED, PlanClass.CHECK_FAILED)
            if holder is not None:
                holder.setVisible(bool(value) or not optional)
        total = sum(counts.values())
        shown = self.proxy.rowCount()
        self.rows_label.setText(self.tr("{shown} of {total} rows").format(shown=shown, total=total)
                                if shown != total else self.tr("{total} rows").format(total=total))

    def _addable(self) -> list[int]:
        return [pos for pos, row in enumerate(self.model.plan_rows())
                if row.klass is not PlanClass.INVALID and row.input.device is not None]

    def _update_buttons(self) -> None:
        ready = self._analysis is not None and not self._busy
        rows = self.model.plan_rows() if ready else ()
        addable = ready and any(r.klass is not PlanClass.INVALID and r.input.device is not None for r in rows)
        force = self.force_check.isChecked()
        startable = ready and any(r.klass.sendable and (force or r.klass is not PlanClass.ALREADY_CORRECT)
                                  for r in rows)
        self.add_button.setEnabled(addable)
        self.start_button.setEnabled(startable)
        self.copy_button.setEnabled(ready and any(r.klass in PROBLEM_CLASSES for r in rows))
        self.mapping_bar.setEnabled(ready)
        self.header_check.setEnabled(ready)

    # -- problems ------------------------------------------------------------------------------------

    def problems_text(self) -> str:
        """The rows with problems, tab-separated (row, plan, reason), for the customer's file."""
        lines = ["\t".join((self.tr("Row"), self.tr("Plan"), self.tr("Reason")))]
        for pos, row in enumerate(self.model.plan_rows()):
            if row.klass in PROBLEM_CLASSES:
                lines.append("\t".join((str(self.model.number(pos)), self.model.class_label(row.klass),
                                        self.model.reason(pos).replace("\t", " ").replace("\n", " "))))
        return "\n".join(lines)

    def copy_problems(self) -> None:
        text = self.problems_text()
        QGuiApplication.clipboard().setText(text)
        count = text.count("\n")
        self.note_label.setText(self.tr("Copied %n row(s) with problems to the clipboard.", "", count))

    # -- accepting ------------------------------------------------------------------------------------

    def _accept(self, *, start: bool) -> None:
        if self._analysis is None or self._busy:
            return
        if self.checking:
            self._stop_checks()  # rows not checked yet go as "unchecked": registration is idempotent
        rows = self.device_rows()
        raw = self._analysis.request.raw
        self.sig_accepted.emit(rows, raw.source, raw.sha256, start)
        self.accept()

    def device_rows(self) -> list[DeviceRow]:
        """The table rows for every addable row of the plan (invalid rows stay out)."""
        analysis = self._analysis
        if analysis is None:
            return []
        force = self.force_check.isChecked()
        url = self._url()
        url_override = url if url and url != self.default_url else None
        out: list[DeviceRow] = []
        for pos in self._addable():
            plan = self.model.plan_rows()[pos]
            candidate = analysis.parsed.rows[pos].candidate
            device = plan.input.device
            if candidate is None or device is None:
                continue
            provider = candidate.provider
            if provider and plan.resolved is not None:
                provider = plan.resolved.target
            account = candidate.account
            if account:
                if plan.resolved is not None and plan.resolved.settings.account_id:
                    account = plan.resolved.settings.account_id
                else:
                    found = self.ctx.accounts.find(account)
                    account = found.id if found is not None else account
            row = DeviceRow(self._id_factory(), device.mac, crc=device.crc, serial=device.serial, provider=provider,
                            account=account or None, url=candidate.url or url_override, label=candidate.label,
                            vendor=self.ctx.vendors.guess(device.mac), source="imported")
            row.plan = plan.klass.value
            row.found_url = plan.found_url
            row.owner = plan.owner
            row.warnings = tuple(plan.warnings) + tuple(analysis.parsed.rows[pos].warnings)
            key = _check_key(plan)
            event = self._cache.get(key) if key is not None else None
            if event is not None:
                row.presence = event.presence
            if plan.klass is PlanClass.ALREADY_CORRECT:
                if force:
                    row.message = self.tr("Already correct at the vendor; registered again (forced).")
                else:
                    row.status = Status.SKIPPED
                    row.message = self.tr("Already registered with this URL: nothing to write.")
            elif plan.klass in (PlanClass.CONFLICT, PlanClass.MISSING_DATA):
                row.code = plan.code
                row.message = self.model.plan_reason(plan)
                row.hint = (error_hint(plan.code) or None) if plan.code else None
            elif plan.klass is not PlanClass.NEW:
                row.message = self.model.plan_reason(plan) or None
            out.append(row)
        return out

    def done(self, result: int) -> None:
        """Closing by any way (buttons, Escape, the window's close box) cancels the checks."""
        if not self._closed:
            self._stop_checks(finalize=False)
            self._closed = True
            self._url_timer.stop()
        super().done(result)
