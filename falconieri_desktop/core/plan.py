"""Plan first: what a batch would do to every device, before anything is written.

Two steps:

1. ``prepare`` -- offline, for every input row: MAC and URL parsed, duplicates, provider and
   account resolved (``auto`` = the provider the MAC range suggests that has credentials here),
   data the provider needs (Gigaset code, serial) present. Rows that cannot be sent get
   ``invalid`` or ``missing_data`` with the error code and sentence that say why.
2. ``classify`` -- after the engine ran a *check* of the sendable rows (a batch with
   ``journal=False``, no write at the vendor): ``new`` / ``override`` (ours, other URL) /
   ``already_correct`` (no write needed) / ``conflict`` (another account owns it) /
   ``unchecked`` (the provider cannot tell) / ``check_failed``.

A real run skips ``already_correct`` unless forced, and fails ``invalid``/``missing_data`` rows
without a call; conflicts are still attempted (an ownership can be released in the meantime and the
vendor's answer is the authority).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any

from falconieri_desktop.core.config import CallConfig, Resolved, resolve
from falconieri_desktop.core.devices import Device, DeviceId, Operation, Presence, Status
from falconieri_desktop.core.engine import Job, RowChanged
from falconieri_desktop.core.errors import ConfigError, FalconieriError, InputError
from falconieri_desktop.core.mac import VendorTable, builtin_vendor_table
from falconieri_desktop.core.urls import ProvisioningUrl, parse_provisioning_url
from falconieri_desktop.providers import PROVIDERS, offline_provider
from falconieri_desktop.providers.base import Capabilities, Provider

__all__ = [
    "AUTO",
    "PlanClass",
    "PlanInput",
    "PlanRow",
    "ProviderChooser",
    "check_jobs",
    "classify",
    "plan_counts",
    "prepare",
    "run_jobs",
]

AUTO = "auto"


class PlanClass(StrEnum):
    NEW = "new"
    OVERRIDE = "override"
    ALREADY_CORRECT = "already_correct"
    CONFLICT = "conflict"
    MISSING_DATA = "missing_data"
    INVALID = "invalid"
    UNCHECKED = "unchecked"  # the provider cannot check: will be registered
    CHECK_FAILED = "check_failed"  # the check failed (network, credentials): will be tried
    PENDING = "pending"  # prepared, not checked yet

    @property
    def sendable(self) -> bool:
        return self not in (PlanClass.MISSING_DATA, PlanClass.INVALID)


@dataclass(frozen=True, slots=True)
class PlanInput:
    """One row as the user gave it (typed, pasted, scanned or from a spreadsheet)."""

    row: int
    device: DeviceId | None  # None when the MAC could not be parsed
    url: str | None = None
    provider: str | None = None  # None/"auto" = from the MAC range
    account: str | None = None
    label: str = ""
    problems: tuple[tuple[str, str], ...] = ()  # (code, message) found while reading the row
    duplicate_of: int | None = None  # row number of the first occurrence of this MAC


@dataclass(frozen=True, slots=True)
class PlanRow:
    row: int
    input: PlanInput
    klass: PlanClass
    device: Device | None = None
    resolved: Resolved | None = None
    url: ProvisioningUrl | None = None
    code: str | None = None
    reason: str = ""
    warnings: tuple[str, ...] = ()
    found_url: str | None = None  # what the vendor holds now (where it can say)
    owner: str | None = None

    @property
    def will_write(self) -> bool:
        return self.klass.sendable and self.klass is not PlanClass.ALREADY_CORRECT

    def to_dict(self) -> dict[str, Any]:
        return {
            "row": self.row, "mac": str(self.device.id.mac) if self.device else None,
            "provider": self.resolved.target if self.resolved else self.input.provider,
            "via": self.resolved.implementation if self.resolved and
            self.resolved.implementation != self.resolved.target else None,
            "account": self.resolved.settings.source if self.resolved else None,
            "url": self.url.text if self.url else self.input.url, "plan": self.klass.value,
            "code": self.code, "reason": self.reason, "warnings": list(self.warnings),
            "found_url": self.found_url, "owner": self.owner,
        }


@dataclass(slots=True)
class ProviderChooser:
    """Resolves (provider, account) for rows, caching per pair; ``auto`` guesses from the MAC range."""

    config: CallConfig
    vendors: VendorTable = field(default_factory=builtin_vendor_table)
    _cache: dict[tuple[str, str | None], Resolved | FalconieriError] = field(default_factory=dict)
    _caps: dict[str, Capabilities] = field(default_factory=dict)

    def resolve(self, provider: str, account: str | None) -> Resolved:
        key = (provider, account)
        cached = self._cache.get(key)
        if cached is None:
            try:
                cached = resolve(provider, replace(self.config, account=account or self.config.account))
            except FalconieriError as exc:
                cached = exc
            self._cache[key] = cached
        if isinstance(cached, FalconieriError):
            raise cached
        return cached

    def choose(self, device: DeviceId, provider: str | None, account: str | None) -> Resolved:
        if provider and provider != AUTO:
            return self.resolve(provider, account)
        guess = self.vendors.guess(device.mac)
        if guess is None or not guess.providers:
            raise ConfigError("provider_not_supported",
                              f"The vendor of {device.mac} cannot be told from its MAC range; choose the provider "
                              "for this row.")
        errors: list[FalconieriError] = []
        for candidate in guess.providers:
            if candidate not in PROVIDERS:
                continue
            try:
                return self.resolve(candidate, account)
            except ConfigError as exc:
                errors.append(exc)
        names = " or ".join(guess.providers)
        raise ConfigError("missing_credentials",
                          f"{device.mac} looks like a {guess.label} phone, but there is no usable account for "
                          f"{names}.", details={"tried": [e.code for e in errors]})

    def capabilities(self, resolved: Resolved) -> Capabilities:
        """Capabilities for this account (e.g. Gigaset ``disable_crc``), computed once."""
        key = f"{resolved.implementation}|{resolved.settings.endpoint}|{resolved.settings.user}|" \
              f"{sorted(resolved.settings.options.items())}"
        caps = self._caps.get(key)
        if caps is None:
            caps = self.provider(resolved).capabilities
            self._caps[key] = caps
        return caps

    def provider(self, resolved: Resolved) -> Provider:
        """A provider object for offline questions (capabilities, URL warnings); it makes no call."""
        return offline_provider(resolved.implementation, resolved.settings)


def prepare(inputs: Iterable[PlanInput], chooser: ProviderChooser, *, default_url: str | None = None,
            default_provider: str | None = None, default_account: str | None = None) -> list[PlanRow]:
    """Offline preflight of every row (no network)."""
    rows: list[PlanRow] = []
    for item in inputs:
        rows.append(_prepare_one(item, chooser, default_url, default_provider, default_account))
    return rows


def _prepare_one(item: PlanInput, chooser: ProviderChooser, default_url: str | None,
                 default_provider: str | None, default_account: str | None) -> PlanRow:
    if item.problems:
        code, message = item.problems[0]
        klass = PlanClass.MISSING_DATA if code.startswith("missing") else PlanClass.INVALID
        return PlanRow(item.row, item, klass, code=code, reason=message)
    if item.device is None:
        return PlanRow(item.row, item, PlanClass.MISSING_DATA, code="missing_mac_address",
                       reason="The row has no MAC address.")
    if item.duplicate_of is not None:
        return PlanRow(item.row, item, PlanClass.INVALID, code="duplicate",
                       reason=f"Same MAC as row {item.duplicate_of}; only the first one is registered.")
    try:
        url = parse_provisioning_url(item.url or default_url)
    except InputError as exc:
        klass = PlanClass.MISSING_DATA if exc.code == "missing_url" else PlanClass.INVALID
        return PlanRow(item.row, item, klass, code=exc.code, reason=exc.message)
    provider_name = item.provider or default_provider
    try:
        resolved = chooser.choose(item.device, provider_name, item.account or default_account)
    except FalconieriError as exc:
        return PlanRow(item.row, item, PlanClass.MISSING_DATA, code=exc.code, reason=exc.message, url=url)
    device = Device(item.device, resolved.target, url.text, resolved.settings.account_id, item.label)
    provider = chooser.provider(resolved)
    try:
        provider.validate(item.device, Operation.REGISTER)
    except InputError as exc:
        return PlanRow(item.row, item, PlanClass.MISSING_DATA, device=device, resolved=resolved, url=url,
                       code=exc.code, reason=exc.message)
    warnings = tuple(provider.url_warnings(url)) + tuple(provider.transport_warnings)
    caps = chooser.capabilities(resolved)
    klass = PlanClass.PENDING if caps.can_check else PlanClass.UNCHECKED
    reason = "" if caps.can_check else f"{provider.info.label} cannot report registrations; it will be registered."
    return PlanRow(item.row, item, klass, device=device, resolved=resolved, url=url, warnings=warnings,
                   reason=reason)


def check_jobs(rows: Sequence[PlanRow]) -> tuple[Job, ...]:
    """Check jobs for the prepared rows that can be checked (run them with ``journal=False``)."""
    return tuple(Job(r.row, r.device, Operation.CHECK, r.resolved)
                 for r in rows if r.klass is PlanClass.PENDING and r.device and r.resolved)


def classify(row: PlanRow, check: RowChanged | None) -> PlanRow:
    """The plan class of a prepared row, given the final event of its check."""
    if row.klass is not PlanClass.PENDING:
        return row
    if check is None:
        return replace(row, klass=PlanClass.UNCHECKED, reason="Not checked.")
    if check.status is Status.CHECKED:
        presence = check.presence or Presence.UNKNOWN
        wanted = row.url.text if row.url else None
        if presence is Presence.REGISTERED:
            if check.url is not None and check.url == wanted:
                return replace(row, klass=PlanClass.ALREADY_CORRECT, found_url=check.url,
                               reason="Already registered to this account with this URL: nothing to write.")
            if check.url is None:
                return replace(row, klass=PlanClass.OVERRIDE,
                               reason="Registered to this account (the vendor does not say the URL): will be "
                                      "overwritten.")
            return replace(row, klass=PlanClass.OVERRIDE, found_url=check.url,
                           reason=f"Registered to this account with {check.url}: will be overridden.")
        if presence is Presence.NOT_REGISTERED:
            return replace(row, klass=PlanClass.NEW, reason="Not registered yet: will be registered.")
        if presence is Presence.OTHER_ACCOUNT:
            owner = f" ({check.owner})" if check.owner else ""
            return replace(row, klass=PlanClass.CONFLICT, code="device_owned_by_other_user", owner=check.owner,
                           found_url=check.url, reason=f"Registered to another account{owner}: the vendor will "
                                                       "refuse it until the owner releases it.")
        return replace(row, klass=PlanClass.UNCHECKED, reason="The vendor did not say whether it is registered.")
    if check.code == "device_owned_by_other_user":
        return replace(row, klass=PlanClass.CONFLICT, code=check.code, reason=check.message or "")
    if check.code == "not_registered":
        return replace(row, klass=PlanClass.NEW, reason="Not registered yet: will be registered.")
    if check.code == "operation_not_supported":
        return replace(row, klass=PlanClass.UNCHECKED, reason=check.message or "")
    return replace(row, klass=PlanClass.CHECK_FAILED, code=check.code,
                   reason=f"The check failed ({check.code}): {check.message or ''}".strip())


def run_jobs(rows: Sequence[PlanRow], *, force: bool = False,
             previous_attempts: Callable[[int], int] | None = None) -> tuple[list[Job], list[PlanRow]]:
    """Register jobs for a real run, and the rows that are not sent (skipped or unsendable)."""
    jobs: list[Job] = []
    held: list[PlanRow] = []
    for row in rows:
        if not row.klass.sendable or row.device is None or row.resolved is None:
            held.append(row)
            continue
        if row.klass is PlanClass.ALREADY_CORRECT and not force:
            held.append(row)
            continue
        attempts = previous_attempts(row.row) if previous_attempts else 0
        jobs.append(Job(row.row, row.device, Operation.REGISTER, row.resolved, row.url, attempts))
    return jobs, held


def plan_counts(rows: Iterable[PlanRow]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for row in rows:
        counts[row.klass.value] = counts.get(row.klass.value, 0) + 1
    return counts
