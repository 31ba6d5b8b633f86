"""``falconieri accounts`` and ``falconieri settings`` end to end (in-process, sandbox over loopback)."""

from __future__ import annotations

import json
import secrets
from collections.abc import Callable
from pathlib import Path

import pytest

from falconieri_desktop.core.accounts import KEYRING_SERVICE, AccountStore
from falconieri_desktop.sandbox import Sandbox
from tests.accounts.conftest import CliResult, MemoryKeyring

Cli = Callable[..., CliResult]


def _secret() -> str:
    return "cli-" + secrets.token_urlsafe(12)


def test_add_reads_the_secret_from_stdin_and_never_prints_it(run_cli: Cli, memory_keyring: MemoryKeyring) -> None:
    """--password-stdin takes one line (newline stripped) into the keyring; output never shows it."""
    secret = _secret()
    result = run_cli("accounts", "add", "gigaset", "--name", "Acme Gigaset", "--user", "acme",
                     "--provider-name", "nethesis", "--disable-crc", "--concurrency", "2", "--notes", "Bob",
                     "--password-stdin", stdin=secret + "\n")
    assert result.code == 0, result.err
    assert "Acme Gigaset" in result.out and secret not in result.out + result.err
    listing = run_cli("accounts", "list", "--json").json()
    (account,) = listing["accounts"]
    assert account["options"] == {"provider_name": "nethesis", "disable_crc": True}
    assert (account["concurrency"], account["notes"], account["is_default"]) == (2, "Bob", True)
    assert memory_keyring.entries[(KEYRING_SERVICE, account["id"])] == secret
    assert listing["keyring"]["usable"] is True
    assert secret not in json.dumps(listing)


def test_secret_is_never_an_argument(run_cli: Cli) -> None:
    """There is no --password option; without a terminal or --password-stdin the command refuses."""
    result = run_cli("accounts", "add", "snom", "--name", "x", "--user", "u", "--password", "oops")
    assert result.code == 2
    result = run_cli("accounts", "add", "snom", "--name", "x", "--user", "u")
    assert result.code == 2 and "--password-stdin" in result.err


def test_client_id_and_provider_options(run_cli: Cli, memory_keyring: MemoryKeyring) -> None:
    """--client-id is the user of REST accounts; an option the provider lacks is refused."""
    result = run_cli("accounts", "add", "snom", "--name", "s", "--user", "u", "--server-name", "x",
                     "--password-stdin", stdin=_secret())
    assert result.code == 2 and "no --server-name option" in result.err
    result = run_cli("accounts", "add", "yealink", "--name", "y", "--client-id", "cid", "--server-name", "srv",
                     "--password-stdin", stdin=_secret())
    assert result.code == 0, result.err
    account = AccountStore.open().get("y")
    assert (account.user, dict(account.options)) == ("cid", {"server_name": "srv"})


def test_edit_set_default_and_remove(run_cli: Cli, memory_keyring: MemoryKeyring) -> None:
    """edit renames and replaces the secret; set-default moves the default; remove deletes the keyring entry."""
    assert run_cli("accounts", "add", "snom", "--name", "one", "--user", "u1", "--password-stdin",
                   stdin=_secret()).code == 0
    assert run_cli("accounts", "add", "snom", "--name", "two", "--user", "u2", "--password-stdin",
                   stdin=_secret()).code == 0
    new_secret = _secret()
    result = run_cli("accounts", "edit", "two", "--name", "Two", "--endpoint", "https://rds.example.com/xmlrpc/",
                     "--password-stdin", stdin=new_secret)
    assert result.code == 0, result.err
    store = AccountStore.open()
    two = store.get("Two")
    assert two.endpoint == "https://rds.example.com/xmlrpc/"
    assert memory_keyring.entries[(KEYRING_SERVICE, two.id)] == new_secret
    assert run_cli("accounts", "edit", "Two", "--endpoint", "").code == 0
    assert store.get("Two").endpoint is None
    assert run_cli("accounts", "edit", "Two").code == 2  # nothing to change

    assert run_cli("accounts", "set-default", "Two").code == 0
    assert [a.name for a in store.accounts("snom") if a.is_default] == ["Two"]

    result = run_cli("accounts", "remove", "Two")
    assert result.code == 0 and "no default account now" in result.out
    assert (KEYRING_SERVICE, two.id) not in memory_keyring.entries
    assert [a.name for a in store.accounts()] == ["one"]
    assert run_cli("accounts", "remove", "Two").code == 3


def test_list_without_accounts_shows_the_keyring(run_cli: Cli, memory_keyring: MemoryKeyring) -> None:
    """An empty list says how to add an account and which keyring would hold the secrets."""
    result = run_cli("accounts", "list")
    assert result.code == 0
    assert "accounts add" in result.out and "keyring:" in result.out


def test_no_keyring_is_exit_3_with_the_fix(run_cli: Cli, fail_keyring: object) -> None:
    """With keyring's fail backend, add exits 3 with keyring_unavailable and how to fix it."""
    secret = _secret()
    result = run_cli("accounts", "add", "snom", "--name", "x", "--user", "u", "--password-stdin", stdin=secret)
    assert result.code == 3
    assert "keyring_unavailable" in result.err and "what to do:" in result.err
    assert secret not in result.err + result.out
    assert "NOT usable" in run_cli("accounts", "list").out


def test_accounts_test_reports_each_step(run_cli: Cli, memory_keyring: MemoryKeyring, sandbox: Sandbox) -> None:
    """test: good credentials pass (exit 0, plain http only a warning); bad ones fail at 'credentials' (exit 1)."""
    user, secret = f"probe-{secrets.token_hex(3)}", _secret()
    sandbox.simulator("snom").add_account(user, secret)
    endpoint = sandbox.endpoints["snom"]
    run_cli("accounts", "add", "snom", "--name", "good", "--user", user, "--endpoint", endpoint,
            "--password-stdin", stdin=secret)
    run_cli("accounts", "add", "snom", "--name", "bad", "--user", user, "--endpoint", endpoint,
            "--password-stdin", stdin=_secret())

    result = run_cli("accounts", "test", "good", "--json")
    report = result.json()
    steps = {step["name"]: step["ok"] for step in report["steps"]}
    assert steps["reachable"] is True and steps["credentials"] is True and "tls" not in steps
    assert "register" in report["can"]
    assert any("plain http" in w for w in report["warnings"])
    assert result.code == 0 and report["ok"] is True

    text = run_cli("accounts", "test", "good")
    assert "[ok  ] credentials accepted" in text.out and "warning:" in text.out
    assert "All checks passed." in text.out and text.code == 0

    bad = run_cli("accounts", "test", "bad", "--json")
    assert bad.code == 1
    assert {s["name"]: s["ok"] for s in bad.json()["steps"]}["credentials"] is False
    assert secret not in result.out + text.out + bad.out


def test_accounts_test_unreachable(run_cli: Cli, memory_keyring: MemoryKeyring) -> None:
    """A dead endpoint fails at 'reachable' and exits 1."""
    run_cli("accounts", "add", "snom", "--name", "dead", "--user", "u", "--endpoint", "http://127.0.0.1:9/xmlrpc/",
            "--password-stdin", stdin=_secret())
    result = run_cli("accounts", "test", "dead")
    assert result.code == 1 and "[FAIL] reachable" in result.out


def test_import_and_export_commands(run_cli: Cli, memory_keyring: MemoryKeyring, tmp_path: Path) -> None:
    """import-falconieri prints what it created and the delete-the-file note; export leaves secrets out."""
    secret = _secret()
    conf = tmp_path / "conf.json"
    conf.write_text(json.dumps({"providers": {"snom": {"user": "acme", "password": secret},
                                              "fanvil": {"user": "f", "password": _secret(), "disable": True}}}))
    result = run_cli("accounts", "import-falconieri", str(conf), "--name-prefix", "Acme")
    assert result.code == 0, result.err
    assert "created snom" in result.out and "'Acme snom'" in result.out
    assert "skipped fanvil" in result.out and "delete that file" in result.out
    assert secret not in result.out

    out = tmp_path / "export.json"
    result = run_cli("accounts", "export-falconieri", str(out))
    assert result.code == 0 and secret not in out.read_text()
    result = run_cli("accounts", "export-falconieri", str(out), "--include-secrets")
    assert result.code == 0 and "plain text" in result.out
    assert json.loads(out.read_text())["providers"]["snom"]["password"] == secret


def test_settings_command(run_cli: Cli) -> None:
    """settings set/get/show/reset validate, persist and report changes."""
    assert run_cli("settings", "set", "network.read_timeout", "45").code == 0
    assert run_cli("settings", "get", "network.read_timeout").out.strip() == "45.0"
    shown = run_cli("settings", "show", "--json").json()
    assert shown["settings"]["network.read_timeout"] == 45.0 and shown["changed"] == ["network.read_timeout"]
    bad = run_cli("settings", "set", "network.proxy", "http://u:pw@proxy:3128")
    assert bad.code == 2 and "password" in bad.err
    assert run_cli("settings", "reset", "network.read_timeout").code == 0
    assert "(changed)" not in run_cli("settings", "show").out


def test_settings_reach_the_network(run_cli: Cli, memory_keyring: MemoryKeyring, sandbox: Sandbox) -> None:
    """A proxy set in the settings is used for vendor calls (a dead proxy makes them fail)."""
    user, secret = f"px-{secrets.token_hex(3)}", _secret()
    sandbox.simulator("snom").add_account(user, secret)
    run_cli("accounts", "add", "snom", "--name", "p", "--user", user, "--endpoint", sandbox.endpoints["snom"],
            "--password-stdin", stdin=secret)
    assert run_cli("accounts", "test", "p", "--json").json()["steps"][0]["ok"] is True
    assert run_cli("settings", "set", "network.proxy", "http://127.0.0.1:9").code == 0
    report = run_cli("accounts", "test", "p", "--json").json()
    assert report["steps"][0] == {"name": "reachable", "ok": False, "message": report["steps"][0]["message"]}


@pytest.mark.parametrize("action", ["remove", "set-default", "test"])
def test_unknown_account_name(run_cli: Cli, memory_keyring: MemoryKeyring, action: str) -> None:
    """Every action on a missing account exits 3 with account_not_found."""
    result = run_cli("accounts", action, "ghost")
    assert result.code == 3 and "account_not_found" in result.err


def test_gateway_accounts(run_cli: Cli, memory_keyring: MemoryKeyring, sandbox: Sandbox) -> None:
    """A gateway account needs an endpoint, takes its target with --option, and registers through the gateway."""
    user, secret = f"gw-{secrets.token_hex(3)}", _secret()
    sandbox.simulator("gateway").add_account(user, secret)
    missing = run_cli("accounts", "add", "gateway", "--name", "gw", "--user", user, "--password-stdin", stdin=secret)
    assert missing.code == 2 and "needs an endpoint" in missing.err
    bad = run_cli("accounts", "add", "gateway", "--name", "gw", "--user", user, "--endpoint",
                  sandbox.endpoints["gateway"], "--option", "nope=1", "--password-stdin", stdin=secret)
    assert bad.code == 2 and "target_provider" in bad.err
    assert run_cli("accounts", "add", "gateway", "--name", "gw", "--user", user, "--endpoint",
                   sandbox.endpoints["gateway"], "--option", "target_provider=snom", "--password-stdin",
                   stdin=secret).code == 0
    assert dict(AccountStore.open().get("gw").options) == {"target_provider": "snom"}
    result = run_cli("register", "gateway", "000413A1B201", "--url", "https://pbx.example.com/p/{mac}",
                     "--account", "gw", "--json")
    assert result.code == 0, result.out
    assert any(call.user == user for call in sandbox.simulator("gateway").calls)
