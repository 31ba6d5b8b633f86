"""The scan panel: phone labels read by the webcam, from photos, or pasted.

Live: the camera (or the video of ``FALCONIERI_CAMERA_FILE``) plays into a ``QVideoSink``; the
``LiveDecoder`` (ui/camera.py) converts and decodes the newest frame on its own threads and hands
back what it read. A device is accepted once two frames within about a second agree
(``core.labels.ReadConfirmer``), added to the main window's list through ``sig_device``, and then
ignored for ``COOLDOWN`` seconds, so holding a box a little longer never adds it twice. Each
accepted device flashes in the preview, chimes (where there is a sound device) and is written out:
MAC, MAC-ID code, serial and vendor guess. Continuous mode (the default) goes on to the next box.

A Gigaset MAC without its MAC-ID code is not added at once: an inline prompt asks for the code
(typed, scanned with a wedge scanner, or read by the camera from the MAC-ID barcode in a later
frame), unless the user adds it without a code or discards it.

Photos (opened, dropped on the main window or this panel, or pasted) are decoded in photo mode on
the bridge's executor; what they show is listed for confirmation before anything is added.

No widget is touched outside the GUI thread: see ui/camera.py for the threads and their rules.
"""

from __future__ import annotations

import atexit
import functools
import logging
import math
import os
import struct
import tempfile
import time
import wave
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QPointF, QRectF, QSettings, QSize, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import (
    QCloseEvent,
    QColor,
    QDragEnterEvent,
    QDropEvent,
    QFont,
    QGuiApplication,
    QHideEvent,
    QImage,
    QKeySequence,
    QPainter,
    QPaintEvent,
    QPen,
    QPolygonF,
    QShortcut,
    QShowEvent,
    QStandardItem,
    QStandardItemModel,
)
from PySide6.QtMultimedia import QMediaDevices, QSoundEffect, QVideoSink
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from falconieri_desktop.core.errors import FalconieriError, InputError
from falconieri_desktop.core.labels import DeviceCandidate, Frame, LabelScan, PixelFormat, Quad, ScanMode, scan_label
from falconieri_desktop.core.mac import Mac, VendorGuess, VendorTable, normalize_crc
from falconieri_desktop.ui.camera import (
    CameraChoice,
    FrameSource,
    LiveDecoder,
    camera_choices,
    request_camera_permission,
)
from falconieri_desktop.ui.i18n import core_message

if TYPE_CHECKING:
    from falconieri_desktop.ui.bridge import EngineBridge
    from falconieri_desktop.ui.context import AppContext

__all__ = ["COOLDOWN", "IMAGE_FILTER", "ScanPanel", "ScanPreview"]

log = logging.getLogger(__name__)

COOLDOWN = 5.0
"""Seconds during which the camera ignores a device it has just added (or that was discarded)."""
FLASH_SECONDS = 0.9
_MARK_SECONDS = 0.4  # how long the outline of a read stays on the preview
IMAGE_FILTER = "*.png *.jpg *.jpeg *.bmp *.gif *.webp *.tif *.tiff"
_OK_GREEN = QColor(46, 170, 80)
_WARN_AMBER = QColor(240, 160, 32)
_SETTINGS_CAMERA = "scanner/camera"


# -- sound -----------------------------------------------------------------------------------------

_CHIME_FILE: Path | None = None


def _chime_file() -> Path:
    """A short two-tone chime as a WAV file, written once per process (no binary in the repository)."""
    global _CHIME_FILE
    if _CHIME_FILE is None:
        rate, tones = 22050, ((1175.0, 0.06), (1568.0, 0.09))
        samples = bytearray()
        for frequency, seconds in tones:
            count = int(rate * seconds)
            for n in range(count):
                envelope = min(1.0, n / 200, (count - n) / 400)
                value = int(9000 * envelope * math.sin(2 * math.pi * frequency * n / rate))
                samples += struct.pack("<h", value)
        handle, name = tempfile.mkstemp(prefix="falconieri-chime-", suffix=".wav")
        with os.fdopen(handle, "wb") as raw, wave.open(raw, "wb") as out:
            out.setnchannels(1)
            out.setsampwidth(2)
            out.setframerate(rate)
            out.writeframes(bytes(samples))
        path = Path(name)
        atexit.register(path.unlink, missing_ok=True)
        _CHIME_FILE = path
    return _CHIME_FILE


class _Chime:
    """Plays the chime where there is an audio output; silently nothing where there is none."""

    def __init__(self, parent: QWidget) -> None:
        self._effect: QSoundEffect | None = None
        try:
            if QMediaDevices.audioOutputs():
                effect = QSoundEffect(parent)
                effect.setSource(QUrl.fromLocalFile(str(_chime_file())))
                effect.setVolume(0.4)
                self._effect = effect
        except (OSError, RuntimeError) as exc:  # no sound is never an error
            log.debug("no scan chime: %s", exc)

    @property
    def available(self) -> bool:
        return self._effect is not None

    def play(self) -> None:
        if self._effect is not None:
            self._effect.play()


# -- the preview -----------------------------------------------------------------------------------


class ScanPreview(QWidget):
    """The camera image with the guide box, outlines of what was read, and a flash per device.

    Paints the QImage the converter thread made (fast transform: no scaling on the GUI thread
    beyond what the paint engine does for the target rectangle).
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("scanPreview")
        self.setAccessibleName(self.tr("Camera preview"))
        self.setAccessibleDescription(self.tr("Hold the label level inside the box."))
        self.setMinimumSize(320, 180)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.image: QImage | None = None
        self._message = ""
        self._marks: list[tuple[Quad, bool]] = []
        self._marks_size = (1, 1)
        self._marks_until = 0.0
        self._flash_until = 0.0
        self._flash_text = ""
        self._flash_color = _OK_GREEN
        self._expire = QTimer(self)
        self._expire.setSingleShot(True)
        self._expire.timeout.connect(self.update)

    def sizeHint(self) -> QSize:
        return QSize(640, 360)

    def set_image(self, image: QImage | None) -> None:
        self.image = image
        self.update()

    def set_message(self, text: str) -> None:
        self._message = text
        self.update()

    def show_reads(self, scan: LabelScan) -> None:
        self._marks = [(r.position, r.mac is not None) for r in scan.reads if r.position is not None]
        self._marks_size = (scan.width, scan.height)
        self._marks_until = time.monotonic() + _MARK_SECONDS
        # No repaint of its own: the next camera frame paints the outlines (one paint per frame,
        # not two); the timer clears them once frames stop coming.
        self._expire.start(int(_MARK_SECONDS * 1000) + 20)

    def flash(self, text: str, *, warning: bool = False) -> None:
        self._flash_text = text
        self._flash_color = _WARN_AMBER if warning else _OK_GREEN
        self._flash_until = time.monotonic() + FLASH_SECONDS
        self._expire.start(int(FLASH_SECONDS * 1000) + 20)
        self.update()

    @property
    def flashing(self) -> bool:
        return time.monotonic() < self._flash_until

    def image_rect(self) -> QRectF:
        """Where the image is drawn: as large as fits, centred, aspect kept."""
        if self.image is None or self.image.isNull():
            return QRectF(self.rect())
        iw, ih = self.image.width(), self.image.height()
        scale = min(self.width() / iw, self.height() / ih)
        w, h = iw * scale, ih * scale
        return QRectF((self.width() - w) / 2, (self.height() - h) / 2, w, h)

    @staticmethod
    def guide_rect(area: QRectF) -> QRectF:
        """The box the label should fill: wide and low, like a label held level."""
        w, h = area.width() * 0.74, area.height() * 0.52
        return QRectF(area.center().x() - w / 2, area.center().y() - h / 2, w, h)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor(24, 24, 24))  # a video area is dark in every theme
        now = time.monotonic()
        if self.image is None or self.image.isNull():
            painter.setPen(QColor(220, 220, 220))
            painter.drawText(self.rect().adjusted(16, 16, -16, -16),
                             Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, self._message)
            painter.end()
            return
        area = self.image_rect()
        painter.drawImage(area.toAlignedRect(), self.image)  # fast scaling: ~0.2 ms at 720p
        guide = self.guide_rect(area)
        shade = QColor(0, 0, 0, 80)
        painter.fillRect(QRectF(area.left(), area.top(), area.width(), guide.top() - area.top()), shade)
        painter.fillRect(QRectF(area.left(), guide.bottom(), area.width(), area.bottom() - guide.bottom()), shade)
        painter.fillRect(QRectF(area.left(), guide.top(), guide.left() - area.left(), guide.height()), shade)
        painter.fillRect(QRectF(guide.right(), guide.top(), area.right() - guide.right(), guide.height()), shade)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)  # for the lines and outlines only
        self._paint_corners(painter, guide)
        self._paint_caption(painter, QRectF(guide.left(), guide.top() - 30, guide.width(), 26),
                            self.tr("Hold the label level inside the box"))
        if now < self._marks_until and self._marks:
            sx, sy = area.width() / self._marks_size[0], area.height() / self._marks_size[1]
            for quad, is_mac in self._marks:
                polygon = QPolygonF([QPointF(area.left() + p.x * sx, area.top() + p.y * sy) for p in quad.corners])
                painter.setPen(QPen(_OK_GREEN if is_mac else _WARN_AMBER, 2.5))
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawPolygon(polygon)
        if now < self._flash_until:
            painter.setPen(QPen(self._flash_color, 8))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(area.adjusted(4, 4, -4, -4))
            banner = QRectF(area.left() + 12, area.bottom() - 52, area.width() - 24, 40)
            fill = QColor(self._flash_color)
            fill.setAlpha(225)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(fill)
            painter.drawRoundedRect(banner, 6, 6)
            font = QFont(self.font())
            font.setBold(True)
            font.setPointSizeF(font.pointSizeF() * 1.25)
            painter.setFont(font)
            painter.setPen(QColor(255, 255, 255))
            painter.drawText(banner, Qt.AlignmentFlag.AlignCenter, self._flash_text)
        painter.end()

    @staticmethod
    def _paint_corners(painter: QPainter, box: QRectF) -> None:
        arm = min(box.width(), box.height()) * 0.18
        for pen in (QPen(QColor(0, 0, 0, 160), 6), QPen(QColor(255, 255, 255), 3)):
            painter.setPen(pen)
            for corner, dx, dy in ((box.topLeft(), 1, 1), (box.topRight(), -1, 1),
                                   (box.bottomLeft(), 1, -1), (box.bottomRight(), -1, -1)):
                painter.drawLine(corner, corner + QPointF(dx * arm, 0))
                painter.drawLine(corner, corner + QPointF(0, dy * arm))

    def _paint_caption(self, painter: QPainter, where: QRectF, text: str) -> None:
        width = painter.fontMetrics().horizontalAdvance(text) + 20
        pill = QRectF(where.center().x() - width / 2, where.top(), width, where.height())
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(0, 0, 0, 150))
        painter.drawRoundedRect(pill, where.height() / 2, where.height() / 2)
        painter.setPen(QColor(255, 255, 255))
        painter.drawText(pill, Qt.AlignmentFlag.AlignCenter, text)


# -- the Gigaset code prompt -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Awaiting:
    """A Gigaset device waiting for its MAC-ID code."""

    mac: Mac
    serial: str | None
    vendor: VendorGuess | None
    origin: str  # "camera" or "photo"


class _CodePrompt(QFrame):
    """Inline: "this Gigaset needs its code" with a field for it (typed or wedge-scanned)."""

    sig_code = Signal(str)
    """A valid MAC-ID code for the device asked about."""
    sig_skip = Signal()
    """Add the device without a code."""
    sig_discard = Signal()
    """Do not add the device."""

    def __init__(self, vendors: VendorTable, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vendors = vendors
        self.mac: Mac | None = None
        self.setObjectName("codePrompt")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet("QFrame#codePrompt { background: rgba(240, 160, 32, 45); border-radius: 4px; }")
        self.label = QLabel(self)
        self.label.setObjectName("codePromptLabel")
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        code_label = QLabel(self.tr("MAC-ID c&ode:"), self)
        self.input = QLineEdit(self)
        self.input.setObjectName("codeInput")
        self.input.setAccessibleName(self.tr("Gigaset MAC-ID code"))
        self.input.setPlaceholderText(self.tr("4 letters or digits, or scan the MAC-ID"))
        self.input.setMaxLength(80)  # a wedge scanner may type the whole MAC-ID
        code_label.setBuddy(self.input)
        self.add_button = QPushButton(self.tr("Add"), self)  # Enter in the field does the same
        self.add_button.setObjectName("codeAddButton")
        self.add_button.setAccessibleName(self.tr("Add with this code"))
        self.skip_button = QPushButton(self.tr("Add &without code"), self)
        self.skip_button.setObjectName("codeSkipButton")
        self.skip_button.setAccessibleName(self.tr("Add without the code"))
        self.discard_button = QPushButton(self.tr("&Discard"), self)
        self.discard_button.setObjectName("codeDiscardButton")
        self.discard_button.setAccessibleName(self.tr("Do not add this device"))
        for button in (self.add_button, self.skip_button, self.discard_button):
            button.setAutoDefault(False)
        self.error = QLabel(self)
        self.error.setObjectName("codePromptError")
        self.error.setStyleSheet("color: #d64545;")
        self.error.setWordWrap(True)
        self.error.hide()
        row = QHBoxLayout()
        row.addWidget(code_label)
        row.addWidget(self.input, 1)
        row.addWidget(self.add_button)
        row.addWidget(self.skip_button)
        row.addWidget(self.discard_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addWidget(self.label)
        layout.addLayout(row)
        layout.addWidget(self.error)
        self.input.returnPressed.connect(self._submit)
        self.add_button.clicked.connect(self._submit)
        self.skip_button.clicked.connect(self.sig_skip)
        self.discard_button.clicked.connect(self.sig_discard)
        self.hide()

    def ask(self, item: _Awaiting, waiting: int) -> None:
        self.mac = item.mac
        text = self.tr("{vendor} {mac} needs its MAC-ID code: the 4 letters or digits printed after the MAC "
                       "(MAC-ID {mac_plain}-XXXX). Show the MAC-ID barcode to the camera, scan it, or type "
                       "the code.").format(vendor=item.vendor.label if item.vendor else "Gigaset", mac=item.mac,
                                           mac_plain=item.mac.value)
        if waiting:
            text += " " + self.tr("%n more waiting.", "", waiting)
        self.label.setText(text)
        self.input.clear()
        self._set_error("")
        self.show()
        self.input.setFocus()

    def _submit(self) -> None:
        code = self.code_from(self.input.text())
        if code is not None:
            self.sig_code.emit(code)

    def code_from(self, text: str) -> str | None:
        """The code in ``text`` (a code, or a scanned MAC-ID of this device), or None with the reason shown."""
        value = text.strip()
        if not value:
            self._set_error(self.tr("Type the code, or choose Add without code."))
            return None
        if len(value) > 4:
            from falconieri_desktop.core.intake import parse_entry

            result = parse_entry(value, vendors=self.vendors)
            for entry in result.entries:
                if entry.mac == self.mac and entry.crc:
                    return entry.crc
            if result.entries:
                self._set_error(self.tr("That label is {other}, not {mac}.").format(
                    other=result.entries[0].mac, mac=self.mac))
                return None
        try:
            code = normalize_crc(value)
        except InputError as exc:
            self._set_error(exc.message)
            return None
        return code

    def _set_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))


# -- the photo review list -------------------------------------------------------------------------

_MacRole = Qt.ItemDataRole.UserRole + 1
_VendorRole = Qt.ItemDataRole.UserRole + 2


class _PhotoReview(QGroupBox):
    """Devices found in photos, each with a check box; the code cell is editable; then "Add N devices"."""

    sig_add = Signal(object)
    """[(Mac, crc | None, serial | None, VendorGuess | None), ...] -- the checked devices."""

    COLUMNS = ("device", "vendor", "code", "serial", "photo")

    def __init__(self, vendors: VendorTable, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vendors = vendors
        self.setObjectName("photoReview")
        self.setTitle(self.tr("Devices found in photos"))
        self.model = QStandardItemModel(0, len(self.COLUMNS), self)
        self.model.setHorizontalHeaderLabels([self.tr("MAC"), self.tr("Vendor"), self.tr("Code"), self.tr("Serial"),
                                              self.tr("Photo")])
        self.table = QTableView(self)
        self.table.setObjectName("photoTable")
        self.table.setAccessibleName(self.tr("Devices found in photos"))
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                   | QAbstractItemView.EditTrigger.EditKeyPressed
                                   | QAbstractItemView.EditTrigger.AnyKeyPressed)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        self.table.setWordWrap(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setMinimumHeight(110)
        self.progress = QLabel(self)
        self.progress.setObjectName("photoProgress")
        self.notes = QLabel(self)
        self.notes.setObjectName("photoNotes")
        self.notes.setWordWrap(True)
        self.notes.setTextFormat(Qt.TextFormat.PlainText)
        self.add_button = QPushButton(self)
        self.add_button.setObjectName("photoAddButton")
        self.add_button.setAutoDefault(False)
        self.clear_button = QPushButton(self.tr("C&lear"), self)
        self.clear_button.setObjectName("photoClearButton")
        self.clear_button.setAccessibleName(self.tr("Clear the devices found in photos"))
        self.clear_button.setAutoDefault(False)
        buttons = QHBoxLayout()
        buttons.addWidget(self.progress, 1)
        buttons.addWidget(self.clear_button)
        buttons.addWidget(self.add_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.notes)
        layout.addLayout(buttons)
        self._notes: list[str] = []
        self.model.itemChanged.connect(self._update)
        self.add_button.clicked.connect(self._on_add)
        self.clear_button.clicked.connect(self.clear)
        self._update()

    # -- filling -----------------------------------------------------------------------------------

    def _row_of(self, mac: Mac) -> int | None:
        for row in range(self.model.rowCount()):
            item = self.model.item(row, 0)
            if item is not None and item.data(_MacRole) == mac:
                return row
        return None

    def add_scan(self, name: str, scan: LabelScan) -> int:
        """Add what one photo showed; a MAC already listed gains what it lacked. Returns devices added."""
        added = 0
        for device in scan.devices:
            row = self._row_of(device.mac)
            if row is not None:
                self._merge(row, device, name)
                continue
            self.model.appendRow(self._items(device, name))
            added += 1
        if not scan.devices:
            products = sum(1 for r in scan.reads if r.symbology.is_product_code)
            note = self.tr("{name}: no MAC address found.").format(name=name)
            if products:
                note += " " + self.tr("Only product barcodes (EAN) were read: photograph the side with the MAC.")
            elif scan.reads:
                note += " " + self.tr("%n barcode(s) read, none of them a MAC.", "", len(scan.reads))
            else:
                note += " " + self.tr("Try a sharper photo, closer to the label and held level.")
            self._notes.append(note)
        for device in scan.devices:
            for note in device.notes:
                self._notes.append(f"{device.mac}: {core_message(note)}")
        if added:
            self.table.resizeColumnsToContents()
        self._update()
        return added

    def add_error(self, name: str, message: str) -> None:
        self._notes.append(f"{name}: {message}")
        self._update()

    def _items(self, device: DeviceCandidate, photo: str) -> list[QStandardItem]:
        mac_item = QStandardItem(str(device.mac))
        mac_item.setCheckable(True)
        mac_item.setCheckState(Qt.CheckState.Checked)
        mac_item.setEditable(False)
        mac_item.setData(device.mac, _MacRole)
        mac_item.setData(device.vendor, _VendorRole)
        vendor = QStandardItem(self._vendor_text(device.vendor))
        code = QStandardItem(device.crc or "")
        code.setEditable(True)
        code.setToolTip(self.tr("The Gigaset MAC-ID code (4 letters or digits); double-click to type it."))
        serial = QStandardItem(device.serial or "")
        source = QStandardItem(photo)
        for item in (vendor, serial, source):
            item.setEditable(False)
        return [mac_item, vendor, code, serial, source]

    def _merge(self, row: int, device: DeviceCandidate, photo: str) -> None:
        code, serial, source = (self.model.item(row, c) for c in (2, 3, 4))
        if code is not None and device.crc and not code.text():
            code.setText(device.crc)
        if serial is not None and device.serial and not serial.text():
            serial.setText(device.serial)
        if source is not None and photo not in source.text().split(", "):
            source.setText(f"{source.text()}, {photo}")

    def _vendor_text(self, vendor: VendorGuess | None) -> str:
        if vendor is None:
            return self.tr("unknown vendor")
        return f"{vendor.label} ({', '.join(vendor.providers)})" if vendor.providers else vendor.label

    def clear(self) -> None:
        self.model.removeRows(0, self.model.rowCount())
        self._notes.clear()
        self.progress.clear()
        self._update()

    # -- state -------------------------------------------------------------------------------------

    def checked_rows(self) -> list[int]:
        rows = []
        for row in range(self.model.rowCount()):
            item = self.model.item(row, 0)
            if item is not None and item.checkState() == Qt.CheckState.Checked:
                rows.append(row)
        return rows

    def _needs_code(self, row: int) -> bool:
        item, code = self.model.item(row, 0), self.model.item(row, 2)
        vendor = item.data(_VendorRole) if item is not None else None
        return bool(vendor is not None and vendor.vendor == "gigaset" and code is not None and not code.text().strip())

    def _update(self, *_: object) -> None:
        count = len(self.checked_rows())
        self.add_button.setText(self.tr("&Add {count} devices").format(count=count) if count != 1
                                else self.tr("&Add 1 device"))
        self.add_button.setAccessibleName(self.tr("Add the checked devices to the list"))
        self.add_button.setEnabled(count > 0)
        self.clear_button.setEnabled(self.model.rowCount() > 0 or bool(self._notes))
        notes = list(self._notes)
        missing = sum(1 for row in self.checked_rows() if self._needs_code(row))
        if missing == 1:
            notes.append(self.tr("A Gigaset device has no MAC-ID code: type it in the Code column, "
                                 "or you will be asked for it after Add."))
        elif missing:
            notes.append(self.tr("{count} Gigaset devices have no MAC-ID code: type them in the Code column, "
                                 "or you will be asked for them after Add.").format(count=missing))
        self.notes.setText("\n".join(notes))
        self.notes.setVisible(bool(notes))

    def _on_add(self) -> None:
        chosen: list[tuple[Mac, str | None, str | None, VendorGuess | None]] = []
        rows = self.checked_rows()
        for row in rows:
            mac_item, code_item, serial_item = (self.model.item(row, c) for c in (0, 2, 3))
            if mac_item is None or code_item is None or serial_item is None:
                continue
            try:
                crc = normalize_crc(code_item.text())
            except InputError as exc:
                self.table.setCurrentIndex(code_item.index())
                self._notes.append(f"{mac_item.text()}: {exc.message}")
                self._update()
                return
            chosen.append((mac_item.data(_MacRole), crc, serial_item.text() or None, mac_item.data(_VendorRole)))
        for row in reversed(rows):
            self.model.removeRow(row)
        self._update()
        if chosen:
            self.sig_add.emit(chosen)


# -- the panel -------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Recent:
    at: float
    crc: str | None
    serial: str | None
    added: bool  # False: discarded by the user (ignored for the cooldown all the same)


class ScanPanel(QDialog):
    """Scan labels with the camera, from photos or a pasted image; found devices go to ``sig_device``."""

    sig_device = Signal(object, object, object)
    """(Mac, crc | None, serial | None) -- a device to add to the list (or to complete, if listed)."""

    def __init__(self, ctx: AppContext, bridge: EngineBridge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.bridge = bridge
        self.setObjectName("scanPanel")
        self.setWindowTitle(self.tr("Scan labels"))
        self.setModal(False)
        self.setAcceptDrops(True)
        self.video_sink = QVideoSink(self)
        """Where every source plays; frames pushed with ``setVideoFrame`` are read too."""
        self.decoder = LiveDecoder(ctx.vendors, parent=self)
        self.media_devices = QMediaDevices(self)
        self.source: FrameSource | None = None
        self.choices: list[CameraChoice] = []
        self.added: list[tuple[Mac, str | None, str | None]] = []
        """Every device this panel handed to ``sig_device``, in order (the session's history)."""
        self._recent: dict[str, _Recent] = {}
        self._awaiting: list[_Awaiting] = []
        self._live = False
        self._autostart = False
        self._photo_generation = 0
        self._photos_pending = 0
        self._chime = _Chime(self)
        self._build()
        self._connect()
        self.refresh_cameras()

    # -- construction ------------------------------------------------------------------------------

    def _build(self) -> None:
        camera_label = QLabel(self.tr("&Camera:"), self)
        self.camera_combo = QComboBox(self)
        self.camera_combo.setObjectName("cameraCombo")
        self.camera_combo.setAccessibleName(self.tr("Camera"))
        self.camera_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        camera_label.setBuddy(self.camera_combo)
        self.start_button = QPushButton(self.tr("&Start"), self)
        self.start_button.setObjectName("cameraStartButton")
        self.start_button.setAccessibleName(self.tr("Start or stop the camera"))
        self.start_button.setAutoDefault(False)
        self.photos_button = QPushButton(self.tr("Open &photos…"), self)
        self.photos_button.setObjectName("photosButton")
        self.photos_button.setAccessibleName(self.tr("Open photos of labels"))
        self.photos_button.setAutoDefault(False)
        top = QHBoxLayout()
        top.addWidget(camera_label)
        top.addWidget(self.camera_combo, 1)
        top.addWidget(self.start_button)
        top.addWidget(self.photos_button)

        self.preview = ScanPreview(self)
        self.no_camera = QWidget(self)
        self.no_camera.setObjectName("noCameraPage")
        self.no_camera_label = QLabel(self.tr(
            "No camera found.\n\nTake a photo of the label with a phone and open it here, drop it on this window "
            "or paste it (Ctrl+V). A USB barcode scanner types into the Device field of the main window.\n\n"
            "A camera plugged in later appears here by itself."), self.no_camera)
        self.no_camera_label.setObjectName("noCameraLabel")
        self.no_camera_label.setWordWrap(True)
        self.no_camera_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.no_camera_photos = QPushButton(self.tr("Open p&hotos of labels…"), self.no_camera)
        self.no_camera_photos.setObjectName("noCameraPhotosButton")
        self.no_camera_photos.setAccessibleName(self.tr("Open photos of labels"))
        self.no_camera_photos.setAutoDefault(False)
        page = QVBoxLayout(self.no_camera)
        page.addStretch(1)
        page.addWidget(self.no_camera_label)
        page.addWidget(self.no_camera_photos, 0, Qt.AlignmentFlag.AlignHCenter)
        page.addStretch(1)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.preview)
        self.stack.addWidget(self.no_camera)

        self.feedback = QLabel(self)
        self.feedback.setObjectName("scanFeedback")
        self.feedback.setAccessibleName(self.tr("Last read"))
        self.feedback.setTextFormat(Qt.TextFormat.PlainText)
        self.feedback.setWordWrap(True)
        self.feedback.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = self.feedback.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.feedback.setFont(font)

        self.code_prompt = _CodePrompt(self.ctx.vendors, self)
        self.review = _PhotoReview(self.ctx.vendors, self)
        self.review.hide()

        history_label = QLabel(self.tr("Added in this session:"), self)
        self.history = QListWidget(self)
        self.history.setObjectName("scanHistory")
        self.history.setAccessibleName(self.tr("Devices added in this session"))
        self.history.setMaximumHeight(96)
        history_label.setBuddy(self.history)

        self.continuous_check = QCheckBox(self.tr("&Keep scanning, box after box"), self)
        self.continuous_check.setObjectName("continuousCheck")
        self.continuous_check.setAccessibleName(self.tr("Continuous scanning"))
        self.continuous_check.setChecked(True)
        self.stats_label = QLabel(self)
        self.stats_label.setObjectName("scanStats")
        self.stats_label.setEnabled(False)  # secondary text, in the palette's disabled colour
        self.close_button = QPushButton(self.tr("Close"), self)
        self.close_button.setObjectName("scanCloseButton")
        self.close_button.setAutoDefault(False)
        bottom = QHBoxLayout()
        bottom.addWidget(self.continuous_check)
        bottom.addWidget(self.stats_label, 1)
        bottom.addWidget(self.close_button)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.stack, 3)
        layout.addWidget(self.feedback)
        layout.addWidget(self.code_prompt)
        layout.addWidget(self.review, 2)
        layout.addWidget(history_label)
        layout.addWidget(self.history)
        layout.addLayout(bottom)
        self.setTabOrder(self.camera_combo, self.start_button)
        self.setTabOrder(self.start_button, self.photos_button)
        self.resize(820, 760)
        self._stats_timer = QTimer(self)
        self._stats_timer.setInterval(1000)
        self._stats_timer.timeout.connect(self._show_stats)
        self._stats_base = (0.0, 0, 0)
        self._paste = QShortcut(QKeySequence(QKeySequence.StandardKey.Paste), self)
        self._paste.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self._paste.activated.connect(self.paste)
        self._show_feedback(self.tr("Hold a label up to the camera, open photos, or paste an image."), None)

    def _connect(self) -> None:
        self.video_sink.videoFrameChanged.connect(self.decoder.submit)
        self.decoder.sig_preview.connect(self._on_preview, Qt.ConnectionType.QueuedConnection)
        self.decoder.sig_results.connect(self._on_results, Qt.ConnectionType.QueuedConnection)
        self.media_devices.videoInputsChanged.connect(self.refresh_cameras)
        self.camera_combo.activated.connect(self._on_camera_chosen)
        self.start_button.clicked.connect(self.toggle_live)
        self.photos_button.clicked.connect(lambda: self.open_photos(None))
        self.no_camera_photos.clicked.connect(lambda: self.open_photos(None))
        self.close_button.clicked.connect(self.close)
        self.code_prompt.sig_code.connect(self._on_prompt_code)
        self.code_prompt.sig_skip.connect(self._on_prompt_skip)
        self.code_prompt.sig_discard.connect(self._on_prompt_discard)
        self.review.sig_add.connect(self._on_review_add)
        self.review.clear_button.clicked.connect(self._clear_photos)

    # -- cameras -----------------------------------------------------------------------------------

    def refresh_cameras(self) -> None:
        """Fill the selector (cameras come and go: ``videoInputsChanged``)."""
        had = bool(self.choices)
        choices = camera_choices()
        keys = [c.key for c in choices]
        current = self.source.choice.key if self.source is not None else self.camera_combo.currentData()
        if current not in keys:
            current = self._remembered_camera()
        combo = self.camera_combo
        combo.blockSignals(True)
        combo.clear()
        for choice in choices:
            combo.addItem(choice.name, choice.key)
        if not choices:
            combo.addItem(self.tr("No camera"), None)
        combo.setCurrentIndex(keys.index(current) if current in keys else 0)
        combo.blockSignals(False)
        self.choices = choices
        combo.setEnabled(bool(choices))
        self.start_button.setEnabled(bool(choices))
        self.stack.setCurrentWidget(self.preview if choices else self.no_camera)
        if self.source is not None and self.source.choice.key not in keys:
            name = self.source.choice.name
            self.stop_live()
            self._drop_source()
            self._show_feedback(self.tr("The camera {name} was disconnected.").format(name=name), False)
        if choices and not had:
            self.preview.set_message(self.tr("Press Start to scan with {name}.").format(name=choices[0].name))
            chosen = self.current_choice()
            if self.isVisible() and not self._live and chosen is not None:
                self._show_feedback(self.tr("Camera found: {name}.").format(name=chosen.name), None)
                self.start_live()

    def current_choice(self) -> CameraChoice | None:
        key = self.camera_combo.currentData()
        return next((c for c in self.choices if c.key == key), None)

    def _remembered_camera(self) -> str | None:
        if self.ctx.sandbox_mode:
            return None
        value = QSettings().value(_SETTINGS_CAMERA)
        return value if isinstance(value, str) else None

    def _on_camera_chosen(self, _index: int) -> None:
        choice = self.current_choice()
        if choice is None:
            return
        if not self.ctx.sandbox_mode:
            QSettings().setValue(_SETTINGS_CAMERA, choice.key)
        if self.source is not None and self.source.choice.key != choice.key:
            was_live = self._live
            self.stop_live()
            self._drop_source()
            if was_live:
                self.start_live()

    def _drop_source(self) -> None:
        if self.source is not None:
            self.source.close()
            self.source = None

    # -- live scanning -----------------------------------------------------------------------------

    @property
    def live(self) -> bool:
        return self._live

    def toggle_live(self) -> None:
        if self._live:
            self.stop_live()
            self._show_feedback(self.tr("Camera stopped."), None)
        else:
            self.start_live()

    def start_live(self) -> None:
        """Start reading frames: the chosen camera or video; with none, frames pushed into ``video_sink``."""
        choice = self.current_choice()
        if choice is None:
            self._begin_decoding()
            return
        if choice.is_file:
            self._start_source(choice)
            return
        self.preview.set_message(self.tr("Waiting for permission to use the camera…"))
        request_camera_permission(self, lambda granted: self._start_source(choice) if granted
                                  else self._permission_denied())

    def _permission_denied(self) -> None:
        text = self.tr("Camera access was denied. Allow it in the system settings (Privacy › Camera), "
                       "or open photos instead.")
        self.preview.set_message(text)
        self._show_feedback(text, False)

    def _start_source(self, choice: CameraChoice) -> None:
        if self.source is None or self.source.choice.key != choice.key:
            self._drop_source()
            self.source = FrameSource(choice, self.video_sink, self)
            self.source.sig_state.connect(self._on_source_state)
            self.source.sig_error.connect(self._on_source_error)
        self.preview.set_message(self.tr("Starting {name}…").format(name=choice.name))
        self._begin_decoding()
        self.source.start()
        self._show_feedback(self.tr("Scanning with {name}: hold a label level inside the box.").format(
            name=choice.name), None)

    def _begin_decoding(self) -> None:
        self.decoder.start()
        self._live = True
        self.start_button.setText(self.tr("&Stop"))
        stats = self.decoder.stats
        self._stats_base = (time.monotonic(), stats.decoded, stats.dropped)
        self._stats_timer.start()

    def stop_live(self) -> None:
        """Stop the camera (or video) and the decoding threads; safe to call at any time."""
        if self.source is not None:
            self.source.stop()
        self.decoder.stop()
        self._stats_timer.stop()
        self._live = False
        self.start_button.setText(self.tr("&Start"))

    def _on_source_state(self, state: str) -> None:
        if state == "ended":
            self.stop_live()
            self._show_feedback(self.tr("The video has ended. Press Start to play it again."), None)

    def _on_source_error(self, message: str) -> None:
        self.stop_live()
        self.preview.set_message(message)
        self._show_feedback(message, False)

    def _on_preview(self) -> None:
        image = self.decoder.take_preview()
        if image is not None:
            self.preview.set_image(image)

    def _on_results(self) -> None:
        results = self.decoder.take_results()
        if not results or not self._live:
            return
        self.preview.show_reads(results[-1].scan)
        for result in results:
            for device in result.confirmed:
                self._on_confirmed(device)

    def _show_stats(self) -> None:
        stats = self.decoder.stats
        since, decoded, dropped = self._stats_base
        elapsed = max(time.monotonic() - since, 1e-6)
        self.stats_label.setText(self.tr("{fps:.0f} frames/s read, {ms:.0f} ms each, {dropped} skipped").format(
            fps=(stats.decoded - decoded) / elapsed, ms=stats.mean_decode_ms, dropped=stats.dropped - dropped))

    # -- accepting devices -------------------------------------------------------------------------

    def _on_confirmed(self, device: DeviceCandidate) -> None:
        """A device the camera read the same way in two frames."""
        key = device.mac.value
        now = time.monotonic()
        waiting = next((a for a in self._awaiting if a.mac == device.mac), None)
        if waiting is not None:
            if device.crc:  # the MAC-ID barcode came into view: the code the prompt asks for
                self._awaiting.remove(waiting)
                self._accept(device.mac, device.crc, device.serial or waiting.serial, device.vendor, "camera")
                self._next_prompt()
            return
        recent = self._recent.get(key)
        if recent is not None and now - recent.at < COOLDOWN:
            if recent.added and ((device.crc and not recent.crc) or (device.serial and not recent.serial)):
                # The same box, now with its serial or code read: complete the row.
                crc, serial = recent.crc or device.crc, recent.serial or device.serial
                self._recent[key] = _Recent(recent.at, crc, serial, True)
                self.added.append((device.mac, crc, serial))
                self.sig_device.emit(device.mac, crc, serial)
                self._show_feedback(self.tr("Completed: {text}").format(
                    text=self.describe(device.mac, crc, serial, device.vendor)), True)
            return
        if device.needs_crc:
            self._ask_code(_Awaiting(device.mac, device.serial, device.vendor, "camera"))
            return
        self._accept(device.mac, device.crc, device.serial, device.vendor, "camera")

    def describe(self, mac: Mac, crc: str | None, serial: str | None, vendor: VendorGuess | None) -> str:
        """What was read, in one line: MAC · vendor (providers) · code · serial."""
        parts = [str(mac)]
        if vendor is not None:
            parts.append(f"{vendor.label} ({', '.join(vendor.providers)})" if vendor.providers else vendor.label)
        else:
            parts.append(self.tr("unknown vendor"))
        if crc:
            parts.append(self.tr("code {code}").format(code=crc))
        if serial:
            parts.append(self.tr("S/N {serial}").format(serial=serial))
        return " · ".join(parts)

    def _accept(self, mac: Mac, crc: str | None, serial: str | None, vendor: VendorGuess | None,
                origin: str) -> None:
        self._recent[mac.value] = _Recent(time.monotonic(), crc, serial, True)
        self.added.append((mac, crc, serial))
        self.sig_device.emit(mac, crc, serial)
        text = self.describe(mac, crc, serial, vendor)
        self._show_feedback(self.tr("Added: {text}").format(text=text), True)
        self.history.insertItem(0, text)
        while self.history.count() > 200:
            self.history.takeItem(self.history.count() - 1)
        self.preview.flash("✓ " + text)
        self._chime.play()
        if origin == "camera" and self._live and not self.continuous_check.isChecked():
            self.stop_live()

    # -- the Gigaset code prompt -------------------------------------------------------------------

    @property
    def awaiting_code(self) -> list[Mac]:
        """Gigaset devices waiting for their MAC-ID code, the one asked about first."""
        return [a.mac for a in self._awaiting]

    def _ask_code(self, item: _Awaiting) -> None:
        if any(a.mac == item.mac for a in self._awaiting):
            return
        self._awaiting.append(item)
        self.preview.flash(self.tr("{mac}: MAC-ID code needed").format(mac=item.mac), warning=True)
        self._chime.play()
        self._next_prompt()

    def _next_prompt(self) -> None:
        if self._awaiting:
            self.code_prompt.ask(self._awaiting[0], len(self._awaiting) - 1)
        else:
            self.code_prompt.hide()
            self.code_prompt.mac = None

    def _on_prompt_code(self, code: str) -> None:
        if not self._awaiting:
            return
        item = self._awaiting.pop(0)
        self._accept(item.mac, code, item.serial, item.vendor, item.origin)
        self._next_prompt()

    def _on_prompt_skip(self) -> None:
        if not self._awaiting:
            return
        item = self._awaiting.pop(0)
        self._accept(item.mac, None, item.serial, item.vendor, item.origin)
        self._next_prompt()

    def _on_prompt_discard(self) -> None:
        if not self._awaiting:
            return
        item = self._awaiting.pop(0)
        self._recent[item.mac.value] = _Recent(time.monotonic(), None, None, False)
        self._show_feedback(self.tr("Not added: {mac}").format(mac=item.mac), None)
        self._next_prompt()

    # -- photos and pasted images ------------------------------------------------------------------

    def open_photos(self, paths: Sequence[str] | None = None) -> None:
        """Read photos of labels (``None``: ask with a file dialog); the devices found are listed for confirmation."""
        self._autostart = False
        if paths is None:
            chosen, _ = QFileDialog.getOpenFileNames(
                self, self.tr("Open photos of labels"), "",
                self.tr("Images ({patterns});;All files (*)").format(patterns=IMAGE_FILTER))
            paths = chosen
        for path in paths or ():
            self._scan_photo(str(path), Path(path).name)

    def scan_image(self, image: QImage, name: str | None = None) -> None:
        """Read a pasted or dropped image like a photo (one quick grey copy here, the rest off this thread)."""
        self._autostart = False
        if image.isNull():
            self._show_feedback(self.tr("The clipboard image is empty."), False)
            return
        gray = image.convertToFormat(QImage.Format.Format_Grayscale8)
        frame = Frame(bytes(gray.constBits()), gray.width(), gray.height(), PixelFormat.GRAY8, gray.bytesPerLine())
        self._scan_photo(frame, name or self.tr("pasted image"))

    def _show_review(self, visible: bool) -> None:
        """The photo list takes room from the camera view (or the no-camera note) while it is shown."""
        self.review.setVisible(visible)
        layout = self.layout()
        if isinstance(layout, QVBoxLayout):
            layout.setStretchFactor(self.stack, 2 if visible and self.choices else 1 if visible else 3)

    def _scan_photo(self, source: str | Frame, name: str) -> None:
        generation = self._photo_generation
        self._photos_pending += 1
        self._show_review(True)
        self._show_photo_progress()
        task = functools.partial(scan_label, mode=ScanMode.PHOTO, vendors=self.ctx.vendors)
        self.bridge.run_task(
            task, source,
            on_done=lambda scan: self._on_photo_done(generation, name, scan),
            on_error=lambda error, details: self._on_photo_error(generation, name, error, details))

    def _show_photo_progress(self) -> None:
        pending = self._photos_pending
        self.review.progress.setText(self.tr("Reading {count} photos…").format(count=pending) if pending > 1
                                     else self.tr("Reading the photo…") if pending == 1 else "")

    def _on_photo_done(self, generation: int, name: str, scan: LabelScan) -> None:
        if generation != self._photo_generation:
            return
        self._photos_pending = max(0, self._photos_pending - 1)
        self._show_photo_progress()
        found = self.review.add_scan(name, scan)
        if scan.devices:
            self._show_feedback(self.tr("{name}: %n device(s) found; check them, then Add.", "",
                                        len(scan.devices)).format(name=name), None)
        if found:
            self.review.add_button.setFocus()

    def _on_photo_error(self, generation: int, name: str, error: BaseException, details: str) -> None:
        if generation != self._photo_generation:
            return
        self._photos_pending = max(0, self._photos_pending - 1)
        self._show_photo_progress()
        if isinstance(error, FalconieriError):
            self.review.add_error(name, error.message)
        else:
            log.error("photo %s could not be read: %s", name, details)
            self.review.add_error(name, self.tr("could not be read ({error}).").format(error=type(error).__name__))

    def _on_review_add(self, chosen: list[tuple[Mac, str | None, str | None, VendorGuess | None]]) -> None:
        for mac, crc, serial, vendor in chosen:
            if crc is None and vendor is not None and vendor.vendor == "gigaset":
                self._ask_code(_Awaiting(mac, serial, vendor, "photo"))
            else:
                self._accept(mac, crc, serial, vendor, "photo")
        if self.review.model.rowCount() == 0 and self._photos_pending == 0:
            self._photo_generation += 1
            self.review.clear()
            self._show_review(False)

    def _clear_photos(self) -> None:
        """Forget the photo list; results of photos still being read are dropped."""
        self._photo_generation += 1
        self._photos_pending = 0
        self.review.clear()
        self._show_review(False)
        self.photos_button.setFocus()

    def paste(self) -> None:
        """Ctrl+V in the panel: an image, or image files copied in a file manager."""
        mime = QGuiApplication.clipboard().mimeData()
        if mime is None:
            return
        from falconieri_desktop.ui.main_window import IMAGE_SUFFIXES

        paths = [u.toLocalFile() for u in mime.urls() if u.isLocalFile()
                 and Path(u.toLocalFile()).suffix.lower() in IMAGE_SUFFIXES]
        if paths:
            self.open_photos(paths)
        elif mime.hasImage():
            self.scan_image(QGuiApplication.clipboard().image())
        else:
            self._show_feedback(self.tr("The clipboard holds no image."), False)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        mime = event.mimeData()
        if mime.hasUrls() or mime.hasImage():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        from falconieri_desktop.ui.main_window import IMAGE_SUFFIXES

        mime = event.mimeData()
        paths = [u.toLocalFile() for u in mime.urls() if u.isLocalFile()
                 and Path(u.toLocalFile()).suffix.lower() in IMAGE_SUFFIXES]
        if paths:
            self.open_photos(paths)
        elif mime.hasImage():
            image = mime.imageData()
            if isinstance(image, QImage):
                self.scan_image(image, self.tr("dropped image"))
        event.acceptProposedAction()

    # -- feedback ----------------------------------------------------------------------------------

    def _show_feedback(self, text: str, ok: bool | None, *, warning: bool = False) -> None:
        self.feedback.setText(text)
        if ok is True:
            style = "background: rgba(46, 170, 80, 70); border-radius: 3px; padding: 4px;"
        elif warning:
            style = "background: rgba(240, 160, 32, 70); border-radius: 3px; padding: 4px;"
        elif ok is False:
            style = "color: #d64545; padding: 4px;"
        else:
            style = "padding: 4px;"
        self.feedback.setStyleSheet(f"QLabel#scanFeedback {{ {style} }}")

    # -- showing and closing -----------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._live and self.choices:
            self._autostart = True
            QTimer.singleShot(0, self._start_if_wanted)

    def _start_if_wanted(self) -> None:
        if self._autostart and self.isVisible() and not self._live and self.choices:
            self.start_live()
        self._autostart = False

    def hideEvent(self, event: QHideEvent) -> None:
        self._autostart = False
        self.stop_live()
        super().hideEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.stop_live()
        super().closeEvent(event)

    def done(self, result: int) -> None:
        self.stop_live()
        super().done(result)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.setWindowTitle(self.tr("Scan labels"))
        super().changeEvent(event)

    def shutdown(self) -> None:
        """Stop everything and let go of the camera (the window is closing)."""
        self.stop_live()
        self._drop_source()
