"""The gateway's ASGI middlewares: access log, request size limit, client authentication.

Plain ASGI (no framework import), outermost first::

    AccessLog   request id, one JSON line per request (never a header, a body or a query string)
    BodyLimit   413 request_too_large above ``max_body`` bytes, by Content-Length or as it streams
    Auth        401 unauthorized_client for /providers and /jobs without a known client

What a handler learns about a request (client, provider, MAC, error code, job) it writes into
``scope["state"]`` -- Starlette's ``request.state`` -- and the access log reads it from there.
"""

from __future__ import annotations

import json
import logging
import re
import secrets
import time
from collections.abc import Awaitable, Callable, MutableMapping
from datetime import UTC, datetime
from typing import Any

from falconieri_desktop.core.errors import FalconieriError, InputError, error_from_code
from falconieri_desktop.core.redaction import redact
from falconieri_desktop.server.auth import Authenticator
from falconieri_desktop.server.errors import error_body, error_headers, error_status

__all__ = ["ACCESS_LOGGER", "AccessLog", "Auth", "BodyLimit", "send_error", "send_json"]

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

ACCESS_LOGGER = "falconieri_desktop.server.access"
access_log = logging.getLogger(ACCESS_LOGGER)

_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")
_PROTECTED = ("/providers", "/jobs")
_CHALLENGES = (b'Basic realm="falconieri", charset="UTF-8"', b'Bearer realm="falconieri"')


async def send_json(send: Send, status: int, body: Any, headers: dict[str, str] | None = None,
                    extra: list[tuple[bytes, bytes]] | None = None) -> None:
    payload = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    raw = [(b"content-type", b"application/json"), (b"content-length", str(len(payload)).encode())]
    raw += [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in (headers or {}).items()]
    raw += extra or []
    await send({"type": "http.response.start", "status": status, "headers": raw})
    await send({"type": "http.response.body", "body": payload})


async def send_error(scope: Scope, send: Send, exc: FalconieriError,
                     extra: list[tuple[bytes, bytes]] | None = None) -> None:
    scope.setdefault("state", {})["error"] = exc.code
    await send_json(send, error_status(exc), error_body(exc), error_headers(exc), extra)


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers") or ():
        if key.lower() == name:
            return bytes(value).decode("latin-1")
    return None


class AccessLog:
    """Gives each request an id (``X-Request-ID``, kept when the caller's is sane) and logs it."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        incoming = _header(scope, b"x-request-id")
        request_id = incoming if incoming and _REQUEST_ID.match(incoming) else secrets.token_hex(8)
        state = scope.setdefault("state", {})
        state["request_id"] = request_id
        started = time.perf_counter()
        status = [500]
        sent = [0]

        async def send_logged(message: Message) -> None:
            if message["type"] == "http.response.start":
                status[0] = message["status"]
                message["headers"] = [*message.get("headers", []), (b"x-request-id", request_id.encode())]
            elif message["type"] == "http.response.body":
                sent[0] += len(message.get("body", b""))
            await send(message)

        try:
            await self.app(scope, receive, send_logged)
        finally:
            if access_log.isEnabledFor(logging.INFO):
                access_log.info(json.dumps(self._record(scope, state, status[0], sent[0], started),
                                           ensure_ascii=False, separators=(",", ":")))

    @staticmethod
    def _record(scope: Scope, state: dict[str, Any], status: int, sent: int, started: float) -> dict[str, Any]:
        client = scope.get("client")
        agent = _header(scope, b"user-agent")
        record: dict[str, Any] = {
            "ts": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z",
            "request_id": state.get("request_id"),
            "remote": client[0] if client else None,
            "client": state.get("client"),
            "method": scope.get("method"),
            "path": redact(scope.get("path", ""))[:300],  # never the query string
            "status": status,
            "duration_ms": round((time.perf_counter() - started) * 1000, 1),
            "bytes_out": sent,
        }
        for key in ("provider", "mac", "error", "job", "devices"):
            if state.get(key) is not None:
                record[key] = state[key]
        if agent:
            record["user_agent"] = redact(agent)[:200]
        return record


class _TooLarge(InputError):
    """Raised from ``receive`` past the limit; handlers answer it as any input error (413)."""


class BodyLimit:
    """Refuses request bodies above ``max_body`` bytes before the handler reads them into memory."""

    def __init__(self, app: ASGIApp, max_body: int) -> None:
        self.app = app
        self.max_body = max_body

    @property
    def _drain_limit(self) -> int:
        return min(8 * self.max_body, 16 * 1024 * 1024)

    async def _drain(self, receive: Receive, received: int) -> None:
        """Read and drop the body up to a cap: most HTTP/1.1 clients send the whole body before they
        read the answer, and would see a reset instead of the 413 if the server closed mid-upload."""
        while received <= self._drain_limit:
            message = await receive()
            if message["type"] != "http.request":
                return
            received += len(message.get("body", b""))
            if not message.get("more_body", False):
                return

    def _error(self) -> _TooLarge:
        return _TooLarge("request_too_large", f"The request body is larger than {self.max_body} bytes.")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        # The rest of an oversized body is not kept, so the connection is not reused.
        close = [(b"connection", b"close")]
        declared = _header(scope, b"content-length")
        if declared is not None and (not declared.strip().isdigit() or int(declared) > self.max_body):
            if declared.strip().isdigit() and int(declared) <= self._drain_limit:
                await self._drain(receive, 0)
            await send_error(scope, send, self._error(), close)
            return
        received = [0]
        tripped = [False]
        started = [False]

        async def limited_receive() -> Message:
            message = await receive()
            if message["type"] == "http.request":
                received[0] += len(message.get("body", b""))
                if received[0] > self.max_body:
                    tripped[0] = True
                    if message.get("more_body", False):
                        await self._drain(receive, received[0])
                    raise self._error()
            return message

        async def tracking_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                started[0] = True
                if tripped[0]:
                    message["headers"] = [*message.get("headers", []), *close]
            await send(message)

        try:
            await self.app(scope, limited_receive, tracking_send)
        except _TooLarge:
            if started[0]:
                raise
            await send_error(scope, send, self._error(), close)


class Auth:
    """Requires a known client on /providers and /jobs; health and the API document stay public."""

    def __init__(self, app: ASGIApp, authenticator: Authenticator | None) -> None:
        self.app = app
        self.authenticator = authenticator

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if scope["type"] != "http" or self.authenticator is None or not path.startswith(_PROTECTED):
            await self.app(scope, receive, send)
            return
        client = await self.authenticator.authenticate_async(_header(scope, b"authorization"))
        if client is None:
            challenges = [(b"www-authenticate", value) for value in _CHALLENGES]
            error = error_from_code("unauthorized_client", "This gateway needs client credentials it knows "
                                                           "(HTTP Basic or a bearer token).")
            await send_error(scope, send, error, challenges)
            return
        scope.setdefault("state", {})["client"] = client.name
        await self.app(scope, receive, send)
