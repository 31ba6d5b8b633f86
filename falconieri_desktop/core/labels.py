"""Reading phone labels: barcodes in, device candidates out. No Qt here.

Three steps, each usable alone:

1. **Decode** (``decode_image``): a ``Decoder`` turns an image into ``Symbol``s (text, symbology,
   position). zxing-cpp is the default backend (formats restricted to what labels carry, two
   binarizer passes, releases the GIL); pyzbar is an optional backend behind the same interface
   (extra ``zbar``). ``live`` mode is for camera frames: ``LiveScanner`` runs one pass per frame,
   the binarizers taking turns. ``photo`` mode tries harder -- deskew by the angle of what was read,
   sharpen, upscale thin codes, a small rotation sweep -- only while no MAC has been found, and
   starts no pass after its deadline.
2. **Classify** (``classify``): what a decoded text means -- a MAC, a Gigaset MAC-ID, a serial number,
   an EAN/UPC product code (ignored), a payload of several fields (``MAC:…;SN:…``, key=value, JSON,
   URL query). Precision first: a text becomes a MAC only when ``core.mac.parse_mac`` accepts a whole
   field of it, never a substring, never a product code, and never a serial field.
3. **Group** (``group_reads``): what one image says, as one ``DeviceCandidate`` per distinct MAC
   (never silently the first), with the serial and MAC-ID code nearest to it, the vendor guess, and
   ``needs_crc`` when a Gigaset MAC came without its code.

``scan_label`` does all three. Results are frozen dataclasses, safe to hand between threads.
Measured facts behind the choices (platform.md §Barcodes): scanline decoders fail beyond ~8° of
rotation for long Code 128 symbols; thin modules need x1.5-2 upscaling; all-formats zxing is 3-4x
slower; serial misreads happen, so live reads are confirmed across frames (``ReadConfirmer``).
"""

from __future__ import annotations

import atexit
import io
import json
import math
import os
import re
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from pathlib import Path
from typing import Any, ClassVar, Protocol, TypeAlias
from urllib.parse import parse_qsl, urlsplit

import zxingcpp
from PIL import Image, ImageFilter, ImageOps, UnidentifiedImageError

from falconieri_desktop.core.errors import ConfigError, InputError
from falconieri_desktop.core.mac import Mac, VendorGuess, VendorTable, builtin_vendor_table, normalize_crc, parse_mac
from falconieri_desktop.core.texts import text

__all__ = [
    "DECODERS",
    "DEFAULT_BUDGET",
    "Decoder",
    "DeviceCandidate",
    "Frame",
    "ImageInput",
    "LabelRead",
    "LabelScan",
    "LiveScanner",
    "PixelFormat",
    "Point",
    "Quad",
    "ReadConfirmer",
    "ReadKind",
    "ScanMode",
    "Symbol",
    "Symbology",
    "ZbarDecoder",
    "ZxingDecoder",
    "classify",
    "decode_image",
    "get_decoder",
    "group_reads",
    "load_image",
    "scan_label",
]


# -- geometry -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Point:
    x: float
    y: float


@dataclass(frozen=True, slots=True)
class Quad:
    """Where a symbol is, in the pixel coordinates of the image given to the scan."""

    top_left: Point
    top_right: Point
    bottom_right: Point
    bottom_left: Point

    @property
    def corners(self) -> tuple[Point, Point, Point, Point]:
        return (self.top_left, self.top_right, self.bottom_right, self.bottom_left)

    @property
    def center(self) -> Point:
        return Point(sum(p.x for p in self.corners) / 4, sum(p.y for p in self.corners) / 4)

    @property
    def size(self) -> float:
        """The longer diagonal, a scale for "near" and "the same place"."""
        return max(math.dist((self.top_left.x, self.top_left.y), (self.bottom_right.x, self.bottom_right.y)),
                   math.dist((self.top_right.x, self.top_right.y), (self.bottom_left.x, self.bottom_left.y)))

    @property
    def skew(self) -> float | None:
        """Degrees the symbol leans (its side edges against the vertical), positive = counter-clockwise;
        None when the quad is too flat to tell (a 1-D symbol found on one scanline)."""
        dx = (self.bottom_left.x - self.top_left.x + self.bottom_right.x - self.top_right.x) / 2
        dy = (self.bottom_left.y - self.top_left.y + self.bottom_right.y - self.top_right.y) / 2
        return math.degrees(math.atan2(dx, dy)) if dy >= 8 else None

    def distance(self, other: Quad) -> float:
        a, b = self.center, other.center
        return math.hypot(a.x - b.x, a.y - b.y)

    def mapped(self, transform: Callable[[Point], Point]) -> Quad:
        return Quad(*(transform(p) for p in self.corners))


# -- what decoders return -------------------------------------------------------------------


class Symbology(StrEnum):
    """The barcode types a label reader cares about; EAN/UPC only to recognise and ignore them."""

    CODE128 = "code128"
    QR = "qr"
    DATA_MATRIX = "datamatrix"
    EAN13 = "ean13"
    EAN8 = "ean8"
    UPCA = "upca"
    UPCE = "upce"
    OTHER = "other"

    @property
    def is_product_code(self) -> bool:
        """EAN/UPC: a product (model) number, the same on every phone of a model; never a MAC."""
        return self in _PRODUCT_SYMBOLOGIES

    @property
    def is_2d(self) -> bool:
        return self in (Symbology.QR, Symbology.DATA_MATRIX)


_PRODUCT_SYMBOLOGIES = frozenset({Symbology.EAN13, Symbology.EAN8, Symbology.UPCA, Symbology.UPCE})


@dataclass(frozen=True, slots=True)
class Symbol:
    """One decoded barcode. ``valid`` False: located but not decodable (``text`` is then empty)."""

    text: str
    symbology: Symbology
    position: Quad | None
    valid: bool = True


# -- inputs ---------------------------------------------------------------------------------


class PixelFormat(StrEnum):
    """Byte order of a raw frame's pixels, as laid out in memory.

    QImage ``Format_RGB32``/``Format_ARGB32`` on little-endian machines (all the desktop ones) are
    ``BGRA8888``; ``Format_RGBA8888`` is ``RGBA8888``; ``Format_Grayscale8`` is ``GRAY8``.
    """

    GRAY8 = "gray8"
    RGB888 = "rgb888"
    BGR888 = "bgr888"
    RGBA8888 = "rgba8888"
    BGRA8888 = "bgra8888"
    ARGB8888 = "argb8888"

    @property
    def bytes_per_pixel(self) -> int:
        return {PixelFormat.GRAY8: 1, PixelFormat.RGB888: 3, PixelFormat.BGR888: 3}.get(self, 4)


_ZXING_FORMATS = {
    PixelFormat.GRAY8: zxingcpp.ImageFormat.Lum, PixelFormat.RGB888: zxingcpp.ImageFormat.RGB,
    PixelFormat.BGR888: zxingcpp.ImageFormat.BGR, PixelFormat.RGBA8888: zxingcpp.ImageFormat.RGBA,
    PixelFormat.BGRA8888: zxingcpp.ImageFormat.BGRA, PixelFormat.ARGB8888: zxingcpp.ImageFormat.ARGB,
}
# Pillow "raw" decoder modes: (image mode, raw mode) per pixel format.
_PIL_RAW = {
    PixelFormat.GRAY8: ("L", "L"), PixelFormat.RGB888: ("RGB", "RGB"), PixelFormat.BGR888: ("RGB", "BGR"),
    PixelFormat.RGBA8888: ("RGB", "RGBX"), PixelFormat.BGRA8888: ("RGB", "BGRX"),
    PixelFormat.ARGB8888: ("RGB", "XRGB"),
}


@dataclass(frozen=True, slots=True)
class Frame:
    """A raw pixel buffer (a camera frame, QImage bits, a numpy array) without copying it.

    ``data`` is anything with the buffer protocol (bytes, bytearray, memoryview, numpy array);
    ``stride`` is bytes per row, 0 for tightly packed rows. The buffer must not change while a
    decode runs (the camera worker hands over a frame it no longer writes to).
    """

    data: Any
    width: int
    height: int
    format: PixelFormat = PixelFormat.GRAY8
    stride: int = 0

    def __post_init__(self) -> None:
        if self.width <= 0 or self.height <= 0:
            raise ValueError(f"a frame needs a positive size, got {self.width}x{self.height}")
        row = self.width * self.format.bytes_per_pixel
        if self.stride and self.stride < row:
            raise ValueError(f"stride {self.stride} is shorter than a row of {row} bytes")
        available = memoryview(self.data).nbytes
        needed = self.row_stride * (self.height - 1) + row
        if available < needed:
            raise ValueError(f"a {self.width}x{self.height} {self.format} frame needs {needed} bytes, got {available}")

    @property
    def row_stride(self) -> int:
        return self.stride or self.width * self.format.bytes_per_pixel

    @classmethod
    def from_array(cls, array: Any, format: PixelFormat | None = None) -> Frame:
        """A frame over a C-contiguous HxW (grey) or HxWx3/4 (RGB/RGBA unless ``format`` says) array."""
        view = memoryview(array)
        if view.ndim == 2:
            height, width = view.shape or (0, 0)
            channels = 1
        elif view.ndim == 3:
            height, width, channels = view.shape or (0, 0, 0)
        else:
            raise ValueError(f"an image array has 2 or 3 dimensions, not {view.ndim}")
        if view.itemsize != 1 or not view.c_contiguous:
            raise ValueError("an image array must be C-contiguous 8-bit (uint8)")
        guessed = {1: PixelFormat.GRAY8, 3: PixelFormat.RGB888, 4: PixelFormat.RGBA8888}.get(channels)
        chosen = format or guessed
        if chosen is None or chosen.bytes_per_pixel != channels:
            raise ValueError(f"{channels} channels do not fit pixel format {chosen}")
        return cls(view, width, height, chosen)

    def to_image(self) -> Image.Image:
        """The frame as an 8-bit grey Pillow image (one copy)."""
        mode, raw_mode = _PIL_RAW[self.format]
        image = Image.frombuffer(mode, (self.width, self.height), bytes(memoryview(self.data).cast("B")),
                                 "raw", raw_mode, self.row_stride, 1)
        return image if mode == "L" else image.convert("L")


#: What ``scan_label`` accepts: a file path, encoded image bytes, a Pillow image, or a raw frame
#: (numpy arrays are wrapped with ``Frame.from_array``).
ImageInput: TypeAlias = "str | os.PathLike[str] | bytes | Image.Image | Frame | Any"


def load_image(source: str | os.PathLike[str] | bytes) -> Image.Image:
    """Open an image file or encoded bytes as 8-bit grey, upright per its EXIF orientation.

    Raises ``InputError('unreadable_image')`` naming the file and what is wrong with it.
    """
    name = "the image data" if isinstance(source, bytes) else Path(source).name
    try:
        with Image.open(io.BytesIO(source) if isinstance(source, bytes) else Path(source)) as opened:
            upright = ImageOps.exif_transpose(opened) or opened
            return upright.convert("L")
    except FileNotFoundError:
        raise InputError("unreadable_image", f"{name}: no such file.") from None
    except IsADirectoryError:
        raise InputError("unreadable_image", f"{name}: is a folder, not an image.") from None
    except UnidentifiedImageError:
        raise InputError("unreadable_image", f"{name}: not an image format that can be read.") from None
    except (OSError, ValueError, Image.DecompressionBombError) as exc:
        raise InputError("unreadable_image", f"{name}: {exc}") from None


def _as_source(image: ImageInput) -> Image.Image | Frame:
    if isinstance(image, Frame):
        return image
    if isinstance(image, Image.Image):
        return image if image.mode == "L" else image.convert("L")
    if isinstance(image, (str, os.PathLike, bytes)):
        return load_image(image)
    if isinstance(image, memoryview) or hasattr(image, "__array_interface__"):
        return Frame.from_array(image)
    raise TypeError(f"cannot read an image from a {type(image).__name__}")


# -- decoders -------------------------------------------------------------------------------


class Decoder(Protocol):
    """A barcode backend. ``passes`` are its strategies, the one for most frames first.

    ``decode`` runs one pass; it may be called from any thread, several at a time, and must not
    keep the image. ``thorough`` (photo mode) may search harder (90° turns, downscaled copies) and
    may return located-but-undecodable symbols (``valid`` False), which tell photo mode how the
    label leans and whether something is left unread.
    """

    name: str
    passes: tuple[str, ...]

    def decode(self, image: Image.Image | Frame, pass_name: str, *, thorough: bool = False) -> list[Symbol]:
        ...


_ZXING_SYMBOLOGY = {
    zxingcpp.BarcodeFormat.Code128: Symbology.CODE128,
    zxingcpp.BarcodeFormat.QRCode: Symbology.QR,
    zxingcpp.BarcodeFormat.DataMatrix: Symbology.DATA_MATRIX,
    zxingcpp.BarcodeFormat.EAN13: Symbology.EAN13,
    zxingcpp.BarcodeFormat.EAN8: Symbology.EAN8,
    zxingcpp.BarcodeFormat.UPCA: Symbology.UPCA,
    zxingcpp.BarcodeFormat.UPCE: Symbology.UPCE,
}


def _zxing_quad(position: Any) -> Quad:
    return Quad(*(Point(float(p.x), float(p.y)) for p in
                  (position.top_left, position.top_right, position.bottom_right, position.bottom_left)))


class ZxingDecoder:
    """zxing-cpp, formats restricted to what labels carry, two binarizers.

    ``local-average`` suits uneven light; ``fixed-threshold`` recovers codes whose thin bars the
    local binarizer eats under noise or blur (platform.md: the second pass is what makes zxing
    beat zbar on real frames).
    """

    name: str = "zxing"
    passes: tuple[str, ...] = ("local-average", "fixed-threshold")
    _BINARIZERS: ClassVar[dict[str, zxingcpp.Binarizer]] = {
        "local-average": zxingcpp.Binarizer.LocalAverage, "fixed-threshold": zxingcpp.Binarizer.FixedThreshold}
    _FORMATS: ClassVar[zxingcpp.BarcodeFormats] = zxingcpp.BarcodeFormats(list(_ZXING_SYMBOLOGY))

    def decode(self, image: Image.Image | Frame, pass_name: str, *, thorough: bool = False) -> list[Symbol]:
        source: Any = image
        if isinstance(image, Frame):  # zero-copy: zxing reads the caller's buffer in place
            source = zxingcpp.ImageView(image.data, image.width, image.height, _ZXING_FORMATS[image.format],
                                        image.row_stride)
        barcodes = zxingcpp.read_barcodes(
            source, formats=self._FORMATS, binarizer=self._BINARIZERS[pass_name],
            # Live frames come from a camera held level; photos may be portrait or huge.
            try_rotate=thorough, try_downscale=thorough, try_invert=False, return_errors=thorough)
        symbols = []
        for barcode in barcodes:
            valid = barcode.valid
            symbols.append(Symbol(barcode.text if valid else "", _ZXING_SYMBOLOGY.get(barcode.format, Symbology.OTHER),
                                  _zxing_quad(barcode.position), valid))
        return symbols



def _release_zxing_formats() -> None:
    # nanobind reports objects still alive when its module is torn down as "leaked"; drop ours first.
    ZxingDecoder._FORMATS = None  # type: ignore[assignment]


atexit.register(_release_zxing_formats)

class ZbarDecoder:
    """pyzbar (libzbar), the optional backend (extra ``zbar``): no Data Matrix, one pass."""

    name: str = "zbar"
    passes: tuple[str, ...] = ("zbar",)

    def __init__(self) -> None:
        try:
            from pyzbar import pyzbar
        except (ImportError, OSError) as exc:  # OSError: the module is there, libzbar is not
            raise ConfigError(
                "decoder_unavailable",
                f"The zbar decoder needs pyzbar and the zbar library ({exc}).") from None
        self._pyzbar = pyzbar
        symbols = pyzbar.ZBarSymbol
        self._symbols = [symbols.CODE128, symbols.QRCODE, symbols.EAN13, symbols.EAN8, symbols.UPCA,
                         symbols.UPCE]
        self._types = {"CODE128": Symbology.CODE128, "QRCODE": Symbology.QR, "EAN13": Symbology.EAN13,
                       "EAN8": Symbology.EAN8, "UPCA": Symbology.UPCA, "UPCE": Symbology.UPCE}

    def decode(self, image: Image.Image | Frame, pass_name: str, *, thorough: bool = False) -> list[Symbol]:
        gray = image.to_image() if isinstance(image, Frame) else image
        found = self._pyzbar.decode((gray.tobytes(), gray.width, gray.height), symbols=self._symbols)
        symbols = []
        for item in found:
            try:
                text = item.data.decode("utf-8")
            except UnicodeDecodeError:
                text = item.data.decode("latin-1")
            rect = item.rect
            quad = Quad(Point(rect.left, rect.top), Point(rect.left + rect.width, rect.top),
                        Point(rect.left + rect.width, rect.top + rect.height),
                        Point(rect.left, rect.top + rect.height))
            symbols.append(Symbol(text, self._types.get(item.type, Symbology.OTHER), quad))
        return symbols


#: Backend name -> factory. ``zbar`` raises ``ConfigError('decoder_unavailable')`` when missing.
DECODERS: dict[str, Callable[[], Decoder]] = {"zxing": ZxingDecoder, "zbar": ZbarDecoder}
_DEFAULT_DECODERS: dict[str, Decoder] = {}


def get_decoder(name: str = "zxing") -> Decoder:
    """A shared decoder instance (decoders are stateless and thread-safe)."""
    if name not in DECODERS:
        raise ConfigError("decoder_unavailable",
                          f"There is no barcode decoder named {name!r}; known: {', '.join(DECODERS)}.")
    if name not in _DEFAULT_DECODERS:
        _DEFAULT_DECODERS[name] = DECODERS[name]()
    return _DEFAULT_DECODERS[name]


# -- classifying decoded text -----------------------------------------------------------------


class ReadKind(StrEnum):
    MAC = "mac"  # a MAC address
    MAC_ID = "mac_id"  # a Gigaset MAC-ID: MAC + 4-character code
    SERIAL = "serial"  # a serial number
    CRC = "crc"  # a MAC-ID code on its own (a labelled field of a payload)
    PRODUCT_CODE = "product_code"  # EAN/UPC/GTIN: ignored
    UNKNOWN = "unknown"  # read correctly, means nothing we use (model, part number, URL, ...)


@dataclass(frozen=True, slots=True)
class LabelRead:
    """A decoded text and what it means. A payload with several fields may fill mac, crc and serial."""

    text: str
    symbology: Symbology
    position: Quad | None
    kind: ReadKind
    mac: Mac | None = None
    crc: str | None = None
    serial: str | None = None
    serial_labelled: bool = False  # the serial came with an SN/S/N/serial key or prefix
    note: str = ""

    @property
    def ignored(self) -> bool:
        return self.kind in (ReadKind.PRODUCT_CODE, ReadKind.UNKNOWN)


_MAC_KEYS = frozenset({"mac", "macaddress", "macaddr", "ethmac", "lanmac", "ethernetmac", "hwaddr", "wiredmac"})
_MAC_ID_KEYS = frozenset({"macid", "gigasetmacid"})
_SERIAL_KEYS = frozenset({"sn", "serial", "serialno", "serialnumber", "serialnr", "sernr", "serno", "snr",
                          "seriennummer"})
_CRC_KEYS = frozenset({"crc", "code", "macidcode", "maccode", "macidcrc", "pin"})
# Fields a label payload may carry that mean nothing for registration.
_IGNORED_KEYS = frozenset({"model", "ean", "gtin", "upc", "pn", "partnumber", "part", "sku", "fw", "hw", "version",
                           "vendor", "brand", "type", "name", "date", "mfg", "made", "id", "url"})

_KEYED = re.compile(r"^\s*(?P<key>[A-Za-z][A-Za-z0-9 /_.\-]{0,23}?)\s*[:=#]\s*(?P<value>.*?)\s*$", re.DOTALL)
# "S/N 123", "SN: 123", "Serial No. 123": a serial even if the value would parse as a MAC.
_SERIAL_PREFIX = re.compile(
    r"^\s*(?:S\s*/\s*N\s*[:=#.]?|(?:SN|SER(?:IAL)?(?:[\s_.-]*(?:NO|NR|NUMBER))?)\.?(?:\s*[:=#]|\s))\s*(?P<value>\S.*?)\s*$",
    re.IGNORECASE)
_MAC_ID_PREFIX = re.compile(r"^\s*MAC[\s_-]*ID\s*[:=#]?\s*", re.IGNORECASE)
_MAC_ID_BODY = re.compile(r"^(?P<mac>[0-9A-Fa-f:\-. ]{12,17}?)\s*-\s*(?P<crc>[A-Za-z0-9]{4})$")
_SERIAL_VALUE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9./\-]{3,39}$")
_BARE_SERIAL = re.compile(r"^(?=.*\d)[A-Z0-9]{8,24}$")
# Field separators; a comma or a space only where a key follows ("MAC:… SN:…" in one Code 128).
_FIELD_SPLIT = re.compile(
    r"[;\n\r\t|&]+|,\s*(?=[A-Za-z][A-Za-z0-9 /_.\-]{0,23}\s*[:=])"
    r"|\s+(?=(?:MAC(?:[\s_-]*(?:ID|ADDR(?:ESS)?))?|S/?N|SERIAL(?:[\s_.-]*(?:NO|NR|NUMBER))?|CRC|CODE)\s*[:=])",
    re.IGNORECASE)


def _norm_key(key: str) -> str:
    return "".join(ch for ch in key.lower() if ch.isalnum())


def _gtin_ok(digits: str) -> bool:
    """GTIN-8/12/13/14 check digit (EAN/UPC numbers printed as Code 128)."""
    if len(digits) not in (8, 12, 13, 14) or not digits.isdigit():
        return False
    body, check = digits[:-1], int(digits[-1])
    total = sum(int(ch) * (3 if i % 2 == 0 else 1) for i, ch in enumerate(reversed(body)))
    return (10 - total % 10) % 10 == check


@dataclass(frozen=True, slots=True)
class _Meaning:
    kind: ReadKind
    mac: Mac | None = None
    crc: str | None = None
    serial: str | None = None
    serial_labelled: bool = False
    note: str = ""


def _mac_id(value: str) -> tuple[Mac, str] | None:
    match = _MAC_ID_BODY.match(value.strip())
    if not match:
        return None
    try:
        return parse_mac(match.group("mac")), normalize_crc(match.group("crc")) or ""
    except InputError:
        return None


def _meaning_of_mac_field(value: str) -> _Meaning:
    """A field labelled MAC/MAC-ID: a MAC, a MAC-ID, or a rejected value (never guessed)."""
    body = _MAC_ID_PREFIX.sub("", value, count=1)
    found = _mac_id(body)
    if found:
        return _Meaning(ReadKind.MAC_ID, mac=found[0], crc=found[1])
    try:
        return _Meaning(ReadKind.MAC, mac=parse_mac(body))
    except InputError as exc:
        return _Meaning(ReadKind.UNKNOWN, note=f"labelled as a MAC but not one: {exc.message}")


def _meaning_of_bare(value: str, symbology: Symbology, vendors: VendorTable) -> _Meaning:
    """A value without a key: decide by its form, its symbology and the known MAC ranges."""
    text = value.strip()
    if not text:
        return _Meaning(ReadKind.UNKNOWN, note="empty")
    serial = _SERIAL_PREFIX.match(text)
    if serial:
        found = serial.group("value")
        if _SERIAL_VALUE.match(found):
            return _Meaning(ReadKind.SERIAL, serial=found, serial_labelled=True)
        return _Meaning(ReadKind.UNKNOWN, note="labelled as a serial number but not one")
    if _MAC_ID_PREFIX.match(text) or _MAC_ID_BODY.match(text):
        meaning = _meaning_of_mac_field(text)
        if meaning.kind is not ReadKind.UNKNOWN:
            return meaning
    try:
        mac = parse_mac(text)
    except InputError:
        mac = None
    if mac is not None:
        # 12 decimal digits may be a MAC or a number (a serial, a UPC-A as Code 128): only a known
        # vendor range tips it towards the MAC. Precision first: an unknown one is left to the user.
        if mac.value.isdigit() and not symbology.is_2d and vendors.guess(mac) is None:
            if _gtin_ok(mac.value):
                return _Meaning(ReadKind.PRODUCT_CODE, note="12 digits with a valid UPC check digit")
            return _Meaning(ReadKind.UNKNOWN, note="12 decimal digits outside every known MAC range: "
                                                   "a number, or a MAC to type by hand")
        return _Meaning(ReadKind.MAC, mac=mac)
    if _gtin_ok(text):
        return _Meaning(ReadKind.PRODUCT_CODE, note="a GTIN product code")
    if _BARE_SERIAL.match(text):
        return _Meaning(ReadKind.SERIAL, serial=text)
    return _Meaning(ReadKind.UNKNOWN)


def _fields(text: str) -> list[tuple[str | None, str]]:
    """The (key, value) fields of a payload; key None for a bare value. One field for plain text."""
    stripped = text.strip()
    if stripped.startswith("{"):
        try:
            data = json.loads(stripped)
        except ValueError:
            data = None
        if isinstance(data, dict):
            return [(str(k), v if isinstance(v, str) else json.dumps(v))
                    for k, v in data.items() if isinstance(v, (str, int))]
    if "://" in stripped and "?" in stripped:
        query = urlsplit(stripped).query
        pairs = parse_qsl(query, keep_blank_values=False)
        if pairs:
            return [(k, v) for k, v in pairs]
    pieces = [p for p in _FIELD_SPLIT.split(stripped) if p.strip()]
    fields: list[tuple[str | None, str]] = []
    for piece in pieces:
        keyed = _KEYED.match(piece)
        key = _norm_key(keyed.group("key")) if keyed else ""
        if keyed and key in (_MAC_KEYS | _MAC_ID_KEYS | _SERIAL_KEYS | _CRC_KEYS | _IGNORED_KEYS):
            fields.append((keyed.group("key"), keyed.group("value")))
        else:  # "AA:BB:CC:DD:EE:FF" has a colon but no key
            fields.append((None, piece))
    return fields


_IGNORED_NOTE = " field ignored"


def _meaning_of_field(key: str | None, value: str, symbology: Symbology, vendors: VendorTable) -> _Meaning:
    if key is None:
        return _meaning_of_bare(value, symbology, vendors)
    normalized = _norm_key(key)
    if normalized in _MAC_KEYS or normalized in _MAC_ID_KEYS:
        return _meaning_of_mac_field(value)
    if normalized in _SERIAL_KEYS:
        cleaned = value.strip()
        if _SERIAL_VALUE.match(cleaned):
            return _Meaning(ReadKind.SERIAL, serial=cleaned, serial_labelled=True)
        return _Meaning(ReadKind.UNKNOWN, note=f"the {key} field is not a serial number")
    if normalized in _CRC_KEYS:
        try:
            crc = normalize_crc(value)
        except InputError:
            crc = None
        if crc:
            return _Meaning(ReadKind.CRC, crc=crc)
        return _Meaning(ReadKind.UNKNOWN, note=f"the {key} field is not a MAC-ID code")
    return _Meaning(ReadKind.UNKNOWN, note=f"{key}{_IGNORED_NOTE}")


def classify(text: str, symbology: Symbology = Symbology.CODE128, position: Quad | None = None, *,
             vendors: VendorTable | None = None) -> tuple[LabelRead, ...]:
    """What a decoded text means. One ``LabelRead`` per MAC it holds (at least one read in all).

    EAN/UPC symbols are product codes whatever their digits. A payload with one MAC gets that MAC's
    serial and code; a payload with several MACs gives one read per MAC and keeps serial and code
    apart (they would belong to a guess).
    """
    if symbology.is_product_code:
        return (LabelRead(text, symbology, position, ReadKind.PRODUCT_CODE, note="EAN/UPC product code"),)
    table = vendors or builtin_vendor_table()
    fields = _fields(text)
    if len(fields) == 1:
        key, value = fields[0]
        if key is None:
            value = text  # the whole text, with its own separators, is the value
        m = _meaning_of_field(key, value, symbology, table)
        return (LabelRead(text, symbology, position, m.kind, m.mac, m.crc, m.serial, m.serial_labelled, m.note),)
    meanings = [_meaning_of_field(key, value, symbology, table) for key, value in fields]
    macs: dict[str, _Meaning] = {}
    for m in meanings:
        if m.mac is not None:
            known = macs.get(m.mac.value)
            if known is None or (known.crc is None and m.crc):
                macs[m.mac.value] = m
    serials = [m for m in meanings if m.serial]
    crcs = {m.crc for m in meanings if m.crc}
    notes = [m.note for m in meanings if m.note and not m.note.endswith(_IGNORED_NOTE)]
    if not macs:  # a payload without a MAC may still carry the serial or code of a MAC read nearby
        best_serial = next((m for m in serials if m.serial_labelled), serials[0] if serials else None)
        kind = ReadKind.SERIAL if best_serial else ReadKind.CRC if len(crcs) == 1 else ReadKind.UNKNOWN
        return (LabelRead(text, symbology, position, kind, None, next(iter(crcs)) if len(crcs) == 1 else None,
                          best_serial.serial if best_serial else None,
                          bool(best_serial and best_serial.serial_labelled), "; ".join(notes)),)
    if len(macs) > 1:
        note = "several MACs in one code; serial and code not assigned"
        return tuple(LabelRead(text, symbology, position, m.kind, m.mac, m.crc if m.kind is ReadKind.MAC_ID else None,
                               note=note) for m in macs.values())
    only = next(iter(macs.values()))
    crc = next(iter(crcs)) if len(crcs) == 1 else None
    if len(crcs) > 1:
        notes.append("the payload holds different MAC-ID codes; none was taken")
    labelled = {m.serial for m in serials if m.serial_labelled}
    pool = labelled or {m.serial for m in serials}
    serial = next(iter(pool)) if len(pool) == 1 else None
    if len(pool) > 1:
        notes.append("the payload holds different serial numbers; none was taken")
    kind = ReadKind.MAC_ID if crc else ReadKind.MAC
    return (LabelRead(text, symbology, position, kind, only.mac, crc, serial, bool(serial and labelled),
                      "; ".join(notes)),)


# -- grouping into devices --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DeviceCandidate:
    """One phone that the image shows: a MAC and what was read next to it."""

    mac: Mac
    crc: str | None
    serial: str | None
    vendor: VendorGuess | None
    needs_crc: bool  # a Gigaset MAC (by range) without its MAC-ID code: ask the user for it
    reads: tuple[LabelRead, ...]
    notes: tuple[str, ...] = ()

    @property
    def provider(self) -> str | None:
        """The provider the MAC range suggests first (a guess; the user may pick another)."""
        return self.vendor.provider if self.vendor else None

    @property
    def providers(self) -> tuple[str, ...]:
        return self.vendor.providers if self.vendor else ()

    @property
    def position(self) -> Quad | None:
        """Where the MAC was read (for an overlay), if the decoder said."""
        return next((r.position for r in self.reads if r.mac is not None and r.position is not None), None)


def _nearest(position: Quad | None, groups: Sequence[list[LabelRead]]) -> int | None:
    """Index of the group whose MAC read is nearest to ``position``, if near enough to be on the
    same label: within one symbol length (a label's codes sit closer than that to each other, the
    next label's farther). None when it cannot be told."""
    if position is None:
        return 0 if len(groups) == 1 else None
    best: tuple[float, int] | None = None
    for index, reads in enumerate(groups):
        for read in reads:
            if read.mac is None:
                continue
            if read.position is None:
                return 0 if len(groups) == 1 else None
            distance = position.distance(read.position)
            if distance <= max(position.size, read.position.size) and (best is None or distance < best[0]):
                best = (distance, index)
    return best[1] if best else None


def group_reads(reads: Iterable[LabelRead], *, vendors: VendorTable | None = None) -> tuple[DeviceCandidate, ...]:
    """One candidate per distinct MAC, in reading order (top to bottom, then left to right).

    Serials and codes read on their own go to the nearest MAC on the same label (none if no MAC
    is near: that label's MAC was not read); a payload's own serial and code win over those, and
    a labelled serial over an unlabelled one. Different codes, or different serials in the MAC's
    own reads, are all refused and noted; of several loose serials the nearest is taken, noted.
    """
    table = vendors or builtin_vendor_table()
    all_reads = list(reads)
    order: dict[str, list[LabelRead]] = {}
    for read in all_reads:
        if read.mac is not None:
            order.setdefault(read.mac.value, []).append(read)
    groups = list(order.values())
    loose: list[list[LabelRead]] = [[] for _ in groups]
    for read in all_reads:
        if read.mac is None and (read.serial or read.crc):
            index = _nearest(read.position, groups)
            if index is not None:
                loose[index].append(read)
    candidates = []
    for mac_reads, extra in zip(groups, loose, strict=True):
        mac = mac_reads[0].mac
        assert mac is not None
        notes: list[str] = []
        crc = _pick({r.crc for r in mac_reads if r.crc}, "MAC-ID codes", notes)
        if crc is None and not any(r.crc for r in mac_reads):
            crc = _pick({r.crc for r in extra if r.crc}, "MAC-ID codes", notes)
        serial = _pick({r.serial for r in mac_reads if r.serial}, "serial numbers", notes)
        if serial is None and not any(r.serial for r in mac_reads):
            labelled = [r for r in extra if r.serial and r.serial_labelled]
            pool = labelled or [r for r in extra if r.serial]
            if pool:
                anchor = next((r.position for r in mac_reads if r.position is not None), None)
                if anchor is not None and all(r.position is not None for r in pool):
                    pool = sorted(pool, key=lambda r: anchor.distance(r.position) if r.position else 0.0)
                    serial = pool[0].serial
                    if len({r.serial for r in pool}) > 1:
                        notes.append(text("several serial numbers near this MAC; took the nearest"))
                else:
                    serial = _pick({r.serial for r in pool if r.serial}, "serial numbers", notes)
        guess = table.guess(mac)
        needs_crc = crc is None and guess is not None and guess.vendor == "gigaset"
        candidates.append(DeviceCandidate(mac, crc, serial, guess, needs_crc, (*mac_reads, *extra), tuple(notes)))

    def reading_order(candidate: DeviceCandidate) -> tuple[float, float]:
        where = candidate.position
        return (where.center.y, where.center.x) if where else (0.0, 0.0)

    if all(c.position is not None for c in candidates):
        candidates.sort(key=reading_order)
    return tuple(candidates)


def _pick(values: set[str | None], what: str, notes: list[str]) -> str | None:
    found = {v for v in values if v}
    if len(found) > 1:
        read = ", ".join(sorted(found))
        notes.append(text("different MAC-ID codes were read ({read}); none was taken", read=read)
                     if what == "MAC-ID codes" else
                     text("different serial numbers were read ({read}); none was taken", read=read))
        return None
    return next(iter(found), None)


# -- scanning -------------------------------------------------------------------------------


class ScanMode(StrEnum):
    LIVE = "live"  # one fast pass (camera frames): ~5-20 ms at 1280x720
    PHOTO = "photo"  # more effort while nothing valid was found, within the deadline


#: Default time budgets in seconds, from the start of the scan.
DEFAULT_BUDGET = {ScanMode.LIVE: 0.05, ScanMode.PHOTO: 1.5}


@dataclass(frozen=True, slots=True)
class LabelScan:
    """Everything one image yielded."""

    devices: tuple[DeviceCandidate, ...]
    reads: tuple[LabelRead, ...]  # every valid symbol, including ignored ones, in decoding order
    mode: ScanMode
    backend: str
    width: int
    height: int
    elapsed: float  # seconds
    passes: tuple[str, ...]  # the passes that ran, e.g. ("local-average", "upscale x2/local-average")
    timed_out: bool = False  # the deadline stopped passes that might still have found something

    @property
    def found(self) -> bool:
        return bool(self.devices)


class _Transform:
    """A resampled copy of the image and how to map its coordinates back to the original."""

    def __init__(self, name: str, image: Image.Image, back: Callable[[Point], Point]) -> None:
        self.name, self.image, self.back = name, image, back


def _scaled(image: Image.Image, factor: float) -> _Transform:
    size = (round(image.width * factor), round(image.height * factor))
    return _Transform(f"upscale x{factor:g}", image.resize(size, Image.Resampling.BICUBIC),
                      lambda p: Point(p.x / factor, p.y / factor))


def _rotated(image: Image.Image, angle: float, factor: float = 1.0) -> _Transform:
    """``image`` rotated by ``angle`` degrees counter-clockwise (and scaled), with the inverse map."""
    source = image if factor == 1.0 else image.resize((round(image.width * factor), round(image.height * factor)),
                                                      Image.Resampling.BICUBIC)
    turned = source.rotate(angle, Image.Resampling.BICUBIC, expand=True, fillcolor=255)
    cx, cy = source.width / 2, source.height / 2
    ncx, ncy = turned.width / 2, turned.height / 2
    rad = math.radians(angle)
    cos, sin = math.cos(rad), math.sin(rad)

    def back(p: Point) -> Point:
        dx, dy = p.x - ncx, p.y - ncy
        # Pillow turns counter-clockwise on screen (y down): undo with the opposite rotation.
        x = cx + dx * cos - dy * sin
        y = cy + dx * sin + dy * cos
        return Point(x / factor, y / factor)

    name = f"rotate {angle:+.1f}°" + (f" x{factor:g}" if factor != 1.0 else "")
    return _Transform(name, turned, back)


def _same_symbol(a: Symbol, b: Symbol) -> bool:
    if a.text != b.text or a.symbology is not b.symbology:
        return False
    if a.position is None or b.position is None:
        return True
    return a.position.distance(b.position) < max(a.position.size, b.position.size, 10.0)


class _Collector:
    """Symbols from every pass, deduplicated, in original-image coordinates."""

    def __init__(self, vendors: VendorTable) -> None:
        self.symbols: list[Symbol] = []
        self.located: list[Symbol] = []
        self.reads: list[LabelRead] = []
        self._vendors = vendors

    def add(self, found: Iterable[Symbol], back: Callable[[Point], Point] | None = None) -> None:
        for raw in found:
            symbol = raw
            if back is not None and raw.position is not None:
                symbol = replace(raw, position=raw.position.mapped(back))
            if not symbol.valid:
                self.located.append(symbol)
                continue
            if any(_same_symbol(symbol, known) for known in self.symbols):
                continue
            self.symbols.append(symbol)
            self.reads.extend(classify(symbol.text, symbol.symbology, symbol.position, vendors=self._vendors))

    @property
    def has_device(self) -> bool:
        return any(read.mac is not None for read in self.reads)

    def has_unread(self) -> bool:
        """Whether a symbol was located where nothing of its kind was decoded."""
        for symbol in self.located:
            # Sensor noise makes zxing "locate" phantom Data Matrix symbols anywhere: not a hint.
            # An unread EAN/UPC would be ignored anyway.
            if (symbol.position is None or symbol.symbology is Symbology.DATA_MATRIX
                    or symbol.symbology.is_product_code):
                continue
            where = symbol.position
            if not any(known.symbology is symbol.symbology and known.position is not None
                       and known.position.distance(where) < max(known.position.size, where.size) / 2
                       for known in self.symbols):
                return True
        return False


@dataclass(slots=True)
class _Clock:
    deadline: float
    timed_out: bool = False
    passes: list[str] = field(default_factory=list)

    def allows(self) -> bool:
        if time.monotonic() >= self.deadline:
            self.timed_out = True
            return False
        return True


def decode_image(image: ImageInput, *, mode: ScanMode | str = ScanMode.PHOTO, decoder: Decoder | str | None = None,
                 deadline: float | None = None, vendors: VendorTable | None = None,
                 pass_name: str | None = None) -> LabelScan:
    """Decode and classify, without grouping (``scan_label`` groups). See ``scan_label``."""
    start = time.monotonic()
    chosen_mode = ScanMode(mode)
    backend = get_decoder(decoder or "zxing") if isinstance(decoder, str) or decoder is None else decoder
    table = vendors or builtin_vendor_table()
    clock = _Clock(deadline if deadline is not None else start + DEFAULT_BUDGET[chosen_mode])
    source = _as_source(image)
    width, height = (source.width, source.height)
    collected = _Collector(table)
    if pass_name is not None and pass_name not in backend.passes:
        raise ValueError(f"the {backend.name} decoder has no pass {pass_name!r}; it has {', '.join(backend.passes)}")
    if chosen_mode is ScanMode.LIVE:
        for index, name in enumerate((pass_name,) if pass_name else backend.passes):
            if index and (collected.has_device or not clock.allows()):
                break
            clock.passes.append(name)
            collected.add(backend.decode(source, name))
    else:
        gray = source.to_image() if isinstance(source, Frame) else source
        _photo_passes(gray, backend, collected, clock)
    return LabelScan((), tuple(collected.reads), chosen_mode, backend.name, width, height,
                     time.monotonic() - start, tuple(clock.passes), clock.timed_out)


_MAX_UPSCALED_PIXELS = 4_000_000  # x2 of a 1280x720 frame is 3.7 MP; bigger photos have modules to spare
_SWEEP = (7.0, -7.0, 14.0, -14.0, 21.0, -21.0)


def _sharpened(image: Image.Image) -> _Transform:
    # Undoes a focus blur of about a module (measured: sigma 2 px at 3 px/module reads again).
    return _Transform("sharpen", image.filter(ImageFilter.UnsharpMask(radius=2, percent=200, threshold=0)),
                      lambda p: p)


def _photo_stages(gray: Image.Image, skew: float | None) -> Iterator[Callable[[], _Transform]]:
    """The extra efforts of photo mode, most likely to pay first; built lazily (each costs time)."""
    tried: list[float] = []
    if skew is not None and abs(skew) >= 2.0:
        # Whatever was read or located (an EAN reads at angles a long Code 128 does not) shows how
        # the label leans: straighten the image by that angle.
        tried.append(-skew)
        yield lambda: _rotated(gray, -skew)
    yield lambda: _sharpened(gray)
    pixels = gray.width * gray.height
    factor = 2.0 if pixels * 4 <= _MAX_UPSCALED_PIXELS else 1.5
    if pixels * factor * factor <= _MAX_UPSCALED_PIXELS:
        yield lambda: _scaled(gray, factor)
    for angle in _SWEEP:
        if all(abs(angle - done) >= 3.0 for done in tried):
            yield lambda angle=angle: _rotated(gray, angle)  # type: ignore[misc]


def _photo_passes(gray: Image.Image, backend: Decoder, collected: _Collector, clock: _Clock) -> None:
    def run_all(image: Image.Image, name: str, back: Callable[[Point], Point] | None) -> bool:
        """Every pass of the backend on ``image``; False when the deadline stopped it."""
        for index, pass_name in enumerate(backend.passes):
            if (index or name) and not clock.allows():
                return False
            clock.passes.append(f"{name}/{pass_name}" if name else pass_name)
            collected.add(backend.decode(image, pass_name, thorough=True), back)
        return True

    if not run_all(gray, "", None):
        return
    skews = sorted(skew for s in (*collected.symbols, *collected.located)
                   if s.position is not None and (skew := s.position.skew) is not None)
    skew = skews[len(skews) // 2] if skews else None
    # Once a MAC is found, a code that was located but not decoded (often the QR with the serial)
    # earns a couple more stages, no more.
    completion_stages = 2
    for make in _photo_stages(gray, skew):
        if collected.has_device:
            if completion_stages == 0 or not collected.has_unread():
                return
            completion_stages -= 1
        if not clock.allows():
            return
        transform = make()
        if not run_all(transform.image, transform.name, transform.back):
            return


def scan_label(image: ImageInput, *, mode: ScanMode | str = ScanMode.PHOTO, decoder: Decoder | str | None = None,
               deadline: float | None = None, vendors: VendorTable | None = None,
               pass_name: str | None = None) -> LabelScan:
    """Read every barcode in ``image`` and tell which phones it shows.

    ``image``: a file path, encoded bytes, a Pillow image, a ``Frame`` or a numpy array.
    ``mode``: ``live`` (one fast pass; the second binarizer only if the first found no MAC) or
    ``photo`` (both binarizers, then deskew/upscale/rotation passes while no MAC was found).
    ``decoder``: a ``Decoder`` or a backend name (``zxing``, ``zbar``).
    ``deadline``: a ``time.monotonic()`` value after which no new pass starts (a running pass is
    not interrupted: ~5-40 ms at 720p); default ``DEFAULT_BUDGET[mode]`` from now.
    Raises ``InputError('unreadable_image')`` for a file that is not a readable image and
    ``ConfigError('decoder_unavailable')`` for a backend that is not installed.
    """
    table = vendors or builtin_vendor_table()
    scan = decode_image(image, mode=mode, decoder=decoder, deadline=deadline, vendors=table, pass_name=pass_name)
    return replace(scan, devices=group_reads(scan.reads, vendors=table))


# -- live confirmation ----------------------------------------------------------------------


class ReadConfirmer:
    """Live mode: accept a device only once the same MAC was read in ``needed`` frames within ``window``
    seconds; its serial and code only once they too were read that often (misreads happen).

    ``feed`` returns the devices that became confirmed or gained a confirmed field with this frame.
    Use from one thread (the camera worker or the GUI thread), not both.
    """

    def __init__(self, *, needed: int = 2, window: float = 1.0) -> None:
        if needed < 1:
            raise ValueError("needed must be at least 1")
        self.needed = needed
        self.window = window
        self._seen: dict[str, list[tuple[float, DeviceCandidate]]] = {}
        self._reported: dict[str, DeviceCandidate] = {}

    def reset(self) -> None:
        self._seen.clear()
        self._reported.clear()

    def feed(self, scan: LabelScan, now: float | None = None) -> tuple[DeviceCandidate, ...]:
        moment = time.monotonic() if now is None else now
        changed = []
        for candidate in scan.devices:
            history = [(t, c) for t, c in self._seen.get(candidate.mac.value, []) if moment - t <= self.window]
            history.append((moment, candidate))
            self._seen[candidate.mac.value] = history
            if len(history) < self.needed:
                continue
            crc = self._confirmed([c.crc for _, c in history])
            serial = self._confirmed([c.serial for _, c in history])
            needs_crc = crc is None and candidate.vendor is not None and candidate.vendor.vendor == "gigaset"
            confirmed = replace(candidate, crc=crc, serial=serial, needs_crc=needs_crc)
            before = self._reported.get(candidate.mac.value)
            if before is None or (before.crc, before.serial) != (crc, serial):
                self._reported[candidate.mac.value] = confirmed
                changed.append(confirmed)
        return tuple(changed)

    def _confirmed(self, values: list[str | None]) -> str | None:
        counts: dict[str, int] = {}
        for value in values:
            if value:
                counts[value] = counts.get(value, 0) + 1
        agreed = [v for v, n in counts.items() if n >= self.needed]
        return agreed[0] if len(agreed) == 1 else None


class LiveScanner:
    """Camera frames: one decoder pass per frame, the binarizers taking turns, reads confirmed
    across frames (``ReadConfirmer``). One pass keeps a 1280x720 frame within ~20 ms even when
    sensor noise makes zxing slow; the next frame gets the other binarizer.

    Call ``scan`` from one worker thread ("latest frame wins": drop frames while it is busy).
    """

    def __init__(self, decoder: Decoder | str | None = None, *, needed: int = 2, window: float = 1.0,
                 vendors: VendorTable | None = None) -> None:
        self.decoder = get_decoder(decoder or "zxing") if isinstance(decoder, str) or decoder is None else decoder
        self.confirmer = ReadConfirmer(needed=needed, window=window)
        self._vendors = vendors or builtin_vendor_table()
        self._turn = 0

    def scan(self, frame: ImageInput, now: float | None = None) -> tuple[LabelScan, tuple[DeviceCandidate, ...]]:
        """Decode ``frame`` with the next pass; return its scan and the devices confirmed by it."""
        pass_name = self.decoder.passes[self._turn % len(self.decoder.passes)]
        self._turn += 1
        scan = scan_label(frame, mode=ScanMode.LIVE, decoder=self.decoder, vendors=self._vendors,
                          pass_name=pass_name)
        return scan, self.confirmer.feed(scan, now)

    def reset(self) -> None:
        """Forget confirmed devices (the user moved on to the next phone)."""
        self.confirmer.reset()
