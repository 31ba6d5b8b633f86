"""Gigaset's legacy XML-RPC redirect service (prov.gigaset.net).

Wire facts (vendor-apis.md §2): ``https://prov.gigaset.net/apxml/rpc.do``, HTTP Basic, answers
``[success, text]`` with the text as a bare ``<value>`` and failures spelled ``<reason>:<mac>``.
Phones are named by their MAC-ID ``MAC-CODE`` (the 4-character code on the label proves
possession); an account may be allowed bare MACs (``disable_crc``, as in falconieri).

- register: ``autoprov.deregisterDevice(macid)`` then ``autoprov.registerDevice(macid, url,
  provider_name)``. The service refuses to register a MAC-ID that is registered already, even to
  this account, so an override is delete-then-add (falconieri does the same). That is not atomic:
  when the add fails after the delete removed the old entry, the error says so.
- deregister: ``autoprov.deregisterDevice(macid)``.
- check: ``autoprov.checkDevice(macid)`` -- presence only, no URL, and no owner either: a phone of
  another account looks "not found" except at register time (``mac_already_in_use``).
- probe: ``checkDevice`` of a MAC-ID no phone has.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from falconieri_desktop.core.config import parse_bool
from falconieri_desktop.core.devices import DeviceId, Operation, Outcome, Presence
from falconieri_desktop.core.errors import FalconieriError, ResponseError
from falconieri_desktop.core.mac import MacStyle
from falconieri_desktop.core.urls import ProvisioningUrl
from falconieri_desktop.providers.base import Capabilities, OptionSpec, ProbeStep, ProviderInfo
from falconieri_desktop.providers.legacy import ErrorTable, LegacyXmlRpcProvider, rule, with_previous_removed

__all__ = ["DEFAULT_PROVIDER_NAME", "ERRORS", "GigasetProvider"]

DEFAULT_PROVIDER_NAME = "Falconieri"

#: Gigaset's texts (``<reason>:<mac>``) -> our codes (falconieri + peoplefone; ignoring case).
ERRORS: ErrorTable = (
    rule(r"^mac_already_in_use:", "device_owned_by_other_user"),
    rule(r"^url_invalid:", "malformed_url"),
    rule(r"^mac_not_exist:", "not_valid_mac_address"),  # unknown MAC-ID: wrong code or not a Gigaset MAC
    rule(r"^mac_invalid:", "not_valid_mac_address"),
    rule(r"^mac_not_found:", "not_registered"),
    rule(r"^name_invalid:", "invalid_option"),  # the provider name
)

_PROBE_MAC = "7C2F80000000"  # Gigaset's OUI, device part zero: never a real phone
_PROBE_CODE = "0000"


class GigasetProvider(LegacyXmlRpcProvider):
    """Gigaset legacy XML-RPC: MAC-ID based register (delete-then-add), deregister, check."""

    info = ProviderInfo(
        name="gigaset",
        label="Gigaset (XML-RPC)",
        vendor="gigaset",
        protocol="xmlrpc",
        default_endpoint="https://prov.gigaset.net/apxml/rpc.do",
        mac_style=MacStyle.BARE_UPPER,
        capabilities=Capabilities(can_check=True, can_deregister=True, needs_crc=True,
                                  default_concurrency=4, override_is_destructive=True),
        env_prefix="GIGASET",
        options=(
            OptionSpec("provider_name", "Provider name", default=DEFAULT_PROVIDER_NAME,
                       env="GIGASET_PROVIDER_NAME",
                       help="Name the redirect portal shows as the registration's provider/profile."),
            OptionSpec("disable_crc", "Send bare MACs", kind=bool, default=False, env="GIGASET_DISABLE_CRC",
                       help="For accounts Gigaset allows to register without the MAC-ID code."),
        ),
        placeholder_vendor="gigaset",
    )
    ERRORS = ERRORS

    @property
    def crc_disabled(self) -> bool:
        return parse_bool(self.settings.option("disable_crc", False)) is True

    @property
    def capabilities(self) -> Capabilities:
        caps = self.info.capabilities
        return replace(caps, needs_crc=False) if self.crc_disabled else caps

    @property
    def provider_name(self) -> str:
        return str(self.settings.option("provider_name", DEFAULT_PROVIDER_NAME))

    def mac_id(self, device: DeviceId) -> str:
        """``MAC-CODE``, or the bare MAC when the account sends MACs without the code."""
        mac = self.wire_mac(device)
        return mac if self.crc_disabled or not device.crc else f"{mac}-{device.crc}"

    async def _register(self, device: DeviceId, url: ProvisioningUrl) -> Outcome:
        mac_id = self.mac_id(device)
        try:
            removed: bool | None = (await self.status("autoprov.deregisterDevice", mac_id))[0]
        except ResponseError:  # falconieri ignores this answer; we only lose the "was removed" detail
            removed = None
        method = "autoprov.registerDevice"
        try:
            ok, message = await self.status(method, mac_id, url.text, self.provider_name)
            if not ok:
                raise self.refusal(message, method)
        except FalconieriError as exc:
            if removed is False:
                raise
            raise with_previous_removed(exc, certain=bool(removed)) from None
        details = {"previous_registration_removed": True} if removed else {}
        return self._outcome(Operation.REGISTER, device, url=url.text, vendor_reply=message, details=details)

    async def _deregister(self, device: DeviceId) -> Outcome:
        method = "autoprov.deregisterDevice"
        ok, message = await self.status(method, self.mac_id(device))
        if not ok:
            raise self.refusal(message, method)
        return self._outcome(Operation.DEREGISTER, device, vendor_reply=message)

    async def _check(self, device: DeviceId) -> Outcome:
        method = "autoprov.checkDevice"
        ok, message = await self.status(method, self.mac_id(device))
        # peoplefone: found when the flag is true or the text is the MAC itself.
        if ok or message.strip()[:12].upper() == device.mac.value:
            presence = Presence.REGISTERED
        else:
            presence = self.presence_from_refusal(message, method)
        return self._outcome(Operation.CHECK, device, presence=presence, vendor_reply=message)

    async def _probe(self) -> tuple[Sequence[str], Sequence[ProbeStep]]:
        probe_id = _PROBE_MAC if self.crc_disabled else f"{_PROBE_MAC}-{_PROBE_CODE}"
        await self.status("autoprov.checkDevice", probe_id)  # any [ok, text] answer: credentials work
        return ("register", "check", "deregister"), ()
