"""Translations: Qt's ``tr`` everywhere, catalogues in ``resources/translations/*.ts``.

Compiled ``.qm`` files are build products, never committed: the packaged app carries them (the
build compiles them), and a source checkout compiles them on first use with the ``lrelease`` that
ships in the PySide6 wheel, into the user cache directory (recompiled when the ``.ts`` changes).
"""

from __future__ import annotations

import logging
import shutil
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QStandardPaths, QTranslator

from falconieri_desktop import APP_DIR_NAME, __version__
from falconieri_desktop.core.errors import ERROR_CODES
from falconieri_desktop.core.texts import Text

__all__ = ["AVAILABLE_LANGUAGES", "compile_catalogue", "install_translators", "lrelease_path", "resources_dir"]

log = logging.getLogger(__name__)

#: Languages with a complete catalogue (English is the source language).
AVAILABLE_LANGUAGES = {"en": "English", "it": "Italiano"}
#: The translation context of the core's sentences (core/texts.py; listed in ui/strings.py).
CORE_CONTEXT = "Core"
#: The language of the sources. Its catalogue holds only plural forms ("%n device(s)" -> "1 device").
SOURCE_LANGUAGE = "en"


def resources_dir() -> Path:
    """``resources/`` of a source checkout, or of the frozen bundle."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen) / "resources"
    return Path(__file__).resolve().parents[2] / "resources"


def lrelease_path() -> Path | None:
    import PySide6

    base = Path(PySide6.__file__).parent
    for name in ("lrelease", "lrelease.exe", "Qt/libexec/lrelease"):
        candidate = base / name
        if candidate.exists():
            return candidate
    found = shutil.which("pyside6-lrelease") or shutil.which("lrelease")
    return Path(found) if found else None


def compile_catalogue(ts_file: Path, out_dir: Path) -> Path:
    """Compile ``ts_file`` into ``out_dir`` (skipped when a .qm of this version of it is there).

    Raises OSError when lrelease is missing or fails.
    """
    # The app's version, size and mtime name the version of the file: no hashing before the first
    # paint, and an upgrade whose build normalises mtimes still gets its own .qm.
    stat = ts_file.stat()
    qm = out_dir / f"{ts_file.stem}.{__version__}.{stat.st_size}-{stat.st_mtime_ns}.qm"
    if qm.exists():
        return qm
    import os
    import subprocess  # only when compiling: ~8 ms the start would otherwise pay

    tool = lrelease_path()
    if tool is None:
        raise FileNotFoundError("lrelease (from PySide6) was not found")
    out_dir.mkdir(parents=True, exist_ok=True)
    partial = qm.with_name(f"{qm.name}.{os.getpid()}.part")  # an interrupted run leaves no .qm behind
    try:
        subprocess.run([str(tool), "-silent", str(ts_file), "-qm", str(partial)], check=True, capture_output=True)
        os.replace(partial, qm)
    except subprocess.CalledProcessError as exc:
        raise OSError(f"lrelease failed on {ts_file.name}: {exc.stderr.decode(errors='replace').strip()}") from exc
    finally:
        partial.unlink(missing_ok=True)
    return qm


def _catalogue(language: str) -> Path | None:
    folder = resources_dir() / "translations"
    built = folder / f"falconieri_{language}.qm"  # bundles ship compiled catalogues
    if built.exists():
        return built
    source = folder / f"falconieri_{language}.ts"
    if not source.exists():
        return None
    # Qt's own cache location: platformdirs (core.settings) costs ~6 ms before the first paint.
    cache = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.GenericCacheLocation)
    out_dir = Path(cache) / APP_DIR_NAME / "translations"
    try:
        return compile_catalogue(source, out_dir)
    except OSError as exc:
        log.warning("translation %s could not be compiled: %s", language, exc)
        return None


def _install_catalogue(app: QCoreApplication, language: str) -> bool:
    translator = QTranslator(app)
    catalogue = _catalogue(language)
    if catalogue is None or not translator.load(str(catalogue)):
        return False
    app.installTranslator(translator)
    return True


def system_language() -> str:
    return QLocale.system().name().split("_")[0]


def install_translators(app: QCoreApplication, language: str = "") -> str:
    """Load the catalogue for ``language`` (empty = the system's) and Qt's own; returns the language."""
    lang = (language or system_language() or "en").lower()
    if lang not in AVAILABLE_LANGUAGES:
        lang = "en"
    if lang != SOURCE_LANGUAGE and not _install_catalogue(app, lang):
        log.warning("no %s translation found; the interface stays in English", lang)
        lang = SOURCE_LANGUAGE
    QLocale.setDefault(QLocale(lang))
    if lang == SOURCE_LANGUAGE:
        if not _install_catalogue(app, lang):
            log.warning("no English plural forms found: counts show as 'device(s)'")
        return lang
    qt = QTranslator(app)
    if qt.load(QLocale(lang), "qtbase", "_", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(qt)
    return lang


# -- the core's texts, translated at display time (catalogue entries listed in ui/strings.py) ------


def core_text(context: str, text: str) -> str:
    """``text`` from a core table, translated if the catalogue knows it; a core ``Text`` (a
    sentence with parameters, core/texts.py) is translated by its template, then filled in."""
    if isinstance(text, Text):
        params = {key: core_text(context, value) if isinstance(value, Text) else value
                  for key, value in text.params.items()}
        return QCoreApplication.translate(CORE_CONTEXT, text.template).format(**params)
    return QCoreApplication.translate(context, text) if text else text


def core_message(message: str, code: str | None = None) -> str:
    """A sentence from the core in the interface's language.

    A ``Text`` is translated. An error's own message is specific English ("the keyring is locked
    and ..."): an English interface shows it, a translated one its code's summary and hint.
    """
    if code:
        summary = error_summary(code, message)
        return message if summary == message else f"{summary} {error_hint(code)}".strip()
    return core_text(CORE_CONTEXT, message)


def error_summary(code: str | None, fallback: str | None = None) -> str:
    """The translated one-line summary of an error code; in English, the specific ``fallback``.

    The core's messages are English and often more specific than the summary ("a MAC has 12
    digits, this has 10"): an English interface shows them, a translated one shows the summary
    (and the specific message in tooltips and the details pane).
    """
    spec = ERROR_CODES.get(code or "")
    if spec is None:
        return fallback or ""
    translated = core_text("Errors", spec.summary)
    if translated != spec.summary or not fallback:
        return translated
    return fallback


def error_hint(code: str | None) -> str:
    spec = ERROR_CODES.get(code or "")
    return core_text("Errors", spec.hint) if spec else ""


def lupdate_path() -> Path | None:
    import PySide6

    base = Path(PySide6.__file__).parent
    for name in ("lupdate", "lupdate.exe", "Qt/libexec/lupdate"):
        candidate = base / name
        if candidate.exists():
            return candidate
    found = shutil.which("pyside6-lupdate") or shutil.which("lupdate")
    return Path(found) if found else None


def ui_sources() -> list[Path]:
    """Every Python file of the UI (where ``tr`` strings live)."""
    return sorted(Path(__file__).resolve().parent.rglob("*.py"))


def update_catalogue(ts_file: Path, *, no_obsolete: bool = False) -> None:
    """Merge the UI's current strings into ``ts_file`` (new ones arrive as unfinished)."""
    import subprocess

    tool = lupdate_path()
    if tool is None:
        raise FileNotFoundError("lupdate (from PySide6) was not found")
    command = [str(tool), "-silent", "-locations", "relative", *(str(p) for p in ui_sources()), "-ts", str(ts_file)]
    if no_obsolete:
        command.insert(2, "-no-obsolete")
    if ts_file.stem.endswith(f"_{SOURCE_LANGUAGE}"):
        command.insert(2, "-pluralonly")  # the English catalogue only gives "%n device(s)" its forms
    subprocess.run(command, check=True, capture_output=True)
