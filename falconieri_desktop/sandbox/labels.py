"""Printable labels for the sandbox's demo phones, and synthetic camera frames of them.

Nobody knows what each vendor really prints (vendor-apis.md §9), so the demo labels carry what a
reader must cope with: the MAC as Code 128 in several forms, the Gigaset MAC-ID with and without
its code in a barcode, serial numbers with and without an ``SN`` prefix, a product EAN-13 that
must be ignored, and 2-D codes holding several fields (QR ``MAC:…;SN:…``, Data Matrix JSON).

``write_labels`` makes a sheet to print and scan with a real camera (``falconieri labels``);
``synthetic_frame`` puts one label into a 1280x720 "camera frame" with a chosen degradation, for
the tests, the benchmark and later the camera UI's tests. Everything is deterministic.

Qt-free, like the rest of the sandbox.
"""

from __future__ import annotations

import io
import random
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import barcode
import qrcode
import qrcode.constants
import zxingcpp
from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont

from falconieri_desktop.sandbox.demo import DEMO_DEVICES, DemoDevice

__all__ = [
    "DEGRADATIONS",
    "LAYOUTS",
    "FrameSpec",
    "LabelContent",
    "default_layout",
    "iter_frames",
    "label_content",
    "labels_for",
    "render_label",
    "render_sheets",
    "synthetic_frame",
    "write_labels",
]

#: Layout name -> what the label carries.
LAYOUTS: dict[str, str] = {
    "classic": "MAC Code 128 (bare), serial Code 128 (bare), product EAN-13",
    "qr": "QR 'MAC:…;SN:…', MAC Code 128 ('MAC:' prefix), product EAN-13",
    "datamatrix": "Data Matrix JSON {mac, sn}, MAC Code 128 (colon form), serial Code 128 ('SN:'), EAN-13",
    "mac-id": "Gigaset MAC-ID Code 128 (MAC-CODE), serial Code 128 ('S/N'), product EAN-13",
    "mac-id-text": "Gigaset MAC Code 128 (bare) with the MAC-ID code printed as text only, EAN-13",
}

_FONT_PATH = Path(barcode.__file__).parent / "fonts" / "DejaVuSansMono.ttf"
_A4_300DPI = (2480, 3508)
_PAPER = 255
_INK = 0


@dataclass(frozen=True, slots=True)
class LabelContent:
    """What one printed label says, barcode by barcode; the tests compare scans against it."""

    device: DemoDevice
    layout: str
    serial: str
    ean: str  # 12 digits; the check digit is computed by the encoder

    @property
    def serial_in_barcode(self) -> bool:
        """Whether a barcode carries the serial (the text-only MAC-ID layout has none)."""
        return self.layout != "mac-id-text"

    @property
    def crc_in_barcode(self) -> bool:
        """Whether the Gigaset MAC-ID code is in a barcode (not only printed as text)."""
        return self.layout == "mac-id" and self.device.crc is not None


def _label_serial(device: DemoDevice) -> str:
    """The device's serial, or a made-up one (13 characters, so never mistakable for a MAC)."""
    if device.serial:
        return device.serial
    model_code = "".join(ch for ch in device.model.split()[-1].upper() if ch.isalnum())[:4]
    return f"{model_code:X<4}{device.mac[6:]}{zlib.crc32(device.mac.encode()) % 1000:03d}"


def _label_ean(device: DemoDevice) -> str:
    # A made-up GS1 Germany number per model: same model, same product code, as on real boxes.
    return f"40{zlib.crc32(device.model.encode()) % 10**10:010d}"


def default_layout(device: DemoDevice, index: int = 0) -> str:
    """The layout a device gets on the demo sheet; ``index`` varies it across the sheet."""
    if device.crc:
        return ("mac-id", "mac-id", "mac-id-text")[index % 3]
    if device.serial:
        return "qr"
    return ("classic", "datamatrix", "qr")[index % 3]


def label_content(device: DemoDevice, layout: str | None = None, index: int = 0) -> LabelContent:
    """What the label of ``device`` carries in ``layout`` (default: ``default_layout``)."""
    chosen = layout or default_layout(device, index)
    if chosen not in LAYOUTS:
        raise ValueError(f"unknown label layout {chosen!r}; known: {', '.join(LAYOUTS)}")
    if chosen.startswith("mac-id") and not device.crc:
        raise ValueError(f"layout {chosen!r} needs a Gigaset device with a MAC-ID code")
    return LabelContent(device, chosen, _label_serial(device), _label_ean(device))


def labels_for(count: int | None = None, vendor: str | None = None) -> list[LabelContent]:
    """Labels for the demo devices (of ``vendor`` if given), cycled up to ``count`` labels."""
    devices = [d for d in DEMO_DEVICES if vendor is None or vendor.lower() in {d.vendor, d.provider}]
    if not devices:
        vendors = sorted({d.vendor for d in DEMO_DEVICES} | {d.provider for d in DEMO_DEVICES})
        raise ValueError(f"no demo device of vendor {vendor!r}; known: {', '.join(vendors)}")
    total = len(devices) if count is None else count
    if total < 1:
        raise ValueError("the number of labels must be at least 1")
    return [label_content(devices[i % len(devices)], index=i) for i in range(total)]


# -- rendering ----------------------------------------------------------------------------


def _font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(_FONT_PATH), max(8, size))


def _linear(kind: str, text: str, module_px: int, height_modules: int) -> Image.Image:
    """A python-barcode symbol painted with exact integer modules and a 10-module quiet zone.

    (python-barcode's ImageWriter converts through millimetres and dpi; its float rounding makes
    bars of one module 1 or 2 pixels wide at small sizes, which no printer or test should get.)
    """
    modules = barcode.get(kind, text).build()[0]
    quiet = 10
    image = Image.new("L", ((len(modules) + 2 * quiet) * module_px, height_modules * module_px), _PAPER)
    draw = ImageDraw.Draw(image)
    for index, bit in enumerate(modules):
        if bit == "1":
            x = (quiet + index) * module_px
            draw.rectangle((x, 0, x + module_px - 1, image.height - 1), fill=_INK)
    return image


def _qr(payload: str, module_px: int) -> Image.Image:
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=module_px, border=4)
    code.add_data(payload)
    code.make(fit=True)
    return code.make_image().get_image().convert("L")


def _data_matrix(payload: str, module_px: int) -> Image.Image:
    symbol = zxingcpp.create_barcode(payload, zxingcpp.BarcodeFormat.DataMatrix)
    pixels = memoryview(zxingcpp.write_barcode_to_image(symbol, scale=module_px))  # type: ignore[arg-type]
    height, width = pixels.shape or (0, 0)
    return Image.frombuffer("L", (width, height), bytes(pixels), "raw", "L", 0, 1)


def _colon(mac: str) -> str:
    return ":".join(mac[i:i + 2] for i in range(0, 12, 2))


def _ean13(digits12: str) -> str:
    """The 13-digit EAN with its check digit (what the printed digits and a scanner show)."""
    total = sum(int(ch) * (3 if i % 2 else 1) for i, ch in enumerate(digits12))
    return digits12 + str((10 - total % 10) % 10)


_Item = tuple[Image.Image | None, str]


def _rows(content: LabelContent, m: int) -> list[list[_Item]]:
    """Rows of (barcode image or None, caption under it), each row laid out left to right."""
    d = content.device
    ean: _Item = (_linear("ean13", content.ean, m, 40), f"EAN {_ean13(content.ean)}")
    if content.layout == "classic":
        return [[(_linear("code128", d.mac, m, 36), f"MAC {_colon(d.mac)}")],
                [(_linear("code128", content.serial, m, 28), f"S/N {content.serial}")],
                [ean]]
    if content.layout == "qr":
        return [[(_linear("code128", f"MAC:{d.mac}", m, 36), f"MAC {_colon(d.mac)}")],
                [ean, (_qr(f"MAC:{d.mac};SN:{content.serial}", m), f"SN {content.serial}")]]
    if content.layout == "datamatrix":
        payload = f'{{"mac":"{_colon(d.mac)}","sn":"{content.serial}","model":"{d.model}"}}'
        return [[(_linear("code128", _colon(d.mac), m, 36), f"MAC {_colon(d.mac)}")],
                [(_linear("code128", f"SN:{content.serial}", m, 28), f"SN {content.serial}")],
                [ean, (_data_matrix(payload, m), "")]]
    mac_id = f"{d.mac}-{d.crc}"
    if content.layout == "mac-id":
        return [[(_linear("code128", mac_id, m, 36), f"MAC-ID {mac_id}")],
                [(_linear("code128", f"S/N {content.serial}", m, 28), f"S/N {content.serial}")],
                [ean]]
    return [[(_linear("code128", d.mac, m, 36), f"MAC-ID {mac_id}")], [ean]]


def render_label(content: LabelContent, module_px: int = 4) -> Image.Image:
    """One label as an 8-bit grey image; every bar is exactly ``module_px`` pixels wide."""
    if module_px < 1:
        raise ValueError("module_px must be at least 1")
    m = module_px
    title_font, text_font = _font(9 * m), _font(7 * m)
    rows = _rows(content, m)
    pad, indent, line_h = 6 * m, 10 * m, 10 * m

    def item_width(item: _Item) -> int:
        image, caption = item
        text_w = round(text_font.getlength(caption)) + indent if caption else 0
        return max(image.width if image is not None else 0, text_w)

    width = max(sum(item_width(item) for item in row) for row in rows) + 2 * pad
    heights = [max(image.height if image is not None else 0 for image, _ in row) + line_h for row in rows]
    height = pad + 12 * m + sum(heights) + pad
    label = Image.new("L", (width, height), _PAPER)
    draw = ImageDraw.Draw(label)
    draw.rectangle((0, 0, width - 1, height - 1), outline=96, width=max(1, m // 2))  # the cut line
    draw.text((pad, pad), content.device.model, font=title_font, fill=_INK)
    y = pad + 12 * m
    for row, row_height in zip(rows, heights, strict=True):
        x = pad
        for item in row:
            image, caption = item
            image_h = image.height if image is not None else 0
            if image is not None:
                label.paste(image, (x, y))
            draw.text((x + indent, y + image_h), caption, font=text_font, fill=_INK)
            x += item_width(item)
        y += row_height
    return label


def render_sheets(labels: Sequence[LabelContent], *, page_size: tuple[int, int] = _A4_300DPI,
                  module_px: int = 4) -> list[Image.Image]:
    """A4 pages at 300 dpi (4 px modules = 0.34 mm, easy for a phone camera) with cut lines."""
    rendered = [render_label(content, module_px) for content in labels]
    margin, gap = 120, 60
    pages: list[Image.Image] = []
    page = Image.new("L", page_size, _PAPER)
    x, y, row_h = margin, margin, 0
    for image in rendered:
        if image.width > page_size[0] - 2 * margin:
            raise ValueError("a label is wider than the page; use a smaller module size")
        if x + image.width > page_size[0] - margin:
            x, y, row_h = margin, y + row_h + gap, 0
        if y + image.height > page_size[1] - margin:
            pages.append(page)
            page = Image.new("L", page_size, _PAPER)
            x, y, row_h = margin, margin, 0
        page.paste(image, (x, y))
        x += image.width + gap
        row_h = max(row_h, image.height)
    pages.append(page)
    return pages


def write_labels(path: Path, labels: Sequence[LabelContent]) -> list[Path]:
    """Write the sheets: one multi-page PDF, or PNGs (``name.png``, or ``name-1.png``… if several pages)."""
    suffix = path.suffix.lower()
    if suffix not in (".pdf", ".png"):
        raise ValueError(f"the output must end in .pdf or .png, not {path.name!r}")
    pages = render_sheets(labels)
    if suffix == ".pdf":
        # Bilevel pages go into the PDF as lossless CCITT G4 (~25 kB a page); grey ones as JPEG,
        # whose ringing around the bars is the last thing a barcode sheet needs.
        bilevel = [page.convert("1", dither=Image.Dither.NONE) for page in pages]
        bilevel[0].save(path, "PDF", resolution=300.0, save_all=True, append_images=bilevel[1:])
        return [path]
    if len(pages) == 1:
        pages[0].save(path, "PNG", dpi=(300, 300))
        return [path]
    written = []
    for number, page in enumerate(pages, start=1):
        target = path.with_name(f"{path.stem}-{number}{path.suffix}")
        page.save(target, "PNG", dpi=(300, 300))
        written.append(target)
    return written


# -- synthetic camera frames ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FrameSpec:
    """How a camera would see a label: scale, angle, optics and sensor faults."""

    px_per_module: float = 3.0
    rotation: float = 0.0  # degrees, counter-clockwise
    blur: float = 0.0  # Gaussian radius in pixels
    jpeg_quality: int | None = None
    contrast: float = 1.0  # 1 = paper white / ink black; 0.25 = a quarter of the range
    noise: float = 0.0  # peak amplitude of additive sensor noise, in grey levels
    tilt: float = 0.0  # perspective: the far edge shrinks by this fraction
    size: tuple[int, int] = (1280, 720)

    def describe(self) -> str:
        parts = [f"{self.px_per_module:g}px/mod"]
        for name, value, neutral in (("rot", self.rotation, 0.0), ("blur", self.blur, 0.0),
                                     ("contrast", self.contrast, 1.0), ("noise", self.noise, 0.0),
                                     ("tilt", self.tilt, 0.0)):
            if value != neutral:
                parts.append(f"{name} {value:g}")
        if self.jpeg_quality is not None:
            parts.append(f"jpeg q{self.jpeg_quality}")
        return ", ".join(parts)


_BASE = FrameSpec()
#: Degradation classes, a few cases each. ``clean`` ... ``perspective`` stay within the reading
#: targets (<= 5 degrees, >= 2 px per module); ``beyond`` is there to show where reading stops.
DEGRADATIONS: dict[str, tuple[FrameSpec, ...]] = {
    "clean": (_BASE, replace(_BASE, px_per_module=4.0)),
    "scale": (replace(_BASE, px_per_module=2.0), replace(_BASE, px_per_module=2.0, blur=0.5),
              replace(_BASE, px_per_module=2.5), replace(_BASE, px_per_module=3.5)),
    "rotation": (replace(_BASE, rotation=5.0), replace(_BASE, rotation=-5.0, px_per_module=2.0),
                 replace(_BASE, rotation=5.0, px_per_module=2.0), replace(_BASE, rotation=-3.0, px_per_module=2.5)),
    "blur": (replace(_BASE, blur=1.0), replace(_BASE, blur=1.5), replace(_BASE, blur=1.0, px_per_module=2.0)),
    "jpeg": (replace(_BASE, jpeg_quality=30), replace(_BASE, jpeg_quality=15),
             replace(_BASE, jpeg_quality=20, px_per_module=2.0)),
    "contrast": (replace(_BASE, contrast=0.35), replace(_BASE, contrast=0.2),
                 replace(_BASE, contrast=0.2, noise=12.0, px_per_module=2.0)),
    "noise": (replace(_BASE, noise=30.0), replace(_BASE, noise=50.0),
              replace(_BASE, noise=40.0, blur=0.7, px_per_module=2.0)),
    "perspective": (replace(_BASE, tilt=0.15), replace(_BASE, tilt=-0.25),
                    replace(_BASE, tilt=0.25, rotation=3.0, px_per_module=2.5)),
    # Everything a cheap webcam does at once, still within the targets.
    "webcam": (FrameSpec(2.0, rotation=5.0, blur=0.8, noise=20.0, jpeg_quality=40),
               FrameSpec(2.5, rotation=-4.0, contrast=0.4, noise=25.0, jpeg_quality=30),
               FrameSpec(2.0, rotation=-3.0, tilt=0.2, blur=1.0, noise=15.0, jpeg_quality=50),
               FrameSpec(3.0, rotation=5.0, blur=1.2, contrast=0.5, noise=30.0, jpeg_quality=35)),
    "beyond": (replace(_BASE, px_per_module=1.5), replace(_BASE, rotation=10.0),
               replace(_BASE, rotation=-15.0, px_per_module=2.5), replace(_BASE, blur=2.0), replace(_BASE, blur=2.5),
               replace(_BASE, px_per_module=1.6, noise=30.0, blur=0.8), replace(_BASE, rotation=8.0, px_per_module=2.0),
               replace(_BASE, tilt=0.4)),
}

_RENDER_MODULE_PX = 6  # frames are resampled from a sharp rendering, as a lens would


def _perspective_coefficients(source: Sequence[tuple[float, float]],
                              target: Sequence[tuple[float, float]]) -> tuple[float, ...]:
    """PIL's 8 perspective coefficients mapping ``target`` points back to ``source`` points."""
    rows: list[list[float]] = []
    for (x, y), (u, v) in zip(target, source, strict=True):
        rows.append([x, y, 1, 0, 0, 0, -u * x, -u * y, u])
        rows.append([0, 0, 0, x, y, 1, -v * x, -v * y, v])
    n = 8
    for col in range(n):  # Gauss-Jordan with partial pivoting: 8 unknowns, no numpy needed
        pivot = max(range(col, n), key=lambda r: abs(rows[r][col]))
        rows[col], rows[pivot] = rows[pivot], rows[col]
        lead = rows[col][col]
        rows[col] = [value / lead for value in rows[col]]
        for r in range(n):
            if r != col and rows[r][col]:
                factor = rows[r][col]
                rows[r] = [a - factor * b for a, b in zip(rows[r], rows[col], strict=True)]
    return tuple(rows[r][n] for r in range(n))


def synthetic_frame(content: LabelContent, spec: FrameSpec, *, seed: int = 0) -> Image.Image:
    """``content``'s label as a camera would frame it, degraded as ``spec`` says (8-bit grey)."""
    rng = random.Random(seed)
    label = render_label(content, _RENDER_MODULE_PX)
    scale = spec.px_per_module / _RENDER_MODULE_PX
    label = label.resize((max(1, round(label.width * scale)), max(1, round(label.height * scale))),
                         Image.Resampling.BOX if scale < 1 else Image.Resampling.BICUBIC)
    mask = Image.new("L", label.size, 255)
    if spec.rotation:
        label = label.rotate(spec.rotation, Image.Resampling.BICUBIC, expand=True, fillcolor=0)
        mask = mask.rotate(spec.rotation, Image.Resampling.BICUBIC, expand=True, fillcolor=0)
    width, height = spec.size
    if label.width > width or label.height > height:
        raise ValueError(f"the label does not fit a {width}x{height} frame at {spec.px_per_module} px/module")
    # A desk under uneven light: a vertical gradient from 95 to 140 grey levels.
    frame = Image.linear_gradient("L").resize((width, height)).point(lambda v: 95 + v * 45 // 255)
    x = rng.randint(0, width - label.width)
    y = rng.randint(0, height - label.height)
    frame.paste(label, (x, y), mask)
    if spec.tilt:
        shrink = abs(spec.tilt) * width / 2
        top = (shrink, 0.0) if spec.tilt > 0 else (0.0, 0.0)
        corners_src = [(0.0, 0.0), (width, 0.0), (width, height), (0.0, height)]
        if spec.tilt > 0:  # the top edge is farther from the camera
            corners_dst = [(top[0], 0.0), (width - shrink, 0.0), (width, height), (0.0, height)]
        else:  # the bottom edge is
            corners_dst = [(0.0, 0.0), (width, 0.0), (width - shrink, height), (shrink, height)]
        coefficients = _perspective_coefficients(corners_src, corners_dst)
        frame = frame.transform(frame.size, Image.Transform.PERSPECTIVE, coefficients,
                                Image.Resampling.BICUBIC, fillcolor=110)
    if spec.blur:
        frame = frame.filter(ImageFilter.GaussianBlur(spec.blur))
    if spec.contrast != 1.0:
        low = 128 - 128 * spec.contrast
        frame = frame.point(lambda v: round(low + v * spec.contrast))
    if spec.noise:
        frame = _add_noise(frame, spec.noise, rng)
    if spec.jpeg_quality is not None:
        buffer = io.BytesIO()
        frame.save(buffer, "JPEG", quality=spec.jpeg_quality)
        frame = Image.open(io.BytesIO(buffer.getvalue())).convert("L")
    return frame


def _add_noise(frame: Image.Image, amplitude: float, rng: random.Random) -> Image.Image:
    """Add triangular-distributed noise in [-amplitude, +amplitude] (the sum of two uniform draws)."""
    half = max(1, round(amplitude / 2))
    size = frame.width * frame.height
    noise = []
    for _ in range(2):
        uniform = Image.frombytes("L", frame.size, rng.randbytes(size))
        noise.append(uniform.point(lambda v, h=half: v * 2 * h // 255))
    both = ImageChops.add(noise[0], noise[1])
    return ImageChops.add(frame, both, 1.0, -2 * half)


def iter_frames(labels: Iterable[LabelContent], specs: Iterable[FrameSpec],
                seed: int = 0) -> Iterable[tuple[LabelContent, FrameSpec, Image.Image]]:
    """Every (label, spec) pair as a frame, with a seed derived from ``seed`` and the pair's order."""
    spec_list = list(specs)
    for i, content in enumerate(labels):
        for j, spec in enumerate(spec_list):
            yield content, spec, synthetic_frame(content, spec, seed=seed * 1000 + i * 31 + j)
