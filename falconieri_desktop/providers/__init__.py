"""Vendor protocols, one module each, behind one interface (``providers.base.Provider``).

The registry is a plain dict of statically imported classes so PyInstaller finds every provider
without hidden imports.
"""

from __future__ import annotations

from falconieri_desktop.providers.base import Provider, ProviderSettings

# -- legacy XML-RPC providers (issue 2) --
# isort: split
from falconieri_desktop.providers.fanvil import FanvilProvider
from falconieri_desktop.providers.gigaset import GigasetProvider
from falconieri_desktop.providers.snom import SnomProvider
from falconieri_desktop.providers.yealink import YealinkProvider

# isort: split

# -- REST providers and the gateway (issue 3) --
# isort: split
from falconieri_desktop.providers.gateway import GatewayProvider
from falconieri_desktop.providers.grape import GrapeProvider
from falconieri_desktop.providers.sraps import SrapsProvider
from falconieri_desktop.providers.ymcs import YmcsProvider

# isort: split

__all__ = ["PROVIDERS", "Provider", "offline_provider", "provider_class"]

PROVIDERS: dict[str, type[Provider]] = {
    # -- legacy XML-RPC (issue 2) --
    "snom": SnomProvider,
    "gigaset": GigasetProvider,
    "yealink": YealinkProvider,
    "fanvil": FanvilProvider,
    # -- REST and gateway (issue 3) --
    "ymcs": YmcsProvider,
    "grape": GrapeProvider,
    "sraps": SrapsProvider,
    "gateway": GatewayProvider,
}


def provider_class(name: str) -> type[Provider]:
    """The provider class for ``name``; ``ConfigError(provider_not_supported)`` if unknown."""
    from falconieri_desktop.core.errors import ConfigError

    try:
        return PROVIDERS[name]
    except KeyError:
        known = ", ".join(sorted(PROVIDERS))
        raise ConfigError("provider_not_supported",
                          f"There is no provider named {name!r}; known providers: {known}.") from None


_UNOPENED_CLIENT: object | None = None


def offline_provider(name: str, settings: ProviderSettings) -> Provider:
    """A provider object for offline questions (capabilities for this account, URL warnings).

    It holds a client that is never opened, so it cannot make a call; use it for preflight only.
    """
    import httpx

    global _UNOPENED_CLIENT
    if _UNOPENED_CLIENT is None:
        _UNOPENED_CLIENT = httpx.AsyncClient()
    assert isinstance(_UNOPENED_CLIENT, httpx.AsyncClient)
    return provider_class(name)(settings, _UNOPENED_CLIENT)
