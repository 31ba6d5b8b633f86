"""The one way background work comes back to the GUI thread.

Rule for contributors: **never touch a widget or a model outside the GUI thread.** Work runs on
the engine's asyncio thread (vendor calls) or on a stdlib executor (spreadsheet parsing, photo
decoding); results come back as immutable values on thread-safe queues, and a QTimer on the GUI
thread drains them under a time budget (Picard's 50 ms) and hands them on as Qt signals, row
changes grouped so the model can apply them as ranges.

Why not QThreadPool/QRunnable: PySide6 6.12 on CPython 3.11 corrupts a refcount per Python
QRunnable and aborts after a few thousand tasks (platform.md); tests/test_architecture.py
keeps the app off them.
"""

from __future__ import annotations

import logging
import queue
import time
import traceback
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from falconieri_desktop.core.engine import (
    AccountBlocked,
    BatchEngine,
    BatchFinished,
    BatchStateChanged,
    EngineError,
    RowChanged,
    RowsQueued,
)

__all__ = ["EngineBridge"]

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class _TaskDone:
    future: Future[Any]
    on_done: Callable[[Any], None] | None
    on_error: Callable[[BaseException, str], None] | None
    generation: int
    key: str | None


class EngineBridge(QObject):
    """Drains the engine's events and the executor's results on the GUI thread."""

    sig_rows_changed = Signal(str, object)
    """(batch_id, [RowChanged, ...]) -- several changes of one drain, in order."""
    sig_rows_queued = Signal(object)
    """RowsQueued -- all the rows of a batch entered the engine's queue."""
    sig_batch_state = Signal(str, str)
    """(batch_id, BatchState value) -- running / paused."""
    sig_batch_finished = Signal(object)
    """BatchFinished -- after every task of the batch has unwound."""
    sig_account_blocked = Signal(object)
    """AccountBlocked -- an account's breaker opened."""
    sig_engine_error = Signal(object)
    """EngineError -- something unexpected; shown with copyable details."""

    def __init__(self, engine: BatchEngine, *, interval_ms: int = 40, budget_ms: float = 25.0,
                 workers: int = 2, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.engine = engine
        self.budget = budget_ms / 1000.0
        self.slice_size = 400
        self._results: queue.SimpleQueue[_TaskDone] = queue.SimpleQueue()
        self._executor = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="falconieri-task")
        self._generations: dict[str, int] = {}
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.drain)
        self._timer.start()

    # -- background tasks -------------------------------------------------------------------

    def run_task(self, fn: Callable[..., Any], *args: Any, on_done: Callable[[Any], None] | None = None,
                 on_error: Callable[[BaseException, str], None] | None = None, key: str | None = None) -> None:
        """Run ``fn(*args)`` off the GUI thread; ``on_done(result)`` runs back on the GUI thread.

        With a ``key``, only the newest task of that key delivers its result (stale results of an
        earlier file or photo are dropped, as Picard does by batch id).
        """
        generation = self._generations.get(key, 0) + 1 if key else 0
        if key:
            self._generations[key] = generation
        future = self._executor.submit(fn, *args)
        future.add_done_callback(lambda f: self._results.put(_TaskDone(f, on_done, on_error, generation, key)))

    # -- draining ----------------------------------------------------------------------------

    def drain(self) -> None:
        """Apply what arrived, for at most the time budget; the rest waits for the next tick.

        Row changes are applied in slices of ``slice_size``: collecting is cheap, applying costs,
        so the budget is checked after each slice has been applied, not only while collecting.
        """
        with self.engine.foreground.held():  # the engine steps aside while the model takes the changes
            self._drain()

    def _drain(self) -> None:
        deadline = time.perf_counter() + self.budget
        events = self.engine.events
        while time.perf_counter() < deadline:
            rows: dict[str, list[RowChanged]] = {}
            other = None
            for _ in range(self.slice_size):
                try:
                    event = events.get_nowait()
                except queue.Empty:
                    break
                if isinstance(event, RowChanged):
                    rows.setdefault(event.batch_id, []).append(event)
                else:
                    other = event  # keep order: the rows before it are applied first
                    break
            self._flush_rows(rows)
            if other is None:
                if not rows:
                    break
                continue
            if isinstance(other, RowsQueued):
                self.sig_rows_queued.emit(other)
            elif isinstance(other, BatchStateChanged):
                self.sig_batch_state.emit(other.batch_id, other.state.value)
            elif isinstance(other, BatchFinished):
                self.sig_batch_finished.emit(other)
            elif isinstance(other, AccountBlocked):
                self.sig_account_blocked.emit(other)
            elif isinstance(other, EngineError):
                self.sig_engine_error.emit(other)
        while time.perf_counter() < deadline:
            try:
                done = self._results.get_nowait()
            except queue.Empty:
                break
            self._deliver(done)

    def _flush_rows(self, rows: dict[str, list[RowChanged]]) -> None:
        for batch_id, changes in rows.items():
            if changes:
                self.sig_rows_changed.emit(batch_id, changes)
        rows.clear()

    def _deliver(self, done: _TaskDone) -> None:
        if done.key and self._generations.get(done.key) != done.generation:
            return  # a newer task of the same key superseded this one
        error = done.future.exception()
        if error is not None:
            details = "".join(traceback.format_exception(error))
            if done.on_error:
                done.on_error(error, details)
            else:
                log.error("background task failed: %s", details)
            return
        if done.on_done:
            done.on_done(done.future.result())

    def shutdown(self) -> None:
        self._timer.stop()
        self._executor.shutdown(wait=False, cancel_futures=True)
