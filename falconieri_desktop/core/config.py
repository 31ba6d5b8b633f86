"""Where a call's endpoint and credentials come from: falconieri's conf.json, its environment
variables, command-line flags, and (below those) stored accounts.

Lookup order, highest first -- the first layer that has a value wins::

    command-line flags > environment variables > -c config file > --account NAME > default account

as falconieri does for env over file. The user and the secret are taken *together* from the
highest layer that sets either, so a user name from one place is never paired with another
place's password. A provider with no credentials in any layer is reached through a Falconieri
gateway when one is configured (``FALCONIERI_GATEWAY_URL``), else it is ``missing_credentials``.

falconieri's format (``conf.json``)::

    {"providers": {"snom": {"user": "...", "password": "...", "rpc_url": "...", "disable": false},
                   "gigaset": {..., "disable_crc": false},
                   "ymcs": {"base_url": "...", "client_id": "...", "client_secret": "...", "disable": false}}}

We also read ``"gateway": {"url", "user", "password"}`` and provider option keys such as
``server_name`` (Yealink) and ``provider_name`` (Gigaset) in a provider's section.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from falconieri_desktop.core.errors import ConfigError

if TYPE_CHECKING:
    from falconieri_desktop.providers.base import ProviderInfo, ProviderSettings

__all__ = [
    "GATEWAY_ENV",
    "AccountSource",
    "CallConfig",
    "Resolved",
    "load_falconieri_conf",
    "parse_bool",
    "resolve",
]

GATEWAY_ENV = {"endpoint": "FALCONIERI_GATEWAY_URL", "user": "FALCONIERI_GATEWAY_USER",
               "secret": "FALCONIERI_GATEWAY_PASSWORD"}

_TRUE = {"1", "t", "T", "TRUE", "true", "True"}
_FALSE = {"0", "f", "F", "FALSE", "false", "False"}


def parse_bool(value: Any) -> bool | None:
    """Go's ``strconv.ParseBool`` (falconieri's env parsing); ``None`` when not a boolean."""
    if isinstance(value, bool):
        return value
    text = str(value).strip()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    return None


def load_falconieri_conf(path: Path | str) -> dict[str, Any]:
    """Read a falconieri ``conf.json``; ``invalid_configuration`` names the problem and the file."""
    file = Path(path)
    try:
        text = file.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ConfigError("invalid_configuration", f"The configuration file {file} does not exist.") from None
    except OSError as exc:
        raise ConfigError("invalid_configuration", f"The configuration file {file} cannot be read: "
                          f"{exc.strerror}.") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ConfigError("invalid_configuration",
                          f"{file.name} is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg}).",
                          ) from None
    if not isinstance(data, dict):
        raise ConfigError("invalid_configuration", f"{file.name} must contain a JSON object.")
    providers = data.get("providers", {})
    if not isinstance(providers, dict) or not all(isinstance(v, dict) for v in providers.values()):
        raise ConfigError("invalid_configuration",
                          f"In {file.name}, 'providers' must map provider names to objects.")
    gateway = data.get("gateway", {})
    if not isinstance(gateway, dict):
        raise ConfigError("invalid_configuration", f"In {file.name}, 'gateway' must be an object.")
    return data


class AccountSource(Protocol):
    """Stored accounts (``core.accounts``) as a layer of the lookup."""

    def settings_for(self, provider: str, account: str | None) -> ProviderSettings | None:
        """The named account (must be of ``provider``), or the provider's default when ``account`` is None."""


@dataclass(frozen=True, slots=True)
class CallConfig:
    """Every source a call may take its settings from."""

    env: Mapping[str, str] = field(default_factory=lambda: dict(os.environ))
    conf: Mapping[str, Any] = field(default_factory=dict)  # parsed conf.json
    conf_name: str = ""  # for messages: "conf.json"
    # Command-line flags: "endpoint", "user", "secret", and option keys (e.g. "server_name").
    flags: Mapping[str, Any] = field(default_factory=dict)
    accounts: AccountSource | None = None
    account: str | None = None  # --account NAME
    gateway_url: str | None = None  # --gateway URL


@dataclass(frozen=True, slots=True)
class Resolved:
    """The implementation to use (``provider`` itself, or ``"gateway"``) and its settings."""

    implementation: str
    settings: ProviderSettings
    target: str  # the provider the user asked for


def _layer_value(layer: Mapping[str, Any], key: str) -> Any:
    value = layer.get(key)
    return None if value is None or value == "" else value


def resolve(provider: str, config: CallConfig) -> Resolved:
    """Settings for a call to ``provider``; raise ``ConfigError`` when it cannot be made."""
    from falconieri_desktop.providers import provider_class
    from falconieri_desktop.providers.base import ProviderSettings

    info: ProviderInfo = provider_class(provider).info
    env_names = info.env_names
    env_layer: dict[str, Any] = {
        "endpoint": config.env.get(env_names["endpoint"], ""),
        "user": config.env.get(env_names["user"], ""),
        "secret": config.env.get(env_names["secret"], ""),
    }
    for option in info.options:
        if option.env and config.env.get(option.env, "") != "":
            raw = config.env[option.env]
            env_layer[option.key] = parse_bool(raw) if option.kind is bool else raw
    section = config.conf.get("providers", {}).get(provider, {}) if config.conf else {}
    file_layer: dict[str, Any] = {
        "endpoint": section.get(info.endpoint_key, ""),
        "user": section.get(info.user_key, ""),
        "secret": section.get(info.secret_key, ""),
    }
    for option in info.options:
        if option.key in section:
            value = section[option.key]
            file_layer[option.key] = parse_bool(value) if option.kind is bool else value

    # falconieri: an explicit "disable" (env first, then file) turns the provider off.
    disable_text = config.env.get(env_names["disable"], "")
    disabled_env = parse_bool(disable_text) if disable_text else None
    disabled = disabled_env if disabled_env is not None else parse_bool(section.get("disable", False))
    if disabled:
        where = env_names["disable"] if disabled_env else f"'disable' in {config.conf_name or 'the configuration file'}"
        raise ConfigError("provider_disabled", f"{info.label} is disabled by {where}.")

    layers: list[tuple[str, Mapping[str, Any]]] = [
        ("command line", config.flags),
        ("environment", env_layer),
        (f"config file {config.conf_name}".strip(), file_layer),
    ]
    account_settings = None
    if config.accounts is not None:
        account_settings = config.accounts.settings_for(provider, config.account)
    if account_settings is not None:
        account_layer: dict[str, Any] = {"endpoint": account_settings.endpoint, "user": account_settings.user,
                                         "secret": account_settings.secret, **account_settings.options}
        layers.append((account_settings.source or "account", account_layer))

    endpoint = next((_layer_value(layer, "endpoint") for _, layer in layers
                     if _layer_value(layer, "endpoint")), None) or info.default_endpoint
    credential_source, user, secret = "", "", ""
    for name, layer in layers:
        if _layer_value(layer, "user") or _layer_value(layer, "secret"):
            credential_source = name
            user = str(_layer_value(layer, "user") or "")
            secret = str(_layer_value(layer, "secret") or "")
            break
    options: dict[str, Any] = {}
    for option in info.options:
        value = next((_layer_value(layer, option.key) for _, layer in layers
                      if _layer_value(layer, option.key) is not None), None)
        options[option.key] = option.default if value is None else value

    if not secret:
        gateway = _gateway_settings(provider, config)
        if gateway is not None:
            return Resolved("gateway", gateway, provider)
        if user:
            raise ConfigError("missing_credentials",
                              f"{info.label}: a {info.user_label.lower()} is set ({credential_source}) but no "
                              f"{info.secret_label.lower()}; set {env_names['secret']} or store it in an account.")
        raise ConfigError("missing_credentials",
                          f"No credentials for {info.label}: add an account, or set {env_names['user']} and "
                          f"{env_names['secret']}, or use -c with a falconieri conf.json.")
    account_id = account_settings.account_id if (account_settings and credential_source ==
                                                 (account_settings.source or "account")) else None
    settings = ProviderSettings(provider=provider, endpoint=str(endpoint), user=user, secret=secret,
                                options=options, account_id=account_id, source=credential_source,
                                concurrency=account_settings.concurrency if account_id and account_settings else None)
    return Resolved(provider, settings, provider)


def _gateway_settings(provider: str, config: CallConfig) -> ProviderSettings | None:
    from falconieri_desktop.providers.base import ProviderSettings

    if provider == "gateway":
        return None  # the gateway itself is never reached "through a gateway"
    section = config.conf.get("gateway", {}) if config.conf else {}
    url = (config.gateway_url or config.env.get(GATEWAY_ENV["endpoint"], "") or section.get("url", ""))
    if not url:
        # Lowest layer: the default stored gateway account, if the user has one.
        stored = config.accounts.settings_for("gateway", None) if config.accounts is not None else None
        if stored is None:
            return None
        return stored.with_options(target_provider=provider)
    if config.env.get(GATEWAY_ENV["user"]) or config.env.get(GATEWAY_ENV["secret"]):
        user, secret, source = (config.env.get(GATEWAY_ENV["user"], ""),
                                config.env.get(GATEWAY_ENV["secret"], ""), "environment")
    else:
        user, secret, source = str(section.get("user", "")), str(section.get("password", "")), "config file"
    return ProviderSettings(provider="gateway", endpoint=str(url), user=user, secret=secret,
                            options={"target_provider": provider}, source=f"gateway ({source})")
