"""Small widgets the windows share."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QPaintEvent
from PySide6.QtWidgets import QLabel, QTableView, QWidget

if TYPE_CHECKING:
    from falconieri_desktop.core.foreground import ForegroundGate

__all__ = ["PROBLEM_COLOUR", "GatedTableView", "problem_label"]

#: Mid-tone red for problems: readable on light and dark palettes (also the "failed" badge).
PROBLEM_COLOUR = "#d64545"


def problem_label(parent: QWidget, object_name: str) -> QLabel:
    """A hidden label for an inline problem under a field: red, wrapped, plain text, selectable."""
    label = QLabel(parent)
    label.setObjectName(object_name)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setStyleSheet(f"color: {PROBLEM_COLOUR};")
    label.hide()
    return label


class GatedTableView(QTableView):
    """A table view that holds the engine's ``ForegroundGate`` while it paints.

    A repaint calls into the Python model a few thousand times; with the engine thread busy each
    call can wait for the interpreter lock (benchmarks/ui.py: stalls of 190-340 ms without the
    gate). ``foreground`` is set once the services are attached.
    """

    foreground: ForegroundGate | None = None

    def paintEvent(self, event: QPaintEvent) -> None:
        if self.foreground is None:
            super().paintEvent(event)
            return
        with self.foreground.held():
            super().paintEvent(event)
