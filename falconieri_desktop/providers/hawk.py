"""Hawk 1.0 request signing (Gigaset GRAPE, Snom SRAPS), and the checks a server makes.

The client side follows falconieri's ``libs/grape/auth.go`` exactly (vendor-apis.md §6), which
is standard Hawk 1.0 with an empty ``ext``:

* the payload hash is *always* computed and sent, also for a GET without a body
  (``SHA256("hawk.1.payload\\n\\n\\n")``);
* the content type in the hash is ``application/json`` when a body is sent, else empty;
* the resource is the escaped path plus ``?`` and the raw query; the host has no port; the port
  is explicit or 443/80 by scheme.

The server side (``parse_header``, ``verify``, ``stale_timestamp_header``) is what the sandbox
simulators use; it accepts other real clients too: attributes in any order, no ``hash``
attribute at all (payload validation is optional in SRAPS), a content type with parameters.

A server that finds the timestamp outside its window answers ``401`` with
``WWW-Authenticate: Hawk ts="…", tsm="…", error="Stale timestamp"``; ``tsm`` is an HMAC of
the server's time under the shared key, so a client can trust the time before adopting it
(``parse_stale_timestamp``).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass

import httpx

__all__ = [
    "EMPTY_PAYLOAD_HASH",
    "HawkArtifacts",
    "HawkError",
    "build_header",
    "calculate_mac",
    "new_nonce",
    "normalized_string",
    "parse_header",
    "parse_stale_timestamp",
    "payload_hash",
    "sign_request",
    "stale_timestamp_header",
    "timestamp_mac",
    "verify",
]

#: SHA256("hawk.1.payload\n\n\n"): the hash falconieri sends with every bodyless request.
EMPTY_PAYLOAD_HASH = "B0weSUXsMcb5UhL41FZbrUJCAotzSI3HawE1NPLRUz8="

_ATTRIBUTE = re.compile(r'\s*(\w+)\s*=\s*"([^"\\]*)"\s*(?:,|$)')
_ALLOWED_ATTRIBUTES = frozenset({"id", "ts", "nonce", "hash", "ext", "mac", "app", "dlg", "tsm", "error"})


def _b64_hmac(key: str, text: str) -> str:
    digest = hmac.new(key.encode("utf-8"), text.encode("utf-8"), hashlib.sha256).digest()
    return base64.b64encode(digest).decode("ascii")


def _bare_content_type(content_type: str) -> str:
    """Hawk hashes the media type only: lower-case, without ``; charset=…`` parameters."""
    return content_type.split(";", 1)[0].strip().lower()


def payload_hash(body: bytes | None, content_type: str) -> str:
    """``base64(SHA256("hawk.1.payload\\n" + type + "\\n" + body + "\\n"))``."""
    digest = hashlib.sha256()
    digest.update(b"hawk.1.payload\n")
    digest.update(_bare_content_type(content_type).encode("utf-8"))
    digest.update(b"\n")
    digest.update(body or b"")
    digest.update(b"\n")
    return base64.b64encode(digest.digest()).decode("ascii")


def normalized_string(*, ts: str, nonce: str, method: str, resource: str, host: str, port: str,
                      hash_: str = "", ext: str = "") -> str:
    """The text the MAC covers (Hawk 1.0 ``hawk.1.header``)."""
    text = f"hawk.1.header\n{ts}\n{nonce}\n{method.upper()}\n{resource}\n{host}\n{port}\n{hash_}\n"
    text += ext.replace("\\", "\\\\").replace("\n", "\\n") + "\n"
    return text


def calculate_mac(key: str, **parts: str) -> str:
    """``base64(HMAC-SHA256(key, normalized_string(**parts)))``."""
    return _b64_hmac(key, normalized_string(**parts))


def timestamp_mac(key: str, ts: str) -> str:
    """The ``tsm`` a server sends with its time (``hawk.1.ts``)."""
    return _b64_hmac(key, f"hawk.1.ts\n{ts}\n")


def new_nonce() -> str:
    """16 random bytes, URL-safe base64 with padding (24 characters, like falconieri's)."""
    return base64.urlsafe_b64encode(secrets.token_bytes(16)).decode("ascii")


@dataclass(frozen=True, slots=True)
class HawkArtifacts:
    """What one signed request is made of."""

    id: str
    ts: str
    nonce: str
    method: str
    resource: str
    host: str
    port: str
    hash: str
    mac: str
    ext: str = ""


def build_header(artifacts: HawkArtifacts) -> str:
    """The ``Authorization`` value, attributes in falconieri's order."""
    header = f'Hawk id="{artifacts.id}", ts="{artifacts.ts}", nonce="{artifacts.nonce}"'
    if artifacts.hash:
        header += f', hash="{artifacts.hash}"'
    if artifacts.ext:
        header += f', ext="{artifacts.ext}"'
    return header + f', mac="{artifacts.mac}"'


def sign_request(*, credentials_id: str, key: str, method: str, url: str | httpx.URL, body: bytes | None,
                 content_type: str = "application/json", ts: int | None = None,
                 nonce: str | None = None) -> HawkArtifacts:
    """Sign one request the way falconieri does; ``content_type`` counts only when a body is sent."""
    parsed = url if isinstance(url, httpx.URL) else httpx.URL(url)
    port = str(parsed.port) if parsed.port is not None else ("443" if parsed.scheme == "https" else "80")
    resource = parsed.raw_path.decode("ascii")
    ts_text = str(int(time.time()) if ts is None else ts)
    nonce_text = nonce or new_nonce()
    hash_ = payload_hash(body, content_type) if body else EMPTY_PAYLOAD_HASH
    mac = calculate_mac(key, ts=ts_text, nonce=nonce_text, method=method, resource=resource,
                        host=parsed.host, port=port, hash_=hash_)
    return HawkArtifacts(credentials_id, ts_text, nonce_text, method.upper(), resource, parsed.host, port,
                         hash_, mac)


# -- the server side (simulators) -------------------------------------------------------------


class HawkError(Exception):
    """Why a server refuses a Hawk header; ``stale`` asks for a ``WWW-Authenticate`` with the time."""

    def __init__(self, message: str, *, stale: bool = False, credentials_id: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.stale = stale
        self.credentials_id = credentials_id


def parse_header(value: str) -> dict[str, str]:
    """Attributes of a ``Hawk …`` header, in any order; ``HawkError`` if it is not one."""
    scheme, _, rest = value.strip().partition(" ")
    if scheme.lower() != "hawk" or not rest.strip():
        raise HawkError("Missing Hawk authentication")
    attributes: dict[str, str] = {}
    position = 0
    rest = rest.strip()
    while position < len(rest):
        match = _ATTRIBUTE.match(rest, position)
        if match is None:
            raise HawkError("Bad header format")
        name, attr_value = match.group(1), match.group(2)
        if name not in _ALLOWED_ATTRIBUTES:
            raise HawkError(f"Unknown attribute: {name}")
        if name in attributes:
            raise HawkError(f"Duplicate attribute: {name}")
        attributes[name] = attr_value
        position = match.end()
    return attributes


def verify(header: str, *, method: str, resource: str, host: str, port: str, body: bytes,
           content_type: str, key_for: Callable[[str], str | None], now: float,
           window: float = 60.0) -> dict[str, str]:
    """Check a request's Hawk header; return its attributes, or raise ``HawkError``.

    The order follows the Hawk reference server: credentials, MAC, payload hash (only when the
    client sent one), then the timestamp window. Nonce replay is the caller's (it holds state).
    """
    attributes = parse_header(header)
    for required in ("id", "ts", "nonce", "mac"):
        if not attributes.get(required):
            raise HawkError("Missing attributes")
    key = key_for(attributes["id"])
    if key is None:
        raise HawkError("Unknown credentials")
    expected = calculate_mac(key, ts=attributes["ts"], nonce=attributes["nonce"], method=method,
                             resource=resource, host=host, port=port, hash_=attributes.get("hash", ""),
                             ext=attributes.get("ext", ""))
    if not hmac.compare_digest(expected, attributes["mac"]):
        raise HawkError("Bad mac", credentials_id=attributes["id"])
    # An empty body is hashed with an empty type, whatever Content-Type came with it (falconieri).
    if "hash" in attributes and attributes["hash"] != payload_hash(body, content_type if body else ""):
        raise HawkError("Bad payload hash", credentials_id=attributes["id"])
    try:
        ts = int(attributes["ts"])
    except ValueError:
        raise HawkError("Invalid timestamp", credentials_id=attributes["id"]) from None
    if abs(ts - now) > window:
        raise HawkError("Stale timestamp", stale=True, credentials_id=attributes["id"])
    return attributes


def stale_timestamp_header(key: str, now: float) -> str:
    """``WWW-Authenticate`` for a stale timestamp: the server's time, signed with the key."""
    ts = str(int(now))
    return f'Hawk ts="{ts}", tsm="{timestamp_mac(key, ts)}", error="Stale timestamp"'


def parse_stale_timestamp(www_authenticate: str, key: str) -> int | None:
    """The server time from a stale-timestamp answer, if its ``tsm`` proves it came from the server."""
    try:
        attributes = parse_header(www_authenticate)
    except HawkError:
        return None
    ts, tsm = attributes.get("ts", ""), attributes.get("tsm", "")
    if "stale" not in attributes.get("error", "").lower() or not ts.isdigit() or not tsm:
        return None
    if not hmac.compare_digest(timestamp_mac(key, ts), tsm):
        return None
    return int(ts)
