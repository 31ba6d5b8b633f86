"""What ``falconieri serve`` is told: where to listen, who may call, limits, and provider sources.

Providers are configured as falconieri is -- ``-c conf.json`` (default ``/opt/falconieri/conf.json``,
read only if it exists, as falconieri does) and the same environment variables, which win over
the file -- or by stored accounts (``--accounts``) below both. Nothing else is kept between
requests except batch jobs (``jobs.py``), so any number of instances can run behind a load
balancer with the same configuration.

Client authentication is required unless ``--no-auth`` is given, and ``--no-auth`` is refused on
any address but loopback: a gateway holds vendor credentials for a whole company.
"""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from falconieri_desktop.core.accounts import AccountLayer, AccountStore, default_account_source
from falconieri_desktop.core.config import load_falconieri_conf
from falconieri_desktop.core.errors import ConfigError
from falconieri_desktop.server.auth import Authenticator
from falconieri_desktop.server.service import PoolLimits, ProviderEntry, load_providers

__all__ = [
    "DEFAULT_CONF",
    "DEFAULT_MAX_BODY",
    "DEFAULT_PORT",
    "ServerSettings",
    "is_loopback",
    "provider_entries",
]

DEFAULT_CONF = Path("/opt/falconieri/conf.json")  # falconieri's -c default
DEFAULT_PORT = 8080  # gin's default (falconieri calls router.Run() without an address)
DEFAULT_MAX_BODY = 1024 * 1024  # a PUT is ~100 bytes; a 1000-device job ~150 KB


def is_loopback(host: str) -> bool:
    """True for addresses only this machine can reach (127.0.0.0/8, ::1, localhost)."""
    if host.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


@dataclass(frozen=True, slots=True)
class ServerSettings:
    """Everything the server runs with (the CLI fills it; tests build it directly)."""

    host: str = "127.0.0.1"
    port: int = DEFAULT_PORT
    auth_file: Path | None = None
    no_auth: bool = False
    max_body: int = DEFAULT_MAX_BODY
    grace: float = 20.0  # seconds in-flight calls get at shutdown
    limits: PoolLimits = field(default_factory=PoolLimits)
    max_jobs: int = 200
    max_job_devices: int = 1000
    job_ttl: float = 3600.0
    access_log: bool = True
    tls_cert: Path | None = None
    tls_key: Path | None = None
    forwarded_allow_ips: str | None = None  # proxies whose X-Forwarded-For is trusted
    max_connections: int | None = 1024  # uvicorn answers 503 beyond this
    # Longer than load balancers' idle timeout (60 s is common): otherwise the gateway may close an
    # idle connection just as the balancer sends a request on it, and that request fails.
    keep_alive: float = 75.0

    def authenticator(self) -> Authenticator | None:
        """The client check, or None when explicitly disabled on loopback; ``ConfigError`` otherwise."""
        if self.no_auth:
            if self.auth_file is not None:
                raise ConfigError("invalid_configuration", "--no-auth and --auth-file exclude each other.")
            if not is_loopback(self.host):
                raise ConfigError(
                    "invalid_configuration",
                    f"--no-auth is allowed only on a loopback address, not {self.host!r}: anybody who can reach "
                    "the gateway could register phones with your vendor accounts.",
                    hint="Give an --auth-file (create it with 'falconieri serve --auth-file FILE --add-client "
                         "NAME'), or bind --host 127.0.0.1 behind a proxy that authenticates.")
            return None
        if self.auth_file is None:
            raise ConfigError(
                "invalid_configuration", "The gateway needs client credentials: give --auth-file FILE.",
                hint="Create the file with 'falconieri serve --auth-file FILE --add-client NAME'; for a test on "
                     "this machine only, --no-auth with --host 127.0.0.1.")
        return Authenticator(self.auth_file)

    def check(self) -> None:
        if not 0 <= self.port <= 65535:
            raise ConfigError("invalid_configuration", f"--port must be 0-65535, not {self.port}.")
        if self.max_body < 1024:
            raise ConfigError("invalid_configuration", "--max-body must be at least 1024 bytes.")
        if (self.tls_cert is None) != (self.tls_key is None):
            raise ConfigError("invalid_configuration", "--tls-cert and --tls-key go together.")
        if self.limits.concurrency is not None and not 1 <= self.limits.concurrency <= 256:
            raise ConfigError("invalid_configuration", "--concurrency must be 1-256.")
        positive = {"--grace": self.grace + 1, "--keep-alive": self.keep_alive, "--job-ttl": self.job_ttl,
                    "--queue-timeout": self.limits.queue_timeout, "--max-jobs": self.max_jobs,
                    "--max-job-devices": self.max_job_devices}
        for flag, value in positive.items():
            if not value > 0:  # also NaN
                raise ConfigError("invalid_configuration", f"{flag} must be positive.")


def provider_entries(*, env: Mapping[str, str] | None = None, conf_path: Path | None = None,
                     explicit_conf: bool = False, accounts: bool = False,
                     accounts_file: Path | None = None) -> dict[str, ProviderEntry]:
    """Resolve the providers from falconieri's sources (and stored accounts when asked).

    ``conf_path`` missing is an error only when it was named (``explicit_conf``); falconieri
    silently skips a missing default file. A file that exists but cannot be parsed is always an
    error here (falconieri prints it and starts without): a gateway that starts with half its
    configuration fails later, at a PBX.
    """
    environment = dict(os.environ if env is None else env)
    conf: dict[str, Any] = {}
    conf_name = ""
    path = conf_path or DEFAULT_CONF
    if explicit_conf or path.exists():
        conf = load_falconieri_conf(path)
        conf_name = path.name
    source = None
    concurrency = None
    if accounts:
        if accounts_file is not None:
            store = AccountStore.open(accounts_file)
            source = AccountLayer(store, env=environment, conf=conf)
        else:
            source = default_account_source(env=environment, conf=conf)
            store = source.store

        def concurrency(account_id: str) -> int | None:
            return store.get_by_id(account_id).concurrency

    return load_providers(env=environment, conf=conf, conf_name=conf_name, accounts=source,
                          account_concurrency=concurrency)
