"""The details pane: everything about the selected device, and what to do next in plain words."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from falconieri_desktop.core.devices import Operation, Presence, Status
from falconieri_desktop.core.errors import ERROR_CODES, FalconieriError
from falconieri_desktop.ui.i18n import core_message, error_hint, error_summary
from falconieri_desktop.ui.models import DeviceRow, DeviceTableModel

if TYPE_CHECKING:
    from falconieri_desktop.core.journal import AuditEntry, Journal

__all__ = ["DetailsPane"]


class DetailsPane(QWidget):
    """Shows one row; ``show_row(None)`` shows the empty state."""

    sig_edit_code = Signal(int)
    """The user wants to type the Gigaset code of this row (row id)."""

    def __init__(self, model: DeviceTableModel, journal: Journal | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("detailsPane")
        self.setAccessibleName(self.tr("Device details"))
        self.model = model
        self.journal = journal
        self._row: DeviceRow | None = None
        self.title = QLabel()
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        font.setBold(True)
        self.title.setFont(font)
        self.icon = QLabel()
        self.browser = QTextBrowser()
        self.browser.setOpenExternalLinks(False)
        self.browser.setAccessibleName(self.tr("Details of the selected device"))
        self.copy_pin = QPushButton(self.tr("Copy PIN"))
        self.copy_url = QPushButton(self.tr("Copy URL"))
        self.copy_all = QPushButton(self.tr("Copy details"))
        for button, name in ((self.copy_pin, self.tr("Copy the device PIN")),
                             (self.copy_url, self.tr("Copy the provisioning URL")),
                             (self.copy_all, self.tr("Copy all details as text"))):
            button.setAccessibleName(name)
        self.copy_pin.clicked.connect(lambda: self._copy(self._row.pin if self._row else None))
        self.copy_url.clicked.connect(lambda: self._copy(self._url()))
        self.copy_all.clicked.connect(lambda: self._copy(self.browser.toPlainText()))
        top = QHBoxLayout()
        top.addWidget(self.icon)
        top.addWidget(self.title, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.copy_pin)
        buttons.addWidget(self.copy_url)
        buttons.addStretch(1)
        buttons.addWidget(self.copy_all)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(top)
        layout.addWidget(self.browser, 1)
        layout.addLayout(buttons)
        self.show_row(None)

    def _copy(self, text: str | None) -> None:
        if text:
            QGuiApplication.clipboard().setText(text)

    def _url(self) -> str:
        if self._row is None:
            return ""
        return self._row.url or self.model.default_url

    def refresh(self) -> None:
        self.show_row(self._row.row_id if self._row else None)

    def show_row(self, row_id: int | None) -> None:
        row = self.model.row_by_id(row_id) if row_id is not None else None
        self._row = row
        self.copy_pin.setVisible(bool(row and row.pin))
        self.copy_url.setEnabled(bool(row and self._url()))
        self.copy_all.setEnabled(row is not None)
        if row is None:
            self.title.setText(self.tr("No device selected"))
            self.icon.clear()
            self.browser.setPlainText(self.tr(
                "Select a device to see its status, the vendor's reply, the history of attempts and what "
                "to do next."))
            return
        # Imported on first use: the empty pane is part of the first paint, the badges are not.
        from falconieri_desktop.ui.delegates import status_icon

        self.icon.setPixmap(status_icon(row.status, 18).pixmap(18, 18))
        self.title.setText(f"{row.mac}  ·  {self.model.status_labels.get(row.status, row.status.value)}")
        self.browser.setHtml(self._html(row))

    # -- content ---------------------------------------------------------------------------------

    def _html(self, row: DeviceRow) -> str:
        import html

        esc = html.escape
        parts: list[str] = []

        def item(label: str, value: str | None, *, code: bool = False) -> None:
            if value:
                shown = f"<code>{esc(value)}</code>" if code else esc(value)
                parts.append(f"<tr><td style='padding-right:10px'><b>{esc(label)}</b></td><td>{shown}</td></tr>")

        parts.append("<table cellspacing='2'>")
        vendor = row.vendor.label if row.vendor else self.tr("Unknown (not in the MAC ranges)")
        item(self.tr("Vendor (guess)"), vendor)
        provider = row.provider or row.used_provider
        item(self.tr("Provider"), self.model.provider_labels.get(provider, provider) if provider
             else self.tr("automatic (from the MAC range)"))
        account_id = row.account or row.used_account
        names = self.model.account_names
        account = names.get(account_id, account_id) if account_id else self.model.default_account_name
        item(self.tr("Account"), account or self.tr("default account of the provider"))
        item(self.tr("Provisioning URL"), self._url(), code=True)
        item(self.tr("Gigaset code"), row.crc)
        item(self.tr("Serial"), row.serial)
        if row.label:
            item(self.tr("Note"), row.label)
        item(self.tr("Attempts"), str(row.attempts) if row.attempts else None)
        if row.verified is not None:
            item(self.tr("Read back"), self.tr("the vendor holds this URL") if row.verified
                 else self.tr("the vendor holds another URL"))
        if row.presence is not None:
            presence = {Presence.REGISTERED: self.tr("registered to this account"),
                        Presence.NOT_REGISTERED: self.tr("not registered"),
                        Presence.OTHER_ACCOUNT: self.tr("registered to another account"),
                        Presence.UNKNOWN: self.tr("the vendor does not say")}[row.presence]
            item(self.tr("At the vendor"), presence)
            item(self.tr("URL held by the vendor"), row.found_url, code=True)
            item(self.tr("Owner"), row.owner)
        parts.append("</table>")

        # Headings outside the f-strings: lupdate does not read tr() calls inside them.
        if row.pin:
            heading, note = self.tr("Device PIN"), self.tr("The phone may ask for this PIN at its first boot.")
            parts.append(f"<h3>{esc(heading)}</h3><p style='font-size:large'><b>{esc(row.pin)}</b>"
                         f"</p><p>{esc(note)}</p>")
        if row.code or row.message:
            heading = self.tr("Result")
            parts.append(f"<h3>{esc(heading)}</h3>")
            summary = error_summary(row.code) if row.code else ""
            shown = bool(summary and summary != row.message)
            if shown:
                parts.append(f"<p><b>{esc(summary)}</b></p>")
            # A message that only repeats the code's English summary adds nothing under its translation.
            spec = ERROR_CODES.get(row.code or "")
            if row.message and not (shown and spec is not None and row.message == spec.summary):
                parts.append(f"<p>{esc(row.message)}</p>")
            if row.code:
                label = self.tr("Error code")
                parts.append(f"<p><small>{esc(label)}: <code>{esc(row.code)}</code></small></p>")
        if row.vendor_reply:
            heading = self.tr("The vendor replied")
            parts.append(f"<h3>{esc(heading)}</h3><pre>{esc(row.vendor_reply)}</pre>")
        advice = self._advice(row)
        if advice:
            heading = self.tr("What to do")
            parts.append(f"<h3>{esc(heading)}</h3><ul>")
            parts.extend(f"<li>{esc(text)}</li>" for text in advice)
            parts.append("</ul>")
        if row.warnings:
            heading = self.tr("Warnings")
            parts.append(f"<h3>{esc(heading)}</h3><ul>")
            parts.extend(f"<li>{esc(core_message(text))}</li>" for text in row.warnings)
            parts.append("</ul>")
        parts.append(self._timeline(row))
        return "".join(parts)

    def _advice(self, row: DeviceRow) -> list[str]:
        tips: list[str] = []
        code = row.code or ""
        specific: dict[str, Callable[[], str]] = {
            "device_owned_by_other_user": lambda: self.tr(
                "Another account holds this phone at the vendor. Ask the previous reseller or the customer "
                "to release it, or send the vendor's support the MAC and your account name and ask them to "
                "move it to you."),
            "account_lacks_permission": lambda: self.tr(
                "The API key of this account has no role that may manage devices. In the vendor's portal, "
                "give the key a role (SRAPS/GRAPE: not 'None'), then retry."),
            "missing_mac-id_crc": lambda: self.tr(
                "Gigaset needs the 4-character code printed after the MAC on the phone's label and on the "
                "box (MAC-ID XXXXXXXXXXXX-XXXX). Type it in the Code column, or scan the MAC-ID barcode."),
            "invalid_mac-id_crc_format": lambda: self.tr(
                "Re-read the 4 characters after the dash in the MAC-ID on the label (letters A-Z and digits)."),
            "serial_number_required": lambda: self.tr(
                "This Yealink account needs the serial number (SN) printed on the label. Scan or type it in "
                "the Serial column, then retry."),
            "authentication_failed": lambda: self.tr(
                "Check the account's user name and password in Accounts (Test shows what works). Vendors "
                "lock accounts after repeated failed logins, so fix them before retrying."),
            "missing_credentials": lambda: self.tr(
                "Add an account for this provider in Accounts, or choose one in the account selector."),
            "not_valid_mac_address": lambda: self.tr(
                "Check the MAC on the label, and that the phone is from this vendor (the vendor guess comes "
                "from the MAC range and can be wrong for OEM phones)."),
        }
        if code in specific:
            tips.append(specific[code]())
        elif code:
            hint = error_hint(code)
            if hint:
                tips.append(hint)
        if row.status in (Status.REGISTERED, Status.SKIPPED):
            tips.append(self.tr("The phone asks the redirect service only at its first boot: factory-reset it if "
                                "it was already set up before."))
        if row.status in (Status.FAILED, Status.BLOCKED) and self._url():
            tips.append(self.tr("If the vendor's service cannot be used, set the provisioning URL on the phone by "
                                "hand (its web interface, auto-provisioning page) or by DHCP option 66 (Gigaset: "
                                "114): {url}").format(url=self._url()))
        return tips

    def _timeline(self, row: DeviceRow) -> str:
        if self.journal is None:
            return ""
        try:
            entries: list[AuditEntry] = self.journal.history(row.mac, limit=30)
        except FalconieriError:
            return ""
        if not entries:
            return ""
        import html

        esc = html.escape
        heading = self.tr("History")
        operations = {Operation.REGISTER: self.tr("register"), Operation.DEREGISTER: self.tr("deregister"),
                      Operation.CHECK: self.tr("check")}
        outcomes = {status.value: label.lower() for status, label in self.model.status_labels.items()}
        outcomes["error"] = self.tr("error")
        lines = [f"<h3>{esc(heading)}</h3><table cellspacing='2'>"]
        for entry in entries:
            when = entry.time[:19].replace("T", " ")
            outcome = outcomes.get(entry.outcome, entry.outcome) + (f" ({entry.code})" if entry.code else "")
            duration = f"{entry.duration_ms} ms" if entry.duration_ms is not None else ""
            operation = operations.get(entry.operation, entry.operation.value)
            lines.append(f"<tr><td><small>{esc(when)}</small></td><td>{esc(operation)}</td>"
                         f"<td>{esc(entry.provider)}</td><td>{esc(outcome)}</td><td><small>{esc(duration)}"
                         "</small></td></tr>")
        lines.append("</table>")
        return "".join(lines)
