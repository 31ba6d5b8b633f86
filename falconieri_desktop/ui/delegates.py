"""Painting: the status cell (a drawn badge + text) and the status colours.

Badges are drawn with QPainter rather than loaded as bitmaps, so they are sharp at any DPI and
follow the palette; colours are chosen to stay readable on light and dark palettes alike.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPalette, QPen, QPixmap
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from falconieri_desktop.core.devices import Status
from falconieri_desktop.ui.models import StatusRole

__all__ = ["STATUS_COLORS", "StatusDelegate", "status_icon"]

STATUS_COLORS: dict[Status, str] = {
    Status.PENDING: "#8a8f98",
    Status.QUEUED: "#5b8def",
    Status.RUNNING: "#2f6fe4",
    Status.RETRY_WAIT: "#d9901a",
    Status.PAUSED: "#8a8f98",
    Status.REGISTERED: "#2e9d57",
    Status.DEREGISTERED: "#2e9d57",
    Status.CHECKED: "#2e9d57",
    Status.SKIPPED: "#4aa3a2",
    Status.FAILED: "#d64545",
    Status.BLOCKED: "#b23a8a",
    Status.CANCELLED: "#8a8f98",
    Status.INTERRUPTED: "#d9901a",
}

# One glyph per status, drawn inside the badge (text glyphs render with any font).
_GLYPHS: dict[Status, str] = {
    Status.PENDING: "•", Status.QUEUED: "…", Status.RUNNING: "↻", Status.RETRY_WAIT: "↻", Status.PAUSED: "‖",
    Status.REGISTERED: "✓", Status.DEREGISTERED: "−", Status.CHECKED: "✓", Status.SKIPPED: "=",
    Status.FAILED: "!", Status.BLOCKED: "⊘", Status.CANCELLED: "×", Status.INTERRUPTED: "!",
}


def paint_badge(painter: QPainter, rect: QRectF, status: Status) -> None:
    color = QColor(STATUS_COLORS.get(status, "#8a8f98"))
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(color)
    painter.drawEllipse(rect)
    painter.setPen(QPen(QColor("white")))
    font = QFont(painter.font())
    font.setBold(True)
    font.setPixelSize(max(7, int(rect.height() * 0.68)))
    painter.setFont(font)
    painter.drawText(rect, int(Qt.AlignmentFlag.AlignCenter), _GLYPHS.get(status, ""))
    painter.restore()


def status_icon(status: Status, size: int = 16) -> QIcon:
    """The badge as an icon (menus, the details pane), rendered at the screen's pixel ratio."""
    app = QApplication.instance()
    ratio = app.devicePixelRatio() if isinstance(app, QApplication) else 1.0
    pixmap = QPixmap(int(size * ratio), int(size * ratio))
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    paint_badge(painter, QRectF(1, 1, size - 2, size - 2), status)
    painter.end()
    return QIcon(pixmap)


class StatusDelegate(QStyledItemDelegate):
    """Badge + status text; the text keeps the palette's colour for contrast."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        value = index.data(StatusRole)  # Qt hands the StrEnum back as a plain str
        try:
            status = Status(value)
        except ValueError:
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        text = opt.text
        opt.text = ""
        style = opt.widget.style() if opt.widget else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        rect = QRectF(opt.rect)
        side = min(rect.height() - 6, 16.0)
        badge = QRectF(rect.left() + 6, rect.center().y() - side / 2, side, side)
        paint_badge(painter, badge, status)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        painter.save()
        painter.setPen(opt.palette.color(role))
        text_rect = rect.adjusted(side + 12, 0, -4, 0)
        elided = opt.fontMetrics.elidedText(text, Qt.TextElideMode.ElideRight, int(text_rect.width()))
        painter.drawText(text_rect, int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft), elided)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        hint = super().sizeHint(option, index)
        return QSize(hint.width() + 24, hint.height())
