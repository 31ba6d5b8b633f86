"""Batch engine figures (issue 5, benchmarks a and b), as ratios measured in the same run.

(a) 1,000 devices against the sandbox with 100 ms per call at concurrency 8: wall time over the
    theoretical minimum (calls x latency / concurrency; target <= 1.15), and the speed-up over
    concurrency 1 (measured on 100 devices: throughput ratio).
(b) CPU time per device at zero latency, as a ratio to the same provider called in a bare loop
    (no engine, no events, no retry bookkeeping) in the same run.

The simulators run in a separate process (``falconieri sandbox``), so CPU time counts only the
engine's process. Usage: ``.venv/bin/python benchmarks/engine.py [--devices 1000]``.
"""

from __future__ import annotations

import argparse
import asyncio
import time
from collections.abc import Iterator
from contextlib import contextmanager

from falconieri_desktop.core.config import Resolved
from falconieri_desktop.core.devices import Device, DeviceId, Operation
from falconieri_desktop.core.engine import BatchEngine, BatchFinished, BatchSpec, Job, RetryPolicy
from falconieri_desktop.core.mac import parse_mac
from falconieri_desktop.core.urls import parse_provisioning_url
from falconieri_desktop.providers import PROVIDERS
from falconieri_desktop.providers.base import ProviderSettings
from falconieri_desktop.providers.transport import make_client
from falconieri_desktop.sandbox.process import SandboxProcess

URL = parse_provisioning_url("https://pbx.example.com/provisioning/{mac}.xml")


@contextmanager
def sandbox(latency: float) -> Iterator[ProviderSettings]:
    with SandboxProcess(["snom"], latency=latency, demo=False) as process:
        yield process.settings("snom")


def jobs(settings: ProviderSettings, n: int, prefix: str) -> tuple[Job, ...]:
    resolved = Resolved("snom", settings, "snom")
    return tuple(Job(i, Device(DeviceId(parse_mac(f"{prefix}{i:05X}")), "snom", URL.text), Operation.REGISTER,
                     resolved, URL) for i in range(n))


def run_batch(engine: BatchEngine, spec: BatchSpec) -> tuple[float, dict[str, int]]:
    started = time.perf_counter()
    engine.submit(spec)
    while True:
        event = engine.events.get()
        if isinstance(event, BatchFinished) and event.batch_id == spec.batch_id:
            return time.perf_counter() - started, event.counts


def bare_loop(settings: ProviderSettings, n: int) -> float:
    """CPU seconds for n sequential provider calls without the engine."""
    async def go() -> None:
        async with make_client() as client:
            provider = PROVIDERS["snom"](settings, client)
            for i in range(n):
                await provider.register(DeviceId(parse_mac(f"0004139{i:05X}")), URL)

    cpu = time.process_time()
    asyncio.run(go())
    return time.process_time() - cpu


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--devices", type=int, default=1000)
    parser.add_argument("--latency", type=float, default=0.1)
    args = parser.parse_args()
    policy = RetryPolicy(attempts=1)

    print(f"(a) {args.devices} devices, {args.latency * 1000:.0f} ms per call (Snom simulator, own process)")
    with sandbox(args.latency) as settings, BatchEngine(policy=policy) as engine:
        wall8, counts8 = run_batch(engine, BatchSpec("c8", jobs(settings, args.devices, "0004131"),
                                                     concurrency=8, journal=False))
        n1 = max(20, args.devices // 10)
        wall1, counts1 = run_batch(engine, BatchSpec("c1", jobs(settings, n1, "0004132"), concurrency=1,
                                                     journal=False))
    minimum = args.devices * args.latency / 8
    rate8, rate1 = args.devices / wall8, n1 / wall1
    print(f"    concurrency 8: {wall8:6.2f} s wall, theoretical minimum {minimum:.2f} s "
          f"-> ratio {wall8 / minimum:.3f} (target <= 1.15)   {counts8}")
    print(f"    concurrency 1: {n1} devices in {wall1:.2f} s ({rate1:.2f}/s)   {counts1}")
    print(f"    speed-up 8 vs 1: {rate8 / rate1:.2f}x (ideal 8)")

    n = args.devices * 2
    print(f"(b) CPU per device at zero latency ({n} devices)")
    with sandbox(0.0) as settings:
        bare = min(bare_loop(settings, n // 4) / (n // 4) for _ in range(2))
        results = []
        for rep in range(2):
            with BatchEngine(policy=policy) as engine:
                cpu = time.process_time()
                _, counts = run_batch(engine, BatchSpec(f"z{rep}", jobs(settings, n, f"000413{3 + rep}"),
                                                        concurrency=8, journal=False))
                results.append((time.process_time() - cpu) / n)
        engine_cpu = min(results)
    print(f"    engine: {engine_cpu * 1e6:7.0f} us CPU/device   bare provider loop: {bare * 1e6:7.0f} us CPU/call")
    print(f"    ratio engine/bare: {engine_cpu / bare:.2f} (the engine's own cost: "
          f"{(engine_cpu - bare) * 1e6:.0f} us/device)   {counts}")


if __name__ == "__main__":
    main()
