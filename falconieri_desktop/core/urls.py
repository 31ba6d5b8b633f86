"""Provisioning URLs: validation, vendor placeholders, and what a provider will do to the URL.

A provisioning URL is sent to the vendor exactly as the technician wrote it: placeholders such as
``{mac}`` (Snom), ``$MAC`` (Yealink), ``$mac`` (Fanvil) or ``%MACD`` (Gigaset) are expanded by the
phone, not by us, so they are kept literally (falconieri ``QueryUnescape``s them back for the same
reason). Mistakes that the vendor would accept but the phone would not understand -- another
vendor's placeholder, a query string that Fanvil drops -- are warnings, not errors.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from falconieri_desktop.core.errors import InputError
from falconieri_desktop.core.texts import text

__all__ = [
    "PLACEHOLDERS",
    "SCHEMES",
    "ProvisioningUrl",
    "parse_provisioning_url",
    "url_warnings",
]

SCHEMES = ("http", "https", "ftp", "tftp")

#: Placeholders each vendor's phones expand (NethVoice documentation, peoplefone examples).
PLACEHOLDERS: dict[str, tuple[str, ...]] = {
    "snom": ("{mac}",),
    "yealink": ("$MAC",),
    "fanvil": ("$mac",),
    "gigaset": ("%MACD", "%DVID"),
}

_CONTROL_OR_SPACE = re.compile(r"[\x00-\x20\x7f]")


@dataclass(frozen=True, slots=True)
class ProvisioningUrl:
    """A validated provisioning URL; ``text`` is what will be sent."""

    text: str
    scheme: str
    host: str
    port: int | None
    path: str
    query: str
    fragment: str

    @property
    def netloc(self) -> str:
        """``host[:port]`` as Fanvil's ``cfgPfSrv`` wants it."""
        host = f"[{self.host}]" if ":" in self.host else self.host  # IPv6 literals keep their brackets
        return f"{host}:{self.port}" if self.port is not None else host

    @property
    def placeholders(self) -> tuple[str, ...]:
        """The vendor placeholders present, in table order."""
        return tuple(p for tokens in PLACEHOLDERS.values() for p in tokens if p in self.text)

    def __str__(self) -> str:
        return self.text


def parse_provisioning_url(text: str | None) -> ProvisioningUrl:
    """Validate ``text`` as a provisioning URL; raise ``InputError`` with falconieri's codes."""
    if text is None or not str(text).strip():
        raise InputError("missing_url")
    value = str(text).strip()
    bad = _CONTROL_OR_SPACE.search(value)
    if bad:
        char = "a space" if bad.group() == " " else f"a control character (0x{ord(bad.group()):02X})"
        raise InputError("unable_to_parse_url", f"The URL contains {char}; remove it or write it as %20.")
    try:
        parts = urlsplit(value)
        port = parts.port
    except ValueError as exc:
        raise InputError("unable_to_parse_url", f"The URL cannot be parsed: {exc}.") from None
    scheme = parts.scheme.lower()
    if not scheme:
        raise InputError("unable_to_parse_url",
                         "The URL has no scheme; start it with https:// (or http://, ftp://, tftp://).")
    if scheme not in SCHEMES:
        raise InputError("unsupported_url_scheme",
                         f"'{parts.scheme}://' is not supported; use http, https, ftp or tftp.")
    host = parts.hostname or ""
    if not host:
        raise InputError("unable_to_parse_url", "The URL has no host name, e.g. https://pbx.example.com/.")
    return ProvisioningUrl(
        text=value,
        scheme=scheme,
        host=host,
        port=port,
        path=parts.path,
        query=parts.query,
        fragment=parts.fragment,
    )


def url_warnings(url: ProvisioningUrl, *, vendor: str | None, keeps_only_host_and_path: bool = False,
                 provider_label: str = "") -> list[str]:
    """Things the vendor will accept but that probably will not work on the phone."""
    warnings: list[str] = []
    if vendor:
        own = PLACEHOLDERS.get(vendor, ())
        for other_vendor, tokens in PLACEHOLDERS.items():
            if other_vendor == vendor:
                continue
            for token in tokens:
                if token in url.text and token not in own:
                    if own:
                        warnings.append(text("The URL uses {token}, a {other} placeholder; {vendor} phones expect "
                                             "{expected}.", token=token, other=other_vendor.title(),
                                             vendor=vendor.title(), expected=", ".join(own)))
                    else:
                        warnings.append(text("The URL uses {token}, a {other} placeholder; {vendor} phones "
                                             "replace no placeholder.", token=token, other=other_vendor.title(),
                                             vendor=vendor.title()))
    if keeps_only_host_and_path:
        label = provider_label or "This provider"
        if url.query and url.fragment:
            warnings.append(text("{provider} keeps only host and path: the query string and fragment will be "
                                 "dropped.", provider=label))
        elif url.query:
            warnings.append(text("{provider} keeps only host and path: the query string will be dropped.",
                                 provider=label))
        elif url.fragment:
            warnings.append(text("{provider} keeps only host and path: the fragment will be dropped.",
                                 provider=label))
        if "@" in url.text.split("//", 1)[-1].split("/", 1)[0]:
            warnings.append(text("{provider} keeps only host and path: the user name and password in the URL "
                                 "will be dropped.", provider=label))
    return warnings
