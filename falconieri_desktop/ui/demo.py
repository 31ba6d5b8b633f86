"""Demo content: the sandbox's demo phones plus generated ones of every vendor (screenshots, demos)."""

from __future__ import annotations

import random
from typing import TYPE_CHECKING

from falconieri_desktop.core.mac import parse_mac
from falconieri_desktop.sandbox.demo import DEMO_DEVICES

if TYPE_CHECKING:
    from falconieri_desktop.ui.main_window import MainWindow

__all__ = ["demo_devices", "fill_demo"]

# OUIs whose phones the sandbox accounts can register (legacy providers by default).
_OUIS = ("000413", "805EC0", "0C383E", "7C2F80", "249AD8", "000413")


def demo_devices(count: int, seed: int = 7) -> list[tuple[str, str | None, str | None]]:
    """(mac, crc, serial): the demo phones first, then generated ones."""
    rng = random.Random(seed)
    out: list[tuple[str, str | None, str | None]] = [
        (d.mac, d.crc, d.serial) for d in DEMO_DEVICES if d.provider in ("snom", "gigaset", "yealink", "fanvil")]
    while len(out) < count:
        oui = rng.choice(_OUIS)
        mac = f"{oui}{rng.randrange(0x100000, 0xFFFFFF):06X}"
        crc = "".join(rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZ23456789") for _ in range(4)) if oui == "7C2F80" else None
        out.append((mac, crc, None))
    return out[:count]


def fill_demo(window: MainWindow, count: int) -> None:
    devices = [(parse_mac(mac), crc, serial) for mac, crc, serial in demo_devices(count)]
    window.add_devices(devices, "demo")
    if not window.url_input.currentText().strip():
        window.url_input.setEditText("https://pbx.example.com/provisioning/")
