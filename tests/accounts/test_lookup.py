"""Lookup order end to end, through the CLI against the sandbox:

    command-line flags > environment variables > -c config file > --account NAME > default account
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Callable
from pathlib import Path

import pytest

from falconieri_desktop.core.accounts import AccountStore
from falconieri_desktop.sandbox import Sandbox
from tests.accounts.conftest import CliResult, MemoryKeyring

URL = "https://pbx.example.com/prov/{mac}.xml"


def _mac() -> str:
    return "000413" + secrets.token_hex(3).upper()


@pytest.fixture
def layers(sandbox: Sandbox, memory_keyring: MemoryKeyring, monkeypatch: pytest.MonkeyPatch,
           tmp_path: Path, app_dirs: dict[str, Path]) -> dict[str, str]:
    """Four sandbox Snom accounts, one per layer, each with its own user: default, named, file, env."""
    for name in ("SNOM_USER", "SNOM_PASSWORD", "SNOM_RPC_URL", "SNOM_DISABLE", "FALCONIERI_GATEWAY_URL"):
        monkeypatch.delenv(name, raising=False)
    simulator = sandbox.simulator("snom")
    endpoint = sandbox.endpoints["snom"]
    users = {layer: f"{layer}-{secrets.token_hex(3)}" for layer in ("default", "named", "file", "env")}
    passwords = {layer: secrets.token_urlsafe(12) for layer in users}
    for layer, user in users.items():
        simulator.add_account(user, passwords[layer])
    store = AccountStore.open()
    store.add("snom", "snom-default", passwords["default"], user=users["default"], endpoint=endpoint)
    store.add("snom", "snom-named", passwords["named"], user=users["named"], endpoint=endpoint)
    conf = tmp_path / "conf.json"
    conf.write_text(json.dumps({"providers": {"snom": {"user": users["file"], "password": passwords["file"],
                                                       "rpc_url": endpoint}}}))
    users["conf_path"] = str(conf)
    users["endpoint"] = endpoint
    users["env_password"] = passwords["env"]
    return users


def _caller(sandbox: Sandbox) -> str | None:
    return sandbox.simulator("snom").calls[-1].user


def test_lookup_order(layers: dict[str, str], sandbox: Sandbox, run_cli: Callable[..., CliResult],
                      monkeypatch: pytest.MonkeyPatch) -> None:
    """Each higher layer wins over every lower one, down to the provider's default account."""
    def register() -> tuple[str, ...]:
        return ("register", "snom", _mac(), "--url", URL, "--json")  # a fresh MAC: no ownership clashes

    result = run_cli(*register())
    assert result.code == 0, result.out + result.err
    assert _caller(sandbox) == layers["default"]

    result = run_cli(*register(), "--account", "snom-named")
    assert result.code == 0, result.out + result.err
    assert _caller(sandbox) == layers["named"]

    result = run_cli("-c", layers["conf_path"], *register(), "--account", "snom-named")
    assert result.code == 0, result.out + result.err
    assert _caller(sandbox) == layers["file"]

    monkeypatch.setenv("SNOM_USER", layers["env"])
    monkeypatch.setenv("SNOM_PASSWORD", layers["env_password"])
    monkeypatch.setenv("SNOM_RPC_URL", layers["endpoint"])
    result = run_cli("-c", layers["conf_path"], *register(), "--account", "snom-named")
    assert result.code == 0, result.out + result.err
    assert _caller(sandbox) == layers["env"]

    # Flags beat the environment: the env endpoint is dead, the --endpoint flag is the sandbox.
    monkeypatch.setenv("SNOM_RPC_URL", "http://127.0.0.1:9/xmlrpc/")
    result = run_cli(*register(), "--endpoint", layers["endpoint"])
    assert result.code == 0, result.out + result.err
    assert _caller(sandbox) == layers["env"]
    result = run_cli(*register())
    assert result.code == 1 and result.json()["error"] == "connection_to_remote_provider_failed"


def test_account_of_another_provider_is_refused(layers: dict[str, str], run_cli: Callable[..., CliResult]) -> None:
    """--account must name an account of the provider being called."""
    result = run_cli("register", "yealink", "001565AABBCC", "--url", URL, "--account", "snom-named", "--json")
    assert result.code == 3
    assert result.json()["error"] == "account_not_found"


def test_unknown_account_is_account_not_found(layers: dict[str, str], run_cli: Callable[..., CliResult]) -> None:
    """--account with a name that does not exist is account_not_found (exit 3), nothing is sent."""
    result = run_cli("check", "snom", _mac(), "--account", "nobody")
    assert result.code == 3 and "account_not_found" in result.err


def test_providers_command_shows_the_account_source(layers: dict[str, str],
                                                    run_cli: Callable[..., CliResult]) -> None:
    """'falconieri providers' says a provider is configured by its default account."""
    rows = {row["name"]: row for row in run_cli("providers", "--json").json()}
    assert rows["snom"]["configured"] and rows["snom"]["source"] == "account 'snom-default'"


def test_env_credentials_work_when_the_keyring_is_gone(layers: dict[str, str], sandbox: Sandbox,
                                                       run_cli: Callable[..., CliResult],
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """With accounts stored but no keyring (SSH session), environment credentials still register."""
    import keyring
    from keyring.backends import fail

    keyring.set_keyring(fail.Keyring())  # memory_keyring's teardown restores the original
    result = run_cli("register", "snom", _mac(), "--url", URL, "--json")
    assert result.code == 3 and result.json()["error"] == "keyring_unavailable"
    monkeypatch.setenv("SNOM_USER", layers["env"])
    monkeypatch.setenv("SNOM_PASSWORD", layers["env_password"])
    monkeypatch.setenv("SNOM_RPC_URL", layers["endpoint"])
    result = run_cli("register", "snom", _mac(), "--url", URL, "--json")
    assert result.code == 0, result.out
    assert _caller(sandbox) == layers["env"]
