"""ForegroundGate: lets the GUI thread have the interpreter to itself while it paints.

CPython has no thread priorities. When the engine thread is busy (a sandbox batch at zero
latency keeps it so), every call from C++ into Python -- and a table repaint makes thousands of
them: ``index``, ``data`` and ``flags`` per cell -- may wait up to the interpreter's switch
interval for the lock. Measured on this machine: a 19 ms repaint took 220 ms against one busy
thread. The GUI holds the gate around such bursts; the engine passes through it at its
checkpoints (between vendor calls and row changes) and waits there, for at most ``max_wait``,
while it is held. The wait blocks the engine's whole loop -- that is the point: no Python runs
there meanwhile -- so replies already arriving are read a few milliseconds later, and the
durations the journal records can include such a pause. The vendors see nothing of it.

Qt-free on purpose: the engine knows a gate, not a GUI.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Iterator

__all__ = ["ForegroundGate"]


class ForegroundGate:
    """``held()`` on the foreground thread; ``pass_through()`` on the background one.

    Hold it only around work that never waits for the background thread (painting, applying
    queued events): a wait there would cost up to ``max_wait`` per checkpoint.
    """

    def __init__(self, max_wait: float = 0.05) -> None:
        self.max_wait = max_wait
        self._open = threading.Event()
        self._open.set()
        self._depth = 0  # held() nests (a paint inside an event drain); only the foreground thread counts
        # What it cost the background thread: figures for benchmarks/ui.py; ``waiting`` is 1 while
        # the engine stands at the gate.
        self.waits = 0
        self.waited = 0.0
        self.waiting = 0

    @property
    def is_held(self) -> bool:
        return not self._open.is_set()

    @contextlib.contextmanager
    def held(self) -> Iterator[None]:
        self._depth += 1
        self._open.clear()
        try:
            yield
        finally:
            self._depth -= 1
            if self._depth == 0:
                self._open.set()

    def pass_through(self) -> None:
        """Return at once when the gate is open; else wait until it opens or ``max_wait`` passes."""
        if self._open.is_set():
            return
        started = time.perf_counter()
        self.waiting += 1
        try:
            self._open.wait(self.max_wait)
        finally:
            self.waiting -= 1
        self.waits += 1
        self.waited += time.perf_counter() - started
