"""Translations: every UI string has an Italian translation, and the Italian UI shows no English."""

from __future__ import annotations

import shutil
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QLocale, Qt, QTranslator
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QTabWidget,
    QWidget,
)

from falconieri_desktop.ui.i18n import compile_catalogue, resources_dir, update_catalogue

ROOT = Path(__file__).resolve().parents[2]
IT_TS = resources_dir() / "translations" / "falconieri_it.ts"


def _messages(ts: Path) -> Iterator[tuple[str, str, str | None, str]]:
    """(context, source, translation type, translation text) of every live message."""
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            kind = translation.get("type") if translation is not None else "unfinished"
            if kind in ("obsolete", "vanished"):
                continue
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


# Words that are the same in Italian (names, units, technical terms).
SAME_IN_ITALIAN = {"MAC", "URL", "PIN", "OK", "SN", "Hawk", "Snom", "Gigaset", "Yealink", "Fanvil", "Falconieri",
                   "Falconieri Desktop", "Sandbox", "SANDBOX"}


@pytest.fixture
def italian(qapp) -> Iterator[None]:
    translator = QTranslator()
    qm = compile_catalogue(IT_TS, resources_dir().parent / "build" / "translations-test")
    assert translator.load(str(qm))
    qapp.installTranslator(translator)
    QLocale.setDefault(QLocale("it"))
    yield
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
