"""The sandbox's demo devices: the same phones in the simulators, the demo labels and the GUI.

Each simulator starts with these in its registry (state ``registered`` or ``other_account``) or
absent (``new``), so a demo shows every case -- a fresh phone, an override, a phone owned by a
previous reseller -- and a printed demo label scans to a device the sandbox knows.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["DEMO_DEVICES", "DEMO_PREVIOUS_URL", "DemoDevice"]

DEMO_PREVIOUS_URL = "https://old-pbx.example.com/provisioning/"


@dataclass(frozen=True, slots=True)
class DemoDevice:
    provider: str
    vendor: str
    model: str
    mac: str  # 12 upper-case hex
    state: str  # "new", "registered" (to the sandbox account, old URL) or "other_account"
    crc: str | None = None
    serial: str | None = None


DEMO_DEVICES: tuple[DemoDevice, ...] = (
    DemoDevice("snom", "snom", "Snom D785", "000413A1B201", "new"),
    DemoDevice("snom", "snom", "Snom D735", "000413A3B202", "registered"),
    DemoDevice("snom", "snom", "Snom D385", "00041393B203", "other_account"),
    DemoDevice("gigaset", "gigaset", "Gigaset N870 IP PRO", "7C2F80C0FF01", "new", crc="K3Q7"),
    DemoDevice("gigaset", "gigaset", "Gigaset N610 IP PRO", "589EC6C0FF02", "registered", crc="7TZ2"),
    DemoDevice("gigaset", "gigaset", "Gigaset Maxwell 3", "7C2F80C0FF03", "other_account", crc="M4X9"),
    DemoDevice("yealink", "yealink", "Yealink T54W", "805EC0D1E201", "new"),
    DemoDevice("yealink", "yealink", "Yealink T46U", "805EC0D1E202", "registered"),
    DemoDevice("yealink", "yealink", "Yealink T31P", "249AD8D1E203", "other_account"),
    DemoDevice("fanvil", "fanvil", "Fanvil X4U", "0C383EF4A101", "new"),
    DemoDevice("fanvil", "fanvil", "Fanvil X6U", "0C383EF4A102", "registered"),
    DemoDevice("fanvil", "fanvil", "Fanvil X3S", "0C383EF4A103", "other_account"),
    DemoDevice("ymcs", "yealink", "Yealink T58W", "44DBD2C3D401", "new", serial="8015C3D40100001"),
    DemoDevice("ymcs", "yealink", "Yealink T57W", "44DBD2C3D402", "registered", serial="8015C3D40200002"),
    DemoDevice("ymcs", "yealink", "Yealink W70B", "44DBD2C3D403", "other_account", serial="8015C3D40300003"),
    DemoDevice("grape", "gigaset", "Gigaset P720 PRO", "14B370A1C001", "new"),
    DemoDevice("grape", "gigaset", "Gigaset P820 PRO", "14B370A1C002", "registered"),
    DemoDevice("grape", "gigaset", "Gigaset P720 PRO", "14B370A1C003", "other_account"),
    DemoDevice("sraps", "snom", "Snom D865", "000413B5C601", "new"),
    DemoDevice("sraps", "snom", "Snom D812", "000413B5C602", "registered"),
    DemoDevice("sraps", "snom", "Snom M500", "000413B5C603", "other_account"),
)
