"""The Accounts dialog, driven through its widgets in sandbox mode (in-memory accounts, loopback simulators)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import TypeVar

import pytest
from keyring.backends import fail
from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QHeaderView,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QTabBar,
    QTabWidget,
    QWidget,
)
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from falconieri_desktop.core.accounts import AccountStore, KeyringCredentialStore
from falconieri_desktop.sandbox import Sandbox
from falconieri_desktop.ui.bridge import EngineBridge
from falconieri_desktop.ui.context import AppContext
from falconieri_desktop.ui.dialogs.accounts import (
    AccountEditor,
    AccountsDialog,
    IsDefaultRole,
    ProbeChecklistModel,
    StepOkRole,
)
from falconieri_desktop.ui.main_window import MainWindow

SANDBOX_SNOM = "Sandbox Snom (XML-RPC)"

T = TypeVar("T", bound=QObject)


def find(parent: QObject, cls: type[T], name: str) -> T:
    """The child ``name`` of type ``cls`` (failing the test when there is none)."""
    child = parent.findChild(cls, name)
    assert child is not None, f"no {cls.__name__} {name!r}"
    return child


def simulators(ctx: AppContext) -> Sandbox:
    assert ctx.sandbox is not None
    return ctx.sandbox


@pytest.fixture
def bridge(ctx: AppContext, qapp: QApplication) -> Iterator[EngineBridge]:
    engine_bridge = EngineBridge(ctx.engine)
    yield engine_bridge
    engine_bridge.shutdown()


@pytest.fixture
def dialog(ctx: AppContext, bridge: EngineBridge, qtbot: QtBot) -> Iterator[AccountsDialog]:
    accounts = AccountsDialog(ctx, bridge)
    qtbot.addWidget(accounts)
    accounts.show()
    yield accounts
    accounts.close()


def _open_editor(qtbot: QtBot, dialog: AccountsDialog, button: QAbstractButton) -> AccountEditor:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    editor = dialog.editor
    assert editor is not None
    qtbot.waitUntil(editor.isVisible, timeout=3000)
    return editor


def _fill(qtbot: QtBot, editor: AccountEditor, *, provider: str | None = None, name: str = "", user: str = "",
          secret: str = "", endpoint: str = "") -> None:
    if provider is not None:
        editor.provider_combo.setCurrentIndex(editor.provider_combo.findData(provider))
    for widget, text in ((editor.name_edit, name), (editor.user_edit, user), (editor.secret_edit, secret),
                         (editor.endpoint_edit, endpoint)):
        if text:
            widget.clear()
            qtbot.keyClicks(widget, text)


def _save(qtbot: QtBot, editor: AccountEditor) -> None:
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)


def _test_and_wait(qtbot: QtBot, dialog: AccountsDialog, name: str) -> ProbeChecklistModel:
    dialog.select_account(name)
    qtbot.mouseClick(dialog.test_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.checklist.rowCount() > 0, timeout=15000)
    return dialog.checklist


def _rows(model: ProbeChecklistModel) -> dict[str, tuple[str, bool | None]]:
    """Check title -> (mark, ok) for the step rows."""
    out = {}
    for row in range(model.rowCount()):
        title = model.data(model.index(row, ProbeChecklistModel.CHECK))
        out[title] = (model.data(model.index(row, ProbeChecklistModel.MARK)),
                      model.data(model.index(row, 0), StepOkRole))
    return out


INTERACTIVE = (QComboBox, QLineEdit, QAbstractItemView, QAbstractSpinBox, QPlainTextEdit, QTabBar)


def missing_accessible_names(root: QWidget) -> list[str]:
    """Visible interactive widgets under ``root`` that a screen reader could not name."""
    missing = []
    for widget in root.findChildren(QWidget):
        if not widget.isVisibleTo(root) or isinstance(widget, QHeaderView):
            continue
        if isinstance(widget.parentWidget(), QComboBox | QAbstractSpinBox | QTabWidget):
            continue  # the line edit inside a spin box or combo, a tab bar: their owner carries the name
        if isinstance(widget, QAbstractButton):
            named = bool(widget.accessibleName() or widget.text())
        else:
            named = not isinstance(widget, INTERACTIVE) or bool(widget.accessibleName())
        if not named:
            missing.append(f"{type(widget).__name__} {widget.objectName()!r}")
    return missing


# -- the list ----------------------------------------------------------------------------------------------


def test_accounts_are_grouped_by_provider_with_each_default_marked(qtmodeltester: ModelTester, dialog: AccountsDialog,
                                                                   ctx: AppContext) -> None:
    """Top-level rows are providers, their accounts are children; the provider's default is marked ★."""
    model = dialog.model
    qtmodeltester.check(model)
    providers = {a.provider for a in ctx.accounts.accounts()}
    assert model.rowCount() == len(providers)
    group = model.group_index("snom")
    assert model.data(group) == "Snom (XML-RPC)"
    child = model.index(0, 0, group)
    assert model.data(child) == SANDBOX_SNOM
    assert model.data(child, IsDefaultRole) is True
    assert model.data(model.index(0, model.DEFAULT, group)) == "★"
    assert "in-memory (sandbox)" in dialog.keyring_label.text()


def test_every_interactive_widget_has_an_accessible_name(qtbot: QtBot, dialog: AccountsDialog) -> None:
    """Screen readers can name every control of the dialog and of the form (with a provider's options)."""
    assert missing_accessible_names(dialog) == []
    editor = _open_editor(qtbot, dialog, dialog.add_button)
    editor.provider_combo.setCurrentIndex(editor.provider_combo.findData("gigaset"))
    assert missing_accessible_names(editor) == []


# -- add, edit, default, remove -----------------------------------------------------------------------------


def test_add_an_account_through_the_form(qtbot: QtBot, dialog: AccountsDialog, ctx: AppContext) -> None:
    """Add… with provider, name, user, password and endpoint stores the account and its secret; it is listed."""
    endpoint = simulators(ctx).endpoints["snom"]
    editor = _open_editor(qtbot, dialog, dialog.add_button)
    assert editor.secret_edit.echoMode() is QLineEdit.EchoMode.Password
    _fill(qtbot, editor, provider="snom", name="Acme Snom", user="acme", secret="s3cret-acme", endpoint=endpoint)
    editor.notes_edit.setPlainText("ask Mario")
    editor.concurrency_spin.setValue(3)
    _save(qtbot, editor)
    qtbot.waitUntil(lambda: dialog.editor is None, timeout=3000)
    account = ctx.accounts.get("Acme Snom")
    assert (account.provider, account.user, account.endpoint, account.concurrency, account.notes) == (
        "snom", "acme", endpoint, 3, "ask Mario")
    assert ctx.accounts.secret(account) == "s3cret-acme"
    assert not account.is_default  # the sandbox account stays the default
    assert dialog.current_account() == account
    assert "Acme Snom" in dialog.status_line.text()


def test_the_form_follows_the_provider_options(qtbot: QtBot, dialog: AccountsDialog, ctx: AppContext) -> None:
    """Gigaset's form has its provider name and bare-MAC switch; they are stored; other providers lack them."""
    editor = _open_editor(qtbot, dialog, dialog.add_button)
    _fill(qtbot, editor, provider="ymcs")
    assert editor.user_label.text().replace("&", "") == "Client ID (AccessKey ID):"
    assert isinstance(editor.findChild(QCheckBox, "option_register_by_serial"), QCheckBox)
    _fill(qtbot, editor, provider="gigaset", name="Acme Gigaset", user="acme", secret="pw-gigaset")
    assert editor.findChild(QCheckBox, "option_register_by_serial") is None
    assert editor.endpoint_edit.placeholderText() == "https://prov.gigaset.net/apxml/rpc.do"
    qtbot.keyClicks(find(editor, QLineEdit, "option_provider_name"), "Acme Srl")
    find(editor, QCheckBox, "option_disable_crc").setChecked(True)
    _save(qtbot, editor)
    qtbot.waitUntil(lambda: dialog.editor is None, timeout=3000)
    account = ctx.accounts.get("Acme Gigaset")
    assert dict(account.options) == {"provider_name": "Acme Srl", "disable_crc": True}
    assert account.endpoint is None  # empty = the vendor's default


def test_edit_leaves_the_secret_alone_unless_a_new_one_is_typed(qtbot: QtBot, dialog: AccountsDialog,
                                                                ctx: AppContext) -> None:
    """Edit never shows the stored secret; saving with the field empty keeps it, typing one replaces it."""
    account = ctx.accounts.get(SANDBOX_SNOM)
    stored = ctx.accounts.secret(account)
    dialog.select_account(SANDBOX_SNOM)
    editor = _open_editor(qtbot, dialog, dialog.edit_button)
    assert editor.secret_edit.text() == ""
    assert editor.name_edit.text() == SANDBOX_SNOM and editor.user_edit.text() == account.user
    assert not editor.provider_combo.isEnabled()
    editor.notes_edit.setPlainText("edited")
    _save(qtbot, editor)
    qtbot.waitUntil(lambda: dialog.editor is None, timeout=3000)
    assert ctx.accounts.get(SANDBOX_SNOM).notes == "edited"
    assert ctx.accounts.secret(account) == stored

    editor = _open_editor(qtbot, dialog, dialog.edit_button)
    _fill(qtbot, editor, secret="brand-new-secret")
    _save(qtbot, editor)
    qtbot.waitUntil(lambda: dialog.editor is None, timeout=3000)
    assert ctx.accounts.secret(account) == "brand-new-secret"


def test_validation_errors_show_inline_and_keep_the_form_open(qtbot: QtBot, dialog: AccountsDialog,
                                                              ctx: AppContext) -> None:
    """A duplicate name or a missing password is reported in the form, which stays open; nothing is stored."""
    before = len(ctx.accounts.accounts())
    editor = _open_editor(qtbot, dialog, dialog.add_button)
    _fill(qtbot, editor, provider="snom", name=SANDBOX_SNOM.upper(), user="acme", secret="pw")
    _save(qtbot, editor)
    assert editor.isVisible() and editor.error_label.isVisible()
    assert "already exists" in editor.error_label.text()
    _fill(qtbot, editor, name="Fresh name")
    editor.secret_edit.clear()
    _save(qtbot, editor)
    assert editor.isVisible() and "must not be empty" in editor.error_label.text()
    _fill(qtbot, editor, endpoint="ftp://nowhere")
    _save(qtbot, editor)
    assert editor.isVisible() and "https://" in editor.error_label.text()
    assert len(ctx.accounts.accounts()) == before


def test_set_default(qtbot: QtBot, dialog: AccountsDialog, ctx: AppContext) -> None:
    """Set default makes the selected account its provider's default and moves the ★."""
    ctx.accounts.add("snom", "Second Snom", "pw", user="second")
    dialog.reload()
    dialog.select_account("Second Snom")
    assert dialog.default_button.isEnabled()
    qtbot.mouseClick(dialog.default_button, Qt.MouseButton.LeftButton)
    default = ctx.accounts.default_for("snom")
    assert default is not None and default.name == "Second Snom"
    group = dialog.model.group_index("snom")
    marks = {dialog.model.data(dialog.model.index(r, 0, group)): dialog.model.data(dialog.model.index(r, 0, group),
                                                                                     IsDefaultRole)
             for r in range(dialog.model.rowCount(group))}
    assert marks == {"Second Snom": True, SANDBOX_SNOM: False}
    assert not dialog.default_button.isEnabled()


def test_remove_asks_first(qtbot: QtBot, dialog: AccountsDialog, ctx: AppContext) -> None:
    """Remove… asks; Keep leaves the account, Remove deletes it and its secret."""
    account = ctx.accounts.add("snom", "Doomed", "pw-doomed", user="doomed")
    dialog.reload(select=account.id)

    def answer(button: QMessageBox.StandardButton) -> None:
        qtbot.mouseClick(dialog.remove_button, Qt.MouseButton.LeftButton)
        box = find(dialog, QMessageBox, "confirmRemove")
        assert "Doomed" in box.text()
        qtbot.mouseClick(box.button(button), Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: dialog.findChild(QMessageBox, "confirmRemove") is None, timeout=3000)

    answer(QMessageBox.StandardButton.No)
    assert ctx.accounts.find("Doomed") is not None
    answer(QMessageBox.StandardButton.Yes)
    assert ctx.accounts.find("Doomed") is None
    assert ctx.accounts.credentials.get_secret(account.id) is None
    assert all(a.name != "Doomed" for a in dialog.model.accounts())


# -- test --------------------------------------------------------------------------------------------------


def test_testing_a_sandbox_account_shows_every_check_passed(qtbot: QtBot, qtmodeltester: ModelTester,
                                                             dialog: AccountsDialog) -> None:
    """Test runs the probe off the GUI thread; the checklist shows ✓ for each step and the plain-http warning."""
    model = _test_and_wait(qtbot, dialog, SANDBOX_SNOM)
    qtmodeltester.check(model)
    rows = _rows(model)
    assert rows["Service reachable"] == ("✓", True)
    assert rows["Credentials accepted"] == ("✓", True)
    assert rows["Warning"][0] == "⚠"
    assert "plain http://" in model.data(model.index(model.rowCount() - 1, ProbeChecklistModel.DETAILS))
    assert "All checks passed" in dialog.probe_summary.text()
    assert "register" in dialog.probe_can.text()
    assert dialog.test_button.isEnabled()


def test_a_wrong_password_fails_the_credentials_check(qtbot: QtBot, dialog: AccountsDialog, ctx: AppContext) -> None:
    """Against the simulator, a wrong password shows reachable ✓ and credentials ✗."""
    sandbox = simulators(ctx).settings("snom")
    ctx.accounts.add("snom", "Wrong password", "not-the-password", user=sandbox.user, endpoint=sandbox.endpoint)
    dialog.reload()
    rows = _rows(_test_and_wait(qtbot, dialog, "Wrong password"))
    assert rows["Service reachable"] == ("✓", True)
    assert rows["Credentials accepted"] == ("✗", False)
    assert "does not work" in dialog.probe_summary.text()


# -- import ----------------------------------------------------------------------------------------------------


def test_import_a_falconieri_conf(qtbot: QtBot, dialog: AccountsDialog, ctx: AppContext, tmp_path: Path) -> None:
    """Import conf.json… creates the new accounts, lists what it skipped, and suggests deleting the file."""
    simulators(ctx).simulator("snom").add_account("imported", "imported-secret")
    yealink = simulators(ctx).settings("yealink")
    conf = tmp_path / "conf.json"
    conf.write_text(json.dumps({"providers": {
        "snom": {"user": "imported", "password": "imported-secret", "rpc_url": simulators(ctx).endpoints["snom"]},
        "yealink": {"user": yealink.user, "password": yealink.secret, "rpc_url": yealink.endpoint},
        "fanvil": {"user": "f", "password": "x", "disable": True},
    }}))
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    chooser = find(dialog, QFileDialog, "importFileDialog")
    chooser.selectFile(str(conf))
    chooser.accept()
    qtbot.waitUntil(lambda: dialog.findChild(QMessageBox, "importResult") is not None, timeout=3000)
    box = find(dialog, QMessageBox, "importResult")
    details = box.informativeText()
    assert "Created Snom (XML-RPC) account “snom”" in details
    assert "Skipped yealink: already stored as account 'Sandbox Yealink (XML-RPC)'" in details
    assert "Skipped fanvil: disabled in the file" in details
    assert f"{conf} still holds them in plain text" in details and "delete that file" in details
    account = ctx.accounts.get("snom")
    assert ctx.accounts.secret(account) == "imported-secret"
    assert dialog.current_account() == account
    box.accept()
    rows = _rows(_test_and_wait(qtbot, dialog, "snom"))
    assert rows["Credentials accepted"] == ("✓", True)


# -- no keyring ---------------------------------------------------------------------------------------------------


def test_without_a_keyring_no_secret_is_saved(qtbot: QtBot, ctx: AppContext, bridge: EngineBridge) -> None:
    """With keyring's 'fail' backend the dialog names the backend, explains, and refuses to store a password."""
    ctx.accounts = AccountStore(None, KeyringCredentialStore(fail.Keyring()))
    dialog = AccountsDialog(ctx, bridge)
    qtbot.addWidget(dialog)
    dialog.show()
    assert "No usable keyring" in dialog.keyring_label.text()
    assert "fail Keyring" in dialog.keyring_label.text()
    assert dialog.empty_label.isVisible()
    editor = _open_editor(qtbot, dialog, dialog.add_button)
    assert editor.keyring_note.isVisible()
    _fill(qtbot, editor, provider="snom", name="Acme", user="acme", secret="pw")
    _save(qtbot, editor)
    assert editor.isVisible()
    text = editor.error_label.text()
    assert "was not saved" in text and "only in the system keyring" in text
    assert "No system keyring was found" in text  # why ...
    assert "Secret Service" in text or "Credential Manager" in text or "keychain" in text  # ... and what to do
    assert ctx.accounts.accounts() == []
    editor.reject()
    dialog.import_conf(str(Path(__file__)))  # refused before the file is even read
    assert "no usable keyring" in find(dialog, QMessageBox, "accountsMessage").text()


def test_without_a_keyring_an_account_can_still_be_edited(qtbot: QtBot, ctx: AppContext, bridge: EngineBridge,
                                                          tmp_path: Path) -> None:
    """Editing without typing a secret needs no keyring, so it works; typing one is refused."""
    path = tmp_path / "accounts.json"
    path.write_text(json.dumps({"schema": 1, "accounts": [
        {"id": "a1", "name": "Acme", "provider": "snom", "user": "acme", "is_default": True}]}))
    ctx.accounts = AccountStore(path, KeyringCredentialStore(fail.Keyring()))
    dialog = AccountsDialog(ctx, bridge)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.select_account("Acme")
    editor = _open_editor(qtbot, dialog, dialog.edit_button)
    _fill(qtbot, editor, secret="new")
    _save(qtbot, editor)
    assert editor.isVisible() and "was not saved" in editor.error_label.text()
    editor.secret_edit.clear()
    _fill(qtbot, editor, user="acme-renamed")
    _save(qtbot, editor)
    qtbot.waitUntil(lambda: dialog.editor is None, timeout=3000)
    assert ctx.accounts.get("Acme").user == "acme-renamed"


# -- keyboard ----------------------------------------------------------------------------------------------------


def test_keyboard_enter_edits_enter_saves_escape_closes(qtbot: QtBot, dialog: AccountsDialog, ctx: AppContext) -> None:
    """Enter on an account opens the form (the dialog stays), Enter in the form saves, Esc closes the dialog."""
    dialog.select_account(SANDBOX_SNOM)
    dialog.tree.setFocus()
    qtbot.keyClick(dialog.tree, Qt.Key.Key_Return)
    editor = dialog.editor
    assert editor is not None and dialog.isVisible()
    qtbot.waitUntil(editor.isVisible, timeout=3000)
    editor.name_edit.setFocus()
    editor.name_edit.selectAll()
    qtbot.keyClicks(editor.name_edit, "Renamed by keyboard")
    qtbot.keyClick(editor.name_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.editor is None, timeout=3000)
    assert ctx.accounts.find("Renamed by keyboard") is not None
    assert dialog.isVisible()
    with qtbot.waitSignal(dialog.finished, timeout=3000):
        qtbot.keyClick(dialog.tree, Qt.Key.Key_Escape)
    assert dialog.result() == QDialog.DialogCode.Rejected


def test_the_main_window_lists_an_account_added_in_the_dialog(qtbot: QtBot, window: MainWindow) -> None:
    """Accounts… opens this dialog; after closing it the account selector offers the new account."""
    window.open_accounts()
    dialog = window.findChild(AccountsDialog)
    assert isinstance(dialog, AccountsDialog)
    qtbot.waitUntil(dialog.isVisible, timeout=3000)
    editor = _open_editor(qtbot, dialog, dialog.add_button)
    _fill(qtbot, editor, provider="fanvil", name="Customer Fanvil", user="cust", secret="pw-fanvil")
    _save(qtbot, editor)
    qtbot.waitUntil(lambda: dialog.editor is None, timeout=3000)
    with qtbot.waitSignal(dialog.finished, timeout=3000):
        qtbot.mouseClick(dialog.button_box.button(dialog.button_box.StandardButton.Close), Qt.MouseButton.LeftButton)
    account = window.ctx.accounts.get("Customer Fanvil")
    assert window.account_combo.findData(account.id) >= 0


def test_an_unreadable_accounts_file_is_reported(qtbot: QtBot, ctx: AppContext, bridge: EngineBridge,
                                                 tmp_path: Path) -> None:
    """A broken accounts.json is named in the dialog with what to do, instead of an empty list without a word."""
    path = tmp_path / "accounts.json"
    path.write_text("{not json")
    ctx.accounts = AccountStore(path, ctx.accounts.credentials)
    dialog = AccountsDialog(ctx, bridge)
    qtbot.addWidget(dialog)
    dialog.show()
    assert "is not valid JSON" in dialog.status_line.text()
    assert "Fix" in dialog.status_line.text()
    assert dialog.model.rowCount() == 0
