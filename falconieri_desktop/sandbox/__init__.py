"""Faithful simulators of every vendor redirect service, as real HTTP servers on loopback.

They are the test bed (every provider test runs against them) and a product feature: training,
demos and trying the app without vendor accounts (``falconieri sandbox``,
``falconieri-desktop --sandbox``). Usage::

    with Sandbox(latency=0.05) as sandbox:
        settings = sandbox.settings("snom")          # endpoint + credentials of the demo account
        sandbox.simulator("snom").give_to_other("000413AABBCC")
        os.environ.update(sandbox.env())             # SNOM_USER, SNOM_PASSWORD, SNOM_RPC_URL, ...
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from falconieri_desktop.providers import PROVIDERS
from falconieri_desktop.providers.base import ProviderSettings
from falconieri_desktop.sandbox.base import Simulator
from falconieri_desktop.sandbox.demo import DEMO_DEVICES, DEMO_PREVIOUS_URL
from falconieri_desktop.sandbox.http import Faults, ServerThread, SimServer

# Simulators are imported statically so PyInstaller finds them (one module per vendor service).
# -- legacy XML-RPC simulators (issue 2) --
# isort: split
from falconieri_desktop.sandbox.fanvil import FanvilSimulator
from falconieri_desktop.sandbox.gigaset import GigasetSimulator
from falconieri_desktop.sandbox.snom import SnomSimulator
from falconieri_desktop.sandbox.yealink import YealinkSimulator

# isort: split

# -- REST simulators and the gateway (issue 3) --
# isort: split
from falconieri_desktop.sandbox.gateway import GatewaySimulator
from falconieri_desktop.sandbox.grape import GrapeSimulator
from falconieri_desktop.sandbox.sraps import SrapsSimulator
from falconieri_desktop.sandbox.ymcs import YmcsSimulator

# isort: split

__all__ = ["SIMULATORS", "Sandbox"]

SIMULATORS: dict[str, type[Simulator]] = {
    # -- legacy XML-RPC (issue 2) --
    "snom": SnomSimulator,
    "gigaset": GigasetSimulator,
    "yealink": YealinkSimulator,
    "fanvil": FanvilSimulator,
    # -- REST and gateway (issue 3) --
    "ymcs": YmcsSimulator,
    "grape": GrapeSimulator,
    "sraps": SrapsSimulator,
    "gateway": GatewaySimulator,
}


class Sandbox:
    """Starts simulators on loopback ports picked by the OS; stops them on exit."""

    def __init__(self, providers: Iterable[str] | None = None, *, latency: float = 0.0,
                 fail_rate: float = 0.0, fault_kinds: Iterable[str] | None = None,
                 retry_after: float = 1.0, seed: int | None = None, demo: bool = True,
                 host: str = "127.0.0.1") -> None:
        names = list(providers) if providers is not None else list(SIMULATORS)
        unknown = [n for n in names if n not in SIMULATORS]
        if unknown:
            raise ValueError(f"no simulator for: {', '.join(unknown)}")
        kinds = tuple(fault_kinds) if fault_kinds is not None else Faults().kinds
        self.faults = {
            name: Faults(latency=latency, fail_rate=fail_rate, kinds=kinds, retry_after=retry_after,
                         seed=None if seed is None else seed + i)
            for i, name in enumerate(names)
        }
        self.simulators: dict[str, Simulator] = {
            name: SIMULATORS[name](faults=self.faults[name]) for name in names
        }
        self.servers: dict[str, SimServer] = {}
        self.endpoints: dict[str, str] = {}
        self._host = host
        self._demo = demo
        self._thread: ServerThread | None = None

    # -- lifecycle -----------------------------------------------------------------------

    def start(self) -> Sandbox:
        if self._thread is not None:
            return self
        self._thread = ServerThread()
        for name, sim in self.simulators.items():
            server = SimServer(name, sim.handle, self.faults[name])
            port = self._thread.add(server, self._host)
            self.servers[name] = server
            self.endpoints[name] = f"http://{self._host}:{port}{sim.path}"
            if hasattr(sim, "bind_endpoint"):
                sim.bind_endpoint(self.endpoints[name])
        if self._demo:
            self.seed_demo()
        return self

    def stop(self) -> None:
        if self._thread is not None:
            self._thread.stop()
            self._thread = None

    def __enter__(self) -> Sandbox:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- state -----------------------------------------------------------------------------

    def simulator(self, provider: str) -> Any:
        return self.simulators[provider]

    def seed_demo(self) -> None:
        """Put the demo devices in their simulators (see ``sandbox.demo``)."""
        for device in DEMO_DEVICES:
            sim = self.simulators.get(device.provider)
            if sim is None or device.state == "new":
                continue
            fields = {"crc": device.crc, "serial": device.serial}
            if device.state == "registered":
                sim.own(device.mac, DEMO_PREVIOUS_URL, **fields)
            else:
                sim.give_to_other(device.mac)

    def reset(self) -> None:
        """Empty every registry and call log and clear the fault knobs (demo devices come back)."""
        for name, sim in self.simulators.items():
            sim.reset()
            self.faults[name].fail_rate = 0.0
            self.faults[name].latency = 0.0
            self.servers[name].clear_script() if name in self.servers else None
        if self._demo:
            self.seed_demo()

    def set_faults(self, *, latency: float | None = None, fail_rate: float | None = None,
                   kinds: Iterable[str] | None = None) -> None:
        for faults in self.faults.values():
            if latency is not None:
                faults.latency = latency
            if fail_rate is not None:
                faults.fail_rate = fail_rate
            if kinds is not None:
                faults.kinds = tuple(kinds)

    # -- how clients reach it -----------------------------------------------------------

    def settings(self, provider: str) -> ProviderSettings:
        """Endpoint and credentials of the sandbox account for ``provider``."""
        sim = self.simulators[provider]
        return ProviderSettings(provider=provider, endpoint=self.endpoints[provider],
                                user=sim.primary.user, secret=sim.primary.secret,
                                options=sim.settings_options(), source="sandbox")

    def env(self, *, include_gateway: bool = False) -> dict[str, str]:
        """falconieri's environment variables pointing every provider at the sandbox.

        The gateway's (``FALCONIERI_GATEWAY_*``) only with ``include_gateway``: once set, every
        provider without credentials is silently routed through the gateway.
        """
        out: dict[str, str] = {}
        for name in self.simulators:
            info = PROVIDERS[name].info
            if info.protocol == "gateway" and not include_gateway:
                continue
            names = info.env_names
            settings = self.settings(name)
            out[names["endpoint"]] = settings.endpoint
            out[names["user"]] = settings.user
            out[names["secret"]] = settings.secret
            for option in info.options:
                value = settings.options.get(option.key)
                if option.env and value is not None:
                    out[option.env] = str(value).lower() if isinstance(value, bool) else str(value)
        return out
