"""Snom's legacy XML-RPC redirection service (RDS, now served by SRAPS).

Wire facts (vendor-apis.md §1): ``https://secure-provisioning.snom.com:8083/xmlrpc/`` -- the
trailing slash is mandatory -- HTTP Basic, ``Content-Type: text/xml``, every method prefixed
``redirect.``, MAC as 12 hex digits (we send upper case, like falconieri), answers
``[success, "Ok" | "Error:<reason>"]`` with the message inside ``<string>``.

- register: ``redirect.registerPhone(mac, url)``. Overriding an own registration is a plain
  re-register (falconieri relies on it too).
- deregister: ``redirect.deregisterPhone(mac)``.
- check: ``redirect.getPhoneRedirection(mac)`` answers ``[true, company, url]`` for a phone of
  this account (an empty URL means "not redirected") and ``[false, "Error:…"]`` otherwise. Old
  accounts that lack the method (an XML-RPC fault) fall back to ``redirect.checkPhone``, which
  tells presence but not the URL.
- probe: ``network.echo("ping")``, the credentials test of Snom's own console.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from urllib.parse import urlsplit

from falconieri_desktop.core.devices import DeviceId, Operation, Outcome, Presence
from falconieri_desktop.core.errors import RefusedError, TransportError
from falconieri_desktop.core.mac import MacStyle
from falconieri_desktop.core.urls import ProvisioningUrl
from falconieri_desktop.providers.base import Capabilities, ProbeStep, ProviderInfo
from falconieri_desktop.providers.legacy import ErrorTable, LegacyXmlRpcProvider, rule
from falconieri_desktop.providers.xmlrpc import as_status_pair

__all__ = ["ERRORS", "SnomProvider"]

#: Snom's texts -> our codes (SWIKI, peoplefone and Snom's console agree; compared ignoring case).
ERRORS: ErrorTable = (
    rule(r"^Error:\s*owned_by_other_user", "device_owned_by_other_user"),
    rule(r"^Error:\s*malformed_url", "malformed_url"),
    rule(r"^Error:\s*malformed_mac", "not_valid_mac_address"),
    rule(r"^Error:\s*no_such_mac", "not_registered"),
)


class SnomProvider(LegacyXmlRpcProvider):
    """Snom legacy XML-RPC: register, deregister, check with read-back of the URL."""

    info = ProviderInfo(
        name="snom",
        label="Snom (XML-RPC)",
        vendor="snom",
        protocol="xmlrpc",
        default_endpoint="https://secure-provisioning.snom.com:8083/xmlrpc/",
        mac_style=MacStyle.BARE_UPPER,
        capabilities=Capabilities(can_check=True, can_deregister=True, check_reads_url=True,
                                  reveals_owner=True, default_concurrency=4),
        env_prefix="SNOM",
        placeholder_vendor="snom",
    )
    ERRORS = ERRORS

    async def call(self, method: str, *params: Any) -> Any:
        try:
            return await super().call(method, *params)
        except TransportError as exc:
            # The most common setup mistake: Snom answers 404 without the trailing slash.
            path = urlsplit(self.settings.endpoint).path
            if exc.details.get("http_status") == 404 and not path.endswith("/"):
                raise TransportError(
                    exc.code, f"{exc.message} Snom's endpoint must end with a slash, e.g. "
                    f"{self.info.default_endpoint}", retryable=False, vendor_message=exc.vendor_message,
                    details=exc.details) from None
            raise

    async def _register(self, device: DeviceId, url: ProvisioningUrl) -> Outcome:
        method = "redirect.registerPhone"
        ok, message = await self.status(method, self.wire_mac(device), url.text)
        if not ok:
            raise self.refusal(message, method)
        return self._outcome(Operation.REGISTER, device, url=url.text, vendor_reply=message)

    async def _deregister(self, device: DeviceId) -> Outcome:
        method = "redirect.deregisterPhone"
        ok, message = await self.status(method, self.wire_mac(device))
        if not ok:
            raise self.refusal(message, method)
        return self._outcome(Operation.DEREGISTER, device, vendor_reply=message)

    async def _check(self, device: DeviceId) -> Outcome:
        method = "redirect.getPhoneRedirection"
        try:
            result = await self.call(method, self.wire_mac(device))
        except RefusedError:  # an XML-RPC fault: this account's service lacks the method
            return await self._check_phone(device)
        ok, message = as_status_pair(result, host=self.host)
        if not ok:
            presence = self.presence_from_refusal(message, method)
            return self._outcome(Operation.CHECK, device, presence=presence, vendor_reply=message)
        if len(result) < 3:  # not the documented [true, company, url]: ask the simpler method
            return await self._check_phone(device)
        company = message.strip() or None
        target = "" if result[2] is None else str(result[2]).strip()
        # A phone known to this account without a redirection URL is not redirected anywhere.
        presence = Presence.REGISTERED if target else Presence.NOT_REGISTERED
        return self._outcome(Operation.CHECK, device, presence=presence, url=target or None, owner=company,
                             vendor_reply=message)

    async def _check_phone(self, device: DeviceId) -> Outcome:
        method = "redirect.checkPhone"
        ok, message = await self.status(method, self.wire_mac(device))
        presence = Presence.REGISTERED if ok else self.presence_from_refusal(message, method)
        return self._outcome(Operation.CHECK, device, presence=presence, vendor_reply=message)

    async def _probe(self) -> tuple[Sequence[str], Sequence[ProbeStep]]:
        await self.call("network.echo", "ping")
        return ("register", "check", "deregister"), ()
