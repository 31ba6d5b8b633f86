"""BatchEngine semantics: ordering, retries, breaker, cancel, pause, batching, limits."""

from __future__ import annotations

import random
import time

import pytest

from falconieri_desktop.core.devices import Status
from falconieri_desktop.core.engine import (
    AccountBlocked,
    BatchEngine,
    BatchFinished,
    BatchSpec,
    BatchState,
    BatchStateChanged,
    RetryPolicy,
    RowChanged,
)
from falconieri_desktop.core.errors import AuthenticationError, RateLimitedError, RefusedError, TransportError
from tests.core.engine_fakes import (
    FAKES,
    BatchingFakeProvider,
    FakeProvider,
    RecordingJournal,
    collect,
    final_rows,
    jobs,
    settings,
)

FAST = RetryPolicy(attempts=4, base_delay=0.01, max_delay=0.05, deadline=30)


@pytest.fixture
def journal() -> RecordingJournal:
    return RecordingJournal()


@pytest.fixture
def engine(journal: RecordingJournal):
    FakeProvider.reset()
    with BatchEngine(journal=journal, provider_classes=FAKES, policy=FAST, rng=random.Random(7)) as eng:
        yield eng


def test_every_row_is_registered_and_journaled_before_its_event(engine: BatchEngine,
                                                                 journal: RecordingJournal) -> None:
    """Each state change is in the journal by the time its event can be read."""
    seen_before: list[bool] = []

    def check(event) -> None:
        if isinstance(event, RowChanged):
            with journal.lock:
                seen_before.append(event in journal.rows)

    engine.submit(BatchSpec("b1", jobs(20)))
    events = collect(engine, "b1", on_event=check)
    finals = final_rows(events)
    assert len(finals) == 20 and all(r.status is Status.REGISTERED for r in finals.values())
    assert seen_before and all(seen_before)
    finished = events[-1]
    assert isinstance(finished, BatchFinished) and finished.state is BatchState.FINISHED
    assert finished.counts == {"registered": 20}
    assert journal.finished == [("b1", "finished", {"registered": 20})]
    assert len(journal.attempts) == 20


def test_retryable_failures_are_retried_until_success(engine: BatchEngine) -> None:
    """Connection errors and 5xx are retried with backoff; the row ends registered."""
    FakeProvider.reset(lambda mac, n: TransportError("provider_remote_call_failed", retryable=True) if n < 3 else None)
    engine.submit(BatchSpec("b2", jobs(3)))
    events = collect(engine, "b2")
    finals = final_rows(events)
    assert all(r.status is Status.REGISTERED and r.attempts == 3 for r in finals.values())
    waits = [e for e in events if isinstance(e, RowChanged) and e.status is Status.RETRY_WAIT]
    assert len(waits) == 6 and all(e.code == "provider_remote_call_failed" for e in waits)


def test_definitive_refusals_are_never_retried(engine: BatchEngine) -> None:
    """Ownership conflicts fail at once, with their code, message and hint."""
    FakeProvider.reset(lambda mac, n: RefusedError("device_owned_by_other_user", vendor_message="Error:owned"))
    engine.submit(BatchSpec("b3", jobs(2)))
    finals = final_rows(collect(engine, "b3"))
    for row in finals.values():
        assert row.status is Status.FAILED and row.attempts == 1
        assert row.code == "device_owned_by_other_user" and row.hint and row.vendor_reply == "Error:owned"


def test_attempts_are_bounded(engine: BatchEngine) -> None:
    """A service that keeps failing gets exactly `attempts` tries per device."""
    FakeProvider.reset(lambda mac, n: TransportError("connection_to_remote_provider_failed"))
    engine.submit(BatchSpec("b4", jobs(2)))
    finals = final_rows(collect(engine, "b4"))
    assert all(r.status is Status.FAILED and r.attempts == 4 for r in finals.values())
    assert sorted(FakeProvider.attempts.values()) == [4, 4]


def test_retry_after_is_honoured(engine: BatchEngine) -> None:
    """rate_limited waits at least the vendor's Retry-After before the next attempt."""
    FakeProvider.reset(lambda mac, n: RateLimitedError("rate_limited", retry_after=0.3) if n == 1 else None)
    engine.submit(BatchSpec("b5", jobs(1)))
    finals = final_rows(collect(engine, "b5"))
    assert finals[0].status is Status.REGISTERED
    (t1, t2) = [t for _, t in FakeProvider.calls]
    assert t2 - t1 >= 0.29


def test_per_device_deadline_stops_retries() -> None:
    """No retry is scheduled past the per-device deadline."""
    FakeProvider.reset(lambda mac, n: RateLimitedError("rate_limited", retry_after=5))
    policy = RetryPolicy(attempts=10, base_delay=0.01, max_delay=0.02, deadline=1.0)
    with BatchEngine(provider_classes=FAKES, policy=policy) as engine:
        engine.submit(BatchSpec("b6", jobs(1)))
        finals = final_rows(collect(engine, "b6"))
    assert finals[0].status is Status.FAILED and finals[0].attempts == 1 and finals[0].code == "rate_limited"


def test_breaker_blocks_an_account_after_repeated_auth_failures_and_others_go_on() -> None:
    """Three consecutive authentication failures block the account's remaining rows only."""
    FakeProvider.reset(lambda mac, n: AuthenticationError("authentication_failed") if mac.startswith("000413")
                       else None, delay=0.01)
    bad, good = settings(user="wrong"), settings(user="right")
    spec_jobs = jobs(10, bad, oui="000413") + jobs(10, good, oui="0C383E", start=100)
    with BatchEngine(provider_classes=FAKES, policy=FAST, breaker_threshold=3) as engine:
        engine.submit(BatchSpec("b7", spec_jobs, concurrency=1))
        events = collect(engine, "b7")
    finals = final_rows(events)
    bad_rows = [finals[i] for i in range(10)]
    good_rows = [finals[i] for i in range(100, 110)]
    assert [r.status for r in bad_rows].count(Status.FAILED) == 3
    assert [r.status for r in bad_rows].count(Status.BLOCKED) == 7
    assert all(r.code == "authentication_failed" for r in bad_rows)
    assert all(r.status is Status.REGISTERED for r in good_rows)
    assert any(isinstance(e, AccountBlocked) for e in events)
    assert sum(1 for mac, _ in FakeProvider.calls if mac.startswith("000413")) == 3


def test_cancel_mid_batch_unwinds_before_batch_finished(engine: BatchEngine) -> None:
    """Cancelling leaves no call running when BatchFinished arrives; unfinished rows are cancelled."""
    FakeProvider.reset(delay=0.5)
    engine.submit(BatchSpec("b8", jobs(12), concurrency=2))
    first_running = None
    while first_running is None:
        event = engine.events.get(timeout=5)
        if isinstance(event, RowChanged) and event.status is Status.RUNNING:
            first_running = event
    engine.cancel("b8")
    events = collect(engine, "b8")
    assert FakeProvider.active == 0
    assert len(FakeProvider.cancelled) >= 1
    finished = events[-1]
    assert isinstance(finished, BatchFinished) and finished.state is BatchState.CANCELLED
    assert finished.counts == {"cancelled": 12}
    assert len(FakeProvider.calls) <= 2  # nothing new started after the cancel


def test_cancel_single_rows(engine: BatchEngine) -> None:
    """Cancelling some rows leaves the others to finish."""
    FakeProvider.reset(delay=0.05)
    engine.submit(BatchSpec("b9", jobs(10), concurrency=1))
    engine.cancel("b9", [7, 8, 9])
    finals = final_rows(collect(engine, "b9"))
    assert {i for i, r in finals.items() if r.status is Status.CANCELLED} >= {8, 9}
    assert all(finals[i].status is Status.REGISTERED for i in range(6))


def test_pause_stops_new_calls_and_resume_finishes(engine: BatchEngine) -> None:
    """While paused no new call starts; resume runs the rest."""
    FakeProvider.reset(delay=0.02)
    engine.submit(BatchSpec("b10", jobs(30), concurrency=1))
    engine.pause("b10")
    time.sleep(0.3)
    calls_when_paused = len(FakeProvider.calls)
    time.sleep(0.3)
    assert len(FakeProvider.calls) == calls_when_paused < 30
    engine.resume("b10")
    events = collect(engine, "b10")
    states = [e.state for e in events if isinstance(e, BatchStateChanged)]
    assert BatchState.PAUSED in states and states[-1] is BatchState.RUNNING
    assert all(r.status is Status.REGISTERED for r in final_rows(events).values())


def test_batching_providers_get_devices_in_batches(engine: BatchEngine) -> None:
    """A provider taking 5 per call registers 23 devices in 5 calls."""
    FakeProvider.reset()
    engine.submit(BatchSpec("b11", jobs(23, settings("fakebatch"))))
    finals = final_rows(collect(engine, "b11"))
    assert len(finals) == 23 and all(r.status is Status.REGISTERED for r in finals.values())
    assert sorted(BatchingFakeProvider.batches, reverse=True) == [5, 5, 5, 5, 3]


def test_concurrency_per_account_is_respected(engine: BatchEngine) -> None:
    """No more calls run at once than the account's concurrency."""
    FakeProvider.reset(delay=0.03)
    engine.submit(BatchSpec("b12", jobs(24), concurrency=3))
    collect(engine, "b12")
    assert FakeProvider.max_active == 3


def test_global_cap_bounds_all_accounts() -> None:
    """The global cap holds across accounts."""
    FakeProvider.reset(delay=0.03)
    with BatchEngine(provider_classes=FAKES, policy=FAST, global_cap=4) as engine:
        engine.submit(BatchSpec("b13", jobs(12, settings(user="a")) + jobs(12, settings(user="b"), start=50),
                                concurrency=4))
        collect(engine, "b13")
    assert FakeProvider.max_active == 4


def test_shutdown_cancels_running_batches_cleanly() -> None:
    """Closing mid-batch publishes BatchFinished(cancelled) and stops the thread."""
    FakeProvider.reset(delay=0.5)
    engine = BatchEngine(provider_classes=FAKES, policy=FAST).start()
    engine.submit(BatchSpec("b14", jobs(8)))
    time.sleep(0.1)
    engine.shutdown(timeout=5)
    events = []
    while not engine.events.empty():
        events.append(engine.events.get())
    assert isinstance(events[-1], BatchFinished) and events[-1].state is BatchState.CANCELLED
    assert not engine.running
    assert FakeProvider.active == 0


def test_unknown_account_implementation_fails_rows_not_engine(engine: BatchEngine) -> None:
    """A row whose provider cannot be built fails with a message; the engine keeps working."""
    FakeProvider.reset()
    engine.submit(BatchSpec("b15", jobs(2, settings("nope")) + jobs(2, start=10)))
    finals = final_rows(collect(engine, "b15"))
    assert finals[0].status is Status.FAILED and finals[1].status is Status.FAILED
    assert finals[10].status is Status.REGISTERED and finals[11].status is Status.REGISTERED


def test_an_accounts_own_limit_caps_its_concurrency(engine: BatchEngine) -> None:
    """A stored account's concurrency (ProviderSettings.concurrency) wins over the provider default."""
    from dataclasses import replace

    FakeProvider.reset(delay=0.03)
    limited = settings(user="limited")
    limited = replace(limited, settings=replace(limited.settings, concurrency=2))
    engine.submit(BatchSpec("b16", jobs(12, limited)))
    collect(engine, "b16")
    assert FakeProvider.max_active == 2
