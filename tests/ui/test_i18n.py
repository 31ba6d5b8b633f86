"""Translations: every UI string has an Italian translation, the Italian UI shows no English, and
counts read "1 device" / "2 devices" in English (its catalogue holds only the plural forms)."""

from __future__ import annotations

import re
import shutil
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QAbstractItemModel, QCoreApplication, QLibraryInfo, QLocale, Qt, QTranslator
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QTabWidget,
    QWidget,
)

from falconieri_desktop.core.devices import Status
from falconieri_desktop.ui.i18n import compile_catalogue, resources_dir, update_catalogue

ROOT = Path(__file__).resolve().parents[2]
IT_TS = resources_dir() / "translations" / "falconieri_it.ts"
EN_TS = resources_dir() / "translations" / "falconieri_en.ts"


def _messages(ts: Path) -> Iterator[tuple[str, str, str | None, str]]:
    """(context, source, translation type, translation text) of every live message."""
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            kind = translation.get("type") if translation is not None else "unfinished"
            if kind in ("obsolete", "vanished"):
                continue
            forms = translation.findall("numerusform") if translation is not None else []
            if forms and not all((form.text or "").strip() for form in forms):
                kind = "unfinished"  # a plural message needs every form
            text = "".join(translation.itertext()) if translation is not None else ""
            yield name, message.findtext("source") or "", kind, text


def test_core_strings_list_matches_the_core_tables() -> None:
    """ui/strings.py lists exactly the core's current texts (regenerate with tools/core_strings.py)."""
    sys.path.insert(0, str(ROOT / "tools"))
    try:
        import core_strings
    finally:
        sys.path.pop(0)
    assert (ROOT / "falconieri_desktop/ui/strings.py").read_text(encoding="utf-8") == \
        core_strings.render(core_strings.collect())


def test_italian_catalogue_covers_every_ui_string(tmp_path: Path) -> None:
    """lupdate over today's UI finds no string without an Italian translation."""
    merged = tmp_path / IT_TS.name
    shutil.copy(IT_TS, merged)
    update_catalogue(merged)
    missing = [f"{context}: {source!r}" for context, source, kind, text in _messages(merged)
               if kind == "unfinished" or not text.strip()]
    assert missing == [], f"{len(missing)} untranslated, e.g. {missing[:15]}"


def test_english_catalogue_gives_every_count_its_plural_forms(tmp_path: Path) -> None:
    """Every "%n device(s)" of today's UI has its English singular and plural."""
    merged = tmp_path / EN_TS.name
    shutil.copy(EN_TS, merged)
    update_catalogue(merged)  # -pluralonly: only messages with %n
    messages = list(_messages(merged))
    assert messages, "the UI has counted messages"
    missing = [f"{context}: {source!r}" for context, source, kind, _ in messages if kind == "unfinished"]
    assert missing == [], f"{len(missing)} without plural forms, e.g. {missing[:15]}"


def test_english_counts_read_naturally(qapp, ctx, qtbot) -> None:
    """With the app's English catalogue installed the device count says "1 device", then "2 devices"."""
    from PySide6.QtGui import QGuiApplication

    from falconieri_desktop.ui.main_window import MainWindow

    translator = QTranslator()
    assert translator.load(str(compile_catalogue(EN_TS, resources_dir().parent / "build" / "translations-test")))
    qapp.installTranslator(translator)
    try:
        window = MainWindow(ctx)
        qtbot.addWidget(window)
        QGuiApplication.clipboard().setText("00:04:13:52:00:01")
        window.paste()
        assert window.count_label.text() == "1 device"
        assert window.statusBar().currentMessage() == "Pasted 1 device."
        QGuiApplication.clipboard().setText("00:04:13:52:00:02")
        window.paste()
        assert window.count_label.text() == "2 devices"
    finally:
        qapp.removeTranslator(translator)


# Words that are the same in Italian (names, units, technical terms).
SAME_IN_ITALIAN = {"MAC", "URL", "PIN", "OK", "SN", "Hawk", "Snom", "Gigaset", "Yealink", "Fanvil", "Falconieri",
                   "Falconieri Desktop", "Sandbox", "SANDBOX"}


@pytest.fixture
def italian(qapp) -> Iterator[None]:
    translator = QTranslator()
    qm = compile_catalogue(IT_TS, resources_dir().parent / "build" / "translations-test")
    assert translator.load(str(qm))
    qapp.installTranslator(translator)
    # Qt's own texts (standard buttons: Cancel, Close, Save...), as install_translators loads them.
    qt = QTranslator()
    assert qt.load(QLocale("it"), "qtbase", "_", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))
    qapp.installTranslator(qt)
    QLocale.setDefault(QLocale("it"))
    yield
    qapp.removeTranslator(qt)
    qapp.removeTranslator(translator)
    QLocale.setDefault(QLocale("en"))


def _texts(root: QWidget) -> Iterator[str]:
    widgets = [root, *root.findChildren(QWidget)]
    for widget in widgets:
        if isinstance(widget, QLabel | QAbstractButton):
            yield widget.text()
        if isinstance(widget, QGroupBox):
            yield widget.title()
        if isinstance(widget, QLineEdit):
            yield widget.placeholderText()
        if isinstance(widget, QTabWidget):
            yield from (widget.tabText(i) for i in range(widget.count()))
        if isinstance(widget, QComboBox) and widget.objectName() not in ("urlInput", "accountCombo"):
            yield from (widget.itemText(i) for i in range(widget.count()))
        yield widget.windowTitle()
        yield widget.toolTip()
        yield widget.accessibleName()
        for action in widget.actions():
            yield action.text()
            yield action.toolTip()


def _english_only(texts: Iterator[str]) -> list[str]:
    sources = {source for _, source, _, text in _messages(IT_TS) if text and text != source}
    found = []
    for text in texts:
        if text and text in sources and text not in SAME_IN_ITALIAN:
            found.append(text)
    return sorted(set(found))


def test_italian_main_window_shows_no_english(italian, ctx, qtbot) -> None:
    """The main window, its menus and the table headers are all in Italian."""
    from falconieri_desktop.ui.main_window import MainWindow

    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    texts = list(_texts(window))
    texts += [str(window.model.headerData(i, Qt.Orientation.Horizontal)) for i in range(window.model.columnCount())]
    for menu_action in window.menuBar().actions():
        texts.append(menu_action.text())
        menu = menu_action.menu()
        if menu is not None:
            texts += [a.text() for a in menu.actions()]
    assert _english_only(iter(texts)) == []
    assert QCoreApplication.translate("Errors", "The MAC address is missing.") != "The MAC address is missing."
    window.close()


def test_italian_dialogs_show_no_english(italian, ctx, qtbot) -> None:
    """Accounts, Settings and History dialogs are all in Italian."""
    from falconieri_desktop.ui.dialogs.accounts import AccountsDialog
    from falconieri_desktop.ui.dialogs.history import HistoryDialog
    from falconieri_desktop.ui.dialogs.settings import SettingsDialog
    from falconieri_desktop.ui.main_window import MainWindow

    window = MainWindow(ctx)
    qtbot.addWidget(window)
    dialogs = [AccountsDialog(ctx, window.bridge, window), SettingsDialog(ctx, window), HistoryDialog(ctx, window)]
    texts: list[str] = []
    for dialog in dialogs:
        dialog.show()
        texts += list(_texts(dialog))
        dialog.close()
    assert _english_only(iter(texts)) == []
    window.close()


def _headers(model: QAbstractItemModel) -> list[str]:
    return [str(model.headerData(i, Qt.Orientation.Horizontal) or "") for i in range(model.columnCount())]


def test_italian_import_dialog_and_scan_panel_show_no_english(italian, ctx, qtbot, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """The import preview (mapping, plan, counts, buttons) and the scan panel are all in Italian."""
    from falconieri_desktop.sandbox.demo import DEMO_DEVICES
    from falconieri_desktop.ui.dialogs.import_dialog import ImportDialog
    from falconieri_desktop.ui.main_window import MainWindow

    window = MainWindow(ctx)
    qtbot.addWidget(window)
    new = next(d.mac for d in DEMO_DEVICES if d.provider == "snom" and d.state == "new")
    gigaset = next(d.mac for d in DEMO_DEVICES if d.provider == "gigaset" and d.state == "new")
    sheet = tmp_path / "clienti.csv"
    sheet.write_text(f"Indirizzo MAC;Note\n{new};Reception\n00:04:13:ZZ:00:01;errore\n{gigaset};base DECT\n",
                     encoding="utf-8")
    dialog = ImportDialog(ctx, window.bridge, sheet, default_url="https://pbx.example.com/prov/{mac}.xml",
                          default_account=None, id_factory=window.model.new_row_id, parent=window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 3 and not dialog.checking, timeout=15000)
    texts = list(_texts(dialog))
    texts += _headers(dialog.model)
    texts += [str(dialog.model.index(row, 0).data()) for row in range(dialog.model.rowCount())]
    texts += [label.text().split(":")[0] for label in dialog.count_labels.values()]
    assert len(set(texts)) > 30  # the preview was filled: plan classes, mapping choices, counts
    assert _english_only(iter(texts)) == []
    dialog.reject()

    if (ROOT / "falconieri_desktop/ui/scanner.py").exists():
        from falconieri_desktop.ui.camera import CAMERA_FILE_ENV
        from falconieri_desktop.ui.scanner import ScanPanel

        monkeypatch.delenv(CAMERA_FILE_ENV, raising=False)
        panel = ScanPanel(ctx, window.bridge, window)
        qtbot.addWidget(panel)
        panel.show()
        texts = list(_texts(panel)) + _headers(panel.review.model)
        assert _english_only(iter(texts)) == []
        panel.shutdown()
    window.close()


@pytest.fixture
def translators(qapp) -> Iterator[None]:
    """Removes whatever translators the test installed on the application."""
    before = set(qapp.findChildren(QTranslator))
    yield
    for translator in set(qapp.findChildren(QTranslator)) - before:
        qapp.removeTranslator(translator)
        translator.deleteLater()
    QLocale.setDefault(QLocale("en"))


@pytest.mark.parametrize("asked", ["en", "xx"])
def test_the_english_interface_gets_its_plural_forms(qapp, translators, asked: str) -> None:
    """English, or a language without a catalogue: English, with "1 device" and "3 devices"."""
    from falconieri_desktop.ui.i18n import install_translators

    assert install_translators(qapp, asked) == "en"
    assert QCoreApplication.translate("MainWindow", "%n device(s)", "", 1) == "1 device"
    assert QCoreApplication.translate("MainWindow", "%n device(s)", "", 3) == "3 devices"


def test_a_failed_compile_leaves_no_catalogue_behind(tmp_path: Path) -> None:
    """lrelease failing half-way must not leave a .qm that later starts would trust."""
    broken = tmp_path / "falconieri_xx.ts"
    broken.write_text("<?xml version='1.0'?><TS version='2.1'><context><name>X</name><message>", encoding="utf-8")
    out = tmp_path / "out"
    with pytest.raises(OSError):
        compile_catalogue(broken, out)
    assert list(out.iterdir()) == []


def test_italian_account_test_and_keyring_status_speak_italian(italian, ctx, qtbot) -> None:
    """The core's own sentences (probe steps, the plain-http warning, the keyring status) reach the
    Italian interface translated, with their parameters filled in."""
    from falconieri_desktop.ui.dialogs.accounts import AccountsDialog
    from falconieri_desktop.ui.main_window import MainWindow

    window = MainWindow(ctx)
    qtbot.addWidget(window)
    dialog = AccountsDialog(ctx, window.bridge, window)
    dialog.show()
    dialog.select_account("Sandbox Snom (XML-RPC)")
    dialog.test_button.click()
    model = dialog.checklist
    qtbot.waitUntil(lambda: model.rowCount() > 0, timeout=20000)
    cells = [str(model.index(row, column).data() or "") for row in range(model.rowCount())
             for column in range(model.columnCount())]
    report = model.report
    assert report is not None
    english = {str(step.message) for step in report.steps} | {str(text) for text in report.warnings}
    assert english and not english & set(cells), "an English sentence of the core is shown as is"
    assert "Il servizio ha risposto." in cells
    assert "L'endpoint Snom (XML-RPC) usa http:// in chiaro: le credenziali viaggiano senza cifratura." in cells
    assert "I segreti restano solo in memoria" in dialog.keyring_label.text()
    dialog.close()
    window.close()


# Words that give an English sentence away (none of them is Italian).
_ENGLISH = re.compile(r"\b(the|is|are|will|was|were|with|this|that|your|from|has|have|been|not)\b", re.IGNORECASE)


def test_italian_run_shows_no_english_sentence_but_the_vendors_own_replies(italian, ctx, qtbot) -> None:
    """After a sandbox run of demo devices (registered, conflicts, Gigaset codes, plain-http warnings),
    every table cell, tooltip and details pane is Italian; only the vendor's reply is quoted as sent."""
    from falconieri_desktop.ui.demo import fill_demo
    from falconieri_desktop.ui.main_window import MainWindow
    from tests.ui.conftest import wait_idle

    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    fill_demo(window, 30)
    window.start()
    wait_idle(qtbot, window, timeout=60000)
    window.bridge.drain()
    english: set[str] = set()
    proxy = window.proxy
    for row_index in range(proxy.rowCount()):
        for column in range(proxy.columnCount()):
            for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                value = proxy.index(row_index, column).data(role)
                if isinstance(value, str) and _ENGLISH.search(value):
                    english.add(value)
    replies = set()
    for row in window.model.rows():
        window.select_row(row.row_id)
        replies.add(row.vendor_reply or "")
        for line in window.details.browser.toPlainText().splitlines():
            if line.strip() and line.strip() not in replies and _ENGLISH.search(line):
                english.add(line)
    assert any(row.status is Status.FAILED for row in window.model.rows()), "the demo has conflicts"
    assert sorted(english) == []
    window.close()
