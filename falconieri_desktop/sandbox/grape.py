"""Gigaset GRAPE in miniature, and the Hawk REST simulator it shares with Snom SRAPS.

Behaviour (vendor-apis.md §6, field-notes.md §3 "Snom"):

* Every request is Hawk-verified (``providers.hawk.verify``): MAC over the normalised string,
  payload hash when the client sends one (a request without ``hash`` is accepted, as SRAPS
  documents payload validation as optional), timestamp within ``window`` seconds of the server
  clock (``clock_offset`` skews it) -- else 401 with ``WWW-Authenticate: Hawk ts, tsm,
  error="Stale timestamp"`` -- and a nonce never seen before.
* ``settings/`` lists 1,179 settings, 20 per page by default, ``page_size`` capped at 1,000,
  with an absolute ``Link: <…>; rel="next"``; the provisioning setting sits on the second page
  of 1,000, after a decoy with a similar name.
* ``tokens/{id}`` -> ``{"links": {"company": <absolute>}}`` -> ``{"links": {"endpoints": …}}``.
* ``PUT/GET/DELETE companies/{id}/endpoints/{mac}``; a MAC of another company answers 403
  ``taken_mac_or_forbidden``; an account with the ``no_role`` flag (API key without a role)
  answers 403 ``User lacks permission to endpoint`` on every endpoint call.
* A ``null`` in a PUT body resets a server default for the whole company (``null_resets``
  counts them), which is why clients must never send one.
"""

from __future__ import annotations

import time
import uuid
from typing import Any, ClassVar
from urllib.parse import urlencode

from falconieri_desktop.providers import hawk
from falconieri_desktop.sandbox.base import OTHER_OWNER, Account, Record, Simulator
from falconieri_desktop.sandbox.http import Faults, Request, Response

__all__ = ["NO_ROLE", "GrapeSimulator", "HawkRestSimulator"]

#: Account flag: the API key has no role, so every endpoint call is refused.
NO_ROLE = "no_role"

SETTINGS_COUNT = 1179  # global settings at the real service (falconieri commit b77d513)
_SETTING_POSITION = 1100  # on page 2 of 1,000
_DEFAULT_PAGE_SIZE = 20
_MAX_PAGE_SIZE = 1000
_OTHER_COMPANY = 99
_DEFAULT_WARRANTY_MONTHS = 3


def _forbidden(detail: str) -> Response:
    return Response.json({"detail": detail}, 403)


def _not_found() -> Response:
    return Response.json({"detail": "Not found."}, 404)


class HawkRestSimulator(Simulator):
    """The GRAPE/SRAPS service; subclasses set ``provider`` and ``setting_name``."""

    setting_name: ClassVar[str]
    path = "/api/v1/"

    def __init__(self, *, user: str | None = None, secret: str | None = None,
                 faults: Faults | None = None) -> None:
        super().__init__(user=user or f"sandbox-{self.provider}-id", secret=secret, faults=faults)
        self.base_url = f"http://127.0.0.1{self.path}"  # replaced by bind_endpoint
        namespace = uuid.uuid5(uuid.NAMESPACE_URL, f"https://sandbox.invalid/{self.provider}")
        names = [f"setting_{i:04d}" for i in range(SETTINGS_COUNT)]
        names[_SETTING_POSITION - 1] = f"{self.setting_name}_backup"  # a near miss on the first page
        names[_SETTING_POSITION] = self.setting_name
        self.settings_list = [{"uuid": str(uuid.uuid5(namespace, name)), "param_name": name, "type": "string"}
                              for name in names]
        self.setting_uuid = self.settings_list[_SETTING_POSITION]["uuid"]
        self._companies: dict[str, int] = {self.primary.user: 7, OTHER_OWNER: _OTHER_COMPANY}
        self._nonces: set[tuple[str, str]] = set()
        self._defaults()

    def _defaults(self) -> None:
        self.window = 60.0  # Hawk's default timestamp tolerance
        self.clock_offset = 0.0
        self.null_resets = 0  # PUT bodies holding a null (each resets a company-wide default)
        self.company_defaults: dict[int, dict[str, Any]] = {}
        self._nonces.clear()

    def reset(self) -> None:
        super().reset()
        self._defaults()

    def bind_endpoint(self, url: str) -> None:
        """Learn the base URL, for the absolute links the real service sends."""
        self.base_url = url

    def add_account(self, user: str, secret: str, **flags: Any) -> Account:
        account = super().add_account(user, secret, **flags)
        if hasattr(self, "_companies"):
            self._companies.setdefault(user, 100 + len(self._companies))
        return account

    def company_of(self, user: str) -> int:
        return self._companies[user]

    def now(self) -> float:
        return time.time() + self.clock_offset

    # -- serving -----------------------------------------------------------------------------

    async def handle(self, request: Request) -> Response:
        if not request.path.startswith(self.path):
            return _not_found()
        account = self._authenticate(request)
        if isinstance(account, Response):
            return account
        parts = [p for p in request.path[len(self.path):].split("/") if p]
        if parts == ["settings"] and request.method == "GET":
            return self._settings_page(account, request)
        if len(parts) == 2 and parts[0] == "tokens" and request.method == "GET":
            return self._token(account, parts[1])
        if len(parts) >= 2 and parts[0] == "companies" and parts[1].isdigit():
            if int(parts[1]) != self._companies[account.user]:
                self.log_call(f"{request.method} company", account.user, ok=False)
                return _forbidden("You do not have permission to perform this action.")
            if len(parts) == 2 and request.method == "GET":
                return self._company(account)
            if len(parts) >= 3 and parts[2] == "endpoints":
                if account.flags.get(NO_ROLE):
                    self.log_call(f"{request.method} endpoint", account.user, ok=False)
                    return _forbidden("User lacks permission to endpoint")
                if len(parts) == 3 and request.method == "GET":
                    return self._list_endpoints(account, request)
                if len(parts) == 4:
                    return self._endpoint(account, request, parts[3])
        return _not_found()

    def _authenticate(self, request: Request) -> Account | Response:
        host, _, port = request.header("host").rpartition(":")
        if not host or not port.isdigit():  # no port in Host: the scheme's default
            host, port = request.header("host") or request.host, "80"
        try:
            attributes = hawk.verify(
                request.header("authorization"), method=request.method, resource=request.target,
                host=host, port=port, body=request.body, content_type=request.header("content-type"),
                key_for=lambda ident: self.accounts[ident].secret if ident in self.accounts else None,
                now=self.now(), window=self.window)
        except hawk.HawkError as exc:
            self.log_call("auth", exc.credentials_id, ok=False)
            headers: list[tuple[str, str]] = []
            if exc.stale and exc.credentials_id in self.accounts:
                secret = self.accounts[exc.credentials_id].secret
                headers.append(("WWW-Authenticate", hawk.stale_timestamp_header(secret, self.now())))
            else:
                headers.append(("WWW-Authenticate", f'Hawk error="{exc.message}"'))
            return Response.json({"detail": exc.message}, 401, headers)
        replay = (attributes["id"], attributes["nonce"])
        if replay in self._nonces:
            self.log_call("auth", attributes["id"], ok=False)
            return Response.json({"detail": "Invalid nonce"}, 401, [("WWW-Authenticate", 'Hawk error="Invalid nonce"')])
        self._nonces.add(replay)
        return self.accounts[attributes["id"]]

    def _page(self, request: Request, rows: list[Any], route: str) -> Response:
        """DRF-style page: a bare JSON array and RFC 8288 ``Link`` headers with absolute URLs."""
        query = request.query
        try:
            size = min(max(int(query.get("page_size") or _DEFAULT_PAGE_SIZE), 1), _MAX_PAGE_SIZE)
            page = int(query.get("page") or 1)
        except ValueError:
            return Response.json({"detail": "Invalid page."}, 404)
        pages = max(1, -(-len(rows) // size))
        if not 1 <= page <= pages:
            return Response.json({"detail": "Invalid page."}, 404)
        links = []
        others = {k: v for k, v in query.items() if k not in ("page", "page_size")}
        for rel, number in (("next", page + 1), ("prev", page - 1)):
            if 1 <= number <= pages:
                target = f"{self.base_url}{route}?{urlencode({**others, 'page': number, 'page_size': size})}"
                links.append(f'<{target}>; rel="{rel}"')
        headers = [("Link", ", ".join(links))] if links else []
        return Response.json(rows[(page - 1) * size:page * size], headers=headers)

    def _settings_page(self, account: Account, request: Request) -> Response:
        self.log_call("GET settings", account.user)
        return self._page(request, self.settings_list, "settings/")

    def _token(self, account: Account, ident: str) -> Response:
        if ident != account.user:
            self.log_call("GET token", account.user, ok=False)
            return _forbidden("You do not have permission to perform this action.")
        self.log_call("GET token", account.user)
        company = self._companies[account.user]
        return Response.json({"id": ident, "links": {"company": f"{self.base_url}companies/{company}"}})

    def _company(self, account: Account) -> Response:
        self.log_call("GET company", account.user)
        company = self._companies[account.user]
        return Response.json({"id": company, "name": account.company,
                              "links": {"endpoints": f"{self.base_url}companies/{company}/endpoints/"}})

    def _list_endpoints(self, account: Account, request: Request) -> Response:
        self.log_call("GET endpoints", account.user)
        wanted = request.query.get("mac", "").upper()
        rows = [self._endpoint_json(r) for r in sorted(self.registry.values(), key=lambda r: r.mac)
                if r.owner == account.user and wanted in r.mac]
        company = self._companies[account.user]
        return self._page(request, rows, f"companies/{company}/endpoints/")

    def _endpoint(self, account: Account, request: Request, mac_text: str) -> Response:
        mac = mac_text.upper()
        operation = f"{request.method} endpoint"
        if len(mac) != 12 or any(ch not in "0123456789ABCDEF" for ch in mac):
            self.log_call(operation, account.user, mac_text, ok=False)
            return Response.json({"mac": ["Enter a valid MAC address."]}, 400)
        record = self.registry.get(mac)
        if record is not None and record.owner != account.user:
            self.log_call(operation, account.user, mac, ok=False)
            return Response.json({"error": "taken_mac_or_forbidden"}, 403)
        if request.method == "PUT":
            return self._put(account, request, mac, existed=record is not None)
        if record is None:
            self.log_call(operation, account.user, mac, ok=False)
            return _not_found()
        if request.method == "GET":
            self.log_call(operation, account.user, mac)
            return Response.json(self._endpoint_json(record))
        if request.method == "DELETE":
            del self.registry[mac]
            self.log_call(operation, account.user, mac)
            return Response(204)
        return Response.json({"detail": f'Method "{request.method}" not allowed.'}, 405)

    def _put(self, account: Account, request: Request, mac: str, *, existed: bool) -> Response:
        try:
            body = request.json()
        except ValueError:
            body = None
        if not isinstance(body, dict):
            self.log_call("PUT endpoint", account.user, mac, ok=False)
            return Response.json({"detail": "JSON parse error."}, 400)
        if str(body.get("mac", "")).upper() != mac:
            self.log_call("PUT endpoint", account.user, mac, ok=False)
            return Response.json({"mac": ["The MAC does not match the URL."]}, 400)
        company = self._companies[account.user]
        defaults = self.company_defaults.setdefault(company, {"warranty_exp_warning_period": _DEFAULT_WARRANTY_MONTHS})
        for key, value in body.items():
            if value is None:  # a full update: null means "reset", for every device of the company
                self.null_resets += 1
                defaults[key] = None
        manager = body.get("settings_manager") or {}
        known = {s["uuid"] for s in self.settings_list}
        if not isinstance(manager, dict) or not set(manager) <= known:
            self.log_call("PUT endpoint", account.user, mac, ok=False)
            return Response.json({"settings_manager": ["Unknown setting."]}, 400)
        entry = manager.get(self.setting_uuid)
        url = str(entry.get("value") or "") if isinstance(entry, dict) else ""
        record = Record(mac, url, account.user, extra={
            "settings_manager": manager,
            "autoprovisioning_enabled": body.get("autoprovisioning_enabled"),
            "warranty_exp_warning_period": body.get("warranty_exp_warning_period",
                                                    defaults["warranty_exp_warning_period"]),
        })
        self.registry[mac] = record
        self.log_call("PUT endpoint", account.user, mac)
        return Response.json(self._endpoint_json(record), 200 if existed else 201)

    def _endpoint_json(self, record: Record) -> dict[str, Any]:
        extra = record.extra
        manager = extra.get("settings_manager") or {
            self.setting_uuid: {"value": record.url, "attrs": {"perm": "RW"}}}
        return {
            "uuid": str(uuid.uuid5(uuid.NAMESPACE_OID, record.mac)),
            "mac": record.mac.lower(),
            "autoprovisioning_enabled": extra.get("autoprovisioning_enabled", True),
            "warranty_exp_warning_period": extra.get("warranty_exp_warning_period", _DEFAULT_WARRANTY_MONTHS),
            "settings_manager": manager,
        }


class GrapeSimulator(HawkRestSimulator):
    """Gigaset GRAPE: the provisioning URL lives in ``ProvisioningServer``."""

    provider = "grape"
    setting_name = "ProvisioningServer"
