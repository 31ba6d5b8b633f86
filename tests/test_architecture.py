"""The architecture rules of STYLE.md, and the code's hygiene, checked on every run."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "falconieri_desktop"
QT_FREE = ("core", "providers", "sandbox", "cli", "server")


def _python_files(*parts: str) -> list[Path]:
    base = PACKAGE.joinpath(*parts)
    return [base] if base.suffix == ".py" else sorted(base.rglob("*.py"))


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_qt_free_packages_import_without_pyside6() -> None:
    """core, providers, sandbox, cli and server import with PySide6 made unimportable."""
    modules = [f"falconieri_desktop.{path.relative_to(PACKAGE).with_suffix('').as_posix().replace('/', '.')}"
               .removesuffix(".__init__") for part in QT_FREE for path in _python_files(part)
               if (PACKAGE / part).exists()]
    code = ("import sys; sys.modules['PySide6'] = None; sys.modules['shiboken6'] = None\n"
            "import importlib\n"
            f"for name in {modules!r}:\n"
            "    try:\n"
            "        importlib.import_module(name)\n"
            "    except ModuleNotFoundError as exc:\n"
            "        if (exc.name or '').split('.')[0] in ('starlette', 'uvicorn'):\n"
            "            continue  # the optional 'server' extra\n"
            "        raise\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=False)
    assert result.returncode == 0, result.stderr[-2000:]


def test_import_linter_contract_holds() -> None:
    """The import-linter contract in pyproject.toml (no Qt outside ui/) is kept."""
    tool = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(tool)], capture_output=True, text=True, cwd=ROOT, check=False)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert "broken" not in result.stdout.split("Contracts:")[-1] or " 0 broken" in result.stdout


def test_only_accounts_imports_keyring() -> None:
    """Secrets go through one door: core/accounts.py (and ui/selftest.py only reports the backend)."""
    offenders = [str(p.relative_to(ROOT)) for p in _python_files("") if any(
        name == "keyring" or name.startswith("keyring.") for name in _imports(p))]
    assert offenders == ["falconieri_desktop/core/accounts.py"]


def test_only_providers_and_the_engine_import_httpx() -> None:
    """HTTP lives in providers/ and core/engine.py (the gateway server is a provider user, not a client)."""
    allowed_prefixes = ("falconieri_desktop/providers/",)
    allowed = {"falconieri_desktop/core/engine.py"}
    offenders = []
    for path in _python_files(""):
        rel = path.relative_to(ROOT).as_posix()
        if rel.startswith(allowed_prefixes) or rel in allowed:
            continue
        if any(name == "httpx" or name.startswith("httpx.") for name in _imports(path)):
            offenders.append(rel)
    assert offenders == []


def _names_used(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = {node.id for node in ast.walk(tree) if isinstance(node, ast.Name)}
    names |= {node.attr for node in ast.walk(tree) if isinstance(node, ast.Attribute)}
    names |= {alias.name for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) for alias in node.names}
    return names


def test_no_python_qrunnable_or_qthreadpool() -> None:
    """PySide6 6.12 + CPython 3.11 corrupts refcounts per Python QRunnable: the app never uses them."""
    offenders = [str(p.relative_to(ROOT)) for p in _python_files("")
                 if {"QRunnable", "QThreadPool"} & _names_used(p)]
    assert offenders == []


def test_keyrings_alt_is_never_a_dependency() -> None:
    """keyrings.alt would silently store passwords in plain text."""
    assert "keyrings.alt" not in (ROOT / "pyproject.toml").read_text(encoding="utf-8")


def test_ruff_is_clean() -> None:
    """ruff passes on the package, the tests and the benchmarks."""
    result = subprocess.run([sys.executable, "-m", "ruff", "check", "falconieri_desktop", "tests", "benchmarks",
                             "packaging", "dev.py"], capture_output=True, text=True, cwd=ROOT, check=False)
    assert result.returncode == 0, result.stdout[-4000:]


@pytest.mark.slow
def test_mypy_is_clean() -> None:
    """mypy passes on the package, the tools, the benchmarks and the build scripts (pyproject.toml)."""
    env = {**os.environ, "MYPY_CACHE_DIR": str(ROOT / ".mypy_cache")}
    result = subprocess.run([sys.executable, "-m", "mypy"], capture_output=True, text=True, cwd=ROOT, env=env,
                            check=False)
    assert result.returncode == 0, result.stdout[-4000:]
