"""The engine with the real providers against the sandbox simulators (real loopback HTTP)."""

from __future__ import annotations

import pytest

from falconieri_desktop.core.config import Resolved
from falconieri_desktop.core.devices import Device, DeviceId, Operation, Status
from falconieri_desktop.core.engine import BatchEngine, BatchSpec, Job, RetryPolicy
from falconieri_desktop.core.journal import Journal, NewDevice
from falconieri_desktop.core.mac import parse_mac
from falconieri_desktop.core.urls import parse_provisioning_url
from falconieri_desktop.providers.transport import NetworkSettings
from falconieri_desktop.sandbox import Sandbox
from tests.core.engine_fakes import collect, final_rows

URL = parse_provisioning_url("https://pbx.example.com/provisioning/{mac}.xml")


def _jobs(sandbox: Sandbox, provider: str, n: int, oui: str, start: int = 0) -> tuple[Job, ...]:
    resolved = Resolved(provider, sandbox.settings(provider), provider)
    out = []
    for i in range(start, start + n):
        mac = parse_mac(f"{oui}{i:04X}")  # oui: an 8-digit prefix
        out.append(Job(i, Device(DeviceId(mac), provider, URL.text), Operation.REGISTER, resolved, URL))
    return tuple(out)


@pytest.mark.slow
def test_twenty_percent_faults_every_device_ends_registered(sandbox: Sandbox, tmp_path) -> None:
    """503, resets, timeouts, 429+Retry-After on 20% of calls: all devices end registered, and none is
    reported registered that the service does not hold."""
    # The transient faults of issue 5 (an HTML page with 200 is not transient: it fails at once).
    sandbox.set_faults(fail_rate=0.2, kinds=("503", "500", "429", "reset", "reset_after", "timeout"))
    for faults in sandbox.faults.values():
        faults.retry_after = 0.05
        faults.hang = 3.0
    network = NetworkSettings(connect_timeout=2, read_timeout=0.5, total_timeout=1.0)
    policy = RetryPolicy(attempts=12, base_delay=0.01, max_delay=0.05, deadline=60)
    jobs = _jobs(sandbox, "snom", 60, "000413AC") + _jobs(sandbox, "yealink", 60, "805EC0AC", start=1000)
    with Journal(tmp_path / "j.sqlite3") as journal:
        batch = journal.create_batch(source_name="faults")
        journal.add_devices(batch, [NewDevice.from_device(j.row_id, j.device) for j in jobs])
        with BatchEngine(journal=journal, network=network, policy=policy) as engine:
            engine.submit(BatchSpec(str(batch), jobs, concurrency=6))
            finals = final_rows(collect(engine, str(batch), timeout=120))
        stored = {d.row: d.status for d in journal.devices(batch)}
    assert {r.status for r in finals.values()} == {Status.REGISTERED}
    assert set(stored.values()) == {Status.REGISTERED}
    registry = {**sandbox.simulator("snom").registry, **sandbox.simulator("yealink").registry}
    for job in jobs:
        record = registry.get(job.device.id.mac.value)
        assert record is not None and record.url == URL.text, job.device.id.mac
    retried = [r for r in finals.values() if r.attempts > 1]
    assert retried, "the fault rate should have forced some retries"


def test_wrong_password_trips_the_breaker_and_spares_other_accounts(sandbox: Sandbox) -> None:
    """A wrong password fails a few rows, blocks the rest of that account; another account finishes."""
    from dataclasses import replace

    good = _jobs(sandbox, "yealink", 5, "805EC0AD")
    bad_settings = replace(sandbox.settings("snom"), secret="wrong-password")
    bad = tuple(replace(j, resolved=Resolved("snom", bad_settings, "snom"))
                for j in _jobs(sandbox, "snom", 10, "000413AD", start=100))
    with BatchEngine(policy=RetryPolicy(attempts=3, base_delay=0.01)) as engine:
        engine.submit(BatchSpec("breaker", good + bad, concurrency=1))
        finals = final_rows(collect(engine, "breaker", timeout=60))
    statuses = [finals[j.row_id].status for j in bad]
    assert statuses.count(Status.FAILED) == 3 and statuses.count(Status.BLOCKED) == 7
    assert all(finals[j.row_id].status is Status.REGISTERED for j in good)
    attempts_at_vendor = [c for c in sandbox.simulator("snom").calls if c.operation == "redirect.registerPhone"]
    assert len(attempts_at_vendor) <= 3
