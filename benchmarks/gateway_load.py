"""Load run of the gateway (issue 10): N concurrent PUTs against `falconieri serve` backed by the sandbox.

Three processes on loopback, as in production:

* the Snom simulator (``falconieri sandbox --providers snom``),
* the gateway (``falconieri serve``, bearer authentication, JSON access log, ``--concurrency C``),
* this one: N PUT /providers/snom/{mac} sent at once, each on its own connection (as a PBX's curl).

Baseline, measured in the same run: the same N registrations sent straight to the simulator by
``SnomProvider`` from this process, at most C at a time (the gateway's per-account limit), so the
ratio shows what the HTTP hop, authentication, validation and logging cost.

Checks, every round: no error (every PUT 200), nothing lost (the simulator reports every MAC
registered with the URL, read back with ``checkPhone``). Reported: p50/p99 latency and requests/s,
medians over the rounds.

    .venv/bin/python benchmarks/gateway_load.py [--requests 200] [--concurrency 16] [--rounds 3] [--latency 0]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable
from pathlib import Path

import h11
import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from falconieri_desktop.core.devices import DeviceId, Presence
from falconieri_desktop.core.mac import MacStyle, parse_mac
from falconieri_desktop.core.urls import parse_provisioning_url
from falconieri_desktop.providers.base import ProviderSettings
from falconieri_desktop.providers.snom import SnomProvider
from falconieri_desktop.providers.transport import NetworkSettings, make_client
from falconieri_desktop.sandbox.process import SandboxProcess
from falconieri_desktop.server.auth import new_client_line

ROOT = Path(__file__).resolve().parents[1]
URL = "https://pbx.example.com/provisioning/{mac}.xml"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_gateway(env: dict[str, str], auth_file: Path, concurrency: int) -> tuple[subprocess.Popen[str], str]:
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "falconieri_desktop.cli", "serve", "--port", str(port),
                             "--auth-file", str(auth_file), "--concurrency", str(concurrency)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, text=True, cwd=ROOT,
                            env={**os.environ, **env})
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            httpx.get(f"{base}/health/check", timeout=1).raise_for_status()
            return proc, base
        except httpx.HTTPError:
            if proc.poll() is not None or time.monotonic() > deadline:
                raise SystemExit("the gateway did not start") from None
            time.sleep(0.1)


def macs(round_no: int, kind: int, n: int) -> list[str]:
    # 00:04:13 (Snom), then round and kind bytes: every round registers MACs never seen before.
    return [f"000413{round_no:02X}{kind:02X}{i:02X}" if n <= 256 else f"0004{round_no:02X}{kind:02X}{i:04X}"
            for i in range(n)]


async def timed(call: Awaitable[bool]) -> tuple[float, bool]:
    started = time.perf_counter()  # a coroutine starts running only when awaited, here
    ok = await call
    return time.perf_counter() - started, ok


async def put_once(host: str, port: int, token: str, path: str, body: bytes) -> bool:
    """One PUT on its own connection, as a PBX's curl does; h11 keeps the load generator's own CPU low
    (httpx's pool is O(connections) per request at 200 connections: it would measure itself)."""
    reader, writer = await asyncio.open_connection(host, port)
    conn = h11.Connection(h11.CLIENT)
    try:
        headers = [("Host", f"{host}:{port}"), ("Authorization", f"Bearer {token}"),
                   ("Content-Type", "application/json"), ("Content-Length", str(len(body))),
                   ("Connection", "close")]
        writer.write(conn.send(h11.Request(method="PUT", target=path, headers=headers)) or b"")
        writer.write(conn.send(h11.Data(data=body)) or b"")
        writer.write(conn.send(h11.EndOfMessage()) or b"")
        await writer.drain()
        status, received = 0, b""
        while True:
            event = conn.next_event()
            if event is h11.NEED_DATA:
                conn.receive_data(await reader.read(65536))
            elif isinstance(event, h11.Response):
                status = event.status_code
            elif isinstance(event, h11.Data):
                received += event.data
            elif isinstance(event, (h11.EndOfMessage, h11.ConnectionClosed)):
                return status == 200 and received == b""
    finally:
        writer.close()


async def gateway_round(base: str, token: str, batch: list[str]) -> tuple[list[float], int, float]:
    target = httpx.URL(base)
    host, port = str(target.host), int(target.port or 80)
    body = json.dumps({"url": URL}).encode()

    async def put(mac: str) -> bool:
        path = f"/providers/snom/{parse_mac(mac).format(MacStyle.DASHED_UPPER)}"
        return await put_once(host, port, token, path, body)

    started = time.perf_counter()
    results = await asyncio.gather(*(timed(put(mac)) for mac in batch))
    wall = time.perf_counter() - started
    return [t for t, _ in results], sum(1 for _, ok in results if not ok), wall


async def direct_round(provider: SnomProvider, limit: int, batch: list[str]) -> tuple[list[float], int, float]:
    slots = asyncio.Semaphore(limit)
    url = parse_provisioning_url(URL)

    async def register(mac: str) -> bool:
        async with slots:
            outcome = await provider.register(DeviceId(parse_mac(mac)), url)
        return outcome.url == URL

    started = time.perf_counter()
    results = await asyncio.gather(*(timed(register(mac)) for mac in batch))
    wall = time.perf_counter() - started
    return [t for t, _ in results], sum(1 for _, ok in results if not ok), wall


async def lost(provider: SnomProvider, batch: list[str]) -> int:
    """MACs the simulator does not hold with the URL (checkPhone + getPhoneRedirection)."""
    missing = 0
    slots = asyncio.Semaphore(16)

    async def one(mac: str) -> None:
        nonlocal missing
        async with slots:
            found = await provider.check(DeviceId(parse_mac(mac)))
        if found.presence is not Presence.REGISTERED or found.url != URL:
            missing += 1

    await asyncio.gather(*(one(mac) for mac in batch))
    return missing


def cpu_seconds(pid: int) -> float | None:
    """User + system CPU of a process (Linux /proc), or None elsewhere."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


async def run(env: dict[str, str], base: str, token: str, gateway_pid: int, args: argparse.Namespace) -> None:
    settings = ProviderSettings(provider="snom", endpoint=env["SNOM_RPC_URL"], user=env["SNOM_USER"],
                                secret=env["SNOM_PASSWORD"], source="sandbox")
    rows: dict[str, list[tuple[float, float, float, int, int]]] = {"gateway": [], "direct": []}
    gateway_cpu: list[float] = []
    async with make_client(NetworkSettings(max_connections=max(args.concurrency, 16))) as client:
        provider = SnomProvider(settings, client, total_timeout=120)
        await gateway_round(base, token, macs(0, 0xF0, 20))  # warm-up: imports, pools, first TLS-free hops
        await direct_round(provider, args.concurrency, macs(0, 0xF1, 20))
        for round_no in range(1, args.rounds + 1):
            for kind, name in ((1, "gateway"), (2, "direct")) if round_no % 2 else ((2, "direct"), (1, "gateway")):
                batch = macs(round_no, kind, args.requests)
                if name == "gateway":
                    before = cpu_seconds(gateway_pid)
                    times, errors, wall = await gateway_round(base, token, batch)
                    after = cpu_seconds(gateway_pid)
                    if before is not None and after is not None:
                        gateway_cpu.append((after - before) / len(batch) * 1000)
                else:
                    times, errors, wall = await direct_round(provider, args.concurrency, batch)
                missing = await lost(provider, batch)
                rows[name].append((percentile(times, 0.5) * 1000, percentile(times, 0.99) * 1000,
                                   len(batch) / wall, errors, missing))

    print(f"gateway_load: {args.requests} concurrent PUT /providers/snom/{{mac}} per round, {args.rounds} rounds "
          f"(medians); gateway = `falconieri serve` in its own process, bearer auth, JSON access log, "
          f"--concurrency {args.concurrency}; Snom simulator in another process, latency {args.latency * 1000:g} ms")
    print(f"  {'':<36}{'requests':>9}{'errors':>8}{'lost':>6}{'p50 ms':>9}{'p99 ms':>9}{'req/s':>9}")
    labels = {"gateway": "via gateway: PUT, 1 connection each", "direct": "direct: SnomProvider, same limit"}
    medians: dict[str, float] = {}
    for name, label in labels.items():
        data = rows[name]
        p50 = statistics.median(r[0] for r in data)
        p99 = statistics.median(r[1] for r in data)
        rps = statistics.median(r[2] for r in data)
        medians[name] = rps
        errors, missing = sum(r[3] for r in data), sum(r[4] for r in data)
        print(f"  {label:<36}{args.requests * args.rounds:>9}{errors:>8}{missing:>6}{p50:>9.1f}{p99:>9.1f}"
              f"{rps:>9.0f}")
    if gateway_cpu:
        print(f"  gateway process CPU: median {statistics.median(gateway_cpu):.1f} ms per request")
    per_round = [g[2] / d[2] for g, d in zip(rows["gateway"], rows["direct"], strict=True)]
    print(f"  throughput ratio gateway/direct: median {statistics.median(per_round):.2f} "
          f"(per round: {', '.join(f'{r:.2f}' for r in per_round)})")
    failed = sum(r[3] + r[4] for data in rows.values() for r in data)
    if failed:
        raise SystemExit(f"FAILED: {failed} errors or lost registrations")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=16, help="the gateway's per-account limit")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--latency", type=float, default=0.0, help="seconds the simulator adds to each answer")
    args = parser.parse_args()
    sandbox = SandboxProcess(["snom"], latency=args.latency, demo=False)
    env = sandbox.env
    gateway = None
    with tempfile.TemporaryDirectory() as tmp:
        auth_file = Path(tmp) / "clients"
        line, token = new_client_line("bench", "bearer")
        auth_file.write_text(line + "\n")
        auth_file.chmod(0o600)
        try:
            gateway, base = start_gateway(env, auth_file, args.concurrency)
            asyncio.run(run(env, base, token, gateway.pid, args))
        finally:
            if gateway is not None:
                gateway.terminate()
                gateway.wait(timeout=60)
            sandbox.stop()


if __name__ == "__main__":
    main()
