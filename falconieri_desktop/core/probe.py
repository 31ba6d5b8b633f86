"""Test a stored account: the capability probe, shared by ``falconieri accounts test`` and the GUI.

``probe_account`` is blocking and Qt-free: the CLI calls it directly, the Accounts dialog runs it
on the bridge's executor (``EngineBridge.run_task``) and gets the ``ProbeReport`` back on the GUI
thread. It makes its own short-lived HTTP client (the engine's clients belong to batches) and its
own event loop, so it is safe to call from any thread that has no running loop.

``Provider.probe`` never raises for vendor or network failures (they are steps of the report);
what can raise here is reading the account's secret: ``ConfigError`` ``missing_credentials`` or
``keyring_unavailable``, with the hint that says what to do.
"""

from __future__ import annotations

import asyncio

from falconieri_desktop.core.accounts import Account, AccountStore
from falconieri_desktop.providers import provider_class
from falconieri_desktop.providers.base import ProbeReport, ProviderSettings
from falconieri_desktop.providers.transport import NetworkSettings, make_client

__all__ = ["probe_account", "probe_settings"]


async def probe_settings(settings: ProviderSettings, network: NetworkSettings | None = None) -> ProbeReport:
    """Run ``Provider.probe()`` for ``settings`` over a client made from ``network``."""
    net = network or NetworkSettings()
    cls = provider_class(settings.provider)
    async with make_client(net) as client:
        provider = cls(settings, client, total_timeout=net.total_timeout, max_body=net.max_body)
        return await provider.probe()


def probe_account(store: AccountStore, account: Account, network: NetworkSettings | None = None) -> ProbeReport:
    """Test ``account`` (reachable, TLS, credentials, permissions...); blocks until the report is in."""
    settings = store.settings(account)  # reads the secret: may raise ConfigError
    return asyncio.run(probe_settings(settings, network))
