"""Fanvil's FDPS XML-RPC redirect service.

Wire facts (vendor-apis.md §4; no public Fanvil documentation exists): ``/xmlrpc.php``, HTTP Basic
with the password sent as ``md5hex(md5hex(password))``, answers ``[success, text]`` with the text
inside ``<string>``. A phone is redirected through a "server" (= group) holding the provisioning
host, path and protocol; like falconieri we give every phone its own group, named after its MAC,
because group names are short.

- register: ``redirect.deRegisterDevice(mac)`` (answer ignored) -> ``redirect.deleteServer(mac)``
  (``server_not_exist``/``server_not_existed`` are fine) -> ``redirect.addMaterialServer([...])`` ->
  ``redirect.registerDevice(mac, mac)``. Deregistering first works whether or not the service
  refuses to delete a group that still has a device (newer falconieri fork). Not atomic: when a
  later step fails after an earlier one removed the old registration, the error says so; when the
  vendor refuses the final step, the group just created is deleted again (best effort).
- deregister: ``redirect.deRegisterDevice(mac)``, then ``redirect.deleteServer(mac)`` of its group.
- check: ``redirect.checkDevice(mac)``. Its signature is not public (only its name, in a Fanvil
  test script). **Assumed** here and in the sandbox: one MAC parameter; ``[true, <group name>]``
  when registered to this account, ``[false, "Error:device_not_exist"]`` when not registered,
  ``[false, "Error: device_had_existed"]`` when another account has it. Presence only.
- probe: ``checkDevice`` of a MAC no phone has.

The phone receives host and path only: query string, fragment and ``user:pass@`` are dropped
(``keeps_only_host_and_path`` makes the base class warn about it).
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Sequence

from falconieri_desktop.core.devices import DeviceId, Operation, Outcome, Presence
from falconieri_desktop.core.errors import FalconieriError, ProviderError, RefusedError
from falconieri_desktop.core.mac import MacStyle
from falconieri_desktop.core.urls import ProvisioningUrl
from falconieri_desktop.providers.base import Capabilities, ProbeStep, ProviderInfo
from falconieri_desktop.providers.legacy import ErrorTable, LegacyXmlRpcProvider, rule, with_previous_removed

__all__ = ["ERRORS", "PROTOCOLS", "FanvilProvider", "fanvil_password", "material_server_config"]

log = logging.getLogger(__name__)

#: Fanvil's texts -> our codes (falconieri's utils.go; note the space after "Error:" in the first
#: three, tolerated either way).
ERRORS: ErrorTable = (
    rule(r"^Error:\s*device_had_existed", "device_owned_by_other_user"),
    rule(r"^Error:\s*mac_format_error", "not_valid_mac_address"),
    rule(r"^Error:\s*url_format_error", "malformed_url"),
    rule(r"^Error:\s*device_not_exist", "not_registered"),
)

#: ``deleteServer`` of a group that is not there: the state we wanted (both spellings seen).
_GROUP_ABSENT = re.compile(r"^Error:\s*server_not_exist(ed)?\b", re.IGNORECASE)

#: ``cfgPfProt`` values: the phone's provisioning protocol.
PROTOCOLS = {"ftp": "1", "tftp": "2", "http": "4", "https": "5"}

_PROBE_MAC = "0C383E000000"  # Fanvil's OUI, device part zero: never a real phone


def fanvil_password(password: str) -> str:
    """What FDPS expects as the HTTP Basic password: lower-case hex MD5 of the hex MD5."""
    once = hashlib.md5(password.encode("utf-8"), usedforsecurity=False).hexdigest()
    return hashlib.md5(once.encode("ascii"), usedforsecurity=False).hexdigest()


def material_server_config(group: str, url: ProvisioningUrl) -> list[str]:
    """The ``addMaterialServer`` strings, in falconieri's order."""
    host = f"[{url.host}]" if ":" in url.host else url.host  # an IPv6 literal keeps its brackets
    server = f"{host}:{url.port}" if url.port is not None else host
    return [
        f"cfgName={group}",
        "cfgPfMode=1",  # apply the configuration after the reboot
        "cfgDhcpOpt=false",  # no DHCP-option provisioning
        "cfgPnpEnable=false",  # no PnP provisioning
        f"cfgPfSrv={server}",
        f"cfgPfName={url.path.removeprefix('/')}",
        f"cfgPfProt={PROTOCOLS[url.scheme]}",
    ]


class FanvilProvider(LegacyXmlRpcProvider):
    """Fanvil FDPS: per-phone group, register (delete-then-add), deregister, check (assumed API)."""

    info = ProviderInfo(
        name="fanvil",
        label="Fanvil (FDPS)",
        vendor="fanvil",
        protocol="xmlrpc",
        default_endpoint="https://fdps.fanvil.com/xmlrpc.php",
        mac_style=MacStyle.BARE_UPPER,
        capabilities=Capabilities(can_check=True, can_deregister=True, default_concurrency=2,
                                  override_is_destructive=True),
        env_prefix="FANVIL",
        keeps_only_host_and_path=True,
        placeholder_vendor="fanvil",
    )
    ERRORS = ERRORS

    def wire_password(self, secret: str) -> str:
        return fanvil_password(secret)

    async def _register(self, device: DeviceId, url: ProvisioningUrl) -> Outcome:
        mac = self.wire_mac(device)
        removed = False
        try:
            # A refusal here means "not ours or not there"; the steps below say which matters.
            # Only this step can lose a working redirection (a group without its phone is inert).
            removed = (await self.status("redirect.deRegisterDevice", mac))[0]
            ok, message = await self.status("redirect.deleteServer", mac)
            if not ok and not _GROUP_ABSENT.match(message.strip()):
                raise self.refusal(message, "redirect.deleteServer")

            method = "redirect.addMaterialServer"
            ok, message = await self.status(method, material_server_config(mac, url))
            if not ok:
                raise self.refusal(message, method)

            method = "redirect.registerDevice"
            ok, message = await self.status(method, mac, mac)
            if not ok:
                await self._drop_group(mac)  # the vendor refused: leave no empty group behind
                raise self.refusal(message, method)
        except FalconieriError as exc:
            if removed:
                raise with_previous_removed(exc) from None
            raise
        details = {"group": mac, **({"previous_registration_removed": True} if removed else {})}
        return self._outcome(Operation.REGISTER, device, url=url.text, vendor_reply=message, details=details)

    async def _drop_group(self, group: str) -> None:
        try:
            await self.status("redirect.deleteServer", group)
        except ProviderError as exc:
            log.info("could not delete the empty Fanvil group %s: %s", group, exc.code)

    async def _deregister(self, device: DeviceId) -> Outcome:
        mac = self.wire_mac(device)
        method = "redirect.deRegisterDevice"
        ok, message = await self.status(method, mac)
        if not ok:
            raise self.refusal(message, method)
        warnings: tuple[str, ...] = ()
        try:
            group_ok, group_message = await self.status("redirect.deleteServer", mac)
        except ProviderError as exc:
            group_ok, group_message = False, exc.message
        if not group_ok and not _GROUP_ABSENT.match(group_message.strip()):
            warnings = (f"The phone was deregistered, but its group {mac} could not be deleted "
                        f"({group_message[:120]}); delete it in the FDPS portal if it bothers you.",)
        return self._outcome(Operation.DEREGISTER, device, vendor_reply=message, warnings=warnings)

    async def _check(self, device: DeviceId) -> Outcome:
        method = "redirect.checkDevice"
        ok, message = await self.status(method, self.wire_mac(device))
        if ok:
            return self._outcome(Operation.CHECK, device, presence=Presence.REGISTERED, vendor_reply=message,
                                 details={"group": message.strip()} if message.strip() else {})
        presence = self.presence_from_refusal(message, method)
        return self._outcome(Operation.CHECK, device, presence=presence, vendor_reply=message)

    async def _probe(self) -> tuple[Sequence[str], Sequence[ProbeStep]]:
        try:
            await self.status("redirect.checkDevice", _PROBE_MAC)
        except RefusedError:  # a fault: the account lacks checkDevice, but the credentials worked
            return ("register", "deregister"), ()
        return ("register", "check", "deregister"), ()
