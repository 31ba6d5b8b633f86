"""The device input line: typed MACs, wedge-scanner bursts and MAC-IDs, validated as you type."""

from __future__ import annotations

import itertools
import time
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QSizePolicy, QWidget

from falconieri_desktop.core.mac import VendorTable, builtin_vendor_table

if TYPE_CHECKING:
    from falconieri_desktop.core.intake import EntryResult

__all__ = ["DeviceInput"]

# A wedge scanner types a whole code in a few milliseconds per key; people need >60 ms per key.
_WEDGE_KEY_INTERVAL = 0.035
# Nor does a scanner pause mid-code: a pause this long starts a new burst (what came before it,
# typed or an earlier scan left selected after an error, does not count), and Enter must follow
# the last key within it.
_WEDGE_PAUSE = 0.25
_WEDGE_MIN_KEYS = 8


class _Line(QLineEdit):
    """Times keystrokes so a scanner burst can be told from typing."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.key_times: list[float] = []

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.text() and event.key() not in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if not self.text():
                self.key_times.clear()
            self.key_times.append(time.monotonic())
            del self.key_times[:-64]
        super().keyPressEvent(event)

    def burst(self, now: float | None = None) -> bool:
        """Whether the line ended with a scanner burst: >= 8 keys at a scanner's pace, no pause, Enter at once."""
        times = self.key_times
        moment = time.monotonic() if now is None else now
        if len(times) < _WEDGE_MIN_KEYS or moment - times[-1] > _WEDGE_PAUSE:
            return False
        start = len(times) - 1
        while start > 0 and times[start] - times[start - 1] <= _WEDGE_PAUSE:
            start -= 1
        run = times[start:]
        if len(run) < _WEDGE_MIN_KEYS:
            return False
        gaps = [b - a for a, b in itertools.pairwise(run)]
        return sum(gaps) / len(gaps) < _WEDGE_KEY_INTERVAL


class DeviceInput(QWidget):
    sig_entered = Signal(object, str)
    """(EntryResult, source) when Enter is pressed on something usable; source: typed / scanned."""

    _vendors: VendorTable | None

    @property
    def vendors(self) -> VendorTable:
        if self._vendors is None:
            self._vendors = builtin_vendor_table()
        return self._vendors

    @vendors.setter
    def vendors(self, table: VendorTable) -> None:
        self._vendors = table

    def __init__(self, vendors: VendorTable | None = None, parent: QWidget | None = None) -> None:
        """Without ``vendors`` the built-in MAC ranges are read on first use, after the window painted."""
        super().__init__(parent)
        self._vendors = vendors
        self.line = _Line(self)
        self.line.setObjectName("deviceInput")
        self.line.setAccessibleName(self.tr("Device"))
        self.line.setAccessibleDescription(self.tr(
            "Type or scan a MAC address, a Gigaset MAC-ID, or a MAC and its serial number, then press Enter."))
        self.line.setPlaceholderText(self.tr("Type or scan a MAC, MAC-ID or MAC + serial, then Enter"))
        self.line.setClearButtonEnabled(True)
        self.feedback = QLabel(self)
        self.feedback.setObjectName("deviceFeedback")
        self.feedback.setTextFormat(Qt.TextFormat.PlainText)
        self.feedback.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.feedback.setAccessibleName(self.tr("Device input feedback"))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.line, 3)
        layout.addWidget(self.feedback, 2)
        self.line.textChanged.connect(self._on_text)
        self.line.returnPressed.connect(self._on_return)
        self.provider_hint = ""  # "via Sandbox Snom" -- set by the window from the account selector

    def _on_text(self, text: str) -> None:
        if not text.strip():
            self._show("", ok=None)
            return
        from falconieri_desktop.core.intake import parse_entry

        self._describe(parse_entry(text, vendors=self.vendors), pending=True)

    def _describe(self, result: EntryResult, *, pending: bool) -> None:
        if result.error is not None:
            # While typing, "too short" is not yet an error worth red text.
            self._show(result.error.message, ok=False if not pending or len(self.line.text().strip()) >= 12 else None)
            return
        if not result.entries:
            self._show(" ".join(result.ignored), ok=None)
            return
        texts = []
        for entry in result.entries:
            vendor = entry.vendor.label if entry.vendor else self.tr("unknown vendor")
            provider = f" → {entry.vendor.provider}" if entry.vendor and entry.vendor.provider else ""
            text = f"{entry.mac} · {vendor}{provider}"
            if entry.crc:
                text += " · " + self.tr("code") + f" {entry.crc}"
            if entry.serial:
                text += f" · SN {entry.serial}"
            if entry.needs_crc:
                text += " · " + self.tr("needs the Gigaset code (MAC-CODE)")
            texts.append(text)
        if self.provider_hint:
            texts.append(self.provider_hint)
        self._show(" | ".join(texts), ok=True)

    def _show(self, text: str, *, ok: bool | None) -> None:
        self.feedback.setText(text)
        self.feedback.setToolTip(text)
        color = {True: "palette(text)", False: "#d64545", None: "palette(mid)"}[ok]
        self.feedback.setStyleSheet(f"color: {color};")

    def _on_return(self) -> None:
        text = self.line.text()
        from falconieri_desktop.core.intake import parse_entry

        source = "scanned" if self.line.burst() else "typed"
        self.line.key_times.clear()
        result = parse_entry(text, vendors=self.vendors)
        if result.entries:
            self.sig_entered.emit(result, source)
            self.line.clear()
            self._describe(result, pending=False)
            self.feedback.setText(self.tr("Added: {text}").format(text=self.feedback.text()))
        elif result.error is None:
            # Only ignorable codes (a product EAN): say so, clear, and wait for the next scan.
            self.line.clear()
            self._show(" ".join(result.ignored), ok=None)
        else:
            self._describe(result, pending=False)
            self.line.selectAll()
