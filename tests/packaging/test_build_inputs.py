"""What packaging/build.py feeds PyInstaller and the archive: translations, icons, desktop metadata.

Fast checks of the pieces; tests/packaging/test_bundle.py builds the whole bundle.
"""

from __future__ import annotations

import configparser
import importlib.util
import io
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from types import ModuleType

import pytest
from PIL import Image
from PySide6.QtWidgets import QApplication

from falconieri_desktop import APP_ID, __version__

ROOT = Path(__file__).resolve().parents[2]
LINUX = ROOT / "resources" / "linux"


def _load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"packaging_{name}", ROOT / "packaging" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def build() -> ModuleType:
    return _load("build")


@pytest.fixture(scope="module")
def icons() -> ModuleType:
    return _load("icons")


_TS = """<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="it_IT">
<context>
    <name>MainWindow</name>
    <message>
        <source>Start</source>
        <translation>Avvia</translation>
    </message>
</context>
</TS>
"""


def test_translations_compile_to_loadable_catalogues(build: ModuleType, tmp_path: Path, qapp: QApplication) -> None:
    """Each falconieri_<lang>.ts becomes falconieri_<lang>.qm, the name ui.i18n looks for in the bundle."""
    from PySide6.QtCore import QTranslator

    sources = tmp_path / "ts"
    sources.mkdir()
    (sources / "falconieri_it.ts").write_text(_TS, encoding="utf-8")
    built = build.compile_translations(tmp_path / "qm", sources)
    assert [qm.name for qm in built] == ["falconieri_it.qm"]
    translator = QTranslator()
    assert translator.load(str(built[0]))
    assert translator.translate("MainWindow", "Start") == "Avvia"


def test_no_translation_sources_is_fine(build: ModuleType, tmp_path: Path) -> None:
    """Without any .ts (the Italian catalogue is not written yet) the build goes on, English only."""
    assert build.compile_translations(tmp_path / "qm", tmp_path) == []
    assert (tmp_path / "qm").is_dir()


def test_icons_are_rendered_for_every_platform(icons: ModuleType, tmp_path: Path, qapp: QApplication) -> None:
    """The SVG becomes the hicolor PNGs, a multi-size .ico and an .icns, each size drawn, not blank."""
    icons.generate(tmp_path)
    for size in icons.HICOLOR_SIZES:
        with Image.open(tmp_path / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png") as png:
            assert png.size == (size, size)
            alpha = png.getchannel("A")
            assert alpha.getextrema() == (0, 255)  # transparent corners, opaque body
    assert (tmp_path / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg").read_bytes() == icons.SOURCE.read_bytes()
    with Image.open(tmp_path / "falconieri-desktop.ico") as ico:
        assert {(s, s) for s in icons.ICO_SIZES} <= set(ico.info["sizes"])
    with Image.open(tmp_path / "falconieri-desktop.icns") as icns:
        assert (512, 512, 2) in icns.info["sizes"]


def test_desktop_entry_launches_the_app_with_its_icon() -> None:
    """The .desktop file is named after the app id (Wayland's app id), runs falconieri-desktop, uses the icon."""
    path = LINUX / f"{APP_ID}.desktop"
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str  # type: ignore[assignment, method-assign]
    entry.read(path, encoding="utf-8")
    desktop = entry["Desktop Entry"]
    assert desktop["Type"] == "Application"
    assert desktop["Exec"].split()[0] == "falconieri-desktop"
    assert desktop["Icon"] == APP_ID
    assert desktop["Categories"].endswith(";")


def test_metainfo_names_the_app_and_gets_the_built_version(build: ModuleType) -> None:
    """The AppStream id and launchable match the app id; the archive's copy carries a release entry
    for the package's version."""
    stamped = ET.parse(io.BytesIO(build.metainfo_with_release("2026-01-02"))).getroot()
    assert stamped.findtext("id") == APP_ID
    assert stamped.find("launchable").text == f"{APP_ID}.desktop"  # type: ignore[union-attr]
    releases = stamped.findall("releases/release")
    assert [(r.get("version"), r.get("date")) for r in releases] == [(__version__, "2026-01-02")]
    assert ET.parse(LINUX / f"{APP_ID}.metainfo.xml").getroot().find("releases") is None  # stamped at build time
