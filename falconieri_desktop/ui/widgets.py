"""Small widgets the windows share."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

__all__ = ["PROBLEM_COLOUR", "problem_label"]

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
