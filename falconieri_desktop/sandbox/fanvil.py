"""Simulator of Fanvil's FDPS XML-RPC service (vendor-apis.md §4).

Fanvil publishes nothing about FDPS; this follows falconieri (and its newer fork) and a Wazo
client, and marks the sandbox's own choices "guess".

- HTTP Basic with the password sent as ``md5hex(md5hex(password))``; the plain password is 401.
- A phone is redirected through a group ("server") of the account: ``addMaterialServer`` creates
  one from ``cfgKey=value`` strings (``cfgName`` names it; ``cfgPfSrv``/``cfgPfName``/``cfgPfProt``
  say where the phone goes), ``registerDevice(mac, group)`` needs the group to exist
  (``Error:server_not_exist``), and ``deleteServer`` refuses while a phone is still in the group
  (the newer fork's observation; text ``Error:server_has_device`` is a guess).
- ``registerDevice`` refuses a MAC that is registered already, to anyone:
  ``Error: device_had_existed`` (note the space) -- hence deregister first.
- ``checkDevice(mac)`` (signature not public; guess): ``[true, <group>]`` for an own phone,
  ``[false, "Error:device_not_exist"]``, or ``[false, "Error: device_had_existed"]`` for another
  account's.
- Account flag ``newer_texts=True`` spells a missing group ``Error:server_not_existed`` (fork).
- Messages inside ``<string>``.
"""

from __future__ import annotations

import hashlib
import re
from typing import Any, ClassVar
from urllib.parse import urlsplit

from falconieri_desktop.sandbox.base import Account, Record
from falconieri_desktop.sandbox.http import Faults
from falconieri_desktop.sandbox.legacy import BadParams, XmlRpcSimulator, text_param

__all__ = ["FanvilSimulator"]

_MAC = re.compile(r"^[0-9A-Fa-f]{12}$")
_SERVER = re.compile(r"^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.\-_]+)(:\d{1,5})?$")
_SCHEMES = {"1": "ftp", "2": "tftp", "4": "http", "5": "https"}

OK = "OK"
MAC_FORMAT = "Error: mac_format_error"
URL_FORMAT = "Error: url_format_error"
DEVICE_EXISTS = "Error: device_had_existed"
DEVICE_ABSENT = "Error:device_not_exist"
GROUP_EXISTS = "Error:server_had_existed"
GROUP_IN_USE = "Error:server_has_device"


def _double_md5(text: str) -> str:
    once = hashlib.md5(text.encode("utf-8"), usedforsecurity=False).hexdigest()
    return hashlib.md5(once.encode("ascii"), usedforsecurity=False).hexdigest()


class FanvilSimulator(XmlRpcSimulator):
    """fdps.fanvil.com: deRegisterDevice, deleteServer, addMaterialServer, registerDevice, checkDevice."""

    provider = "fanvil"
    path = "/xmlrpc.php"
    realm = "FDPS"
    METHODS: ClassVar[dict[str, str]] = {
        "redirect.deRegisterDevice": "deregister_device",
        "redirect.deleteServer": "delete_server",
        "redirect.addMaterialServer": "add_material_server",
        "redirect.registerDevice": "register_device",
        "redirect.checkDevice": "check_device",
    }

    def __init__(self, *, user: str = "sandbox", secret: str | None = None, faults: Faults | None = None) -> None:
        #: owner -> group name -> its cfg* settings
        self.groups: dict[str, dict[str, dict[str, str]]] = {}
        super().__init__(user=user, secret=secret, faults=faults)

    def password_matches(self, account: Account, password: str) -> bool:
        return password == _double_md5(account.secret)

    def reset(self) -> None:
        super().reset()
        self.groups.clear()

    def own(self, mac: str, url: str = "https://old-pbx.example.com/provisioning/", *,
            owner: str | None = None, **fields: Any) -> Record:
        """Register ``mac`` with a group of its own, as falconieri leaves it."""
        group = mac.upper()
        parts = urlsplit(url)
        protocol = next((code for code, scheme in _SCHEMES.items() if scheme == parts.scheme), "5")
        config = {"cfgName": group, "cfgPfMode": "1", "cfgDhcpOpt": "false", "cfgPnpEnable": "false",
                  "cfgPfSrv": parts.netloc.rpartition("@")[2], "cfgPfName": parts.path.removeprefix("/"),
                  "cfgPfProt": protocol}
        record = super().own(mac, url, owner=owner, **fields)
        self.groups.setdefault(record.owner, {})[group] = config
        record.extra["group"] = group
        return record

    def group_url(self, config: dict[str, str]) -> str:
        """What the phone will fetch: only scheme, host[:port] and path survive."""
        return f"{_SCHEMES[config['cfgPfProt']]}://{config['cfgPfSrv']}/{config['cfgPfName']}"

    def _mac(self, account: Account, method: str, raw: Any) -> tuple[str | None, list[Any] | None]:
        text = text_param(raw).strip()
        if not _MAC.match(text):
            self.log_call(method, account.user, ok=False)
            return None, [False, MAC_FORMAT]
        return text.upper(), None

    def _group_absent(self, account: Account) -> str:
        return "Error:server_not_existed" if account.flags.get("newer_texts") else "Error:server_not_exist"

    def deregister_device(self, account: Account, mac_param: Any) -> Any:
        method = "redirect.deRegisterDevice"
        mac, refusal = self._mac(account, method, mac_param)
        if mac is None:
            return refusal
        if self.owner_of(mac) != account.user:
            self.log_call(method, account.user, mac, ok=False)
            return [False, DEVICE_ABSENT]
        del self.registry[mac]
        self.log_call(method, account.user, mac)
        return [True, OK]

    def delete_server(self, account: Account, name_param: Any) -> Any:
        method = "redirect.deleteServer"
        name = text_param(name_param).strip()
        groups = self.groups.get(account.user, {})
        if name not in groups:
            self.log_call(method, account.user, ok=False)
            return [False, self._group_absent(account)]
        if any(r.owner == account.user and r.extra.get("group") == name for r in self.registry.values()):
            self.log_call(method, account.user, ok=False)
            return [False, GROUP_IN_USE]
        del groups[name]
        self.log_call(method, account.user)
        return [True, OK]

    def add_material_server(self, account: Account, configs: Any) -> Any:
        method = "redirect.addMaterialServer"
        if not isinstance(configs, list):
            raise BadParams("expected an array of cfgKey=value strings")
        config: dict[str, str] = {}
        for item in configs:
            key, sep, value = text_param(item).partition("=")
            if not sep:
                raise BadParams(f"{item!r} is not cfgKey=value")
            config[key.strip()] = value.strip()
        name = config.get("cfgName", "")
        groups = self.groups.setdefault(account.user, {})
        problem = None
        if not name or name in groups:
            problem = GROUP_EXISTS if name else URL_FORMAT
        elif config.get("cfgPfProt") not in _SCHEMES or not _SERVER.match(config.get("cfgPfSrv", "")) \
                or any(ch.isspace() for ch in config.get("cfgPfName", "")):
            problem = URL_FORMAT
        if problem is not None:
            self.log_call(method, account.user, ok=False)
            return [False, problem]
        groups[name] = config
        self.log_call(method, account.user)
        return [True, OK]

    def register_device(self, account: Account, mac_param: Any, group_param: Any) -> Any:
        method = "redirect.registerDevice"
        group = text_param(group_param).strip()
        mac, refusal = self._mac(account, method, mac_param)
        if mac is None:
            return refusal
        config = self.groups.get(account.user, {}).get(group)
        problem = None
        if config is None:
            problem = self._group_absent(account)
        elif mac in self.registry:
            problem = DEVICE_EXISTS
        if problem is not None or config is None:
            self.log_call(method, account.user, mac, ok=False)
            return [False, problem]
        record = Record(mac, self.group_url(config), account.user, extra={"group": group})
        self.registry[mac] = record
        self.log_call(method, account.user, mac)
        return [True, OK]

    def check_device(self, account: Account, mac_param: Any) -> Any:
        method = "redirect.checkDevice"
        mac, refusal = self._mac(account, method, mac_param)
        if mac is None:
            return refusal
        record = self.registry.get(mac)
        self.log_call(method, account.user, mac, ok=record is not None and record.owner == account.user)
        if record is None:
            return [False, DEVICE_ABSENT]
        if record.owner != account.user:
            return [False, DEVICE_EXISTS]
        return [True, str(record.extra.get("group", ""))]
