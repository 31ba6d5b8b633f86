"""Simulator of Yealink's legacy RPS XML-RPC service (vendor-apis.md §3).

Behaviour from the API's public clones (Htek, Akuvox), falconieri and peoplefone; the sandbox's
own choices are marked "guess".

- MACs in the four documented forms (``0C1105002189``, ``0C 11 05 00 21 89``,
  ``0C-11-05-00-21-89``, ``0C:11:05:00:21:89``), any case; else ``Error:Invalid MAC(s):<mac>``.
- Server names: 1-20 characters (else ``Error: Invalid server``) of ``A-z 0-9 - _ .`` and space
  (else the service's "can only contain" text). An account with the ``servers=[...]`` flag accepts
  only those names (the service may require servers to exist; falconieri does not create one).
- URLs must begin with http://, https://, ftp:// or tftp:// (else the service's text).
- ``registerDeviceWithUniqueUrl(mac, server, url, isOverride)``: another account's MAC is
  refused -- "Are you sure you want to override MAC addresses" without override; with override,
  ``Error:<mac in lower case> has been registered by another user`` (exact text unknown; falconieri
  only relies on ``^Error:[a-z0-9]{10}``, guess). An own MAC without override is
  ``Existing MAC(s): <mac>``; with override it is updated.
- ``deRegisterDevice`` of a MAC that is not this account's: ``Error:Invalid MAC(s):<mac>`` (the only
  documented failure; guess).
- ``checkDevice``: ``registered`` / ``registered elsewhere`` / ``unregistered`` (known to the
  service, no redirection) / ``unknown`` (never seen), or ``Error:invalid mac``.
- Answers as Apache XML-RPC does: ``<value>text</value>`` without ``<string>``.
"""

from __future__ import annotations

import re
from typing import Any, ClassVar

from falconieri_desktop.sandbox.base import Account, Record
from falconieri_desktop.sandbox.http import Faults
from falconieri_desktop.sandbox.legacy import XmlRpcSimulator, text_param

__all__ = ["YealinkSimulator"]

_HEX2 = "[0-9A-Fa-f]{2}"
_MAC_FORMS = re.compile(  # 0C1105002189, 0C-11-05-00-21-89, 0C:11:05:00:21:89, 0C 11 05 00 21 89
    rf"^(?:[0-9A-Fa-f]{{12}}|{_HEX2}(?:-{_HEX2}){{5}}|{_HEX2}(?::{_HEX2}){{5}}|{_HEX2}(?: {_HEX2}){{5}})$")
_SERVER_CHARS = re.compile(r"^[A-Za-z0-9 _.\-]*$")
_URL_PREFIXES = ("http://", "https://", "ftp://", "tftp://")

OK = "OK"
INVALID_SERVER = "Error: Invalid server"
SERVER_CHARSET = "Error:The server name can only contain 'A-z 0-9 - _ . '(include space)"
URL_PREFIX = "Error:The url can only begin with 'http://' or 'https://' or 'ftp://' or 'tftp://'"
CONFIRM_OVERRIDE = "Are you sure you want to override MAC addresses"


class YealinkSimulator(XmlRpcSimulator):
    """api-dm.yealink.com: registerDeviceWithUniqueUrl, deRegisterDevice, checkDevice."""

    provider = "yealink"
    path = "/xmlrpc"
    other_paths = ("/xmlrpc/",)  # peoplefone posts here; the service answers both
    bare_strings = True
    prolog = ('<?xml version="1.0" encoding="UTF-8"?>'
              '<methodResponse xmlns:ex="http://ws.apache.org/xmlrpc/namespaces/extensions">')
    realm = "Yealink RPS"
    METHODS: ClassVar[dict[str, str]] = {
        "redirect.registerDeviceWithUniqueUrl": "register_with_unique_url",
        "redirect.deRegisterDevice": "deregister_device",
        "redirect.checkDevice": "check_device",
    }

    def __init__(self, *, user: str = "sandbox", secret: str | None = None, faults: Faults | None = None) -> None:
        super().__init__(user=user, secret=secret, faults=faults)
        self.seen: set[str] = set()  # MACs the service has ever had: "unregistered", not "unknown"

    def own(self, mac: str, url: str = "https://old-pbx.example.com/provisioning/", *,
            owner: str | None = None, **fields: Any) -> Record:
        record = super().own(mac, url, owner=owner, **fields)
        self.seen.add(record.mac)
        return record

    def reset(self) -> None:
        super().reset()
        self.seen.clear()

    def _mac(self, account: Account, method: str, raw: Any, refusal: str) -> tuple[str | None, list[Any] | None]:
        text = text_param(raw).strip()
        if not _MAC_FORMS.match(text):
            self.log_call(method, account.user, ok=False)
            return None, [False, refusal.format(mac=text)]
        return re.sub(r"[-: ]", "", text).upper(), None

    def _server_refusal(self, account: Account, name: str) -> str | None:
        if not _SERVER_CHARS.match(name):
            return SERVER_CHARSET
        if not 1 <= len(name) <= 20:
            return INVALID_SERVER
        allowed = account.flags.get("servers")
        if allowed is not None and name not in allowed:
            return INVALID_SERVER
        return None

    def register_with_unique_url(self, account: Account, mac_param: Any, server_param: Any,
                                 url_param: Any, override_param: Any) -> Any:
        method = "redirect.registerDeviceWithUniqueUrl"
        server, url = text_param(server_param), text_param(url_param).strip()
        override = text_param(override_param).strip() == "1"
        mac, refusal = self._mac(account, method, mac_param, "Error:Invalid MAC(s):{mac}")
        if mac is None:
            return refusal
        problem = self._server_refusal(account, server)
        if problem is None and not url.lower().startswith(_URL_PREFIXES):
            problem = URL_PREFIX
        owner = self.owner_of(mac)
        if problem is None and owner is not None and owner != account.user:
            problem = f"Error:{mac.lower()} has been registered by another user" if override else CONFIRM_OVERRIDE
        if problem is None and owner == account.user and not override:
            problem = f"Existing MAC(s): {mac}"
        if problem is not None:
            self.log_call(method, account.user, mac, ok=False)
            return [False, problem]
        self.own(mac, url, owner=account.user, extra={"server_name": server})
        self.log_call(method, account.user, mac)
        return [True, OK]

    def deregister_device(self, account: Account, mac_param: Any) -> Any:
        method = "redirect.deRegisterDevice"
        mac, refusal = self._mac(account, method, mac_param, "Error:Invalid MAC(s):{mac}")
        if mac is None:
            return refusal
        if self.owner_of(mac) != account.user:
            self.log_call(method, account.user, mac, ok=False)
            return [False, f"Error:Invalid MAC(s):{text_param(mac_param).strip()}"]
        del self.registry[mac]
        self.log_call(method, account.user, mac)
        return [True, OK]

    def check_device(self, account: Account, mac_param: Any) -> Any:
        method = "redirect.checkDevice"
        mac, refusal = self._mac(account, method, mac_param, "Error:invalid mac")
        if mac is None:
            return refusal
        owner = self.owner_of(mac)
        self.log_call(method, account.user, mac)
        if owner == account.user:
            return [True, "registered"]
        if owner is not None:
            return [True, "registered elsewhere"]
        return [True, "unregistered" if mac in self.seen else "unknown"]
