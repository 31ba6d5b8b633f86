"""The Settings dialog, driven through its widgets: values, inline validation, defaults, saving."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QDoubleSpinBox,
    QFileDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableView,
)
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from falconieri_desktop.core.accounts import AccountStore
from falconieri_desktop.core.settings import Settings
from falconieri_desktop.ui.context import AppContext
from falconieri_desktop.ui.dialogs.settings import SettingsDialog, UrlTemplatesModel
from tests.ui.test_accounts_dialog import find, missing_accessible_names


@pytest.fixture
def sandbox_ctx(tmp_path: Path, qapp: QApplication) -> Iterator[AppContext]:
    """Sandbox mode whose settings know a file path, so a write would show."""
    context = AppContext.create(sandbox=True, settings=Settings(path=tmp_path / "settings.json"),
                                journal_path=tmp_path / "journal.sqlite3", sandbox_latency=0.0)
    yield context
    context.shutdown()


@pytest.fixture
def desktop_ctx(tmp_path: Path, qapp: QApplication) -> Iterator[AppContext]:
    """A normal (non-sandbox) context over files in tmp_path."""
    context = AppContext.create(settings=Settings.load(tmp_path / "settings.json"), accounts=AccountStore.ephemeral(),
                                journal_path=tmp_path / "journal.sqlite3")
    yield context
    context.shutdown()


def _dialog(qtbot: QtBot, ctx: AppContext) -> SettingsDialog:
    dialog = SettingsDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _widget(dialog: SettingsDialog, cls: type[Any], key: str) -> Any:
    return find(dialog, cls, "setting_" + key.replace(".", "_"))


def _error(dialog: SettingsDialog, key: str) -> QLabel:
    return find(dialog, QLabel, "error_" + key.replace(".", "_"))


def _type(qtbot: QtBot, edit: QLineEdit, text: str) -> None:
    edit.clear()
    qtbot.keyClicks(edit, text)


def _save(qtbot: QtBot, dialog: SettingsDialog) -> None:
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)


def test_values_change_through_the_widgets_and_stay_in_memory_in_sandbox(qtbot: QtBot, sandbox_ctx: AppContext,
                                                                         tmp_path: Path) -> None:
    """Save applies every page's values to ctx.settings (and the retry policy); sandbox mode writes no file."""
    dialog = _dialog(qtbot, sandbox_ctx)
    assert find(dialog, QLabel, "sandboxNote").isVisible()
    _widget(dialog, QSpinBox, "engine.attempts").setValue(6)
    _widget(dialog, QSpinBox, "engine.concurrency").setValue(8)
    _widget(dialog, QCheckBox, "engine.verify_after_register").setChecked(True)
    _type(qtbot, _widget(dialog, QLineEdit, "network.proxy"), "http://proxy.example.com:3128")
    _widget(dialog, QComboBox, "ui.language").setCurrentIndex(
        _widget(dialog, QComboBox, "ui.language").findData("it"))
    with qtbot.waitSignal(dialog.finished, timeout=3000):
        _save(qtbot, dialog)
    assert dialog.result() == QDialog.DialogCode.Accepted
    settings = sandbox_ctx.settings
    assert settings.get("engine.attempts") == 6
    assert settings.get("engine.concurrency") == 8
    assert settings.get("engine.verify_after_register") is True
    assert settings.get("network.proxy") == "http://proxy.example.com:3128"
    assert settings.get("ui.language") == "it"
    assert sandbox_ctx.engine.policy.attempts == 6
    assert not (tmp_path / "settings.json").exists()


def test_an_invalid_value_is_shown_inline_and_nothing_is_saved(qtbot: QtBot, desktop_ctx: AppContext,
                                                               tmp_path: Path) -> None:
    """A bad proxy and a missing CA file are reported under their fields; the dialog stays open, no file."""
    dialog = _dialog(qtbot, desktop_ctx)
    dialog.tabs.setCurrentIndex(2)
    _type(qtbot, _widget(dialog, QLineEdit, "network.proxy"), "ftp://proxy.example.com")
    _type(qtbot, _widget(dialog, QLineEdit, "network.ca_bundle"), str(tmp_path / "missing.pem"))
    _widget(dialog, QSpinBox, "engine.attempts").setValue(7)
    _save(qtbot, dialog)
    assert dialog.isVisible()
    assert dialog.tabs.currentIndex() == 0  # the page of the first problem
    assert _error(dialog, "network.proxy").isVisible()
    assert "“Proxy” must be a URL such as" in _error(dialog, "network.proxy").text()
    assert "not a file" in _error(dialog, "network.ca_bundle").text()
    assert not _error(dialog, "engine.attempts").isVisible()
    assert find(dialog, QLabel, "settingsError").isVisible()
    assert desktop_ctx.settings.get("network.proxy") is None
    assert desktop_ctx.settings.get("engine.attempts") == 4  # nothing applied, not even the valid values
    assert not (tmp_path / "settings.json").exists()
    qtbot.keyClicks(_widget(dialog, QLineEdit, "network.proxy"), "x")
    assert not _error(dialog, "network.proxy").isVisible()  # typing clears the problem


def test_save_writes_the_changed_values_to_the_file(qtbot: QtBot, desktop_ctx: AppContext, tmp_path: Path) -> None:
    """Outside sandbox mode Save writes settings.json with only the values that differ from the defaults."""
    ca = tmp_path / "corp-ca.pem"
    ca.write_text("-----BEGIN CERTIFICATE-----\n")
    dialog = _dialog(qtbot, desktop_ctx)
    _widget(dialog, QDoubleSpinBox, "network.read_timeout").setValue(45.0)
    _type(qtbot, _widget(dialog, QLineEdit, "network.ca_bundle"), str(ca))
    with qtbot.waitSignal(dialog.finished, timeout=3000):
        _save(qtbot, dialog)
    stored = json.loads((tmp_path / "settings.json").read_text())["settings"]
    assert stored == {"network.read_timeout": 45.0, "network.ca_bundle": str(ca)}
    assert Settings.load(tmp_path / "settings.json").get("network.read_timeout") == 45.0


def test_the_file_chooser_fills_a_path(qtbot: QtBot, sandbox_ctx: AppContext, tmp_path: Path) -> None:
    """Browse… next to the MAC range file opens a chooser; the chosen file lands in the field and is saved."""
    ranges = tmp_path / "ranges.json"
    ranges.write_text("{}")
    dialog = _dialog(qtbot, sandbox_ctx)
    dialog.tabs.setCurrentIndex(2)
    qtbot.mouseClick(find(dialog, QPushButton, "browse_ui_mac_ranges_file"),
                     Qt.MouseButton.LeftButton)
    chooser = find(dialog, QFileDialog, "chooser_ui_mac_ranges_file")
    chooser.selectFile(str(ranges))
    chooser.accept()
    assert _widget(dialog, QLineEdit, "ui.mac_ranges_file").text() == str(ranges)
    _save(qtbot, dialog)
    assert sandbox_ctx.settings.get("ui.mac_ranges_file") == ranges


def test_restore_defaults_per_page_and_for_all(qtbot: QtBot, sandbox_ctx: AppContext) -> None:
    """A page's Restore puts only that page's defaults in the fields; Restore all does every page; Save applies."""
    settings = sandbox_ctx.settings
    settings.set("engine.attempts", 7)
    settings.set("network.proxy", "http://proxy.example.com:3128")
    settings.set("ui.url_templates", {"snom": "https://pbx.example.com/{mac}.xml"})
    dialog = _dialog(qtbot, sandbox_ctx)
    dialog.tabs.setCurrentIndex(1)
    qtbot.mouseClick(find(dialog, QPushButton, "restorePageButton_batches"),
                     Qt.MouseButton.LeftButton)
    assert _widget(dialog, QSpinBox, "engine.attempts").value() == 4
    assert _widget(dialog, QLineEdit, "network.proxy").text() == "http://proxy.example.com:3128"
    qtbot.mouseClick(dialog.restore_all, Qt.MouseButton.LeftButton)
    assert _widget(dialog, QLineEdit, "network.proxy").text() == ""
    _save(qtbot, dialog)
    assert settings.is_default("engine.attempts")
    assert settings.is_default("network.proxy")
    assert settings.get("ui.url_templates") == {}


def test_url_templates_are_edited_in_the_table(qtbot: QtBot, qtmodeltester: ModelTester,
                                               sandbox_ctx: AppContext) -> None:
    """Typing into a provider's row sets its template (Enter ends the edit only); a password is refused inline."""
    dialog = _dialog(qtbot, sandbox_ctx)
    dialog.tabs.setCurrentIndex(2)
    table = find(dialog, QTableView, "templatesTable")
    model = table.model()
    assert isinstance(model, UrlTemplatesModel)
    qtmodeltester.check(model)
    row = next(r for r in range(model.rowCount()) if model.data(model.index(r, 0), Qt.ItemDataRole.UserRole) == "snom")

    def type_template(text: str) -> None:
        index = model.index(row, UrlTemplatesModel.TEMPLATE)
        table.setFocus()
        table.setCurrentIndex(index)
        qtbot.keyClick(table, Qt.Key.Key_F2)
        editor = table.indexWidget(index)  # the open cell editor
        assert isinstance(editor, QLineEdit)
        editor.selectAll()
        qtbot.keyClicks(editor, text)
        qtbot.keyClick(editor, Qt.Key.Key_Return)

    type_template("https://user:secret@pbx.example.com/{mac}.xml")
    _save(qtbot, dialog)
    assert dialog.isVisible()
    assert "password" in _error(dialog, "ui.url_templates").text()
    type_template("https://pbx.example.com/prov/{mac}.xml")
    assert dialog.isVisible()  # Enter ends the cell edit; it is not taken for Save
    _save(qtbot, dialog)
    assert sandbox_ctx.settings.get("ui.url_templates") == {"snom": "https://pbx.example.com/prov/{mac}.xml"}


def test_recent_urls_can_be_forgotten(qtbot: QtBot, sandbox_ctx: AppContext) -> None:
    """Forget recent URLs empties the list on Save (and Restore defaults leaves the history alone)."""
    sandbox_ctx.settings.add_recent_url("https://pbx.example.com/a/")
    sandbox_ctx.settings.add_recent_url("https://pbx.example.com/b/")
    dialog = _dialog(qtbot, sandbox_ctx)
    qtbot.mouseClick(dialog.restore_all, Qt.MouseButton.LeftButton)
    assert "2" in dialog.forget_recent.text()
    qtbot.mouseClick(dialog.forget_recent, Qt.MouseButton.LeftButton)
    assert not dialog.forget_recent.isEnabled()
    assert sandbox_ctx.settings.get("ui.recent_urls")  # nothing happens before Save
    _save(qtbot, dialog)
    assert sandbox_ctx.settings.get("ui.recent_urls") == []


def test_network_page_says_tls_is_always_verified(qtbot: QtBot, sandbox_ctx: AppContext) -> None:
    """There is no TLS switch: the Network page says verification is always on and the CA file only adds trust."""
    dialog = _dialog(qtbot, sandbox_ctx)
    note = find(dialog, QLabel, "note_network").text()
    assert "always verified" in note and "only add trust" in note
    assert not [c for c in dialog.findChildren(QCheckBox) if "tls" in c.objectName().lower()]
    language_help = _widget(dialog, QComboBox, "ui.language").toolTip()
    assert "restarted" in language_help


def test_keyboard_and_accessible_names(qtbot: QtBot, sandbox_ctx: AppContext) -> None:
    """Every control is named; labels have buddies; Enter in a field saves; Esc cancels without applying."""
    dialog = _dialog(qtbot, sandbox_ctx)
    for page in range(dialog.tabs.count()):
        dialog.tabs.setCurrentIndex(page)
        assert missing_accessible_names(dialog) == [], page
    buddies = {label.buddy() for label in dialog.findChildren(QLabel) if label.buddy() is not None}
    assert {field.focus_widget for key, field in dialog.fields.items()
            if key != "engine.verify_after_register"} <= buddies
    dialog.tabs.setCurrentIndex(0)
    proxy = _widget(dialog, QLineEdit, "network.proxy")
    _type(qtbot, proxy, "http://proxy.example.com:8080")
    with qtbot.waitSignal(dialog.finished, timeout=3000):
        qtbot.keyClick(proxy, Qt.Key.Key_Return)
    assert sandbox_ctx.settings.get("network.proxy") == "http://proxy.example.com:8080"

    again = _dialog(qtbot, sandbox_ctx)
    _widget(again, QSpinBox, "engine.attempts").setValue(9)
    with qtbot.waitSignal(again.finished, timeout=3000):
        qtbot.keyClick(_widget(again, QLineEdit, "network.proxy"), Qt.Key.Key_Escape)
    assert again.result() == QDialog.DialogCode.Rejected
    assert sandbox_ctx.settings.get("engine.attempts") == 4
