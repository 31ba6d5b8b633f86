"""Import from and export to falconieri's conf.json."""

from __future__ import annotations

import json
import os
import secrets
import stat
from pathlib import Path

import pytest

from falconieri_desktop.core.accounts import (
    KEYRING_SERVICE,
    AccountStore,
    KeyringCredentialStore,
    export_falconieri,
    import_falconieri,
)
from falconieri_desktop.core.errors import ConfigError, InputError
from falconieri_desktop.providers import PROVIDERS
from tests.accounts.conftest import MemoryKeyring


def _secret() -> str:
    return "conf-" + secrets.token_urlsafe(12)


@pytest.fixture
def conf(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """A falconieri conf.json: enabled snom/gigaset/yealink, a disabled fanvil, gaps and an unknown provider."""
    secrets_by_provider = {name: _secret() for name in ("snom", "gigaset", "yealink", "fanvil")}
    data = {"providers": {
        "snom": {"user": "acme", "password": secrets_by_provider["snom"],
                 "rpc_url": PROVIDERS["snom"].info.default_endpoint, "disable": False},
        "gigaset": {"user": "acme-g", "password": secrets_by_provider["gigaset"], "rpc_url": "https://g.example.com/rpc.do",
                    "provider_name": "nethesis", "disable_crc": "true"},
        "yealink": {"user": "acme-y", "password": secrets_by_provider["yealink"], "server_name": "acme-srv"},
        "fanvil": {"user": "f", "password": secrets_by_provider["fanvil"], "disable": "true"},
        "ymcs": {"client_id": "cid"},
        "polycom": {"user": "p", "password": "x"},
    }}
    path = tmp_path / "conf.json"
    path.write_text(json.dumps(data, indent=2))
    return path, secrets_by_provider


def test_import_creates_one_account_per_enabled_provider(store: AccountStore, memory_keyring: MemoryKeyring,
                                                         conf: tuple[Path, dict[str, str]]) -> None:
    """Enabled sections become accounts with their options; the rest is skipped with a reason."""
    path, secrets_by_provider = conf
    before = (path.read_bytes(), path.stat().st_mtime_ns)
    result = import_falconieri(store, path)
    created = {a.provider: a for a in result.created}
    assert set(created) == {"snom", "gigaset", "yealink"}
    assert created["snom"].endpoint is None  # the vendor default, not a copy of it
    assert created["gigaset"].endpoint == "https://g.example.com/rpc.do"
    assert dict(created["gigaset"].options) == {"provider_name": "nethesis", "disable_crc": True}
    assert dict(created["yealink"].options) == {"server_name": "acme-srv"}
    assert all(a.is_default for a in result.created)
    for provider, account in created.items():
        assert memory_keyring.entries[(KEYRING_SERVICE, account.id)] == secrets_by_provider[provider]
    reasons = dict(result.skipped)
    assert reasons["fanvil"] == "disabled in the file"
    assert reasons["ymcs"].startswith("no client secret")
    assert "not a provider" in reasons["polycom"]
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before  # the file is left untouched
    assert str(path) in result.note and "delete" in result.note
    assert store.path is not None and not any(s in store.path.read_text() for s in secrets_by_provider.values())


def test_reimport_skips_existing_and_does_not_steal_defaults(store: AccountStore, memory_keyring: MemoryKeyring,
                                                             conf: tuple[Path, dict[str, str]]) -> None:
    """Importing twice creates nothing new; an import next to existing accounts leaves defaults alone."""
    path, _ = conf
    store.add("snom", "snom", _secret(), user="someone-else")
    first = import_falconieri(store, path)
    snom = next(a for a in first.created if a.provider == "snom")
    assert snom.name == "snom 2" and not snom.is_default
    again = import_falconieri(store, path)
    assert again.created == () and again.note == ""
    assert dict(again.skipped)["snom"] == "already stored as account 'snom 2'"


def test_import_with_no_keyring_fails_before_creating_anything(tmp_path: Path, fail_keyring: object,
                                                               conf: tuple[Path, dict[str, str]]) -> None:
    """No keyring: keyring_unavailable, and no account without its secret is left behind."""
    store = AccountStore(tmp_path / "accounts.json", KeyringCredentialStore())
    with pytest.raises(ConfigError) as caught:
        import_falconieri(store, conf[0])
    assert caught.value.code == "keyring_unavailable"
    assert store.accounts() == []


def test_export_leaves_secrets_out_by_default(store: AccountStore, tmp_path: Path) -> None:
    """Without include_secrets the file has users, endpoints and options but no secret."""
    secret = _secret()
    store.add("gigaset", "g", secret, user="acme", options={"provider_name": "p"})
    out = tmp_path / "out" / "conf.json"
    result = export_falconieri(store, out)
    data = json.loads(out.read_text())
    assert data == {"providers": {"gigaset": {"rpc_url": PROVIDERS["gigaset"].info.default_endpoint,
                                              "user": "acme", "provider_name": "p", "disable": False}}}
    assert secret not in out.read_text() and not result.include_secrets
    if os.name == "posix":
        assert stat.S_IMODE(out.stat().st_mode) == 0o600


def test_export_then_import_round_trip(store: AccountStore, tmp_path: Path, memory_keyring: MemoryKeyring) -> None:
    """Export with secrets, import into an empty store: same providers, users, endpoints, options, secrets."""
    originals = {
        "snom": store.add("snom", "s", _secret(), user="su"),
        "gigaset": store.add("gigaset", "g", _secret(), user="gu", endpoint="https://g.example.com/rpc.do",
                             options={"provider_name": "acme", "disable_crc": True}),
        "yealink": store.add("yealink", "y", _secret(), user="yu", options={"server_name": "srv"}),
        "fanvil": store.add("fanvil", "f", _secret(), user="fu"),
    }
    store.add("snom", "not-default", _secret(), user="other")  # falconieri holds one account per provider
    out = tmp_path / "conf.json"
    result = export_falconieri(store, out, include_secrets=True)
    assert {a.name for a in result.exported} == {"s", "g", "y", "f"}

    fresh = AccountStore(tmp_path / "fresh" / "accounts.json", KeyringCredentialStore())
    imported = {a.provider: a for a in import_falconieri(fresh, out).created}
    assert set(imported) == set(originals)
    for provider, original in originals.items():
        copy = imported[provider]
        assert (copy.user, copy.endpoint, dict(copy.options)) == (original.user, original.endpoint,
                                                                 dict(original.options))
        assert fresh.secret(copy) == store.secret(original)


def test_export_named_accounts(store: AccountStore, tmp_path: Path) -> None:
    """names= picks the accounts; two of the same provider cannot share one conf.json."""
    store.add("snom", "a", _secret(), user="ua")
    store.add("snom", "b", _secret(), user="ub")
    out = tmp_path / "conf.json"
    export_falconieri(store, out, names=["b"])
    assert json.loads(out.read_text())["providers"]["snom"]["user"] == "ub"
    with pytest.raises(InputError, match="one account per provider"):
        export_falconieri(store, out, names=["a", "b"])


def test_export_skips_providers_without_a_default(store: AccountStore, tmp_path: Path) -> None:
    """A provider whose default was removed is skipped with the reason, not guessed."""
    store.add("snom", "a", _secret(), user="ua")
    store.add("snom", "b", _secret(), user="ub")
    store.remove("a")
    result = export_falconieri(store, tmp_path / "conf.json")
    assert result.exported == () and result.skipped[0][0] == "snom"
