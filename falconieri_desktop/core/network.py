"""How the app reaches vendor services: timeouts, proxy, extra CA, size caps (settings, no I/O).

Kept apart from ``providers.transport`` (which brings httpx) so that settings can be read, and the
window painted, before any HTTP machinery is imported.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from falconieri_desktop import __version__

__all__ = ["DEFAULT_MAX_BODY", "USER_AGENT", "NetworkSettings"]

USER_AGENT = f"FalconieriDesktop/{__version__} (+https://github.com/nethesis/falconieri)"
DEFAULT_MAX_BODY = 10 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class NetworkSettings:
    """How providers reach the network. Defaults suit a laptop on a customer's Wi-Fi."""

    connect_timeout: float = 10.0
    read_timeout: float = 30.0
    total_timeout: float = 90.0  # the whole exchange, body included
    proxy: str | None = None  # explicit proxy; None = environment/system proxy
    ca_bundle: Path | None = None  # extra CA certificates (PEM) for TLS-intercepting networks
    max_body: int = DEFAULT_MAX_BODY
    user_agent: str = USER_AGENT
    # Connections kept per client; the engine sizes it to the account's concurrency.
    max_connections: int = 16
