"""Yealink's legacy RPS XML-RPC service ("XML API for RPS").

Wire facts (vendor-apis.md §3): ``https://api-dm.yealink.com:8443/xmlrpc``, HTTP Basic, answers
``[success, text]`` with the text as a bare ``<value>`` (Apache XML-RPC), MAC sent as
``AA-BB-CC-DD-EE-FF`` like falconieri (the service accepts four MAC forms, any case).

- register: ``redirect.registerDeviceWithUniqueUrl(mac, server_name, url, "1")`` -- a per-device
  URL under a named server, ``"1"`` = override an existing registration of this account.
- deregister: ``redirect.checkDevice`` first, then ``redirect.deRegisterDevice(mac)``. Like
  peoplefone we check first: the only documented deregister failure is "invalid MAC", so a phone
  that is not ours would otherwise surface as a wrong MAC.
- check: ``redirect.checkDevice(mac)`` -> ``registered`` (here), ``unregistered``/``unknown``
  (nowhere), ``registered elsewhere`` (another account). Presence only, no URL.
- probe: ``checkDevice`` of a MAC no phone has.

The server name (``server_name``, default ``Falconieri``) must be at most 20 characters of
``A-Z a-z 0-9 - _ .`` and space; it is checked before anything is sent.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from falconieri_desktop.core.devices import DeviceId, Operation, Outcome, Presence
from falconieri_desktop.core.errors import InputError, RefusedError, ResponseError
from falconieri_desktop.core.mac import MacStyle
from falconieri_desktop.core.urls import ProvisioningUrl
from falconieri_desktop.providers.base import Capabilities, OptionSpec, ProbeStep, ProviderInfo
from falconieri_desktop.providers.legacy import ErrorTable, LegacyXmlRpcProvider, rule

__all__ = ["DEFAULT_SERVER_NAME", "ERRORS", "YealinkProvider", "validate_server_name"]

DEFAULT_SERVER_NAME = "Falconieri"
_SERVER_NAME = re.compile(r"^[A-Za-z0-9 _.\-]{1,20}$")

#: Yealink's texts -> our codes (HTEK/Akuvox clones of the API, peoplefone, falconieri). Ignoring
#: case, except falconieri's owned-by-other guess, which relies on a lower-case MAC after "Error:".
#: ``Existing MAC(s): <mac>`` (already yours, only without override) is deliberately unmapped: with
#: override "1" it means the service did not do what was asked, and its own words say it best.
ERRORS: ErrorTable = (
    rule(r"^Error:\s*The url can only begin with", "malformed_url"),
    rule(r"^(Error:\s*)?Invalid MAC", "not_valid_mac_address"),  # "Error:Invalid MAC(s):<mac>", "Error:invalid mac"
    rule(r"Are you sure you want to override MAC", "device_owned_by_other_user"),
    rule(r"^Error:\s*Invalid server", "invalid_option"),
    rule(r"server name can only contain", "invalid_option"),
    rule(r"^Error:[a-z0-9]{10}", "device_owned_by_other_user", case_sensitive=True),
)

#: ``checkDevice`` answers (compared lower-cased, as peoplefone does).
_PRESENCE = {
    "registered": Presence.REGISTERED,
    "unregistered": Presence.NOT_REGISTERED,
    "unknown": Presence.NOT_REGISTERED,  # the service has never seen this MAC
    "registered elsewhere": Presence.OTHER_ACCOUNT,
}

_PROBE_MAC = "00-15-65-00-00-00"  # Yealink's OUI, device part zero: never a real phone


def validate_server_name(name: str) -> str:
    """The server name if Yealink will accept it, else ``InputError(invalid_option)``."""
    if not _SERVER_NAME.match(name) or not name.strip():
        raise InputError("invalid_option",
                         f"The Yealink server name {name[:40]!r} is not accepted: use 1 to 20 letters, digits, "
                         "spaces, '-', '_' or '.' (setting server_name / YEALINK_SERVER_NAME).")
    return name


class YealinkProvider(LegacyXmlRpcProvider):
    """Yealink legacy RPS: per-device URL register with override, deregister, check."""

    info = ProviderInfo(
        name="yealink",
        label="Yealink (XML-RPC)",
        vendor="yealink",
        protocol="xmlrpc",
        default_endpoint="https://api-dm.yealink.com:8443/xmlrpc",
        mac_style=MacStyle.DASHED_UPPER,
        capabilities=Capabilities(can_check=True, can_deregister=True, reveals_owner=True,
                                  default_concurrency=4),
        env_prefix="YEALINK",
        options=(
            OptionSpec("server_name", "Server name", default=DEFAULT_SERVER_NAME, env="YEALINK_SERVER_NAME",
                       help="RPS server the phones are listed under (at most 20 of A-Z a-z 0-9 - _ . and "
                            "space)."),
        ),
        placeholder_vendor="yealink",
    )
    ERRORS = ERRORS

    @property
    def server_name(self) -> str:
        return str(self.settings.option("server_name", DEFAULT_SERVER_NAME))

    def validate(self, device: DeviceId, operation: Operation = Operation.REGISTER) -> None:
        super().validate(device, operation)
        if operation is Operation.REGISTER:
            validate_server_name(self.server_name)

    async def _register(self, device: DeviceId, url: ProvisioningUrl) -> Outcome:
        method = "redirect.registerDeviceWithUniqueUrl"
        ok, message = await self.status(method, self.wire_mac(device), self.server_name, url.text, "1")
        if not ok:
            raise self.refusal(message, method)
        return self._outcome(Operation.REGISTER, device, url=url.text, vendor_reply=message,
                             details={"server_name": self.server_name})

    async def _deregister(self, device: DeviceId) -> Outcome:
        found = await self._check(device)
        for presence, code in ((Presence.NOT_REGISTERED, "not_registered"),
                               (Presence.OTHER_ACCOUNT, "device_owned_by_other_user")):
            if found.presence is presence:
                raise RefusedError(code, vendor_message=found.vendor_reply,
                                   details={"method": "redirect.checkDevice"})
        method = "redirect.deRegisterDevice"
        ok, message = await self.status(method, self.wire_mac(device))
        if not ok:
            raise self.refusal(message, method)
        return self._outcome(Operation.DEREGISTER, device, vendor_reply=message)

    async def _check(self, device: DeviceId) -> Outcome:
        method = "redirect.checkDevice"
        ok, message = await self.status(method, self.wire_mac(device))
        presence = _PRESENCE.get(" ".join(message.lower().split()))
        if presence is None:
            if not ok:
                raise self.refusal(message, method)
            raise ResponseError("unknown_response_from_provider",
                                f"{self.info.label} answered checkDevice with {message[:80]!r}.",
                                vendor_message=message[:500])
        return self._outcome(Operation.CHECK, device, presence=presence, vendor_reply=message)

    async def _probe(self) -> tuple[Sequence[str], Sequence[ProbeStep]]:
        await self.status("redirect.checkDevice", _PROBE_MAC)  # any [ok, text] answer: credentials work
        return ("register", "check", "deregister"), ()
