"""CPU cost of one provider call on our side, against a bare httpx POST of the same bytes (issue 2 §6).

The Snom simulator runs with zero latency in a *separate process* (``falconieri sandbox``), so
``time.process_time`` in this process counts only the client: building the XML-RPC call, the
capped streaming read, the defusedxml parse, the error-table lookup, the Outcome and its warnings.

* ours: ``SnomProvider.register(device, url)`` -- one ``redirect.registerPhone`` call.
* baseline: ``client.post(endpoint, content=<the same request bytes>, auth=..., headers=...)`` on
  the same ``httpx.AsyncClient`` (same pool, same keep-alive), reading the body, parsing nothing.

Both run N calls per repetition, interleaved over R repetitions; the printed ratio is the median
of per-repetition ratios (ours / baseline), next to the absolute CPU microseconds per call.

    .venv/bin/python benchmarks/provider_overhead.py [--calls 400] [--repeat 7]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from falconieri_desktop.core.devices import DeviceId
from falconieri_desktop.core.mac import parse_mac
from falconieri_desktop.core.urls import parse_provisioning_url
from falconieri_desktop.providers.base import ProviderSettings
from falconieri_desktop.providers.snom import SnomProvider
from falconieri_desktop.providers.transport import make_client
from falconieri_desktop.providers.xmlrpc import dumps_call
from falconieri_desktop.sandbox.process import SandboxProcess

MAC = "000413A1B201"
URL = "https://pbx.example.com/provisioning/{mac}.xml"


async def cpu_per_call(call: Callable[[], Awaitable[object]], calls: int) -> float:
    started = time.process_time()
    for _ in range(calls):
        await call()
    return (time.process_time() - started) / calls


async def measure(env: dict[str, str], calls: int, repeat: int) -> None:
    settings = ProviderSettings(provider="snom", endpoint=env["SNOM_RPC_URL"], user=env["SNOM_USER"],
                                secret=env["SNOM_PASSWORD"], source="sandbox")
    device = DeviceId(parse_mac(MAC))
    url = parse_provisioning_url(URL)
    body = dumps_call("redirect.registerPhone", (MAC, URL))
    auth = httpx.BasicAuth(settings.user, settings.secret)
    headers = {"Content-Type": "text/xml", "Accept": "text/xml"}

    async with make_client() as client:
        provider = SnomProvider(settings, client)

        async def ours() -> object:
            return await provider.register(device, url)

        async def bare() -> object:
            response = await client.post(settings.endpoint, content=body, auth=auth, headers=headers)
            response.raise_for_status()
            return response.content

        await cpu_per_call(ours, 50)  # warm-up: connection, imports, caches
        await cpu_per_call(bare, 50)
        ratios, ours_us, bare_us = [], [], []
        for i in range(repeat):
            order = (ours, bare) if i % 2 == 0 else (bare, ours)
            results = {fn: await cpu_per_call(fn, calls) for fn in order}
            ours_us.append(results[ours] * 1e6)
            bare_us.append(results[bare] * 1e6)
            ratios.append(results[ours] / results[bare])

    print(f"provider_overhead: {calls} calls x {repeat} repetitions, Snom simulator in another process, "
          "zero latency")
    print(f"  ours     SnomProvider.register   median CPU {statistics.median(ours_us):7.1f} us/call")
    print(f"  baseline httpx POST same bytes   median CPU {statistics.median(bare_us):7.1f} us/call")
    print(f"  ratio ours/baseline: median {statistics.median(ratios):.2f} "
          f"(min {min(ratios):.2f}, max {max(ratios):.2f}; per repetition: "
          f"{', '.join(f'{r:.2f}' for r in ratios)})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=400)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    # The simulator in its own process, so process_time() counts only our client.
    with SandboxProcess(["snom"], demo=False) as sandbox:
        asyncio.run(measure(sandbox.env, args.calls, args.repeat))


if __name__ == "__main__":
    main()
