"""AccountStore: accounts.json, defaults, validation, secrets in the keyring, keyring failures."""

from __future__ import annotations

import json
import os
import secrets
import stat
from pathlib import Path

import keyring
import pytest
from keyring.backends import null

from falconieri_desktop.core import accounts as accounts_module
from falconieri_desktop.core.accounts import (
    KEYRING_SERVICE,
    SCHEMA_VERSION,
    AccountLayer,
    AccountStore,
    KeyringCredentialStore,
    MemoryCredentialStore,
    keyring_status,
)
from falconieri_desktop.core.errors import ConfigError, InputError
from falconieri_desktop.core.redaction import MASK, redact
from falconieri_desktop.providers import PROVIDERS
from tests.accounts.conftest import MemoryKeyring


def _secret() -> str:
    return "pw-" + secrets.token_urlsafe(12)


# -- accounts.json ---------------------------------------------------------------------------------


def test_add_writes_accounts_json_without_the_secret(store: AccountStore, memory_keyring: MemoryKeyring) -> None:
    """The secret goes to the keyring under (falconieri-desktop, account id); the file never holds it."""
    secret = _secret()
    account = store.add("snom", "Acme Snom", secret, user="acme")
    assert store.path is not None
    text = store.path.read_text()
    assert secret not in text
    data = json.loads(text)
    assert data["schema"] == SCHEMA_VERSION
    assert data["accounts"] == [account.to_dict()]
    assert memory_keyring.entries == {(KEYRING_SERVICE, account.id): secret}


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
def test_accounts_json_is_private(store: AccountStore) -> None:
    """accounts.json is created with mode 0600 and stays so after rewrites."""
    store.add("snom", "a", _secret(), user="u")
    store.add("snom", "b", _secret(), user="v")
    assert store.path is not None
    assert stat.S_IMODE(store.path.stat().st_mode) == 0o600


def test_write_is_atomic(store: AccountStore, monkeypatch: pytest.MonkeyPatch) -> None:
    """A write that fails at the rename leaves the previous file intact and no temp file behind."""
    store.add("snom", "first", _secret(), user="u")
    assert store.path is not None
    before = store.path.read_bytes()

    def broken_replace(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(ConfigError) as caught:
        store.add("snom", "second", _secret(), user="v")
    assert caught.value.code == "invalid_configuration"
    assert store.path.read_bytes() == before
    assert sorted(p.name for p in store.path.parent.iterdir()) == ["accounts.json"]


def test_failed_file_write_removes_the_new_keyring_entry(store: AccountStore, memory_keyring: MemoryKeyring,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """An account that could not be saved leaves no orphan secret in the keyring."""
    monkeypatch.setattr(os, "replace", lambda *a: (_ for _ in ()).throw(OSError(13, "Permission denied")))
    with pytest.raises(ConfigError):
        store.add("snom", "x", _secret(), user="u")
    assert memory_keyring.entries == {}


def test_newer_schema_is_refused(tmp_path: Path, memory_keyring: MemoryKeyring) -> None:
    """A file from a newer version is not read (nor overwritten) by this one."""
    path = tmp_path / "accounts.json"
    path.write_text(json.dumps({"schema": SCHEMA_VERSION + 1, "accounts": []}))
    with pytest.raises(ConfigError) as caught:
        AccountStore(path, KeyringCredentialStore()).accounts()
    assert caught.value.code == "invalid_configuration"
    assert "newer" in caught.value.message


def test_corrupt_file_names_the_problem(tmp_path: Path, memory_keyring: MemoryKeyring) -> None:
    """Broken JSON is invalid_configuration naming the file and line."""
    path = tmp_path / "accounts.json"
    path.write_text('{"schema": 1, "accounts": [\n')
    with pytest.raises(ConfigError) as caught:
        AccountStore(path, KeyringCredentialStore()).accounts()
    assert str(path) in caught.value.message and "line" in caught.value.message


def test_changes_from_another_process_are_seen(store: AccountStore) -> None:
    """Two stores on the same file (CLI and GUI) see each other's changes."""
    assert store.path is not None
    other = AccountStore(store.path, KeyringCredentialStore())
    assert other.accounts() == []
    store.add("snom", "from-cli", _secret(), user="u")
    assert [a.name for a in other.accounts()] == ["from-cli"]
    other.add("gigaset", "from-gui", _secret(), user="g")
    assert {a.name for a in store.accounts()} == {"from-cli", "from-gui"}


# -- defaults and names --------------------------------------------------------------------------


def test_first_account_of_a_provider_becomes_its_default(store: AccountStore) -> None:
    """One default per provider: the first added; --default moves it; others are not defaults."""
    a = store.add("snom", "a", _secret(), user="u1")
    b = store.add("snom", "b", _secret(), user="u2")
    y = store.add("yealink", "y", _secret(), user="u3")
    assert (a.is_default, b.is_default, y.is_default) == (True, False, True)
    c = store.add("snom", "c", _secret(), user="u4", default=True)
    assert c.is_default
    assert [x.name for x in store.accounts("snom") if x.is_default] == ["c"]
    store.set_default("a")
    defaults = {provider: getattr(store.default_for(provider), "name", None) for provider in ("snom", "yealink")}
    assert defaults == {"snom": "a", "yealink": "y"}


def test_removing_the_default_does_not_promote_another(store: AccountStore) -> None:
    """Registrations never move to another (customer's) account unasked."""
    store.add("snom", "a", _secret(), user="u1")
    store.add("snom", "b", _secret(), user="u2")
    store.remove("a")
    assert store.default_for("snom") is None
    assert store.settings_for("snom", None) is None


def test_names_are_unique_case_insensitively(store: AccountStore) -> None:
    """'Acme' and 'acme' cannot coexist; lookups ignore case."""
    store.add("snom", "Acme", _secret(), user="u")
    with pytest.raises(InputError, match="already exists"):
        store.add("yealink", "acme", _secret(), user="v")
    store.add("yealink", "Other", _secret(), user="v")
    with pytest.raises(InputError, match="already exists"):
        store.update("other", name="ACME")
    assert store.get("ACME").name == "Acme"


def test_unknown_account_is_account_not_found(store: AccountStore) -> None:
    """A name that matches nothing is account_not_found."""
    for call in (lambda: store.get("nope"), lambda: store.remove("nope"), lambda: store.set_default("nope"),
                 lambda: store.settings_for("snom", "nope")):
        with pytest.raises(ConfigError) as caught:
            call()
        assert caught.value.code == "account_not_found"


# -- validation -------------------------------------------------------------------------------


@pytest.mark.parametrize(("kwargs", "fragment"), [
    ({"provider": "nope"}, "no provider named"),
    ({"user": " "}, "needs a user"),
    ({"options": {"server_name": "x"}}, "has no option 'server_name'"),
    ({"endpoint": "ftp://example.com/"}, "https://"),
    ({"endpoint": "https://u:p@example.com/xmlrpc/"}, "must not contain a user or password"),
    ({"concurrency": 0}, "concurrency"),
    ({"concurrency": 65}, "concurrency"),
    ({"name": "  "}, "needs a name"),
    ({"secret": ""}, "must not be empty"),
    ({"secret": "two\nlines"}, "single line"),
])
def test_invalid_accounts_are_refused(store: AccountStore, memory_keyring: MemoryKeyring,
                                      kwargs: dict[str, object], fragment: str) -> None:
    """Each invalid field is refused with a sentence naming it, and nothing is stored."""
    args: dict[str, object] = {"provider": "snom", "name": "x", "secret": _secret(), "user": "u"}
    args.update(kwargs)
    with pytest.raises((InputError, ConfigError), match=fragment):
        store.add(**args)  # type: ignore[arg-type]
    assert store.accounts() == [] and memory_keyring.entries == {}


def test_values_are_normalised(store: AccountStore) -> None:
    """Names and users are trimmed, the vendor's own endpoint is stored as 'default', options typed."""
    info = PROVIDERS["gigaset"].info
    account = store.add("gigaset", "  Acme   Gigaset ", _secret(), user=" acme ", endpoint=info.default_endpoint,
                        options={"provider_name": " nethesis ", "disable_crc": "true"}, concurrency=3)
    assert (account.name, account.user, account.endpoint) == ("Acme Gigaset", "acme", None)
    assert dict(account.options) == {"provider_name": "nethesis", "disable_crc": True}
    assert account.concurrency == 3


def test_update_merges_options_and_replaces_the_secret(store: AccountStore, memory_keyring: MemoryKeyring) -> None:
    """update() changes only what it is given; a new secret replaces the old one under the same id."""
    account = store.add("gigaset", "g", _secret(), user="u", options={"provider_name": "p", "disable_crc": True})
    new_secret = _secret()
    updated = store.update("g", secret=new_secret, options={"disable_crc": None}, notes="call Bob",
                           endpoint="https://rpc.example.com/apxml/rpc.do")
    assert updated.id == account.id
    assert dict(updated.options) == {"provider_name": "p"}
    assert (updated.notes, updated.endpoint, updated.user) == ("call Bob", "https://rpc.example.com/apxml/rpc.do", "u")
    assert memory_keyring.entries[(KEYRING_SERVICE, account.id)] == new_secret
    assert store.update("g", endpoint=None).endpoint is None


def test_remove_deletes_the_keyring_entry(store: AccountStore, memory_keyring: MemoryKeyring) -> None:
    """Removing an account removes its secret from the keyring."""
    keep = store.add("snom", "keep", _secret(), user="u")
    gone = store.add("snom", "gone", _secret(), user="v")
    store.remove("gone")
    assert (KEYRING_SERVICE, gone.id) not in memory_keyring.entries
    assert (KEYRING_SERVICE, keep.id) in memory_keyring.entries
    assert [a.name for a in store.accounts()] == ["keep"]


# -- secrets and lookup ------------------------------------------------------------------------------


def test_settings_for_gives_the_default_or_the_named_account(store: AccountStore) -> None:
    """settings_for(provider, None) is the default; a name picks that account (of that provider only)."""
    s1, s2 = _secret(), _secret()
    store.add("gigaset", "one", s1, user="u1", options={"provider_name": "acme"})
    store.add("gigaset", "two", s2, user="u2", endpoint="https://gig.example.com/rpc.do")
    default = store.settings_for("gigaset", None)
    assert default is not None
    assert (default.user, default.secret, default.endpoint) == ("u1", s1, PROVIDERS["gigaset"].info.default_endpoint)
    assert default.option("provider_name") == "acme" and default.option("disable_crc") is False
    assert default.source == "account 'one'" and default.account_id == store.get("one").id
    named = store.settings_for("gigaset", "two")
    assert named is not None and (named.user, named.secret, named.endpoint) == (
        "u2", s2, "https://gig.example.com/rpc.do")
    with pytest.raises(ConfigError) as caught:
        store.settings_for("snom", "two")
    assert caught.value.code == "account_not_found" and "not Snom" in caught.value.message


def test_loaded_secrets_are_masked_in_logs(tmp_path: Path, memory_keyring: MemoryKeyring) -> None:
    """A secret read from the keyring is registered for redaction before anyone can log it."""
    secret = _secret()
    path = tmp_path / "accounts.json"
    AccountStore(path, KeyringCredentialStore()).add("snom", "a", "placeholder-1", user="u")
    account_id = json.loads(path.read_text())["accounts"][0]["id"]
    memory_keyring.entries[(KEYRING_SERVICE, account_id)] = secret  # changed outside this process
    assert redact(f"x {secret} y") == f"x {secret} y"
    settings = AccountStore(path, KeyringCredentialStore()).settings_for("snom", None)
    assert settings is not None and settings.secret == secret
    assert redact(f"x {secret} y") == f"x {MASK} y"
    assert secret not in repr(settings)


def test_secret_missing_from_the_keyring(store: AccountStore, memory_keyring: MemoryKeyring) -> None:
    """An entry deleted in the keyring's own UI is missing_credentials with the command that fixes it."""
    account = store.add("snom", "Acme Snom", _secret(), user="u")
    memory_keyring.entries.clear()
    with pytest.raises(ConfigError) as caught:
        store.settings(account)
    assert caught.value.code == "missing_credentials"
    assert 'accounts edit "Acme Snom" --change-password' in caught.value.hint


def test_provider_without_accounts_never_touches_the_keyring(tmp_path: Path, fail_keyring: object) -> None:
    """No accounts for a provider -> None, even when the keyring is unusable (env-only users)."""
    assert AccountStore(tmp_path / "accounts.json", KeyringCredentialStore()).settings_for("snom", None) is None


def test_ephemeral_store_keeps_everything_in_memory(tmp_path: Path, fail_keyring: object) -> None:
    """Sandbox mode: accounts and secrets in memory, no file, no keyring."""
    store = AccountStore.ephemeral()
    secret = _secret()
    store.add("snom", "sandbox", secret, user="u")
    settings = store.settings_for("snom", None)
    assert settings is not None and settings.secret == secret
    assert store.status().usable and store.path is None
    assert isinstance(store.credentials, MemoryCredentialStore)


# -- keyring unavailable -----------------------------------------------------------------------------


def test_fail_backend_is_keyring_unavailable(tmp_path: Path, fail_keyring: object) -> None:
    """No keyring at all: adding fails with keyring_unavailable and how to fix it; nothing is written."""
    store = AccountStore(tmp_path / "accounts.json", KeyringCredentialStore())
    secret = _secret()
    with pytest.raises(ConfigError) as caught:
        store.add("snom", "a", secret, user="u")
    error = caught.value
    assert error.code == "keyring_unavailable" and error.exit_code == 3
    assert "environment variables" in error.hint
    assert secret not in str(error) + error.message + error.hint
    assert not (tmp_path / "accounts.json").exists()
    status = keyring_status()
    assert not status.usable and "fail" in status.backend.lower()


def test_reading_with_the_fail_backend(tmp_path: Path, memory_keyring: MemoryKeyring) -> None:
    """Accounts stored earlier, keyring gone now: using the default account is keyring_unavailable."""
    path = tmp_path / "accounts.json"
    AccountStore(path, KeyringCredentialStore()).add("snom", "a", _secret(), user="u")
    from keyring.backends import fail

    keyring.set_keyring(fail.Keyring())  # memory_keyring's teardown restores the original
    with pytest.raises(ConfigError) as caught:
        AccountStore(path, KeyringCredentialStore()).settings_for("snom", None)
    assert caught.value.code == "keyring_unavailable"


def test_null_backend_is_refused(tmp_path: Path) -> None:
    """The null backend would silently lose passwords: refused like a missing keyring."""
    store = AccountStore(tmp_path / "accounts.json", KeyringCredentialStore(null.Keyring()))
    with pytest.raises(ConfigError) as caught:
        store.add("snom", "a", _secret(), user="u")
    assert caught.value.code == "keyring_unavailable" and "switched off" in caught.value.message
    assert not store.status().usable


def test_keyrings_alt_backend_is_refused(tmp_path: Path) -> None:
    """A keyrings.alt backend (plaintext file) is never used, even when keyring selects it."""
    plaintext = type("PlaintextKeyring", (MemoryKeyring,), {"__module__": "keyrings.alt.file"})()
    store = AccountStore(tmp_path / "accounts.json", KeyringCredentialStore(plaintext))
    with pytest.raises(ConfigError) as caught:
        store.add("snom", "a", _secret(), user="u")
    assert caught.value.code == "keyring_unavailable" and "keyrings.alt" in caught.value.message
    assert plaintext.entries == {}


class _LockedKeyring(MemoryKeyring):
    def get_password(self, service: str, username: str) -> str | None:
        raise keyring.errors.KeyringLocked("Failed to unlock the collection!")

    set_password = delete_password = get_password  # type: ignore[assignment]


def test_locked_keyring_keeps_the_account_on_remove(store: AccountStore) -> None:
    """A keyring that refuses (locked) is keyring_unavailable; remove() then keeps the account."""
    store.add("snom", "a", _secret(), user="u")
    keyring.set_keyring(_LockedKeyring())
    with pytest.raises(ConfigError) as caught:
        store.remove("a")
    assert caught.value.code == "keyring_unavailable" and "locked" in caught.value.message
    assert [a.name for a in store.accounts()] == ["a"]


def test_status_probe_reports_a_locked_keyring() -> None:
    """keyring_status(probe=True) reads once and reports a locked keyring as not usable."""
    store = KeyringCredentialStore(_LockedKeyring())
    assert store.status().usable  # without probing, the backend looks fine
    probed = store.status(probe=True)
    assert not probed.usable and "locked" in probed.message


def test_layer_tolerates_a_dead_keyring_when_env_has_the_secret(tmp_path: Path, memory_keyring: MemoryKeyring,
                                                                ) -> None:
    """Over SSH without the desktop keyring, env credentials still work; without them the error says why."""
    path = tmp_path / "accounts.json"
    AccountStore(path, KeyringCredentialStore()).add("snom", "a", _secret(), user="u")
    from keyring.backends import fail

    keyring.set_keyring(fail.Keyring())
    store = AccountStore(path, KeyringCredentialStore())
    assert AccountLayer(store, env={"SNOM_PASSWORD": "from-env"}).settings_for("snom", None) is None
    assert AccountLayer(store, env={}, conf={"providers": {"snom": {"password": "x"}}}).settings_for(
        "snom", None) is None
    with pytest.raises(ConfigError, match="keyring"):
        AccountLayer(store, env={}).settings_for("snom", None)
    with pytest.raises(ConfigError, match="keyring"):  # a named account always needs its secret
        AccountLayer(store, env={"SNOM_PASSWORD": "from-env"}).settings_for("snom", "a")


def test_only_accounts_module_imports_keyring() -> None:
    """keyring is imported by core/accounts.py and nowhere else in the package."""
    package = Path(accounts_module.__file__).resolve().parents[1]
    importers = sorted(str(p.relative_to(package)) for p in package.rglob("*.py")
                       if any(line.lstrip().startswith(("import keyring", "from keyring"))
                              for line in p.read_text(encoding="utf-8").splitlines()))
    assert importers == ["core/accounts.py"]
