"""The simulators in a child process, as the desktop's sandbox mode runs them."""

from __future__ import annotations

import asyncio

from falconieri_desktop.core.devices import DeviceId
from falconieri_desktop.core.mac import parse_mac
from falconieri_desktop.core.urls import parse_provisioning_url
from falconieri_desktop.providers import PROVIDERS
from falconieri_desktop.providers.transport import make_client
from falconieri_desktop.sandbox.process import SandboxProcess


def test_child_sandbox_serves_real_calls_and_stops_with_its_parent_handle() -> None:
    """A registration through the child's endpoint works; stop() ends the child (stdin closed)."""
    sandbox = SandboxProcess(["snom"], demo=False)
    try:
        settings = sandbox.settings("snom")

        async def register() -> str | None:
            async with make_client() as client:
                provider = PROVIDERS["snom"](settings, client)
                outcome = await provider.register(DeviceId(parse_mac("000413CC0001")),
                                                  parse_provisioning_url("https://pbx.example.com/p/"), verify=True)
                return str(outcome.verified)

        assert asyncio.run(register()) == "True"
        assert sandbox.providers == ["snom"] and sandbox.env["SNOM_RPC_URL"] == settings.endpoint
    finally:
        sandbox.stop()
    assert sandbox._process.poll() is not None
