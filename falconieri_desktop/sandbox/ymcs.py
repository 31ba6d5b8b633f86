"""Yealink YMCS v2 in miniature: OAuth2 tokens, timestamp/nonce checks, the RPS device calls.

Behaviour (vendor-apis.md §5, field-notes.md §3 "Yealink"), each switchable where accounts differ:

* ``POST /v2/token`` (Basic client id/secret, ``{"grant_type":"client_credentials"}``) issues a
  Bearer token for ``token_ttl`` seconds; an expired token gets 401 900440, a revoked one 401
  900401 (``revoke_tokens``).
* Every request needs ``timestamp`` (ms, within ``window`` seconds of the server clock) and a
  ``nonce`` never seen before: otherwise 403 500403. Answers carry ``Date`` (server clock, which
  ``clock_offset`` can skew).
* A POST without a body gets 412 900444.
* ``addDevicesByMac``: a JSON array of at most 100 (else 400 800006), partial success with
  ``errors[].errorInfo`` (``device.mac.invalid``, ``800003`` exists, ``800004`` another
  organisation); 403 900403 for accounts with the ``add_by_mac_forbidden`` flag.
* ``POST /v2/rps/devices`` requires ``sn`` (unless the ``sn_optional`` flag), answers 201.
* ``listDevices`` pages of at most 100, ``filter.mac`` matches a substring, ``data`` is ``null``
  when nothing matches; ``listDevicePins`` answers ``[{mac, pin}]`` (``issue_pins`` off: none).
* Only the account's own devices are visible; another organisation's MAC shows up only as 800004.
"""

from __future__ import annotations

import base64
import email.utils
import itertools
import re
import secrets
import time
from typing import Any

from falconieri_desktop.sandbox.base import Account, Record, Simulator
from falconieri_desktop.sandbox.http import Faults, Request, Response

__all__ = ["ADD_BY_MAC_FORBIDDEN", "SN_OPTIONAL", "YmcsSimulator"]

#: Account flags.
ADD_BY_MAC_FORBIDDEN = "add_by_mac_forbidden"  # Yealink has not enabled addDevicesByMac
SN_OPTIONAL = "sn_optional"  # POST /v2/rps/devices accepts a blank serial number

_MAC = re.compile(r"^[0-9a-fA-F]{12}$")
_SN = re.compile(r"^[0-9A-Za-z]{8,32}$")
_MAX_BATCH = 100
_MAX_PAGE = 100


def _mac_key(text: Any) -> str:
    return "".join(ch for ch in str(text or "") if ch not in ":-. ").upper()


class YmcsSimulator(Simulator):
    """YMCS v2 on loopback; the base URL has no path (``http://127.0.0.1:PORT``)."""

    provider = "ymcs"
    path = ""

    def __init__(self, *, user: str = "sandbox-ymcs", secret: str | None = None,
                 faults: Faults | None = None) -> None:
        super().__init__(user=user, secret=secret, faults=faults)
        self._ids = itertools.count(1)
        self._tokens: dict[str, tuple[str, float]] = {}  # token -> (user, expires at, server clock)
        self._revoked: dict[str, str] = {}  # token -> the code its next use gets
        self._nonces: dict[str, float] = {}
        self._defaults()

    def _defaults(self) -> None:
        self.token_ttl = 3600.0
        self.window = 300.0  # seconds a timestamp may differ from the server clock
        self.clock_offset = 0.0  # server clock = real clock + offset
        self.issue_pins = True
        self._tokens.clear()
        self._revoked.clear()
        self._nonces.clear()

    def reset(self) -> None:
        super().reset()
        self._defaults()

    # -- knobs for tests -------------------------------------------------------------------

    def now(self) -> float:
        return time.time() + self.clock_offset

    def revoke_tokens(self, code: str = "900401") -> None:
        """Every token issued so far is refused with ``code`` (900401 logged out, 900440 expired)."""
        for token in self._tokens:
            self._revoked[token] = code

    def pin_of(self, mac: str) -> str | None:
        record = self.registry.get(_mac_key(mac))
        return self._ensure_extra(record).get("pin") if record else None

    # -- serving -----------------------------------------------------------------------------

    async def handle(self, request: Request) -> Response:
        response = self._route(request)
        response.headers.append(("Date", email.utils.formatdate(self.now(), usegmt=True)))
        return response

    def _route(self, request: Request) -> Response:
        operation = request.path.rsplit("/", 1)[-1] or request.path
        refused = self._replay_check(request)
        if refused is not None:
            self.log_call(operation, None, ok=False)
            return refused
        if request.path == "/v2/token" and request.method == "POST":
            return self._token(request)
        user = self._bearer_user(request)
        if isinstance(user, Response):
            self.log_call(operation, None, ok=False)
            return user
        account = self.accounts[user]
        if request.method == "GET" and request.path.startswith("/v2/rps/devices/"):
            return self._get_device(account, request.path.rsplit("/", 1)[-1])
        if request.method != "POST":
            return _error(404, "900404", "Resource not found")
        if not request.body.strip():
            self.log_call(operation, user, ok=False)
            return _error(412, "900444", "Request body is missing")
        try:
            payload = request.json()
        except ValueError:
            return _error(400, "900400", "Request body is not valid JSON")
        routes = {
            "/v2/rps/addDevicesByMac": self._add_devices_by_mac,
            "/v2/rps/devices": self._add_device,
            "/v2/rps/delDevices": self._del_devices,
            "/v2/rps/listDevices": self._list_devices,
            "/v2/rps/listDevicePins": self._list_pins,
        }
        route = routes.get(request.path)
        if route is None:
            return _error(404, "900404", "Resource not found")
        return route(account, payload)

    def _replay_check(self, request: Request) -> Response | None:
        stamp, nonce = request.header("timestamp"), request.header("nonce")
        if not stamp or not nonce:
            return _error(400, "900400", "The timestamp and nonce headers are required")
        try:
            skew = abs(int(stamp) / 1000 - self.now())
        except ValueError:
            return _error(400, "900400", "The timestamp header must be milliseconds since the epoch")
        if skew > self.window:
            return _error(403, "500403", "Request timestamp expired")
        if nonce in self._nonces:
            return _error(403, "500403", "Replay request: nonce already used")
        self._nonces[nonce] = self.now()
        if len(self._nonces) > 50_000:  # forget nonces whose timestamps can no longer be accepted
            horizon = self.now() - 2 * self.window
            self._nonces = {n: t for n, t in self._nonces.items() if t >= horizon}
        return None

    def _token(self, request: Request) -> Response:
        user = None
        scheme, _, encoded = request.header("authorization").partition(" ")
        if scheme.lower() == "basic":
            try:
                user_part, _, secret = base64.b64decode(encoded).decode("utf-8").partition(":")
            except (ValueError, UnicodeDecodeError):
                user_part, secret = "", ""
            account = self.accounts.get(user_part)
            if account is not None and secrets.compare_digest(account.secret, secret):
                user = account.user
        if user is None:
            self.log_call("token", None, ok=False)
            return Response.json({"error": "invalid_client", "error_description": "Bad client credentials"}, 401)
        try:
            grant = request.json().get("grant_type")
        except (ValueError, AttributeError):
            grant = None
        if grant != "client_credentials":
            self.log_call("token", user, ok=False)
            return Response.json({"error": "unsupported_grant_type", "code": "70011",
                                  "message": "Invalid grant_type"}, 400)
        token = secrets.token_urlsafe(24)
        self._tokens[token] = (user, self.now() + self.token_ttl)
        self.log_call("token", user)
        return Response.json({"access_token": token, "token_type": "bearer",
                              "expires_in": int(self.token_ttl) if self.token_ttl.is_integer() else self.token_ttl})

    def _bearer_user(self, request: Request) -> str | Response:
        scheme, _, token = request.header("authorization").partition(" ")
        if scheme.lower() != "bearer" or token not in self._tokens:
            return _error(401, "900401", "Not logged in or session expired")
        if token in self._revoked:
            code = self._revoked[token]
            return _error(401, code, "Session expired" if code == "900440" else "Not logged in or session expired")
        user, expires = self._tokens[token]
        if self.now() >= expires:
            return _error(401, "900440", "Session expired")
        return user

    # -- the RPS calls ---------------------------------------------------------------------------

    def _add_devices_by_mac(self, account: Account, payload: Any) -> Response:
        macs = [str(item.get("mac", "")) for item in payload if isinstance(item, dict)] \
            if isinstance(payload, list) else []
        if account.flags.get(ADD_BY_MAC_FORBIDDEN):
            self.log_call("addDevicesByMac", account.user, *macs, ok=False)
            return _error(403, "900403", "This request is forbidden")
        if not isinstance(payload, list) or not all(isinstance(item, dict) for item in payload):
            return _error(400, "900400", "The body must be an array of devices")
        if len(payload) > _MAX_BATCH:
            self.log_call("addDevicesByMac", account.user, ok=False)
            return _error(400, "800006", "Batch size exceeds limit")
        errors: list[dict[str, Any]] = []
        for item in payload:
            mac = str(item.get("mac") or "")
            problem = self._add_problem(account, mac)
            if problem:
                errors.append({"mac": mac, "sn": None, "errorInfo": problem})
                continue
            self._create(account, mac, item.get("uniqueServerUrl"), None)
        self.log_call("addDevicesByMac", account.user, *macs, ok=not errors)
        return Response.json({"total": len(payload), "successCount": len(payload) - len(errors),
                              "failureCount": len(errors), "errors": errors})

    def _add_device(self, account: Account, payload: Any) -> Response:
        if not isinstance(payload, dict):
            return _error(400, "900400", "The body must be a device object")
        mac = str(payload.get("mac") or "")
        serial = str(payload.get("sn") or "").strip()
        if not serial and not account.flags.get(SN_OPTIONAL):
            self.log_call("devices", account.user, mac, ok=False)
            return _error(400, "900400", "Request parameters are incorrect or missing",
                          details=[{"field": "sn", "message": "must not be blank"}])
        if serial and not _SN.match(serial):
            self.log_call("devices", account.user, mac, ok=False)
            return _error(400, "800002", "Invalid SN")
        problem = self._add_problem(account, mac)
        if problem:
            self.log_call("devices", account.user, mac, ok=False)
            code = "800001" if problem == "device.mac.invalid" else problem
            return _error(400, code, {"800001": "Invalid MAC", "800003": "Resource already exists",
                                      "800004": "Device already managed by another organization"}[code])
        record = self._create(account, mac, payload.get("uniqueServerUrl"), serial or None)
        self.log_call("devices", account.user, mac)
        return Response.json(self._device_json(record, with_auth=True), 201)

    def _del_devices(self, account: Account, payload: Any) -> Response:
        kind = payload.get("deviceIdType") if isinstance(payload, dict) else None
        ids = payload.get("deviceIds") if isinstance(payload, dict) else None
        if kind not in ("mac", "id") or not isinstance(ids, list):
            return _error(400, "900400", "deviceIdType must be 'mac' or 'id' and deviceIds a list")
        errors = []
        for ident in ids:
            record = self._find(account, str(ident), by_id=kind == "id")
            if record is None:
                errors.append({"field": str(ident), "msg": "Device not found"})
            else:
                del self.registry[record.mac]
        self.log_call("delDevices", account.user, *(str(i) for i in ids), ok=not errors)
        return Response.json({"total": len(ids), "successCount": len(ids) - len(errors),
                              "failureCount": len(errors), "errors": errors})

    def _list_devices(self, account: Account, payload: Any) -> Response:
        if not isinstance(payload, dict):
            return _error(400, "900400", "The body must be an object")
        skip, limit = int(payload.get("skip") or 0), int(payload.get("limit") or 10)
        if limit > _MAX_PAGE or limit < 1 or skip < 0:
            return _error(400, "900400", f"limit must be between 1 and {_MAX_PAGE}")
        wanted = _mac_key((payload.get("filter") or {}).get("mac"))
        rows = sorted((r for r in self.registry.values() if r.owner == account.user and wanted in r.mac),
                      key=lambda r: r.mac)
        page = [self._device_json(r) for r in rows[skip:skip + limit]]
        self.log_call("listDevices", account.user, *( [wanted] if wanted else []))
        return Response.json({"skip": skip, "limit": limit,
                              "total": len(rows) if payload.get("autoCount") else None,
                              "data": page or None})

    def _list_pins(self, account: Account, payload: Any) -> Response:
        macs = payload.get("macs") if isinstance(payload, dict) else None
        if not isinstance(macs, list):
            return _error(400, "900400", "macs must be a list")
        pins = []
        for mac in macs:
            record = self._find(account, str(mac))
            pin = self._ensure_extra(record).get("pin") if record else None
            if pin:
                pins.append({"mac": record.mac.lower() if record else "", "pin": pin})
        self.log_call("listDevicePins", account.user, *(str(m) for m in macs))
        return Response.json(pins)

    def _get_device(self, account: Account, ident: str) -> Response:
        record = self._find(account, ident, by_id=True)
        self.log_call("getDevice", account.user, ok=record is not None)
        if record is None:  # YMCS answers an unknown id with 400, not 404
            return _error(400, "900400", "Request parameters are incorrect or missing")
        return Response.json(self._device_json(record, with_auth=True))

    # -- registry ------------------------------------------------------------------------------

    def _add_problem(self, account: Account, mac: str) -> str | None:
        if not _MAC.match(mac):
            return "device.mac.invalid"
        record = self.registry.get(mac.upper())
        if record is None:
            return None
        return "800003" if record.owner == account.user else "800004"

    def _create(self, account: Account, mac: str, url: Any, serial: str | None) -> Record:
        record = Record(mac.upper(), str(url or ""), account.user, serial=serial)
        self._ensure_extra(record)
        self.registry[record.mac] = record
        return record

    def _find(self, account: Account, ident: str, *, by_id: bool = False) -> Record | None:
        if by_id:
            return next((r for r in self.registry.values()
                         if r.owner == account.user and self._ensure_extra(r)["id"] == ident), None)
        record = self.registry.get(_mac_key(ident))
        return record if record is not None and record.owner == account.user else None

    def _ensure_extra(self, record: Record) -> dict[str, Any]:
        """Give demo and test records (made with ``own``) the id, PIN and date YMCS would have."""
        extra = record.extra
        if "id" not in extra:
            extra["id"] = f"{next(self._ids):032x}"
            extra["dateRegistered"] = int(self.now() * 1000)
        if "pin" not in extra:
            extra["pin"] = f"{secrets.randbelow(10**6):06d}" if self.issue_pins else None
        return extra

    def _device_json(self, record: Record, *, with_auth: bool = False) -> dict[str, Any]:
        extra = self._ensure_extra(record)
        data: dict[str, Any] = {
            "id": extra["id"], "mac": record.mac.lower(), "sn": record.serial, "serverId": None,
            "serverName": None, "serverUrl": None, "uniqueServerUrl": record.url or None,
            "ipAddress": None, "remark": None, "dateRegistered": extra["dateRegistered"], "lastConnected": None,
        }
        if with_auth:
            data["authName"] = None
        return data


def _error(status: int, code: str, message: str, *, details: list[dict[str, str]] | None = None) -> Response:
    body: dict[str, Any] = {"code": code, "message": message, "requestId": secrets.token_hex(8)}
    if details:
        body["details"] = details
    return Response.json(body, status)
