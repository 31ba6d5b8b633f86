"""The gateway's core, free of HTTP: which providers it offers, and one call pool per account.

Why not ``BatchEngine``: the engine runs its own loop in its own thread and reports through an
event queue, which suits a GUI. A server already has a loop (uvicorn's), and each request wants
to *await* its own result. So calls run in the server's loop, and what the engine does per
account is done here per account too: one ``httpx.AsyncClient``, one provider instance (its token
and discovery caches shared by every request), one FIFO ``asyncio.Semaphore`` sized like the
engine's worker pool. Single PUTs and batch jobs take the same semaphore, so the vendor never
sees more than the account's limit, whatever mix of requests arrives. Beyond that:

* a bounded wait: more than ``queue_limit`` callers waiting, or a wait beyond ``queue_timeout``,
  is ``gateway_busy`` (503 + Retry-After) rather than an ever-growing queue;
* a circuit breaker as the engine's: after ``breaker_threshold`` consecutive
  ``authentication_failed`` the account answers that error without calling the vendor for
  ``breaker_cooldown`` seconds -- vendors lock accounts that keep failing logins, and a PBX retries;
* no retries for single calls (falconieri has none; the caller decides); jobs retry (``jobs.py``).

Configuration is falconieri's: ``conf.json`` and its environment variables (environment first,
``core.config.resolve``), or stored accounts below them. A provider without credentials is not
offered (falconieri disables it too), and the gateway never forwards to another gateway.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, TypeVar

from falconieri_desktop.core.config import GATEWAY_ENV, AccountSource, CallConfig, Resolved, resolve
from falconieri_desktop.core.devices import DeviceId, Outcome
from falconieri_desktop.core.errors import AuthenticationError, ConfigError, TransportError
from falconieri_desktop.core.redaction import redact
from falconieri_desktop.core.urls import ProvisioningUrl
from falconieri_desktop.providers import PROVIDERS
from falconieri_desktop.providers.base import Provider
from falconieri_desktop.providers.transport import NetworkSettings, make_client
from falconieri_desktop.server.errors import not_supported

__all__ = [
    "SERVED_PROVIDERS",
    "AccountPool",
    "GatewayService",
    "PoolLimits",
    "ProviderEntry",
    "load_providers",
]

log = logging.getLogger(__name__)

T = TypeVar("T")

#: The providers a gateway offers: every vendor protocol (falconieri's seven), never "gateway".
SERVED_PROVIDERS = tuple(name for name, cls in PROVIDERS.items() if cls.info.protocol != "gateway")


@dataclass(frozen=True, slots=True)
class ProviderEntry:
    """A provider as this gateway offers it: resolved settings, or why it is not offered."""

    name: str
    resolved: Resolved | None = None
    problem: str | None = None  # the code that disabled it (provider_disabled, missing_credentials, ...)
    reason: str = ""  # the sentence, for the startup log (never a secret)
    concurrency: int | None = None  # the stored account's own limit, if any

    @property
    def enabled(self) -> bool:
        return self.resolved is not None


def load_providers(*, env: Mapping[str, str], conf: Mapping[str, Any] | None = None, conf_name: str = "",
                   accounts: AccountSource | None = None,
                   account_concurrency: Callable[[str], int | None] | None = None,
                   names: Sequence[str] = SERVED_PROVIDERS) -> dict[str, ProviderEntry]:
    """Resolve every provider once, at startup, from falconieri's sources (and accounts, if given).

    ``account_concurrency(account_id)`` gives a stored account's concurrency limit.
    """
    # A gateway never reaches providers "through a gateway": drop those sources, so a provider
    # without credentials is simply not offered (and a gateway cannot end up calling itself).
    plain_env = {k: v for k, v in env.items() if k not in GATEWAY_ENV.values()}
    plain_conf = {k: v for k, v in (conf or {}).items() if k != "gateway"}
    config = CallConfig(env=plain_env, conf=plain_conf, conf_name=conf_name, accounts=accounts)
    entries: dict[str, ProviderEntry] = {}
    for name in names:
        try:
            resolved = resolve(name, config)
        except ConfigError as exc:
            entries[name] = ProviderEntry(name, problem=exc.code, reason=redact(exc.message))
            continue
        if resolved.implementation != name:  # a stored default gateway account: not ours to use
            entries[name] = ProviderEntry(name, problem="missing_credentials",
                                          reason="No credentials of its own (only a gateway account).")
            continue
        limit = None
        if account_concurrency is not None and resolved.settings.account_id:
            limit = account_concurrency(resolved.settings.account_id)
        entries[name] = ProviderEntry(name, resolved, concurrency=limit)
    return entries


@dataclass(frozen=True, slots=True)
class PoolLimits:
    """How hard the gateway pushes each account, and how long callers may wait for it."""

    concurrency: int | None = None  # per account; None = the account's or the provider's default
    queue_limit: int = 1000  # callers waiting for a slot, per account
    queue_timeout: float = 60.0  # seconds a caller may wait for a slot
    breaker_threshold: int = 3
    breaker_cooldown: float = 60.0


class AccountPool:
    """One account: its provider and client, a FIFO slot limit, a bounded wait and a breaker."""

    def __init__(self, entry: ProviderEntry, provider: Provider, limits: PoolLimits, size: int) -> None:
        self.entry = entry
        self.provider = provider
        self.limits = limits
        self.size = size
        self._slots = asyncio.Semaphore(size)
        self.waiting = 0
        self.in_flight = 0
        self._idle = asyncio.Event()
        self._idle.set()
        self._auth_failures = 0
        self._open_until = 0.0
        self.closing = False

    @property
    def name(self) -> str:
        return self.entry.name

    def _breaker_check(self) -> None:
        remaining = self._open_until - time.monotonic()
        if remaining > 0:
            raise AuthenticationError(
                "authentication_failed",
                f"Not attempted: the vendor refused this gateway's {self.name} credentials "
                f"{self._auth_failures} times in a row; vendors lock accounts that keep failing logins, so "
                f"calls pause for {self.limits.breaker_cooldown:g} s. The administrator must fix the credentials.",
                retry_after=remaining)

    async def run(self, call: Callable[[Provider], Awaitable[T]]) -> T:
        """Run ``call(provider)`` in one of the account's slots."""
        if self.closing:
            raise TransportError("gateway_busy", "The gateway is shutting down.")
        self._breaker_check()
        if self.waiting >= self.limits.queue_limit:
            raise TransportError("gateway_busy",
                                 f"{self.limits.queue_limit} requests are already waiting for {self.name}.")
        self.waiting += 1
        try:
            async with asyncio.timeout(self.limits.queue_timeout):
                await self._slots.acquire()
        except TimeoutError:
            raise TransportError("gateway_busy", f"No {self.name} slot became free within "
                                                 f"{self.limits.queue_timeout:g} s.") from None
        finally:
            self.waiting -= 1
        self.in_flight += 1
        self._idle.clear()
        try:
            self._breaker_check()  # it may have opened while this caller waited
            try:
                result = await call(self.provider)
            except AuthenticationError:
                self._auth_failed()
                raise
            self._auth_failures = 0
            return result
        finally:
            self.in_flight -= 1
            if self.in_flight == 0:
                self._idle.set()
            self._slots.release()

    def _auth_failed(self) -> None:
        self._auth_failures += 1
        if self._auth_failures >= self.limits.breaker_threshold:
            self._open_until = time.monotonic() + self.limits.breaker_cooldown
            log.error("%s: credentials refused %d times in a row; calls paused for %g s",
                      self.name, self._auth_failures, self.limits.breaker_cooldown)

    async def drain(self, timeout: float) -> bool:
        """Refuse new calls and wait up to ``timeout`` for those in flight; True when idle."""
        self.closing = True
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(timeout):
                await self._idle.wait()
        return self.in_flight == 0

    async def aclose(self) -> None:
        await self.provider.client.aclose()


ProviderFactory = Callable[[Resolved, int], Provider]


class GatewayService:
    """The providers this gateway offers and their pools. Start and close it on the server's loop."""

    def __init__(self, entries: Mapping[str, ProviderEntry], *, limits: PoolLimits | None = None,
                 network: NetworkSettings | None = None, provider_factory: ProviderFactory | None = None) -> None:
        self.entries = dict(entries)
        self.limits = limits or PoolLimits()
        self.network = network or NetworkSettings()
        self._provider_factory = provider_factory or self._default_provider
        self.pools: dict[str, AccountPool] = {}
        self.closing = False
        self._started = False

    @property
    def enabled(self) -> list[str]:
        return [name for name, entry in self.entries.items() if entry.enabled]

    def _default_provider(self, resolved: Resolved, pool_size: int) -> Provider:
        client = make_client(replace(self.network, max_connections=max(pool_size, 2)))
        return PROVIDERS[resolved.implementation](resolved.settings, client, total_timeout=self.network.total_timeout,
                                                  max_body=self.network.max_body)

    async def start(self) -> None:
        """Log what is offered; each account's client is made on its first call (idempotent)."""
        if self._started:
            return
        self._started = True
        for name, entry in self.entries.items():
            if entry.resolved is None:
                log.info("%s: not offered (%s) %s", name, entry.problem, entry.reason)
            else:
                log.info("%s: offered, credentials from %s, %d parallel calls", name,
                         entry.resolved.settings.source or "?", self.pool_size(name))

    def pool_size(self, provider: str) -> int:
        """The account's slot count: --concurrency, else the stored account's, else the provider's."""
        entry = self.entries[provider]
        assert entry.resolved is not None
        caps = PROVIDERS[entry.resolved.implementation].info.capabilities
        return max(1, int(self.limits.concurrency or entry.concurrency or caps.default_concurrency))

    def _open_pool(self, provider: str) -> AccountPool:
        # Made on first use: a client costs a TLS context (~0.1 s), and most gateways serve few vendors.
        entry = self.entries[provider]
        assert entry.resolved is not None
        size = self.pool_size(provider)
        pool = AccountPool(entry, self._provider_factory(entry.resolved, size), self.limits, size)
        self.pools[provider] = pool
        return pool

    async def aclose(self, grace: float = 10.0) -> None:
        """Refuse new calls, let those in flight finish for up to ``grace`` s, then close clients."""
        self.closing = True
        results = await asyncio.gather(*(pool.drain(grace) for pool in self.pools.values()))
        if not all(results):
            log.warning("shutdown: %d vendor calls were still running after %g s",
                        sum(p.in_flight for p in self.pools.values()), grace)
        for pool in self.pools.values():
            with contextlib.suppress(Exception):
                await pool.aclose()
        self.pools.clear()

    async def __aenter__(self) -> GatewayService:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    # -- lookups ------------------------------------------------------------------------------

    def pool(self, provider: str) -> AccountPool:
        """The pool of an offered provider; falconieri's 404 ``provider_not_supported`` otherwise."""
        pool = self.pools.get(provider)
        if pool is not None:
            return pool
        entry = self.entries.get(provider)
        if entry is None or entry.resolved is None:
            if entry is not None and entry.problem == "provider_disabled":
                raise not_supported(provider, f"The provider {provider!r} is disabled on this gateway.")
            raise not_supported(provider)
        if self.closing:
            raise TransportError("gateway_busy", "The gateway is shutting down.")
        return self._open_pool(provider)

    def needs_crc(self, provider: str) -> bool:
        return self.pool(provider).provider.capabilities.needs_crc

    # -- the operations -------------------------------------------------------------------------

    async def register(self, provider: str, device: DeviceId, url: ProvisioningUrl) -> Outcome:
        return await self.pool(provider).run(lambda p: p.register(device, url))

    async def check(self, provider: str, device: DeviceId) -> Outcome:
        return await self.pool(provider).run(lambda p: p.check(device))

    async def deregister(self, provider: str, device: DeviceId) -> Outcome:
        return await self.pool(provider).run(lambda p: p.deregister(device))
