"""HTTP for providers: one client factory, one capped exchange, one map from failures to codes.

Only ``providers/`` and ``core/engine.py`` touch httpx. The engine owns one ``httpx.AsyncClient``
per account (made here by ``make_client``) and hands it to the provider, so tests can point it at
the sandbox or inject an ``httpx.MockTransport``.

Every exchange goes through ``send``: the body is streamed and abandoned above ``max_body`` bytes
*after decoding* (httpx inflates gzip, so a 50 MB gzip bomb stops at the cap, not in memory), the
whole exchange has a deadline (httpx's read timeout is per read, so a server dripping one byte a
second would otherwise never time out), and every failure becomes an error with a stable code.
TLS verification is always on; ``ca_bundle`` adds a corporate CA, it never turns checks off.
"""

from __future__ import annotations

import asyncio
import email.utils
import logging
import ssl
import time
import zlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import certifi
import httpx

from falconieri_desktop.core.errors import (
    AuthenticationError,
    FalconieriError,
    RateLimitedError,
    ResponseError,
    TransportError,
)
from falconieri_desktop.core.network import DEFAULT_MAX_BODY, USER_AGENT, NetworkSettings

__all__ = [
    "DEFAULT_MAX_BODY",
    "USER_AGENT",
    "HttpReply",
    "NetworkSettings",
    "make_client",
    "parse_retry_after",
    "raise_for_status",
    "send",
]

log = logging.getLogger(__name__)



def _ssl_context(ca_bundle: Path | None) -> ssl.SSLContext:
    context = ssl.create_default_context(cafile=certifi.where())
    if ca_bundle is not None:
        context.load_verify_locations(cafile=str(ca_bundle))
    return context


def make_client(network: NetworkSettings | None = None, *,
                transport: httpx.AsyncBaseTransport | None = None) -> httpx.AsyncClient:
    """A client for one account: verified TLS, our User-Agent, timeouts, proxy, pool size."""
    net = network or NetworkSettings()
    timeout = httpx.Timeout(net.read_timeout, connect=net.connect_timeout)
    limits = httpx.Limits(max_connections=net.max_connections,
                          max_keepalive_connections=net.max_connections)
    kwargs: dict[str, Any] = {
        "timeout": timeout,
        "limits": limits,
        # Only encodings ``send`` can inflate under its size cap.
        "headers": {"User-Agent": net.user_agent, "Accept-Encoding": "gzip, deflate"},
        "follow_redirects": False,  # a redirect would resend credentials elsewhere
        "verify": _ssl_context(net.ca_bundle),
        "trust_env": net.proxy is None,
    }
    if transport is not None:
        kwargs["transport"] = transport
    elif net.proxy:
        kwargs["proxy"] = net.proxy
    return httpx.AsyncClient(**kwargs)


@dataclass(frozen=True, slots=True)
class HttpReply:
    """A fully read HTTP answer (body decoded, at most ``max_body`` bytes)."""

    status: int
    headers: httpx.Headers
    body: bytes
    elapsed: float
    url: str = field(repr=False, default="")

    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")


def parse_retry_after(value: str | None) -> float | None:
    """``Retry-After`` in seconds (delta-seconds or an HTTP date), or ``None``."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def _is_tls_failure(exc: BaseException) -> bool:
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, ssl.SSLCertVerificationError):
            return True
        text = str(current)
        if "CERTIFICATE_VERIFY_FAILED" in text or "certificate verify failed" in text:
            return True
        current = current.__cause__ or current.__context__
    return False


def _host_of(url: str) -> str:
    try:
        return httpx.URL(url).host
    except Exception:  # noqa: BLE001 - only used in messages
        return "the vendor service"


async def send(
    client: httpx.AsyncClient,
    method: str,
    url: str,
    *,
    content: bytes | None = None,
    headers: Mapping[str, str] | None = None,
    auth: httpx.Auth | tuple[str, str] | None = None,
    params: Mapping[str, str] | None = None,
    max_body: int = DEFAULT_MAX_BODY,
    total_timeout: float = 90.0,
) -> HttpReply:
    """One HTTP exchange with the body read under a size cap and a total deadline.

    Raises ``TransportError`` (connection, TLS, timeout, cut-off body) or ``ResponseError``
    (body too large). HTTP status codes are *not* judged here: see ``raise_for_status``.
    """
    host = _host_of(url)
    started = time.perf_counter()
    try:
        async with asyncio.timeout(total_timeout):
            request = client.build_request(method, url, content=content, headers=headers, params=params)
            response = await client.send(request, auth=auth if auth is not None else httpx.USE_CLIENT_DEFAULT,
                                         stream=True)
            try:
                chunks: list[bytes] = []
                size = raw_size = 0
                too_large = ResponseError(
                    "response_too_large",
                    f"{host} sent more than {max_body // (1024 * 1024)} MB; the answer was abandoned.")
                try:
                    # Raw bytes, inflated here in bounded pieces: httpx's own decoders inflate a
                    # whole network chunk at once (50 KB of gzip -> 50 MB in memory).
                    inflater = _Inflater(response.headers.get("Content-Encoding", ""))
                    async for raw in response.aiter_raw():
                        raw_size += len(raw)
                        if raw_size > max_body:
                            raise too_large
                        for chunk in inflater.feed(raw):
                            size += len(chunk)
                            if size > max_body:
                                raise too_large
                            chunks.append(chunk)
                    chunks.append(inflater.flush())
                except (ValueError, zlib.error) as exc:
                    raise ResponseError("unknown_response_from_provider",
                                        f"{host} sent a body that cannot be decoded ({exc}).") from None
                except (httpx.ReadError, httpx.RemoteProtocolError) as exc:
                    raise TransportError("read_remote_response_failed",
                                         f"The connection to {host} broke while reading the answer "
                                         f"({type(exc).__name__}).") from None
                return HttpReply(response.status_code, response.headers, b"".join(chunks),
                                 time.perf_counter() - started, str(response.url))
            finally:
                await response.aclose()
    except FalconieriError:
        raise
    except TimeoutError:
        raise TransportError("provider_timeout",
                             f"{host} did not answer within {total_timeout:g} s.") from None
    except httpx.ConnectTimeout:
        raise TransportError("connection_to_remote_provider_failed",
                             f"Connecting to {host} timed out.") from None
    except httpx.TimeoutException as exc:
        raise TransportError("provider_timeout",
                             f"{host} did not answer in time ({type(exc).__name__}).") from None
    except httpx.ConnectError as exc:
        if _is_tls_failure(exc):
            raise TransportError("tls_verification_failed",
                                 f"The TLS certificate of {host} could not be verified.") from None
        raise TransportError("connection_to_remote_provider_failed",
                             f"Could not connect to {host}: {_describe(exc)}.") from None
    except (httpx.ReadError, httpx.WriteError, httpx.RemoteProtocolError) as exc:
        raise TransportError("connection_to_remote_provider_failed",
                             f"The connection to {host} broke ({type(exc).__name__}).") from None
    except httpx.ProxyError as exc:
        raise TransportError("connection_to_remote_provider_failed",
                             f"The proxy refused the connection to {host}: {_describe(exc)}.") from None
    except httpx.UnsupportedProtocol:
        raise TransportError("connection_to_remote_provider_failed",
                             "The endpoint URL must start with https:// or http://.") from None
    except httpx.HTTPError as exc:
        raise TransportError("connection_to_remote_provider_failed",
                             f"HTTP exchange with {host} failed ({type(exc).__name__}).") from None


_INFLATE_PIECE = 64 * 1024


class _Inflater:
    """Undoes a ``Content-Encoding`` (identity, gzip, deflate) yielding at most 64 KB at a time."""

    def __init__(self, encoding: str) -> None:
        self.encoding = encoding.strip().lower()
        if self.encoding not in ("", "identity", "gzip", "x-gzip", "deflate"):
            raise ValueError(f"unsupported Content-Encoding {encoding[:40]!r}")
        self._zlib: Any = None
        if self.encoding in ("gzip", "x-gzip"):
            self._zlib = zlib.decompressobj(16 + zlib.MAX_WBITS)

    def feed(self, data: bytes) -> Iterator[bytes]:
        if self.encoding in ("", "identity"):
            if data:
                yield data
            return
        if self._zlib is None:  # deflate: zlib-wrapped as the RFC says, or raw as some servers send
            wrapped = len(data) >= 2 and data[0] & 0x0F == 8 and ((data[0] << 8) | data[1]) % 31 == 0
            self._zlib = zlib.decompressobj(zlib.MAX_WBITS if wrapped else -zlib.MAX_WBITS)
        pending = data
        while not self._zlib.eof:
            piece = self._zlib.decompress(pending, _INFLATE_PIECE)
            pending = self._zlib.unconsumed_tail
            if piece:
                yield piece
            if not pending and len(piece) < _INFLATE_PIECE:
                break

    def flush(self) -> bytes:
        return self._zlib.flush() if self._zlib is not None and not self._zlib.eof else b""


def _describe(exc: BaseException) -> str:
    # httpx/httpcore messages name the socket error; they never contain request headers.
    text = str(exc).strip()
    return text[:200] if text else type(exc).__name__


def raise_for_status(reply: HttpReply, *, ok: tuple[int, ...] = (200,), vendor_message: str | None = None) -> None:
    """Map an HTTP status to our codes: 401 auth, 429 rate limit, 5xx/408 retryable, else refusal."""
    status = reply.status
    if status in ok:
        return
    if status == 401:
        raise AuthenticationError("authentication_failed",
                                  "The vendor refused the credentials (HTTP 401).",
                                  vendor_message=vendor_message)
    if status == 429:
        raise RateLimitedError("rate_limited", "The vendor asked to slow down (HTTP 429).",
                               retry_after=parse_retry_after(reply.headers.get("Retry-After")),
                               vendor_message=vendor_message)
    retryable = status >= 500 or status == 408
    raise TransportError("provider_remote_call_failed",
                         f"The vendor service answered HTTP {status}.",
                         retryable=retryable, vendor_message=vendor_message,
                         retry_after=parse_retry_after(reply.headers.get("Retry-After")),
                         details={"http_status": status})
