"""``falconieri scan``: the phones in photos of labels; ``falconieri labels``: demo labels to print."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

from falconieri_desktop.cli.common import EXIT_FAILED, EXIT_INPUT, EXIT_OK, print_json
from falconieri_desktop.core.errors import InputError
from falconieri_desktop.core.labels import (
    DECODERS,
    DeviceCandidate,
    LabelRead,
    LabelScan,
    Quad,
    ScanMode,
    get_decoder,
    scan_label,
)
from falconieri_desktop.core.mac import MacStyle

__all__ = ["add_parsers"]


def add_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "scan", help="read the phones (MAC, MAC-ID code, serial) from photos of their labels",
        description="Read every barcode in each image and list the phones it shows: MAC, Gigaset MAC-ID "
                    "code, serial number, vendor guess, and what was read. Product codes (EAN/UPC) are "
                    "recognised and ignored. Exit 0 if every image showed a phone, 1 if one did not, "
                    "2 if an image cannot be read.")
    p.add_argument("images", nargs="+", metavar="IMAGE", help="PNG, JPEG, BMP, TIFF or WebP files")
    p.add_argument("--mode", choices=[m.value for m in ScanMode], default=ScanMode.PHOTO.value,
                   help="photo: try harder when nothing is found (default); live: one fast pass, as for camera frames")
    p.add_argument("--backend", choices=list(DECODERS), default="zxing",
                   help="barcode decoder (zbar needs the optional extra 'zbar' and libzbar)")
    p.add_argument("--budget", type=float, default=None, metavar="S",
                   help="seconds per image after which no new decoding pass starts (photo default 1.5)")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(handler=_handle_scan)

    p = sub.add_parser(
        "labels", help="write printable demo labels of the sandbox's phones (PDF or PNG)",
        description="Write A4 sheets of labels for the sandbox's demo phones (Code 128, QR, Data Matrix, "
                    "EAN-13, Gigaset MAC-IDs) to print and scan with a real camera.")
    p.add_argument("output", metavar="OUT", help="OUT.pdf (one multi-page PDF) or OUT.png (one PNG per page)")
    p.add_argument("--count", type=int, default=None, metavar="N",
                   help="number of labels (default: one per demo phone); the phones repeat in other layouts")
    p.add_argument("--vendor", default=None, metavar="V",
                   help="only this vendor's or provider's phones (snom, gigaset, yealink, fanvil, ymcs, ...)")
    p.add_argument("--json", action="store_true", help="print the files and labels as JSON")
    p.set_defaults(handler=_handle_labels)


# -- scan -------------------------------------------------------------------------------------


def _handle_scan(args: argparse.Namespace) -> int:
    if args.budget is not None and args.budget <= 0:
        raise ValueError("--budget must be positive")
    decoder = get_decoder(args.backend)  # decoder_unavailable (exit 3) before any image is opened
    results: list[dict[str, Any]] = []
    exit_code = EXIT_OK
    for name in args.images:
        deadline = time.monotonic() + args.budget if args.budget else None
        try:
            scan = scan_label(Path(name), mode=args.mode, decoder=decoder, deadline=deadline)
        except InputError as exc:
            results.append({"image": name, "ok": False, "error": exc.to_dict()})
            exit_code = EXIT_INPUT
            if not args.json:
                print(f"{name}: error [{exc.code}]: {exc.message}", file=sys.stderr)
            continue
        if not scan.found and exit_code == EXIT_OK:
            exit_code = EXIT_FAILED
        results.append({"image": name, **_scan_json(scan)})
        if not args.json:
            _print_scan(name, scan)
    if args.json:
        print_json({"ok": exit_code == EXIT_OK, "images": results})
    return exit_code


def _quad_json(quad: Quad | None) -> list[list[float]] | None:
    return None if quad is None else [[round(p.x, 1), round(p.y, 1)] for p in quad.corners]


def _read_json(read: LabelRead) -> dict[str, Any]:
    return {
        "text": read.text, "symbology": read.symbology.value, "kind": read.kind.value,
        "mac": read.mac.value if read.mac else None, "crc": read.crc, "serial": read.serial,
        "note": read.note or None, "position": _quad_json(read.position),
    }


def _device_json(device: DeviceCandidate) -> dict[str, Any]:
    return {
        "mac": device.mac.value,
        "mac_id": f"{device.mac.value}-{device.crc}" if device.crc else None,
        "crc": device.crc,
        "serial": device.serial,
        "vendor": device.vendor.vendor if device.vendor else None,
        "vendor_label": device.vendor.label if device.vendor else None,
        "provider": device.provider,
        "providers": list(device.providers),
        "needs_crc": device.needs_crc,
        "notes": list(device.notes),
        "reads": [_read_json(r) for r in device.reads],
    }


def _scan_json(scan: LabelScan) -> dict[str, Any]:
    return {
        "ok": scan.found,
        "devices": [_device_json(d) for d in scan.devices],
        "reads": [_read_json(r) for r in scan.reads],
        "mode": scan.mode.value, "backend": scan.backend, "size": [scan.width, scan.height],
        "elapsed_ms": round(scan.elapsed * 1000, 1), "passes": list(scan.passes), "timed_out": scan.timed_out,
        "error": None,
    }


def _where(quad: Quad | None) -> str:
    if quad is None:
        return ""
    center = quad.center
    return f" at ({center.x:.0f},{center.y:.0f})"


def _print_scan(name: str, scan: LabelScan) -> None:
    count = len(scan.devices)
    summary = f"{count} phone{'s' if count != 1 else ''}" if count else "no phone found"
    passes = f"{len(scan.passes)} pass{'es' if len(scan.passes) != 1 else ''}"
    stopped = ", deadline reached" if scan.timed_out else ""
    print(f"{name}: {summary} ({scan.mode.value}, {scan.backend}, {scan.elapsed * 1000:.0f} ms, {passes}{stopped})")
    for device in scan.devices:
        vendor = f"{device.vendor.label} -> {', '.join(device.providers)}" if device.vendor else "unknown vendor"
        print(f"  {device.mac.format(MacStyle.COLON_UPPER)}  {vendor}")
        if device.crc:
            print(f"    MAC-ID   {device.mac.value}-{device.crc}")
        elif device.needs_crc:
            print("    MAC-ID   code missing: read the 4 characters after the dash on the label and type them")
        print(f"    serial   {device.serial or '-'}")
        for note in device.notes:
            print(f"    note     {note}")
        for read in device.reads:
            print(f"    read     {read.symbology.value} {read.text!r}{_where(read.position)} -> {read.kind.value}")
    claimed = {id(r) for d in scan.devices for r in d.reads}
    for read in scan.reads:
        if id(read) not in claimed:
            reason = f" ({read.note})" if read.note else ""
            print(f"  not used {read.symbology.value} {read.text!r}{_where(read.position)} -> "
                  f"{read.kind.value}{reason}")


# -- labels -----------------------------------------------------------------------------------


def _handle_labels(args: argparse.Namespace) -> int:
    from falconieri_desktop.sandbox.labels import labels_for, write_labels

    labels = labels_for(args.count, args.vendor)
    try:
        written = write_labels(Path(args.output), labels)
    except OSError as exc:  # no such folder, read-only, disk full: the user's to fix, exit 2
        raise ValueError(f"cannot write {args.output}: {exc.strerror or exc}") from None
    if args.json:
        print_json({
            "ok": True,
            "files": [str(p) for p in written],
            "labels": [{"model": c.device.model, "mac": c.device.mac, "crc": c.device.crc, "serial": c.serial,
                        "layout": c.layout, "provider": c.device.provider} for c in labels],
        })
        return EXIT_OK
    for path in written:
        print(f"wrote {path}")
    print(f"{len(labels)} label{'s' if len(labels) != 1 else ''}: "
          + ", ".join(f"{c.device.model} ({c.device.mac})" for c in labels))
    return EXIT_OK
