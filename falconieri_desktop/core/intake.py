"""Text in, devices out: what a technician types, a barcode wedge scanner types, or a paste holds.

One line may be a MAC in any form, a Gigaset MAC-ID, a MAC followed by its serial or code, a
label payload (``MAC:…;SN:…``), or cells copied from a spreadsheet row (tab-separated, possibly
with a URL). Meaning is decided by ``core.labels.classify`` -- the same rules as camera reads, so
a wedge scanner and the webcam agree -- and a product barcode (EAN/UPC) is *ignored with a note*,
not reported as a bad MAC: scanning the wrong barcode on a box is ordinary.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from falconieri_desktop.core.errors import InputError
from falconieri_desktop.core.labels import LabelRead, ReadKind, Symbology, classify, group_reads
from falconieri_desktop.core.mac import Mac, VendorGuess, VendorTable, builtin_vendor_table, normalize_crc, parse_mac

__all__ = ["Entry", "EntryResult", "parse_entry", "parse_paste"]

_URL = re.compile(r"^(?:https?|ftp|tftp)://\S+$", re.IGNORECASE)
_CODE = re.compile(r"^[A-Za-z0-9]{4}$")
_TOKENS = re.compile(r"[\s,;]+")
# What wedge scanners may add around the data: an AIM symbology identifier ("]E0" EAN/UPC, "]C0"
# Code 128, "]Q1" QR, "]d2" Data Matrix) and control characters (STX/ETX framing, GS separators).
_AIM = re.compile(r"^\](?P<kind>[A-Za-z])[0-9A-Za-z]")
_AIM_SYMBOLOGIES = {"E": Symbology.EAN13, "C": Symbology.CODE128, "Q": Symbology.QR, "d": Symbology.DATA_MATRIX}
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]+")


@dataclass(frozen=True, slots=True)
class Entry:
    """A device read from text."""

    mac: Mac
    crc: str | None = None
    serial: str | None = None
    url: str | None = None
    vendor: VendorGuess | None = None
    needs_crc: bool = False  # a Gigaset MAC without its MAC-ID code
    notes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class EntryResult:
    """What one line gave: devices, and/or notes on what was ignored, or the error that explains it."""

    entries: tuple[Entry, ...] = ()
    ignored: tuple[str, ...] = ()  # e.g. "product barcode (EAN) ignored"
    error: InputError | None = None

    @property
    def ok(self) -> bool:
        return bool(self.entries)


def _reads(cell: str, vendors: VendorTable, symbology: Symbology = Symbology.CODE128) -> list[LabelRead]:
    reads = list(classify(cell, symbology, vendors=vendors))
    if any(r.mac is not None for r in reads) or not _TOKENS.search(cell.strip()) or symbology.is_product_code:
        return reads
    # "000413AABBCC 8015C3D40100001": a MAC and its serial typed on one line.
    tokens = [t for t in _TOKENS.split(cell.strip()) if t]
    token_reads = [r for t in tokens for r in classify(t, symbology, vendors=vendors)]
    return token_reads if any(r.mac is not None for r in token_reads) else reads


def _unwrap(text: str) -> tuple[str, Symbology]:
    """The data a wedge scanner typed, without framing characters or an AIM identifier, and its symbology."""
    line = _CONTROL.sub(" ", text or "").strip()
    aim = _AIM.match(line)
    if aim is None:
        return line, Symbology.CODE128
    return line[3:].strip(), _AIM_SYMBOLOGIES.get(aim.group("kind"), Symbology.OTHER)


def parse_entry(text: str, *, vendors: VendorTable | None = None) -> EntryResult:
    """Devices in one typed, scanned or pasted line."""
    table = vendors or builtin_vendor_table()
    line, symbology = _unwrap(text)
    if not line:
        return EntryResult(error=InputError("missing_mac_address"))
    cells = [c.strip() for c in line.split("\t")] if "\t" in line else [line]
    reads: list[LabelRead] = []
    urls: list[str] = []
    codes: list[str] = []
    for cell in cells:
        if not cell:
            continue
        if _URL.match(cell):
            urls.append(cell)
            continue
        cell_reads = _reads(cell, table, symbology)
        reads.extend(cell_reads)
        for read in cell_reads:  # a whole cell, or one token of "7C2F80AABBCC A1B2"
            if read.kind is ReadKind.UNKNOWN:
                codes.extend(t for t in _TOKENS.split(read.text) if _CODE.match(t))
    candidates = group_reads(reads, vendors=table)
    ignored = tuple(dict.fromkeys(
        ("Product barcode (EAN/UPC) ignored: scan the barcode of the MAC address."
         if r.kind is ReadKind.PRODUCT_CODE else r.note) for r in reads if r.ignored and
        (r.kind is ReadKind.PRODUCT_CODE)))
    if not candidates:
        # A scanner aimed at the serial's barcode instead of the MAC's: as ordinary as the EAN.
        serials = tuple(dict.fromkeys(
            f"Serial number {r.serial} ignored: scan the barcode of the MAC address."
            for r in reads if r.kind is ReadKind.SERIAL and r.serial_labelled and r.serial))
        if ignored or serials:
            return EntryResult(ignored=(*ignored, *serials))
        try:
            parse_mac(line)  # the MAC parser says precisely what is wrong with it
        except InputError as exc:
            return EntryResult(error=exc)
        return EntryResult(error=InputError("malformed_mac_address", f"No MAC address found in {line[:40]!r}."))
    entries = []
    url = urls[0] if len(urls) == 1 else None
    for candidate in candidates:
        crc = candidate.crc
        # "7C2F80AABBCC A1B2": a lone 4-character cell after a Gigaset MAC is its code.
        if crc is None and candidate.needs_crc and len(candidates) == 1 and len(codes) == 1:
            try:
                crc = normalize_crc(codes[0])
            except InputError:
                crc = None
        needs_crc = candidate.needs_crc and crc is None
        entries.append(Entry(candidate.mac, crc, candidate.serial, url, candidate.vendor, needs_crc,
                             candidate.notes))
    return EntryResult(tuple(entries), ignored)


def parse_paste(text: str, *, vendors: VendorTable | None = None) -> Iterator[tuple[int, EntryResult]]:
    """Each non-blank line of a paste (1-based line numbers); a header line yields an empty result."""
    table = vendors or builtin_vendor_table()
    for number, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        result = parse_entry(line, vendors=table)
        if number == 1 and not result.ok and _looks_like_header(line):
            continue
        yield number, result


def _looks_like_header(line: str) -> bool:
    words = {w.strip().lower() for w in re.split(r"[\t,;]+", line)}
    return bool(words & {"mac", "mac address", "indirizzo mac", "mac-id", "serial", "sn", "url", "provider"})
