"""Accounts against a real Secret Service (gnome-keyring in a throwaway D-Bus session).

Run with ``python3 dev.py test tests/accounts``; skipped otherwise (failed under CI).
"""

from __future__ import annotations

import os
import secrets
import shutil
import subprocess
import sys
import textwrap
from contextlib import closing
from pathlib import Path

import keyring.backend
import pytest

from falconieri_desktop.core.accounts import KEYRING_SERVICE, AccountStore, KeyringCredentialStore, keyring_status

pytestmark = pytest.mark.secret_service


def _items(account_id: str) -> list[bytes]:
    """The secrets stored for ``account_id``, read with secretstorage, not through our code."""
    import secretstorage

    with closing(secretstorage.dbus_init()) as bus:
        collection = secretstorage.get_default_collection(bus)
        return [item.get_secret() for item in
                collection.search_items({"service": KEYRING_SERVICE, "username": account_id})]


def test_secret_is_stored_in_the_secret_service(tmp_path: Path, secret_service: keyring.backend.KeyringBackend,
                                                ) -> None:
    """add() puts the secret in the Secret Service under (falconieri-desktop, id); remove() deletes it."""
    secret = "ss-" + secrets.token_urlsafe(16)
    path = tmp_path / "accounts.json"
    account = AccountStore(path, KeyringCredentialStore()).add("snom", "real", secret, user="acme")
    assert _items(account.id) == [secret.encode()]
    assert secret not in path.read_text()

    fresh = AccountStore(path, KeyringCredentialStore())  # another process, same keyring
    settings = fresh.settings_for("snom", None)
    assert settings is not None and settings.secret == secret

    replaced = "ss-" + secrets.token_urlsafe(16)
    fresh.update("real", secret=replaced)
    assert _items(account.id) == [replaced.encode()]

    fresh.remove("real")
    assert _items(account.id) == []


def test_status_reports_the_secret_service(secret_service: keyring.backend.KeyringBackend) -> None:
    """The keyring in use is named and usable (what the Accounts dialog and the self-test show)."""
    status = keyring_status(probe=True)
    assert status.usable, status.message
    assert "SecretService" in status.backend


def test_default_selection_finds_the_secret_service(tmp_path: Path) -> None:
    """Without set_keyring, keyring's own detection picks the Secret Service and we accept it."""
    from keyring.backends import SecretService

    if not isinstance(keyring.get_keyring(), SecretService.Keyring):
        pytest.fail(f"keyring selected {keyring.get_keyring()!r} although a Secret Service is running")
    store = AccountStore(tmp_path / "accounts.json", KeyringCredentialStore())
    account = store.add("snom", "detected", "ss-" + secrets.token_urlsafe(8), user="u")
    store.remove(account.name)


_LOCKED_SCRIPT = textwrap.dedent("""
    import secretstorage, sys
    from contextlib import closing
    from falconieri_desktop.core.accounts import AccountStore, KeyringCredentialStore
    from falconieri_desktop.core.errors import ConfigError

    store = AccountStore(__import__("pathlib").Path(sys.argv[1]), KeyringCredentialStore())
    store.add("snom", "before-lock", "secret-before-lock", user="u")
    with closing(secretstorage.dbus_init()) as bus:
        secretstorage.get_default_collection(bus).lock()
    try:
        AccountStore(store.path, KeyringCredentialStore()).settings_for("snom", None)
    except ConfigError as exc:
        print(exc.code, "|", exc.message)
    else:
        print("no error")
""")


def test_locked_secret_service_is_keyring_unavailable(tmp_path: Path) -> None:
    """A locked keyring whose unlock prompt cannot be shown is keyring_unavailable, not a hang or a crash.

    Runs in its own Secret Service so locking it cannot disturb the other tests; no display is
    given, so gnome-keyring's prompter fails at once instead of waiting for a user.
    """
    if not (shutil.which("dbus-run-session") and shutil.which("gnome-keyring-daemon")):
        pytest.fail("FALCONIERI_SECRET_SERVICE is set but dbus-run-session/gnome-keyring-daemon are missing")
    env = {k: v for k, v in os.environ.items() if k not in {"DISPLAY", "WAYLAND_DISPLAY", "DBUS_SESSION_BUS_ADDRESS"}}
    runtime = tmp_path / "runtime"
    runtime.mkdir(mode=0o700)
    env.update(XDG_DATA_HOME=str(tmp_path / "data"), XDG_RUNTIME_DIR=str(runtime))
    script = tmp_path / "locked.py"
    script.write_text(_LOCKED_SCRIPT)
    shell = ('printf %s "pw" | gnome-keyring-daemon --unlock --components=secrets >/dev/null && exec "$@"')
    result = subprocess.run(["dbus-run-session", "--", "sh", "-c", shell, "sh", sys.executable, str(script),
                             str(tmp_path / "accounts.json")],
                            check=False, env=env, capture_output=True, text=True, timeout=60,
                            cwd=Path(__file__).parents[2])
    assert result.returncode == 0, result.stderr
    code, _, message = result.stdout.strip().partition(" | ")
    assert code == "keyring_unavailable", result.stdout + result.stderr
    assert "locked" in message
