"""The domain's nouns: which phone (DeviceId), what to do with it (Device), what happened (Outcome).

All are frozen, slotted dataclasses: they cross threads (engine -> UI) as immutable values.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType
from typing import Any

from falconieri_desktop.core.mac import Mac

__all__ = [
    "FINAL_STATUSES",
    "Device",
    "DeviceId",
    "Operation",
    "Outcome",
    "Presence",
    "Status",
]


class Operation(StrEnum):
    """What can be asked of a redirect service."""

    REGISTER = "register"  # create or override (falconieri's semantic)
    DEREGISTER = "deregister"
    CHECK = "check"


class Presence(StrEnum):
    """What a check found out about a MAC at the vendor."""

    REGISTERED = "registered"  # registered to this account
    NOT_REGISTERED = "not_registered"
    OTHER_ACCOUNT = "other_account"  # registered, but to somebody else
    UNKNOWN = "unknown"  # the vendor does not say


class Status(StrEnum):
    """The one state of a device row, from plan to final result."""

    PENDING = "pending"  # to do
    QUEUED = "queued"
    RUNNING = "running"
    RETRY_WAIT = "retry_wait"  # failed retryably, waiting for its next attempt
    PAUSED = "paused"
    REGISTERED = "registered"
    DEREGISTERED = "deregistered"
    CHECKED = "checked"
    SKIPPED = "skipped"  # already correct, nothing written
    FAILED = "failed"
    BLOCKED = "blocked"  # not attempted: the account's circuit breaker is open, or data missing
    CANCELLED = "cancelled"
    INTERRUPTED = "interrupted"  # in flight when the process died; resumable

    @property
    def is_final(self) -> bool:
        return self in FINAL_STATUSES


FINAL_STATUSES = frozenset({
    Status.REGISTERED, Status.DEREGISTERED, Status.CHECKED, Status.SKIPPED,
    Status.FAILED, Status.BLOCKED, Status.CANCELLED,
})


@dataclass(frozen=True, slots=True)
class DeviceId:
    """What identifies a phone at the vendor: its MAC, plus the Gigaset code or serial when needed."""

    mac: Mac
    crc: str | None = None  # Gigaset MAC-ID code (4 of A-Z0-9, upper case)
    serial: str | None = None  # serial number (YMCS without MAC-only registration)

    def __str__(self) -> str:
        return f"{self.mac.value}-{self.crc}" if self.crc else str(self.mac)


@dataclass(frozen=True, slots=True)
class Device:
    """One row of work: a phone, where it should be redirected, and through which account."""

    id: DeviceId
    provider: str
    url: str | None = None
    account: str | None = None  # account id; None = resolve from configuration
    label: str = ""  # free text from the technician or the spreadsheet


def _frozen(mapping: Mapping[str, Any] | None) -> Mapping[str, Any]:
    return MappingProxyType(dict(mapping or {}))


@dataclass(frozen=True, slots=True)
class Outcome:
    """A successful answer of a provider. Failures are ``core.errors.ProviderError`` instead."""

    operation: Operation
    device: DeviceId
    provider: str
    url: str | None = None  # register: the URL sent; check: the URL read back (if the vendor says)
    presence: Presence | None = None  # check only
    owner: str | None = None  # check: the owning company, where the vendor reveals it
    pin: str | None = None  # YMCS device PIN the phone may ask for at first boot
    verified: bool | None = None  # register with read-back: did the vendor return the URL we sent?
    warnings: tuple[str, ...] = ()
    vendor_reply: str | None = None  # the vendor's own text, for the details pane
    details: Mapping[str, Any] = field(default_factory=lambda: _frozen(None))

    def __post_init__(self) -> None:
        if not isinstance(self.details, MappingProxyType):
            object.__setattr__(self, "details", _frozen(self.details))

    def to_dict(self) -> dict[str, Any]:
        return {
            "operation": self.operation.value,
            "mac": str(self.device.mac),
            "url": self.url,
            "presence": self.presence.value if self.presence else None,
            "owner": self.owner,
            "pin": self.pin,
            "verified": self.verified,
            "warnings": list(self.warnings),
            "vendor_reply": self.vendor_reply,
            "details": dict(self.details),
        }
