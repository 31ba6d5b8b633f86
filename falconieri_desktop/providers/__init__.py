"""Vendor protocols, one module each, behind one interface (``providers.base.Provider``).

The registry is a plain dict of statically imported classes so PyInstaller finds every provider
without hidden imports.
"""

from __future__ import annotations

from falconieri_desktop.providers.base import Provider

# -- legacy XML-RPC providers (issue 2) --
# -- REST providers and the gateway (issue 3) --

__all__ = ["PROVIDERS", "Provider", "provider_class"]

PROVIDERS: dict[str, type[Provider]] = {
    # -- legacy XML-RPC (issue 2) --
    # -- REST and gateway (issue 3) --
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
