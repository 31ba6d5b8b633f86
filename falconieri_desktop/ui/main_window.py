"""The main window: pick the account, set the URL, add devices, press Start, watch them go green.

Object names used by tests and scripts (part of the interface): mainWindow, accountCombo,
urlInput, deviceInput, deviceTable, startButton, cancelButton, batchProgress, importButton,
scanButton, statusFilter, detailsPane (plus pauseButton, retryButton, exportButton, searchInput).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QByteArray, QItemSelectionModel, QModelIndex, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QFontMetrics, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QProgressBar,
    QPushButton,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from falconieri_desktop import APP_NAME
from falconieri_desktop.core.devices import Operation, Status
from falconieri_desktop.core.errors import FalconieriError
from falconieri_desktop.core.mac import Mac
from falconieri_desktop.ui.details import DetailsPane
from falconieri_desktop.ui.device_input import DeviceInput
from falconieri_desktop.ui.editors import ChoiceDelegate
from falconieri_desktop.ui.i18n import core_text, error_summary
from falconieri_desktop.ui.models import (
    ACTIVE_STATUSES,
    FAILED_STATUSES,
    TODO_STATUSES,
    Column,
    DeviceFilterProxy,
    DeviceRow,
    DeviceTableModel,
    RowIdRole,
    StatusFilter,
)
from falconieri_desktop.ui.widgets import PROBLEM_COLOUR, GatedTableView

# The services (engine, providers, journal, accounts) are imported when they are attached, after
# the window has painted once: they bring httpx, asyncio, keyring and SQLite (benchmarks/ui.py).
if TYPE_CHECKING:
    from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent, QImage

    from falconieri_desktop.core.engine import AccountBlocked, EngineError
    from falconieri_desktop.core.intake import EntryResult
    from falconieri_desktop.ui.bridge import EngineBridge
    from falconieri_desktop.ui.context import AppContext
    from falconieri_desktop.ui.run_controller import Progress, RunController, RunSummary
    from falconieri_desktop.ui.scanner import ScanPanel

__all__ = ["MainWindow"]

log = logging.getLogger(__name__)

SPREADSHEET_SUFFIXES = {".csv", ".tsv", ".txt", ".xlsx", ".xlsm", ".ods", ".xls"}
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".bmp", ".gif", ".webp", ".tif", ".tiff"}
EXAMPLE_URL = "https://pbx.example.com/provisioning/"


def _line_edit(combo: QComboBox) -> QLineEdit:
    line = combo.lineEdit()
    assert line is not None, "an editable combo box has a line edit"
    return line


def _fmt_duration(seconds: float | None) -> str:
    if seconds is None:
        return "–"
    seconds = round(seconds)
    minutes, secs = divmod(seconds, 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


class MainWindow(QMainWindow):
    sig_rows_added = Signal(int)
    """How many rows were just added (typed, pasted, scanned, imported)."""

    def __init__(self, ctx: AppContext | None = None, parent: QWidget | None = None, *,
                 sandbox: bool | None = None) -> None:
        """With ``ctx`` the window is ready at once; without, it paints first and ``attach(ctx)``
        brings the services (engine, accounts, journal) when they are up."""
        super().__init__(parent)
        self._sandbox = ctx.sandbox_mode if ctx is not None else bool(sandbox)
        self._attached = False
        self.setObjectName("mainWindow")
        self.setWindowTitle(APP_NAME + (" — " + self.tr("SANDBOX") if self._sandbox else ""))
        self.setAcceptDrops(True)
        self.model = DeviceTableModel(self)
        self.proxy = DeviceFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self._scan_panel: ScanPanel | None = None
        self._last_summary: RunSummary | None = None
        self._build()
        self._connect_widgets()
        self._update_actions()
        if ctx is not None:
            self.attach(ctx)
        else:
            self.statusBar().showMessage(self.tr("Starting…"))

    def attach(self, ctx: AppContext) -> None:
        """Connect the services; until then every action that needs them is disabled."""
        from falconieri_desktop.ui.bridge import EngineBridge
        from falconieri_desktop.ui.run_controller import RunController

        self.ctx = ctx
        self.bridge: EngineBridge = EngineBridge(ctx.engine, parent=self)
        self.runner: RunController = RunController(ctx, self.model, self.bridge, self)
        # The status badges' delegate comes with the services: its module (QStyle and friends,
        # ~13 ms) is not needed to paint the empty window.
        from falconieri_desktop.ui.delegates import StatusDelegate

        self.table.setItemDelegateForColumn(int(Column.STATUS), StatusDelegate(self.table))
        self.details.journal = ctx.journal
        self.table.foreground = ctx.engine.foreground
        self.device_input.vendors = ctx.vendors
        self._connect_services()
        self._attached = True
        self.reload_accounts()
        self._restore_state()
        self._update_actions()
        self.statusBar().showMessage(self.tr("Add devices, then press Start (Ctrl+Enter)."))
        QTimer.singleShot(0, self._offer_resume)

    # -- construction ----------------------------------------------------------------------------

    def _build(self) -> None:
        central = QWidget(self)
        outer = QVBoxLayout(central)
        outer.setContentsMargins(8, 6, 8, 6)
        outer.setSpacing(6)

        if self._sandbox:
            banner = QLabel(self.tr("SANDBOX — simulated vendor services: nothing is sent to real vendors, "
                                    "nothing is stored in the keyring."))
            banner.setObjectName("sandboxBanner")
            banner.setAlignment(Qt.AlignmentFlag.AlignCenter)
            banner.setStyleSheet("QLabel#sandboxBanner { background: #f0a020; color: #1d1d1d; font-weight: bold; "
                                 "padding: 4px; border-radius: 3px; }")
            banner.setAccessibleName(self.tr("Sandbox mode"))
            outer.addWidget(banner)

        self.resume_bar = QFrame(self)
        self.resume_bar.setObjectName("resumeBar")
        self.resume_bar.setFrameShape(QFrame.Shape.StyledPanel)
        self.resume_label = QLabel(self.resume_bar)
        self.resume_button = QPushButton(self.tr("Resume"), self.resume_bar)
        self.resume_dismiss = QPushButton(self.tr("Dismiss"), self.resume_bar)
        bar = QHBoxLayout(self.resume_bar)
        bar.setContentsMargins(6, 3, 6, 3)
        bar.addWidget(self.resume_label, 1)
        bar.addWidget(self.resume_button)
        bar.addWidget(self.resume_dismiss)
        self.resume_bar.hide()
        outer.addWidget(self.resume_bar)

        # Top: account, URL, device input, and the main tools.
        top = QGridLayout()
        top.setHorizontalSpacing(8)
        account_label = QLabel(self.tr("&Account:"))
        self.account_combo = QComboBox(self)
        self.account_combo.setObjectName("accountCombo")
        self.account_combo.setAccessibleName(self.tr("Account"))
        self.account_combo.setMinimumContentsLength(38)
        self.account_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        account_label.setBuddy(self.account_combo)
        url_label = QLabel(self.tr("Provisioning &URL:"))
        self.url_input = QComboBox(self)
        self.url_input.setObjectName("urlInput")
        self.url_input.setEditable(True)
        self.url_input.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.url_input.setAccessibleName(self.tr("Provisioning URL"))
        _line_edit(self.url_input).setPlaceholderText(EXAMPLE_URL + "{mac}.xml")
        self.url_input.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.url_input.setMinimumContentsLength(36)
        url_label.setBuddy(self.url_input)
        self.templates_button = QToolButton(self)
        self.templates_button.setText(self.tr("Templates"))
        self.templates_button.setAccessibleName(self.tr("URL templates"))
        self.templates_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.templates_menu = QMenu(self.templates_button)
        self.templates_button.setMenu(self.templates_menu)
        device_label = QLabel(self.tr("&Device:"))
        self.device_input = DeviceInput(parent=self)
        device_label.setBuddy(self.device_input.line)
        self.scan_button = QPushButton(self.tr("&Scan…"), self)
        self.scan_button.setObjectName("scanButton")
        self.scan_button.setAccessibleName(self.tr("Scan labels with the camera or a photo"))
        self.import_button = QPushButton(self.tr("&Import…"), self)
        self.import_button.setObjectName("importButton")
        self.import_button.setAccessibleName(self.tr("Import a spreadsheet"))
        self.url_feedback = QLabel(self)
        self.url_feedback.setObjectName("urlFeedback")
        self.url_feedback.setStyleSheet(f"color: {PROBLEM_COLOUR};")
        top.addWidget(account_label, 0, 0)
        top.addWidget(self.account_combo, 0, 1)
        top.addWidget(url_label, 0, 2)
        url_box = QHBoxLayout()
        url_box.addWidget(self.url_input, 1)
        url_box.addWidget(self.templates_button)
        top.addLayout(url_box, 0, 3)
        top.addWidget(device_label, 1, 0)
        top.addWidget(self.device_input, 1, 1, 1, 3)
        top.addWidget(self.scan_button, 1, 4)
        top.addWidget(self.import_button, 0, 4)
        top.addWidget(self.url_feedback, 2, 3)
        top.setColumnStretch(3, 1)
        outer.addLayout(top)

        # Filter bar.
        filters = QHBoxLayout()
        self.status_filter = QComboBox(self)
        self.status_filter.setObjectName("statusFilter")
        self.status_filter.setAccessibleName(self.tr("Show"))
        for mode in StatusFilter:
            self.status_filter.addItem("", mode)
        self.search_input = QComboBox(self)
        self.search_input.setEditable(True)
        self.search_input.setObjectName("searchInput")
        self.search_input.setAccessibleName(self.tr("Search devices"))
        _line_edit(self.search_input).setPlaceholderText(self.tr("Search MAC, URL, result…"))
        _line_edit(self.search_input).setClearButtonEnabled(True)
        self.count_label = QLabel(self)
        filters.addWidget(QLabel(self.tr("Show:")))
        filters.addWidget(self.status_filter)
        filters.addWidget(self.search_input, 1)
        filters.addWidget(self.count_label)
        outer.addLayout(filters)

        # Table and details.
        self.table = GatedTableView(self)
        self.table.setObjectName("deviceTable")
        self.table.setAccessibleName(self.tr("Devices"))
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                   | QAbstractItemView.EditTrigger.EditKeyPressed
                                   | QAbstractItemView.EditTrigger.SelectedClicked)
        # Source order until the user clicks a header: sorting 10,000 rows on every insert costs seconds.
        self.table.horizontalHeader().setSortIndicatorClearable(True)
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        vertical = self.table.verticalHeader()
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)  # fixed row height: 10,000 rows stay cheap
        vertical.setDefaultSectionSize(self.fontMetrics().height() + 10)
        vertical.hide()
        header = self.table.horizontalHeader()
        header.setAccessibleName(self.tr("Columns"))
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        widths = {Column.STATUS: 112, Column.MAC: 136, Column.VENDOR: 170, Column.ACCOUNT: 150, Column.URL: 190,
                  Column.RESULT: 260, Column.CRC: 56, Column.SERIAL: 110, Column.ATTEMPTS: 44, Column.PIN: 64,
                  Column.UPDATED: 70}
        title_font = header.font()
        title_font.setBold(True)  # some styles draw header titles bold
        metrics = QFontMetrics(title_font)  # translated titles may need more room than the English ones
        for column, width in widths.items():
            title = str(self.model.headerData(int(column), Qt.Orientation.Horizontal) or "")
            self.table.setColumnWidth(int(column), max(width, metrics.horizontalAdvance(title) + 16))
        self.model.visible_rows = self._visible_source_rows
        self.account_delegate = ChoiceDelegate(self._account_choices, self.table)
        self.provider_delegate = ChoiceDelegate(self._provider_choices, self.table)
        self.table.setItemDelegateForColumn(int(Column.ACCOUNT), self.account_delegate)
        self.table.setItemDelegateForColumn(int(Column.VENDOR), self.provider_delegate)
        self.details = DetailsPane(self.model, None, self)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.setObjectName("mainSplitter")
        splitter.addWidget(self.table)
        splitter.addWidget(self.details)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([900, 340])
        self.splitter = splitter
        outer.addWidget(splitter, 1)

        # Run bar.
        run = QHBoxLayout()
        self.start_button = QPushButton(self.tr("Start"), self)
        self.start_button.setObjectName("startButton")
        self.start_button.setAccessibleName(self.tr("Start registering the devices to do"))
        self.start_button.setDefault(False)
        self.pause_button = QPushButton(self.tr("Pause"), self)
        self.pause_button.setObjectName("pauseButton")
        self.pause_button.setCheckable(True)
        self.pause_button.setAccessibleName(self.tr("Pause or resume the run"))
        self.cancel_button = QPushButton(self.tr("Cancel"), self)
        self.cancel_button.setObjectName("cancelButton")
        self.cancel_button.setAccessibleName(self.tr("Cancel the run"))
        self.progress = QProgressBar(self)
        self.progress.setObjectName("batchProgress")
        self.progress.setAccessibleName(self.tr("Progress"))
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.progress.setTextVisible(True)
        self.progress.setFormat("")
        self.progress_label = QLabel(self)
        self.progress_label.setObjectName("progressLabel")
        self.retry_button = QPushButton(self.tr("Retry failed"), self)
        self.retry_button.setObjectName("retryButton")
        self.export_button = QPushButton(self.tr("Export report…"), self)
        self.export_button.setObjectName("exportButton")
        run.addWidget(self.start_button)
        run.addWidget(self.pause_button)
        run.addWidget(self.cancel_button)
        run.addWidget(self.progress, 1)
        run.addWidget(self.progress_label)
        run.addWidget(self.retry_button)
        run.addWidget(self.export_button)
        outer.addLayout(run)
        self.setCentralWidget(central)
        self._build_menus()
        self.resize(1280, 760)
        self._update_filter_labels()

    def _action(self, text: str, slot: Callable[[], Any],
                shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
                tip: str = "") -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if tip:
            action.setStatusTip(tip)
        action.triggered.connect(lambda _checked=False: slot())
        self.addAction(action)
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu(self.tr("&File"))
        self.act_import = self._action(self.tr("&Import spreadsheet…"), self.open_import, QKeySequence.StandardKey.Open)
        self.act_photo = self._action(self.tr("Open &photos of labels…"), self.open_photos)
        self.act_export = self._action(self.tr("&Export report…"), self.export_report, "Ctrl+E")
        self.act_quit = self._action(self.tr("&Quit"), self.close, QKeySequence.StandardKey.Quit)
        for act in (self.act_import, self.act_photo, self.act_export):
            file_menu.addAction(act)
        file_menu.addSeparator()
        file_menu.addAction(self.act_quit)

        edit_menu = bar.addMenu(self.tr("&Edit"))
        self.act_paste = self._action(self.tr("&Paste devices"), self.paste, QKeySequence.StandardKey.Paste)
        self.act_paste.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.table.addAction(self.act_paste)
        self.act_copy = self._action(self.tr("&Copy MACs"), self.copy_selected, QKeySequence.StandardKey.Copy)
        self.act_copy.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.table.addAction(self.act_copy)
        self.act_remove = self._action(self.tr("&Remove"), self.remove_selected, QKeySequence.StandardKey.Delete)
        self.act_remove.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.table.addAction(self.act_remove)
        self.act_clear_done = self._action(self.tr("Remove fi&nished rows"), self.remove_finished)
        self.act_find = self._action(self.tr("&Find"), self.search_input.setFocus, QKeySequence.StandardKey.Find)
        self.act_focus_input = self._action(self.tr("Add &device"), self.device_input.line.setFocus, "Ctrl+L")
        for act in (self.act_paste, self.act_copy, self.act_remove, self.act_clear_done, self.act_find,
                    self.act_focus_input):
            edit_menu.addAction(act)

        run_menu = bar.addMenu(self.tr("&Run"))
        self.act_start = self._action(self.tr("&Start"), self.start, "Ctrl+Return")
        self.act_start_enter = QAction(self)
        self.act_start_enter.setShortcut(QKeySequence("Ctrl+Enter"))
        self.act_start_enter.triggered.connect(lambda _=False: self.start())
        self.addAction(self.act_start_enter)
        self.act_pause = self._action(self.tr("&Pause / resume"), self.toggle_pause, "Ctrl+P")
        self.act_cancel = self._action(self.tr("&Cancel"), self.cancel, "Ctrl+.")
        self.act_retry = self._action(self.tr("&Retry failed"), self.retry_failed, "Ctrl+R")
        self.act_retry_sel = self._action(self.tr("Retry se&lected"), self.retry_selected)
        self.act_check = self._action(self.tr("C&heck selected (read back)"), self.check_selected)
        self.act_dereg = self._action(self.tr("&Deregister selected…"), self.deregister_selected)
        for act in (self.act_start, self.act_pause, self.act_cancel, self.act_retry, self.act_retry_sel,
                    self.act_check, self.act_dereg):
            run_menu.addAction(act)

        tools = bar.addMenu(self.tr("&Tools"))
        self.act_scan = self._action(self.tr("&Scan labels…"), self.open_scanner, "Ctrl+Shift+S")
        self.act_accounts = self._action(self.tr("&Accounts…"), self.open_accounts)
        self.act_settings = self._action(self.tr("S&ettings…"), self.open_settings,
                                         QKeySequence.StandardKey.Preferences)
        self.act_history = self._action(self.tr("&History…"), self.open_history, "Ctrl+H")
        for act in (self.act_scan, self.act_accounts, self.act_settings, self.act_history):
            tools.addAction(act)
        help_menu = bar.addMenu(self.tr("&Help"))
        self.act_about = self._action(self.tr("&About"), self.about)
        help_menu.addAction(self.act_about)

    def _connect_widgets(self) -> None:
        self.device_input.sig_entered.connect(self._on_entered)
        self.start_button.clicked.connect(self.start)
        self.pause_button.clicked.connect(self.toggle_pause)
        self.cancel_button.clicked.connect(self.cancel)
        self.retry_button.clicked.connect(self.retry_failed)
        self.export_button.clicked.connect(self.export_report)
        self.import_button.clicked.connect(self.open_import)
        self.scan_button.clicked.connect(self.open_scanner)
        self.resume_button.clicked.connect(self._resume_interrupted)
        self.resume_dismiss.clicked.connect(self.resume_bar.hide)
        self.status_filter.currentIndexChanged.connect(
            lambda i: self.proxy.set_mode(StatusFilter(self.status_filter.itemData(i))))
        self.search_input.editTextChanged.connect(self.proxy.set_search)
        self.account_combo.currentIndexChanged.connect(self._on_account_changed)
        self.url_input.editTextChanged.connect(self._on_url_changed)
        self.table.customContextMenuRequested.connect(self._context_menu)
        self.table.selectionModel().currentRowChanged.connect(self._on_current_changed)
        self.model.sig_counts_changed.connect(self._update_filter_labels)
        self.model.sig_counts_changed.connect(self._update_actions)
        self.model.dataChanged.connect(self._on_data_changed)

    def _connect_services(self) -> None:
        self.runner.sig_state_changed.connect(self._update_actions)
        self.runner.sig_progress.connect(self._on_progress)
        self.runner.sig_finished.connect(self._on_finished)
        self.runner.sig_message.connect(lambda text: self.statusBar().showMessage(text, 8000))
        self.bridge.sig_engine_error.connect(self._on_engine_error)
        self.bridge.sig_account_blocked.connect(self._on_account_blocked)

    # -- accounts, URL ------------------------------------------------------------------------------

    def reload_accounts(self) -> None:
        """Fill the account selector, grouped by provider."""
        from falconieri_desktop.providers import PROVIDERS

        current = self.account_combo.currentData()
        combo = self.account_combo
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(self.tr("Automatic — vendor from the MAC, default account"), None)
        accounts = self.ctx.account_list()
        self.model.account_names = {a.id: a.name for a in accounts}
        self.model.provider_labels = {name: core_text("Providers", cls.info.label) for name, cls in PROVIDERS.items()}
        self.model.provider_vendors = {name: cls.info.vendor for name, cls in PROVIDERS.items()}
        provider = None
        for account in accounts:
            if account.provider != provider:
                provider = account.provider
                combo.insertSeparator(combo.count())
                label = core_text("Providers", PROVIDERS[provider].info.label) if provider in PROVIDERS else provider
                combo.addItem(label, "__header__")
                item = combo.model().item(combo.count() - 1)  # type: ignore[attr-defined]
                item.setEnabled(False)
                font = item.font()
                font.setBold(True)
                item.setFont(font)
            suffix = "  ★" if account.is_default else ""
            combo.addItem(f"    {account.name}{suffix}", account.id)
        index = combo.findData(current) if current else 0
        combo.setCurrentIndex(max(0, index))
        combo.blockSignals(False)
        self._on_account_changed()
        self._fill_templates()
        self._fill_recent_urls()

    def selected_account(self) -> str | None:
        data = self.account_combo.currentData()
        return data if isinstance(data, str) and data != "__header__" else None

    def _on_account_changed(self, *_: object) -> None:
        account_id = self.selected_account()
        name = self.model.account_names.get(account_id or "", "")
        self.model.default_account_name = name or self.tr("Automatic")
        self.device_input.provider_hint = self.tr("via {account}").format(account=name) if name else ""
        self.model.refresh_all()
        self.details.refresh()

    def _fill_recent_urls(self) -> None:
        text = self.url_input.currentText()
        self.url_input.blockSignals(True)
        self.url_input.clear()
        recent = list(self.ctx.settings.get("ui.recent_urls"))
        if self._sandbox and not recent:
            recent = [EXAMPLE_URL]
        self.url_input.addItems(recent)
        self.url_input.setEditText(text or (recent[0] if recent else ""))
        self.url_input.blockSignals(False)
        self._on_url_changed(self.url_input.currentText())

    def _fill_templates(self) -> None:
        from falconieri_desktop.providers import PROVIDERS

        self.templates_menu.clear()
        templates = dict(self.ctx.settings.get("ui.url_templates"))
        builtin = {"snom": EXAMPLE_URL + "{mac}.xml", "yealink": EXAMPLE_URL + "$MAC.cfg",
                   "fanvil": EXAMPLE_URL + "$mac.cfg", "gigaset": EXAMPLE_URL + "%MACD.xml"}
        for provider, template in {**builtin, **templates}.items():
            label = core_text("Providers", PROVIDERS[provider].info.label) if provider in PROVIDERS else provider
            action = self.templates_menu.addAction(f"{label}: {template}")
            action.triggered.connect(lambda _=False, t=template: self.url_input.setEditText(t))

    def _on_url_changed(self, text: str) -> None:
        from falconieri_desktop.core.urls import parse_provisioning_url

        self.model.default_url = text.strip()
        message = ""
        if text.strip():
            try:
                parse_provisioning_url(text)
            except FalconieriError as exc:
                message = error_summary(exc.code, exc.message)
        self.url_feedback.setText(message)
        self.model.refresh_all()

    # -- adding rows ---------------------------------------------------------------------------------

    def add_entries(self, result: EntryResult, source: str) -> list[DeviceRow]:
        """Add the devices of one entry; a MAC already in the table is selected instead of duplicated."""
        added: list[DeviceRow] = []
        for entry in result.entries:
            existing = self.model.find_mac(entry.mac)
            if existing is not None:
                if entry.crc and not existing.crc:
                    existing.crc = entry.crc
                if entry.serial and not existing.serial:
                    existing.serial = entry.serial
                self.model.refresh_row(existing.row_id)
                self.select_row(existing.row_id)
                self.statusBar().showMessage(self.tr("{mac} is already in the list.").format(mac=entry.mac), 5000)
                continue
            row = DeviceRow(self.model.new_row_id(), entry.mac, crc=entry.crc, serial=entry.serial, url=entry.url,
                            vendor=entry.vendor, source=source)
            if entry.needs_crc:
                row.message = self.tr("Gigaset code needed: type it in the Code column.")
            added.append(row)
        if added:
            self.model.add_rows(added)
            self.select_row(added[-1].row_id)
            self.sig_rows_added.emit(len(added))
        return added

    def add_devices(self, devices: Sequence[tuple[Mac, str | None, str | None]], source: str) -> list[DeviceRow]:
        """Add (mac, crc, serial) tuples (scanner, import)."""
        from falconieri_desktop.core.intake import Entry, EntryResult

        entries = []
        for mac, crc, serial in devices:
            guess = self.ctx.vendors.guess(mac)
            needs_crc = crc is None and guess is not None and guess.vendor == "gigaset"
            entries.append(Entry(mac, crc, serial, vendor=guess, needs_crc=needs_crc))
        return self.add_entries(EntryResult(tuple(entries)), source)

    def _on_entered(self, result: EntryResult, source: str) -> None:
        self.add_entries(result, source)

    def paste(self) -> None:
        """Ctrl+V: MACs, MAC-IDs or whole spreadsheet rows, one per line; an image goes to the scan panel."""
        from falconieri_desktop.core.intake import parse_paste

        if self._paste_image():
            return
        text = QGuiApplication.clipboard().text()
        if not text.strip():
            self.statusBar().showMessage(self.tr("The clipboard holds no text."), 5000)
            return
        added = 0
        problems: list[str] = []
        ignored = 0
        for line, result in parse_paste(text, vendors=self.ctx.vendors):
            if result.entries:
                added += len(self.add_entries(result, "pasted"))
            elif result.error is not None:
                problems.append(self.tr("line {line}: {message}").format(line=line, message=result.error.message))
            else:
                ignored += 1
        summary = self.tr("Pasted %n device(s).", "", added)
        if ignored:
            summary += " " + self.tr("%n product barcode(s) ignored.", "", ignored)
        if problems:
            summary += " " + self.tr("%n line(s) not understood: {first}", "", len(problems)).format(
                first=problems[0])
        self.statusBar().showMessage(summary, 12000)

    # -- issue 8: images pasted or dropped are read like photos of labels by the scan panel --

    def _paste_image(self) -> bool:
        """Image files copied in a file manager, or an image without text: read them in the scan panel.

        Text wins over an image (a spreadsheet copies its cells as both)."""
        clipboard = QGuiApplication.clipboard()
        mime = clipboard.mimeData()
        if mime is None:
            return False
        images = [u.toLocalFile() for u in mime.urls()
                  if u.isLocalFile() and Path(u.toLocalFile()).suffix.lower() in IMAGE_SUFFIXES]
        if images:
            self.open_photos(images)
            return True
        if mime.hasImage() and not mime.text().strip():
            self._scan_image(clipboard.image())
            return True
        return False

    def _scan_image(self, image: QImage) -> None:
        self.open_scanner()
        if self._scan_panel is not None:
            self._scan_panel.scan_image(image)

    # -- end of issue 8 --

    def select_row(self, row_id: int) -> None:
        pos = self.model.position(row_id)
        if pos is None:
            return
        index = self.proxy.mapFromSource(self.model.index(pos, 0))
        if index.isValid():
            self.table.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
            self.table.scrollTo(index)

    def _visible_source_rows(self) -> set[int] | None:
        """Source rows on screen, plus the current one (the details pane follows it)."""
        viewport = self.table.viewport()
        if not self.table.isVisible() or viewport is None:
            return set()
        first = self.table.rowAt(0)
        if first < 0:
            return set()
        last = self.table.rowAt(viewport.height() - 1)
        if last < 0:
            last = self.proxy.rowCount() - 1
        rows = {self.proxy.mapToSource(self.proxy.index(r, 0)).row() for r in range(first, last + 1)}
        current = self.table.currentIndex()
        if current.isValid():
            rows.add(self.proxy.mapToSource(current).row())
        return rows

    def select_first_problem(self) -> None:
        """Select the first failed row (or the first row) so the details pane shows something useful."""
        rows = self.model.rows()
        target = next((r for r in rows if r.status in FAILED_STATUSES), rows[0] if rows else None)
        if target is not None:
            self.select_row(target.row_id)

    # -- selection, context menu -----------------------------------------------------------------------

    def selected_row_ids(self) -> list[int]:
        ids = []
        for index in self.table.selectionModel().selectedRows():
            row_id = index.data(RowIdRole)
            if row_id is not None:
                ids.append(int(row_id))
        return ids

    def _selected_rows(self) -> list[DeviceRow]:
        rows = [self.model.row_by_id(i) for i in self.selected_row_ids()]
        return [r for r in rows if r is not None]

    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        row_id = current.data(RowIdRole) if current.isValid() else None
        self.details.show_row(int(row_id) if row_id is not None else None)

    def _on_data_changed(self, top_left: QModelIndex, bottom_right: QModelIndex, _roles: object = None) -> None:
        current = self.table.currentIndex()
        if current.isValid():
            source = self.proxy.mapToSource(current)
            if top_left.row() <= source.row() <= bottom_right.row():
                self.details.refresh()

    def _context_menu(self, pos: Any) -> None:
        menu = QMenu(self)
        menu.addAction(self.act_retry_sel)
        menu.addAction(self.act_check)
        menu.addAction(self.act_dereg)
        menu.addSeparator()
        menu.addAction(self.act_copy)
        menu.addAction(self.act_remove)
        details = menu.addAction(self.tr("Details"))
        details.triggered.connect(self.details.browser.setFocus)
        menu.exec(self.table.viewport().mapToGlobal(pos))

    def copy_selected(self) -> None:
        rows = self._selected_rows()
        if rows:
            QGuiApplication.clipboard().setText("\n".join(str(r.mac) for r in rows))
            self.statusBar().showMessage(self.tr("Copied %n MAC(s).", "", len(rows)), 4000)

    def remove_selected(self) -> None:
        rows = [r for r in self._selected_rows() if r.status not in ACTIVE_STATUSES]
        if rows:
            self.model.remove_rows(r.row_id for r in rows)
            self.details.show_row(None)

    def remove_finished(self) -> None:
        done = [r.row_id for r in self.model.rows() if r.status.is_final and r.status not in FAILED_STATUSES
                and r.status is not Status.CANCELLED]
        self.model.remove_rows(done)

    # -- running ---------------------------------------------------------------------------------------

    def _url_ok(self, rows: Sequence[DeviceRow]) -> bool:
        if all(r.url for r in rows):
            return True
        text = self.url_input.currentText().strip()
        if not text:
            self.url_feedback.setText(self.tr("Enter the provisioning URL first."))
            self.url_input.setFocus()
            return False
        return not self.url_feedback.text()

    def start(self, rows: Sequence[DeviceRow] | None = None) -> None:
        """Ctrl+Enter: register every row still to do (or the given rows)."""
        if self.runner.running:
            return
        todo = list(rows) if rows is not None else [r for r in self.model.rows() if r.status in TODO_STATUSES]
        if not todo:
            self.statusBar().showMessage(self.tr("Nothing to do: add devices first."), 5000)
            return
        if not self._url_ok(todo):
            return
        url = self.url_input.currentText().strip()
        if self.runner.start(todo, default_url=url, default_account=self.selected_account()):
            self.ctx.settings.add_recent_url(url)
            self._save_settings()
            self.proxy.setDynamicSortFilter(False)

    def toggle_pause(self) -> None:
        if self.runner.paused:
            self.runner.resume()
        else:
            self.runner.pause()

    def cancel(self) -> None:
        self.runner.cancel()

    def retry_failed(self) -> None:
        rows = [r for r in self.model.rows() if r.status in FAILED_STATUSES | {Status.CANCELLED, Status.INTERRUPTED}]
        if rows:
            self.model.set_statuses([r.row_id for r in rows], Status.PENDING)
            self.start(rows)

    def retry_selected(self) -> None:
        rows = [r for r in self._selected_rows() if r.status not in ACTIVE_STATUSES]
        if rows:
            self.model.set_statuses([r.row_id for r in rows], Status.PENDING)
            self.start(rows)

    def check_selected(self) -> None:
        rows = [r for r in self._selected_rows() if r.status not in ACTIVE_STATUSES]
        if rows and not self.runner.running:
            self.runner.start(rows, operation=Operation.CHECK, default_url=self.url_input.currentText().strip(),
                              default_account=self.selected_account(), source_name="check")

    def deregister_selected(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        rows = [r for r in self._selected_rows() if r.status not in ACTIVE_STATUSES]
        if not rows or self.runner.running:
            return
        answer = QMessageBox.question(
            self, self.tr("Deregister devices"),
            self.tr("Remove the redirection of %n device(s) at their vendors? The phones will no longer find "
                    "their configuration at first boot.", "", len(rows)),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Cancel)
        if answer == QMessageBox.StandardButton.Yes:
            self.runner.start(rows, operation=Operation.DEREGISTER, default_url=self.url_input.currentText().strip(),
                              default_account=self.selected_account(), source_name="deregister")

    def _on_progress(self, progress: Progress) -> None:
        total = max(progress.total, 1)
        # QProgressBar.setValue repaints synchronously (tens of ms offscreen and on slow GPUs):
        # change it with updates off, then let the next paint cycle draw it once.
        self.progress.setUpdatesEnabled(False)
        self.progress.setRange(0, total)
        self.progress.setValue(progress.finished)
        self.progress.setFormat(f"{progress.finished}/{progress.total}")
        self.progress.setUpdatesEnabled(True)
        self.progress.update()
        parts = [self.tr("{n} done").format(n=progress.done), self.tr("{n} failed").format(n=progress.failed),
                 self.tr("{n} skipped").format(n=progress.skipped), self.tr("{n} to do").format(n=progress.todo)]
        if progress.rate and progress.todo:
            parts.append(self.tr("{rate:.1f}/s, ETA {eta}").format(rate=progress.rate, eta=_fmt_duration(progress.eta)))
        self.progress_label.setText(" · ".join(parts))

    def _on_finished(self, summary: RunSummary) -> None:
        from PySide6.QtWidgets import QSystemTrayIcon

        self._last_summary = summary
        self.proxy.setDynamicSortFilter(False)
        p = summary.progress
        text = self.tr("Finished: {done} done, {failed} failed or not sent, {skipped} skipped in {time}.").format(
            done=p.done, failed=p.failed, skipped=p.skipped, time=_fmt_duration(summary.elapsed))
        if summary.state.value == "cancelled":
            text = self.tr("Cancelled: {done} done; the rest can be resumed with Start.").format(done=p.done)
        self.statusBar().showMessage(text)
        self.details.refresh()
        if summary.elapsed > 20 and not self.isActiveWindow() and QSystemTrayIcon.isSystemTrayAvailable():
            tray = QSystemTrayIcon(self.windowIcon(), self)
            tray.show()
            tray.showMessage(APP_NAME, text)
            QTimer.singleShot(15000, tray.deleteLater)

    def _on_engine_error(self, error: EngineError) -> None:
        from falconieri_desktop.ui.dialogs.error_dialog import show_error

        show_error(self, self.tr("Something unexpected happened"), error.message, error.details)

    def _on_account_blocked(self, event: AccountBlocked) -> None:
        self.statusBar().showMessage(event.message, 15000)

    def _update_actions(self) -> None:
        if not self._attached:
            for widget in (self.start_button, self.pause_button, self.cancel_button, self.retry_button,
                           self.export_button, self.import_button, self.scan_button):
                widget.setEnabled(False)
            for action in self.actions():
                if action not in (self.act_quit, self.act_about, self.act_find, self.act_focus_input):
                    action.setEnabled(False)
            return
        self.scan_button.setEnabled(True)
        for action in self.actions():
            action.setEnabled(True)
        running = self.runner.running
        counts = self.model.counts
        todo = sum(counts.get(s, 0) for s in TODO_STATUSES)
        failed = sum(counts.get(s, 0) for s in FAILED_STATUSES)
        self.start_button.setEnabled(not running and todo > 0)
        self.act_start.setEnabled(not running and todo > 0)
        self.pause_button.setEnabled(running)
        self.pause_button.setChecked(self.runner.paused)
        self.pause_button.setText(self.tr("Resume") if self.runner.paused else self.tr("Pause"))
        self.cancel_button.setEnabled(running)
        self.act_pause.setEnabled(running)
        self.act_cancel.setEnabled(running)
        self.retry_button.setEnabled(not running and failed > 0)
        self.act_retry.setEnabled(not running and failed > 0)
        has_rows = self.model.rowCount() > 0
        self.export_button.setEnabled(has_rows)
        self.act_export.setEnabled(has_rows)
        for act in (self.act_check, self.act_dereg, self.act_retry_sel):
            act.setEnabled(not running)
        self.model.editable = not running
        self.account_combo.setEnabled(not running)
        self.import_button.setEnabled(not running)

    def _update_filter_labels(self) -> None:
        counts = self.model.counts
        total = self.model.rowCount()
        todo = sum(counts.get(s, 0) for s in TODO_STATUSES | ACTIVE_STATUSES)
        failed = sum(counts.get(s, 0) for s in FAILED_STATUSES)
        done = total - todo - failed
        labels = {StatusFilter.ALL: self.tr("All ({n})").format(n=total),
                  StatusFilter.TODO: self.tr("To do ({n})").format(n=todo),
                  StatusFilter.FAILED: self.tr("Failed ({n})").format(n=failed),
                  StatusFilter.DONE: self.tr("Done ({n})").format(n=done)}
        for i in range(self.status_filter.count()):
            self.status_filter.setItemText(i, labels[StatusFilter(self.status_filter.itemData(i))])
        self.count_label.setText(self.tr("%n device(s)", "", total))

    # -- choices for the table's editors ----------------------------------------------------------------

    def _account_choices(self, row_id: int) -> list[tuple[str, Any]]:
        row = self.model.row_by_id(row_id)
        choices: list[tuple[str, Any]] = [(self.tr("(selected / default account)"), None)]
        for account in self.ctx.account_list():
            if row is None or not row.provider or account.provider == row.provider:
                choices.append((account.name, account.id))
        return choices

    def _provider_choices(self, row_id: int) -> list[tuple[str, Any]]:
        from falconieri_desktop.providers import PROVIDERS

        row = self.model.row_by_id(row_id)
        choices: list[tuple[str, Any]] = [(self.tr("automatic (from the MAC)"), None)]
        preferred = row.vendor.providers if row and row.vendor else ()
        for name in (*preferred, *(n for n in PROVIDERS if n not in preferred)):
            if name == "gateway":
                continue
            choices.append((core_text("Providers", PROVIDERS[name].info.label), name))
        return choices

    # -- dialogs and panels ------------------------------------------------------------------------------

    def open_import(self, path: str | None = None) -> None:
        from PySide6.QtWidgets import QFileDialog

        from falconieri_desktop.ui.dialogs.import_dialog import ImportDialog

        if self.runner.running:
            return
        if path is None:
            path, _ = QFileDialog.getOpenFileName(
                self, self.tr("Import devices"), "",
                self.tr("Spreadsheets (*.xlsx *.xlsm *.ods *.csv *.tsv *.txt);;All files (*)"))
            if not path:
                return
        dialog = ImportDialog(self.ctx, self.bridge, Path(path), default_url=self.url_input.currentText().strip(),
                              default_account=self.selected_account(), parent=self,
                              id_factory=self.model.new_row_id)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.sig_accepted.connect(self._on_import_accepted)
        dialog.open()

    def _on_import_accepted(self, rows: list[DeviceRow], source_name: str, source_sha256: str,
                            start: bool) -> None:
        present = {row.mac for row in self.model.rows()}
        duplicates = [row for row in rows if row.mac in present]
        rows = [row for row in rows if row.mac not in present]
        if duplicates:
            self.statusBar().showMessage(self.tr(
                "%n device(s) were already in the list and were not added again.", "", len(duplicates)), 8000)
        self.model.add_rows(rows)
        self.statusBar().showMessage(self.tr("Imported %n device(s) from {name}.", "", len(rows)).format(
            name=source_name), 8000)
        if start and rows:
            todo = [r for r in rows if r.status in TODO_STATUSES]
            if todo and self._url_ok(todo):
                self.runner.start(todo, default_url=self.url_input.currentText().strip(),
                                  default_account=self.selected_account(), source_name=source_name,
                                  source_sha256=source_sha256)

    def open_scanner(self) -> None:
        from falconieri_desktop.ui.scanner import ScanPanel

        if self._scan_panel is None:
            self._scan_panel = ScanPanel(self.ctx, self.bridge, self)
            self._scan_panel.sig_device.connect(
                lambda mac, crc, serial: self.add_devices([(mac, crc, serial)], "scanned"))
        self._scan_panel.show()
        self._scan_panel.raise_()

    def open_photos(self, paths: Sequence[str] | None = None) -> None:
        self.open_scanner()
        if self._scan_panel is not None:
            self._scan_panel.open_photos(paths)

    def open_accounts(self) -> None:
        from falconieri_desktop.ui.dialogs.accounts import AccountsDialog

        dialog = AccountsDialog(self.ctx, self.bridge, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _result: self.reload_accounts())
        dialog.open()

    def open_settings(self) -> None:
        from falconieri_desktop.ui.dialogs.settings import SettingsDialog

        dialog = SettingsDialog(self.ctx, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(self._after_settings)
        dialog.open()

    def _after_settings(self, _result: int = 0) -> None:
        self.ctx.apply_settings()
        self.device_input.vendors = self.ctx.vendors
        self._fill_templates()
        self._fill_recent_urls()

    def open_history(self) -> None:
        from falconieri_desktop.ui.dialogs.history import HistoryDialog

        dialog = HistoryDialog(self.ctx, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.sig_reopen.connect(self.load_batch)
        dialog.open()

    def about(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        from falconieri_desktop import __version__

        QMessageBox.about(self, self.tr("About {app}").format(app=APP_NAME), self.tr(
            "<b>{app}</b> {version}<br>Registers IP phones with their vendors' redirect services.<br>"
            "Free software under the GNU AGPL 3.0 or later.").format(app=APP_NAME, version=__version__))

    # -- journal: reopen, resume, export ---------------------------------------------------------------------

    def load_batch(self, batch_id: int, resume: bool = False) -> None:
        """Show a past batch's devices in the table (and resume its unfinished ones if asked)."""
        from falconieri_desktop.core.journal import RESUMABLE_STATUSES

        records = self.ctx.journal.devices(batch_id)
        rows: list[DeviceRow] = []
        for record in records:
            if record.mac is None or self.model.find_mac(record.mac) is not None:
                continue
            row = DeviceRow(self.model.new_row_id(), record.mac, crc=record.crc, serial=record.serial,
                            provider=record.provider, account=record.account, url=record.url, label=record.label,
                            vendor=self.ctx.vendors.guess(record.mac), source="resumed")
            row.status = Status.PENDING if record.status in RESUMABLE_STATUSES else record.status
            row.code, row.message, row.vendor_reply = record.code, record.message, record.vendor_reply
            row.attempts, row.pin, row.verified = record.attempts, record.pin, record.verified
            rows.append(row)
        self.model.add_rows(rows)
        if resume:
            self.start([r for r in rows if r.status in TODO_STATUSES])

    def _offer_resume(self) -> None:
        try:
            interrupted = self.ctx.journal.mark_interrupted_on_start()
        except FalconieriError as exc:
            log.warning("journal: %s", exc.message)
            return
        if not interrupted:
            return
        self._interrupted = interrupted
        count = sum(len(self.ctx.journal.resumable_devices(b)) for b in interrupted)
        self.resume_label.setText(self.tr("The last run was interrupted with %n device(s) not finished.", "",
                                        count))
        self.resume_bar.show()

    def _resume_interrupted(self) -> None:
        self.resume_bar.hide()
        for batch_id in getattr(self, "_interrupted", []):
            self.load_batch(batch_id, resume=False)
        self.start()

    def export_report(self) -> None:
        from falconieri_desktop.ui.dialogs.export import export_rows

        export_rows(self, self.model, self.ctx)

    # -- drag and drop -----------------------------------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        mime = event.mimeData()
        if (mime.hasUrls() and any(Path(u.toLocalFile()).suffix.lower() in SPREADSHEET_SUFFIXES | IMAGE_SUFFIXES
                                  for u in mime.urls())) or mime.hasImage() or mime.hasText():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        from PySide6.QtGui import QImage

        mime = event.mimeData()
        paths = [Path(u.toLocalFile()) for u in mime.urls() if u.isLocalFile()]
        sheets = [p for p in paths if p.suffix.lower() in SPREADSHEET_SUFFIXES]
        images = [str(p) for p in paths if p.suffix.lower() in IMAGE_SUFFIXES]
        if sheets:
            self.open_import(str(sheets[0]))
        if images:
            self.open_photos(images)
        if not paths and mime.hasImage() and isinstance(mime.imageData(), QImage):  # issue 8: image data
            self._scan_image(mime.imageData())
        elif not paths and mime.hasText():
            from falconieri_desktop.core.intake import parse_paste

            for _, result in parse_paste(mime.text(), vendors=self.ctx.vendors):
                self.add_entries(result, "dropped")
        event.acceptProposedAction()

    # -- state and closing ------------------------------------------------------------------------------------

    def _save_settings(self) -> None:
        if self._sandbox:
            return
        try:
            self.ctx.settings.save()
        except (OSError, FalconieriError) as exc:
            log.warning("settings not saved: %s", exc)

    def _restore_state(self) -> None:
        if self._sandbox:
            return
        state = QSettings()
        geometry = state.value("main/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        header = state.value("main/header")
        if isinstance(header, QByteArray):
            self.table.horizontalHeader().restoreState(header)
        splitter = state.value("main/splitter")
        if isinstance(splitter, QByteArray):
            self.splitter.restoreState(splitter)

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self._attached:
            super().closeEvent(event)
            return
        self.runner.close()
        if self.runner.running:
            # Cancel cleanly; the batch stays resumable (cancelled rows resume with Start or resume).
            self.statusBar().showMessage(self.tr("Cancelling the run…"))
            QApplication.processEvents()
            self.runner.cancel()
            self.runner.wait_idle(8.0)
        if not self._sandbox:
            state = QSettings()
            state.setValue("main/geometry", self.saveGeometry())
            state.setValue("main/header", self.table.horizontalHeader().saveState())
            state.setValue("main/splitter", self.splitter.saveState())
        if self._scan_panel is not None:
            self._scan_panel.close()
        self.bridge.shutdown()
        super().closeEvent(event)
