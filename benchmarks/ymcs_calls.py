"""How many YMCS calls registering 1,000 phones takes: our batches against falconieri's flow.

Both flows run in the same process against the YMCS simulator over loopback HTTP and are counted
from the simulator's call log:

* ours: ``YmcsProvider.register_many`` -- addDevicesByMac with up to 100 devices per call (a
  device that already exists is deleted and added again), one listDevicePins per batch;
* falconieri's (``providers/ymcs.go``): for every device delDevices, addDevicesByMac with one
  device, listDevicePins -- 3 calls per device -- driven here through the same provider class,
  4 devices at a time (the account's default concurrency).

Target: at most ceil(1000/100) = 10 add calls plus one token. Run:
``.venv/bin/python benchmarks/ymcs_calls.py``
"""

from __future__ import annotations

import asyncio
import math
import time
from collections import Counter

from falconieri_desktop.core.devices import DeviceId, Operation, Outcome
from falconieri_desktop.core.mac import Mac, MacStyle
from falconieri_desktop.core.urls import ProvisioningUrl, parse_provisioning_url
from falconieri_desktop.providers.transport import make_client
from falconieri_desktop.providers.ymcs import MAX_BATCH, YmcsProvider
from falconieri_desktop.sandbox import Sandbox

DEVICES = 1000
CONCURRENCY = 4


class FalconieriFlow(YmcsProvider):
    """falconieri's register: delete, add one by MAC, fetch its PIN -- for every device."""

    async def _register(self, device: DeviceId, url: ProvisioningUrl) -> Outcome:
        mac = device.mac.format(MacStyle.BARE_LOWER)
        await self._post("/v2/rps/delDevices", {"deviceIdType": "mac", "deviceIds": [mac]})
        await self._post("/v2/rps/addDevicesByMac", [{"mac": mac, "uniqueServerUrl": url.text}])
        pins = await self._fetch_pins([mac])
        return self._outcome(Operation.REGISTER, device, url=url.text, pin=pins.get(mac))


async def ours(sandbox: Sandbox, items: list[tuple[DeviceId, ProvisioningUrl]]) -> int:
    async with make_client() as client:
        results = await YmcsProvider(sandbox.settings("ymcs"), client).register_many(items)
    return sum(isinstance(r, Outcome) for r in results)


async def falconieri(sandbox: Sandbox, items: list[tuple[DeviceId, ProvisioningUrl]]) -> int:
    queue: asyncio.Queue[tuple[DeviceId, ProvisioningUrl]] = asyncio.Queue()
    for item in items:
        queue.put_nowait(item)
    done = 0
    async with make_client() as client:
        provider = FalconieriFlow(sandbox.settings("ymcs"), client)

        async def worker() -> None:
            nonlocal done
            while not queue.empty():
                device, url = queue.get_nowait()
                await provider.register(device, url)
                done += 1

        await asyncio.gather(*(worker() for _ in range(CONCURRENCY)))
    return done


def measure(sandbox: Sandbox, flow: str, items: list[tuple[DeviceId, ProvisioningUrl]]) -> tuple[Counter[str], float]:
    sandbox.reset()
    started = time.perf_counter()
    registered = asyncio.run(ours(sandbox, items) if flow == "ours" else falconieri(sandbox, items))
    elapsed = time.perf_counter() - started
    if registered != len(items):
        raise SystemExit(f"{flow}: only {registered} of {len(items)} registered")
    return Counter(call.operation for call in sandbox.simulator("ymcs").calls), elapsed


def main() -> None:
    url = parse_provisioning_url("https://pbx.example.com/provisioning/$MAC.cfg")
    items = [(DeviceId(Mac(f"805E0C{n:06X}")), url) for n in range(DEVICES)]
    with Sandbox(["ymcs"], demo=False) as sandbox:
        mine, my_time = measure(sandbox, "ours", items)
        theirs, their_time = measure(sandbox, "falconieri", items)
    ours_total, theirs_total = sum(mine.values()), sum(theirs.values())
    target = math.ceil(DEVICES / MAX_BATCH)
    print(f"Registering {DEVICES} devices through ymcs (simulator over loopback HTTP)")
    print(f"  ours       : {dict(sorted(mine.items()))} = {ours_total} calls, {my_time:.2f} s")
    print(f"  falconieri : {dict(sorted(theirs.items()))} = {theirs_total} calls, {their_time:.2f} s "
          f"({CONCURRENCY} at a time)")
    print(f"  add calls  : {mine['addDevicesByMac']} (target <= ceil({DEVICES}/{MAX_BATCH}) = {target}) "
          f"plus {mine['token']} token")
    print(f"  ratio ours/falconieri: calls {ours_total / theirs_total:.4f} "
          f"({theirs_total / ours_total:.0f}x fewer), time {my_time / their_time:.3f}")
    if mine["addDevicesByMac"] > target or mine["token"] != 1:
        raise SystemExit("FAILED: more add or token calls than the target")


if __name__ == "__main__":
    main()
