"""The gateway under test: in-process over ASGI, or a real uvicorn on a loopback port.

Either way it is configured as falconieri is -- by environment variables, here the sandbox's -- and
calls the sandbox simulators over loopback HTTP. Clients: ``nethvoice`` (Basic, sha256 hash),
``tech-mario`` (Basic, scrypt hash of a chosen password) and ``ci`` (bearer token).
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import threading
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
import uvicorn

from falconieri_desktop.sandbox import Sandbox
from falconieri_desktop.server.app import Gateway, create_app
from falconieri_desktop.server.auth import Authenticator, hash_secret
from falconieri_desktop.server.config import ServerSettings
from falconieri_desktop.server.service import GatewayService, PoolLimits, load_providers

BASIC_USER, BASIC_SECRET = "nethvoice", "vY3hQ9-system-secret-0001"
SCRYPT_USER, SCRYPT_PASSWORD = "tech-mario", "correct horse battery staple"
BEARER_NAME, BEARER_TOKEN = "ci", "tok_9c1b77e2d0a84f7cb1e0c3f5a6d7e8f9"
AUTH_TEXT = (
    "# test clients\n"
    f"{BASIC_USER} basic {hash_secret(BASIC_SECRET)}\n"
    f"{SCRYPT_USER} basic {hash_secret(SCRYPT_PASSWORD, slow=True)}  # a chosen password\n"
    f"{BEARER_NAME} bearer {hash_secret(BEARER_TOKEN)}\n"
)
URL = "https://pbx.example.com/provisioning/{mac}.xml"


def basic(user: str = BASIC_USER, secret: str = BASIC_SECRET) -> dict[str, str]:
    token = base64.b64encode(f"{user}:{secret}".encode()).decode()
    return {"Authorization": f"Basic {token}"}


def bearer(token: str = BEARER_TOKEN) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def build_gateway(env: Mapping[str, str], *, conf: Mapping[str, Any] | None = None, auth: bool = True,
                  **settings: Any) -> Gateway:
    limits = settings.pop("limits", PoolLimits())
    server_settings = ServerSettings(no_auth=not auth, limits=limits, **settings)
    service = GatewayService(load_providers(env=env, conf=conf), limits=limits)
    authenticator = Authenticator.from_text(AUTH_TEXT) if auth else None
    return Gateway.build(service, server_settings, authenticator)


@dataclass
class Harness:
    """A running gateway and an HTTP client for it (Basic ``nethvoice`` credentials by default)."""

    gateway: Gateway
    client: httpx.AsyncClient
    sandbox: Sandbox
    extra: dict[str, Any] = field(default_factory=dict)

    def sim(self, name: str) -> Any:
        return self.sandbox.simulator(name)


MakeHarness = Callable[..., Awaitable[Harness]]


@pytest.fixture
async def make_harness(sandbox: Sandbox) -> AsyncIterator[MakeHarness]:
    """``await make_harness(env_changes=..., conf=..., auth=..., **ServerSettings fields)`` over ASGI."""
    stack = contextlib.AsyncExitStack()

    async def factory(*, env_changes: Mapping[str, str | None] | None = None, conf: Mapping[str, Any] | None = None,
                      auth: bool = True, headers: Mapping[str, str] | None = None, **settings: Any) -> Harness:
        env: dict[str, str] = dict(sandbox.env())
        for key, value in (env_changes or {}).items():
            if value is None:
                env.pop(key, None)
            else:
                env[key] = value
        gateway = build_gateway(env, conf=conf, auth=auth, **settings)
        await stack.enter_async_context(gateway.running())
        transport = httpx.ASGITransport(app=create_app(gateway))
        client = httpx.AsyncClient(transport=transport, base_url="http://gateway.test",
                                   headers=dict(headers if headers is not None else (basic() if auth else {})))
        await stack.enter_async_context(client)
        return Harness(gateway, client, sandbox)

    yield factory
    await stack.aclose()


@pytest.fixture
async def harness(make_harness: MakeHarness) -> Harness:
    """The gateway with every sandbox provider and authentication on."""
    return await make_harness()


class LiveServer:
    """A real uvicorn serving the gateway on an OS-picked loopback port, in its own thread."""

    def __init__(self, gateway: Gateway) -> None:
        self.gateway = gateway
        config = uvicorn.Config(create_app(gateway), host="127.0.0.1", port=0, lifespan="on", log_config=None,
                                access_log=False, timeout_graceful_shutdown=5)
        self.server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self.server.run, name="gateway-under-test", daemon=True)

    def start(self) -> LiveServer:
        self._thread.start()
        for _ in range(500):
            if self.server.started:
                break
            if not self._thread.is_alive():
                raise RuntimeError("the gateway did not start")
            threading.Event().wait(0.01)
        else:
            raise RuntimeError("the gateway did not start in 5 s")
        return self

    @property
    def port(self) -> int:
        return int(self.server.servers[0].sockets[0].getsockname()[1])

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def stop(self) -> None:
        self.server.should_exit = True
        self._thread.join(15)


@pytest.fixture(scope="module")
def live_server(sandbox_session: Sandbox) -> Iterator[LiveServer]:
    """One real server per test module, over the session's sandbox (tests reset it with ``sandbox``)."""
    server = LiveServer(build_gateway(sandbox_session.env())).start()
    yield server
    server.stop()


@pytest.fixture
async def live_client(live_server: LiveServer, sandbox: Sandbox) -> AsyncIterator[httpx.AsyncClient]:
    """A client of the real server, over a real socket, with the ``nethvoice`` credentials."""
    async with httpx.AsyncClient(base_url=live_server.url, headers=basic(), timeout=20) as client:
        yield client


async def wait_until(predicate: Callable[[], bool], timeout: float = 5.0) -> None:
    for _ in range(int(timeout / 0.01)):
        if predicate():
            return
        await asyncio.sleep(0.01)
    raise AssertionError("condition not met in time")
