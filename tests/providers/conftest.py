"""Helpers for provider tests: real providers, a real HTTP client, the sandbox over loopback."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Any

import httpx
import pytest

from falconieri_desktop.core.devices import DeviceId
from falconieri_desktop.core.mac import parse_mac
from falconieri_desktop.core.urls import ProvisioningUrl, parse_provisioning_url
from falconieri_desktop.providers import PROVIDERS
from falconieri_desktop.providers.base import Provider, ProviderSettings
from falconieri_desktop.providers.transport import make_client
from falconieri_desktop.sandbox import Sandbox
from falconieri_desktop.sandbox.http import Response


@pytest.fixture
async def client() -> AsyncIterator[httpx.AsyncClient]:
    async with make_client() as http_client:
        yield http_client


MakeProvider = Callable[..., Provider]


@pytest.fixture
def make_provider(sandbox: Sandbox, client: httpx.AsyncClient) -> MakeProvider:
    """``make_provider("snom", total_timeout=..., secret=..., **options)`` against the sandbox."""

    def factory(name: str, *, total_timeout: float = 10.0, settings: ProviderSettings | None = None,
                **options: Any) -> Provider:
        base = settings or sandbox.settings(name)
        if options:
            base = base.with_options(**options)
        return PROVIDERS[name](base, client, total_timeout=total_timeout)

    return factory


def device(mac: str, crc: str | None = None) -> DeviceId:
    return DeviceId(parse_mac(mac), crc)


def url(text: str = "https://pbx.example.com/provisioning/{mac}.xml") -> ProvisioningUrl:
    return parse_provisioning_url(text)


def stage(sandbox: Sandbox, name: str, *results: Any) -> None:
    """Make the next answers of ``name``'s simulator these results, in its own wire format."""
    sim = sandbox.simulator(name)
    sandbox.servers[name].script(*(r if isinstance(r, Response) else sim.respond(r) for r in results))
