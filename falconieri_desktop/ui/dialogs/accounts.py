"""The Accounts dialog: the stored vendor accounts, grouped by provider, and what can be done with them.

Add, edit, remove (confirmed), make one the provider's default, test one (the capability probe,
shown as a checklist) and import a falconieri ``conf.json``. The keyring backend in use is shown at
the top; when there is no usable keyring the dialog refuses to save a secret and says why and what
to do. Secrets are masked and never read back into a form: editing an account leaves its secret as
it is unless a new one is typed.

The account test talks HTTP, so it runs off the GUI thread (``core.probe.probe_account`` through
``EngineBridge.run_task``); everything else here is quick local work (a JSON file and a keyring
call) and runs on the GUI thread.

Object names (for tests and scripts): accountsDialog, keyringStatus, accountTree, addButton,
editButton, removeButton, defaultButton, testButton, importButton, probeChecklist, probeSummary,
statusLine; the form: accountEditor, providerCombo, nameInput, userInput, secretInput,
endpointInput, option_<key>, concurrencyInput, notesInput, defaultCheck, formError.
"""

from __future__ import annotations

import functools
import itertools
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, overload

import shiboken6
from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QCoreApplication,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QKeyEvent, QKeySequence, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QStyle,
    QTableView,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from falconieri_desktop.core.accounts import (
    MAX_CONCURRENCY,
    Account,
    AccountStore,
    ImportResult,
    StoreStatus,
    import_falconieri,
)
from falconieri_desktop.core.errors import FalconieriError
from falconieri_desktop.core.probe import probe_account
from falconieri_desktop.providers import PROVIDERS
from falconieri_desktop.providers.base import OptionSpec, ProbeReport, ProviderInfo
from falconieri_desktop.ui.bridge import EngineBridge
from falconieri_desktop.ui.context import AppContext
from falconieri_desktop.ui.i18n import core_message
from falconieri_desktop.ui.widgets import PROBLEM_COLOUR, problem_label

__all__ = ["AccountEditor", "AccountTreeModel", "AccountsDialog", "ProbeChecklistModel"]

log = logging.getLogger(__name__)

ModelIndex = QModelIndex | QPersistentModelIndex

AccountIdRole = Qt.ItemDataRole.UserRole + 1
IsDefaultRole = Qt.ItemDataRole.UserRole + 2
ProviderRole = Qt.ItemDataRole.UserRole + 3
StepOkRole = Qt.ItemDataRole.UserRole + 4

# Mid-tone colours that read on light and dark palettes alike.
_OK_COLOUR = QColor("#2e9d4f")
_FAIL_COLOUR = QColor(PROBLEM_COLOUR)
_WARN_COLOUR = QColor("#c27c0e")


def _ptext(text: str) -> str:
    """A provider's own label (``ProviderInfo`` is Qt-free data), through the catalogue (ui/strings.py)."""
    return QCoreApplication.translate("Providers", text)


def _info(provider: str) -> ProviderInfo | None:
    cls = PROVIDERS.get(provider)
    return cls.info if cls is not None else None


def _provider_label(provider: str) -> str:
    info = _info(provider)
    return _ptext(info.label) if info is not None else provider


def _with_mnemonic(text: str, taken: set[str]) -> str:
    """``text`` with ``&`` before its first letter not in ``taken`` (which it then joins)."""
    for i, char in enumerate(text):
        if char.isalnum() and char.lower() not in taken:
            taken.add(char.lower())
            return f"{text[:i]}&{text[i:]}"
    return text


def _is_valid(obj: QObject) -> bool:
    """False once the C++ side of ``obj`` is gone (a result arriving after the dialog was deleted)."""
    return bool(shiboken6.isValid(obj))


# -- models ------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Group:
    provider: str
    label: str
    accounts: tuple[Account, ...]


class AccountTreeModel(QAbstractItemModel):
    """Accounts grouped by provider: provider rows at the top level, their accounts as children.

    The list is small (a technician has a handful of accounts), so ``set_accounts`` resets the
    model; an index's ``internalId`` is 0 for a provider row and ``group row + 1`` for an account.
    """

    NAME, DEFAULT, USER, ENDPOINT = range(4)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._groups: list[_Group] = []

    # -- content ---------------------------------------------------------------------------------

    def set_accounts(self, accounts: Sequence[Account]) -> None:
        by_provider: dict[str, list[Account]] = {}
        for account in accounts:
            by_provider.setdefault(account.provider, []).append(account)
        groups = [_Group(provider, _provider_label(provider),
                         tuple(sorted(items, key=lambda a: a.name.casefold())))
                  for provider, items in by_provider.items()]
        self.beginResetModel()
        self._groups = sorted(groups, key=lambda g: g.label.casefold())
        self.endResetModel()

    def account_at(self, index: ModelIndex) -> Account | None:
        if not index.isValid() or index.internalId() == 0:
            return None
        group = self._groups[index.internalId() - 1]
        return group.accounts[index.row()] if index.row() < len(group.accounts) else None

    def provider_at(self, index: ModelIndex) -> str | None:
        if not index.isValid():
            return None
        group_row = index.row() if index.internalId() == 0 else index.internalId() - 1
        return self._groups[group_row].provider if group_row < len(self._groups) else None

    def index_of(self, account_id: str) -> QModelIndex:
        for group_row, group in enumerate(self._groups):
            for row, account in enumerate(group.accounts):
                if account.id == account_id:
                    return self.createIndex(row, 0, group_row + 1)
        return QModelIndex()

    def group_index(self, provider: str) -> QModelIndex:
        for group_row, group in enumerate(self._groups):
            if group.provider == provider:
                return self.createIndex(group_row, 0, 0)
        return QModelIndex()

    def accounts(self) -> list[Account]:
        return [account for group in self._groups for account in group.accounts]

    # -- QAbstractItemModel ----------------------------------------------------------------------

    def index(self, row: int, column: int, parent: ModelIndex = QModelIndex()) -> QModelIndex:  # noqa: B008
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, 0)
        if parent.internalId() == 0:
            return self.createIndex(row, column, parent.row() + 1)
        return QModelIndex()

    @overload
    def parent(self) -> QObject | None: ...

    @overload
    def parent(self, child: ModelIndex) -> QModelIndex: ...

    def parent(self, child: ModelIndex | None = None) -> QObject | QModelIndex | None:
        if child is None:
            return super().parent()
        if not child.isValid() or child.internalId() == 0:
            return QModelIndex()
        return self.createIndex(child.internalId() - 1, 0, 0)

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008 - Qt API
        if not parent.isValid():
            return len(self._groups)
        if parent.column() != 0 or parent.internalId() != 0:
            return 0
        return len(self._groups[parent.row()].accounts)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008 - Qt API
        return 4

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return {self.NAME: self.tr("Account"), self.DEFAULT: self.tr("Default"),
                self.USER: self.tr("User / ID"), self.ENDPOINT: self.tr("Endpoint")}.get(section)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        column = index.column()
        if index.internalId() == 0:
            group = self._groups[index.row()]
            if role == ProviderRole:
                return group.provider
            if column != self.NAME:
                return None
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
                return group.label
            if role == Qt.ItemDataRole.FontRole:
                font = QFont()
                font.setBold(True)
                return font
            return None
        account = self.account_at(index)
        if account is None:
            return None
        if role == AccountIdRole:
            return account.id
        if role == IsDefaultRole:
            return account.is_default
        if role == ProviderRole:
            return account.provider
        label = _provider_label(account.provider)
        if role == Qt.ItemDataRole.DisplayRole:
            if column == self.NAME:
                return account.name
            if column == self.DEFAULT:
                return "★" if account.is_default else ""
            if column == self.USER:
                return account.user
            if column == self.ENDPOINT:
                return account.endpoint or self.tr("vendor default")
        if role == Qt.ItemDataRole.AccessibleTextRole and column == self.DEFAULT:
            return self.tr("default account") if account.is_default else self.tr("not the default")
        if role == Qt.ItemDataRole.ToolTipRole:
            if account.is_default:
                return self.tr("The default {provider} account: used when a device has no account chosen.").format(
                    provider=label)
            if column == self.ENDPOINT and not account.endpoint:
                info = _info(account.provider)
                return info.default_endpoint if info else None
        if role == Qt.ItemDataRole.FontRole and column == self.NAME and account.is_default:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole and column == self.DEFAULT:
            return Qt.AlignmentFlag.AlignCenter
        return None


@dataclass(frozen=True, slots=True)
class _CheckRow:
    ok: bool | None  # True ✓, False ✗, None: not reached
    kind: str  # "step" or "warning"
    title: str
    message: str


class ProbeChecklistModel(QAbstractTableModel):
    """An account test as a checklist: one row per probe step (✓ / ✗ / ?), then the warnings."""

    MARK, CHECK, DETAILS = range(3)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[_CheckRow] = []
        self.report: ProbeReport | None = None

    def step_title(self, name: str) -> str:
        titles = {
            "reachable": self.tr("Service reachable"),
            "tls": self.tr("TLS certificate verified"),
            "credentials": self.tr("Credentials accepted"),
            "permissions": self.tr("Permissions"),
            "navigation": self.tr("Company settings found"),
            "gateway": self.tr("Gateway health check"),
        }
        return titles.get(name, name.replace("_", " ").capitalize())

    def set_report(self, report: ProbeReport | None) -> None:
        rows: list[_CheckRow] = []
        if report is not None:
            rows += [_CheckRow(step.ok, "step", self.step_title(step.name), core_message(step.message, step.code))
                     for step in report.steps]
            rows += [_CheckRow(None, "warning", self.tr("Warning"), core_message(text)) for text in report.warnings]
        self.beginResetModel()
        self.report = report
        self._rows = rows
        self.endResetModel()

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008 - Qt API
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008 - Qt API
        return 0 if parent.isValid() else 3

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return {self.MARK: "", self.CHECK: self.tr("Check"), self.DETAILS: self.tr("Details")}.get(section)

    def _mark(self, row: _CheckRow) -> str:
        if row.kind == "warning":
            return "⚠"
        return {True: "✓", False: "✗", None: "?"}[row.ok]

    def _spoken(self, row: _CheckRow) -> str:
        if row.kind == "warning":
            return self.tr("warning")
        return {True: self.tr("passed"), False: self.tr("failed"), None: self.tr("not reached")}[row.ok]

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role == StepOkRole:
            return row.ok
        if role == Qt.ItemDataRole.DisplayRole:
            return (self._mark(row), row.title, row.message)[column]
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return (self._spoken(row), row.title, row.message)[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            return row.message
        if role == Qt.ItemDataRole.ForegroundRole and column == self.MARK:
            if row.kind == "warning":
                return _WARN_COLOUR
            return {True: _OK_COLOUR, False: _FAIL_COLOUR, None: None}[row.ok]
        if role == Qt.ItemDataRole.FontRole and column == self.MARK:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole and column == self.MARK:
            return Qt.AlignmentFlag.AlignCenter
        return None


# -- the form --------------------------------------------------------------------------------------


def grow_to_fit(dialog: QWidget) -> None:
    """Make ``dialog`` tall enough for its content at its current width (after a problem appeared).

    Wrapped labels have a height that depends on the width, which a layout's minimum size ignores;
    without this the rows would be squeezed over each other.
    """
    layout = dialog.layout()
    if layout is None:
        return
    layout.activate()
    needed = layout.totalHeightForWidth(dialog.width()) if layout.hasHeightForWidth() else layout.sizeHint().height()
    if dialog.height() < needed:
        dialog.resize(dialog.width(), needed)


def _help_label(text: str, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    label.setWordWrap(True)
    font = label.font()
    font.setPointSizeF(max(7.0, font.pointSizeF() * 0.9))
    label.setFont(font)
    label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    return label


class AccountEditor(QDialog):
    """The add / edit form, generated from the provider's ``ProviderInfo``.

    Save is always available: the store's validation is the one source of rules, so Save calls
    ``AccountStore.add`` / ``update`` and shows their ``InputError`` / ``ConfigError`` inline,
    keeping the form open. A secret is refused up front when the keyring is unusable. The secret
    field is never filled in; when editing, an empty secret field means "keep the stored one".
    """

    sig_saved = Signal(object)
    """Account -- the account as stored after a successful save."""

    def __init__(self, store: AccountStore, *, account: Account | None = None, provider: str | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.account = account
        self.setObjectName("accountEditor")
        self.setWindowTitle(self.tr("Edit account") if account else self.tr("Add account"))
        self.setModal(True)
        self._option_widgets: dict[str, QLineEdit | QCheckBox] = {}
        self._option_rows: list[QWidget] = []
        self._build()
        if account is not None:
            self._fill(account)
        else:
            index = self.provider_combo.findData(provider) if provider else -1
            self.provider_combo.setCurrentIndex(max(0, index))
            self._on_provider_changed()
        self.name_edit.setFocus()

    # -- construction -----------------------------------------------------------------------------

    @property
    def provider(self) -> str:
        return str(self.provider_combo.currentData())

    @property
    def info(self) -> ProviderInfo:
        return PROVIDERS[self.provider].info

    def _build(self) -> None:
        outer = QVBoxLayout(self)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        outer.addLayout(self.form)

        self.provider_combo = QComboBox(self)
        self.provider_combo.setObjectName("providerCombo")
        self.provider_combo.setAccessibleName(self.tr("Provider"))
        for name, cls in PROVIDERS.items():
            self.provider_combo.addItem(_ptext(cls.info.label), name)
        self.provider_combo.setEnabled(self.account is None)
        if self.account is not None:
            self.provider_combo.setToolTip(self.tr("An account's provider cannot change; add a new account instead."))
        self.provider_label = QLabel(self)
        self.provider_label.setBuddy(self.provider_combo)

        self.name_edit = QLineEdit(self)
        self.name_edit.setObjectName("nameInput")
        self.name_edit.setAccessibleName(self.tr("Account name"))
        self.name_edit.setPlaceholderText(self.tr("e.g. the customer's name"))
        self.name_label = QLabel(self)
        self.name_label.setBuddy(self.name_edit)

        self.user_edit = QLineEdit(self)
        self.user_edit.setObjectName("userInput")
        self.user_label = QLabel(self)
        self.user_label.setBuddy(self.user_edit)

        self.secret_edit = QLineEdit(self)
        self.secret_edit.setObjectName("secretInput")
        self.secret_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.secret_edit.setInputMethodHints(Qt.InputMethodHint.ImhHiddenText | Qt.InputMethodHint.ImhNoPredictiveText
                                             | Qt.InputMethodHint.ImhSensitiveData)
        self.secret_label = QLabel(self)
        self.secret_label.setBuddy(self.secret_edit)
        self.keyring_note = problem_label(self, "keyringNote")
        secret_box = QWidget(self)
        secret_box.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        secret_layout = QVBoxLayout(secret_box)
        secret_layout.setContentsMargins(0, 0, 0, 0)
        secret_layout.setSpacing(2)
        secret_layout.addWidget(self.secret_edit)
        secret_layout.addWidget(self.keyring_note)

        self.endpoint_edit = QLineEdit(self)
        self.endpoint_edit.setObjectName("endpointInput")
        self.endpoint_edit.setAccessibleName(self.tr("Endpoint URL"))
        self.endpoint_label = QLabel(self)
        self.endpoint_label.setBuddy(self.endpoint_edit)

        self.concurrency_spin = QSpinBox(self)
        self.concurrency_spin.setObjectName("concurrencyInput")
        self.concurrency_spin.setAccessibleName(self.tr("Parallel requests"))
        self.concurrency_spin.setRange(0, MAX_CONCURRENCY)
        self.concurrency_spin.setToolTip(self.tr("How many requests may run at once for this account."))
        self.concurrency_label = QLabel(self)
        self.concurrency_label.setBuddy(self.concurrency_spin)

        self.notes_edit = QPlainTextEdit(self)
        self.notes_edit.setObjectName("notesInput")
        self.notes_edit.setAccessibleName(self.tr("Notes"))
        self.notes_edit.setTabChangesFocus(True)
        self.notes_edit.setPlaceholderText(self.tr("e.g. the customer's contact"))
        self.notes_edit.setFixedHeight(self.notes_edit.fontMetrics().lineSpacing() * 3 + 12)
        self.notes_label = QLabel(self)
        self.notes_label.setBuddy(self.notes_edit)

        self.default_check = QCheckBox(self)
        self.default_check.setObjectName("defaultCheck")

        self.form.addRow(self.provider_label, self.provider_combo)
        self.form.addRow(self.name_label, self.name_edit)
        self.form.addRow(self.user_label, self.user_edit)
        self.form.addRow(self.secret_label, secret_box)
        self.form.addRow(self.endpoint_label, self.endpoint_edit)
        self._options_row = self.form.rowCount()  # provider options go here (_rebuild_options)
        self.form.addRow(self.concurrency_label, self.concurrency_spin)
        self.form.addRow(self.notes_label, self.notes_edit)
        self.form.addRow("", self.default_check)

        self.error_label = problem_label(self, "formError")
        self.error_label.setAccessibleName(self.tr("Problem"))
        outer.addWidget(self.error_label)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel, self)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setObjectName("saveButton")
        self.save_button.setAccessibleName(self.tr("Save the account"))
        self.save_button.setDefault(True)  # Enter saves
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setAccessibleName(self.tr("Cancel"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        outer.addWidget(self.buttons)

        self.provider_combo.currentIndexChanged.connect(self._on_provider_changed)
        for edit in (self.name_edit, self.user_edit, self.secret_edit, self.endpoint_edit):
            edit.textEdited.connect(self._clear_error)
        self.setMinimumWidth(520)

    def _on_provider_changed(self, *_: object) -> None:
        info = self.info
        taken = {"s", "c"}  # Save, Cancel
        self.provider_label.setText(_with_mnemonic(self.tr("Provider"), taken) + ":")
        self.name_label.setText(_with_mnemonic(self.tr("Name"), taken) + ":")
        self.endpoint_label.setText(_with_mnemonic(self.tr("Endpoint"), taken) + ":")
        self.concurrency_label.setText(_with_mnemonic(self.tr("Concurrency"), taken) + ":")
        self.notes_label.setText(_with_mnemonic(self.tr("Notes"), taken) + ":")
        self.default_check.setText(_with_mnemonic(
            self.tr("Default account for {provider}").format(provider=_ptext(info.label)), taken))
        self.user_label.setText(_with_mnemonic(_ptext(info.user_label), taken) + ":")
        self.user_edit.setAccessibleName(_ptext(info.user_label))
        self.secret_label.setText(_with_mnemonic(_ptext(info.secret_label), taken) + ":")
        self.secret_edit.setAccessibleName(_ptext(info.secret_label))
        if self.account is None:
            self.secret_edit.setPlaceholderText(self.tr("required"))
        else:
            self.secret_edit.setPlaceholderText(self.tr("unchanged — type a new one to replace it"))
        if info.default_endpoint:
            self.endpoint_edit.setPlaceholderText(info.default_endpoint)
            self.endpoint_edit.setToolTip(self.tr("Leave empty to use the vendor's endpoint ({url}).").format(
                url=info.default_endpoint))
        else:
            self.endpoint_edit.setPlaceholderText(self.tr("required, e.g. https://gateway.example.com/"))
            self.endpoint_edit.setToolTip(self.tr("{provider} has no default endpoint: type its URL.").format(
                provider=_ptext(info.label)))
        self.concurrency_spin.setSpecialValueText(self.tr("provider default ({count})").format(
            count=info.capabilities.default_concurrency))
        self._rebuild_options(info, taken)
        self._update_default_check()
        self._update_keyring_note()
        self._fix_tab_order()
        self._clear_error()
        grow_to_fit(self)

    def _rebuild_options(self, info: ProviderInfo, taken: set[str]) -> None:
        for widget in self._option_rows:
            self.form.removeRow(widget)
        self._option_rows.clear()
        self._option_widgets.clear()
        row = self._options_row
        for spec in info.options:
            field, label = self._option_field(spec, taken)
            if label is not None:
                self.form.insertRow(row, label, field)
            else:
                self.form.insertRow(row, "", field)
            self._option_rows.append(field)
            row += 1

    def _option_field(self, spec: OptionSpec, taken: set[str]) -> tuple[QWidget, QLabel | None]:
        box = QWidget(self)
        box.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(1)
        text = _ptext(spec.label)
        help_text = _ptext(spec.help) if spec.help else ""
        widget: QLineEdit | QCheckBox
        label: QLabel | None = None
        if spec.kind is bool:
            widget = QCheckBox(_with_mnemonic(text, taken), box)
            widget.setChecked(bool(spec.default))
        else:
            widget = QLineEdit(box)
            if spec.default not in (None, ""):
                widget.setPlaceholderText(str(spec.default))
            label = QLabel(_with_mnemonic(text, taken) + ":", self)
            label.setBuddy(widget)
        widget.setObjectName(f"option_{spec.key}")
        widget.setAccessibleName(text)
        if help_text:
            widget.setToolTip(help_text)
            widget.setAccessibleDescription(help_text)
        layout.addWidget(widget)
        if help_text:
            layout.addWidget(_help_label(help_text, box))
        self._option_widgets[spec.key] = widget
        return box, label

    def _fix_tab_order(self) -> None:
        chain: list[QWidget] = [self.provider_combo, self.name_edit, self.user_edit, self.secret_edit,
                                self.endpoint_edit, *self._option_widgets.values(), self.concurrency_spin,
                                self.notes_edit, self.default_check, self.save_button,
                                self.buttons.button(QDialogButtonBox.StandardButton.Cancel)]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

    def _update_default_check(self) -> None:
        account = self.account
        if account is not None and account.is_default:
            self.default_check.setChecked(True)
            self.default_check.setEnabled(False)
            self.default_check.setToolTip(self.tr("To change the default, make another account the default."))
            return
        try:
            first = account is None and not self.store.accounts(self.provider)
        except FalconieriError:
            first = False
        self.default_check.setChecked(first)
        self.default_check.setEnabled(not first)
        self.default_check.setToolTip(self.tr("The first account of a provider becomes its default.") if first else
                                      self.tr("The default account is used when a device has no account chosen."))

    def _update_keyring_note(self) -> None:
        status = self.store.status()
        if status.usable:
            self.keyring_note.hide()
            return
        self.keyring_note.setText(self.tr(
            "No usable keyring ({backend}): a new {secret} cannot be saved.").format(
                backend=status.backend, secret=_ptext(self.info.secret_label).lower()))
        self.keyring_note.show()

    def _fill(self, account: Account) -> None:
        index = self.provider_combo.findData(account.provider)
        self.provider_combo.blockSignals(True)
        self.provider_combo.setCurrentIndex(max(0, index))
        self.provider_combo.blockSignals(False)
        self._on_provider_changed()
        self.name_edit.setText(account.name)
        self.user_edit.setText(account.user)
        self.endpoint_edit.setText(account.endpoint or "")
        self.concurrency_spin.setValue(account.concurrency or 0)
        self.notes_edit.setPlainText(account.notes)
        for key, widget in self._option_widgets.items():
            value = account.options.get(key)
            if isinstance(widget, QCheckBox):
                if value is not None:
                    widget.setChecked(bool(value))
            elif value not in (None, ""):
                widget.setText(str(value))
        # The secret field stays empty: the stored secret is never read back into a form.

    # -- saving ---------------------------------------------------------------------------------------

    def options(self) -> dict[str, Any]:
        """The option values in the form; an empty text field is None (= the provider's default)."""
        values: dict[str, Any] = {}
        for key, widget in self._option_widgets.items():
            if isinstance(widget, QCheckBox):
                values[key] = widget.isChecked()
            else:
                values[key] = widget.text().strip() or None
        return values

    def show_error(self, message: str, hint: str = "") -> None:
        self.error_label.setText(f"{message}\n{hint}".strip())
        self.error_label.show()
        grow_to_fit(self)

    def _clear_error(self, *_: object) -> None:
        self.error_label.hide()
        self.error_label.clear()

    def _keyring_refusal(self) -> str | None:
        """Why a secret cannot be saved now, or None when the keyring is usable."""
        status: StoreStatus = self.store.status()
        if status.usable:
            return None
        return self.tr("The {secret} was not saved: Falconieri Desktop keeps secrets only in the system "
                       "keyring, never in a file, and no usable keyring was found ({backend}).").format(
            secret=_ptext(self.info.secret_label).lower(), backend=status.backend) + "\n" + \
            core_message(status.message, status.code)

    def save(self) -> None:
        """Validate and store; problems appear inline and the form stays open."""
        self._clear_error()
        secret = self.secret_edit.text()
        if secret:
            refusal = self._keyring_refusal()
            if refusal is not None:
                self.show_error(refusal)
                self.secret_edit.setFocus()
                return
        endpoint = self.endpoint_edit.text().strip() or None
        concurrency = self.concurrency_spin.value() or None
        notes = self.notes_edit.toPlainText()
        try:
            if self.account is None:
                saved = self.store.add(self.provider, self.name_edit.text(), secret, user=self.user_edit.text(),
                                       endpoint=endpoint, options={k: v for k, v in self.options().items()
                                                                   if v is not None},
                                       concurrency=concurrency, notes=notes, default=self.default_check.isChecked())
            else:
                saved = self.store.update(self.account.name, secret=secret or None, name=self.name_edit.text(),
                                          user=self.user_edit.text(), endpoint=endpoint, options=self.options(),
                                          concurrency=concurrency, notes=notes)
                if self.default_check.isChecked() and not saved.is_default:
                    saved = self.store.set_default(saved.name)
        except FalconieriError as exc:
            self.show_error(exc.message, exc.hint)
            return
        self.secret_edit.clear()
        self.sig_saved.emit(saved)
        self.accept()


# -- the dialog ------------------------------------------------------------------------------------------


class AccountsDialog(QDialog):
    """Stored accounts, grouped by provider; the main window reloads its selector on ``finished``."""

    def __init__(self, ctx: AppContext, bridge: EngineBridge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.bridge = bridge
        self.editor: AccountEditor | None = None
        self._reports: dict[str, ProbeReport] = {}
        self._probe_errors: dict[str, str] = {}
        self._testing: set[str] = set()
        self.setObjectName("accountsDialog")
        self.setWindowTitle(self.tr("Accounts"))
        self.model = AccountTreeModel(self)
        self.checklist = ProbeChecklistModel(self)
        self._build()
        self._set_status(self._read_status(probe=False))
        self.reload()
        # A probing read may wait for the user to unlock the keyring: off the GUI thread.
        self.bridge.run_task(functools.partial(ctx.accounts.status, probe=True), on_done=self._on_status_probed,
                             on_error=lambda exc, details: log.info("keyring probe failed: %s", exc),
                             key=f"keyring-status-{id(self)}")

    @property
    def store(self) -> AccountStore:
        return self.ctx.accounts

    # -- construction -----------------------------------------------------------------------------------

    def _build(self) -> None:
        outer = QVBoxLayout(self)

        self.keyring_frame = QFrame(self)
        self.keyring_frame.setFrameShape(QFrame.Shape.StyledPanel)
        self.keyring_icon = QLabel(self.keyring_frame)
        self.keyring_label = QLabel(self.keyring_frame)
        self.keyring_label.setObjectName("keyringStatus")
        self.keyring_label.setWordWrap(True)
        self.keyring_label.setTextFormat(Qt.TextFormat.PlainText)
        self.keyring_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.keyring_label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        bar = QHBoxLayout(self.keyring_frame)
        bar.setContentsMargins(8, 6, 8, 6)
        bar.addWidget(self.keyring_icon, 0, Qt.AlignmentFlag.AlignTop)
        bar.addWidget(self.keyring_label, 1)
        outer.addWidget(self.keyring_frame)

        middle = QGridLayout()
        accounts_label = QLabel(self.tr("&Accounts:"), self)
        self.tree = QTreeView(self)
        self.tree.setObjectName("accountTree")
        self.tree.setAccessibleName(self.tr("Accounts by provider"))
        self.tree.setModel(self.model)
        self.tree.setUniformRowHeights(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tree.setAllColumnsShowFocus(True)
        header = self.tree.header()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(AccountTreeModel.DEFAULT, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.setMinimumHeight(180)
        accounts_label.setBuddy(self.tree)
        self.empty_label = QLabel(self.tr("No accounts yet: add one, or import a falconieri conf.json."), self)
        self.empty_label.setObjectName("emptyHint")
        self.empty_label.setWordWrap(True)
        self.empty_label.hide()

        taken = {"a", "l"}  # &Accounts, C&lose
        self.add_button = self._button("addButton", self.tr("Add…"), self.tr("Add an account"), taken)
        self.edit_button = self._button("editButton", self.tr("Edit…"), self.tr("Edit the selected account"), taken)
        self.remove_button = self._button("removeButton", self.tr("Remove…"),
                                          self.tr("Remove the selected account"), taken)
        self.default_button = self._button("defaultButton", self.tr("Set default"),
                                           self.tr("Make the selected account its provider's default"), taken)
        self.test_button = self._button("testButton", self.tr("Test"), self.tr("Test the selected account"), taken)
        self.import_button = self._button("importButton", self.tr("Import conf.json…"),
                                          self.tr("Import accounts from a falconieri conf.json"), taken)
        buttons = QVBoxLayout()
        for button in (self.add_button, self.edit_button, self.remove_button, self.default_button,
                       self.test_button):
            buttons.addWidget(button)
        buttons.addSpacing(12)
        buttons.addWidget(self.import_button)
        buttons.addStretch(1)

        middle.addWidget(accounts_label, 0, 0)
        middle.addWidget(self.tree, 1, 0)
        middle.addWidget(self.empty_label, 2, 0)
        middle.addLayout(buttons, 1, 1)
        middle.setColumnStretch(0, 1)
        outer.addLayout(middle, 3)

        lower = QHBoxLayout()
        self.details_box = QGroupBox(self.tr("Details"), self)
        self.details_form = QFormLayout(self.details_box)
        self.details_form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.details_box.setMinimumWidth(260)
        lower.addWidget(self.details_box, 2)

        self.test_box = QGroupBox(self.tr("Account test"), self)
        test_layout = QVBoxLayout(self.test_box)
        self.probe_summary = QLabel(self.tr("Select an account and press Test to check that it works."), self)
        self.probe_summary.setObjectName("probeSummary")
        self.probe_summary.setWordWrap(True)
        self.probe_summary.setTextFormat(Qt.TextFormat.PlainText)
        self.checklist_view = QTableView(self.test_box)
        self.checklist_view.setObjectName("probeChecklist")
        self.checklist_view.setAccessibleName(self.tr("Account test results"))
        self.checklist_view.setModel(self.checklist)
        self.checklist_view.setWordWrap(True)
        self.checklist_view.setShowGrid(False)
        self.checklist_view.verticalHeader().hide()
        self.checklist_view.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.checklist_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.checklist_view.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.checklist_view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        check_header = self.checklist_view.horizontalHeader()
        check_header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        check_header.setSectionResizeMode(ProbeChecklistModel.MARK, QHeaderView.ResizeMode.ResizeToContents)
        check_header.setSectionResizeMode(ProbeChecklistModel.CHECK, QHeaderView.ResizeMode.ResizeToContents)
        check_header.setSectionResizeMode(ProbeChecklistModel.DETAILS, QHeaderView.ResizeMode.Stretch)
        # Wrapped details need their rows re-measured whenever the columns change width.
        check_header.sectionResized.connect(lambda *_: self.checklist_view.resizeRowsToContents())
        self.checklist.modelReset.connect(self.checklist_view.resizeRowsToContents)
        self.probe_can = QLabel(self.test_box)
        self.probe_can.setObjectName("probeCan")
        self.probe_can.setWordWrap(True)
        test_layout.addWidget(self.probe_summary)
        test_layout.addWidget(self.checklist_view, 1)
        test_layout.addWidget(self.probe_can)
        lower.addWidget(self.test_box, 3)
        outer.addLayout(lower, 2)

        bottom = QHBoxLayout()
        self.status_line = QLabel(self)
        self.status_line.setObjectName("statusLine")
        self.status_line.setWordWrap(True)
        self.status_line.setTextFormat(Qt.TextFormat.PlainText)
        self.button_box = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close = self.button_box.button(QDialogButtonBox.StandardButton.Close)
        close.setText(self.tr("C&lose"))
        close.setAccessibleName(self.tr("Close"))
        close.setAutoDefault(False)  # Enter on the list edits an account; Esc closes
        self.button_box.rejected.connect(self.reject)
        bottom.addWidget(self.status_line, 1)
        bottom.addWidget(self.button_box)
        outer.addLayout(bottom)

        self.add_button.clicked.connect(self.add_account)
        self.edit_button.clicked.connect(self.edit_account)
        self.remove_button.clicked.connect(self.remove_account)
        self.default_button.clicked.connect(self.set_default)
        self.test_button.clicked.connect(self.test_account)
        self.import_button.clicked.connect(self.choose_conf)
        self.tree.activated.connect(self._on_activated)
        self.tree.installEventFilter(self)
        self.tree.selectionModel().currentRowChanged.connect(self._on_current_changed)
        remove = self.tree.addAction(self.tr("Remove"))
        remove.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        remove.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        remove.triggered.connect(self.remove_account)

        order: list[QWidget] = [self.tree, self.add_button, self.edit_button, self.remove_button,
                                self.default_button, self.test_button, self.import_button, self.checklist_view, close]
        for first, second in itertools.pairwise(order):
            QWidget.setTabOrder(first, second)
        self.resize(860, 620)

    def _button(self, name: str, text: str, accessible: str, taken: set[str]) -> QPushButton:
        button = QPushButton(_with_mnemonic(text, taken), self)
        button.setObjectName(name)
        button.setAccessibleName(accessible)
        button.setAutoDefault(False)
        return button

    # -- keyring ---------------------------------------------------------------------------------------

    def _read_status(self, *, probe: bool) -> StoreStatus:
        try:
            return self.store.status(probe=probe)
        except Exception as exc:  # noqa: BLE001 - a broken backend is reported, not raised
            return StoreStatus("unknown", False, str(exc), getattr(exc, "code", None))

    def _on_status_probed(self, status: StoreStatus) -> None:
        if _is_valid(self):
            self._set_status(status)

    def _set_status(self, status: StoreStatus) -> None:
        self.keyring_status = status
        style = self.style()
        if status.usable:
            icon = style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxInformation)
            text = self.tr("Keyring: {backend} — {message}").format(backend=status.backend,
                                                                    message=core_message(status.message))
        else:
            icon = style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
            text = self.tr("No usable keyring ({backend}): passwords cannot be saved, so accounts cannot be "
                           "added or given a new password. {message}").format(
                backend=status.backend, message=core_message(status.message, status.code))
        size = style.pixelMetric(QStyle.PixelMetric.PM_SmallIconSize)
        self.keyring_icon.setPixmap(icon.pixmap(size, size))
        self.keyring_label.setText(text)
        self.keyring_label.setAccessibleName(self.tr("Keyring"))

    # -- the list ----------------------------------------------------------------------------------------

    def reload(self, select: str | None = None) -> None:
        """Read the accounts again and select ``select`` (an account id), or keep the selection."""
        current = select or self._current_id()
        try:
            accounts = self.store.accounts()
        except FalconieriError as exc:
            accounts = []
            self._say(f"{exc.message} {exc.hint}".strip())
        self.model.set_accounts(accounts)
        self.tree.expandAll()
        for column in (AccountTreeModel.NAME, AccountTreeModel.USER):
            self.tree.resizeColumnToContents(column)
        self.empty_label.setVisible(not accounts)
        index = self.model.index_of(current) if current else QModelIndex()
        if not index.isValid() and accounts:
            index = self.model.index_of(accounts[0].id)
        if index.isValid():
            self.tree.setCurrentIndex(index)
        self._on_current_changed()

    def _current_id(self) -> str | None:
        account = self.current_account()
        return account.id if account else None

    def current_account(self) -> Account | None:
        return self.model.account_at(self.tree.currentIndex())

    def select_account(self, name: str) -> None:
        """Make the account called ``name`` the current one (scripts and tests)."""
        account = next((a for a in self.model.accounts() if a.name == name), None)
        if account is not None:
            self.tree.setCurrentIndex(self.model.index_of(account.id))

    def _on_current_changed(self, *_: object) -> None:
        account = self.current_account()
        self.edit_button.setEnabled(account is not None)
        self.remove_button.setEnabled(account is not None)
        self.default_button.setEnabled(account is not None and not account.is_default)
        self.test_button.setEnabled(account is not None and account.id not in self._testing)
        self._show_details(account)
        self._show_probe(account)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Enter on the list opens the form and stops there: left to QDialog, it would also press
        # the default button it finds among the children -- the just-opened form's Save.
        if (watched is self.tree and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent)
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.tree.currentIndex().isValid()):
            self._on_activated(self.tree.currentIndex())
            return True
        return super().eventFilter(watched, event)

    def _on_activated(self, index: QModelIndex) -> None:
        if self.model.account_at(index) is not None:
            self.edit_account()
        else:
            self.add_account()

    # -- details -----------------------------------------------------------------------------------------

    def _show_details(self, account: Account | None) -> None:
        while self.details_form.rowCount():
            self.details_form.removeRow(0)
        if account is None:
            provider = self.model.provider_at(self.tree.currentIndex())
            if provider is not None:
                count = len([a for a in self.model.accounts() if a.provider == provider])
                default = next((a.name for a in self.model.accounts() if a.provider == provider and a.is_default),
                               None)
                self._detail(self.tr("Provider:"), _provider_label(provider))
                self._detail(self.tr("Accounts:"), str(count))
                self._detail(self.tr("Default:"), default or self.tr("none — choose one with Set default"))
            self.details_box.setTitle(self.tr("Details"))
            return
        info = _info(account.provider)
        self.details_box.setTitle(account.name)
        self._detail(self.tr("Provider:"), _provider_label(account.provider))
        self._detail((_ptext(info.user_label) if info else self.tr("User")) + ":", account.user)
        if account.endpoint:
            endpoint = account.endpoint
        elif info and info.default_endpoint:
            endpoint = self.tr("{url} (vendor default)").format(url=info.default_endpoint)
        else:
            endpoint = self.tr("none")
        self._detail(self.tr("Endpoint:"), endpoint)
        if info is not None:
            for spec in info.options:
                value = account.options.get(spec.key, spec.default)
                if spec.kind is bool:
                    shown = self.tr("yes") if value else self.tr("no")
                else:
                    shown = str(value) if value not in (None, "") else self.tr("(not set)")
                self._detail(_ptext(spec.label) + ":", shown)
        if account.concurrency:
            concurrency = str(account.concurrency)
        else:
            concurrency = self.tr("provider default ({count})").format(
                count=info.capabilities.default_concurrency if info else "?")
        self._detail(self.tr("Concurrency:"), concurrency)
        self._detail(self.tr("Default:"), self.tr("yes") if account.is_default else self.tr("no"))
        if account.notes:
            self._detail(self.tr("Notes:"), account.notes)

    def _detail(self, label: str, value: str) -> None:
        shown = QLabel(value, self.details_box)
        shown.setWordWrap(True)
        shown.setTextFormat(Qt.TextFormat.PlainText)
        shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details_form.addRow(label, shown)

    # -- add, edit, remove, default -----------------------------------------------------------------------

    def add_account(self) -> None:
        provider = self.model.provider_at(self.tree.currentIndex())
        self._open_editor(AccountEditor(self.store, provider=provider, parent=self))

    def edit_account(self) -> None:
        account = self.current_account()
        if account is None:
            return
        self._open_editor(AccountEditor(self.store, account=account, parent=self))

    def _open_editor(self, editor: AccountEditor) -> None:
        editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        editor.sig_saved.connect(self._on_saved)
        editor.destroyed.connect(self._forget_editor)
        self.editor = editor
        editor.open()

    def _forget_editor(self, *_: object) -> None:
        self.editor = None

    def _on_saved(self, account: Account) -> None:
        self._reports.pop(account.id, None)  # an edited account's old test result may no longer hold
        self._probe_errors.pop(account.id, None)
        self.reload(select=account.id)
        self._say(self.tr("Saved the account “{name}”.").format(name=account.name))

    def remove_account(self) -> None:
        account = self.current_account()
        if account is None:
            return
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Remove account"), self.tr(
            "Remove the account “{name}” and its {secret} from the keyring?").format(
                name=account.name, secret=self._secret_label(account).lower()),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self)
        box.setObjectName("confirmRemove")
        box.setInformativeText(self.tr("Phones already registered through it stay registered with the vendor."))
        box.setDefaultButton(QMessageBox.StandardButton.No)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        yes = box.button(QMessageBox.StandardButton.Yes)
        yes.setText(self.tr("&Remove"))
        yes.setAccessibleName(self.tr("Remove the account"))
        box.button(QMessageBox.StandardButton.No).setText(self.tr("&Keep"))

        def answered(_result: int) -> None:
            if box.clickedButton() is yes:
                self._remove_confirmed(account)

        box.finished.connect(answered)
        box.open()

    def _remove_confirmed(self, account: Account) -> None:
        try:
            removed = self.store.remove(account.name)
        except FalconieriError as exc:
            self._say(f"{exc.message} {exc.hint}".strip())
            return
        self._reports.pop(removed.id, None)
        self._probe_errors.pop(removed.id, None)
        self.reload()
        message = self.tr("Removed the account “{name}”.").format(name=removed.name)
        others = [a for a in self.model.accounts() if a.provider == removed.provider]
        if removed.is_default and others:
            message += " " + self.tr("{provider} has no default account now: choose one with Set default.").format(
                provider=_provider_label(removed.provider))
        self._say(message)

    def set_default(self) -> None:
        account = self.current_account()
        if account is None:
            return
        try:
            updated = self.store.set_default(account.name)
        except FalconieriError as exc:
            self._say(f"{exc.message} {exc.hint}".strip())
            return
        self.reload(select=updated.id)
        self._say(self.tr("“{name}” is now the default {provider} account.").format(
            name=updated.name, provider=_provider_label(updated.provider)))

    def _secret_label(self, account: Account) -> str:
        info = _info(account.provider)
        return _ptext(info.secret_label) if info else self.tr("Password")

    def _say(self, text: str) -> None:
        self.status_line.setText(text)

    # -- test ----------------------------------------------------------------------------------------------

    def test_account(self) -> None:
        """Run the capability probe of the selected account off the GUI thread."""
        account = self.current_account()
        if account is None or account.id in self._testing:
            return
        try:
            network = self.ctx.settings.network()
        except FalconieriError as exc:
            self._probe_errors[account.id] = f"{exc.message} {exc.hint}".strip()
            self._show_probe(account)
            return
        self._testing.add(account.id)
        self._reports.pop(account.id, None)
        self._probe_errors.pop(account.id, None)
        self._on_current_changed()
        self.bridge.run_task(probe_account, self.store, account, network,
                             on_done=self._guarded(functools.partial(self._on_probe_done, account.id)),
                             on_error=self._guarded(functools.partial(self._on_probe_failed, account.id)),
                             key=f"probe-{id(self)}-{account.id}")

    def _guarded(self, fn: Callable[..., None]) -> Callable[..., None]:
        def call(*args: Any) -> None:
            if _is_valid(self):
                fn(*args)
        return call

    def _on_probe_done(self, account_id: str, report: ProbeReport) -> None:
        self._testing.discard(account_id)
        self._reports[account_id] = report
        self._on_current_changed()

    def _on_probe_failed(self, account_id: str, exc: BaseException, details: str) -> None:
        self._testing.discard(account_id)
        if isinstance(exc, FalconieriError):
            self._probe_errors[account_id] = f"{exc.message} {exc.hint}".strip()
        else:
            log.error("account test failed: %s", details)
            self._probe_errors[account_id] = self.tr("The test failed unexpectedly ({error}).").format(
                error=type(exc).__name__)
        self._on_current_changed()

    def _show_probe(self, account: Account | None) -> None:
        report = self._reports.get(account.id) if account else None
        self.checklist.set_report(report)
        self.probe_can.clear()
        if account is None:
            self.probe_summary.setText(self.tr("Select an account and press Test to check that it works."))
        elif account.id in self._testing:
            self.probe_summary.setText(self.tr("Testing “{name}”…").format(name=account.name))
        elif account.id in self._probe_errors:
            self.probe_summary.setText(self.tr("The test could not run: {problem}").format(
                problem=self._probe_errors[account.id]))
        elif report is None:
            self.probe_summary.setText(self.tr("Press Test to check that “{name}” works.").format(name=account.name))
        else:
            if report.ok:
                summary = self.tr("All checks passed: “{name}” works.")
            else:
                summary = self.tr("“{name}” does not work: see the checks marked ✗ (failed) or ? (not reached).")
            self.probe_summary.setText(summary.format(name=account.name))
            if report.can:
                names = {"register": self.tr("register"), "check": self.tr("check"),
                         "deregister": self.tr("deregister"), "register_by_mac": self.tr("register by MAC")}
                self.probe_can.setText(self.tr("This account can: {operations}.").format(
                    operations=", ".join(names.get(op, op) for op in report.can)))

    # -- import ------------------------------------------------------------------------------------------

    def choose_conf(self) -> None:
        """Ask for a falconieri conf.json, then import it."""
        chooser = QFileDialog(self, self.tr("Import a falconieri conf.json"), str(Path.home()),
                              self.tr("falconieri configuration (*.json);;All files (*)"))
        chooser.setObjectName("importFileDialog")
        chooser.setFileMode(QFileDialog.FileMode.ExistingFile)
        chooser.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
        chooser.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        chooser.fileSelected.connect(self.import_conf)
        chooser.open()

    def import_conf(self, path: str) -> ImportResult | None:
        """Create one account per enabled provider of the falconieri ``conf.json`` at ``path``."""
        status = self._read_status(probe=False)
        if not status.usable:
            self._set_status(status)
            self._message(QMessageBox.Icon.Warning, self.tr("Nothing imported"), self.tr(
                "The accounts were not imported: their passwords would have to be saved, and no usable "
                "keyring was found ({backend}).").format(backend=status.backend), status.message)
            return None
        try:
            result = import_falconieri(self.store, path)
        except FalconieriError as exc:
            self.reload()  # accounts created before the failure are listed
            self._message(QMessageBox.Icon.Warning, self.tr("Import failed"), exc.message, exc.hint)
            return None
        lines: list[str] = []
        for account in result.created:
            default = " " + self.tr("(default)") if account.is_default else ""
            lines.append(self.tr("Created {provider} account “{name}”{default}.").format(
                provider=_provider_label(account.provider), name=account.name, default=default))
        for section, reason in result.skipped:
            lines.append(self.tr("Skipped {section}: {reason}.").format(section=section, reason=reason))
        if result.created:
            title = self.tr("Imported %n account(s) from {file}.", "", len(result.created)).format(
                file=result.source.name)
            lines += ["", self.tr("The passwords are now in the keyring, but {file} still holds them in plain "
                                  "text: once Test shows the accounts work, delete that file.").format(
                file=result.source)]
        else:
            title = self.tr("No account was created from {file}.").format(file=result.source.name)
        self.reload(select=result.created[0].id if result.created else None)
        self._say(title)
        self._message(QMessageBox.Icon.Information, self.tr("Import"), title, "\n".join(lines),
                      name="importResult")
        return result

    def _message(self, icon: QMessageBox.Icon, title: str, text: str, informative: str = "",
                 name: str = "accountsMessage") -> QMessageBox:
        box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, self)
        box.setObjectName(name)
        box.setTextFormat(Qt.TextFormat.PlainText)
        if informative:
            box.setInformativeText(informative)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        return box
