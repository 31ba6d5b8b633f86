"""The Settings dialog: the preferences of ``core.settings.OPTIONS``, in three pages.

Network (timeouts, proxy, CA bundle), Batches (parallel requests, attempts, time limit per device,
read-back) and Interface (language, MAC range file, URL templates). Each field is built from its
``Option``: the kind picks the widget, ``minimum``/``maximum`` bound it, ``optional`` gives it an
"automatic"/empty state and the description is its help text. Nothing is applied until Save:
every value is first validated by ``Settings.set`` on a scratch copy and problems show under
their field, keeping the dialog open. Save writes ``settings.json`` (``Settings.save``), except in
sandbox mode, where changes stay in memory.

Object names (for tests and scripts): settingsDialog, settingsTabs, setting_<key with _ for .>
(e.g. setting_network_proxy), error_<same>, browse_<same>, restorePageButton_<page>, templatesTable,
forgetRecentButton, settingsError, sandboxNote.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from falconieri_desktop.core.errors import FalconieriError, InputError
from falconieri_desktop.core.settings import OPTIONS, Option, Settings
from falconieri_desktop.providers import PROVIDERS
from falconieri_desktop.ui.context import AppContext
from falconieri_desktop.ui.dialogs.accounts import grow_to_fit
from falconieri_desktop.ui.i18n import AVAILABLE_LANGUAGES
from falconieri_desktop.ui.widgets import problem_label

__all__ = ["SettingsDialog", "UrlTemplatesModel"]

log = logging.getLogger(__name__)

ModelIndex = QModelIndex | QPersistentModelIndex


#: Which settings each page shows, in order. ``ui.recent_urls`` is history, not a preference: it
#: gets a "forget" button instead of a field and is left alone by "Restore defaults".
PAGES: dict[str, tuple[str, ...]] = {
    "network": ("network.connect_timeout", "network.read_timeout", "network.total_timeout", "network.proxy",
                "network.ca_bundle"),
    "batches": ("engine.concurrency", "engine.attempts", "engine.device_deadline", "engine.verify_after_register"),
    "interface": ("ui.language", "ui.mac_ranges_file", "ui.url_templates"),
}


def _widget_name(prefix: str, key: str) -> str:
    return f"{prefix}_{key.replace('.', '_')}"


def _describe(option: Option) -> str:
    """The option's description (Qt-free data in core) through the translation catalogue."""
    return QCoreApplication.translate("Settings", option.description)


def _help_label(text: str, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    label.setWordWrap(True)
    font = label.font()
    font.setPointSizeF(max(7.0, font.pointSizeF() * 0.9))
    label.setFont(font)
    label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    return label


# -- the URL templates table ----------------------------------------------------------------------------


class UrlTemplatesModel(QAbstractTableModel):
    """One row per provider: its provisioning-URL template (empty = none). Column 1 is editable."""

    PROVIDER, TEMPLATE = range(2)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[list[str]] = []  # [provider name, template]

    def set_templates(self, templates: dict[str, str]) -> None:
        names = [name for name in PROVIDERS if name != "gateway"]
        names += [name for name in templates if name not in names]  # kept even if unknown here
        self.beginResetModel()
        self._rows = [[name, templates.get(name, "")] for name in names]
        self.endResetModel()

    def templates(self) -> dict[str, str]:
        """The non-empty templates, by provider name."""
        return {name: template.strip() for name, template in self._rows if template.strip()}

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008 - Qt API
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008 - Qt API
        return 0 if parent.isValid() else 2

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return {self.PROVIDER: self.tr("Provider"), self.TEMPLATE: self.tr("URL template")}.get(section)

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == self.TEMPLATE:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        name, template = self._rows[index.row()]
        if index.column() == self.PROVIDER:
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
                cls = PROVIDERS.get(name)
                return QCoreApplication.translate("Providers", cls.info.label) if cls else name
            if role == Qt.ItemDataRole.UserRole:
                return name
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole, Qt.ItemDataRole.ToolTipRole):
            return template
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return template or self.tr("no template")
        return None

    def setData(self, index: ModelIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if (not index.isValid() or index.column() != self.TEMPLATE or role != Qt.ItemDataRole.EditRole
                or index.row() >= len(self._rows)):
            return False
        text = str(value or "").strip()
        if self._rows[index.row()][1] == text:
            return True
        self._rows[index.row()][1] = text
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole])
        return True


# -- fields -------------------------------------------------------------------------------------------------


class _Field(QWidget):
    """One setting in the form: an editing widget, its help and its inline problem."""

    sig_edited = Signal()
    """The user changed the value (clears the field's problem)."""

    def __init__(self, option: Option, parent: QWidget) -> None:
        super().__init__(parent)
        self.option = option
        self.key = option.key
        self.setObjectName(_widget_name("field", option.key))
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(0, 0, 0, 0)
        self.layout_.setSpacing(2)
        self.error = problem_label(self, _widget_name("error", option.key))
        self.sig_edited.connect(self.clear_error)

    def finish(self, editor: QWidget, help_text: str) -> None:
        editor.setToolTip(help_text)
        editor.setAccessibleDescription(help_text)
        if help_text:
            self.layout_.addWidget(_help_label(help_text, self))
        self.layout_.addWidget(self.error)

    # what subclasses implement
    @property
    def focus_widget(self) -> QWidget:
        raise NotImplementedError

    def value(self) -> Any:
        raise NotImplementedError

    def set_value(self, value: Any) -> None:
        raise NotImplementedError

    def show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()

    def clear_error(self) -> None:
        self.error.hide()
        self.error.clear()

    @property
    def has_error(self) -> bool:
        return not self.error.isHidden()


class _NumberField(_Field):
    """int or float, bounded by the option; an optional int shows "automatic" below its minimum."""

    def __init__(self, option: Option, label: str, help_text: str, parent: QWidget, *,
                 suffix: str = "", automatic: str = "") -> None:
        super().__init__(option, parent)
        lowest = option.minimum if option.minimum is not None else 0
        highest = option.maximum if option.maximum is not None else 10**6
        self.spin: QSpinBox | QDoubleSpinBox
        if option.kind is int:
            self.spin = QSpinBox(self)
            self.spin.setRange(int(lowest) - (1 if option.optional else 0), int(highest))
        else:
            self.spin = QDoubleSpinBox(self)
            self.spin.setDecimals(1)
            self.spin.setSingleStep(1.0 if highest <= 600 else 10.0)
            self.spin.setRange(float(lowest), float(highest))
        if option.optional:
            self.spin.setSpecialValueText(automatic)
        if suffix:
            self.spin.setSuffix(suffix)
        self.spin.setObjectName(_widget_name("setting", option.key))
        self.spin.setAccessibleName(label)
        self.spin.setMinimumWidth(160)
        self.spin.valueChanged.connect(self.sig_edited)
        row = QHBoxLayout()
        row.addWidget(self.spin)
        row.addStretch(1)
        self.layout_.addLayout(row)
        self.finish(self.spin, help_text)

    @property
    def focus_widget(self) -> QWidget:
        return self.spin

    def value(self) -> Any:
        number = self.spin.value()
        if self.option.optional and number == self.spin.minimum():
            return None
        return int(number) if self.option.kind is int else float(number)

    def set_value(self, value: Any) -> None:
        if isinstance(self.spin, QSpinBox):
            self.spin.setValue(self.spin.minimum() if value is None else int(value))
        else:
            self.spin.setValue(self.spin.minimum() if value is None else float(value))


class _CheckField(_Field):
    def __init__(self, option: Option, label: str, help_text: str, parent: QWidget) -> None:
        super().__init__(option, parent)
        self.check = QCheckBox(label, self)
        self.check.setObjectName(_widget_name("setting", option.key))
        self.check.setAccessibleName(label.replace("&", ""))
        self.check.toggled.connect(self.sig_edited)
        self.layout_.addWidget(self.check)
        self.finish(self.check, help_text)

    @property
    def focus_widget(self) -> QWidget:
        return self.check

    def value(self) -> Any:
        return self.check.isChecked()

    def set_value(self, value: Any) -> None:
        self.check.setChecked(bool(value))


class _TextField(_Field):
    """A line of text, or a file path with a Browse button (``file_filter``)."""

    def __init__(self, option: Option, label: str, help_text: str, parent: QWidget, *,
                 placeholder: str = "", file_filter: str | None = None, on_browse: Callable[[_TextField], None]
                 | None = None) -> None:
        super().__init__(option, parent)
        self.edit = QLineEdit(self)
        self.edit.setObjectName(_widget_name("setting", option.key))
        self.edit.setAccessibleName(label)
        self.edit.setPlaceholderText(placeholder)
        self.edit.setClearButtonEnabled(True)
        self.edit.textEdited.connect(self.sig_edited)
        self.file_filter = file_filter
        self.browse: QPushButton | None = None
        row = QHBoxLayout()
        row.addWidget(self.edit, 1)
        if on_browse is not None:
            self.browse = QPushButton(self.tr("Browse…"), self)
            self.browse.setObjectName(_widget_name("browse", option.key))
            self.browse.setAccessibleName(self.tr("Choose a file for {setting}").format(setting=label))
            self.browse.setAutoDefault(False)
            self.browse.clicked.connect(lambda: on_browse(self))
            row.addWidget(self.browse)
        self.layout_.addLayout(row)
        self.finish(self.edit, help_text)

    @property
    def focus_widget(self) -> QWidget:
        return self.edit

    def value(self) -> Any:
        text = self.edit.text().strip()
        return text or (None if self.option.optional else "")

    def set_value(self, value: Any) -> None:
        self.edit.setText("" if value is None else str(value))

    def set_path(self, path: str) -> None:
        self.edit.setText(path)
        self.sig_edited.emit()


class _LanguageField(_Field):
    def __init__(self, option: Option, label: str, help_text: str, parent: QWidget) -> None:
        super().__init__(option, parent)
        self.combo = QComboBox(self)
        self.combo.setObjectName(_widget_name("setting", option.key))
        self.combo.setAccessibleName(label)
        self.combo.addItem(self.tr("System language"), "")
        for code, name in AVAILABLE_LANGUAGES.items():
            self.combo.addItem(f"{name} ({code})", code)
        self.combo.currentIndexChanged.connect(self.sig_edited)
        row = QHBoxLayout()
        row.addWidget(self.combo)
        row.addStretch(1)
        self.layout_.addLayout(row)
        self.finish(self.combo, help_text)

    @property
    def focus_widget(self) -> QWidget:
        return self.combo

    def value(self) -> Any:
        return self.combo.currentData()

    def set_value(self, value: Any) -> None:
        code = str(value or "")
        index = self.combo.findData(code)
        if index < 0:  # a code from a newer version, or typed with the CLI: keep it selectable
            self.combo.addItem(code, code)
            index = self.combo.count() - 1
        self.combo.setCurrentIndex(index)


class _TemplatesField(_Field):
    def __init__(self, option: Option, label: str, help_text: str, parent: QWidget) -> None:
        super().__init__(option, parent)
        self.model = UrlTemplatesModel(self)
        self.table = QTableView(self)
        self.table.setObjectName("templatesTable")
        self.table.setAccessibleName(label)
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                   | QAbstractItemView.EditTrigger.EditKeyPressed
                                   | QAbstractItemView.EditTrigger.AnyKeyPressed)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table: keyboard users move on
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(UrlTemplatesModel.PROVIDER, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 8)
        self.table.setMinimumHeight(180)
        self.table.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
        self.model.dataChanged.connect(lambda *_: self.sig_edited.emit())
        self.layout_.addWidget(self.table, 1)
        self.finish(self.table, help_text)

    @property
    def focus_widget(self) -> QWidget:
        return self.table

    def value(self) -> Any:
        self._commit_open_editor()
        return self.model.templates()

    def _commit_open_editor(self) -> None:
        """Take the text of a cell still being edited (Save pressed before the edit was committed)."""
        if self.table.state() != QAbstractItemView.State.EditingState:
            return
        editor = self.table.indexWidget(self.table.currentIndex())
        if editor is not None:
            self.table.commitData(editor)
            self.table.closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)

    def set_value(self, value: Any) -> None:
        self.model.set_templates(dict(value or {}))
        self.table.resizeColumnToContents(UrlTemplatesModel.PROVIDER)


# -- the dialog -----------------------------------------------------------------------------------------------


class SettingsDialog(QDialog):
    """Edits ``ctx.settings``; Save validates everything first and writes the file (not in sandbox mode)."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.fields: dict[str, _Field] = {}
        self._page_of: dict[str, int] = {}
        self._forget_recent = False
        self.setObjectName("settingsDialog")
        self.setWindowTitle(self.tr("Settings"))
        self._build()
        self.load(ctx.settings)

    # -- construction ------------------------------------------------------------------------------------

    def _labels(self) -> dict[str, str]:
        return {
            "network.connect_timeout": self.tr("C&onnect timeout"),
            "network.read_timeout": self.tr("&Read timeout"),
            "network.total_timeout": self.tr("Request &timeout"),
            "network.proxy": self.tr("&Proxy"),
            "network.ca_bundle": self.tr("Extra CA c&ertificates"),
            "engine.concurrency": self.tr("&Parallel requests"),
            "engine.attempts": self.tr("&Attempts per device"),
            "engine.device_deadline": self.tr("&Time limit per device"),
            "engine.verify_after_register": self.tr("&Verify each registration by reading it back"),
            "ui.language": self.tr("&Language"),
            "ui.mac_ranges_file": self.tr("&MAC range file"),
            "ui.url_templates": self.tr("&URL templates"),
        }

    def _build(self) -> None:
        outer = QVBoxLayout(self)
        if self.ctx.sandbox_mode:
            self.sandbox_note = QLabel(self.tr("Sandbox mode: changes last until you quit; nothing is written "
                                               "to disk."), self)
            self.sandbox_note.setObjectName("sandboxNote")
            self.sandbox_note.setWordWrap(True)
            outer.addWidget(self.sandbox_note)

        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("settingsTabs")
        self.tabs.setAccessibleName(self.tr("Settings pages"))
        outer.addWidget(self.tabs, 1)
        titles = {"network": self.tr("&Network"), "batches": self.tr("&Batches"), "interface": self.tr("&Interface")}
        notes = {
            "network": self.tr("TLS certificates are always verified; there is no setting to turn that off. Extra CA "
                               "certificates only add trust, for networks that inspect TLS. Network changes apply "
                               "to batches after Falconieri Desktop is restarted."),
            "batches": self.tr("These apply to the next batch. An account's own parallel-requests limit wins over "
                               "this one."),
            "interface": self.tr("A new language or MAC range file applies when Falconieri Desktop is restarted."),
        }
        labels = self._labels()
        for page_index, (page, keys) in enumerate(PAGES.items()):
            widget = QWidget(self.tabs)
            widget.setObjectName(f"page_{page}")
            layout = QVBoxLayout(widget)
            form = QFormLayout()
            form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
            form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
            layout.addLayout(form)
            for key in keys:
                field = self._field(OPTIONS[key], labels[key], widget)
                self.fields[key] = field
                self._page_of[key] = page_index
                if isinstance(field, _CheckField):
                    form.addRow("", field)
                else:
                    label = QLabel(labels[key] + ":", widget)
                    label.setBuddy(field.focus_widget)
                    form.addRow(label, field)
            if page != "interface":
                layout.addStretch(1)  # the templates table takes the room on its page
            if page == "interface":
                self.forget_recent = QPushButton(widget)
                self.forget_recent.setObjectName("forgetRecentButton")
                self.forget_recent.setAutoDefault(False)
                self.forget_recent.clicked.connect(self._on_forget_recent)
                layout.addWidget(self.forget_recent, 0, Qt.AlignmentFlag.AlignLeft)
            note = _help_label(notes[page], widget)
            note.setObjectName(f"note_{page}")
            layout.addWidget(note)
            restore = QPushButton(self.tr("Restore the defaults of this page"), widget)
            restore.setObjectName(f"restorePageButton_{page}")
            restore.setAccessibleName(self.tr("Restore the defaults of the {page} page").format(
                page=titles[page].replace("&", "")))
            restore.setAutoDefault(False)
            restore.clicked.connect(lambda _=False, k=keys: self.restore_defaults(k))
            layout.addWidget(restore, 0, Qt.AlignmentFlag.AlignRight)
            self.tabs.addTab(widget, titles[page])

        self.error_label = problem_label(self, "settingsError")
        outer.addWidget(self.error_label)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
                                        | QDialogButtonBox.StandardButton.RestoreDefaults, self)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setObjectName("saveButton")
        self.save_button.setAccessibleName(self.tr("Save the settings"))
        self.save_button.setDefault(True)  # Enter saves
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setAccessibleName(self.tr("Cancel"))
        self.restore_all = self.buttons.button(QDialogButtonBox.StandardButton.RestoreDefaults)
        self.restore_all.setObjectName("restoreAllButton")
        self.restore_all.setText(self.tr("Restore all defaults"))
        self.restore_all.setAccessibleName(self.tr("Restore the defaults of every page"))
        self.restore_all.setAutoDefault(False)
        self.restore_all.clicked.connect(lambda: self.restore_defaults(tuple(self.fields)))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        outer.addWidget(self.buttons)
        self._fix_tab_order()
        self.resize(640, 600)

    def _field(self, option: Option, label: str, parent: QWidget) -> _Field:
        help_text = _describe(option)
        name = label.replace("&", "")
        seconds = " " + self.tr("s")
        if option.key == "ui.language":
            help_text = self.tr("The language of the interface; it changes when Falconieri Desktop is restarted.")
            return _LanguageField(option, name, help_text, parent)
        if option.key == "ui.url_templates":
            help_text = self.tr("Offered in the main window's Templates menu. Use the vendor's placeholder for the "
                                "MAC, e.g. https://pbx.example.com/prov/{mac}.xml for Snom. Double-click or type "
                                "to edit; empty = no template.")
            return _TemplatesField(option, name, help_text, parent)
        if option.kind is bool:
            return _CheckField(option, label, help_text, parent)
        if option.kind in (int, float):
            automatic = self.tr("automatic (per vendor)") if option.key == "engine.concurrency" else self.tr("not set")
            suffix = seconds if option.kind is float else ""
            return _NumberField(option, name, help_text, parent, suffix=suffix, automatic=automatic)
        if option.kind is Path:
            json_only = option.key == "ui.mac_ranges_file"
            file_filter = (self.tr("MAC range files (*.json);;All files (*)") if json_only
                           else self.tr("PEM certificates (*.pem *.crt *.cer);;All files (*)"))
            return _TextField(option, name, help_text, parent, placeholder=self.tr("none"),
                              file_filter=file_filter, on_browse=self._browse)
        placeholder = self.tr("the system or environment proxy") if option.key == "network.proxy" else ""
        return _TextField(option, name, help_text, parent, placeholder=placeholder)

    def _fix_tab_order(self) -> None:
        chain: list[QWidget] = [self.tabs.tabBar()]
        for field in self.fields.values():
            chain.append(field.focus_widget)
            if isinstance(field, _TextField) and field.browse is not None:
                chain.append(field.browse)
        chain.append(self.forget_recent)
        chain += [button for button in self.findChildren(QPushButton) if button.objectName().startswith(
            "restorePageButton_")]
        chain += [self.save_button, self.buttons.button(QDialogButtonBox.StandardButton.Cancel), self.restore_all]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

    def _browse(self, field: _TextField) -> None:
        current = field.edit.text().strip()
        start = str(Path(current).expanduser().parent) if current else str(Path.home())
        chooser = QFileDialog(self, self.tr("Choose a file"), start, field.file_filter or "")
        chooser.setObjectName(_widget_name("chooser", field.key))
        chooser.setFileMode(QFileDialog.FileMode.ExistingFile)
        chooser.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
        chooser.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        chooser.fileSelected.connect(field.set_path)
        chooser.open()

    # -- values ---------------------------------------------------------------------------------------------

    def load(self, settings: Settings) -> None:
        """Show the values of ``settings`` in the fields."""
        for key, field in self.fields.items():
            field.set_value(settings.get(key))
            field.clear_error()
        self._forget_recent = False
        self._update_forget_recent()
        self.error_label.hide()

    def restore_defaults(self, keys: Sequence[str]) -> None:
        """Put the default values of ``keys`` in their fields (saved only with Save)."""
        for key in keys:
            field = self.fields[key]
            field.set_value(OPTIONS[key].default)
            field.clear_error()

    def _on_forget_recent(self) -> None:
        self._forget_recent = True
        self._update_forget_recent()

    def _update_forget_recent(self) -> None:
        count = len(self.ctx.settings.get("ui.recent_urls"))
        if self._forget_recent:
            self.forget_recent.setText(self.tr("Recent URLs will be forgotten when you save"))
            self.forget_recent.setEnabled(False)
        elif count:
            self.forget_recent.setText(self.tr("&Forget %n recent URL(s)", "", count))
            self.forget_recent.setEnabled(True)
        else:
            self.forget_recent.setText(self.tr("No recent URLs to forget"))
            self.forget_recent.setEnabled(False)
        self.forget_recent.setAccessibleName(self.forget_recent.text().replace("&", ""))

    def _message(self, key: str, exc: InputError) -> str:
        """``exc.message`` with the setting's key replaced by the label the user sees."""
        label = self._labels()[key].replace("&", "")
        return exc.message.replace(f"The setting {key}", self.tr("“{label}”").format(label=label))

    def validate(self) -> dict[str, Any]:
        """Every field checked by ``Settings.set`` on a scratch copy; problems shown inline.

        Returns the values (converted) when all are valid, an empty dict otherwise.
        """
        scratch = Settings()
        values: dict[str, Any] = {}
        first_bad: _Field | None = None
        for key, field in self.fields.items():
            field.clear_error()
            try:
                scratch.set(key, field.value())
            except InputError as exc:
                field.show_error(self._message(key, exc))
                first_bad = first_bad or field
                continue
            values[key] = scratch.get(key)
        if first_bad is not None:
            self.tabs.setCurrentIndex(self._page_of[first_bad.key])
            first_bad.focus_widget.setFocus()
            return {}
        return values

    def save(self) -> None:
        """Validate, apply to ``ctx.settings`` and write the file (not in sandbox mode); stays open on problems."""
        self.error_label.hide()
        values = self.validate()
        if not values:
            self.error_label.setText(self.tr("Some settings are not valid; nothing was saved."))
            self.error_label.show()
            grow_to_fit(self)
            return
        settings = self.ctx.settings
        for key, value in values.items():
            if value == OPTIONS[key].default:
                settings.reset(key)  # the file keeps only what differs, so a better default can come later
            else:
                settings.set(key, value)
        if self._forget_recent:
            settings.reset("ui.recent_urls")
        self._apply_to_engine(settings)
        if not self.ctx.sandbox_mode:
            try:
                settings.save()
            except (OSError, FalconieriError) as exc:
                message = exc.message if isinstance(exc, FalconieriError) else (exc.strerror or str(exc))
                self.error_label.setText(self.tr("The settings could not be written: {problem}").format(
                    problem=message))
                self.error_label.show()
                return
        self.accept()

    def _apply_to_engine(self, settings: Settings) -> None:
        # The retry policy is read at every failure, so the next batch gets the new attempts and
        # time limit. (Parallel requests and read-back are read by the run controller at Start.)
        engine = settings.engine()
        self.ctx.engine.policy = replace(self.ctx.engine.policy, attempts=engine.attempts,
                                         deadline=engine.device_deadline)
