"""GUI fixtures: a sandbox AppContext and a main window, offscreen (tests/conftest.py sets the platform)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from falconieri_desktop.ui.context import AppContext
from falconieri_desktop.ui.main_window import MainWindow


@pytest.fixture
def ctx(tmp_path: Path, qapp) -> Iterator[AppContext]:
    """Sandbox mode with zero latency: simulators, in-memory accounts, a journal in tmp_path."""
    context = AppContext.create(sandbox=True, journal_path=tmp_path / "journal.sqlite3", sandbox_latency=0.0)
    yield context
    context.shutdown()


@pytest.fixture
def window(ctx: AppContext, qtbot) -> Iterator[MainWindow]:
    win = MainWindow(ctx)
    qtbot.addWidget(win)
    win.show()
    yield win
    win.close()


def wait_idle(qtbot, window: MainWindow, timeout: int = 20000) -> None:
    qtbot.waitUntil(lambda: not window.runner.running, timeout=timeout)
