"""falconieri's request rules, as its README documents them (the contract of the gateway mode).

``PUT /providers/:provider/:mac`` is validated in falconieri's order -- provider (404), MAC, body
and URL, then the Gigaset code (400) -- so a caller gets the same first error from either server:

* MAC: falconieri wants ``AC-DE-48-23-45-67``; every form ``core.mac.parse_mac`` knows is accepted
  too (``ac:de:48:23:45:67``, ``ACDE48234567``, ...). Empty -> ``missing_mac_address``, anything
  else that is not a unicast MAC -> ``malformed_mac_address``: the README's codes (falconieri's
  code answers ``missing_mac_address`` for both, and lets non-hex letters through to the vendor).
* Body: a JSON object whose ``url`` is a non-empty string, else ``missing_url`` (falconieri's
  gin binding ignores the Content-Type, and so do we). ``serial`` is ours (YMCS accounts that
  register by serial number); falconieri ignores unknown fields.
* URL: falconieri parses the URL, then ``QueryUnescape``s it for every provider but Fanvil, so
  callers pre-encode ``%`` as ``%25`` (Gigaset's ``%MACD`` travels as ``%25MACD``) and a
  placeholder such as ``%7Bmac%7D`` reaches the vendor as ``{mac}``. We do the same, with two
  deliberate differences: a ``+`` stays a ``+`` (Go turns it into a space, a URL no phone can
  fetch), and a broken escape is ``unable_to_parse_url`` (Go sends an empty URL instead).
* Gigaset code: ``?crc=`` only for providers that need it (Gigaset unless ``disable_crc``);
  missing -> ``missing_mac-id_crc``, not 4 of ``[A-Z0-9]`` -> ``invalid_mac-id_crc_format``.
  Lower case is accepted and upper-cased. Other providers ignore ``crc``, as falconieri does.
"""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import urlsplit

from falconieri_desktop.core.errors import InputError
from falconieri_desktop.core.mac import Mac, normalize_crc, parse_mac, parse_mac_id
from falconieri_desktop.core.urls import ProvisioningUrl, parse_provisioning_url

__all__ = [
    "RAW_URL_PROVIDERS",
    "device_mac",
    "gigaset_code",
    "provisioning_url",
    "put_body",
    "serial_value",
    "unescape_url",
]

#: Providers whose URL falconieri passes on without ``QueryUnescape`` (``providerDispatch.go``).
RAW_URL_PROVIDERS = frozenset({"fanvil"})

_ESCAPE = re.compile(r"%[0-9A-Fa-f]{2}")
_HEX2 = re.compile(r"^[0-9A-Fa-f]{2}")
_CONTROL_OR_SPACE = re.compile(r"[\x00-\x20\x7f]")
_SERIAL_MAX = 64


def device_mac(text: str, *, with_code: bool = False) -> tuple[Mac, str | None]:
    """The MAC of a request path (and an inline Gigaset code when ``with_code``)."""
    if not text or not text.strip():
        raise InputError("missing_mac_address")
    if with_code:
        return parse_mac_id(text)
    return parse_mac(text), None


def put_body(raw: bytes) -> tuple[str, str | None]:
    """``(url text, serial)`` from a PUT body; ``missing_url`` when there is no usable ``url``."""
    try:
        data: Any = json.loads(raw.decode("utf-8")) if raw.strip() else None
    except (UnicodeDecodeError, ValueError):
        data = None
    url = data.get("url") if isinstance(data, dict) else None
    if not isinstance(url, str) or not url.strip():
        raise InputError("missing_url")
    serial = data.get("serial") if isinstance(data, dict) else None
    return url, serial_value(serial)


def serial_value(value: Any) -> str | None:
    """A device's serial number from JSON (string or number), or None."""
    if value is None or value == "":
        return None
    if not isinstance(value, (str, int)) or isinstance(value, bool):
        raise InputError("invalid_request_body", "'serial' must be a string.")
    text = str(value).strip()
    if len(text) > _SERIAL_MAX or not text.isprintable() or not _encodable(text):
        raise InputError("invalid_request_body", f"'serial' must be at most {_SERIAL_MAX} printable characters.")
    return text or None


def unescape_url(text: str) -> str:
    """Percent-decode ``text`` as falconieri's ``QueryUnescape`` does, keeping ``+`` (see above)."""
    if "%" not in text:
        return text
    for piece in text.split("%")[1:]:
        if not _HEX2.match(piece):
            raise InputError("unable_to_parse_url",
                             "The URL has a '%' that does not start an escape such as %25 (write a literal "
                             "'%' as %25, e.g. Gigaset's %25MACD).")
    # Escapes are bytes (%C3%A8 is one UTF-8 character); literal text keeps its own UTF-8 bytes.
    raw = bytearray()
    for part in re.split(r"(%[0-9A-Fa-f]{2})", text):
        raw += bytes([int(part[1:], 16)]) if _ESCAPE.fullmatch(part) else part.encode("utf-8")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise InputError("unable_to_parse_url", "The URL's escapes do not decode to UTF-8 text.") from None


def _encodable(text: str) -> bool:
    # JSON may carry lone surrogates ("\ud800"): no vendor request could encode them.
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def provisioning_url(text: str, provider: str) -> ProvisioningUrl:
    """Validate the URL as falconieri does (scheme and syntax first), then unescape it for the vendor."""
    if not _encodable(text):
        raise InputError("unable_to_parse_url", "The URL contains characters that are not valid Unicode text.")
    try:
        scheme = urlsplit(text.strip()).scheme
    except ValueError:
        scheme = "?"  # parse_provisioning_url names the problem
    if not scheme:  # falconieri (and its README): an empty scheme is an unsupported one
        raise InputError("unsupported_url_scheme",
                         "The URL has no scheme; start it with https:// (or http://, ftp://, tftp://).")
    parse_provisioning_url(text)  # falconieri judges the URL as sent: scheme, syntax
    if provider in RAW_URL_PROVIDERS:
        return parse_provisioning_url(text)
    decoded = unescape_url(text.strip())
    if _CONTROL_OR_SPACE.search(decoded):
        raise InputError("unable_to_parse_url",
                         "Once percent-decoded (falconieri's rule) the URL has a space or a control character, "
                         "which no phone can fetch; to send an escape such as %20 unchanged, write it as %2520.")
    return parse_provisioning_url(decoded)


def gigaset_code(query_crc: str | None, inline: str | None) -> str:
    """The Gigaset code from ``?crc=`` (or one written after the MAC); both must agree."""
    given = normalize_crc(query_crc) if query_crc is not None and query_crc.strip() else None
    if given is not None and inline is not None and given != inline:
        raise InputError("invalid_mac-id_crc_format",
                         f"The MAC-ID in the path says {inline} but ?crc= says {given}.")
    code = given or inline
    if code is None:
        raise InputError("missing_mac-id_crc")
    return code
