"""A Falconieri gateway as a backend: the technician needs no vendor credentials, only the gateway's.

falconieri's README is the contract::

    PUT {gateway}/providers/{provider}/{AA-BB-CC-DD-EE-FF}[?crc=XXXX]   {"url": "…"}
    200  empty body, or {"device_pin": "…" | null} for ymcs
    400  {"error": missing_mac_address | malformed_mac_address | missing_url | unable_to_parse_url |
                  unsupported_url_scheme | missing_mac-id_crc | invalid_mac-id_crc_format}
    404  {"error": "provider_not_supported"}
    500  {"error": connection_to_remote_provider_failed | provider_remote_call_failed | … |
                  device_owned_by_other_user | "unknown_provider_error: <vendor text>", "message": …}
    GET  {gateway}/health/check -> 200

Our error codes reuse falconieri's, so ``error`` maps 1:1 (``unknown_provider_error: text`` keeps
the text as the vendor message). HTTP Basic (NethVoice's ``SystemId:Secret``) is sent when a user
or password is configured.

The reference gateway has only PUT: a GET or DELETE on the same path falls through to its
empty 404. Check and deregister are attempted anyway (our own gateway mode will answer them with
the JSON shape of ``Outcome.to_dict``); a 404/405 without a JSON ``error`` means the gateway
cannot, and becomes ``operation_not_supported``. A device's serial number travels in the PUT body
as ``"serial"``: falconieri ignores unknown JSON fields, a gateway that knows it can use it.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from dataclasses import replace
from typing import Any
from urllib.parse import quote

from falconieri_desktop.core.devices import DeviceId, Operation, Outcome, Presence
from falconieri_desktop.core.errors import (
    ERROR_CODES,
    AuthenticationError,
    ConfigError,
    FalconieriError,
    InputError,
    RefusedError,
    ResponseError,
    error_from_code,
)
from falconieri_desktop.core.mac import Mac, MacStyle
from falconieri_desktop.core.texts import text
from falconieri_desktop.core.urls import ProvisioningUrl
from falconieri_desktop.providers.base import (
    Capabilities,
    OptionSpec,
    ProbeReport,
    ProbeStep,
    Provider,
    ProviderInfo,
)
from falconieri_desktop.providers.transport import HttpReply, parse_retry_after, raise_for_status

__all__ = ["GatewayProvider"]

log = logging.getLogger(__name__)

#: A locally administered MAC no phone carries: the probe asks the gateway about it to learn
#: whether it answers checks, without touching a real device.
_PROBE_MAC = Mac("020000000000")


def _json(reply: HttpReply) -> Any:
    try:
        return json.loads(reply.body) if reply.body.strip() else None
    except ValueError:
        return None


class GatewayProvider(Provider):
    """Registers through a Falconieri gateway (falconieri's API, or our own gateway mode)."""

    info = ProviderInfo(
        name="gateway",
        label="Falconieri gateway",
        vendor="falconieri",
        protocol="gateway",
        default_endpoint="",
        mac_style=MacStyle.DASHED_UPPER,
        # Check and deregister depend on the gateway; a reference gateway answers them with
        # operation_not_supported (see the module docstring).
        capabilities=Capabilities(can_check=True, can_deregister=True, max_batch=1, default_concurrency=4),
        env_prefix="FALCONIERI_GATEWAY",  # FALCONIERI_GATEWAY_URL/_USER/_PASSWORD (core.config.GATEWAY_ENV)
        endpoint_key="url",
        user_key="user",
        secret_key="password",
        user_label="User (System ID)",
        secret_label="Password (secret)",
        options=(OptionSpec("target_provider", "Provider behind the gateway",
                            help="The provider name the gateway should use (snom, ymcs, ...)."),),
    )

    @property
    def target(self) -> str:
        target = self.settings.option("target_provider")
        if not target:
            raise ConfigError("invalid_configuration",
                              "A Falconieri gateway call needs the provider it should use (target_provider).")
        return str(target)

    def _device_url(self, device: DeviceId) -> str:
        base = self.settings.endpoint.rstrip("/")
        return f"{base}/providers/{quote(self.target, safe='')}/{device.mac.format(MacStyle.DASHED_UPPER)}"

    def _auth(self) -> tuple[str, str] | None:
        if self.settings.user or self.settings.secret:
            return (self.settings.user, self.settings.secret)
        return None

    async def _call(self, method: str, url: str, *, body: dict[str, Any] | None = None,
                    params: dict[str, str] | None = None) -> HttpReply:
        headers = {"Accept": "application/json"}
        content = None
        if body is not None:
            content = json.dumps(body, separators=(",", ":")).encode()
            headers["Content-Type"] = "application/json"
        return await self._send(method, url, content=content, headers=headers, auth=self._auth(),
                                params=params)

    # -- the operations ----------------------------------------------------------------------

    async def _register(self, device: DeviceId, url: ProvisioningUrl) -> Outcome:
        body: dict[str, Any] = {"url": url.text}
        if device.serial:
            body["serial"] = device.serial
        reply = await self._call("PUT", self._device_url(device), body=body, params=_crc(device))
        if not 200 <= reply.status < 300:  # falconieri answers 200; accept any success of a newer gateway
            raise self._error(reply, "register")
        data = _json(reply)
        pin = data.get("device_pin") if isinstance(data, dict) else None
        return self._outcome(Operation.REGISTER, device, url=url.text, pin=str(pin) if pin else None,
                             details={"via": "gateway", "target": self.target})

    async def _check(self, device: DeviceId) -> Outcome:
        reply = await self._call("GET", self._device_url(device), params=_crc(device))
        data = _json(reply)
        if reply.status == 200 and isinstance(data, dict):
            presence = data.get("presence")
            try:
                found = Presence(presence) if presence else Presence.UNKNOWN
            except ValueError:
                found = Presence.UNKNOWN
            url = data.get("url")
            return self._outcome(Operation.CHECK, device, presence=found, url=str(url) if url else None,
                                 owner=data.get("owner") or None, pin=data.get("pin") or None,
                                 details={"via": "gateway", "target": self.target})
        if reply.status == 404 and isinstance(data, dict) and data.get("error") == "not_registered":
            return self._outcome(Operation.CHECK, device, presence=Presence.NOT_REGISTERED,
                                 details={"via": "gateway", "target": self.target})
        if 200 <= reply.status < 300:
            raise ResponseError("unknown_response_from_provider",
                                "The gateway answered the check with something that is not the expected JSON.")
        raise self._error(reply, "check")

    async def _deregister(self, device: DeviceId) -> Outcome:
        reply = await self._call("DELETE", self._device_url(device), params=_crc(device))
        if reply.status in (200, 204):
            return self._outcome(Operation.DEREGISTER, device, details={"via": "gateway", "target": self.target})
        raise self._error(reply, "deregister")

    async def _probe(self) -> tuple[Sequence[str], Sequence[ProbeStep]]:
        base = self.settings.endpoint.rstrip("/")
        reply = await self._call("GET", f"{base}/health/check")
        if reply.status != 200:
            raise self._error(reply, "probe")
        steps = [ProbeStep("gateway", True, text("The gateway answered its health check."))]
        can = ["register"]
        try:
            await self._check(DeviceId(_PROBE_MAC))
        except FalconieriError as exc:
            if exc.code not in ("operation_not_supported", "not_registered"):
                log.info("gateway check probe: %s", exc.code)
        else:
            can += ["check", "deregister"]
        return can, steps

    async def probe(self) -> ProbeReport:
        report = await super().probe()
        target = self.settings.option("target_provider") or "?"
        note = ("A gateway's health check does not prove the credentials: the first registration will. "
                f"Phones are registered through the gateway's {target!r} provider.")
        if "register" in report.can and "check" not in report.can:
            note += " This gateway cannot check or remove registrations."
        return replace(report, warnings=(*report.warnings, note))

    # -- errors ------------------------------------------------------------------------------------

    def _error(self, reply: HttpReply, operation: str) -> FalconieriError:
        data = _json(reply)
        raw_code = str(data.get("error") or "") if isinstance(data, dict) else ""
        message = str(data.get("message") or "") if isinstance(data, dict) else ""
        # falconieri writes unknown vendor errors as "unknown_provider_error: <vendor text>".
        code, _, inline = raw_code.partition(":")
        code = code.strip()
        vendor = (message or inline.strip()) or None
        details = {"via": "gateway", "http_status": reply.status}
        if reply.status == 401:
            return AuthenticationError("authentication_failed",
                                       "The Falconieri gateway refused the credentials (HTTP 401).",
                                       vendor_message=vendor, details=details)
        if code == "provider_not_supported":
            return ConfigError(code, f"The gateway does not offer the {self.target!r} provider (unknown or "
                                     "disabled there).", vendor_message=vendor, details=details)
        if code in ERROR_CODES:
            return error_from_code(code, vendor_message=vendor, details=details,
                                   retry_after=parse_retry_after(reply.headers.get("Retry-After")))
        if reply.status in (404, 405) and not code:
            if operation in ("check", "deregister"):
                return RefusedError("operation_not_supported",
                                    f"This Falconieri gateway cannot {operation} devices (it only registers).",
                                    details=details)
            return ResponseError("unknown_response_from_provider",
                                 f"{self.settings.endpoint} does not look like a Falconieri gateway "
                                 f"(HTTP {reply.status} on /providers); check the gateway URL.", details=details)
        if code and reply.status == 400:  # an input code we do not know: still the input's fault
            return InputError("invalid_option", f"The gateway refused the request as invalid ({code}).",
                              vendor_message=vendor or raw_code, details=details)
        if code:  # a code we do not know: keep it for the technician, refuse definitively
            return RefusedError("unknown_provider_error", f"The gateway answered {code!r}.",
                                vendor_message=vendor or raw_code, details=details)
        try:
            raise_for_status(reply, ok=(), vendor_message=vendor)
        except FalconieriError as exc:
            exc.details.update(details)
            return exc
        raise AssertionError("raise_for_status(ok=()) always raises")  # pragma: no cover


def _crc(device: DeviceId) -> dict[str, str] | None:
    """Gigaset's MAC-ID code travels as ``?crc=`` on every operation, as falconieri defines it."""
    return {"crc": device.crc} if device.crc else None
