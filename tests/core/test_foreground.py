"""ForegroundGate: the engine thread steps aside while the GUI thread holds the gate."""

from __future__ import annotations

import threading
import time

import pytest

from falconieri_desktop.core.devices import Status
from falconieri_desktop.core.engine import BatchEngine, BatchSpec, RowChanged
from falconieri_desktop.core.foreground import ForegroundGate
from falconieri_desktop.sandbox import Sandbox
from tests.core.engine_fakes import collect, final_rows
from tests.core.test_engine_sandbox import _jobs


def _wait_until(predicate, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError("condition not reached")
        time.sleep(0.005)


def test_an_open_gate_lets_the_background_through_without_waiting() -> None:
    gate = ForegroundGate()
    gate.pass_through()
    assert (gate.waits, gate.is_held) == (0, False)


def test_a_held_gate_stops_the_background_thread_until_released() -> None:
    gate = ForegroundGate(max_wait=30.0)
    passed = threading.Event()
    with gate.held():
        worker = threading.Thread(target=lambda: (gate.pass_through(), passed.set()))
        worker.start()
        _wait_until(lambda: gate.waiting == 1)
        assert not passed.is_set()
    worker.join(10)
    assert passed.is_set() and gate.waits == 1 and gate.waiting == 0


def test_nested_holds_keep_the_gate_closed_until_the_outer_one_ends() -> None:
    gate = ForegroundGate()
    with gate.held():
        with gate.held():
            pass
        assert gate.is_held  # a paint inside a drain must not reopen the drain's gate
    assert not gate.is_held


def test_the_background_never_waits_longer_than_max_wait() -> None:
    """A foreground that forgets to let go (a modal dialog mid-drain) slows the engine, never stops it."""
    gate = ForegroundGate(max_wait=0.01)
    with gate.held():
        for _ in range(3):
            gate.pass_through()
        assert gate.is_held and gate.waits == 3


@pytest.mark.parametrize("provider, oui", [("snom", "000413AE"), ("ymcs", "805EC0AE")])
def test_the_engine_sends_nothing_while_the_gate_is_held(sandbox: Sandbox, provider: str, oui: str) -> None:
    """Real loopback: held gate -> no vendor call and no row event; released -> the batch completes."""
    gate = ForegroundGate(max_wait=30.0)
    jobs = _jobs(sandbox, provider, 3, oui)
    simulator = sandbox.simulator(provider)
    with BatchEngine(foreground=gate) as engine:
        with gate.held():
            engine.submit(BatchSpec("gated", jobs))
            _wait_until(lambda: gate.waiting == 1)
            held_events = []
            while not engine.events.empty():
                held_events.append(engine.events.get_nowait())
            assert not [e for e in held_events if isinstance(e, RowChanged) and e.status is not Status.QUEUED]
            assert len(simulator.calls) == 0
        events = held_events + collect(engine, "gated")
    assert {r.status for r in final_rows(events).values()} == {Status.REGISTERED}
    assert gate.waits >= 1
