"""A scripted provider and a recording journal for engine tests.

The engine's own logic (retries, breaker, cancellation, batching, ordering) is tested against this
fake because it lets a test decide exactly when and how each call fails; the real providers
against the sandbox are exercised by tests/core/test_engine_sandbox.py.
"""

from __future__ import annotations

import asyncio
import queue
import threading
import time
from collections.abc import Callable, Sequence
from typing import Any, ClassVar

from falconieri_desktop.core.config import Resolved
from falconieri_desktop.core.devices import Device, DeviceId, Operation, Outcome, Presence
from falconieri_desktop.core.engine import BatchEngine, BatchFinished, EngineEvent, Job, RowChanged
from falconieri_desktop.core.errors import FalconieriError
from falconieri_desktop.core.mac import MacStyle, parse_mac
from falconieri_desktop.core.urls import ProvisioningUrl, parse_provisioning_url
from falconieri_desktop.providers.base import Capabilities, ProbeStep, Provider, ProviderInfo, ProviderSettings

Script = Callable[[str, int], Any]  # (mac, attempt number for this mac) -> Outcome-ish | exception | awaitable


class FakeProvider(Provider):
    """Calls ``script(mac, attempt)``; raises what it returns if it is an exception."""

    info: ClassVar[ProviderInfo] = ProviderInfo(
        name="fake", label="Fake", vendor="fake", protocol="fake", default_endpoint="https://fake.invalid/",
        mac_style=MacStyle.BARE_UPPER, capabilities=Capabilities(can_check=True, can_deregister=True,
                                                                  default_concurrency=4),
        env_prefix="FAKE")
    script: ClassVar[Script] = staticmethod(lambda mac, attempt: None)
    delay: ClassVar[float] = 0.0
    lock = threading.Lock()
    attempts: ClassVar[dict[str, int]] = {}
    calls: ClassVar[list[tuple[str, float]]] = []  # (mac, monotonic time)
    active: ClassVar[int] = 0
    max_active: ClassVar[int] = 0
    cancelled: ClassVar[list[str]] = []
    batches: ClassVar[list[int]] = []

    @classmethod
    def reset(cls, script: Script | None = None, delay: float = 0.0) -> None:
        cls.script = staticmethod(script or (lambda mac, attempt: None))
        cls.delay = delay
        cls.attempts = {}
        cls.calls = []
        cls.active = 0
        cls.max_active = 0
        cls.cancelled = []
        cls.batches = []

    async def _run(self, device: DeviceId, operation: Operation, url: str | None = None) -> Outcome:
        mac = device.mac.value
        with self.lock:
            attempt = self.attempts[mac] = self.attempts.get(mac, 0) + 1
            self.calls.append((mac, time.monotonic()))
            type(self).active += 1
            type(self).max_active = max(self.max_active, self.active)
        try:
            if self.delay:
                await asyncio.sleep(self.delay)
            result = self.script(mac, attempt)
            if asyncio.iscoroutine(result):
                result = await result
            if isinstance(result, BaseException):
                raise result
            if isinstance(result, Outcome):
                return result
            presence = Presence.REGISTERED if operation is Operation.CHECK else None
            return self._outcome(operation, device, url=url, presence=presence)
        except asyncio.CancelledError:
            with self.lock:
                self.cancelled.append(mac)
            raise
        finally:
            with self.lock:
                type(self).active -= 1

    async def _register(self, device: DeviceId, url: ProvisioningUrl) -> Outcome:
        return await self._run(device, Operation.REGISTER, url.text)

    async def _deregister(self, device: DeviceId) -> Outcome:
        return await self._run(device, Operation.DEREGISTER)

    async def _check(self, device: DeviceId) -> Outcome:
        return await self._run(device, Operation.CHECK)

    async def _probe(self) -> tuple[Sequence[str], Sequence[ProbeStep]]:
        return ("register",), ()


class BatchingFakeProvider(FakeProvider):
    info: ClassVar[ProviderInfo] = ProviderInfo(
        name="fakebatch", label="Fake batching", vendor="fake", protocol="fake",
        default_endpoint="https://fake.invalid/", mac_style=MacStyle.BARE_UPPER,
        capabilities=Capabilities(max_batch=5, default_concurrency=1), env_prefix="FAKEBATCH")

    async def register_many(self, items: Sequence[tuple[DeviceId, ProvisioningUrl]]) -> list[Outcome | FalconieriError]:
        with self.lock:
            self.batches.append(len(items))
        results: list[Outcome | FalconieriError] = []
        for device, url in items:
            try:
                results.append(await self._run(device, Operation.REGISTER, url.text))
            except FalconieriError as exc:
                results.append(exc)
        return results


FAKES: dict[str, type[Provider]] = {"fake": FakeProvider, "fakebatch": BatchingFakeProvider}


class RecordingJournal:
    """Records what the engine writes, with the time order of writes."""

    def __init__(self) -> None:
        self.rows: list[RowChanged] = []
        self.attempts: list[dict[str, Any]] = []
        self.finished: list[tuple[str, str, dict[str, int]]] = []
        self.lock = threading.Lock()

    def engine_row_changed(self, batch_id: str, event: RowChanged) -> None:
        with self.lock:
            self.rows.append(event)

    def engine_attempt(self, batch_id: str, row_id: int, **fields: Any) -> None:
        with self.lock:
            self.attempts.append({"batch_id": batch_id, "row_id": row_id, **fields})

    def engine_batch_finished(self, batch_id: str, state: str, counts: dict[str, int]) -> None:
        with self.lock:
            self.finished.append((batch_id, state, counts))


def settings(name: str = "fake", user: str = "tech", secret: str = "s3cret-fake", **options: Any) -> Resolved:
    return Resolved(name, ProviderSettings(provider=name, endpoint="https://fake.invalid/", user=user,
                                           secret=secret, options=options), name)


def mac_for(i: int, oui: str = "000413") -> str:
    return f"{oui}{i:06X}"


def jobs(n: int, resolved: Resolved | None = None, *, operation: Operation = Operation.REGISTER,
         oui: str = "000413", start: int = 0) -> tuple[Job, ...]:
    resolved = resolved or settings()
    url = parse_provisioning_url("https://pbx.example.com/prov/{mac}.xml")
    out = []
    for i in range(start, start + n):
        device = Device(DeviceId(parse_mac(mac_for(i, oui))), resolved.target, url.text)
        out.append(Job(i, device, operation, resolved, url if operation is Operation.REGISTER else None))
    return tuple(out)


def collect(engine: BatchEngine, batch_id: str, timeout: float = 20.0,
            on_event: Callable[[EngineEvent], None] | None = None) -> list[EngineEvent]:
    """Events until (and including) the batch's BatchFinished."""
    out: list[EngineEvent] = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            event = engine.events.get(timeout=0.05)
        except queue.Empty:
            continue
        out.append(event)
        if on_event:
            on_event(event)
        if isinstance(event, BatchFinished) and event.batch_id == batch_id:
            return out
    raise AssertionError(f"batch {batch_id} did not finish in {timeout}s; got {len(out)} events")


def final_rows(events: list[EngineEvent]) -> dict[int, RowChanged]:
    last: dict[int, RowChanged] = {}
    for event in events:
        if isinstance(event, RowChanged):
            last[event.row_id] = event
    return last
