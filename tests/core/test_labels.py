"""Reading phone labels: classification, grouping, decoding generated labels, inputs, live mode."""

from __future__ import annotations

import io
import re
import sys
import time
from pathlib import Path
from urllib.parse import unquote

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from falconieri_desktop.core.errors import ConfigError, InputError
from falconieri_desktop.core.labels import (
    DeviceCandidate,
    Frame,
    LabelRead,
    LabelScan,
    LiveScanner,
    PixelFormat,
    Point,
    Quad,
    ReadConfirmer,
    ReadKind,
    ScanMode,
    Symbology,
    ZbarDecoder,
    classify,
    get_decoder,
    group_reads,
    scan_label,
)
from falconieri_desktop.core.mac import Mac
from falconieri_desktop.sandbox.demo import DEMO_DEVICES
from falconieri_desktop.sandbox.labels import (
    DEGRADATIONS,
    FrameSpec,
    LabelContent,
    label_content,
    render_label,
    synthetic_frame,
)

LABELS = [label_content(device, index=i) for i, device in enumerate(DEMO_DEVICES)]


def one(text: str, symbology: Symbology = Symbology.CODE128) -> LabelRead:
    reads = classify(text, symbology)
    assert len(reads) == 1
    return reads[0]


def at(x: float, y: float, size: float = 300) -> Quad:
    """A 1-D symbol ``size`` pixels long centred on (x, y)."""
    h = size / 2
    return Quad(Point(x - h, y - h / 4), Point(x + h, y - h / 4), Point(x + h, y + h / 4), Point(x - h, y + h / 4))


# -- classification ---------------------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "000413A1B201", "000413a1b201", "00:04:13:A1:B2:01", "00-04-13-A1-B2-01", "MAC000413A1B201",
    "MAC: 000413A1B201", "MAC:00:04:13:A1:B2:01", "0004.13A1.B201",
])
def test_every_mac_form_on_a_code128_is_a_mac(text: str) -> None:
    """Bare, separated and MAC-prefixed forms of a MAC barcode all read as that MAC."""
    read = one(text)
    assert read.kind is ReadKind.MAC
    assert read.mac == Mac("000413A1B201")


@pytest.mark.parametrize(("text", "crc"), [
    ("7C2F80C0FF01-K3Q7", "K3Q7"), ("7c2f80c0ff01-k3q7", "K3Q7"), ("MAC-ID: 7C2F80C0FF01-K3Q7", "K3Q7"),
    ("MAC-ID 7C:2F:80:C0:FF:01-7TZ2", "7TZ2"),
])
def test_gigaset_mac_id_gives_mac_and_code(text: str, crc: str) -> None:
    """A Gigaset MAC-ID (12 hex, dash, 4 characters) yields the MAC and its code, upper-cased."""
    read = one(text)
    assert read.kind is ReadKind.MAC_ID
    assert read.mac == Mac("7C2F80C0FF01")
    assert read.crc == crc


@pytest.mark.parametrize(("text", "serial"), [
    ("S/N 8015C3D40100001", "8015C3D40100001"), ("SN:8015C3D40100001", "8015C3D40100001"),
    ("Serial No. 12345678", "12345678"), ("SERIAL NUMBER: AB-1234/5", "AB-1234/5"), ("sn 000413A1B201", "000413A1B201"),
])
def test_labelled_serials_stay_serials_even_when_they_look_like_a_mac(text: str, serial: str) -> None:
    """An SN/S/N/Serial prefix makes a serial, never a MAC, whatever the digits."""
    read = one(text)
    assert read.kind is ReadKind.SERIAL
    assert read.serial == serial and read.serial_labelled
    assert read.mac is None


def test_unlabelled_serial_like_code128_is_an_unlabelled_serial() -> None:
    """A bare alphanumeric code that is no MAC is a serial candidate, marked as unlabelled."""
    read = one("D785A1B201219")
    assert (read.kind, read.serial, read.serial_labelled, read.mac) == (ReadKind.SERIAL, "D785A1B201219", False, None)


@pytest.mark.parametrize("symbology", [Symbology.EAN13, Symbology.EAN8, Symbology.UPCA, Symbology.UPCE])
def test_ean_upc_symbols_are_product_codes_never_macs(symbology: Symbology) -> None:
    """EAN/UPC symbols are recognised and ignored, even when their digits would parse as a MAC."""
    read = one("000413123456", symbology)
    assert read.kind is ReadKind.PRODUCT_CODE and read.ignored
    assert read.mac is None


def test_twelve_decimal_digits_need_a_known_vendor_range_to_be_a_mac() -> None:
    """12 decimal digits are a MAC only inside a known range; elsewhere a number, not a guess."""
    assert one("000413123456").mac == Mac("000413123456")  # Snom range
    unknown = one("123456789013")  # no vendor range, not a valid UPC check digit
    assert unknown.mac is None and unknown.kind is ReadKind.UNKNOWN
    upc = one("036000291452")  # a valid UPC-A printed as Code 128
    assert upc.kind is ReadKind.PRODUCT_CODE and upc.mac is None


@pytest.mark.parametrize("text", [
    "000413A1B2", "000413A1B2010", "010413A1B201", "FFFFFFFFFFFF", "000000000000", "X000413A1B201",
    "000413A1B201X", "00:04:13:A1:B2", "MAC: hello",
])
def test_non_macs_are_never_turned_into_macs(text: str) -> None:
    """Short, long, multicast, broadcast, zero or padded values give no MAC at all."""
    assert all(read.mac is None for read in classify(text))


@pytest.mark.parametrize(("text", "symbology"), [
    ("MAC:44DBD2C3D401;SN:8015C3D40100001", Symbology.QR),
    ("mac=44-DB-D2-C3-D4-01\nsn=8015C3D40100001", Symbology.QR),
    ('{"mac": "44:DB:D2:C3:D4:01", "sn": "8015C3D40100001", "model": "T58W"}', Symbology.DATA_MATRIX),
    ("https://rps.example.com/add?mac=44dbd2c3d401&sn=8015C3D40100001", Symbology.QR),
    ("MAC: 44DBD2C3D401, SN: 8015C3D40100001", Symbology.CODE128),
    ("Model: T58W | Serial Number: 8015C3D40100001 | MAC Address: 44DBD2C3D401", Symbology.QR),
])
def test_payloads_with_several_fields_give_mac_and_serial(text: str, symbology: Symbology) -> None:
    """QR/Data Matrix payloads (fields, key=value, JSON, URL query) yield their MAC and serial."""
    read = one(text, symbology)
    assert read.mac == Mac("44DBD2C3D401")
    assert read.serial == "8015C3D40100001" and read.serial_labelled


def test_payload_with_mac_id_and_separate_code_fields() -> None:
    """A payload's MAC-ID, or its MAC plus a code field, gives the Gigaset code."""
    assert one("MAC-ID=7C2F80C0FF01-K3Q7;SN=X1234567", Symbology.QR).crc == "K3Q7"
    read = one("MAC:7C2F80C0FF01;CODE:k3q7", Symbology.QR)
    assert (read.kind, read.mac, read.crc) == (ReadKind.MAC_ID, Mac("7C2F80C0FF01"), "K3Q7")


def test_payload_with_an_invalid_mac_field_gives_no_mac() -> None:
    """A field labelled MAC that is not a valid MAC is reported, never repaired into one."""
    read = one("MAC:01005E000001;SN:12345678", Symbology.QR)
    assert read.mac is None
    assert read.serial == "12345678"
    assert "multicast" in read.note


def test_payload_with_several_macs_gives_one_read_per_mac_and_no_serial() -> None:
    """Two MACs in one code: both reported, serial not attached to either by guesswork."""
    reads = classify("MAC:000413A1B201;MAC:000413A1B202;SN:12345678", Symbology.QR)
    assert [r.mac for r in reads] == [Mac("000413A1B201"), Mac("000413A1B202")]
    assert all(r.serial is None for r in reads)


_HEX_FORMS = st.sampled_from(["", ":", "-", " ", "."])


@st.composite
def label_texts(draw: st.DrawFn) -> str:
    """Texts shaped like label payloads: keys, hex runs of any length, separators, noise."""
    parts = []
    for _ in range(draw(st.integers(1, 4))):
        key = draw(st.sampled_from(["", "MAC:", "MAC-ID:", "SN:", "S/N ", "mac=", "code=", "Model: ", "sn="]))
        hexrun = draw(st.text("0123456789ABCDEFabcdef", min_size=8, max_size=14))
        sep = draw(_HEX_FORMS)
        body = sep.join(hexrun[i:i + 2] for i in range(0, len(hexrun), 2)) if sep else hexrun
        tail = draw(st.sampled_from(["", "-K3Q7", "-12", "X", ""]))
        parts.append(key + body + tail)
    joiner = draw(st.sampled_from([";", "\n", "|", ",", " ", "&"]))
    text = joiner.join(parts)
    if draw(st.booleans()):
        text = "https://x.example/r?" + text
    return text


def _hex_projection(text: str) -> str:
    return re.sub(r"[^0-9A-F]", "", unquote(text).upper())


@settings(max_examples=400, deadline=None)
@given(text=st.one_of(label_texts(), st.text(max_size=60)), symbology=st.sampled_from(list(Symbology)))
def test_property_a_returned_mac_is_a_valid_mac_present_in_the_text(text: str, symbology: Symbology) -> None:
    """For any decoded text, every MAC returned is a valid unicast MAC whose 12 digits are in the text."""
    for read in classify(text, symbology):
        if read.mac is None:
            continue
        assert not symbology.is_product_code
        assert read.mac.value in _hex_projection(text)
        assert not int(read.mac.value[1], 16) & 1
        assert read.mac.value not in {"000000000000", "FFFFFFFFFFFF"}


@settings(max_examples=200, deadline=None)
@given(value=st.text(min_size=1, max_size=30))
def test_property_a_labelled_serial_is_never_a_mac(value: str) -> None:
    """Whatever follows 'SN:' on a single-field label, it never becomes a MAC."""
    assert all(read.mac is None for read in classify(f"SN:{value}") if ";" not in value and "\n" not in value)


# -- grouping -------------------------------------------------------------------------------


def read(text: str, x: float, y: float, symbology: Symbology = Symbology.CODE128) -> LabelRead:
    return classify(text, symbology, at(x, y))[0]


def test_several_macs_give_several_candidates_with_their_nearest_serial() -> None:
    """Two labels side by side: two devices, each with the serial printed next to it."""
    reads = [read("000413A1B201", 100, 100), read("805EC0D1E201", 600, 100),
             read("S/N 111111111", 600, 160), read("S/N 222222222", 100, 160), read("4003458049917", 100, 220,
                                                                                     Symbology.EAN13)]
    devices = group_reads(reads)
    assert [d.mac.value for d in devices] == ["000413A1B201", "805EC0D1E201"]
    assert [d.serial for d in devices] == ["222222222", "111111111"]
    assert devices[0].provider == "snom" and devices[1].provider == "yealink"


def test_a_serial_far_from_every_read_mac_is_not_assigned() -> None:
    """The serial of a label whose MAC was not read is not given to the MAC of the next label."""
    reads = [read("000413A1B201", 100, 100), read("S/N 222222222", 100, 160), read("S/N 111111111", 700, 160)]
    (device,) = group_reads(reads)
    assert device.serial == "222222222"
    (alone,) = group_reads([read("000413A1B201", 100, 100), read("S/N 111111111", 700, 160)])
    assert alone.serial is None


def test_a_payload_serial_wins_over_a_loose_serial() -> None:
    """The serial inside the MAC's own payload beats an unlabelled code nearby."""
    reads = [read("MAC:44DBD2C3D401;SN:8015C3D40100001", 100, 100, Symbology.QR), read("ABCD12345678", 100, 130)]
    (device,) = group_reads(reads)
    assert device.serial == "8015C3D40100001"


def test_gigaset_mac_without_code_is_flagged_and_with_code_is_not() -> None:
    """A Gigaset MAC read without its MAC-ID code asks for it; with the code it does not."""
    (bare,) = group_reads([read("7C2F80C0FF01", 10, 10)])
    assert bare.needs_crc and bare.crc is None and bare.vendor is not None and bare.vendor.vendor == "gigaset"
    (full,) = group_reads([read("7C2F80C0FF01-K3Q7", 10, 10)])
    assert not full.needs_crc and full.crc == "K3Q7"
    (snom,) = group_reads([read("000413A1B201", 10, 10)])
    assert not snom.needs_crc


def test_conflicting_codes_for_one_mac_are_refused_and_noted() -> None:
    """Two different MAC-ID codes for one MAC: none is taken, a note says why."""
    (device,) = group_reads([read("7C2F80C0FF01-K3Q7", 10, 10), read("7C2F80C0FF01-AAAA", 10, 60)])
    assert device.crc is None and device.needs_crc
    assert any("different MAC-ID codes" in note for note in device.notes)


def test_product_codes_and_serials_alone_make_no_device() -> None:
    """An EAN and a serial without any MAC yield no device at all."""
    assert group_reads([read("4003458049917", 1, 1, Symbology.EAN13), read("S/N 12345678", 1, 40)]) == ()


# -- decoding generated labels --------------------------------------------------------------

WITHIN_TARGET = [(name, i, spec) for name, specs in DEGRADATIONS.items() if name != "beyond"
                 for i, spec in enumerate(specs)]


def _expect_label(content: LabelContent, scan_devices: tuple[DeviceCandidate, ...]) -> None:
    assert [d.mac.value for d in scan_devices] == [content.device.mac]
    device = scan_devices[0]
    if content.crc_in_barcode:
        assert device.crc == content.device.crc
    assert device.serial in (None, content.serial)


@pytest.mark.parametrize(("name", "index", "spec"), WITHIN_TARGET,
                         ids=[f"{n}-{i}" for n, i, _ in WITHIN_TARGET])
def test_live_mode_reads_every_layout_within_the_targets(name: str, index: int, spec: FrameSpec) -> None:
    """Each degradation case within <= 5 degrees and >= 2 px/module reads the right MAC in live mode."""
    content = LABELS[(index * 5 + len(name)) % len(LABELS)]  # spreads the cases over the layouts
    frame = synthetic_frame(content, spec, seed=index)
    # A generous deadline: the second binarizer must run even on a busy test machine.
    scan = scan_label(frame, mode=ScanMode.LIVE, deadline=time.monotonic() + 30)
    _expect_label(content, scan.devices)


def test_clean_labels_of_every_layout_give_mac_serial_and_code() -> None:
    """On a sharp frame every layout yields its MAC, its barcoded serial and its barcoded MAC-ID code."""
    for content in {c.layout: c for c in LABELS}.values():
        scan = scan_label(synthetic_frame(content, FrameSpec(), seed=1), deadline=time.monotonic() + 30)
        (device,) = scan.devices
        assert device.mac.value == content.device.mac
        assert device.serial == (content.serial if content.serial_in_barcode else None)
        assert device.crc == (content.device.crc if content.crc_in_barcode else None)
        assert device.needs_crc == (content.layout == "mac-id-text")
        assert any(r.kind is ReadKind.PRODUCT_CODE for r in scan.reads)  # the EAN was read and ignored


@pytest.mark.parametrize(("label", "spec"), [
    (0, FrameSpec(rotation=15.0, px_per_module=2.5)), (0, FrameSpec(rotation=-20.0, px_per_module=2.0)),
    (3, FrameSpec(blur=2.0)), (3, FrameSpec(rotation=-15.0, px_per_module=2.5)), (12, FrameSpec(blur=2.0)),
], ids=["classic-rot15", "classic-rot-20", "mac-id-blur2", "mac-id-rot-15", "qr-blur2"])
def test_photo_mode_recovers_labels_live_mode_misses(label: int, spec: FrameSpec) -> None:
    """Deskew, sharpening, upscaling and the rotation sweep read frames a live pass cannot."""
    content = LABELS[label]
    frame = synthetic_frame(content, spec, seed=2)
    for pass_name in get_decoder().passes:
        assert scan_label(frame, mode=ScanMode.LIVE, pass_name=pass_name).devices == ()
    photo = scan_label(frame, mode=ScanMode.PHOTO, deadline=time.monotonic() + 30)
    assert [d.mac.value for d in photo.devices] == [content.device.mac]
    position = photo.devices[0].position
    assert position is not None and 0 <= position.center.x <= 1280 and 0 <= position.center.y <= 720


def test_two_labels_in_one_image_give_two_devices_with_their_own_serials() -> None:
    """A photo of two labels gives both phones, never silently the first, each with its serial."""
    left, right = LABELS[0], LABELS[9]  # two classic layouts: bare MAC and bare serial Code 128s
    a, b = render_label(left, 2), render_label(right, 2)
    canvas = Image.new("L", (a.width + b.width + 60, max(a.height, b.height) + 40), 140)
    canvas.paste(a, (20, 20))
    canvas.paste(b, (a.width + 40, 20))
    devices = scan_label(canvas, deadline=time.monotonic() + 30).devices
    assert {(d.mac.value, d.serial) for d in devices} == {(left.device.mac, left.serial),
                                                          (right.device.mac, right.serial)}


def test_photo_mode_stops_at_its_deadline() -> None:
    """A deadline already passed lets the first pass run and no other; the scan says it timed out."""
    blank = Image.new("L", (640, 480), 200)
    scan = scan_label(blank, mode=ScanMode.PHOTO, deadline=time.monotonic())
    assert scan.passes == ("local-average",)
    assert scan.timed_out and not scan.found


# -- inputs -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def clean_frame() -> Image.Image:
    return synthetic_frame(LABELS[3], FrameSpec(), seed=5)


def test_raw_bgra_frame_with_row_padding_reads_like_the_image(clean_frame: Image.Image) -> None:
    """A QImage-style BGRA buffer with padded rows (stride) decodes like the Pillow image."""
    width, height = clean_frame.size
    stride = width * 4 + 64
    rgb = clean_frame.convert("RGB").tobytes()
    buffer = bytearray(stride * height)
    for y in range(height):
        row = rgb[y * width * 3:(y + 1) * width * 3]
        bgra = bytearray(width * 4)
        bgra[0::4], bgra[1::4], bgra[2::4], bgra[3::4] = row[2::3], row[1::3], row[0::3], b"\xff" * width
        buffer[y * stride:y * stride + width * 4] = bgra
    frame = Frame(memoryview(buffer), width, height, PixelFormat.BGRA8888, stride)
    for mode in ScanMode:
        assert [d.mac.value for d in scan_label(frame, mode=mode).devices] == [LABELS[3].device.mac]
    assert frame.to_image().tobytes() == clean_frame.tobytes()


def test_numpy_arrays_are_read_as_frames(clean_frame: Image.Image) -> None:
    """Grey and RGB numpy arrays are accepted directly."""
    numpy = pytest.importorskip("numpy")
    grey = numpy.asarray(clean_frame)
    rgb = numpy.asarray(clean_frame.convert("RGB"))
    for array in (grey, rgb):
        assert [d.mac.value for d in scan_label(array, mode=ScanMode.LIVE).devices] == [LABELS[3].device.mac]


def test_paths_bytes_and_colour_images_are_accepted(clean_frame: Image.Image, tmp_path: Path) -> None:
    """A file path, encoded bytes and an RGB Pillow image all decode."""
    path = tmp_path / "label.jpg"
    clean_frame.convert("RGB").save(path, quality=90)
    expected = [LABELS[3].device.mac]
    assert [d.mac.value for d in scan_label(path).devices] == expected
    assert [d.mac.value for d in scan_label(str(path)).devices] == expected
    assert [d.mac.value for d in scan_label(path.read_bytes()).devices] == expected
    assert [d.mac.value for d in scan_label(clean_frame.convert("RGB")).devices] == expected


def test_exif_orientation_of_photos_is_applied(clean_frame: Image.Image) -> None:
    """A phone photo stored sideways with an EXIF rotation tag is read upright."""
    sideways = clean_frame.transpose(Image.Transpose.ROTATE_90)
    exif = Image.Exif()
    exif[0x0112] = 6  # "rotate 90 CW to view": undoes ROTATE_90 (counter-clockwise)
    buffer = io.BytesIO()
    sideways.save(buffer, "JPEG", quality=92, exif=exif)
    scan = scan_label(buffer.getvalue(), mode=ScanMode.LIVE)
    assert (scan.width, scan.height) == clean_frame.size
    assert [d.mac.value for d in scan.devices] == [LABELS[3].device.mac]


@pytest.mark.parametrize("content", [b"not an image", b""], ids=["garbage", "empty"])
def test_unreadable_images_raise_an_input_error(content: bytes, tmp_path: Path) -> None:
    """Garbage, empty and missing files raise InputError('unreadable_image') naming the file."""
    path = tmp_path / "photo.png"
    path.write_bytes(content)
    with pytest.raises(InputError) as info:
        scan_label(path)
    assert info.value.code == "unreadable_image" and "photo.png" in info.value.message
    with pytest.raises(InputError):
        scan_label(tmp_path / "missing.png")


def test_frames_that_do_not_fit_their_buffer_are_refused() -> None:
    """A buffer shorter than width x height x bytes per pixel (or a short stride) is a ValueError."""
    with pytest.raises(ValueError, match="needs"):
        Frame(bytes(100), 20, 10, PixelFormat.GRAY8)
    with pytest.raises(ValueError, match="stride"):
        Frame(bytes(800), 20, 10, PixelFormat.BGRA8888, stride=40)


# -- backends -------------------------------------------------------------------------------


def test_zbar_backend_reads_the_same_label(clean_frame: Image.Image) -> None:
    """The optional zbar backend gives the same device through the same interface."""
    pytest.importorskip("pyzbar.pyzbar")
    scan = scan_label(clean_frame, decoder="zbar")
    assert scan.backend == "zbar"
    assert [(d.mac.value, d.crc) for d in scan.devices] == [(LABELS[3].device.mac, LABELS[3].device.crc)]


def test_zbar_missing_gives_a_clear_configuration_error(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without pyzbar installed, asking for zbar raises ConfigError('decoder_unavailable')."""
    monkeypatch.setitem(sys.modules, "pyzbar", None)  # what an environment without the extra looks like
    with pytest.raises(ConfigError) as info:
        ZbarDecoder()
    assert info.value.code == "decoder_unavailable" and "pyzbar" in info.value.message
    with pytest.raises(ConfigError):
        get_decoder("quagga")


# -- live mode ------------------------------------------------------------------------------


def _scan_of(*reads: LabelRead) -> LabelScan:
    return LabelScan(group_reads(reads), reads, ScanMode.LIVE, "test", 8, 8, 0.0, ("local-average",))


def test_confirmer_needs_the_same_mac_twice_within_the_window() -> None:
    """A MAC seen once is not confirmed; seen again within a second it is, and reported once."""
    confirmer = ReadConfirmer(needed=2, window=1.0)
    frame = _scan_of(read("000413A1B201", 10, 10), read("S/N 12345678", 10, 50))
    assert confirmer.feed(frame, now=0.0) == ()
    assert confirmer.feed(frame, now=2.0) == ()  # too late: window restarts
    (confirmed,) = confirmer.feed(frame, now=2.5)
    assert confirmed.mac.value == "000413A1B201" and confirmed.serial == "12345678"
    assert confirmer.feed(frame, now=2.7) == ()


def test_confirmer_keeps_a_serial_read_only_once_out() -> None:
    """A serial that differs between frames (a misread) is not confirmed with the MAC."""
    confirmer = ReadConfirmer()
    confirmer.feed(_scan_of(read("000413A1B201", 10, 10), read("S/N 12345678", 10, 50)), now=0.0)
    (confirmed,) = confirmer.feed(_scan_of(read("000413A1B201", 10, 10), read("S/N 12845678", 10, 50)),
                                  now=0.1)
    assert confirmed.serial is None


def test_live_scanner_alternates_binarizers_and_confirms_on_the_second_frame(clean_frame: Image.Image) -> None:
    """One pass per frame, binarizers taking turns; the device is confirmed by the second frame."""
    scanner = LiveScanner()
    first, confirmed_first = scanner.scan(clean_frame, now=0.0)
    second, confirmed_second = scanner.scan(clean_frame, now=0.05)
    assert (first.passes, second.passes) == (("local-average",), ("fixed-threshold",))
    assert confirmed_first == ()
    assert [(d.mac.value, d.crc) for d in confirmed_second] == [(LABELS[3].device.mac, LABELS[3].device.crc)]
