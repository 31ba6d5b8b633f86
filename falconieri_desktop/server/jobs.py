"""Batch jobs: ``POST /providers/:provider`` with a list of devices, ``GET /jobs/:id`` for results.

Jobs live in memory of the instance that accepted them -- the one piece of state a gateway has.
Why not the journal: it is a local SQLite file, so it would not make jobs visible to the other
instances behind a load balancer either (SQLite on shared storage is a known way to corrupt it),
while it would make every instance write a disk per device. A job is a short-lived answer to one
caller, so it is kept in memory, bounded (``max_jobs``, ``ttl`` after it finished) and its id
names the instance (``<instance>-<random>``): a poll that reaches another instance gets a
``job_not_found`` that says so. Callers behind a load balancer use session affinity, or
``?wait=`` to get the results in the POST's own answer when the batch is small.

Devices run through the same per-account pools as single requests (``service.AccountPool``), at
most ``pool.size`` at a time per job, so a large batch queues behind the account's limit instead
of starving the PBXs' PUTs. Providers that take many devices per call (YMCS: 100) get them
grouped. Retryable failures are retried with the engine's policy (``core.engine.RetryPolicy``:
exponential backoff, full jitter, honouring Retry-After); definitive refusals are not.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import json
import logging
import random
import re
import secrets
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from falconieri_desktop.core.devices import DeviceId, Operation, Outcome, Status
from falconieri_desktop.core.engine import RetryPolicy
from falconieri_desktop.core.errors import FalconieriError, InputError, TransportError
from falconieri_desktop.core.mac import MacStyle
from falconieri_desktop.core.urls import ProvisioningUrl
from falconieri_desktop.providers.base import Provider
from falconieri_desktop.server import compat
from falconieri_desktop.server.errors import error_body
from falconieri_desktop.server.service import AccountPool, GatewayService

__all__ = ["Job", "JobItem", "JobManager", "JobState", "parse_batch"]

log = logging.getLogger(__name__)

_JOB_ID = re.compile(r"^([0-9a-f]{6})-[0-9a-f]{16}$")


class JobState(StrEnum):
    RUNNING = "running"
    FINISHED = "finished"
    CANCELLED = "cancelled"


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


@dataclass(slots=True, eq=False)
class JobItem:
    """One device of a job and what became of it."""

    index: int
    mac_text: str  # as the caller wrote it (echoed when it could not be parsed)
    device: DeviceId | None = None
    url: ProvisioningUrl | None = None
    status: Status = Status.QUEUED
    attempts: int = 0
    first_attempt_at: float | None = None  # time.monotonic() of the first call (retry deadline)
    error: FalconieriError | None = None
    outcome: Outcome | None = None

    def to_dict(self) -> dict[str, Any]:
        mac = self.device.mac.format(MacStyle.DASHED_UPPER) if self.device else self.mac_text
        outcome = self.outcome
        data: dict[str, Any] = {"index": self.index, "mac": mac, "status": self.status.value,
                                "attempts": self.attempts, "error": None, "message": None, "hint": None,
                                "url": None, "device_pin": None, "presence": None, "owner": None}
        if self.error is not None:
            body = error_body(self.error)
            data.update(error=body["error"], message=body["message"], hint=body["hint"])
        if outcome is not None:
            data.update(url=outcome.url, device_pin=outcome.pin,
                        presence=outcome.presence.value if outcome.presence else None, owner=outcome.owner)
        return data


@dataclass(slots=True, eq=False)
class Job:
    id: str
    owner: str | None  # the client that submitted it; only it may read or cancel it
    provider: str
    operation: Operation
    items: list[JobItem]
    state: JobState = JobState.RUNNING
    created_at: str = field(default_factory=_now)
    finished_at: str | None = None
    finished_monotonic: float | None = None
    done: asyncio.Event = field(default_factory=asyncio.Event)
    task: asyncio.Task[None] | None = None
    stopping: bool = False  # no new device starts (cancel or shutdown)

    def counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for item in self.items:
            counts[item.status.value] = counts.get(item.status.value, 0) + 1
        return counts

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "provider": self.provider, "operation": self.operation.value,
                "state": self.state.value, "created_at": self.created_at, "finished_at": self.finished_at,
                "total": len(self.items), "counts": self.counts(), "devices": [i.to_dict() for i in self.items]}


_OK_STATUS = {Operation.REGISTER: Status.REGISTERED, Operation.DEREGISTER: Status.DEREGISTERED,
              Operation.CHECK: Status.CHECKED}


def _invalid(message: str) -> InputError:
    return InputError("invalid_request_body", message)


def parse_batch(raw: bytes, *, provider: str, needs_crc: bool, max_devices: int) -> tuple[Operation, list[JobItem]]:
    """The operation and items of a batch body. Structural problems fail the request (400/413);
    a device's own problem (bad MAC, URL or code) fails only that device, without a vendor call.

    Body: ``{"operation": "register"|"deregister"|"check", "url": "...", "devices": [MAC, or
    {"mac", "crc", "serial", "url"}, ...]}``; a device's ``url`` wins over the shared one.
    """
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise _invalid("The body is not JSON.") from None
    if not isinstance(data, dict):
        raise _invalid("The body must be a JSON object with a 'devices' list.")
    operation_text = data.get("operation", "register")
    try:
        operation = Operation(operation_text)
    except (ValueError, TypeError):
        raise _invalid("'operation' is register, deregister or check.") from None
    shared_url = data.get("url")
    if shared_url is not None and not isinstance(shared_url, str):
        raise _invalid("'url' must be a string.")
    devices = data.get("devices")
    if not isinstance(devices, list) or not devices:
        raise _invalid("'devices' must be a non-empty list of MACs or device objects.")
    if len(devices) > max_devices:
        raise InputError("request_too_large",
                         f"A job takes at most {max_devices} devices, this one has {len(devices)}; split it.")
    items: list[JobItem] = []
    seen: dict[str, int] = {}
    for index, raw_entry in enumerate(devices):
        entry = {"mac": raw_entry} if isinstance(raw_entry, str) else raw_entry
        if not isinstance(entry, dict) or not isinstance(entry.get("mac"), str):
            raise _invalid(f"devices[{index}] must be a MAC string or an object with a 'mac' string.")
        for key in ("crc", "url"):
            if entry.get(key) is not None and not isinstance(entry.get(key), str):
                raise _invalid(f"devices[{index}].{key} must be a string.")
        serial = entry.get("serial")
        if serial is not None and (not isinstance(serial, (str, int)) or isinstance(serial, bool)):
            raise _invalid(f"devices[{index}].serial must be a string or a number.")
        mac_text = entry["mac"]
        item = JobItem(index, mac_text[:64])
        items.append(item)
        try:
            mac, inline = compat.device_mac(mac_text, with_code=needs_crc)
            crc = compat.gigaset_code(entry.get("crc"), inline) if needs_crc else None
            item.device = DeviceId(mac, crc, compat.serial_value(serial))
            if operation is Operation.REGISTER:
                url_text = entry.get("url") or shared_url
                if not url_text or not str(url_text).strip():
                    raise InputError("missing_url")
                item.url = compat.provisioning_url(str(url_text), provider)
            if mac.value in seen:
                raise InputError("duplicate_mac_address",
                                 f"devices[{seen[mac.value]}] has the same MAC; this one was not sent.")
            seen[mac.value] = index
        except InputError as exc:
            item.status, item.error = Status.FAILED, exc
    return operation, items


class JobManager:
    """Runs and keeps the jobs of this instance (see the module docstring)."""

    def __init__(self, service: GatewayService, *, max_jobs: int = 200, max_devices: int = 1000,
                 ttl: float = 3600.0, policy: RetryPolicy | None = None, rng: random.Random | None = None) -> None:
        self.service = service
        self.instance = secrets.token_hex(3)
        self.max_jobs = max_jobs
        self.max_devices = max_devices
        self.ttl = ttl
        # A caller polls for the result: bound the whole retry story well below the engine's 5 minutes.
        self.policy = policy or RetryPolicy(attempts=3, base_delay=0.5, max_delay=10.0, deadline=120.0)
        self._rng = rng or random.Random()
        self._jobs: dict[str, Job] = {}
        self.closing = False

    # -- the API ---------------------------------------------------------------------------------

    def submit(self, owner: str | None, provider: str, raw_body: bytes) -> Job:
        """Validate and start a job; raises for structural problems and unknown providers."""
        if self.closing:
            raise TransportError("gateway_busy", "The gateway is shutting down.")
        pool = self.service.pool(provider)
        operation, items = parse_batch(raw_body, provider=provider, needs_crc=pool.provider.capabilities.needs_crc,
                                       max_devices=self.max_devices)
        self._make_room()
        job = Job(f"{self.instance}-{secrets.token_hex(8)}", owner, provider, operation, items)
        self._jobs[job.id] = job
        job.task = asyncio.get_running_loop().create_task(self._run(job, pool), name=f"job-{job.id}")
        log.info("job %s: %s %d devices on %s for %s", job.id, operation.value, len(items), provider, owner or "-")
        return job

    def get(self, job_id: str, owner: str | None) -> Job:
        self._prune()
        job = self._jobs.get(job_id)
        if job is None or job.owner != owner:
            match = _JOB_ID.match(job_id)
            if match and match.group(1) != self.instance:
                raise InputError("job_not_found",
                                 f"Job {job_id} was accepted by another gateway instance ({match.group(1)}; this "
                                 f"is {self.instance}): jobs live in the instance that accepted them.")
            raise InputError("job_not_found", f"There is no job {job_id} here (finished jobs are kept "
                                              f"{self.ttl / 60:g} minutes).")
        return job

    async def wait(self, job: Job, timeout: float) -> bool:
        """Wait up to ``timeout`` s for the job to finish; True when it has."""
        if timeout > 0 and not job.done.is_set():
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(timeout):
                    await job.done.wait()
        return job.done.is_set()

    async def cancel(self, job_id: str, owner: str | None) -> Job:
        """Stop the job: devices not done become ``cancelled``; returns once it has unwound."""
        job = self.get(job_id, owner)
        if job.task is not None and not job.done.is_set():
            job.stopping = True
            job.task.cancel()
            await job.done.wait()
        return job

    def stop_starting(self) -> None:
        """Accept no job and start no device from now on (only sets flags: signal-safe)."""
        self.closing = True
        for job in self._jobs.values():
            job.stopping = True

    async def aclose(self, grace: float = 10.0) -> None:
        """Shutdown: start no more devices, let calls in flight finish for ``grace`` s, cancel the rest."""
        self.stop_starting()
        running = [job for job in self._jobs.values() if not job.done.is_set()]
        if running:
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(grace):
                    await asyncio.gather(*(job.done.wait() for job in running))
        for job in running:
            if job.task is not None and not job.done.is_set():
                job.task.cancel()
        for job in running:
            await job.done.wait()

    # -- housekeeping ------------------------------------------------------------------------------

    def _prune(self) -> None:
        limit = time.monotonic() - self.ttl
        for job_id in [j.id for j in self._jobs.values()
                       if j.finished_monotonic is not None and j.finished_monotonic < limit]:
            del self._jobs[job_id]

    def _make_room(self) -> None:
        self._prune()
        if len(self._jobs) < self.max_jobs:
            return
        finished = sorted((j for j in self._jobs.values() if j.finished_monotonic is not None),
                          key=lambda j: j.finished_monotonic or 0.0)
        if not finished:
            raise TransportError("gateway_busy", f"{self.max_jobs} jobs are running on this instance.")
        del self._jobs[finished[0].id]

    # -- running ------------------------------------------------------------------------------------

    async def _run(self, job: Job, pool: AccountPool) -> None:
        pending = [item for item in job.items if item.status is Status.QUEUED]
        queue: asyncio.Queue[JobItem] = asyncio.Queue()
        for item in pending:
            queue.put_nowait(item)
        left = [len(pending)]
        all_done = asyncio.Event()
        if not pending:
            all_done.set()
        timers: set[asyncio.Task[None]] = set()
        per_call = pool.provider.capabilities.max_batch if job.operation is Operation.REGISTER else 1

        def settle(item: JobItem, status: Status) -> None:
            item.status = status
            left[0] -= 1
            if left[0] == 0:
                all_done.set()

        async def requeue_later(item: JobItem, delay: float) -> None:
            await asyncio.sleep(delay)
            if job.stopping:
                settle(item, Status.CANCELLED)
            else:
                item.status = Status.QUEUED
                queue.put_nowait(item)

        async def worker() -> None:
            while True:
                items = [await queue.get()]
                while len(items) < per_call and not queue.empty():
                    items.append(queue.get_nowait())
                if job.stopping:
                    for item in items:
                        settle(item, Status.CANCELLED)
                    continue
                now = time.monotonic()
                for item in items:
                    item.status = Status.RUNNING
                    item.attempts += 1
                    item.first_attempt_at = item.first_attempt_at or now
                try:
                    results = await pool.run(functools.partial(self._call, operation=job.operation, items=items))
                except FalconieriError as exc:
                    results = [exc] * len(items)
                for item, result in zip(items, results, strict=True):
                    if isinstance(result, Outcome):
                        item.outcome, item.error = result, None
                        settle(item, _OK_STATUS[job.operation])
                    elif self._may_retry(item, result) and not job.stopping:
                        item.error, item.status = result, Status.RETRY_WAIT
                        timer = asyncio.get_running_loop().create_task(
                            requeue_later(item, self.policy.delay(item.attempts, self._rng, result.retry_after)))
                        timers.add(timer)
                        timer.add_done_callback(timers.discard)
                    else:
                        item.error = result
                        settle(item, Status.FAILED)

        workers = [asyncio.get_running_loop().create_task(worker()) for _ in range(min(pool.size, len(pending)))]
        try:
            await all_done.wait()
        finally:
            for task in (*workers, *timers):
                task.cancel()
            await asyncio.gather(*workers, *timers, return_exceptions=True)
            for item in job.items:
                if not item.status.is_final:
                    item.status = Status.CANCELLED
            job.state = JobState.CANCELLED if job.stopping and any(
                i.status is Status.CANCELLED for i in job.items) else JobState.FINISHED
            job.finished_at, job.finished_monotonic = _now(), time.monotonic()
            job.done.set()
            log.info("job %s %s: %s", job.id, job.state.value,
                     ", ".join(f"{k} {v}" for k, v in sorted(job.counts().items())))

    def _may_retry(self, item: JobItem, error: FalconieriError) -> bool:
        if not error.retryable or self.closing or item.attempts >= self.policy.attempts:
            return False
        elapsed = time.monotonic() - (item.first_attempt_at or time.monotonic())
        return elapsed + (error.retry_after or 0.0) < self.policy.deadline

    @staticmethod
    async def _call(provider: Provider, *, operation: Operation,
                    items: Sequence[JobItem]) -> list[Outcome | FalconieriError]:
        if operation is Operation.REGISTER and len(items) > 1:
            pairs = [(item.device, item.url) for item in items if item.device is not None and item.url is not None]
            return await provider.register_many(pairs)
        results: list[Outcome | FalconieriError] = []
        for item in items:
            assert item.device is not None
            try:
                if operation is Operation.REGISTER:
                    assert item.url is not None
                    results.append(await provider.register(item.device, item.url))
                elif operation is Operation.DEREGISTER:
                    results.append(await provider.deregister(item.device))
                else:
                    results.append(await provider.check(item.device))
            except FalconieriError as exc:
                results.append(exc)
        return results
