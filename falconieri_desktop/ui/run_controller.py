"""Runs the rows of the device table through the engine, and keeps the counts, rate and ETA.

The window asks; the controller resolves each row's provider and account (``core.plan``),
records the batch in the journal, submits it to the engine and follows its events. Rows that
cannot be sent (no account, Gigaset code missing, bad URL) are marked ``blocked`` with the code
and sentence that say why -- they never reach a vendor.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from PySide6.QtCore import QObject, Signal

from falconieri_desktop.core.config import Resolved
from falconieri_desktop.core.devices import Device, DeviceId, Operation, Status
from falconieri_desktop.core.engine import BatchFinished, BatchSpec, BatchState, Job, RowChanged
from falconieri_desktop.core.errors import FalconieriError, hint_for
from falconieri_desktop.core.journal import NewDevice
from falconieri_desktop.core.plan import AUTO, PlanClass, PlanInput, prepare
from falconieri_desktop.ui.bridge import EngineBridge
from falconieri_desktop.ui.context import AppContext
from falconieri_desktop.ui.models import DeviceRow, DeviceTableModel

__all__ = ["Progress", "RunController", "RunSummary"]

log = logging.getLogger(__name__)

_DONE = {Status.REGISTERED, Status.DEREGISTERED, Status.CHECKED}


@dataclass
class Progress:
    total: int = 0
    done: int = 0
    failed: int = 0
    skipped: int = 0
    active: int = 0
    rate: float = 0.0  # finished rows per second
    eta: float | None = None  # seconds

    @property
    def finished(self) -> int:
        return self.done + self.failed + self.skipped

    @property
    def todo(self) -> int:
        return self.total - self.finished


@dataclass
class RunSummary:
    batch_id: str
    operation: Operation
    state: BatchState
    progress: Progress
    elapsed: float


@dataclass
class _Run:
    batch_id: str
    operation: Operation
    rows: dict[int, Status] = field(default_factory=dict)
    started: float = field(default_factory=time.monotonic)
    paused_at: float | None = None
    paused_total: float = 0.0
    state: BatchState = BatchState.RUNNING


class RunController(QObject):
    sig_state_changed = Signal()
    """A run started, paused, resumed or ended: update the buttons."""
    sig_progress = Signal(object)
    """Progress of the current run."""
    sig_finished = Signal(object)
    """RunSummary, after the engine's BatchFinished."""
    sig_message = Signal(str)
    """A short status-bar message."""

    def __init__(self, ctx: AppContext, model: DeviceTableModel, bridge: EngineBridge,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.model = model
        self.bridge = bridge
        self._runs: dict[str, _Run] = {}
        self.current: _Run | None = None
        bridge.sig_rows_changed.connect(self._on_rows_changed)
        bridge.sig_batch_state.connect(self._on_batch_state)
        bridge.sig_batch_finished.connect(self._on_batch_finished)

    # -- state --------------------------------------------------------------------------------

    @property
    def running(self) -> bool:
        return self.current is not None

    @property
    def paused(self) -> bool:
        return self.current is not None and self.current.state is BatchState.PAUSED

    # -- starting ------------------------------------------------------------------------------

    def start(self, rows: Sequence[DeviceRow], *, operation: Operation = Operation.REGISTER,
              default_url: str = "", default_account: str | None = None, source_name: str = "typed",
              source_sha256: str | None = None, batch_id: int | None = None) -> str | None:
        """Send ``rows`` to the engine; returns the batch id, or None when nothing could be sent.

        ``default_account`` is an account id, or None for automatic (MAC range + default account).
        """
        if self.current is not None or not rows:
            return None
        jobs, held = self._jobs(rows, operation, default_url, default_account)
        verify = bool(self.ctx.settings.get("engine.verify_after_register"))
        journal = self.ctx.journal
        if batch_id is None:
            batch_id = journal.create_batch(
                source_name=source_name, source_sha256=source_sha256,
                options={"operation": operation.value, "url": default_url or None, "verify": verify,
                         "account": default_account or AUTO})
            job_by_row = {job.row_id: job for job in jobs}
            journal.add_devices(batch_id, [self._new_device(row, job_by_row.get(row.row_id), held.get(row.row_id))
                                           for row in rows])
        else:
            for row_id, (code, message) in held.items():
                journal.update_device(batch_id, row_id, status=Status.BLOCKED, code=code, message=message)
        engine_id = str(batch_id)
        for row_id, (code, message) in held.items():
            row = self.model.row_by_id(row_id)
            if row is not None:
                self.model.apply_changes([RowChanged(engine_id, row_id, Status.BLOCKED, row.attempts, code, message,
                                                     hint_for(code) or None)])
        if not jobs:
            self.sig_message.emit(self.tr("Nothing was sent: every row lacks data (see the Result column)."))
            journal.finish_batch(batch_id)
            return None
        journal.start_batch(batch_id)
        run = _Run(engine_id, operation, {job.row_id: Status.QUEUED for job in jobs})
        self._runs[engine_id] = run
        self.current = run
        self.model.set_statuses([job.row_id for job in jobs], Status.QUEUED)
        for job in jobs:
            row = self.model.row_by_id(job.row_id)
            if row is not None:
                row.batch_id = engine_id
                row.used_provider = job.resolved.target
                row.used_account = job.resolved.settings.account_id
        self.ctx.engine.submit(BatchSpec(engine_id, tuple(jobs), verify=verify and operation is Operation.REGISTER,
                                         concurrency=self.ctx.settings.get("engine.concurrency")))
        self.sig_state_changed.emit()
        self._emit_progress()
        return engine_id

    def _jobs(self, rows: Sequence[DeviceRow], operation: Operation, default_url: str,
              default_account: str | None) -> tuple[list[Job], dict[int, tuple[str, str]]]:
        jobs: list[Job] = []
        held: dict[int, tuple[str, str]] = {}
        chooser = self.ctx.chooser()
        explicit: dict[str, Resolved | FalconieriError] = {}
        inputs: list[PlanInput] = []
        for row in rows:
            account_id = row.account or default_account
            if account_id:
                if account_id not in explicit:
                    try:
                        explicit[account_id] = self.ctx.resolve_account(account_id)
                    except FalconieriError as exc:
                        explicit[account_id] = exc
                found = explicit[account_id]
                if isinstance(found, FalconieriError):
                    held[row.row_id] = (found.code, found.message)
                    continue
                if row.provider and row.provider != found.target:
                    held[row.row_id] = ("account_not_found",
                                        self.tr("The chosen account is not an account of this row's provider."))
                    continue
            inputs.append(PlanInput(row.row_id, DeviceId(row.mac, row.crc, row.serial),
                                    url=row.url or default_url or None,
                                    provider=row.provider or (explicit[account_id].target  # type: ignore[union-attr]
                                                              if account_id else AUTO),
                                    label=row.label))
        planned = prepare(inputs, chooser) if operation is Operation.REGISTER else \
            prepare(inputs, chooser, default_url="https://unused.invalid/")
        by_row = {row.row_id: row for row in rows}
        for plan_row in planned:
            source = by_row[plan_row.row]
            if not plan_row.klass.sendable or plan_row.device is None or plan_row.resolved is None:
                held[plan_row.row] = (plan_row.code or "invalid_option", plan_row.reason)
                continue
            resolved = plan_row.resolved
            account_id = source.account or default_account
            if account_id and isinstance(explicit.get(account_id), Resolved):
                resolved = explicit[account_id]  # type: ignore[assignment]
            device = Device(plan_row.device.id, resolved.target, plan_row.device.url, resolved.settings.account_id,
                            source.label)
            url = plan_row.url if operation is Operation.REGISTER else None
            jobs.append(Job(source.row_id, device, operation, resolved, url, source.attempts))
        return jobs, held

    @staticmethod
    def _new_device(row: DeviceRow, job: Job | None, held: tuple[str, str] | None) -> NewDevice:
        if job is not None:
            return NewDevice(row=row.row_id, mac=row.mac, crc=row.crc, serial=row.serial, provider=job.device.provider,
                             account=job.device.account, url=job.url.text if job.url else row.url, label=row.label)
        code, message = held or ("invalid_option", "")
        return NewDevice(row=row.row_id, mac=row.mac, crc=row.crc, serial=row.serial, provider=row.provider,
                         account=row.account, url=row.url, label=row.label, status=Status.BLOCKED, code=code,
                         message=message)

    # -- controlling ------------------------------------------------------------------------------

    def pause(self) -> None:
        if self.current is not None and self.current.state is BatchState.RUNNING:
            self.ctx.engine.pause(self.current.batch_id)

    def resume(self) -> None:
        if self.current is not None and self.current.state is BatchState.PAUSED:
            self.ctx.engine.resume(self.current.batch_id)

    def cancel(self, row_ids: Iterable[int] | None = None) -> None:
        if self.current is not None:
            self.ctx.engine.cancel(self.current.batch_id, row_ids)

    def wait_idle(self, timeout: float) -> bool:
        """Block until the current batch finished (used when the window closes mid-batch)."""
        if self.current is None:
            return True
        finished = self.ctx.engine.wait_finished(self.current.batch_id, timeout)
        self.bridge.drain()
        return finished

    # -- events ------------------------------------------------------------------------------------

    def _on_rows_changed(self, batch_id: str, changes: list[RowChanged]) -> None:
        self.model.apply_changes(changes)
        run = self._runs.get(batch_id)
        if run is None:
            return
        for change in changes:
            if change.row_id in run.rows:
                run.rows[change.row_id] = change.status
        if run is self.current:
            self._emit_progress()

    def _on_batch_state(self, batch_id: str, state: str) -> None:
        run = self._runs.get(batch_id)
        if run is None:
            return
        new = BatchState(state)
        if new is BatchState.PAUSED and run.paused_at is None:
            run.paused_at = time.monotonic()
        elif new is BatchState.RUNNING and run.paused_at is not None:
            run.paused_total += time.monotonic() - run.paused_at
            run.paused_at = None
        run.state = new
        self.sig_state_changed.emit()

    def _on_batch_finished(self, event: BatchFinished) -> None:
        run = self._runs.pop(event.batch_id, None)
        if run is None:
            return
        run.state = event.state
        progress = self.progress(run)
        if run is self.current:
            self.current = None
        self.sig_state_changed.emit()
        self.sig_progress.emit(progress)
        self.sig_finished.emit(RunSummary(run.batch_id, run.operation, event.state, progress, event.elapsed))

    # -- progress ---------------------------------------------------------------------------------

    def progress(self, run: _Run | None = None) -> Progress:
        run = run or self.current
        if run is None:
            return Progress()
        p = Progress(total=len(run.rows))
        for status in run.rows.values():
            if status in _DONE:
                p.done += 1
            elif status is Status.SKIPPED:
                p.skipped += 1
            elif status in (Status.FAILED, Status.BLOCKED, Status.CANCELLED):
                p.failed += 1
            elif status in (Status.RUNNING, Status.RETRY_WAIT):
                p.active += 1
        elapsed = time.monotonic() - run.started - run.paused_total
        if run.paused_at is not None:
            elapsed -= time.monotonic() - run.paused_at
        if p.finished and elapsed > 0.5:
            p.rate = p.finished / elapsed
            p.eta = p.todo / p.rate if p.rate > 0 else None
        return p

    def _emit_progress(self) -> None:
        self.sig_progress.emit(self.progress())


def plan_label(klass: PlanClass) -> str:
    return klass.value.replace("_", " ")
