"""``falconieri scan`` and ``falconieri labels``: exit codes, output, and sheets that scan back."""

from __future__ import annotations

import io
import json
import re
import struct
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from falconieri_desktop.cli import main
from falconieri_desktop.sandbox.demo import DEMO_DEVICES
from falconieri_desktop.sandbox.labels import FrameSpec, label_content, labels_for, synthetic_frame


def run_json(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, Any]:
    code = main(list(argv))
    return code, json.loads(capsys.readouterr().out)


@pytest.fixture
def frames(tmp_path: Path) -> dict[str, Path]:
    """A Snom label frame, a Gigaset label frame without its code in a barcode, and a blank photo."""
    snom = label_content(DEMO_DEVICES[0], "classic")
    gigaset = label_content(DEMO_DEVICES[3], "mac-id-text")
    paths = {"snom": tmp_path / "snom.png", "gigaset": tmp_path / "gigaset.jpg", "blank": tmp_path / "blank.png"}
    synthetic_frame(snom, FrameSpec(), seed=1).save(paths["snom"])
    synthetic_frame(gigaset, FrameSpec(rotation=3.0), seed=2).save(paths["gigaset"], quality=85)
    Image.new("L", (320, 240), 210).save(paths["blank"])
    return paths


def test_scan_prints_devices_and_what_was_read(frames: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    """Human output names each phone, its vendor guess, serial, the reads and the ignored EAN."""
    assert main(["scan", str(frames["snom"]), str(frames["gigaset"])]) == 0
    out = capsys.readouterr().out
    assert "00:04:13:A1:B2:01  Snom -> snom, sraps" in out
    assert "serial   D785A1B201219" in out
    assert "7C:2F:80:C0:FF:01  Gigaset" in out and "code missing" in out
    assert re.search(r"not used ean13 '\d{13}' at \(\d+,\d+\) -> product_code", out)


def test_scan_json_lists_devices_reads_and_flags(frames: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    """--json gives per image: devices (MAC, MAC-ID, serial, providers, needs_crc) and every read."""
    code, data = run_json(capsys, "scan", str(frames["snom"]), str(frames["gigaset"]), "--json")
    assert code == 0 and data["ok"] is True
    snom, gigaset = data["images"]
    (device,) = snom["devices"]
    assert (device["mac"], device["serial"], device["provider"], device["needs_crc"]) == (
        "000413A1B201", "D785A1B201219", "snom", False)
    assert {r["kind"] for r in snom["reads"]} == {"mac", "serial", "product_code"}
    assert all(len(r["position"]) == 4 for r in snom["reads"])
    (flagged,) = gigaset["devices"]
    assert (flagged["mac"], flagged["crc"], flagged["mac_id"], flagged["needs_crc"]) == (
        "7C2F80C0FF01", None, None, True)


def test_scan_exit_1_when_an_image_shows_no_phone(frames: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    """An image without any MAC makes the exit code 1; the others are still reported."""
    code, data = run_json(capsys, "scan", str(frames["snom"]), str(frames["blank"]), "--json", "--mode", "live")
    assert code == 1 and data["ok"] is False
    assert [bool(i["devices"]) for i in data["images"]] == [True, False]
    assert data["images"][1]["mode"] == "live"


def test_scan_exit_2_when_a_file_cannot_be_read(frames: dict[str, Path], tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    """A missing or broken file gives exit 2 with unreadable_image; readable images are still scanned."""
    broken = tmp_path / "broken.jpg"
    broken.write_bytes(b"\xff\xd8 not really a jpeg")
    code, data = run_json(capsys, "scan", str(broken), str(frames["blank"]), str(tmp_path / "none.png"), "--json")
    assert code == 2
    errors = [i.get("error") for i in data["images"]]
    assert errors[0]["error"] == "unreadable_image" and errors[2]["error"] == "unreadable_image"
    assert data["images"][1]["error"] is None
    assert main(["scan", str(broken)]) == 2
    assert "error [unreadable_image]" in capsys.readouterr().err


def test_scan_with_the_zbar_backend(frames: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    """--backend zbar reads the same phone through the optional backend."""
    pytest.importorskip("pyzbar.pyzbar")
    code, data = run_json(capsys, "scan", str(frames["snom"]), "--backend", "zbar", "--json")
    assert code == 0
    assert data["images"][0]["backend"] == "zbar"
    assert [d["mac"] for d in data["images"][0]["devices"]] == ["000413A1B201"]


def test_labels_png_scans_back_to_the_demo_devices(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A printed-sheet PNG of 4 labels scans back to those 4 demo phones with their serials and codes."""
    out = tmp_path / "sheet.png"
    assert main(["labels", str(out), "--count", "4"]) == 0
    assert "wrote" in capsys.readouterr().out
    code, data = run_json(capsys, "scan", str(out), "--json")
    assert code == 0
    found = {(d["mac"], d["crc"], d["serial"]) for d in data["images"][0]["devices"]}
    expected = {(c.device.mac, c.device.crc if c.crc_in_barcode else None, c.serial) for c in labels_for(4)}
    assert found == expected


def _pdf_pages(path: Path) -> list[Image.Image]:
    """The page images of a Pillow-written PDF: CCITT G4 streams, rewrapped as TIFFs to decode."""
    data = path.read_bytes()
    pages = []
    for match in re.finditer(rb"/Width (\d+)\s*/Height (\d+).*?/Length (\d+)\s*>>\s*stream\r?\n", data, re.DOTALL):
        width, height, length = (int(g) for g in match.groups())
        assert b"CCITTFaxDecode" in match.group(0)  # lossless bilevel pages, no JPEG ringing on the bars
        g4 = data[match.end():match.end() + length]
        tags = [(256, 4, width), (257, 4, height), (258, 3, 1), (259, 3, 4), (262, 3, 1), (273, 4, 8),
                (277, 3, 1), (278, 4, height), (279, 4, len(g4))]
        ifd = struct.pack("<H", len(tags)) + b"".join(struct.pack("<HHII", t, k, 1, v) for t, k, v in tags)
        tiff = b"II*\x00" + struct.pack("<I", 8 + len(g4)) + g4 + ifd + b"\x00\x00\x00\x00"
        page = Image.open(io.BytesIO(tiff))
        page.load()
        pages.append(page.convert("L"))
    return pages


def test_labels_pdf_has_pages_that_scan_back(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The Gigaset PDF sheet holds lossless pages that scan back to the Gigaset demo phones."""
    out = tmp_path / "gigaset.pdf"
    code, data = run_json(capsys, "labels", str(out), "--vendor", "gigaset", "--json")
    assert code == 0 and data["files"] == [str(out)]
    assert out.read_bytes().startswith(b"%PDF")
    (page,) = _pdf_pages(out)
    png = tmp_path / "page.png"
    page.save(png)
    code, scanned = run_json(capsys, "scan", str(png), "--json")
    assert code == 0
    found = {d["mac"]: d for d in scanned["images"][0]["devices"]}
    gigasets = labels_for(vendor="gigaset")
    assert set(found) == {c.device.mac for c in gigasets}
    for content in gigasets:
        assert found[content.device.mac]["crc"] == (content.device.crc if content.crc_in_barcode else None)
        assert found[content.device.mac]["needs_crc"] == (not content.crc_in_barcode)


def test_labels_many_pages_as_png_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """More labels than fit a page give one numbered PNG per page."""
    code, data = run_json(capsys, "labels", str(tmp_path / "all.png"), "--json")
    assert code == 0
    assert len(data["labels"]) == len(DEMO_DEVICES)
    assert [Path(f).name for f in data["files"]] == [f"all-{n}.png" for n in range(1, len(data["files"]) + 1)]
    assert len(data["files"]) > 1 and all(Path(f).exists() for f in data["files"])


@pytest.mark.parametrize("argv", [["labels", "out.txt"], ["labels", "out.pdf", "--vendor", "nokia"],
                                  ["labels", "out.pdf", "--count", "0"], ["scan", "x.png", "--budget", "0"]])
def test_bad_arguments_exit_2_with_a_message(argv: list[str], tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    """A wrong suffix, unknown vendor, zero labels or a zero budget are input errors (exit 2)."""
    argv = [str(tmp_path / a) if a.startswith(("out", "x.")) else a for a in argv]
    assert main(argv) == 2
    assert "error:" in capsys.readouterr().err
