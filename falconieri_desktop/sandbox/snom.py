"""Simulator of Snom's legacy XML-RPC redirection service (vendor-apis.md §1).

Rules it enforces like the real service: POST to ``/xmlrpc/`` (without the trailing slash: 404),
``Content-Type: text/xml`` (else 400), HTTP Basic (else 401), MACs of 12 hex digits in any case
(else ``Error:malformed_mac``), URLs with an http/https/ftp/tftp scheme and a host
(else ``Error:malformed_url``), MACs of another account refused with ``Error:owned_by_other_user``.
Re-registering an own MAC overrides it (falconieri relies on that).

Account flags: ``no_redirection_lookup=True`` makes ``redirect.getPhoneRedirection`` an unknown
method, as on old RDS accounts, so clients must fall back to ``redirect.checkPhone``.
"""

from __future__ import annotations

import re
from typing import Any, ClassVar

from falconieri_desktop.sandbox.base import Account
from falconieri_desktop.sandbox.legacy import FAULT_NO_METHOD, XmlRpcSimulator, text_param, valid_url

__all__ = ["SnomSimulator"]

_MAC = re.compile(r"^[0-9A-Fa-f]{12}$")

OK = "Ok"
MALFORMED_MAC = "Error:malformed_mac"
MALFORMED_URL = "Error:malformed_url"
OWNED_BY_OTHER = "Error:owned_by_other_user"
NO_SUCH_MAC = "Error:no_such_mac"


class SnomSimulator(XmlRpcSimulator):
    """Snom RDS: registerPhone, deregisterPhone, checkPhone, getPhoneRedirection, network.echo."""

    provider = "snom"
    path = "/xmlrpc/"
    requires_text_xml = True
    realm = "Snom Redirection Service"
    METHODS: ClassVar[dict[str, str]] = {
        "redirect.registerPhone": "register_phone",
        "redirect.deregisterPhone": "deregister_phone",
        "redirect.checkPhone": "check_phone",
        "redirect.getPhoneRedirection": "get_phone_redirection",
        "network.echo": "echo",
    }

    def _mac_error(self, account: Account, method: str, raw: Any) -> tuple[str | None, list[Any] | None]:
        """The MAC upper-cased, or the answer refusing it (malformed, or another account's)."""
        mac = text_param(raw).strip()
        if not _MAC.match(mac):
            self.log_call(method, account.user, mac, ok=False)
            return None, [False, MALFORMED_MAC]
        mac = mac.upper()
        owner = self.owner_of(mac)
        if owner is not None and owner != account.user:
            self.log_call(method, account.user, mac, ok=False)
            return None, [False, OWNED_BY_OTHER]
        return mac, None

    def register_phone(self, account: Account, mac_param: Any, url_param: Any) -> Any:
        method = "redirect.registerPhone"
        url = text_param(url_param).strip()
        mac, refusal = self._mac_error(account, method, mac_param)
        if mac is None:
            return refusal
        if not valid_url(url):
            self.log_call(method, account.user, mac, ok=False)
            return [False, MALFORMED_URL]
        self.own(mac, url, owner=account.user)
        self.log_call(method, account.user, mac)
        return [True, OK]

    def deregister_phone(self, account: Account, mac_param: Any) -> Any:
        method = "redirect.deregisterPhone"
        mac, refusal = self._mac_error(account, method, mac_param)
        if mac is None:
            return refusal
        if self.registry.pop(mac, None) is None:
            self.log_call(method, account.user, mac, ok=False)
            return [False, NO_SUCH_MAC]
        self.log_call(method, account.user, mac)
        return [True, OK]

    def check_phone(self, account: Account, mac_param: Any) -> Any:
        method = "redirect.checkPhone"
        mac, refusal = self._mac_error(account, method, mac_param)
        if mac is None:
            return refusal
        found = mac in self.registry
        self.log_call(method, account.user, mac, ok=found)
        return [True, OK] if found else [False, NO_SUCH_MAC]

    def get_phone_redirection(self, account: Account, mac_param: Any) -> Any:
        method = "redirect.getPhoneRedirection"
        if account.flags.get("no_redirection_lookup"):
            self.log_call(method, account.user, ok=False)
            return self.fault(FAULT_NO_METHOD, f"requested method {method} not found")
        mac, refusal = self._mac_error(account, method, mac_param)
        if mac is None:
            return refusal
        record = self.registry.get(mac)
        self.log_call(method, account.user, mac, ok=record is not None)
        if record is None:
            return [False, NO_SUCH_MAC]
        return [True, account.company, record.url]

    def echo(self, account: Account, value: Any) -> Any:
        self.log_call("network.echo", account.user)
        return value
