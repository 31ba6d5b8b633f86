"""Simulator of Gigaset's legacy XML-RPC redirect service (vendor-apis.md §2).

No public method reference exists; the behaviour follows falconieri and peoplefone, and the
sandbox's own choices are marked "guess" below.

- Phones are named by MAC-ID ``MAC-CODE`` (any case). When the simulator knows a phone's code
  (the demo phones have one, and every phone registered with a code), another code is
  ``mac_not_exist:<MAC>``; a malformed MAC-ID is ``mac_invalid:<MAC>``. A bare 12-hex MAC is
  accepted only for accounts with the ``bare_mac=True`` flag (falconieri's ``disable_crc``).
- ``registerDevice`` refuses a MAC that is registered already -- to anyone, this account included
  -- with ``mac_already_in_use:<MAC>``; that is why clients deregister first.
- ``deregisterDevice`` and ``checkDevice`` never reveal another account's phone: it is
  ``mac_not_found:<MAC>`` like an unknown one (guess).
- URL: http/https/ftp/tftp with a host, else ``url_invalid:<url>``. Provider name: 1-40 of
  ``A-Z a-z 0-9 - _ .`` and space, else ``name_invalid:<name>`` (guess).
- Answers as Apache XML-RPC does: ``<value>text</value>`` without ``<string>``.
"""

from __future__ import annotations

import re
from typing import Any, ClassVar

from falconieri_desktop.sandbox.base import Account, Record
from falconieri_desktop.sandbox.demo import DEMO_DEVICES
from falconieri_desktop.sandbox.http import Faults
from falconieri_desktop.sandbox.legacy import XmlRpcSimulator, text_param, valid_url

__all__ = ["GigasetSimulator"]

_MAC_ID = re.compile(r"^([0-9A-F]{12})-([A-Z0-9]{4})$")
_BARE_MAC = re.compile(r"^[0-9A-F]{12}$")
_PROVIDER_NAME = re.compile(r"^[A-Za-z0-9 _.\-]{1,40}$")


class GigasetSimulator(XmlRpcSimulator):
    """prov.gigaset.net: autoprov.registerDevice, deregisterDevice, checkDevice."""

    provider = "gigaset"
    path = "/apxml/rpc.do"
    bare_strings = True
    prolog = '<?xml version="1.0" encoding="UTF-8"?><methodResponse>'
    realm = "Gigaset Autoprovisioning"
    METHODS: ClassVar[dict[str, str]] = {
        "autoprov.registerDevice": "register_device",
        "autoprov.deregisterDevice": "deregister_device",
        "autoprov.checkDevice": "check_device",
    }

    def __init__(self, *, user: str = "sandbox", secret: str | None = None, faults: Faults | None = None) -> None:
        super().__init__(user=user, secret=secret, faults=faults)
        #: The code printed next to each MAC, where the simulator knows it (factory data: kept on reset).
        self.codes: dict[str, str] = {
            device.mac: device.crc for device in DEMO_DEVICES if device.provider == "gigaset" and device.crc
        }

    def own(self, mac: str, url: str = "https://old-pbx.example.com/provisioning/", *,
            owner: str | None = None, **fields: Any) -> Record:
        record = super().own(mac, url, owner=owner, **fields)
        if record.crc:
            self.codes[record.mac] = record.crc.upper()
        return record

    def _identify(self, account: Account, method: str, raw: Any) -> tuple[str | None, str | None, list[Any] | None]:
        """``(mac, code, None)``, or ``(None, None, refusal)`` for a MAC-ID the service rejects."""
        text = text_param(raw).strip().upper()
        match = _MAC_ID.match(text)
        if match:
            mac, code = match.group(1), match.group(2)
        elif _BARE_MAC.match(text) and account.flags.get("bare_mac"):
            mac, code = text, None
        else:
            self.log_call(method, account.user, text[:12], ok=False)
            return None, None, [False, f"mac_invalid:{text[:12]}"]
        expected = self.codes.get(mac)
        if code is not None and expected is not None and code != expected:
            self.log_call(method, account.user, mac, ok=False)
            return None, None, [False, f"mac_not_exist:{mac}"]
        return mac, code, None

    def register_device(self, account: Account, mac_id: Any, url_param: Any, name_param: Any) -> Any:
        method = "autoprov.registerDevice"
        url, name = text_param(url_param).strip(), text_param(name_param)
        mac, code, refusal = self._identify(account, method, mac_id)
        if mac is None:
            return refusal
        if not valid_url(url):
            self.log_call(method, account.user, mac, ok=False)
            return [False, f"url_invalid:{url}"]
        if not _PROVIDER_NAME.match(name):
            self.log_call(method, account.user, mac, ok=False)
            return [False, f"name_invalid:{name}"]
        if mac in self.registry:
            self.log_call(method, account.user, mac, ok=False)
            return [False, f"mac_already_in_use:{mac}"]
        self.own(mac, url, owner=account.user, crc=code, extra={"provider_name": name})
        self.log_call(method, account.user, mac)
        return [True, "ok"]

    def deregister_device(self, account: Account, mac_id: Any) -> Any:
        method = "autoprov.deregisterDevice"
        mac, _, refusal = self._identify(account, method, mac_id)
        if mac is None:
            return refusal
        if self.owner_of(mac) != account.user:
            self.log_call(method, account.user, mac, ok=False)
            return [False, f"mac_not_found:{mac}"]
        del self.registry[mac]
        self.log_call(method, account.user, mac)
        return [True, "ok"]

    def check_device(self, account: Account, mac_id: Any) -> Any:
        method = "autoprov.checkDevice"
        mac, _, refusal = self._identify(account, method, mac_id)
        if mac is None:
            return refusal
        found = self.owner_of(mac) == account.user
        self.log_call(method, account.user, mac, ok=found)
        return [True, mac] if found else [False, f"mac_not_found:{mac}"]
