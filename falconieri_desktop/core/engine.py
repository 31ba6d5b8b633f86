"""BatchEngine: one asyncio loop in one worker thread, running every vendor call of the app.

Shape (STYLE.md §4)::

    caller thread (GUI / CLI)              engine thread (asyncio loop)
    ─────────────────────────              ─────────────────────────────────────────────
    engine.submit(BatchSpec) ──────────▶   per account: queue + N worker coroutines
    engine.cancel/pause/resume ────────▶   retries with backoff + full jitter, breaker
    engine.events.get()  ◀── immutable ──   journal commit, *then* event (RowChanged ...)

* Per account (endpoint + user + implementation) one ``httpx.AsyncClient``, one provider, one
  queue and a pool of worker coroutines sized from the provider's capabilities (overridable),
  under a global cap. Providers that accept many devices per call (YMCS: 100) get them batched.
* Retries only for retryable failures (connection errors, timeouts, 5xx, ``rate_limited``
  honouring ``Retry-After``), with exponential backoff and full jitter, bounded by attempts and a
  per-device deadline. Definitive refusals and authentication failures are never retried.
* Per-account circuit breaker: after ``breaker_threshold`` consecutive ``authentication_failed``
  the account's queue stops and its remaining rows become ``blocked`` -- vendors lock accounts
  that keep failing logins -- while other accounts go on. A new submission re-arms it (each user
  action risks at most ``breaker_threshold`` failed logins).
* Cancellation is a state: rows become ``cancelled``; ``BatchFinished`` is published from a
  ``finally:`` only after every task of the batch has unwound.
* Every state change is written to the journal before its event is published, so a consumer
  never shows what a crash would lose.
* With a ``ForegroundGate`` (the desktop app passes one) the engine steps aside at its checkpoints
  while the GUI thread paints: see ``core/foreground.py``.

Never touch Qt here: the GUI drains ``events`` with a timer on its own thread.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
import queue
import random
import threading
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any, Protocol

import httpx

from falconieri_desktop.core.clock import utc_now
from falconieri_desktop.core.config import Resolved
from falconieri_desktop.core.devices import Device, Operation, Outcome, Presence, Status
from falconieri_desktop.core.errors import (
    AuthenticationError,
    FalconieriError,
    InputError,
    TransportError,
)
from falconieri_desktop.core.foreground import ForegroundGate
from falconieri_desktop.core.urls import ProvisioningUrl
from falconieri_desktop.providers import PROVIDERS
from falconieri_desktop.providers.base import Provider
from falconieri_desktop.providers.transport import NetworkSettings, make_client

__all__ = [
    "AccountBlocked",
    "BatchEngine",
    "BatchFinished",
    "BatchSpec",
    "BatchState",
    "BatchStateChanged",
    "EngineError",
    "EngineEvent",
    "Job",
    "JournalSink",
    "RetryPolicy",
    "RowChanged",
    "RowsQueued",
]

log = logging.getLogger(__name__)


# -- what goes in -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """How hard to try. Delays: full jitter, ``uniform(0, min(max_delay, base_delay * 2**n))``."""

    attempts: int = 4
    base_delay: float = 0.5
    max_delay: float = 30.0
    deadline: float = 300.0  # seconds per device, from its first attempt

    def delay(self, attempt: int, rng: random.Random, retry_after: float | None = None) -> float:
        ceiling = min(self.max_delay, self.base_delay * (2 ** max(0, attempt - 1)))
        jittered = rng.uniform(0, ceiling)
        return max(jittered, retry_after) if retry_after is not None else jittered


@dataclass(frozen=True, slots=True)
class Job:
    """One device and what to do with it, with its provider already resolved."""

    row_id: int
    device: Device
    operation: Operation
    resolved: Resolved
    url: ProvisioningUrl | None = None  # register only
    previous_attempts: int = 0  # attempts made by earlier runs (resume/retry)


@dataclass(frozen=True, slots=True)
class BatchSpec:
    batch_id: str
    jobs: tuple[Job, ...]
    verify: bool = False  # read each registration back where the provider can
    concurrency: int | None = None  # per account; None = provider default / account setting
    journal: bool = True  # False for dry runs (plan checks write nothing)


class JournalSink(Protocol):
    """What the engine writes; ``core.journal`` implements it. Calls happen on the engine thread."""

    def engine_row_changed(self, batch_id: str, event: RowChanged) -> None: ...

    def engine_rows_queued(self, batch_id: str, row_ids: Sequence[int]) -> None:
        """Many rows entering the queue at once (one transaction)."""

    def engine_attempt(self, batch_id: str, row_id: int, *, mac: str, operation: str, provider: str,
                       account_id: str | None, status: str, code: str | None, duration_ms: int,
                       attempt: int) -> None: ...

    def engine_batch_finished(self, batch_id: str, state: str, counts: dict[str, int]) -> None: ...


# -- what comes out -----------------------------------------------------------------------------


class BatchState(StrEnum):
    RUNNING = "running"
    PAUSED = "paused"
    FINISHED = "finished"
    CANCELLED = "cancelled"


@dataclass(frozen=True, slots=True)
class RowChanged:
    """A row's visible state after a change (an immutable snapshot)."""

    batch_id: str
    row_id: int
    status: Status
    attempts: int = 0
    code: str | None = None
    message: str | None = None
    hint: str | None = None
    vendor_reply: str | None = None
    url: str | None = None  # register: URL sent; check: URL read back
    presence: Presence | None = None
    owner: str | None = None
    pin: str | None = None
    verified: bool | None = None
    warnings: tuple[str, ...] = ()
    next_attempt_in: float | None = None  # RETRY_WAIT: seconds until the next attempt
    at: str = ""  # UTC ISO-8601
    provider: str | None = None  # the provider the row was resolved to
    account: str | None = None  # the stored account used, if any


@dataclass(frozen=True, slots=True)
class BatchStateChanged:
    batch_id: str
    state: BatchState


@dataclass(frozen=True, slots=True)
class AccountBlocked:
    """An account's breaker opened: its remaining rows are blocked."""

    batch_id: str
    account: str  # a label for people: provider + user
    code: str
    message: str


@dataclass(frozen=True, slots=True)
class BatchFinished:
    """Published once per batch, after every task of the batch has unwound."""

    batch_id: str
    state: BatchState  # FINISHED or CANCELLED
    counts: dict[str, int]
    elapsed: float


@dataclass(frozen=True, slots=True)
class RowsQueued:
    """A batch's rows entered the queue: one event for all of them (10,000 ``RowChanged`` events
    would cost the consumer as much as the whole rest of a run). Rows that are re-queued for a
    retry get a ``RowChanged`` as usual."""

    batch_id: str
    rows: tuple[tuple[int, str, str | None], ...]  # (row_id, provider, account id)
    at: str


@dataclass(frozen=True, slots=True)
class EngineError:
    """Something unexpected (a bug, a journal failure): shown in a dialog with details."""

    batch_id: str | None
    message: str
    details: str = ""


EngineEvent = RowChanged | RowsQueued | BatchStateChanged | AccountBlocked | BatchFinished | EngineError



# -- internal state (engine thread only) -------------------------------------------------------------


@dataclass(slots=True, eq=False)
class _Row:
    job: Job
    batch: _Batch
    status: Status = Status.QUEUED
    attempts: int = 0  # attempts in this run
    first_attempt_at: float | None = None
    last_error: FalconieriError | None = None
    cancel_requested: bool = False
    task: asyncio.Task[Any] | None = None  # the provider call in flight
    timer: asyncio.Task[None] | None = None  # the wait before a retry

    @property
    def total_attempts(self) -> int:
        return self.job.previous_attempts + self.attempts


@dataclass(slots=True, eq=False)
class _Batch:
    spec: BatchSpec
    rows: dict[int, _Row] = field(default_factory=dict)
    remaining: int = 0
    state: BatchState = BatchState.RUNNING
    gate: asyncio.Event = field(default_factory=asyncio.Event)
    done: asyncio.Event = field(default_factory=asyncio.Event)
    started: float = field(default_factory=time.monotonic)
    cancelling: bool = False
    finished: bool = False


@dataclass(slots=True, eq=False)
class _Account:
    key: str
    label: str
    provider: Provider
    client: httpx.AsyncClient
    queue: asyncio.Queue[_Row]
    workers: list[asyncio.Task[None]]
    max_batch: int
    consecutive_auth_failures: int = 0
    blocked_error: FalconieriError | None = None


def _account_key(resolved: Resolved, concurrency: int | None) -> str:
    s = resolved.settings
    # The secret is part of the identity (new credentials = fresh breaker), hashed: keys appear in logs.
    secret_hash = hashlib.sha256(s.secret.encode()).hexdigest()[:12]
    options = ",".join(f"{k}={v}" for k, v in sorted(s.options.items()))
    return f"{resolved.implementation}|{s.endpoint}|{s.user}|{secret_hash}|{options}|{concurrency}"


_QUEUE_SLICE = 500  # rows queued per step of a large submission

ClientFactory = Callable[[Resolved, int], httpx.AsyncClient]
ProviderFactory = Callable[[Resolved, httpx.AsyncClient], Provider]


class BatchEngine:
    """Runs batches of vendor calls on its own thread; see the module docstring."""

    def __init__(
        self,
        *,
        journal: JournalSink | None = None,
        journal_factory: Callable[[], JournalSink] | None = None,
        network: NetworkSettings | None = None,
        policy: RetryPolicy | None = None,
        global_cap: int = 32,
        breaker_threshold: int = 3,
        client_factory: ClientFactory | None = None,
        provider_factory: ProviderFactory | None = None,
        provider_classes: Mapping[str, type[Provider]] | None = None,
        rng: random.Random | None = None,
        on_event: Callable[[], None] | None = None,
        foreground: ForegroundGate | None = None,
    ) -> None:
        """``journal_factory`` is called on the engine thread (SQLite connections are per thread);
        ``foreground`` is the GUI's gate the engine yields to at its checkpoints."""
        self.events: queue.SimpleQueue[EngineEvent] = queue.SimpleQueue()
        self.network = network or NetworkSettings()
        self.policy = policy or RetryPolicy()
        self.global_cap = global_cap
        self.breaker_threshold = breaker_threshold
        self._journal = journal
        self._journal_factory = journal_factory
        self._client_factory = client_factory or self._default_client
        self._provider_factory = provider_factory or self._default_provider
        self._provider_classes = provider_classes if provider_classes is not None else PROVIDERS
        self._rng = rng or random.Random()
        self._on_event = on_event
        self.foreground = foreground or ForegroundGate()  # never held without a GUI
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._run_loop, name="falconieri-engine", daemon=True)
        self._ready = threading.Event()
        self._batches: dict[str, _Batch] = {}
        self._accounts: dict[str, _Account] = {}
        self._global: asyncio.Semaphore | None = None
        self._stopped = False

    # -- lifecycle (any thread) -------------------------------------------------------------

    def start(self) -> BatchEngine:
        if not self._thread.is_alive():
            self._thread.start()
            self._ready.wait(10)
        return self

    def __enter__(self) -> BatchEngine:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.shutdown()

    def _run_loop(self) -> None:
        asyncio.set_event_loop(self._loop)
        self._global = asyncio.Semaphore(self.global_cap)
        if self._journal is None and self._journal_factory is not None:
            self._journal = self._journal_factory()
        self._loop.call_soon(self._ready.set)
        try:
            self._loop.run_forever()
        finally:
            closer = getattr(self._journal, "close", None)
            if callable(closer) and self._journal_factory is not None:
                with contextlib.suppress(Exception):
                    closer()

    def shutdown(self, timeout: float = 10.0) -> None:
        """Cancel -> wait for BatchFinished -> close clients -> stop loop -> join thread -> close loop."""
        if self._stopped or not self._thread.is_alive():
            self._stopped = True
            return
        self._stopped = True
        future = asyncio.run_coroutine_threadsafe(self._shutdown(), self._loop)
        with contextlib.suppress(Exception):
            future.result(timeout)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout)
        if not self._thread.is_alive():
            self._loop.close()

    async def _shutdown(self) -> None:
        batches = [b for b in self._batches.values() if not b.finished]
        for batch in batches:
            await self._cancel_batch(batch)
        for account in list(self._accounts.values()):
            for worker in account.workers:
                worker.cancel()
            await asyncio.gather(*account.workers, return_exceptions=True)
            await account.client.aclose()
        self._accounts.clear()

    @property
    def running(self) -> bool:
        return self._thread.is_alive() and not self._stopped

    # -- commands (any thread) --------------------------------------------------------------

    def submit(self, spec: BatchSpec) -> str:
        """Queue a batch; its events follow on ``events``. Returns its id."""
        self._call_soon(self._submit, spec)
        return spec.batch_id

    def cancel(self, batch_id: str, row_ids: Iterable[int] | None = None) -> None:
        """Cancel a whole batch, or only some of its rows."""
        rows = None if row_ids is None else tuple(row_ids)
        self._call_soon(self._cancel, batch_id, rows)

    def pause(self, batch_id: str) -> None:
        """Stop starting new calls for the batch; calls in flight finish."""
        self._call_soon(self._set_paused, batch_id, True)

    def resume(self, batch_id: str) -> None:
        self._call_soon(self._set_paused, batch_id, False)

    def wait_finished(self, batch_id: str, timeout: float | None = None) -> bool:
        """Block until the batch has finished (for CLI and tests; the GUI watches events instead)."""
        future = asyncio.run_coroutine_threadsafe(self._wait_done(batch_id), self._loop)
        try:
            future.result(timeout)
        except TimeoutError:
            return False
        return True

    def _call_soon(self, fn: Callable[..., Any], *args: Any) -> None:
        if not self._thread.is_alive():
            raise RuntimeError("the engine is not running")

        def guarded() -> None:
            try:
                result = fn(*args)
                if asyncio.iscoroutine(result):
                    self._loop.create_task(self._guard(result))
            except Exception as exc:  # reported as an event, never lost
                log.exception("engine command failed")
                self._publish(EngineError(None, f"Internal error: {exc}", repr(exc)))

        self._loop.call_soon_threadsafe(guarded)

    async def _guard(self, coro: Any) -> None:
        try:
            await coro
        except Exception as exc:
            log.exception("engine task failed")
            self._publish(EngineError(None, f"Internal error: {exc}", repr(exc)))

    async def _wait_done(self, batch_id: str) -> None:
        # The batch may not be registered yet when called right after submit().
        while batch_id not in self._batches:
            await asyncio.sleep(0.01)
        await self._batches[batch_id].done.wait()

    # -- engine thread ------------------------------------------------------------------------

    def _publish(self, event: EngineEvent) -> None:
        self.events.put(event)
        if self._on_event is not None:
            try:
                self._on_event()
            except Exception:  # a consumer's wake-up hook must not break the engine
                log.exception("on_event hook failed")

    def _submit(self, spec: BatchSpec) -> None:
        # The batch exists as soon as this returns, so a pause or cancel sent right after
        # submit() finds it; its rows are then queued in slices by _enqueue.
        if spec.batch_id in self._batches and not self._batches[spec.batch_id].finished:
            raise ValueError(f"batch {spec.batch_id} is already running")
        batch = _Batch(spec)
        batch.gate.set()
        self._batches[spec.batch_id] = batch
        for job in spec.jobs:
            row = _Row(job, batch)
            batch.rows[job.row_id] = row
        batch.remaining = len(batch.rows)
        self._publish(BatchStateChanged(spec.batch_id, BatchState.RUNNING))
        self._loop.create_task(self._guard(self._enqueue(batch)))

    async def _enqueue(self, batch: _Batch) -> None:
        spec = batch.spec
        touched: set[str] = set()
        queued: list[tuple[_Row, _Account]] = []
        for row in list(batch.rows.values()):
            if batch.cancelling or batch.finished:
                return
            try:
                account = self._account_for(row.job.resolved, spec.concurrency)
            except FalconieriError as exc:
                self._finish_row(row, Status.FAILED, error=exc)
                continue
            except Exception as exc:  # a broken account must fail its rows, not the batch
                log.exception("could not prepare account")
                self._finish_row(row, Status.FAILED, error=FalconieriError(
                    "unknown_provider_error", f"The account could not be prepared: {exc}"))
                continue
            if account.key not in touched:
                touched.add(account.key)
                account.consecutive_auth_failures = 0
                account.blocked_error = None
            queued.append((row, account))
            if len(queued) >= _QUEUE_SLICE:
                self._queue_rows(batch, queued)
                queued = []
                # A real sleep between slices hands the interpreter lock to the GUI thread and lets
                # the first workers start before a 10,000-row queue is complete.
                await asyncio.sleep(0.002)
                if batch.cancelling or batch.finished:
                    return
        self._queue_rows(batch, queued)
        if batch.remaining == 0:
            self._loop.create_task(self._finalize(batch))

    def _queue_rows(self, batch: _Batch, queued: list[tuple[_Row, _Account]]) -> None:
        """Journal the whole queue in one transaction, publish one event, then enqueue."""
        if not queued:
            return
        journal = self._journal if batch.spec.journal else None
        bulk = getattr(journal, "engine_rows_queued", None)
        try:
            if bulk is not None:
                bulk(batch.spec.batch_id, [row.job.row_id for row, _ in queued])
            elif journal is not None:
                for row, _ in queued:
                    journal.engine_row_changed(batch.spec.batch_id, self._event(row, Status.QUEUED))
        except Exception as exc:
            log.exception("journal write failed")
            self._publish(EngineError(batch.spec.batch_id, "The journal could not record the queue.", repr(exc)))
        for row, _ in queued:
            row.status = Status.QUEUED
        self._publish(RowsQueued(batch.spec.batch_id, tuple(
            (row.job.row_id, row.job.resolved.target, row.job.resolved.settings.account_id) for row, _ in queued),
            utc_now()))
        for row, account in queued:
            account.queue.put_nowait(row)

    def _account_for(self, resolved: Resolved, concurrency: int | None) -> _Account:
        key = _account_key(resolved, concurrency)
        account = self._accounts.get(key)
        if account is not None:
            return account
        cls = self._provider_classes[resolved.implementation]
        caps = cls.info.capabilities
        account_limit = resolved.settings.concurrency
        size = int(concurrency or account_limit or caps.default_concurrency)
        size = max(1, min(size, self.global_cap))
        client = self._client_factory(resolved, size)
        provider = self._provider_factory(resolved, client)
        label = f"{cls.info.label} ({resolved.settings.user or resolved.settings.endpoint})"
        account = _Account(key, label, provider, client, asyncio.Queue(), [],
                           max(1, provider.capabilities.max_batch))
        account.workers = [self._loop.create_task(self._worker(account), name=f"worker-{cls.info.name}-{i}")
                           for i in range(size)]
        self._accounts[key] = account
        return account

    def _default_client(self, resolved: Resolved, pool: int) -> httpx.AsyncClient:
        return make_client(replace(self.network, max_connections=max(pool, 2)))

    def _default_provider(self, resolved: Resolved, client: httpx.AsyncClient) -> Provider:
        return self._provider_classes[resolved.implementation](resolved.settings, client,
                                                  total_timeout=self.network.total_timeout,
                                                  max_body=self.network.max_body)

    # -- workers -------------------------------------------------------------------------------

    async def _worker(self, account: _Account) -> None:
        while True:
            row = await account.queue.get()
            rows = [row]
            # Batch registrations where the vendor takes many per call (read-back is per device).
            if account.max_batch > 1 and row.job.operation is Operation.REGISTER and not row.batch.spec.verify:
                held: list[_Row] = []
                while len(rows) < account.max_batch:
                    try:
                        more = account.queue.get_nowait()
                    except asyncio.QueueEmpty:
                        break
                    same_kind = more.job.operation is Operation.REGISTER and not more.batch.spec.verify
                    (rows if same_kind else held).append(more)
                for other in held:
                    account.queue.put_nowait(other)
            try:
                await self._process(account, rows)
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # a bug fails the rows, keeps the worker alive
                log.exception("worker failed")
                for r in rows:
                    if not r.status.is_final:
                        self._finish_row(r, Status.FAILED, error=FalconieriError(
                            "unknown_provider_error", f"Internal error: {exc}"))
                self._publish(EngineError(row.batch.spec.batch_id, f"Internal error: {exc}", repr(exc)))

    async def _process(self, account: _Account, rows: list[_Row]) -> None:
        ready: list[_Row] = []
        for row in rows:
            if row.status.is_final:
                continue
            if row.cancel_requested or row.batch.cancelling:
                self._finish_row(row, Status.CANCELLED)
                continue
            if account.blocked_error is not None:
                self._block(row, account.blocked_error)
                continue
            ready.append(row)
        if not ready:
            return
        # Pause: hold the worker until every batch of these rows may go on.
        for batch in {id(r.batch): r.batch for r in ready}.values():
            if not batch.gate.is_set():
                await batch.gate.wait()
        ready = [r for r in ready if not r.status.is_final]
        for row in ready:
            if row.cancel_requested or row.batch.cancelling:
                self._finish_row(row, Status.CANCELLED)
        ready = [r for r in ready if not r.status.is_final]
        if not ready:
            return
        if account.blocked_error is not None:
            for row in ready:
                self._block(row, account.blocked_error)
            return

        assert self._global is not None
        async with self._global:
            # Re-check after waiting for a slot: a cancel may have come meanwhile. From here to
            # the task's creation there is no await, so a cancel sees either no call or its task.
            for row in ready:
                if row.cancel_requested or row.batch.cancelling:
                    self._finish_row(row, Status.CANCELLED)
            ready = [r for r in ready if not r.status.is_final]
            if not ready:
                return
            now = time.monotonic()
            for row in ready:
                row.attempts += 1
                row.first_attempt_at = row.first_attempt_at or now
                self._set_status(row, Status.RUNNING)
            self.foreground.pass_through()  # checkpoint: before a vendor call
            started = time.perf_counter()
            call = self._call(account, ready)
            task: asyncio.Task[list[Outcome | FalconieriError]] = self._loop.create_task(call)
            for row in ready:
                row.task = task
            await asyncio.wait({task})
        duration_ms = int((time.perf_counter() - started) * 1000)
        for row in ready:
            row.task = None
        if task.cancelled():
            for row in ready:
                self._attempt(account, row, "cancelled", None, duration_ms)
                self._finish_row(row, Status.CANCELLED)
            return
        exc = task.exception()
        if exc is not None:
            if not isinstance(exc, FalconieriError):
                raise exc
            results: list[Outcome | FalconieriError] = [exc] * len(ready)
        else:
            results = task.result()
        for row, result in zip(ready, results, strict=True):
            if isinstance(result, FalconieriError):
                self._on_failure(account, row, result, duration_ms)
            else:
                account.consecutive_auth_failures = 0
                self._on_success(account, row, result, duration_ms)

    async def _call(self, account: _Account, rows: list[_Row]) -> list[Outcome | FalconieriError]:
        provider = account.provider
        first = rows[0].job
        if first.operation is Operation.REGISTER:
            if len(rows) > 1:
                items = [(r.job.device.id, self._url(r.job)) for r in rows]
                return await provider.register_many(items)
            return [await provider.register(first.device.id, self._url(first), verify=rows[0].batch.spec.verify)]
        if first.operation is Operation.DEREGISTER:
            return [await provider.deregister(first.device.id)]
        return [await provider.check(first.device.id)]

    @staticmethod
    def _url(job: Job) -> ProvisioningUrl:
        if job.url is None:
            raise InputError("missing_url")
        return job.url

    def _on_success(self, account: _Account, row: _Row, outcome: Outcome, duration_ms: int) -> None:
        status = {Operation.REGISTER: Status.REGISTERED, Operation.DEREGISTER: Status.DEREGISTERED,
                  Operation.CHECK: Status.CHECKED}[row.job.operation]
        code = message = None
        if outcome.verified is False:
            # Accepted, but the read-back shows another URL: not what was asked.
            status, code = Status.FAILED, "unknown_response_from_provider"
            message = "The vendor accepted the registration but reports another URL when read back."
        self._attempt(account, row, status.value, code, duration_ms)
        self._finish_row(row, status, outcome=outcome, code=code, message=message)

    def _on_failure(self, account: _Account, row: _Row, error: FalconieriError, duration_ms: int) -> None:
        row.last_error = error
        self._attempt(account, row, "error", error.code, duration_ms)
        if isinstance(error, AuthenticationError):
            account.consecutive_auth_failures += 1
            self._finish_row(row, Status.FAILED, error=error)
            if account.consecutive_auth_failures >= self.breaker_threshold and account.blocked_error is None:
                self._open_breaker(account, row.batch, error)
            return
        if error.retryable and self._may_retry(row, error):
            delay = self.policy.delay(row.attempts, self._rng, error.retry_after)
            self._set_status(row, Status.RETRY_WAIT, error=error, next_attempt_in=delay)
            row.timer = self._loop.create_task(self._requeue_later(account, row, delay))
            return
        self._finish_row(row, Status.FAILED, error=error)

    def _may_retry(self, row: _Row, error: FalconieriError) -> bool:
        if row.attempts >= self.policy.attempts:
            return False
        elapsed = time.monotonic() - (row.first_attempt_at or time.monotonic())
        earliest = error.retry_after or 0.0
        return elapsed + earliest < self.policy.deadline

    async def _requeue_later(self, account: _Account, row: _Row, delay: float) -> None:
        try:
            await asyncio.sleep(delay)
        except asyncio.CancelledError:
            return
        row.timer = None
        if row.status.is_final:
            return
        if row.cancel_requested or row.batch.cancelling:
            self._finish_row(row, Status.CANCELLED)
            return
        self._set_status(row, Status.QUEUED, error=row.last_error)
        account.queue.put_nowait(row)

    def _open_breaker(self, account: _Account, batch: _Batch, error: FalconieriError) -> None:
        message = (f"Not attempted: {account.label} refused the credentials {self.breaker_threshold} times "
                   "in a row; vendors lock accounts that keep failing logins. Fix the credentials, then retry.")
        account.blocked_error = AuthenticationError("authentication_failed", message,
                                                    vendor_message=error.vendor_message)
        self._publish(AccountBlocked(batch.spec.batch_id, account.label, error.code, message))
        # Rows waiting in the queue are blocked when a worker picks them; drain now so the UI sees it.
        while True:
            try:
                row = account.queue.get_nowait()
            except asyncio.QueueEmpty:
                break
            self._block(row, account.blocked_error)
        for b in self._batches.values():
            for row in b.rows.values():
                if row.status is Status.RETRY_WAIT and row.timer is not None and \
                        _account_key(row.job.resolved, b.spec.concurrency) == account.key:
                    row.timer.cancel()
                    row.timer = None
                    self._block(row, account.blocked_error)

    def _block(self, row: _Row, error: FalconieriError) -> None:
        if not row.status.is_final:
            self._finish_row(row, Status.BLOCKED, error=error)

    # -- state changes: journal first, then the event -----------------------------------------

    def _event(self, row: _Row, status: Status, *, outcome: Outcome | None = None,
               error: FalconieriError | None = None, code: str | None = None, message: str | None = None,
               next_attempt_in: float | None = None) -> RowChanged:
        job = row.job
        # A check reports only what the vendor said: never echo the job's URL as if it were read back.
        sent = job.url.text if job.url and job.operation is not Operation.CHECK else None
        fields: dict[str, Any] = {"url": sent}
        if outcome is not None:
            fields.update(url=outcome.url if outcome.url is not None else sent, presence=outcome.presence,
                          owner=outcome.owner, pin=outcome.pin, verified=outcome.verified,
                          warnings=outcome.warnings, vendor_reply=outcome.vendor_reply)
        if error is not None:
            fields.update(code=error.code, message=error.message, hint=error.hint or None,
                          vendor_reply=error.vendor_message)
        if code is not None:
            fields["code"] = code
        if message is not None:
            fields["message"] = message
        return RowChanged(batch_id=row.batch.spec.batch_id, row_id=job.row_id, status=status,
                          attempts=row.total_attempts, next_attempt_in=next_attempt_in, at=utc_now(),
                          provider=job.resolved.target, account=job.resolved.settings.account_id, **fields)

    def _set_status(self, row: _Row, status: Status, **kwargs: Any) -> None:
        row.status = status
        self._emit_row(row, self._event(row, status, **kwargs))

    def _finish_row(self, row: _Row, status: Status, **kwargs: Any) -> None:
        if row.status.is_final:
            return
        row.status = status
        self._emit_row(row, self._event(row, status, **kwargs))
        batch = row.batch
        batch.remaining -= 1
        if batch.remaining == 0 and not batch.cancelling:
            self._loop.create_task(self._finalize(batch))

    def _emit_row(self, row: _Row, event: RowChanged) -> None:
        self.foreground.pass_through()  # checkpoint: before a journal write and an event
        if row.batch.spec.journal and self._journal is not None:
            try:
                self._journal.engine_row_changed(row.batch.spec.batch_id, event)
            except Exception as exc:  # surfaced, and the event still goes out
                log.exception("journal write failed")
                self._publish(EngineError(row.batch.spec.batch_id,
                                          "The journal could not record a change; the report may be incomplete.",
                                          repr(exc)))
        self._publish(event)

    def _attempt(self, account: _Account, row: _Row, status: str, code: str | None, duration_ms: int) -> None:
        if not row.batch.spec.journal or self._journal is None:
            return
        job = row.job
        try:
            self._journal.engine_attempt(
                row.batch.spec.batch_id, job.row_id, mac=job.device.id.mac.value, operation=job.operation.value,
                provider=job.resolved.target, account_id=job.resolved.settings.account_id, status=status,
                code=code, duration_ms=duration_ms, attempt=row.total_attempts)
        except Exception as exc:
            log.exception("journal write failed")
            self._publish(EngineError(row.batch.spec.batch_id, "The journal could not record an attempt.", repr(exc)))

    # -- cancel, pause, finish ----------------------------------------------------------------

    def _set_paused(self, batch_id: str, paused: bool) -> None:
        batch = self._batches.get(batch_id)
        if batch is None or batch.finished or batch.cancelling:
            return
        if paused:
            batch.gate.clear()
            batch.state = BatchState.PAUSED
        else:
            batch.gate.set()
            batch.state = BatchState.RUNNING
        self._publish(BatchStateChanged(batch_id, batch.state))

    async def _cancel(self, batch_id: str, row_ids: tuple[int, ...] | None) -> None:
        batch = self._batches.get(batch_id)
        if batch is None or batch.finished:
            return
        if row_ids is None:
            await self._cancel_batch(batch)
            return
        for row_id in row_ids:
            row = batch.rows.get(row_id)
            if row is None or row.status.is_final:
                continue
            row.cancel_requested = True
            if row.timer is not None:
                row.timer.cancel()
                row.timer = None
                self._finish_row(row, Status.CANCELLED)
            elif row.task is not None and len([r for r in batch.rows.values() if r.task is row.task]) == 1:
                row.task.cancel()  # its worker marks it cancelled when the call unwinds
            # queued rows are cancelled when a worker picks them (it skips them without a call)

    async def _cancel_batch(self, batch: _Batch) -> None:
        if batch.cancelling or batch.finished:
            await batch.done.wait()
            return
        batch.cancelling = True
        batch.gate.set()  # paused workers must wake up to see the cancellation
        tasks: set[asyncio.Task[Any]] = set()
        for row in batch.rows.values():
            row.cancel_requested = True
            if row.timer is not None:
                row.timer.cancel()
                tasks.add(row.timer)
            if row.task is not None:
                row.task.cancel()
                tasks.add(row.task)
        try:
            if tasks:
                await asyncio.gather(*tasks, return_exceptions=True)
            # Let workers that were holding these tasks record their outcome.
            for _ in range(3):
                await asyncio.sleep(0)
        finally:
            for row in batch.rows.values():
                if not row.status.is_final:
                    row.status = Status.CANCELLED
                    self._emit_row(row, self._event(row, Status.CANCELLED))
            batch.remaining = 0
            await self._finalize(batch, cancelled=True)

    async def _finalize(self, batch: _Batch, cancelled: bool = False) -> None:
        if batch.finished:
            return
        batch.finished = True
        try:
            counts: dict[str, int] = {}
            for row in batch.rows.values():
                counts[row.status.value] = counts.get(row.status.value, 0) + 1
            batch.state = BatchState.CANCELLED if cancelled else BatchState.FINISHED
            if batch.spec.journal and self._journal is not None:
                try:
                    self._journal.engine_batch_finished(batch.spec.batch_id, batch.state.value, counts)
                except Exception as exc:
                    log.exception("journal write failed")
                    self._publish(EngineError(batch.spec.batch_id, "The journal could not close the batch.",
                                              repr(exc)))
        finally:
            batch.done.set()
            self._publish(BatchFinished(batch.spec.batch_id, batch.state, counts,
                                        time.monotonic() - batch.started))


def summarize(counts: dict[str, int]) -> tuple[int, int, int]:
    """(done, failed, other) from a BatchFinished count map."""
    done = sum(counts.get(s, 0) for s in ("registered", "deregistered", "checked", "skipped"))
    failed = sum(counts.get(s, 0) for s in ("failed", "blocked"))
    return done, failed, sum(counts.values()) - done - failed


def transport_failure(error: FalconieriError) -> bool:
    """True for failures of the network path rather than refusals by the vendor."""
    return isinstance(error, TransportError)


def jobs_from(devices: Sequence[tuple[int, Device, Resolved, ProvisioningUrl | None]],
              operation: Operation = Operation.REGISTER) -> tuple[Job, ...]:
    return tuple(Job(row_id, device, operation, resolved, url) for row_id, device, resolved, url in devices)
