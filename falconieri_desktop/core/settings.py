"""Application settings: declared once with type, default and description; JSON under platformdirs.

Every setting is an ``Option`` in ``OPTIONS`` (Picard's ``options.py``): the Settings dialog, the
``falconieri settings`` command and the validation all read that one table. Settings are never a
secret -- passwords live in the OS keyring (``core.accounts``) -- so values that carry credentials
(a proxy or a provisioning URL with ``user:password@``) are refused. UI state such as window
geometry is QSettings in ``ui/``, not here.

The file (``settings.json`` in the platformdirs config directory) holds only the values the user
changed, so a later version can improve a default::

    {"schema": 1, "settings": {"network.read_timeout": 45.0, "network.proxy": "http://proxy:3128"}}

Keys this version does not know (written by a newer one) are kept on save and reported once.
TLS verification has no setting: it is always on, ``network.ca_bundle`` only adds trust.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import re
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import platformdirs

from falconieri_desktop import APP_DIR_NAME
from falconieri_desktop.core.errors import ConfigError, InputError
from falconieri_desktop.core.network import NetworkSettings

__all__ = [
    "APP_DIR_NAME",
    "OPTIONS",
    "SCHEMA_VERSION",
    "EngineDefaults",
    "Option",
    "Settings",
    "atomic_write_text",
    "cache_dir",
    "config_dir",
    "data_dir",
    "default_log_file",
    "engine_defaults",
    "load_settings",
    "log_dir",
    "network_settings",
    "settings_path",
]

log = logging.getLogger(__name__)

SCHEMA_VERSION = 1
MAX_RECENT_URLS = 20

# -- where things live ---------------------------------------------------------------------------


def config_dir() -> Path:
    """accounts.json and settings.json (``~/.config/falconieri-desktop`` on Linux)."""
    return Path(platformdirs.user_config_dir(APP_DIR_NAME, appauthor=False))


def data_dir() -> Path:
    """The journal and other data (``~/.local/share/falconieri-desktop`` on Linux)."""
    return Path(platformdirs.user_data_dir(APP_DIR_NAME, appauthor=False))


def log_dir() -> Path:
    """Log files (``~/.local/state/falconieri-desktop/log`` on Linux)."""
    return Path(platformdirs.user_log_dir(APP_DIR_NAME, appauthor=False))


def cache_dir() -> Path:
    return Path(platformdirs.user_cache_dir(APP_DIR_NAME, appauthor=False))


def default_log_file() -> Path:
    return log_dir() / "falconieri.log"


def settings_path() -> Path:
    return config_dir() / "settings.json"


def atomic_write_text(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` all at once (temp file + ``os.replace``), mode 0600 on POSIX.

    A crash leaves either the old file or the new one, never half of each; readers never see a
    partial file. The directory is created private (0700) when missing.
    """
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        if os.name == "posix":
            os.chmod(temp_name, 0o600)  # mkstemp already uses 0600; be explicit about the contract
        os.replace(temp_name, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        raise
    if os.name == "posix":
        # Make the rename itself durable (ext4 and friends may otherwise lose it on power loss).
        with contextlib.suppress(OSError):
            dir_fd = os.open(path.parent, os.O_RDONLY)
            try:
                os.fsync(dir_fd)
            finally:
                os.close(dir_fd)


# -- the declarations ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Option:
    """One setting. ``kind`` is float, int, bool, str, Path, list (of str) or dict (str -> str)."""

    key: str  # "network.read_timeout": section, dot, name
    kind: type
    default: Any
    description: str
    optional: bool = False  # None is a valid value ("not set")
    minimum: float | None = None
    maximum: float | None = None
    must_exist: bool = False  # a Path that must name an existing file when set
    check: Callable[[Any], str | None] | None = None  # extra rule: returns what is wrong, or None

    @property
    def section(self) -> str:
        return self.key.partition(".")[0]

    def coerce(self, value: Any) -> Any:
        """``value`` (JSON-native, or text from the command line) as this option's type.

        Raises ``InputError("invalid_option")`` with a sentence naming the setting and the rule.
        """
        blank = isinstance(value, str) and value.strip() == ""
        if value is None or (blank and (self.optional or self.kind is not str)):
            if self.optional:
                return None
            raise self._error("needs a value")
        converted = self._convert(value)
        if self.minimum is not None and converted < self.minimum:
            raise self._error(f"must be at least {self.minimum:g}")
        if self.maximum is not None and converted > self.maximum:
            raise self._error(f"must be at most {self.maximum:g}")
        if self.check is not None:
            problem = self.check(converted)
            if problem:
                raise self._error(problem)
        return converted

    def to_json(self, value: Any) -> Any:
        return str(value) if isinstance(value, Path) else value

    def _convert(self, value: Any) -> Any:
        kind = self.kind
        if kind is bool:
            if isinstance(value, bool):
                return value
            text = str(value).strip().lower()
            if text in {"1", "true", "yes", "on"}:
                return True
            if text in {"0", "false", "no", "off"}:
                return False
            raise self._error("must be true or false")
        if kind in (int, float):
            if isinstance(value, bool):
                raise self._error(f"must be a{'n integer' if kind is int else ' number'}")
            try:
                number = kind(value.strip() if isinstance(value, str) else value)
            except (TypeError, ValueError):
                raise self._error(f"must be a{'n integer' if kind is int else ' number'} "
                                  f"(got {value!r})") from None
            if kind is int and isinstance(value, float) and value != number:
                raise self._error(f"must be an integer (got {value!r})")
            return number
        if kind is str:
            if not isinstance(value, str):
                raise self._error("must be text")
            return value.strip()
        if kind is Path:
            if not isinstance(value, (str, Path)):
                raise self._error("must be a file path")
            return Path(str(value).strip()).expanduser()
        if kind is list:
            if isinstance(value, str):
                value = self._json(value, "a JSON list of strings")
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise self._error("must be a list of strings")
            return list(value)
        if kind is dict:
            if isinstance(value, str):
                value = self._json(value, 'a JSON object such as {"snom": "https://..."}')
            if not isinstance(value, dict) or not all(isinstance(k, str) and isinstance(v, str)
                                                      for k, v in value.items()):
                raise self._error("must map names to strings")
            return dict(value)
        raise TypeError(f"unsupported option kind {kind!r}")  # a declaration bug, not user input

    def _json(self, text: str, expected: str) -> Any:
        try:
            return json.loads(text)
        except json.JSONDecodeError:
            raise self._error(f"must be {expected}") from None

    def _error(self, problem: str) -> InputError:
        return InputError("invalid_option", f"The setting {self.key} {problem}.")


def _has_password(url: str) -> bool:
    try:
        return urlsplit(url).password is not None
    except ValueError:
        return False


def _check_proxy(value: str) -> str | None:
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError:
        return "is not a valid URL"
    if parts.scheme.lower() not in {"http", "https", "socks5", "socks5h"} or not parts.hostname:
        return "must be a URL such as http://proxy.example.com:3128 (http, https or socks5)"
    if parts.password is not None:
        return ("must not contain a password (settings are not secret storage); put an "
                "authenticated proxy in the HTTPS_PROXY environment variable instead")
    return None


def _check_language(value: str) -> str | None:
    if value and not re.fullmatch(r"[a-z]{2,3}(_[A-Z]{2})?", value):
        return "must be a language code such as 'en', 'it' or 'pt_BR' (empty = the system language)"
    return None


def _check_url_templates(value: dict[str, str]) -> str | None:
    for provider, template in value.items():
        if not re.fullmatch(r"[a-z0-9_-]+", provider):
            return f"has an invalid provider name {provider!r}"
        if not template.strip():
            return f"has an empty template for {provider}"
        if _has_password(template):
            return f"must not contain a password in the URL for {provider} (settings are not secret storage)"
    return None


def _check_recent_urls(value: list[str]) -> str | None:
    if len(value) > MAX_RECENT_URLS:
        return f"holds at most {MAX_RECENT_URLS} URLs"
    if any(_has_password(url) for url in value):
        return "must not contain URLs with a password (settings are not secret storage)"
    return None


def _declare(*options: Option) -> dict[str, Option]:
    table: dict[str, Option] = {}
    for option in options:
        if option.key in table:
            raise ValueError(f"setting {option.key} declared twice")
        if option.default is not None:
            option.coerce(option.default)  # a default that fails its own rule is a bug
        table[option.key] = option
    return table


_NETWORK_DEFAULTS = NetworkSettings()

#: Every setting, in display order.
OPTIONS: Mapping[str, Option] = _declare(
    # network
    Option("network.connect_timeout", float, _NETWORK_DEFAULTS.connect_timeout,
           "Seconds to wait for a connection to a vendor service.", minimum=0.5, maximum=300),
    Option("network.read_timeout", float, _NETWORK_DEFAULTS.read_timeout,
           "Seconds to wait for each piece of a vendor's answer.", minimum=1, maximum=600),
    Option("network.total_timeout", float, _NETWORK_DEFAULTS.total_timeout,
           "Seconds one whole request may take, answer included.", minimum=1, maximum=3600),
    Option("network.proxy", str, None,
           "Proxy for every vendor call (http://host:port); empty = the system or environment proxy.",
           optional=True, check=_check_proxy),
    Option("network.ca_bundle", Path, None,
           "Extra CA certificates (PEM file) trusted for networks that inspect TLS; verification "
           "itself is always on.", optional=True, must_exist=True),
    # engine
    Option("engine.concurrency", int, None,
           "Parallel requests per account; empty = what each vendor tolerates (an account's own "
           "limit wins).", optional=True, minimum=1, maximum=64),
    Option("engine.attempts", int, 4,
           "How many times a device is tried when the vendor's service fails temporarily.",
           minimum=1, maximum=10),
    Option("engine.device_deadline", float, 120.0,
           "Seconds one device may take, retries included, before it is marked failed.",
           minimum=5, maximum=3600),
    Option("engine.verify_after_register", bool, False,
           "Read each registration back from the vendor after writing it (where the vendor can)."),
    # ui (preferences; window state is QSettings in ui/)
    Option("ui.language", str, "", "Interface language code; empty = the system language.",
           check=_check_language),
    Option("ui.mac_ranges_file", Path, None,
           "A JSON file of MAC ranges that replaces the built-in vendor guesses.",
           optional=True, must_exist=True),
    Option("ui.url_templates", dict, {},
           "Provisioning URL template per provider, e.g. {\"snom\": \"https://pbx/prov/{mac}.xml\"}.",
           check=_check_url_templates),
    Option("ui.recent_urls", list, [], "Provisioning URLs used recently (newest first).",
           check=_check_recent_urls),
)


@dataclass(frozen=True, slots=True)
class EngineDefaults:
    """What a batch uses unless an account or the batch itself says otherwise."""

    concurrency: int | None  # None = the provider's default_concurrency
    attempts: int
    device_deadline: float
    verify_after_register: bool


# -- the values ----------------------------------------------------------------------------------


def _option(key: str) -> Option:
    try:
        return OPTIONS[key]
    except KeyError:
        raise InputError("invalid_option", f"There is no setting named {key!r}; run 'falconieri "
                         "settings show' to see them.") from None


class Settings:
    """The user's settings: defaults, overridden by what they changed. Not thread-safe by itself:
    the GUI edits it in the GUI thread and hands copies (``network()``, ``engine()``) to workers."""

    def __init__(self, values: Mapping[str, Any] | None = None, *, path: Path | None = None) -> None:
        self.path = path
        self._values: dict[str, Any] = {}
        self._unknown: dict[str, Any] = {}
        #: Problems met while loading (invalid values that were replaced by their defaults).
        self.problems: list[str] = []
        for key, value in (values or {}).items():
            self.set(key, value)

    # -- file -------------------------------------------------------------------------------

    @classmethod
    def load(cls, path: Path | None = None) -> Settings:
        """Read ``path`` (default: ``settings_path()``); a missing file means all defaults.

        Invalid values fall back to their default with a warning (the file stays as it is until
        the next save); a file that is not JSON raises ``ConfigError("invalid_configuration")``.
        """
        file = path or settings_path()
        settings = cls(path=file)
        try:
            text = file.read_text(encoding="utf-8")
        except FileNotFoundError:
            return settings
        except OSError as exc:
            raise ConfigError("invalid_configuration", f"The settings file {file} cannot be read: "
                              f"{exc.strerror}.", hint="Check the file's permissions.") from None
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ConfigError("invalid_configuration",
                              f"The settings file {file} is not valid JSON (line {exc.lineno}: {exc.msg}).",
                              hint="Fix the file, or delete it to go back to the default settings.") from None
        stored = data.get("settings") if isinstance(data, dict) else None
        if not isinstance(stored, dict):
            raise ConfigError("invalid_configuration", f"The settings file {file} has no 'settings' object.",
                              hint="Fix the file, or delete it to go back to the default settings.")
        schema = data.get("schema")
        if isinstance(schema, int) and schema > SCHEMA_VERSION:
            log.warning("%s was written by a newer version (schema %s); settings it added are kept "
                        "but not used", file, schema)
        for key, value in stored.items():
            if key not in OPTIONS:
                settings._unknown[key] = value
                continue
            try:
                settings._values[key] = OPTIONS[key].coerce(value)
            except InputError as exc:
                settings.problems.append(f"{exc.message} The default is used.")
        if settings._unknown:
            log.warning("%s: unknown settings kept as they are: %s", file, ", ".join(sorted(settings._unknown)))
        for problem in settings.problems:
            log.warning("%s: %s", file, problem)
        return settings

    def save(self, path: Path | None = None) -> Path:
        """Write the changed values (and any unknown keys) atomically; returns the file written."""
        file = path or self.path or settings_path()
        stored = {**self._unknown, **{key: OPTIONS[key].to_json(value) for key, value in self._values.items()}}
        atomic_write_text(file, json.dumps({"schema": SCHEMA_VERSION, "settings": stored},
                                           indent=2, ensure_ascii=False, sort_keys=True) + "\n")
        self.path = file
        return file

    # -- values -----------------------------------------------------------------------------

    def get(self, key: str) -> Any:
        option = _option(key)
        value = self._values.get(key, option.default)
        return value.copy() if isinstance(value, (list, dict)) else value

    __getitem__ = get

    def set(self, key: str, value: Any) -> None:
        """Validate and set one value (text from a command line is parsed); ``InputError`` if invalid."""
        option = _option(key)
        converted = option.coerce(value)
        if option.must_exist and converted is not None and not Path(converted).is_file():
            raise InputError("invalid_option", f"The setting {key} names {converted}, which is not a file.")
        self._values[key] = converted

    def reset(self, key: str) -> None:
        """Go back to the default value."""
        _option(key)
        self._values.pop(key, None)

    def is_default(self, key: str) -> bool:
        return key not in self._values

    def as_dict(self) -> dict[str, Any]:
        """Every setting's current value, JSON-ready, in declaration order."""
        return {key: option.to_json(self.get(key)) for key, option in OPTIONS.items()}

    @property
    def unknown_keys(self) -> tuple[str, ...]:
        return tuple(sorted(self._unknown))

    def add_recent_url(self, url: str) -> None:
        """Put ``url`` first in the recent list (deduplicated, capped); URLs with a password are not kept."""
        url = url.strip()
        if not url or _has_password(url):
            return
        recent = [url, *(u for u in self.get("ui.recent_urls") if u != url)][:MAX_RECENT_URLS]
        self.set("ui.recent_urls", recent)

    # -- typed views for the engine and the providers ------------------------------------------

    def network(self) -> NetworkSettings:
        """``NetworkSettings`` for ``providers.transport.make_client``.

        Raises ``ConfigError`` when the CA bundle named in the settings has gone missing, rather
        than failing later with a TLS error that would point the user in the wrong direction.
        """
        ca_bundle = self.get("network.ca_bundle")
        if ca_bundle is not None and not Path(ca_bundle).is_file():
            raise ConfigError("invalid_configuration",
                              f"The CA bundle {ca_bundle} named in the settings does not exist.",
                              hint="Put the file back, or change network.ca_bundle in the settings.")
        return NetworkSettings(
            connect_timeout=self.get("network.connect_timeout"),
            read_timeout=self.get("network.read_timeout"),
            total_timeout=self.get("network.total_timeout"),
            proxy=self.get("network.proxy"),
            ca_bundle=Path(ca_bundle) if ca_bundle is not None else None,
        )

    def engine(self) -> EngineDefaults:
        return EngineDefaults(
            concurrency=self.get("engine.concurrency"),
            attempts=self.get("engine.attempts"),
            device_deadline=self.get("engine.device_deadline"),
            verify_after_register=self.get("engine.verify_after_register"),
        )


def load_settings(path: Path | None = None) -> Settings:
    """The user's settings from ``path`` (default: the platformdirs config directory)."""
    return Settings.load(path)


def network_settings(path: Path | None = None) -> NetworkSettings:
    """The user's network settings, for ``providers.transport.make_client``."""
    return Settings.load(path).network()


def engine_defaults(path: Path | None = None) -> EngineDefaults:
    return Settings.load(path).engine()
