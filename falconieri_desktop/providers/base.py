"""The one small interface every vendor protocol implements, and what it says about itself.

A provider is told *what* (a ``DeviceId``, a ``ProvisioningUrl``) and answers with an ``Outcome``
or raises a ``core.errors.ProviderError`` (``InputError`` for data it cannot send, such as a
missing Gigaset code). It never creates its own HTTP client: it receives the account's
``httpx.AsyncClient`` from its caller (the engine, the CLI, a test).

What differs between vendors is *data* (``ProviderInfo`` and ``Capabilities``), so the UI and the
engine never write ``if provider == "fanvil"``.
"""

from __future__ import annotations

import logging
from abc import ABC, abstractmethod
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import Any, ClassVar

import httpx

from falconieri_desktop.core.devices import DeviceId, Operation, Outcome, Presence
from falconieri_desktop.core.errors import (
    AuthenticationError,
    FalconieriError,
    InputError,
    ProviderError,
    RefusedError,
    TransportError,
)
from falconieri_desktop.core.mac import MacStyle
from falconieri_desktop.core.texts import text
from falconieri_desktop.core.urls import ProvisioningUrl, url_warnings
from falconieri_desktop.providers.transport import DEFAULT_MAX_BODY, HttpReply, send

__all__ = [
    "Capabilities",
    "OptionSpec",
    "ProbeReport",
    "ProbeStep",
    "Provider",
    "ProviderInfo",
    "ProviderSettings",
]

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Capabilities:
    """What a provider can do and how hard it may be pushed."""

    can_check: bool = False
    can_deregister: bool = False
    check_reads_url: bool = False  # check() returns the URL the vendor holds (read-back)
    reveals_owner: bool = False  # check() can say a MAC belongs to another account
    needs_crc: bool = False  # Gigaset MAC-ID code required (an account may switch it off)
    needs_serial: bool = False  # serial number required (YMCS without MAC-only registration)
    max_batch: int = 1  # devices per register_many() call the vendor accepts
    default_concurrency: int = 4  # parallel requests per account the vendor tolerates
    override_is_destructive: bool = False  # override = delete then add (a failed add loses the old)


@dataclass(frozen=True, slots=True)
class OptionSpec:
    """A non-secret, provider-specific setting (Yealink server name, Gigaset provider name...)."""

    key: str  # key in falconieri's conf.json section and in our accounts
    label: str
    kind: type = str  # str or bool
    default: Any = None
    env: str | None = None  # environment variable, if falconieri defines one
    help: str = ""


@dataclass(frozen=True, slots=True)
class ProviderInfo:
    """Everything static about a provider: names, wire conventions, configuration keys."""

    name: str  # "snom", "ymcs", ... (the name in falconieri's URL and config)
    label: str  # "Snom (XML-RPC)"
    vendor: str  # "snom", "gigaset", "yealink", "fanvil" or "falconieri" for the gateway
    protocol: str  # "xmlrpc", "rest", "gateway"
    default_endpoint: str
    mac_style: MacStyle
    capabilities: Capabilities
    env_prefix: str  # "SNOM" -> SNOM_USER, SNOM_PASSWORD, SNOM_RPC_URL, SNOM_DISABLE
    endpoint_key: str = "rpc_url"  # falconieri conf.json keys
    user_key: str = "user"
    secret_key: str = "password"
    user_label: str = "User"
    secret_label: str = "Password"
    options: tuple[OptionSpec, ...] = ()
    keeps_only_host_and_path: bool = False  # Fanvil sends host and path to the phone, nothing else
    placeholder_vendor: str | None = None  # whose URL placeholders the phones expand

    @property
    def env_names(self) -> dict[str, str]:
        """falconieri's environment variables for this provider."""
        endpoint_suffix = "RPC_URL" if self.endpoint_key == "rpc_url" else self.endpoint_key.upper()
        return {
            "endpoint": f"{self.env_prefix}_{endpoint_suffix}",
            "user": f"{self.env_prefix}_{self.user_key.upper()}",
            "secret": f"{self.env_prefix}_{self.secret_key.upper()}",
            "disable": f"{self.env_prefix}_DISABLE",
        }


@dataclass(frozen=True, slots=True)
class ProviderSettings:
    """Where and as whom a provider calls. The secret never appears in ``repr``."""

    provider: str
    endpoint: str
    user: str = ""
    secret: str = field(default="", repr=False)
    options: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    account_id: str | None = None
    source: str = ""  # "environment", "config file conf.json", "account 'Acme Snom'", "sandbox"
    concurrency: int | None = None  # the account's own limit of parallel requests, if it has one

    def __post_init__(self) -> None:
        if not isinstance(self.options, MappingProxyType):
            object.__setattr__(self, "options", MappingProxyType(dict(self.options)))

    def option(self, key: str, default: Any = None) -> Any:
        value = self.options.get(key)
        return default if value is None or value == "" else value

    def with_options(self, **changes: Any) -> ProviderSettings:
        return replace(self, options={**self.options, **changes})


@dataclass(frozen=True, slots=True)
class ProbeStep:
    """One line of an account test: ``ok`` is None when the step could not be reached."""

    name: str  # "reachable", "tls", "credentials", "permissions", ...
    ok: bool | None
    message: str  # a core Text when it is ours, an error's message when ``code`` is set
    code: str | None = None  # the error code of a failed step (the UI shows its translated summary)


@dataclass(frozen=True, slots=True)
class ProbeReport:
    """The answer to "do these credentials work, and what can this account do?"."""

    provider: str
    endpoint: str
    steps: tuple[ProbeStep, ...]
    can: tuple[str, ...] = ()  # operations that work: "register", "check", "deregister", "register_by_mac"
    warnings: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return all(step.ok for step in self.steps)

    def to_dict(self) -> dict[str, Any]:
        return {
            "provider": self.provider,
            "endpoint": self.endpoint,
            "ok": self.ok,
            "steps": [{"name": s.name, "ok": s.ok, "message": s.message} for s in self.steps],
            "can": list(self.can),
            "warnings": list(self.warnings),
        }


class Provider(ABC):
    """Base of every vendor protocol. Subclasses set ``info`` and implement the ``_`` methods."""

    info: ClassVar[ProviderInfo]

    def __init__(self, settings: ProviderSettings, client: httpx.AsyncClient, *,
                 total_timeout: float = 90.0, max_body: int = DEFAULT_MAX_BODY) -> None:
        self.settings = settings
        self.client = client
        self.total_timeout = total_timeout
        self.max_body = max_body
        self._plain_http = settings.endpoint.lower().startswith("http://")

    # -- what callers use ------------------------------------------------------------------

    @property
    def capabilities(self) -> Capabilities:
        """Capabilities for *this account* (e.g. ``disable_crc`` turns ``needs_crc`` off)."""
        return self.info.capabilities

    @property
    def transport_warnings(self) -> tuple[str, ...]:
        if self._plain_http:
            return (text("The {provider} endpoint uses plain http://: the credentials travel unencrypted.",
                         provider=self.info.label),)
        return ()

    def url_warnings(self, url: ProvisioningUrl) -> list[str]:
        return url_warnings(url, vendor=self.info.placeholder_vendor,
                            keeps_only_host_and_path=self.info.keeps_only_host_and_path,
                            provider_label=self.info.label)

    def validate(self, device: DeviceId, operation: Operation = Operation.REGISTER) -> None:
        """Raise ``InputError`` when ``device`` lacks data this account needs (before any call)."""
        caps = self.capabilities
        if caps.needs_crc and not device.crc:
            raise InputError("missing_mac-id_crc")
        if caps.needs_serial and not device.serial and operation is Operation.REGISTER:
            raise InputError("serial_number_required")

    async def register(self, device: DeviceId, url: ProvisioningUrl, *, verify: bool = False) -> Outcome:
        """Create or override the redirection of ``device`` to ``url``."""
        self.validate(device, Operation.REGISTER)
        outcome = await self._register(device, url)
        outcome = self._with_warnings(outcome, self.url_warnings(url))
        if verify:
            outcome = await self._verify(outcome, url)
        return outcome

    async def register_many(
        self, items: Sequence[tuple[DeviceId, ProvisioningUrl]]
    ) -> list[Outcome | FalconieriError]:
        """Register several devices; one result per item, in order. Batching providers override."""
        results: list[Outcome | FalconieriError] = []
        for device, url in items:
            try:
                results.append(await self.register(device, url))
            except FalconieriError as exc:
                results.append(exc)
        return results

    async def deregister(self, device: DeviceId) -> Outcome:
        """Remove the redirection of ``device``."""
        if not self.capabilities.can_deregister:
            raise RefusedError("operation_not_supported",
                               f"{self.info.label} cannot deregister devices through its API.")
        self.validate(device, Operation.DEREGISTER)
        return self._with_warnings(await self._deregister(device), ())

    async def check(self, device: DeviceId) -> Outcome:
        """Ask the vendor whether ``device`` is registered here, and where it points."""
        if not self.capabilities.can_check:
            raise RefusedError("operation_not_supported",
                               f"{self.info.label} cannot report a device's registration.")
        self.validate(device, Operation.CHECK)
        return self._with_warnings(await self._check(device), ())

    async def probe(self) -> ProbeReport:
        """Test the account with a harmless call; never raises for vendor or network failures."""
        steps: list[ProbeStep] = []
        warnings = list(self.transport_warnings)
        try:
            can, extra_steps = await self._probe()
        except TransportError as exc:
            if exc.code == "tls_verification_failed":
                steps += [ProbeStep("reachable", True, text("The service answered.")),
                          ProbeStep("tls", False, exc.message, exc.code)]
            elif exc.code == "provider_remote_call_failed":
                steps += self._reached_steps()
                steps.append(ProbeStep("credentials", None, exc.message, exc.code))
            else:
                steps.append(ProbeStep("reachable", False, exc.message, exc.code))
            return ProbeReport(self.info.name, self.settings.endpoint, tuple(steps), (), tuple(warnings))
        except AuthenticationError as exc:
            steps += self._reached_steps()
            steps.append(ProbeStep("credentials", False, exc.message, exc.code))
            return ProbeReport(self.info.name, self.settings.endpoint, tuple(steps), (), tuple(warnings))
        except FalconieriError as exc:
            steps += self._reached_steps()
            steps.append(ProbeStep("credentials", None, f"{exc.code}: {exc.message}", exc.code))
            return ProbeReport(self.info.name, self.settings.endpoint, tuple(steps), (), tuple(warnings))
        steps += self._reached_steps()
        steps.append(ProbeStep("credentials", True, text("The credentials were accepted.")))
        steps += extra_steps
        return ProbeReport(self.info.name, self.settings.endpoint, tuple(steps), tuple(can), tuple(warnings))

    # -- what subclasses implement ---------------------------------------------------------

    @abstractmethod
    async def _register(self, device: DeviceId, url: ProvisioningUrl) -> Outcome: ...

    async def _deregister(self, device: DeviceId) -> Outcome:
        raise RefusedError("operation_not_supported")

    async def _check(self, device: DeviceId) -> Outcome:
        raise RefusedError("operation_not_supported")

    @abstractmethod
    async def _probe(self) -> tuple[Sequence[str], Sequence[ProbeStep]]:
        """Make one harmless authenticated call; return (operations that work, extra steps)."""

    # -- helpers for subclasses ------------------------------------------------------------

    async def _send(self, method: str, url: str, **kwargs: Any) -> HttpReply:
        return await send(self.client, method, url, max_body=self.max_body,
                          total_timeout=self.total_timeout, **kwargs)

    def _outcome(self, operation: Operation, device: DeviceId, **fields: Any) -> Outcome:
        return Outcome(operation=operation, device=device, provider=self.info.name, **fields)

    def _reached_steps(self) -> list[ProbeStep]:
        steps = [ProbeStep("reachable", True, text("The service answered."))]
        # A plain-http endpoint has no TLS step to pass or fail; it is reported as a warning instead.
        if not self._plain_http:
            steps.append(ProbeStep("tls", True, text("TLS certificate verified.")))
        return steps

    def _with_warnings(self, outcome: Outcome, extra: Sequence[str]) -> Outcome:
        warnings = tuple(dict.fromkeys((*outcome.warnings, *extra, *self.transport_warnings)))
        return outcome if warnings == outcome.warnings else replace(outcome, warnings=warnings)

    async def _verify(self, outcome: Outcome, url: ProvisioningUrl) -> Outcome:
        """Read the registration back; ``verified`` is None when the vendor cannot say."""
        caps = self.capabilities
        if not (caps.can_check and caps.check_reads_url):
            if caps.can_check:
                try:
                    found = await self._check(outcome.device)
                except ProviderError as exc:
                    log.info("read-back of %s failed: %s", outcome.device.mac, exc.code)
                    return outcome
                return replace(outcome, verified=found.presence is Presence.REGISTERED)
            return outcome
        try:
            found = await self._check(outcome.device)
        except ProviderError as exc:
            log.info("read-back of %s failed: %s", outcome.device.mac, exc.code)
            return replace(outcome, warnings=(*outcome.warnings,
                                              f"Read-back failed ({exc.code}); the registration "
                                              "was accepted but could not be verified."))
        verified = found.presence is Presence.REGISTERED and found.url == url.text
        return replace(outcome, verified=verified)
