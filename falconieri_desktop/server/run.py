"""Run the gateway under uvicorn, with JSON access logs and a graceful stop on SIGTERM/SIGINT.

Stop sequence: the signal marks the gateway closing at once (health answers 503 so a load
balancer stops sending, jobs start no new device, new calls get ``gateway_busy``); uvicorn closes
its listeners and waits up to ``grace`` s for requests in flight; then the lifespan lets job calls
in flight finish for up to ``grace`` s more, cancels the rest and closes the vendor clients. A
service manager should allow about ``2 * grace + 10`` s (the systemd unit does).
"""

from __future__ import annotations

import importlib.util
import logging
import math
import sys
from collections.abc import Mapping
from typing import Any, TextIO

from falconieri_desktop.core.redaction import RedactingFilter, redact
from falconieri_desktop.providers.transport import NetworkSettings
from falconieri_desktop.server.asgi import ACCESS_LOGGER
from falconieri_desktop.server.auth import Authenticator
from falconieri_desktop.server.config import ServerSettings, is_loopback
from falconieri_desktop.server.service import GatewayService, ProviderEntry

__all__ = ["EXTRA_HINT", "configure_access_log", "missing_packages", "serve"]

log = logging.getLogger(__name__)

EXTRA_HINT = "pip install 'falconieri-desktop[server]'"


def missing_packages() -> list[str]:
    """The packages of the ``server`` extra that are not installed."""
    return [name for name in ("starlette", "uvicorn") if importlib.util.find_spec(name) is None]


def configure_access_log(enabled: bool, stream: TextIO | None = None) -> None:
    """One JSON object per line on ``stream`` (stdout), redacted, apart from the diagnostic log."""
    logger = logging.getLogger(ACCESS_LOGGER)
    for handler in list(logger.handlers):
        logger.removeHandler(handler)
        handler.close()
    logger.propagate = False
    if not enabled:
        logger.setLevel(logging.CRITICAL + 1)
        return
    handler = logging.StreamHandler(stream or sys.stdout)
    handler.setFormatter(logging.Formatter("%(message)s"))
    handler.addFilter(RedactingFilter())
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)


def serve(settings: ServerSettings, entries: Mapping[str, ProviderEntry], *,
          network: NetworkSettings | None = None, authenticator: Authenticator | None = None) -> None:
    """Serve until SIGTERM/SIGINT. ``ConfigError`` for a configuration that must not start."""
    import uvicorn

    from falconieri_desktop.server.app import Gateway, create_app

    settings.check()
    if authenticator is None:
        authenticator = settings.authenticator()
    gateway = Gateway.build(GatewayService(entries, limits=settings.limits, network=network), settings,
                            authenticator)
    offered = gateway.service.enabled
    if not offered:
        log.warning("no provider is configured: every call will answer 404 provider_not_supported")
    if authenticator is None:
        log.warning("client authentication is OFF (--no-auth): only this machine can reach %s", settings.host)
    else:
        log.info("client authentication on: %d clients in %s", authenticator.clients, settings.auth_file)
        if settings.tls_cert is None and not is_loopback(settings.host):
            log.warning("no TLS: client credentials travel in clear text; put a TLS proxy in front, "
                        "or give --tls-cert and --tls-key")
    configure_access_log(settings.access_log)
    options: dict[str, Any] = {}
    if settings.forwarded_allow_ips is not None:
        options["forwarded_allow_ips"] = settings.forwarded_allow_ips
    if settings.tls_cert is not None:
        options.update(ssl_certfile=str(settings.tls_cert), ssl_keyfile=str(settings.tls_key))
    config = uvicorn.Config(
        create_app(gateway), host=settings.host, port=settings.port, lifespan="on",
        log_config=None,  # keep our logging (redacted); uvicorn's own loggers propagate to it
        access_log=False,  # ours is JSON and knows the client, provider and error code
        server_header=False, timeout_graceful_shutdown=math.ceil(settings.grace),
        timeout_keep_alive=math.ceil(settings.keep_alive),
        limit_concurrency=settings.max_connections, **options)

    class _Server(uvicorn.Server):
        def handle_exit(self, sig: int, frame: Any) -> None:
            gateway.begin_shutdown()
            super().handle_exit(sig, frame)

    log.info("Falconieri gateway on %s:%d, providers: %s", settings.host, settings.port,
             redact(", ".join(offered)) or "none")
    _Server(config).run()
