"""The dialog for the unexpected: a plain sentence, what to do, and copyable details.

Per-device failures never come here (they live on their row); this is for what the user cannot
fix from the table -- a journal that cannot be written, a bug (calibre's ``error_dialog``).
"""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from falconieri_desktop.core.redaction import redact

__all__ = ["show_error"]


def show_error(parent: QWidget | None, title: str, message: str, details: str = "", *,
               modal: bool = False) -> QMessageBox:
    box = QMessageBox(parent)
    box.setObjectName("errorDialog")
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(title)
    box.setText(message)
    if details:
        box.setDetailedText(redact(details))  # details may quote exceptions: never show a secret
    box.setStandardButtons(QMessageBox.StandardButton.Close)
    if modal:
        box.exec()
    else:
        box.open()
    return box
