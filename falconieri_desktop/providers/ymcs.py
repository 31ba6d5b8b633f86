"""Yealink Management Cloud Service v2 ("RPS" part): OAuth2 client credentials and JSON over POST.

Wire facts (vendor-apis.md §5, field-notes.md §3 "Yealink"):

* ``POST {base}/v2/token`` with Basic ``client_id:client_secret`` and
  ``{"grant_type":"client_credentials"}`` gives a Bearer token for ``expires_in`` seconds. It is
  cached per provider instance (one account) until ``expires_in − 60 s`` and fetched under one
  ``asyncio.Lock``, so a burst of first requests fetches *one* token; a 401/900401/900440 answer
  refreshes it once.
* Every call carries a fresh ``timestamp`` (ms) and ``nonce``: YMCS rejects a replayed nonce
  (403 500403). A bodyless POST is refused (412 900444), so bodyless calls send ``{}``.
* ``addDevicesByMac`` takes up to 100 devices and answers 200 with per-device failures in
  ``errors[].errorInfo`` (a code such as ``800004`` or a key such as ``device.mac.invalid``).
  Yealink enables it per account; elsewhere it answers 403 900403 and registration needs the
  phone's serial number (``POST /v2/rps/devices``).

Register is "add first": only a device YMCS says already exists (800003) is deleted and added
again, so a failed add never removes a registration that was not going to be replaced
(falconieri deletes every device first). PINs are fetched once per batch; no PIN is not an error.
"""

from __future__ import annotations

import asyncio
import base64
import email.utils
import json
import logging
import secrets
import time
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

import httpx

from falconieri_desktop.core.devices import DeviceId, Operation, Outcome, Presence
from falconieri_desktop.core.errors import (
    AuthenticationError,
    FalconieriError,
    InputError,
    RateLimitedError,
    RefusedError,
    ResponseError,
    error_from_code,
)
from falconieri_desktop.core.mac import MacStyle
from falconieri_desktop.core.redaction import register_secret
from falconieri_desktop.core.texts import text
from falconieri_desktop.core.urls import ProvisioningUrl
from falconieri_desktop.providers.base import (
    Capabilities,
    OptionSpec,
    ProbeReport,
    ProbeStep,
    Provider,
    ProviderInfo,
    ProviderSettings,
)
from falconieri_desktop.providers.transport import DEFAULT_MAX_BODY, HttpReply, parse_retry_after, raise_for_status

__all__ = ["MAX_BATCH", "YMCS_ERRORS", "YmcsProvider"]

log = logging.getLogger(__name__)

#: YMCS code or ``errorInfo`` key -> (our error code, what YMCS means). vendor-apis.md §5.
YMCS_ERRORS: dict[str, tuple[str, str]] = {
    "800001": ("not_valid_mac_address", "Invalid MAC"),
    "device.mac.invalid": ("not_valid_mac_address", "Invalid MAC"),
    "800002": ("not_valid_serial_number", "Invalid SN"),
    "device.sn.invalid": ("not_valid_serial_number", "Invalid SN"),
    # 800003 is handled by deleting and adding again; seen twice, it is reported as is.
    "800003": ("unknown_provider_error", "Resource already exists"),
    "800004": ("device_owned_by_other_user", "Device already managed by another organization"),
    "800005": ("not_valid_mac_address", "Device type is invalid"),
    "800200": ("not_valid_mac_address", "Device type is invalid"),
    "800006": ("unknown_provider_error", "Batch size exceeds limit"),
    "800007": ("unknown_provider_error", "Invalid parameters"),
    "800008": ("unknown_provider_error", "Data exceeds limit"),
    "70011": ("authentication_failed", "Invalid grant_type"),
    "900400": ("unknown_provider_error", "Request parameters are incorrect or missing"),
    "900401": ("authentication_failed", "Not logged in or session expired"),
    "900403": ("account_lacks_permission", "Request forbidden"),
    "900404": ("unknown_provider_error", "Resource not found"),
    "900408": ("provider_timeout", "Request timed out"),
    "900409": ("unknown_provider_error", "Request conflict"),
    "900412": ("provider_remote_call_failed", "Concurrent editing error"),
    "900429": ("rate_limited", "Too many requests"),
    "900440": ("authentication_failed", "Session expired"),
    "900444": ("unknown_provider_error", "Request body missing"),
    "500403": ("unknown_provider_error", "Replayed nonce or timestamp out of range"),
    "900500": ("provider_remote_call_failed", "Server busy, try again later"),
    "900501": ("unknown_provider_error", "Operation not supported"),
    "900502": ("provider_remote_call_failed", "Bad gateway"),
    "900503": ("provider_remote_call_failed", "Service unavailable"),
    "900504": ("provider_remote_call_failed", "Gateway timeout"),
    "900511": ("provider_remote_call_failed", "Internal server error"),
    "900599": ("provider_remote_call_failed", "Unknown server error"),
}

#: Texts YMCS (or an older API version) may use instead of a code, lower-case -> the code.
_TEXT_CODES: tuple[tuple[str, str], ...] = (
    ("device already managed", "800004"),
    ("another organization", "800004"),
    ("resource already exists", "800003"),
    ("mac.invalid", "800001"),
    ("sn.invalid", "800002"),
)

_EXISTS = "800003"
_SESSION_CODES = frozenset({"900401", "900440"})
_CLOCK_CODE = "500403"
MAX_BATCH = 100  # addDevicesByMac's limit (800006 above)
_LIST_LIMIT = 100  # listDevices' page cap
_CLOCK_TOLERANCE = 30.0  # seconds of skew that cannot explain a 500403


class _MacOnlyForbidden(Exception):
    """addDevicesByMac answered 403: the account must register with serial numbers."""


def _vendor_key(info: str) -> str:
    """A table key for an ``errorInfo`` or ``code``: the code itself, a known key, or a text match."""
    text = info.strip()
    if text in YMCS_ERRORS:
        return text
    lowered = text.lower()
    for needle, code in _TEXT_CODES:
        if needle in lowered:
            return code
    return text


def _json(reply: HttpReply) -> Any:
    try:
        return json.loads(reply.body)
    except ValueError:
        return None


def _vendor_code(data: Any) -> str:
    if isinstance(data, dict):
        code = data.get("code")
        if code is not None and str(code) not in ("", "900200"):
            return str(code)
    return ""


def _clean_mac(text: Any) -> str:
    return "".join(ch for ch in str(text or "") if ch not in ":-. ").lower()


class YmcsProvider(Provider):
    """Yealink YMCS v2: batches of 100 by MAC, or one by one with the serial number."""

    info = ProviderInfo(
        name="ymcs",
        label="Yealink YMCS (REST)",
        vendor="yealink",
        protocol="rest",
        default_endpoint="https://eu-api.ymcs.yealink.com",
        mac_style=MacStyle.BARE_LOWER,
        capabilities=Capabilities(can_check=True, can_deregister=True, check_reads_url=True,
                                  max_batch=MAX_BATCH, default_concurrency=4, override_is_destructive=True),
        env_prefix="YMCS",
        endpoint_key="base_url",
        user_key="client_id",
        secret_key="client_secret",
        user_label="Client ID (AccessKey ID)",
        secret_label="Client secret (AccessKey Secret)",
        options=(
            OptionSpec("register_by_serial", "Register with serial numbers", kind=bool, default=False,
                       help="The account may not add devices by MAC alone (Yealink enables addDevicesByMac "
                            "on request): register each phone with its serial number."),
        ),
        placeholder_vendor="yealink",
    )

    def __init__(self, settings: ProviderSettings, client: httpx.AsyncClient, *,
                 total_timeout: float = 90.0, max_body: int = DEFAULT_MAX_BODY) -> None:
        super().__init__(settings, client, total_timeout=total_timeout, max_body=max_body)
        self._base = settings.endpoint.rstrip("/")
        self._token: str | None = None
        self._token_valid_until = 0.0  # time.monotonic()
        self._token_lock = asyncio.Lock()
        self._clock_offset = 0.0  # server time - our time, learnt from a 500403 answer's Date
        # None: not known yet; True: addDevicesByMac worked; False: forbidden, serials needed.
        self._mac_only: bool | None = False if settings.option("register_by_serial") else None

    @property
    def capabilities(self) -> Capabilities:
        caps = self.info.capabilities
        if self._mac_only is False:
            return replace(caps, needs_serial=True)
        return caps

    # -- the operations ----------------------------------------------------------------------

    async def _register(self, device: DeviceId, url: ProvisioningUrl) -> Outcome:
        result = (await self._register_batch([(device, url)]))[0]
        if isinstance(result, FalconieriError):
            raise result
        return result

    async def register_many(
        self, items: Sequence[tuple[DeviceId, ProvisioningUrl]]
    ) -> list[Outcome | FalconieriError]:
        """Register in calls of up to 100 devices; one result per item, in order."""
        results: list[Outcome | FalconieriError | None] = [None] * len(items)
        pending: list[int] = []
        for index, (device, _url) in enumerate(items):
            try:
                self.validate(device, Operation.REGISTER)
            except InputError as exc:
                results[index] = exc
            else:
                pending.append(index)
        for start in range(0, len(pending), MAX_BATCH):
            chunk = pending[start:start + MAX_BATCH]
            try:
                answers = await self._register_batch([items[i] for i in chunk])
            except FalconieriError as exc:  # the call itself failed: it failed for every device in it
                answers = [exc] * len(chunk)
            for index, answer in zip(chunk, answers, strict=True):
                results[index] = (self._with_warnings(answer, self.url_warnings(items[index][1]))
                                  if isinstance(answer, Outcome) else answer)
        return [r for r in results if r is not None]

    async def _deregister(self, device: DeviceId) -> Outcome:
        mac = device.mac.format(MacStyle.BARE_LOWER)
        _reply, data = await self._post("/v2/rps/delDevices", {"deviceIdType": "mac", "deviceIds": [mac]})
        if not isinstance(data, dict):
            raise self._unreadable("delDevices")
        if int(data.get("successCount") or 0) >= 1:
            return self._outcome(Operation.DEREGISTER, device)
        errors = data.get("errors") or []
        reason = "; ".join(str(e.get("msg") or e.get("message") or "") for e in errors if isinstance(e, dict))
        raise RefusedError("not_registered", "YMCS has no device with this MAC in this organisation.",
                           vendor_message=reason or None)

    async def _check(self, device: DeviceId) -> Outcome:
        mac = device.mac.format(MacStyle.BARE_LOWER)
        _reply, data = await self._post("/v2/rps/listDevices",
                                        {"skip": 0, "limit": 10, "autoCount": False, "filter": {"mac": mac}})
        if not isinstance(data, dict):
            raise self._unreadable("listDevices")
        rows = data.get("data") or []  # YMCS sends "data": null when nothing matches
        row = next((r for r in rows if isinstance(r, dict) and _clean_mac(r.get("mac")) == mac), None)
        if row is None:
            # YMCS v2 shows only this organisation's devices: a phone of another one looks absent.
            return self._outcome(Operation.CHECK, device, presence=Presence.NOT_REGISTERED,
                                 details={"note": "YMCS does not show devices of other organisations."})
        url = row.get("uniqueServerUrl") or row.get("serverUrl")
        details = {key: row[key] for key in ("id", "sn", "serverName") if row.get(key) is not None}
        return self._outcome(Operation.CHECK, device, presence=Presence.REGISTERED,
                             url=str(url) if url else None, details=details)

    async def _probe(self) -> tuple[Sequence[str], Sequence[ProbeStep]]:
        _reply, data = await self._post("/v2/rps/listDevices", {"skip": 0, "limit": 1, "autoCount": True})
        total = data.get("total") if isinstance(data, dict) else None
        listed = text("Devices can be listed ({total} in this organisation).", total=total) if total is not None \
            else text("Devices can be listed.")
        steps = [ProbeStep("permissions", True, listed)]
        can = ["register", "check", "deregister"]
        if self._mac_only is True:
            can.append("register_by_mac")
        return can, steps

    async def probe(self) -> ProbeReport:
        report = await super().probe()
        accepted = any(step.name == "credentials" and step.ok for step in report.steps)
        if not accepted or self._mac_only is True:
            return report
        if self._mac_only is False:
            note = ("This account may not register phones by MAC alone (addDevicesByMac is forbidden): "
                    "every phone needs its serial number.")
        else:
            note = ("Whether this account may register phones by MAC alone (addDevicesByMac, enabled by "
                    "Yealink on request) cannot be told without registering one; without it every phone "
                    "needs its serial number.")
        return replace(report, warnings=(*report.warnings, note))

    # -- registering ---------------------------------------------------------------------------

    async def _register_batch(
        self, pairs: Sequence[tuple[DeviceId, ProvisioningUrl]]
    ) -> list[Outcome | FalconieriError]:
        if self._mac_only is not False:
            try:
                results, methods = await self._add_by_mac(pairs)
            except _MacOnlyForbidden:
                log.info("YMCS refuses addDevicesByMac for this account; registering by serial number")
                self._mac_only = False
            else:
                self._mac_only = True
                return await self._with_pins(pairs, results, methods)
        results, methods = await self._add_by_serial(pairs)
        return await self._with_pins(pairs, results, methods)

    async def _add_by_mac(
        self, pairs: Sequence[tuple[DeviceId, ProvisioningUrl]]
    ) -> tuple[dict[str, FalconieriError | None], dict[str, str]]:
        """Add by MAC; devices that already exist are deleted and added again. MAC -> error or None."""
        try:
            results = await self._add_devices_by_mac(pairs)
        except RefusedError as exc:
            if exc.code == "account_lacks_permission":  # 403 / 900403: not enabled for this account
                raise _MacOnlyForbidden from exc
            raise
        methods = dict.fromkeys(results, "addDevicesByMac")
        existing = [(d, u) for d, u in pairs if self._is_exists(results[d.mac.format(MacStyle.BARE_LOWER)])]
        if existing:
            await self._delete_quietly([d.mac.format(MacStyle.BARE_LOWER) for d, _ in existing])
            again = await self._add_devices_by_mac(existing)
            for mac, error in again.items():
                results[mac] = error
                methods[mac] = "delDevices+addDevicesByMac"
        return results, methods

    async def _add_devices_by_mac(
        self, pairs: Sequence[tuple[DeviceId, ProvisioningUrl]]
    ) -> dict[str, FalconieriError | None]:
        macs = [device.mac.format(MacStyle.BARE_LOWER) for device, _ in pairs]
        body = [{"mac": mac, "uniqueServerUrl": url.text} for mac, (_, url) in zip(macs, pairs, strict=True)]
        _reply, data = await self._post("/v2/rps/addDevicesByMac", body)
        if not isinstance(data, dict):
            raise self._unreadable("addDevicesByMac")
        failures: dict[str, str] = {}
        unnamed: list[str] = []
        for entry in data.get("errors") or []:
            if not isinstance(entry, dict):
                continue
            info = str(entry.get("errorInfo") or entry.get("msg") or "")
            mac = _clean_mac(entry.get("mac"))
            if mac in macs:
                failures[mac] = info
            else:
                unnamed.append(info)
        failure_count = int(data.get("failureCount") or 0)
        success_count = data.get("successCount")
        if len(macs) == 1 and not failures and (unnamed or failure_count or success_count == 0):
            failures[macs[0]] = unnamed[0] if unnamed else ""  # the only device is the one that failed
        results: dict[str, FalconieriError | None] = {}
        unexplained = failure_count > len(failures) or (success_count is not None and
                                                        int(success_count) < len(macs) - len(failures))
        for mac in macs:
            if mac in failures:
                results[mac] = self._device_error(failures[mac])
            elif unexplained:
                # YMCS counted failures it did not name: none of the unnamed devices can be trusted.
                results[mac] = ResponseError(
                    "unknown_response_from_provider",
                    "YMCS reported failures without naming the devices; check this one and retry.",
                    vendor_message="; ".join(unnamed) or None)
            else:
                results[mac] = None
        return results

    async def _add_by_serial(
        self, pairs: Sequence[tuple[DeviceId, ProvisioningUrl]]
    ) -> tuple[dict[str, FalconieriError | None], dict[str, str]]:
        results: dict[str, FalconieriError | None] = {}
        methods: dict[str, str] = {}
        account_error: FalconieriError | None = None
        for device, url in pairs:
            mac = device.mac.format(MacStyle.BARE_LOWER)
            methods[mac] = "devices"
            if account_error is not None:
                results[mac] = account_error
            elif not device.serial:
                results[mac] = InputError(
                    "serial_number_required",
                    "This YMCS account may not register phones by MAC alone: scan or type the serial "
                    "number (SN) from the phone's label, then retry.")
            else:
                results[mac] = await self._add_one_by_serial(mac, device.serial, url, methods)
                if isinstance(results[mac], RateLimitedError | AuthenticationError):
                    account_error = results[mac]  # the account's problem: the rest would fail alike
        return results, methods

    async def _add_one_by_serial(self, mac: str, serial: str, url: ProvisioningUrl,
                                 methods: dict[str, str]) -> FalconieriError | None:
        body = {"mac": mac, "sn": serial, "uniqueServerUrl": url.text}
        try:
            try:
                await self._post("/v2/rps/devices", body, ok=(200, 201))
            except RefusedError as exc:
                if exc.details.get("ymcs_code") != _EXISTS:
                    raise
                await self._delete_quietly([mac])
                methods[mac] = "delDevices+devices"
                await self._post("/v2/rps/devices", body, ok=(200, 201))
        except FalconieriError as exc:
            return exc
        return None

    async def _with_pins(
        self, pairs: Sequence[tuple[DeviceId, ProvisioningUrl]],
        results: dict[str, FalconieriError | None], methods: dict[str, str],
    ) -> list[Outcome | FalconieriError]:
        registered = [mac for mac, error in results.items() if error is None]
        pins: dict[str, str] = {}
        pin_warning: str | None = None
        if registered:
            try:
                pins = await self._fetch_pins(registered)
            except FalconieriError as exc:  # the registration stands; only the PIN is missing
                log.info("YMCS listDevicePins failed: %s", exc.code)
                pin_warning = f"Registered, but the device PIN could not be fetched ({exc.code})."
        answers: list[Outcome | FalconieriError] = []
        for device, url in pairs:
            mac = device.mac.format(MacStyle.BARE_LOWER)
            error = results[mac]
            if error is not None:
                answers.append(error)
                continue
            answers.append(self._outcome(Operation.REGISTER, device, url=url.text, pin=pins.get(mac),
                                         warnings=(pin_warning,) if pin_warning else (),
                                         details={"method": methods.get(mac, "")}))
        return answers

    async def _fetch_pins(self, macs: list[str]) -> dict[str, str]:
        _reply, data = await self._post("/v2/rps/listDevicePins", {"macs": macs})
        rows = data.get("data") if isinstance(data, dict) else data  # envelope unverified: accept both
        pins: dict[str, str] = {}
        for row in rows or []:
            if isinstance(row, dict) and row.get("pin"):
                pins[_clean_mac(row.get("mac"))] = str(row["pin"])
        return pins

    async def _delete_quietly(self, macs: list[str]) -> None:
        """delDevices before a re-add; per-device failures are irrelevant (the add tells)."""
        await self._post("/v2/rps/delDevices", {"deviceIdType": "mac", "deviceIds": macs})

    @staticmethod
    def _is_exists(error: FalconieriError | None) -> bool:
        return error is not None and error.details.get("ymcs_code") == _EXISTS

    def _device_error(self, info: str) -> FalconieriError:
        key = _vendor_key(info)
        code, meaning = YMCS_ERRORS.get(key, ("unknown_provider_error", ""))
        vendor = f"{info} ({meaning})" if meaning and meaning != info else (info or None)
        return error_from_code(code, vendor_message=vendor, details={"ymcs_code": key})

    # -- HTTP ------------------------------------------------------------------------------------

    def _headers(self, authorization: str) -> dict[str, str]:
        return {
            "Authorization": authorization,
            "Content-Type": "application/json",
            "Accept": "application/json",
            "timestamp": str(int((time.time() + self._clock_offset) * 1000)),
            "nonce": secrets.token_hex(16),  # fresh for every attempt: YMCS rejects a replay
        }

    async def _post(self, path: str, payload: Any, *, ok: tuple[int, ...] = (200,)) -> tuple[HttpReply, Any]:
        """One authenticated call: refreshes the token once, adopts the server clock once."""
        body = json.dumps({} if payload is None else payload, separators=(",", ":")).encode()
        token = await self._access_token()
        refreshed = clock_adjusted = False
        while True:
            reply = await self._send("POST", self._base + path, content=body,
                                     headers=self._headers(f"Bearer {token}"))
            data = _json(reply)
            code = _vendor_code(data)
            if reply.status in ok and code == "":
                if data is None:
                    raise self._unreadable(path.rsplit("/", 1)[-1])
                return reply, data
            if (reply.status == 401 or code in _SESSION_CODES) and not refreshed:
                refreshed = True
                token = await self._access_token(replacing=token)
                continue
            if code == _CLOCK_CODE and not clock_adjusted and self._adopt_server_clock(reply):
                clock_adjusted = True
                continue
            raise self._call_error(reply, data, code)

    async def _access_token(self, *, replacing: str | None = None) -> str:
        """The cached token, or a new one; ``replacing`` is a token the server just refused."""
        token = self._usable_token(replacing)
        if token is not None:
            return token
        async with self._token_lock:
            token = self._usable_token(replacing)  # another coroutine may have fetched it meanwhile
            if token is not None:
                return token
            token, lifetime = await self._fetch_token()
            # falconieri's margin (expires_in - 60 s); half the lifetime for tokens shorter than 2 min.
            margin = 60.0 if lifetime >= 120 else lifetime / 2
            self._token, self._token_valid_until = token, time.monotonic() + lifetime - margin
            return token

    def _usable_token(self, replacing: str | None) -> str | None:
        if self._token and self._token != replacing and time.monotonic() < self._token_valid_until:
            return self._token
        return None

    async def _fetch_token(self) -> tuple[str, float]:
        basic = base64.b64encode(f"{self.settings.user}:{self.settings.secret}".encode()).decode("ascii")
        for attempt in range(2):
            reply = await self._send("POST", self._base + "/v2/token",
                                     content=b'{"grant_type":"client_credentials"}',
                                     headers=self._headers(f"Basic {basic}"))
            data = _json(reply)
            if not (attempt == 0 and _vendor_code(data) == _CLOCK_CODE and self._adopt_server_clock(reply)):
                break
        if reply.status == 200 and isinstance(data, dict) and data.get("access_token"):
            try:
                lifetime = max(0.0, float(data.get("expires_in", 3600)))
            except (TypeError, ValueError):
                lifetime = 3600.0
            token = str(data["access_token"])
            register_secret(token)  # a bearer token is a credential: mask it in any log line
            return token, lifetime
        if reply.status in (400, 401):  # OAuth errors: {"error": "invalid_client"} and the like
            reason = (data.get("error_description") or data.get("error") or data.get("message")
                      if isinstance(data, dict) else None)
            raise AuthenticationError("authentication_failed",
                                      "YMCS refused the client id and secret (token request).",
                                      vendor_message=str(reason) if reason else None)
        if reply.status == 200:
            raise self._unreadable("token")
        raise self._call_error(reply, data, _vendor_code(data))

    def _adopt_server_clock(self, reply: HttpReply) -> bool:
        """Take the server's time from ``Date`` when our clock is far enough off to explain a 500403."""
        try:
            server = email.utils.parsedate_to_datetime(reply.headers.get("Date", "")).timestamp()
        except (TypeError, ValueError):
            return False
        offset = server - time.time()
        if abs(offset - self._clock_offset) < _CLOCK_TOLERANCE:
            return False
        log.warning("YMCS clock differs from ours by %.0f s; using the server's time", offset)
        self._clock_offset = offset
        return True

    def _call_error(self, reply: HttpReply, data: Any, code: str) -> FalconieriError:
        message = str(data.get("message") or data.get("error") or "") if isinstance(data, dict) else ""
        vendor = f"{code} {message}".strip() or None
        details: dict[str, Any] = {"http_status": reply.status}
        if code:
            details["ymcs_code"] = code
        if reply.status == 429 or code == "900429":
            return RateLimitedError("rate_limited", "YMCS asked to slow down.",
                                    retry_after=parse_retry_after(reply.headers.get("Retry-After")),
                                    vendor_message=vendor, details=details)
        if code in YMCS_ERRORS:
            ours, meaning = YMCS_ERRORS[code]
            if code == _CLOCK_CODE:
                return RefusedError(ours, "YMCS refused the request's timestamp or nonce; check that this "
                                          "computer's clock is right.", vendor_message=vendor, details=details)
            if ours == "authentication_failed":
                return AuthenticationError(ours, f"YMCS refused the session ({meaning}).",
                                           vendor_message=vendor, details=details)
            return error_from_code(ours, vendor_message=vendor or meaning, details=details)
        if reply.status == 401:
            return AuthenticationError("authentication_failed", "YMCS refused the session (HTTP 401).",
                                       vendor_message=vendor, details=details)
        if reply.status == 403:
            return RefusedError("account_lacks_permission", vendor_message=vendor, details=details)
        if 400 <= reply.status < 500 and reply.status != 408 and vendor:
            return RefusedError("unknown_provider_error", vendor_message=vendor, details=details)
        try:
            raise_for_status(reply, ok=(), vendor_message=vendor)  # 5xx, 408, HTML pages: by status
        except FalconieriError as exc:
            exc.details.update(details)
            return exc
        raise AssertionError("raise_for_status(ok=()) always raises")  # pragma: no cover

    def _unreadable(self, what: str) -> ResponseError:
        return ResponseError("unknown_response_from_provider",
                             f"YMCS answered {what} with something that is not the expected JSON.")
