"""Gigaset GRAPE, and the Hawk REST client it shares with Snom SRAPS (``providers.sraps``).

Both services speak one protocol (vendor-apis.md §6; falconieri ``libs/grape``); they differ in
the setting that holds the provisioning URL (``ProvisioningServer`` here, ``setting_server`` at
Snom), the endpoint and the labels. ``HawkRestProvider`` is that protocol; a vendor subclass
only sets ``info`` and ``setting_name``.

Navigation, cached per provider instance (one account) and computed once even when a burst of
first requests arrives together (an ``asyncio.Lock`` each):

* ``GET {base}tokens/{client_id}`` -> ``links.company`` -> ``GET`` it -> ``links.endpoints``;
* ``GET {base}settings/?page_size=1000``, following ``Link: <…>; rel="next"`` until the setting
  is found (more than 1,000 settings exist, so it can be on the second page).

Links are followed only to the base URL's own origin: a misconfigured or hostile server cannot
send our signed requests elsewhere or downgrade them to plain http.

``PUT {endpoints}{mac}`` is a full update: a ``null`` would reset a server default for every
device (falconieri commit 21de451), so the body never holds one. A stale-timestamp answer whose
time is signed with our key (``tsm``) moves our clock to the server's once, then the call is
repeated.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
import time
from collections.abc import Sequence
from typing import Any, ClassVar
from urllib.parse import quote

import httpx

from falconieri_desktop.core.devices import DeviceId, Operation, Outcome, Presence
from falconieri_desktop.core.errors import (
    AuthenticationError,
    FalconieriError,
    RefusedError,
    ResponseError,
)
from falconieri_desktop.core.mac import MacStyle
from falconieri_desktop.core.texts import text
from falconieri_desktop.core.urls import ProvisioningUrl
from falconieri_desktop.providers import hawk
from falconieri_desktop.providers.base import (
    Capabilities,
    ProbeStep,
    Provider,
    ProviderInfo,
    ProviderSettings,
)
from falconieri_desktop.providers.transport import DEFAULT_MAX_BODY, HttpReply, raise_for_status

__all__ = ["HAWK_REST_CAPABILITIES", "GrapeProvider", "HawkRestProvider", "parse_link_next"]

log = logging.getLogger(__name__)

_SETTINGS_PAGE_SIZE = 1000  # the server's maximum (default 20)
_MAX_SETTINGS_PAGES = 50  # 50,000 settings: far beyond the 1,179 that exist; stops a Link loop
_LINK = re.compile(r"<([^>]*)>((?:\s*;\s*[^;,]+)*)")
_TAKEN = "taken_mac_or_forbidden"

HAWK_REST_CAPABILITIES = Capabilities(can_check=True, can_deregister=True, check_reads_url=True,
                                      reveals_owner=True, max_batch=1, default_concurrency=4)


def parse_link_next(header: str | None) -> str | None:
    """The ``rel="next"`` target of an RFC 8288 ``Link`` header, or ``None``."""
    for match in _LINK.finditer(header or ""):
        for param in match.group(2).split(";"):
            name, _, value = param.strip().partition("=")
            if name.strip().lower() == "rel" and "next" in value.strip().strip('"').lower().split():
                return match.group(1).strip()
    return None


def _json(reply: HttpReply) -> Any:
    try:
        return json.loads(reply.body)
    except ValueError:
        return None


def _vendor_message(reply: HttpReply) -> str:
    """falconieri's reading of an error body: ``message``, else ``error``, else ``detail``, else the text."""
    data = _json(reply)
    if isinstance(data, dict):
        for key in ("message", "error", "detail"):
            if isinstance(data.get(key), str) and data[key]:
                return str(data[key])
    text = reply.text().strip()
    return text[:300]


class HawkRestProvider(Provider):
    """The GRAPE/SRAPS protocol; subclasses set ``info`` and ``setting_name``."""

    setting_name: ClassVar[str]

    def __init__(self, settings: ProviderSettings, client: httpx.AsyncClient, *,
                 total_timeout: float = 90.0, max_body: int = DEFAULT_MAX_BODY) -> None:
        super().__init__(settings, client, total_timeout=total_timeout, max_body=max_body)
        self._base = settings.endpoint if settings.endpoint.endswith("/") else settings.endpoint + "/"
        self._clock_offset = 0.0  # server clock - ours, learnt from a signed stale-timestamp answer
        self._setting_uuid: str | None = None
        self._setting_lock = asyncio.Lock()
        self._endpoints_url: str | None = None
        self._endpoints_lock = asyncio.Lock()

    # -- the operations ----------------------------------------------------------------------

    async def _register(self, device: DeviceId, url: ProvisioningUrl) -> Outcome:
        mac = device.mac.format(MacStyle.BARE_LOWER)
        setting, endpoints = await asyncio.gather(self._setting(), self._endpoints())
        body = {
            "mac": mac,
            "autoprovisioning_enabled": True,
            "settings_manager": {setting: {"attrs": {"perm": "RW"}, "value": url.text}},
        }
        reply = await self._request("PUT", endpoints + mac, body)
        if not 200 <= reply.status < 300:
            raise self._error(reply)
        return self._outcome(Operation.REGISTER, device, url=url.text)

    async def _deregister(self, device: DeviceId) -> Outcome:
        endpoints = await self._endpoints()
        reply = await self._request("DELETE", endpoints + device.mac.format(MacStyle.BARE_LOWER))
        if reply.status == 404:
            raise RefusedError("not_registered", f"{self.info.label} has no endpoint with this MAC.",
                               vendor_message=_vendor_message(reply) or None)
        if not 200 <= reply.status < 300:
            raise self._error(reply)
        return self._outcome(Operation.DEREGISTER, device)

    async def _check(self, device: DeviceId) -> Outcome:
        setting, endpoints = await asyncio.gather(self._setting(), self._endpoints())
        reply = await self._request("GET", endpoints + device.mac.format(MacStyle.BARE_LOWER))
        if reply.status == 404:
            return self._outcome(Operation.CHECK, device, presence=Presence.NOT_REGISTERED)
        if reply.status != 200:
            error = self._error(reply)
            if error.code == "device_owned_by_other_user":
                return self._outcome(Operation.CHECK, device, presence=Presence.OTHER_ACCOUNT,
                                     vendor_reply=error.vendor_message)
            raise error
        data = _json(reply)
        if not isinstance(data, dict):
            raise self._unreadable("the endpoint")
        details = {key: data[key] for key in ("autoprovisioning_enabled", "product", "uuid")
                   if key in data and data[key] is not None}
        return self._outcome(Operation.CHECK, device, presence=Presence.REGISTERED,
                             url=self._setting_value(data.get("settings_manager"), setting), details=details)

    async def _probe(self) -> tuple[Sequence[str], Sequence[ProbeStep]]:
        endpoints = await self._endpoints()  # tokens/{id}: the first signed call proves the key
        setting = await self._setting()
        steps = [ProbeStep("navigation", True, text("Company found; the {name} setting is {value}.",
                                                    name=repr(self.setting_name), value=setting))]
        reply = await self._request("GET", endpoints + "?page_size=1")
        if 200 <= reply.status < 300:
            steps.append(ProbeStep("permissions", True, text("Endpoints (devices) can be listed.")))
            return ["register", "check", "deregister"], steps
        error = self._error(reply)
        if error.code != "account_lacks_permission":
            raise error
        steps.append(ProbeStep("permissions", False, f"{error.message} {error.hint}", error.code))
        return [], steps

    # -- navigation ------------------------------------------------------------------------------

    async def _endpoints(self) -> str:
        """The company's endpoints collection URL (ends with ``/``)."""
        if self._endpoints_url is not None:
            return self._endpoints_url
        async with self._endpoints_lock:
            if self._endpoints_url is None:  # another coroutine may have found it meanwhile
                token = await self._get_json(self._base + "tokens/" + quote(self.settings.user, safe=""))
                company = await self._get_json(self._link(token, "company"))
                endpoints = self._link(company, "endpoints")
                self._endpoints_url = endpoints if endpoints.endswith("/") else endpoints + "/"
            return self._endpoints_url

    async def _setting(self) -> str:
        """The UUID of the setting that holds the provisioning URL."""
        if self._setting_uuid is not None:
            return self._setting_uuid
        async with self._setting_lock:
            if self._setting_uuid is None:
                self._setting_uuid = await self._find_setting()
            return self._setting_uuid

    async def _find_setting(self) -> str:
        url: str | None = f"{self._base}settings/?page_size={_SETTINGS_PAGE_SIZE}"
        seen: set[str] = set()
        while url is not None and url not in seen and len(seen) < _MAX_SETTINGS_PAGES:
            seen.add(url)
            reply = await self._request("GET", url)
            if reply.status != 200:
                raise self._error(reply)
            data = _json(reply)
            rows = data.get("results") if isinstance(data, dict) else data  # a bare array, as documented
            if not isinstance(rows, list):
                raise self._unreadable("the settings list")
            for row in rows:
                if isinstance(row, dict) and row.get("param_name") == self.setting_name and row.get("uuid"):
                    return str(row["uuid"])
            following = parse_link_next(reply.headers.get("Link"))
            url = self._same_origin(str(httpx.URL(url).join(following))) if following else None
        raise ResponseError("unknown_response_from_provider",
                            f"{self.info.label} lists no {self.setting_name!r} setting, so the provisioning "
                            f"URL has nowhere to go; check the endpoint URL ({self._base}).")

    async def _get_json(self, url: str) -> dict[str, Any]:
        reply = await self._request("GET", url)
        if reply.status != 200:
            raise self._error(reply)
        data = _json(reply)
        if not isinstance(data, dict):
            raise self._unreadable(httpx.URL(url).path)
        return data

    def _link(self, data: dict[str, Any], name: str) -> str:
        links = data.get("links")
        target = links.get(name) if isinstance(links, dict) else None
        if not isinstance(target, str) or not target:
            raise self._unreadable(f"the navigation (no {name!r} link)")
        return self._same_origin(str(httpx.URL(self._base).join(target)))

    def _same_origin(self, url: str) -> str:
        base, target = httpx.URL(self._base), httpx.URL(url)
        if (target.scheme, target.host, target.port) != (base.scheme, base.host, base.port):
            raise ResponseError("unknown_response_from_provider",
                                f"{self.info.label} pointed to another site ({target.scheme}://{target.host}); "
                                "the link was not followed.")
        return url

    def _setting_value(self, manager: Any, setting: str) -> str | None:
        entry: Any = None
        if isinstance(manager, dict):
            entry = manager.get(setting)
        elif isinstance(manager, list):  # tolerate a list of {uuid or param_name, value}
            entry = next((e for e in manager if isinstance(e, dict) and
                          (setting in (e.get("uuid"), e.get("setting")) or
                           e.get("param_name") == self.setting_name)), None)
        value = entry.get("value") if isinstance(entry, dict) else None
        return str(value) if value else None

    # -- HTTP --------------------------------------------------------------------------------------

    async def _request(self, method: str, url: str, payload: Any = None) -> HttpReply:
        """One Hawk-signed exchange; a signed stale-timestamp answer moves our clock once and retries."""
        body = json.dumps(payload, separators=(",", ":")).encode() if payload is not None else None
        adjusted = False
        while True:
            artifacts = hawk.sign_request(credentials_id=self.settings.user, key=self.settings.secret,
                                          method=method, url=url, body=body,
                                          ts=int(time.time() + self._clock_offset))
            headers = {"Authorization": hawk.build_header(artifacts), "Accept": "application/json"}
            if body is not None:
                headers["Content-Type"] = "application/json"
            reply = await self._send(method, url, content=body, headers=headers)
            if reply.status == 401 and not adjusted:
                server_ts = hawk.parse_stale_timestamp(reply.headers.get("WWW-Authenticate", ""),
                                                       self.settings.secret)
                if server_ts is not None:
                    adjusted = True
                    self._clock_offset = server_ts - time.time()
                    log.warning("%s clock differs from ours by %.0f s; using the server's time",
                                self.info.label, self._clock_offset)
                    continue
            return reply

    def _error(self, reply: HttpReply) -> FalconieriError:
        message = _vendor_message(reply)
        lowered = message.lower()
        details = {"http_status": reply.status}
        if _TAKEN in lowered:
            return RefusedError("device_owned_by_other_user", vendor_message=message, details=details)
        if "permission" in lowered and "endpoint" in lowered:  # "User lacks permission to endpoint"
            return RefusedError("account_lacks_permission", vendor_message=message, details=details)
        if reply.status == 401:
            return AuthenticationError("authentication_failed",
                                       f"{self.info.label} refused the Hawk id and key (HTTP 401).",
                                       vendor_message=message or None, details=details)
        if 400 <= reply.status < 500 and reply.status not in (408, 429):
            if reply.status == 400 and "mac" in lowered:
                return RefusedError("not_valid_mac_address", vendor_message=message, details=details)
            return RefusedError("unknown_provider_error", vendor_message=message or f"HTTP {reply.status}",
                                details=details)
        try:
            raise_for_status(reply, ok=(), vendor_message=message or None)
        except FalconieriError as exc:
            return exc
        raise AssertionError("raise_for_status(ok=()) always raises")  # pragma: no cover

    def _unreadable(self, what: str) -> ResponseError:
        return ResponseError("unknown_response_from_provider",
                             f"{self.info.label} answered {what} with something that is not the expected JSON.")


class GrapeProvider(HawkRestProvider):
    """Gigaset GRAPE (Gigaset Redirect and Provisioning Environment)."""

    setting_name = "ProvisioningServer"
    info = ProviderInfo(
        name="grape",
        label="Gigaset GRAPE (REST)",
        vendor="gigaset",
        protocol="rest",
        default_endpoint="https://api.grape.gigaset.net/api/v1/",
        mac_style=MacStyle.BARE_LOWER,
        capabilities=HAWK_REST_CAPABILITIES,
        env_prefix="GRAPE",
        endpoint_key="base_url",
        user_key="client_id",
        secret_key="client_secret",
        user_label="Hawk ID",
        secret_label="Hawk key",
        placeholder_vendor=None,  # GRAPE phones (P-series) are Snom-based: no placeholder is documented
    )
