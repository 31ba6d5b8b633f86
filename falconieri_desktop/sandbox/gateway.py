"""A Falconieri gateway in miniature: falconieri's documented API over its own small registry.

``PUT /providers/:provider/:mac`` (``AA-BB-CC-DD-EE-FF``, optional ``?crc=``) with ``{"url"}``
validates in falconieri's order and answers its documented statuses and codes (README "APIs"):
400 input codes, 404 ``provider_not_supported`` (unknown or ``disabled``), 500 provider codes,
200 with ``{"device_pin"}`` for ymcs and an empty body otherwise. ``GET /health/check`` answers
200. Any other route gets gin's empty 404, as the reference gateway has only PUT; with
``extended`` on, GET and DELETE on the device path answer the way our own gateway mode will.

Knobs: HTTP Basic required when ``require_auth`` (NethVoice's ``SystemId:Secret``);
``fail_mac(mac, code, message)`` makes a MAC fail with any documented 500 code; MACs registered
to another account fail with ``device_owned_by_other_user``.
"""

from __future__ import annotations

import base64
import re
import secrets
from typing import Any
from urllib.parse import unquote, urlsplit

from falconieri_desktop.sandbox.base import Record, Simulator
from falconieri_desktop.sandbox.http import Faults, Request, Response

__all__ = ["GATEWAY_PROVIDERS", "PROVIDER_ERRORS", "GatewaySimulator"]

#: Providers a falconieri gateway knows.
GATEWAY_PROVIDERS = ("snom", "gigaset", "fanvil", "yealink", "ymcs", "grape", "sraps")

#: falconieri's documented 500 codes (README); ``fail_mac`` accepts these.
PROVIDER_ERRORS = (
    "connection_to_remote_provider_failed", "provider_remote_call_failed", "read_remote_response_failed",
    "unknown_response_from_provider", "malformed_url", "not_valid_mac_address", "device_owned_by_other_user",
    "unknown_provider_error",
)

_MAC = re.compile(r"^([A-Z0-9]{2})-([A-Z0-9]{2})-([A-Z0-9]{2})-([A-Z0-9]{2})-([A-Z0-9]{2})-([A-Z0-9]{2})$")
_CRC = re.compile(r"^[A-Z0-9]{4}$")
_SCHEMES = ("ftp", "tftp", "http", "https")


def _error(status: int, code: str, message: str | None = None) -> Response:
    body: dict[str, str] = {"error": code}
    if message:
        body["message"] = message
    return Response.json(body, status)


class GatewaySimulator(Simulator):
    """falconieri's HTTP API; registrations are kept per ``(provider, MAC)``."""

    provider = "gateway"
    path = "/"

    def __init__(self, *, user: str = "sandbox-system-id", secret: str | None = None,
                 faults: Faults | None = None) -> None:
        super().__init__(user=user, secret=secret, faults=faults)
        self.failures: dict[str, tuple[str, str | None]] = {}
        self._defaults()

    def _defaults(self) -> None:
        self.require_auth = True
        self.extended = False  # GET/DELETE on the device path (our own gateway mode)
        self.disabled: set[str] = set()
        self.disable_crc = False  # falconieri's gigaset "disable_crc"
        self.target_provider = "snom"  # what Sandbox.settings("gateway") points at
        self.failures.clear()

    def reset(self) -> None:
        super().reset()
        self._defaults()

    def settings_options(self) -> dict[str, Any]:
        return {"target_provider": self.target_provider}

    def fail_mac(self, mac: str, code: str, message: str | None = None) -> None:
        """Make every PUT for ``mac`` answer 500 with ``code`` (one of ``PROVIDER_ERRORS``)."""
        if code not in PROVIDER_ERRORS:
            raise ValueError(f"not a documented falconieri provider error: {code}")
        self.failures[mac.replace("-", "").replace(":", "").upper()] = (code, message)

    def key(self, provider: str, mac: str) -> str:
        """The registry key of a device: ``provider/MAC``."""
        return f"{provider}/{mac.replace('-', '').replace(':', '').upper()}"

    # -- serving -----------------------------------------------------------------------------

    async def handle(self, request: Request) -> Response:
        if request.path == "/health/check" and request.method == "GET":
            self.log_call("GET /health/check", None)
            return Response(200)
        user = self._user(request)
        if self.require_auth and user is None:
            self.log_call(f"{request.method} /providers", None, ok=False)
            return Response(401, b"", [("WWW-Authenticate", 'Basic realm="falconieri"')])
        parts = request.path.split("/")
        if len(parts) != 4 or parts[1] != "providers" or not parts[2]:
            return Response(404)
        provider, mac_text = unquote(parts[2]), unquote(parts[3])
        if request.method == "PUT":
            return self._put(user, request, provider, mac_text)
        if self.extended and request.method in ("GET", "DELETE"):
            return self._extended(user, request.method, provider, mac_text)
        return Response(404)  # gin's NoRoute: empty body

    def _user(self, request: Request) -> str | None:
        scheme, _, encoded = request.header("authorization").partition(" ")
        if scheme.lower() != "basic":
            return None
        try:
            name, _, secret = base64.b64decode(encoded).decode("utf-8").partition(":")
        except (ValueError, UnicodeDecodeError):
            return None
        account = self.accounts.get(name)
        return name if account is not None and secrets.compare_digest(account.secret, secret) else None

    def _put(self, user: str | None, request: Request, provider: str, mac_text: str) -> Response:
        operation = f"PUT {provider}"
        if provider not in GATEWAY_PROVIDERS or provider in self.disabled:
            self.log_call(operation, user, ok=False)
            return _error(404, "provider_not_supported")
        if not mac_text.strip():
            self.log_call(operation, user, ok=False)
            return _error(400, "missing_mac_address")
        if not _MAC.match(mac_text):
            self.log_call(operation, user, mac_text, ok=False)
            return _error(400, "malformed_mac_address")
        mac = mac_text.replace("-", "")
        try:
            body = request.json()
        except ValueError:
            body = None
        url = body.get("url") if isinstance(body, dict) else None
        if not isinstance(url, str) or not url:
            self.log_call(operation, user, mac, ok=False)
            return _error(400, "missing_url")
        try:
            scheme = urlsplit(url).scheme
            if any(ord(ch) < 0x21 or ord(ch) == 0x7F for ch in url):
                raise ValueError("control character")
        except ValueError:
            self.log_call(operation, user, mac, ok=False)
            return _error(400, "unable_to_parse_url")
        if scheme not in _SCHEMES:
            self.log_call(operation, user, mac, ok=False)
            return _error(400, "unsupported_url_scheme")
        crc = request.query.get("crc", "")
        if provider == "gigaset" and not self.disable_crc:
            if not crc:
                self.log_call(operation, user, mac, ok=False)
                return _error(400, "missing_mac-id_crc")
            if not _CRC.match(crc):
                self.log_call(operation, user, mac, ok=False)
                return _error(400, "invalid_mac-id_crc_format")
        if mac in self.failures:
            code, message = self.failures[mac]
            self.log_call(operation, user, mac, ok=False)
            return _error(500, code, message)
        owner = user or self.primary.user
        existing = self.registry.get(self.key(provider, mac))
        if existing is not None and existing.owner != owner:
            self.log_call(operation, user, mac, ok=False)
            return _error(500, "device_owned_by_other_user")
        serial = body.get("serial") if isinstance(body, dict) else None
        record = Record(mac, url, owner, crc=crc or None, serial=str(serial) if serial else None)
        if provider == "ymcs":
            record.extra["pin"] = f"{secrets.randbelow(10**6):06d}"
        self.registry[self.key(provider, mac)] = record
        self.log_call(operation, user, mac)
        if provider == "ymcs":
            return Response.json({"device_pin": record.extra["pin"]})
        return Response(200)

    def _extended(self, user: str | None, method: str, provider: str, mac_text: str) -> Response:
        operation = f"{method} {provider}"
        if provider not in GATEWAY_PROVIDERS or provider in self.disabled:
            return _error(404, "provider_not_supported")
        if not _MAC.match(mac_text):
            return _error(400, "malformed_mac_address")
        mac = mac_text.replace("-", "")
        record = self.registry.get(self.key(provider, mac))
        owner = user or self.primary.user
        if record is None:
            self.log_call(operation, user, mac, ok=method == "GET")
            if method == "GET":
                return Response.json({"presence": "not_registered", "url": None})
            return _error(404, "not_registered")
        if record.owner != owner:
            self.log_call(operation, user, mac, ok=method == "GET")
            if method == "GET":
                return Response.json({"presence": "other_account", "url": None})
            return _error(500, "device_owned_by_other_user")
        self.log_call(operation, user, mac)
        if method == "GET":
            return Response.json({"presence": "registered", "url": record.url,
                                  "pin": record.extra.get("pin")})
        del self.registry[self.key(provider, mac)]
        return Response(200)

    def own(self, mac: str, url: str = "https://old-pbx.example.com/provisioning/", *,
            owner: str | None = None, **fields: Any) -> Record:
        """Register ``mac`` for the target provider (the demo seeding uses this)."""
        provider = str(fields.pop("provider", self.target_provider))
        record = Record(mac.upper(), url, owner or self.primary.user, **fields)
        self.registry[self.key(provider, mac)] = record
        return record
