"""MAC addresses: EUI-48 parsing in every common form, Gigaset MAC-IDs, vendor guess by MAC range.

Parsing is strict on content and lenient on form: a technician may type or scan
``00:04:13:aa:bb:cc``, ``00-04-13-AA-BB-CC``, ``0004.13AA.BBCC``, ``000413AABBCC``,
``00 04 13 AA BB CC`` or ``MAC: 000413AABBCC`` and all mean the same phone. What is *not* a MAC
(wrong length, non-hex, multicast, broadcast, all zero) is refused with a message that says which
of these it is, because "invalid MAC" alone sends a technician back to the label for nothing.

The vendor guess comes from data (``data/mac-ranges.json``, versioned and dated) and a user file
that wins over it; it is only a guess (Gigaset P-series phones carry Snom MACs), so callers show
it and let the technician change it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from falconieri_desktop.core.errors import InputError

__all__ = [
    "Mac",
    "MacStyle",
    "RangeEntry",
    "VendorGuess",
    "VendorTable",
    "builtin_vendor_table",
    "normalize_crc",
    "parse_mac",
    "parse_mac_id",
]

_HEX = frozenset("0123456789ABCDEF")
# Label/wedge prefixes: "MAC", "MAC:", "MAC=", "MAC ADDRESS:", "MAC-ADDR", "MAC-ID:" ... Stripped only when
# followed by something, and only at the start ("MAC" is not hex, so this is unambiguous).
_PREFIX = re.compile(r"^\s*MAC(?:[\s_-]*(?:ADDR(?:ESS)?|ID))?\s*[:=#]?\s*", re.IGNORECASE)
_CRC = re.compile(r"^[A-Z0-9]{4}$")
# Separated forms: six pairs joined by one separator used consistently, Cisco-style triples
# (AABB.CCDD.EEFF, AABB-CCDD-EEFF) or OUI halves (AABBCC-DDEEFF).
_SEPARATED = re.compile(r"^[0-9A-F]{2}([:\- ])(?:[0-9A-F]{2}\1){4}[0-9A-F]{2}$")
_GROUPED = re.compile(r"^[0-9A-F]{4}([.\-])[0-9A-F]{4}\1[0-9A-F]{4}$|^[0-9A-F]{6}[:\-][0-9A-F]{6}$")
_SEPARATORS = ":-. "


class MacStyle(StrEnum):
    """How a vendor wants the MAC written on the wire."""

    BARE_UPPER = "bare_upper"  # 000413AABBCC  (Snom, Fanvil, Gigaset legacy)
    BARE_LOWER = "bare_lower"  # 000413aabbcc  (YMCS, GRAPE, SRAPS)
    DASHED_UPPER = "dashed_upper"  # 00-04-13-AA-BB-CC  (Yealink legacy, falconieri's API)
    COLON_UPPER = "colon_upper"  # 00:04:13:AA:BB:CC  (display)


@dataclass(frozen=True, slots=True, order=True)
class Mac:
    """A validated unicast EUI-48 address; ``value`` is 12 upper-case hex digits."""

    value: str

    def __post_init__(self) -> None:
        if len(self.value) != 12 or not set(self.value) <= _HEX:
            raise ValueError(f"Mac needs 12 upper-case hex digits, got {self.value!r}")

    def __str__(self) -> str:
        return self.format(MacStyle.COLON_UPPER)

    @property
    def oui(self) -> str:
        """The first three octets, upper-case, no separators."""
        return self.value[:6]

    def format(self, style: MacStyle) -> str:
        """The MAC written the way ``style`` asks."""
        if style is MacStyle.BARE_UPPER:
            return self.value
        if style is MacStyle.BARE_LOWER:
            return self.value.lower()
        pairs = [self.value[i : i + 2] for i in range(0, 12, 2)]
        if style is MacStyle.DASHED_UPPER:
            return "-".join(pairs)
        return ":".join(pairs)


def _fail(reason: str, text: str) -> InputError:
    shown = text if len(text) <= 40 else text[:37] + "..."
    return InputError("malformed_mac_address", f"{reason}: {shown!r}")


def parse_mac(text: str) -> Mac:
    """Parse a MAC in any common form; raise ``InputError`` saying what is wrong with it."""
    if text is None or not str(text).strip():
        raise InputError("missing_mac_address")
    raw = str(text)
    body = _PREFIX.sub("", raw, count=1).strip().upper()
    if not body:
        raise InputError("missing_mac_address")
    if _SEPARATED.match(body) or _GROUPED.match(body):
        digits = "".join(ch for ch in body if ch not in _SEPARATORS)
    elif set(body) <= _HEX:
        digits = body
    else:
        stripped = "".join(ch for ch in body if ch not in _SEPARATORS)
        bad = sorted({ch for ch in stripped if ch not in _HEX})
        if bad:
            shown = "".join(bad[:5])
            raise _fail(f"a MAC has only the digits 0-9 and letters A-F, not {shown!r}", raw)
        if len(stripped) != 12:
            raise _fail(f"a MAC has 12 hexadecimal digits, this has {len(stripped)}", raw)
        raise _fail("the separators are mixed or misplaced; use e.g. 00:04:13:AA:BB:CC", raw)
    if len(digits) != 12:
        raise _fail(f"a MAC has 12 hexadecimal digits, this has {len(digits)}", raw)
    if digits == "FFFFFFFFFFFF":
        raise _fail("this is the broadcast address, not a phone's MAC", raw)
    if digits == "000000000000":
        raise _fail("an all-zero MAC is not a phone's MAC", raw)
    if int(digits[1], 16) & 1:
        raise _fail("this is a multicast address (odd first octet), not a phone's MAC", raw)
    return Mac(digits)


def normalize_crc(crc: str | None) -> str | None:
    """Validate a Gigaset MAC-ID code: 4 of ``[A-Z0-9]``, case-normalised; ``None``/blank -> None."""
    if crc is None:
        return None
    value = str(crc).strip().upper()
    if not value:
        return None
    if not _CRC.match(value):
        raise InputError(
            "invalid_mac-id_crc_format",
            f"The MAC-ID code must be 4 letters or digits, got {str(crc).strip()[:20]!r}.",
        )
    return value


_MAC_ID = re.compile(r"^(?P<mac>.+?)\s*-\s*(?P<crc>[A-Za-z0-9]{4})\s*$")


def parse_mac_id(text: str, crc: str | None = None) -> tuple[Mac, str | None]:
    """Parse a MAC or a Gigaset MAC-ID (``7C2F80AABBCC-A1B2``); a separate ``crc`` is accepted too.

    When both an inline code and ``crc`` are given they must agree.
    """
    separate = normalize_crc(crc)
    if text is None or not str(text).strip():
        raise InputError("missing_mac_address")
    try:
        return parse_mac(text), separate
    except InputError as plain_error:
        match = _MAC_ID.match(_PREFIX.sub("", str(text), count=1))
        if not match:
            raise plain_error from None
        mac = parse_mac(match.group("mac"))
        inline = normalize_crc(match.group("crc"))
        if separate is not None and inline != separate:
            raise InputError(
                "invalid_mac-id_crc_format",
                f"The MAC-ID says {inline} but the code given is {separate}; which one is on the label?",
            ) from None
        return mac, inline


# -- vendor guess ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RangeEntry:
    """One inclusive MAC range of a vendor."""

    vendor: str
    label: str
    start: int
    end: int
    providers: tuple[str, ...]
    note: str = ""

    @property
    def size(self) -> int:
        return self.end - self.start + 1


@dataclass(frozen=True, slots=True)
class VendorGuess:
    """What the MAC range suggests; ``providers`` in order of preference."""

    vendor: str
    label: str
    providers: tuple[str, ...]
    source: str  # "builtin" or the override file's name
    note: str = ""

    @property
    def provider(self) -> str | None:
        return self.providers[0] if self.providers else None


def _parse_bound(value: str) -> int:
    digits = "".join(ch for ch in str(value) if ch not in _SEPARATORS).upper()
    if len(digits) == 6:  # an OUI stands for its whole /24
        digits += "000000"
    if len(digits) != 12 or not set(digits) <= _HEX:
        raise ValueError(f"not a MAC range bound: {value!r}")
    return int(digits, 16)


def _entries_from_json(data: dict[str, object]) -> list[RangeEntry]:
    entries: list[RangeEntry] = []
    ranges = data.get("ranges")
    if not isinstance(ranges, list):
        raise ValueError("a MAC range file needs a 'ranges' list")
    for item in ranges:
        if not isinstance(item, dict):
            raise ValueError("each range must be an object")
        start_text = str(item["start"])
        start = _parse_bound(start_text)
        end_text = str(item.get("end") or "")
        # Only "start" given: the OUI's whole block.
        end = _parse_bound(end_text) if end_text else start | 0xFFFFFF
        if end < start:
            raise ValueError(f"range ends before it starts: {start_text}..{end_text}")
        providers = item.get("providers") or []
        if not isinstance(providers, list):
            raise ValueError("'providers' must be a list")
        vendor = str(item["vendor"])
        entries.append(
            RangeEntry(
                vendor=vendor,
                label=str(item.get("label") or vendor),
                start=start,
                end=end,
                providers=tuple(str(p) for p in providers),
                note=str(item.get("note") or ""),
            )
        )
    return entries


class VendorTable:
    """MAC ranges -> vendor. Override entries win over built-in ones; the narrowest range wins."""

    def __init__(self, builtin: Sequence[RangeEntry], overrides: Sequence[RangeEntry] = (),
                 *, version: str = "", override_source: str = "override") -> None:
        self._builtin = sorted(builtin, key=lambda e: e.size)
        self._overrides = sorted(overrides, key=lambda e: e.size)
        self.version = version
        self._override_source = override_source

    @classmethod
    def load(cls, override_file: Path | None = None) -> VendorTable:
        """The built-in table, with ``override_file`` (same JSON format) on top if given."""
        import json

        base = builtin_vendor_table()
        if override_file is None:
            return base
        data = json.loads(Path(override_file).read_text(encoding="utf-8"))
        return cls(base._builtin, _entries_from_json(data), version=base.version,
                   override_source=Path(override_file).name)

    def guess(self, mac: Mac) -> VendorGuess | None:
        """The vendor the range suggests, or ``None`` when no range knows this MAC."""
        number = int(mac.value, 16)
        for entries, source in ((self._overrides, self._override_source), (self._builtin, "builtin")):
            for entry in entries:
                if entry.start <= number <= entry.end:
                    return VendorGuess(entry.vendor, entry.label, entry.providers, source, entry.note)
        return None

    def vendors(self) -> Iterable[str]:
        return sorted({e.vendor for e in (*self._builtin, *self._overrides)})


_BUILTIN: VendorTable | None = None


def builtin_vendor_table() -> VendorTable:
    """The table shipped in ``core/data/mac-ranges.json`` (parsed once)."""
    global _BUILTIN
    if _BUILTIN is None:
        # Imported here: the window paints before it needs the table (json + resources ~9 ms).
        import json
        from importlib import resources

        text = resources.files("falconieri_desktop.core.data").joinpath("mac-ranges.json").read_text(
            encoding="utf-8")
        data = json.loads(text)
        _BUILTIN = VendorTable(_entries_from_json(data), version=f"{data['version']} ({data['date']})")
    return _BUILTIN
