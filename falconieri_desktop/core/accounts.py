"""Named vendor accounts: non-secret data in ``accounts.json``, the secret in the OS keyring.

An account is a provider type, an endpoint (``None`` = the vendor's default), a user or client id,
provider options (Yealink ``server_name``, Gigaset ``provider_name`` and ``disable_crc``), an
optional concurrency limit and notes. Its one secret is stored in the OS keyring under the service
``falconieri-desktop`` with the account's id as the user name, and nowhere else: not in
``accounts.json``, not in settings, logs, reports or exceptions. Several accounts may exist per
provider; at most one of them is the provider's default (the first one added becomes it). Gateway
accounts are accounts of the provider ``"gateway"``.

This is the only module that imports ``keyring``. A keyring that is missing, locked, switched off
(the ``null`` backend) or a plaintext one (``keyrings.alt``) is ``ConfigError("keyring_unavailable")``
with what to do about it -- never a silent fallback to a file. ``MemoryCredentialStore`` serves
sandbox mode and tests.

``accounts.json`` (platformdirs config directory, mode 0600, replaced atomically)::

    {"schema": 1, "accounts": [{"id": "5f0c...", "name": "Acme Snom", "provider": "snom",
      "endpoint": null, "user": "acme", "options": {}, "concurrency": null, "notes": "",
      "is_default": true}]}

``AccountLayer`` plugs the accounts into ``core.config.resolve`` as its lowest layers (``--account
NAME``, then the provider's default account).
"""

from __future__ import annotations

import json
import logging
import os
import re
import sys
import threading
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Protocol

import keyring
import keyring.backend
import keyring.errors
from keyring.backends import chainer, fail, null

from falconieri_desktop.core.config import load_falconieri_conf, parse_bool
from falconieri_desktop.core.errors import ConfigError, InputError
from falconieri_desktop.core.redaction import register_secret
from falconieri_desktop.core.settings import atomic_write_text, config_dir
from falconieri_desktop.core.texts import text

if TYPE_CHECKING:
    from falconieri_desktop.providers.base import ProviderInfo, ProviderSettings

__all__ = [
    "ACCOUNTS_FILE",
    "KEYRING_SERVICE",
    "SCHEMA_VERSION",
    "Account",
    "AccountLayer",
    "AccountStore",
    "CredentialStore",
    "ExportResult",
    "ImportResult",
    "KeyringCredentialStore",
    "MemoryCredentialStore",
    "StoreStatus",
    "accounts_path",
    "default_account_source",
    "export_falconieri",
    "import_falconieri",
    "keyring_status",
]

log = logging.getLogger(__name__)

KEYRING_SERVICE = "falconieri-desktop"
ACCOUNTS_FILE = "accounts.json"
SCHEMA_VERSION = 1
MAX_CONCURRENCY = 64
MAX_NAME_LENGTH = 80
MAX_NOTES_LENGTH = 4000

_ACCOUNT_FIELDS = ("name", "endpoint", "user", "options", "concurrency", "notes")


def accounts_path() -> Path:
    """Where accounts live by default: ``accounts.json`` in the platformdirs config directory."""
    return config_dir() / ACCOUNTS_FILE


# -- the account ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Account:
    """One stored vendor account, without its secret."""

    id: str  # stable uuid4 hex; the keyring entry's user name
    name: str  # unique (case-insensitively); what users type after --account
    provider: str  # "snom", "ymcs", ..., "gateway"
    endpoint: str | None = None  # None = the vendor's default endpoint
    user: str = ""  # user name, client id or access key id (ProviderInfo.user_label says which)
    options: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    concurrency: int | None = None  # parallel requests for this account; None = provider default
    notes: str = ""
    is_default: bool = False

    def __post_init__(self) -> None:
        if not isinstance(self.options, MappingProxyType):
            object.__setattr__(self, "options", MappingProxyType(dict(self.options)))

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape in ``accounts.json`` and ``accounts list --json`` (never a secret)."""
        return {"id": self.id, "name": self.name, "provider": self.provider, "endpoint": self.endpoint,
                "user": self.user, "options": dict(self.options), "concurrency": self.concurrency,
                "notes": self.notes, "is_default": self.is_default}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Account:
        """Read one entry of ``accounts.json``; ``ValueError`` names what is wrong."""
        for key in ("id", "name", "provider"):
            if not isinstance(data.get(key), str) or not data[key]:
                raise ValueError(f"an account has no valid {key!r}")
        options = data.get("options") or {}
        concurrency = data.get("concurrency")
        if not isinstance(options, dict):
            raise ValueError(f"account {data['name']!r}: 'options' must be an object")
        if concurrency is not None and (not isinstance(concurrency, int) or isinstance(concurrency, bool)):
            raise ValueError(f"account {data['name']!r}: 'concurrency' must be an integer")
        return cls(id=data["id"], name=data["name"], provider=data["provider"],
                   endpoint=data.get("endpoint") or None, user=str(data.get("user") or ""),
                   options=options, concurrency=concurrency, notes=str(data.get("notes") or ""),
                   is_default=bool(data.get("is_default", False)))


# -- where secrets live --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class StoreStatus:
    """Which credential store is in use and whether it works (shown by the GUI and the self-test)."""

    backend: str  # "SecretService Keyring", "Windows WinVaultKeyring", "in-memory (sandbox)"
    usable: bool
    message: str  # what is wrong and how to fix it, or a short description (a core Text) when usable
    code: str | None = None  # "keyring_unavailable" when not usable: the UI translates its summary and hint

    def to_dict(self) -> dict[str, Any]:
        return {"backend": self.backend, "usable": self.usable, "message": self.message}


class CredentialStore(Protocol):
    """Where account secrets are kept, one per account id. Failures raise ``ConfigError``."""

    def get_secret(self, account_id: str) -> str | None:
        """The secret, or None when there is none for this account."""

    def set_secret(self, account_id: str, secret: str) -> None:
        """Store or replace the secret."""

    def delete_secret(self, account_id: str) -> None:
        """Forget the secret; no error when there is none."""

    def status(self, *, probe: bool = False) -> StoreStatus:
        """Which store this is and whether it can be used (``probe`` makes one harmless read)."""


class MemoryCredentialStore:
    """Secrets in a dict, gone at exit: sandbox mode and unit tests."""

    def __init__(self, label: str = "in-memory (sandbox)") -> None:
        self._label = label
        self._secrets: dict[str, str] = {}
        self._lock = threading.Lock()

    def get_secret(self, account_id: str) -> str | None:
        with self._lock:
            secret = self._secrets.get(account_id)
        register_secret(secret)
        return secret

    def set_secret(self, account_id: str, secret: str) -> None:
        register_secret(secret)
        with self._lock:
            self._secrets[account_id] = secret

    def delete_secret(self, account_id: str) -> None:
        with self._lock:
            self._secrets.pop(account_id, None)

    def status(self, *, probe: bool = False) -> StoreStatus:
        return StoreStatus(self._label, True, text("Secrets are kept in memory only and forgotten at exit."))


def _fix_sentence() -> str:
    if sys.platform == "darwin":
        return ("Unlock the login keychain (Keychain Access); for headless use, pass credentials by "
                "environment variables or a config file (-c).")
    if sys.platform == "win32":
        return ("Make sure Windows Credential Manager is available to your user; for headless use, pass "
                "credentials by environment variables or a config file (-c).")
    return ("Unlock the keyring, or install and start a Secret Service such as gnome-keyring or KeePassXC "
            "(over SSH, run the command inside the desktop's D-Bus session); for headless use, pass "
            "credentials by environment variables or a config file (-c).")


def _keyring_unavailable(problem: str) -> ConfigError:
    return ConfigError("keyring_unavailable", problem, hint=_fix_sentence())


def _backend_label(backend: keyring.backend.KeyringBackend) -> str:
    try:
        return str(backend.name)
    except Exception:  # noqa: BLE001 - a third-party backend's display name must not break us
        return type(backend).__name__


def _is_plaintext(backend: keyring.backend.KeyringBackend) -> bool:
    # keyrings.alt backends keep passwords in plain (or trivially encoded) files.
    return type(backend).__module__.split(".")[0] == "keyrings"


class KeyringCredentialStore:
    """Secrets in the OS keyring (Secret Service, macOS Keychain, Windows Credential Manager).

    ``backend`` defaults to the one ``keyring`` selects, looked up on every call, so a test's
    ``keyring.set_keyring(...)`` applies. Refuses the ``fail`` and ``null`` backends and
    ``keyrings.alt``; in a chain of backends it uses the best one that is not ``keyrings.alt``.
    """

    def __init__(self, backend: keyring.backend.KeyringBackend | None = None, *,
                 service: str = KEYRING_SERVICE) -> None:
        self._backend = backend
        self.service = service

    # -- selection ----------------------------------------------------------------------------

    def _select(self) -> tuple[keyring.backend.KeyringBackend | None, str, str | None]:
        """(backend to use or None, its display name, the problem when unusable)."""
        try:
            backend = self._backend if self._backend is not None else keyring.get_keyring()
        except Exception as exc:  # noqa: BLE001 - a broken keyringrc.cfg / PYTHON_KEYRING_BACKEND
            return None, "unknown", (f"The keyring backend could not be loaded ({type(exc).__name__}); check "
                                     "PYTHON_KEYRING_BACKEND and keyringrc.cfg.")
        if isinstance(backend, chainer.ChainerBackend):
            members = list(backend.backends)
            usable = [m for m in members if not _is_plaintext(m)]
            if usable:
                backend = usable[0]  # the chain writes to its first member anyway
            elif members:
                backend = members[0]
        label = _backend_label(backend)
        if isinstance(backend, (fail.Keyring, chainer.ChainerBackend)):
            return None, label, "No system keyring was found (keyring fell back to its 'fail' backend)."
        if isinstance(backend, null.Keyring):
            return None, label, ("The keyring is switched off (the 'null' backend is selected by "
                                 "PYTHON_KEYRING_BACKEND or keyringrc.cfg), so passwords would be lost.")
        if _is_plaintext(backend):
            return None, label, (f"The keyring backend '{label}' (keyrings.alt) keeps passwords in a plain "
                                 "file; Falconieri Desktop does not use it. Uninstall keyrings.alt or select "
                                 "a system keyring.")
        return backend, label, None

    def _usable_backend(self) -> keyring.backend.KeyringBackend:
        backend, _, problem = self._select()
        if backend is None:
            raise _keyring_unavailable(problem or "No system keyring was found.")
        return backend

    def _refused(self, exc: Exception, action: str) -> ConfigError:
        if isinstance(exc, keyring.errors.KeyringLocked):
            problem = f"The keyring is locked and was not unlocked, so the secret could not be {action}."
        elif isinstance(exc, keyring.errors.NoKeyringError):
            problem = "No system keyring was found (keyring fell back to its 'fail' backend)."
        elif isinstance(exc, keyring.errors.KeyringError):
            # keyring's own messages describe the backend's state; they never carry the secret.
            detail = str(exc).strip()[:200] or type(exc).__name__
            problem = f"The keyring refused: the secret could not be {action} ({detail})."
        else:
            problem = f"The keyring failed ({type(exc).__name__}): the secret could not be {action}."
        log.info("keyring %s failed: %s", action, type(exc).__name__)
        return _keyring_unavailable(problem)

    # -- CredentialStore ------------------------------------------------------------------------

    def get_secret(self, account_id: str) -> str | None:
        backend = self._usable_backend()
        try:
            secret = backend.get_password(self.service, account_id)
        except Exception as exc:  # noqa: BLE001 - any backend failure means "keyring unavailable"
            raise self._refused(exc, "read") from None
        register_secret(secret)
        return secret

    def set_secret(self, account_id: str, secret: str) -> None:
        register_secret(secret)
        backend = self._usable_backend()
        try:
            backend.set_password(self.service, account_id, secret)
        except Exception as exc:  # noqa: BLE001 - any backend failure means "keyring unavailable"
            raise self._refused(exc, "stored") from None

    def delete_secret(self, account_id: str) -> None:
        backend = self._usable_backend()
        try:
            # Backends raise PasswordDeleteError both for "no such entry" and for real refusals,
            # so look first: an entry that is not there is already deleted.
            if backend.get_password(self.service, account_id) is None:
                return
            backend.delete_password(self.service, account_id)
        except Exception as exc:  # noqa: BLE001 - any backend failure means "keyring unavailable"
            raise self._refused(exc, "deleted") from None

    def status(self, *, probe: bool = False) -> StoreStatus:
        backend, label, problem = self._select()
        if backend is None:
            return StoreStatus(label, False, f"{problem} {_fix_sentence()}", "keyring_unavailable")
        if probe:
            try:
                backend.get_password(self.service, "falconieri-desktop-probe")
            except Exception as exc:  # noqa: BLE001 - reported, not raised
                return StoreStatus(label, False, f"{self._refused(exc, 'read').message} {_fix_sentence()}",
                                   "keyring_unavailable")
        return StoreStatus(label, True, text("Secrets are kept in the system keyring."))


def keyring_status(*, probe: bool = False) -> StoreStatus:
    """The keyring backend in use and whether it is usable (``probe`` reads a dummy entry, which
    may make the desktop ask to unlock the keyring)."""
    return KeyringCredentialStore().status(probe=probe)


# -- the store ------------------------------------------------------------------------------------


def _provider_info(provider: str) -> ProviderInfo:
    from falconieri_desktop.providers import provider_class

    return provider_class(provider).info


def _invalid(message: str) -> InputError:
    return InputError("invalid_option", message)


def _check_endpoint(endpoint: str) -> None:
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(endpoint)
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError:
        raise _invalid(f"The endpoint {endpoint!r} is not a valid URL.") from None
    if parts.scheme.lower() not in ("https", "http") or not parts.hostname:
        raise _invalid(f"The endpoint must be an https:// URL with a host (got {endpoint!r}).")
    if parts.username is not None or parts.password is not None:
        raise _invalid("The endpoint must not contain a user or password; the account stores them "
                       "(the password in the keyring).")


class AccountStore:
    """Accounts from ``accounts.json`` (``path``; ``None`` keeps them in memory only) and their
    secrets from ``credentials``. Every change re-reads the file first, so a CLI run and the GUI
    can both edit it; reads pick up changes made by another process."""

    def __init__(self, path: Path | None, credentials: CredentialStore) -> None:
        self.path = path
        self.credentials = credentials
        self._lock = threading.RLock()
        self._accounts: list[Account] = []
        self._stamp: tuple[int, int] | None = None
        self._loaded = path is None

    @classmethod
    def open(cls, path: Path | None = None, credentials: CredentialStore | None = None) -> AccountStore:
        """The user's accounts: ``accounts_path()`` and the OS keyring unless told otherwise."""
        return cls(path or accounts_path(), credentials or KeyringCredentialStore())

    @classmethod
    def ephemeral(cls) -> AccountStore:
        """Accounts and secrets in memory only (sandbox mode, tests)."""
        return cls(None, MemoryCredentialStore())

    # -- reading --------------------------------------------------------------------------------

    def _file_stamp(self) -> tuple[int, int] | None:
        assert self.path is not None
        try:
            stat = self.path.stat()
        except FileNotFoundError:
            return None
        return stat.st_mtime_ns, stat.st_size

    def _current(self) -> list[Account]:
        """The accounts, re-read when the file changed since the last read."""
        with self._lock:
            if self.path is not None:
                stamp = self._file_stamp()
                if not self._loaded or stamp != self._stamp:
                    self._accounts = self._read()
                    self._stamp, self._loaded = stamp, True
            return list(self._accounts)

    def _read(self) -> list[Account]:
        assert self.path is not None
        file = self.path
        hint = f"Fix {file} or move it away (the passwords stay in the keyring)."
        try:
            text = file.read_text(encoding="utf-8")
        except FileNotFoundError:
            return []
        except OSError as exc:
            raise ConfigError("invalid_configuration", f"{file} cannot be read: {exc.strerror}.",
                              hint="Check the file's permissions.") from None
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ConfigError("invalid_configuration",
                              f"{file} is not valid JSON (line {exc.lineno}: {exc.msg}).", hint=hint) from None
        if not isinstance(data, dict) or not isinstance(data.get("accounts"), list):
            raise ConfigError("invalid_configuration", f"{file} has no 'accounts' list.", hint=hint)
        schema = data.get("schema")
        if not isinstance(schema, int) or schema < 1:
            raise ConfigError("invalid_configuration", f"{file} has no valid schema version.", hint=hint)
        if schema > SCHEMA_VERSION:
            raise ConfigError("invalid_configuration",
                              f"{file} was written by a newer Falconieri Desktop (schema {schema}).",
                              hint="Update Falconieri Desktop to use these accounts.")
        try:
            return [Account.from_dict(entry) for entry in data["accounts"] if isinstance(entry, dict)]
        except ValueError as exc:
            raise ConfigError("invalid_configuration", f"{file}: {exc}.", hint=hint) from None

    def _write(self, accounts: list[Account]) -> None:
        with self._lock:
            if self.path is not None:
                payload = {"schema": SCHEMA_VERSION, "accounts": [a.to_dict() for a in accounts]}
                try:
                    atomic_write_text(self.path, json.dumps(payload, indent=2, ensure_ascii=False) + "\n")
                except OSError as exc:
                    raise ConfigError("invalid_configuration", f"{self.path} cannot be written: {exc.strerror}.",
                                      hint="Check the permissions of the folder and the free disk space.") from None
                self._stamp = self._file_stamp()
            self._accounts = list(accounts)

    def reload(self) -> None:
        """Forget what was read; the next access reads the file again."""
        with self._lock:
            self._loaded = self.path is None

    def accounts(self, provider: str | None = None) -> list[Account]:
        """All accounts (or those of ``provider``), by provider then name."""
        found = [a for a in self._current() if provider is None or a.provider == provider]
        return sorted(found, key=lambda a: (a.provider, a.name.casefold()))

    def find(self, name: str) -> Account | None:
        """The account called ``name`` (exact match first, then case-insensitive), or None."""
        accounts = self._current()
        exact = next((a for a in accounts if a.name == name), None)
        return exact or next((a for a in accounts if a.name.casefold() == name.strip().casefold()), None)

    def get(self, name: str) -> Account:
        """The account called ``name``; ``ConfigError("account_not_found")`` otherwise."""
        account = self.find(name)
        if account is None:
            raise ConfigError("account_not_found", f"There is no account named {name!r}.")
        return account

    def get_by_id(self, account_id: str) -> Account:
        account = next((a for a in self._current() if a.id == account_id), None)
        if account is None:
            raise ConfigError("account_not_found", "The account no longer exists (it was removed).")
        return account

    def default_for(self, provider: str) -> Account | None:
        return next((a for a in self._current() if a.provider == provider and a.is_default), None)

    # -- secrets and settings ---------------------------------------------------------------------

    def secret(self, account: Account) -> str:
        """The account's secret from the credential store (registered for log redaction)."""
        secret = self.credentials.get_secret(account.id)
        if not secret:
            label = _provider_info(account.provider).secret_label.lower()
            raise ConfigError("missing_credentials",
                              f"The {label} of account {account.name!r} is not in the keyring (was it "
                              "deleted there?).",
                              hint=f"Store it again: falconieri accounts edit {_quote(account.name)} "
                                   "--change-password")
        register_secret(secret)
        return secret

    def settings(self, account: Account) -> ProviderSettings:
        """Endpoint, user, secret and options of ``account``, ready for a provider."""
        from falconieri_desktop.providers.base import ProviderSettings

        info = _provider_info(account.provider)
        options = {spec.key: account.options.get(spec.key, spec.default) for spec in info.options}
        return ProviderSettings(provider=account.provider, endpoint=account.endpoint or info.default_endpoint,
                                user=account.user, secret=self.secret(account), options=options,
                                account_id=account.id, source=f"account {account.name!r}",
                                concurrency=account.concurrency)

    def settings_for(self, provider: str, account: str | None) -> ProviderSettings | None:
        """``core.config.AccountSource``: the named account (which must be of ``provider``), or the
        provider's default account when ``account`` is None (None when it has none)."""
        if account is not None:
            found = self.get(account)
            if found.provider != provider:
                raise ConfigError(
                    "account_not_found",
                    f"The account {found.name!r} is a {_provider_info(found.provider).label} account, "
                    f"not {_provider_info(provider).label}.",
                    hint="Name an account of this provider (see 'falconieri accounts list'), or leave "
                         "--account out to use the provider's default account.")
            return self.settings(found)
        default = self.default_for(provider)
        return None if default is None else self.settings(default)

    def status(self, *, probe: bool = False) -> StoreStatus:
        return self.credentials.status(probe=probe)

    # -- changes ---------------------------------------------------------------------------------

    def add(self, provider: str, name: str, secret: str, *, user: str = "", endpoint: str | None = None,
            options: Mapping[str, Any] | None = None, concurrency: int | None = None, notes: str = "",
            default: bool = False) -> Account:
        """Create an account and store its secret. The first account of a provider becomes its default."""
        with self._lock:
            accounts = self._fresh()
            account = self._validated(Account(id=uuid.uuid4().hex, name=name, provider=provider,
                                              endpoint=endpoint, user=user, options=options or {},
                                              concurrency=concurrency, notes=notes), accounts)
            _check_secret(secret)
            first = not any(a.provider == account.provider for a in accounts)
            account = replace(account, is_default=default or first)
            if account.is_default:
                accounts = [replace(a, is_default=False) if a.provider == account.provider else a
                            for a in accounts]
            self.credentials.set_secret(account.id, secret)
            try:
                self._write([*accounts, account])
            except BaseException:
                self._forget_secret(account.id)
                raise
            log.info("account %r (%s) added", account.name, account.provider)
            return account

    def update(self, account_name: str, /, *, secret: str | None = None, **changes: Any) -> Account:
        """Change fields of the account called ``account_name`` (``name=`` renames it;
        ``endpoint=None`` goes back to the vendor default; ``options`` are merged, a None value
        removes one) and, when ``secret`` is given, replace its secret."""
        unknown = set(changes) - set(_ACCOUNT_FIELDS)
        if unknown:
            raise TypeError(f"unknown account fields: {', '.join(sorted(unknown))}")
        with self._lock:
            accounts = self._fresh()
            current = self._lookup(account_name, accounts)
            if "options" in changes:
                merged = {**current.options, **(changes["options"] or {})}
                changes["options"] = {k: v for k, v in merged.items() if v is not None}
            others = [a for a in accounts if a.id != current.id]
            updated = self._validated(replace(current, **changes), others)
            if secret is not None:
                _check_secret(secret)
                self.credentials.set_secret(current.id, secret)
            self._write([updated if a.id == current.id else a for a in accounts])
            log.info("account %r (%s) updated", updated.name, updated.provider)
            return updated

    def remove(self, name: str) -> Account:
        """Delete the account and its keyring entry. Another account does not silently become the
        default: registrations must not move to another customer's account unasked."""
        with self._lock:
            accounts = self._fresh()
            account = self._lookup(name, accounts)
            self.credentials.delete_secret(account.id)  # first: a refusing keyring keeps the account
            self._write([a for a in accounts if a.id != account.id])
            log.info("account %r (%s) removed", account.name, account.provider)
            return account

    def set_default(self, name: str) -> Account:
        """Make the account its provider's default (the previous default stops being one)."""
        with self._lock:
            accounts = self._fresh()
            account = self._lookup(name, accounts)
            updated = [replace(a, is_default=(a.id == account.id)) if a.provider == account.provider else a
                       for a in accounts]
            self._write(updated)
            return next(a for a in updated if a.id == account.id)

    # -- helpers ---------------------------------------------------------------------------------

    def _fresh(self) -> list[Account]:
        self.reload()
        return self._current()

    @staticmethod
    def _lookup(name: str, accounts: Iterable[Account]) -> Account:
        accounts = list(accounts)
        found = next((a for a in accounts if a.name == name), None) or next(
            (a for a in accounts if a.name.casefold() == name.strip().casefold()), None)
        if found is None:
            raise ConfigError("account_not_found", f"There is no account named {name!r}.")
        return found

    def _forget_secret(self, account_id: str) -> None:
        try:
            self.credentials.delete_secret(account_id)
        except ConfigError:
            log.warning("the keyring entry of an account that could not be saved was left behind")

    @staticmethod
    def _validated(account: Account, others: Iterable[Account]) -> Account:
        """``account`` normalised, or ``InputError``/``ConfigError`` naming the first problem."""
        info = _provider_info(account.provider)  # provider_not_supported for unknown names
        name = " ".join(account.name.split())
        if not name:
            raise _invalid("An account needs a name.")
        if len(name) > MAX_NAME_LENGTH:
            raise _invalid(f"An account name has at most {MAX_NAME_LENGTH} characters.")
        if any(other.name.casefold() == name.casefold() for other in others):
            raise _invalid(f"An account named {name!r} already exists; pick another name.")
        user = account.user.strip()
        if not user:
            raise _invalid(f"A {info.label} account needs a {info.user_label.lower()}.")
        endpoint = (account.endpoint or "").strip() or None
        if endpoint is not None:
            _check_endpoint(endpoint)
            if endpoint == info.default_endpoint:
                endpoint = None  # follow the vendor default if it ever moves
        elif not info.default_endpoint:
            raise _invalid(f"A {info.label} account needs an endpoint URL (there is no default one).")
        specs = {spec.key: spec for spec in info.options}
        options: dict[str, Any] = {}
        for key, value in account.options.items():
            spec = specs.get(key)
            if spec is None:
                known = ", ".join(specs) or "none"
                raise _invalid(f"{info.label} has no option {key!r} (its options: {known}).")
            if value is None or value == "":
                continue
            if spec.kind is bool:
                flag = parse_bool(value)
                if flag is None:
                    raise _invalid(f"The option {key} must be true or false (got {value!r}).")
                options[key] = flag
            else:
                options[key] = str(value).strip()
        concurrency = account.concurrency
        if concurrency is not None and (isinstance(concurrency, bool) or not isinstance(concurrency, int)
                                        or not 1 <= concurrency <= MAX_CONCURRENCY):
            raise _invalid(f"The concurrency limit must be a whole number from 1 to {MAX_CONCURRENCY}.")
        notes = account.notes.strip()
        if len(notes) > MAX_NOTES_LENGTH:
            raise _invalid(f"Notes have at most {MAX_NOTES_LENGTH} characters.")
        return replace(account, name=name, user=user, endpoint=endpoint, options=options, notes=notes)


def _check_secret(secret: str) -> None:
    if not isinstance(secret, str) or not secret:
        raise _invalid("The password (or secret) must not be empty.")
    if re.search(r"[\r\n]", secret):
        raise _invalid("The password (or secret) must be a single line.")


def _quote(name: str) -> str:
    return name if re.fullmatch(r"[\w.@+-]+", name) else f'"{name}"'


# -- the lookup layer -----------------------------------------------------------------------------


class AccountLayer:
    """Stored accounts as the lowest layers of ``core.config.resolve`` (a ``config.AccountSource``).

    One tolerance: when the keyring cannot be read for a provider's *default* account (say, a
    command run over SSH outside the desktop session) and the environment or the ``-c`` file
    already carry that provider's secret, the account layer is left out instead of failing, since
    the call would not use its secret anyway. A named ``--account`` always needs the keyring.
    """

    def __init__(self, store: AccountStore, *, env: Mapping[str, str] | None = None,
                 conf: Mapping[str, Any] | None = None) -> None:
        self.store = store
        self._env = env if env is not None else os.environ
        self._conf = conf or {}

    def settings_for(self, provider: str, account: str | None) -> ProviderSettings | None:
        try:
            return self.store.settings_for(provider, account)
        except ConfigError as exc:
            if exc.code != "keyring_unavailable" or account is not None or not self._secret_elsewhere(provider):
                raise
            log.info("keyring unavailable: %s's default account is skipped, its credentials come from "
                     "the environment or the config file", provider)
            return None

    def _secret_elsewhere(self, provider: str) -> bool:
        info = _provider_info(provider)
        section = (self._conf.get("providers") or {}).get(provider) or {}
        return bool(self._env.get(info.env_names["secret"]) or section.get(info.secret_key))


def default_account_source(*, env: Mapping[str, str] | None = None,
                           conf: Mapping[str, Any] | None = None) -> AccountLayer:
    """The user's stored accounts (platformdirs file + OS keyring) as a lookup layer."""
    return AccountLayer(AccountStore.open(), env=env, conf=conf)


# -- falconieri's conf.json ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ImportResult:
    """What ``import_falconieri`` did: the accounts created and the sections it left out (and why)."""

    source: Path
    created: tuple[Account, ...]
    skipped: tuple[tuple[str, str], ...]  # (section, reason)

    @property
    def note(self) -> str:
        if not self.created:
            return ""
        return (f"The secrets are now in the system keyring, but {self.source} still holds them in plain "
                "text: once 'falconieri accounts test NAME' shows the accounts work, delete that file.")


@dataclass(frozen=True, slots=True)
class ExportResult:
    path: Path
    exported: tuple[Account, ...]
    skipped: tuple[tuple[str, str], ...]  # (provider, reason)
    include_secrets: bool


def _unique_name(base: str, taken: set[str]) -> str:
    name, n = base, 2
    while name.casefold() in taken:
        name, n = f"{base} {n}", n + 1
    return name


def import_falconieri(store: AccountStore, path: Path | str, *, name_prefix: str = "") -> ImportResult:
    """One account per enabled provider of a falconieri ``conf.json`` (and its ``gateway``).

    Secrets go to the credential store; the file itself is not touched. Sections that are
    disabled, lack credentials, name an unknown provider or repeat an existing account (same
    provider, user and endpoint) are skipped with the reason. Each new account becomes its
    provider's default only when the provider has no account yet.
    """
    from falconieri_desktop.providers import PROVIDERS

    source = Path(path)
    conf = load_falconieri_conf(source)
    # (provider, its section, whether it is the top-level "gateway" section with falconieri's keys)
    sections: list[tuple[str, Mapping[str, Any], bool]] = [
        (provider, section, False) for provider, section in conf.get("providers", {}).items()]
    if conf.get("gateway"):
        sections.append(("gateway", conf["gateway"], True))
    created: list[Account] = []
    skipped: list[tuple[str, str]] = []
    for provider, section, top_level_gateway in sections:
        label = provider
        if provider not in PROVIDERS:
            skipped.append((label, "not a provider Falconieri Desktop knows"))
            continue
        info = PROVIDERS[provider].info
        endpoint_key, user_key, secret_key = (("url", "user", "password") if top_level_gateway
                                              else (info.endpoint_key, info.user_key, info.secret_key))
        if parse_bool(section.get("disable", False)):
            skipped.append((label, "disabled in the file"))
            continue
        user = str(section.get(user_key) or "").strip()
        secret = str(section.get(secret_key) or "")
        register_secret(secret)
        if not secret or not user:
            missing = info.secret_label if not secret else info.user_label
            skipped.append((label, f"no {missing.lower()} in the file"))
            continue
        endpoint = str(section.get(endpoint_key) or "").strip() or None
        if endpoint and endpoint == info.default_endpoint:
            endpoint = None
        options = {spec.key: section[spec.key] for spec in info.options if section.get(spec.key) not in (None, "")}
        duplicate = next((a for a in store.accounts(provider) if a.user == user and a.endpoint == endpoint), None)
        if duplicate is not None:
            skipped.append((label, f"already stored as account {duplicate.name!r}"))
            continue
        taken = {a.name.casefold() for a in store.accounts()}
        name = _unique_name(f"{name_prefix} {provider}".strip(), taken)
        created.append(store.add(provider, name, secret, user=user, endpoint=endpoint, options=options))
    return ImportResult(source, tuple(created), tuple(skipped))


def export_falconieri(store: AccountStore, path: Path | str, *, names: Iterable[str] | None = None,
                      include_secrets: bool = False) -> ExportResult:
    """Write a falconieri ``conf.json`` (mode 0600, atomically) from stored accounts.

    falconieri holds one account per provider: by default each provider's default account, or
    the accounts ``names``. Secrets are left out unless ``include_secrets``.
    """
    skipped: list[tuple[str, str]] = []
    if names is not None:
        chosen = [store.get(name) for name in names]
        seen: dict[str, Account] = {}
        for account in chosen:
            if account.provider in seen:
                raise _invalid("falconieri's conf.json holds one account per provider: "
                               f"{seen[account.provider].name!r} and {account.name!r} are both "
                               f"{account.provider} accounts.")
            seen[account.provider] = account
    else:
        chosen = []
        for provider in sorted({a.provider for a in store.accounts()}):
            default = store.default_for(provider)
            if default is None:
                skipped.append((provider, "no default account (name the account to export)"))
            else:
                chosen.append(default)
    conf: dict[str, Any] = {"providers": {}}
    for account in chosen:
        info = _provider_info(account.provider)
        endpoint = account.endpoint or info.default_endpoint
        secret = store.secret(account) if include_secrets else None
        if account.provider == "gateway":
            conf["gateway"] = {"url": endpoint, "user": account.user,
                               **({"password": secret} if secret is not None else {})}
            continue
        section: dict[str, Any] = {info.endpoint_key: endpoint, info.user_key: account.user}
        if secret is not None:
            section[info.secret_key] = secret
        section.update(account.options)
        section["disable"] = False
        conf["providers"][account.provider] = section
    target = Path(path)
    try:
        atomic_write_text(target, json.dumps(conf, indent=2, ensure_ascii=False) + "\n")
    except OSError as exc:
        raise ConfigError("invalid_configuration", f"{target} cannot be written: {exc.strerror}.",
                          hint="Check the folder's permissions and the free disk space.") from None
    return ExportResult(target, tuple(chosen), tuple(skipped), include_secrets)
