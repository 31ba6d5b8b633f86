"""``falconieri register/deregister/check/providers`` end to end: a real subprocess, the sandbox.

The CLI runs as ``python -m falconieri_desktop.cli`` with falconieri's environment variables (or a
falconieri ``conf.json`` given with ``-c``) pointing at the sandbox simulators running in this
test process. HOME and the XDG directories are throwaway, and the keyring backend is the null one,
so no stored account or setting of the machine can leak in.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from falconieri_desktop.providers import PROVIDERS
from falconieri_desktop.providers.fanvil import fanvil_password
from falconieri_desktop.sandbox import Sandbox

ROOT = Path(__file__).resolve().parents[2]
JSON_KEYS = {"provider", "mac", "operation", "ok", "error", "message", "url", "warnings", "details"}
PROVIDER_ENV_PREFIXES = ("SNOM_", "GIGASET_", "YEALINK_", "FANVIL_", "YMCS_", "GRAPE_", "SRAPS_", "FALCONIERI_")

# A phone of each legacy provider that the demo leaves unregistered, as a technician would type it.
NEW_PHONES = {
    "snom": "00:04:13:a1:b2:01",
    "gigaset": "7C2F80C0FF01-K3Q7",
    "yealink": "80-5E-C0-D1-E2-01",
    "fanvil": "0c383ef4a101",
}
OTHERS_PHONES = {"snom": "00041393B203", "gigaset": "7C2F80C0FF03-M4X9"}


@dataclass
class Result:
    code: int
    stdout: str
    stderr: str

    def json(self) -> Any:
        return json.loads(self.stdout)


Cli = Callable[..., Result]


@pytest.fixture
def clean_env(tmp_path: Path) -> dict[str, str]:
    """This process's environment without provider variables, with a throwaway home."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(PROVIDER_ENV_PREFIXES)}
    home = tmp_path / "home"
    env.update(HOME=str(home), XDG_CONFIG_HOME=str(home / "config"), XDG_DATA_HOME=str(home / "data"),
               XDG_CACHE_HOME=str(home / "cache"), XDG_STATE_HOME=str(home / "state"),
               PYTHON_KEYRING_BACKEND="keyring.backends.null.Keyring")
    return env


@pytest.fixture
def cli(sandbox: Sandbox, clean_env: dict[str, str]) -> Cli:
    """Run ``falconieri ARGS`` with the sandbox's environment plus ``env`` overrides (None removes)."""

    def run(*args: str, env: Mapping[str, str | None] | None = None, sandbox_env: bool = True) -> Result:
        full = dict(clean_env)
        if sandbox_env:
            full.update(legacy_env(sandbox))
        for key, value in (env or {}).items():
            if value is None:
                full.pop(key, None)
            else:
                full[key] = value
        done = subprocess.run([sys.executable, "-m", "falconieri_desktop.cli", *args], env=full, cwd=ROOT,
                              capture_output=True, text=True, timeout=60, check=False)
        return Result(done.returncode, done.stdout, done.stderr)

    return run


def legacy_env(sandbox: Sandbox) -> dict[str, str]:
    """The sandbox's variables for the four legacy providers only (no gateway fallback)."""
    names = set()
    for name in NEW_PHONES:
        info = PROVIDERS[name].info
        names |= {*info.env_names.values(), *(option.env for option in info.options if option.env)}
    return {key: value for key, value in sandbox.env().items() if key in names}


def no_calls(sandbox: Sandbox) -> bool:
    return all(not sandbox.simulator(name).calls for name in NEW_PHONES)


@pytest.mark.parametrize("name", sorted(NEW_PHONES))
def test_register_check_deregister(cli: Cli, sandbox: Sandbox, name: str) -> None:
    """Each legacy provider registers, checks and deregisters a phone through the CLI (exit 0, --json)."""
    url = "https://pbx.example.com/prov/file.cfg"
    registered = cli("register", name, NEW_PHONES[name], "--url", url, "--json")
    assert registered.code == 0, registered.stderr
    payload = registered.json()
    assert payload.keys() >= JSON_KEYS
    assert (payload["provider"], payload["operation"], payload["ok"], payload["error"], payload["url"]) == (
        name, "register", True, None, url)
    mac = payload["mac"].replace(":", "")
    assert sandbox.simulator(name).registry[mac].url == url

    checked = cli("check", name, NEW_PHONES[name], "--json")
    assert (checked.code, checked.json()["details"]["presence"]) == (0, "registered")

    removed = cli("deregister", name, NEW_PHONES[name], "--json")
    assert (removed.code, removed.json()["ok"]) == (0, True)
    assert mac not in sandbox.simulator(name).registry


@pytest.mark.parametrize("name", ["snom", "gigaset"])  # the mapping per vendor is in tests/providers
def test_owned_by_other_exits_1(cli: Cli, name: str) -> None:
    """A phone of another account: exit 1, error device_owned_by_other_user in the JSON."""
    result = cli("register", name, OTHERS_PHONES[name], "--url", "https://pbx.example.com/", "--json")
    payload = result.json()
    assert result.code == 1
    assert payload.keys() >= JSON_KEYS
    assert (payload["ok"], payload["error"]) == (False, "device_owned_by_other_user")
    assert payload["message"]


def test_plain_text_output_and_warning(cli: Cli) -> None:
    """Without --json the result is one line plus warnings (the sandbox is plain http)."""
    result = cli("check", "snom", "000413A3B202")
    assert result.code == 0
    assert result.stdout.startswith("snom: 00:04:13:A3:B2:02 registered -> https://old-pbx.example.com/")
    assert "unencrypted" in result.stdout


def test_verify_flag(cli: Cli) -> None:
    """--verify reads the registration back and reports it."""
    result = cli("register", "snom", NEW_PHONES["snom"], "--url", "https://p.example.com/{mac}", "--verify", "--json")
    assert (result.code, result.json()["details"]["verified"]) == (0, True)


@pytest.mark.parametrize("args", [
    ("register", "snom", "00:04:13:ZZ:B2:01", "--url", "https://pbx.example.com/"),
    ("register", "gigaset", "7C2F80C0FF01", "--url", "https://pbx.example.com/"),  # no MAC-ID code
    ("register", "yealink", "805EC0D1E201", "--url", "https://pbx.example.com/", "--server-name", "bad/name"),
], ids=["bad-mac", "missing-crc", "bad-server-name"])
def test_bad_input_exits_2_and_sends_nothing(cli: Cli, sandbox: Sandbox, args: tuple[str, ...]) -> None:
    """Bad input: exit 2 and no call reaches any simulator."""
    result = cli(*args, "--json")
    assert result.code == 2, result.stdout + result.stderr
    assert result.json()["ok"] is False
    assert no_calls(sandbox)


def test_disabled_provider_exits_3(cli: Cli, sandbox: Sandbox) -> None:
    """SNOM_DISABLE=true: exit 3 provider_disabled, nothing sent."""
    result = cli("check", "snom", "000413A3B202", "--json", env={"SNOM_DISABLE": "true"})
    assert (result.code, result.json()["error"]) == (3, "provider_disabled")
    assert no_calls(sandbox)


def test_missing_credentials_exits_3(cli: Cli, sandbox: Sandbox) -> None:
    """No user and password anywhere: exit 3 missing_credentials, nothing sent."""
    result = cli("check", "fanvil", "0C383EF4A102", env={"FANVIL_USER": None, "FANVIL_PASSWORD": None})
    assert result.code == 3
    assert "missing_credentials" in result.stderr
    assert no_calls(sandbox)


def test_wrong_password_exits_1(cli: Cli) -> None:
    """Refused credentials: exit 1 authentication_failed."""
    result = cli("check", "yealink", "805EC0D1E202", "--json", env={"YEALINK_PASSWORD": "wrong-password"})
    assert (result.code, result.json()["error"]) == (1, "authentication_failed")


def conf_file(tmp_path: Path, providers: dict[str, dict[str, Any]]) -> str:
    path = tmp_path / "conf.json"
    path.write_text(json.dumps({"providers": providers}), encoding="utf-8")
    return str(path)


def test_config_file_alone(cli: Cli, sandbox: Sandbox, tmp_path: Path) -> None:
    """A falconieri conf.json given with -c is enough to reach a provider."""
    settings = sandbox.settings("gigaset")
    conf = conf_file(tmp_path, {"gigaset": {"user": settings.user, "password": settings.secret,
                                            "rpc_url": settings.endpoint, "disable_crc": False}})
    result = cli("-c", conf, "check", "gigaset", "589EC6C0FF02-7TZ2", "--json", sandbox_env=False)
    assert (result.code, result.json()["details"]["presence"]) == (0, "registered"), result.stderr


def test_environment_wins_over_config_file(cli: Cli, sandbox: Sandbox, tmp_path: Path) -> None:
    """Environment variables take precedence over the -c file, in both directions."""
    settings = sandbox.settings("snom")
    good = {"user": settings.user, "password": settings.secret, "rpc_url": settings.endpoint}
    bad = {"user": "file-user", "password": "file-password", "rpc_url": "http://127.0.0.1:9/xmlrpc/"}
    # File wrong, environment right: works.
    assert cli("-c", conf_file(tmp_path, {"snom": bad}), "check", "snom", "000413A3B202").code == 0
    # File right, environment's password wrong: the environment's credentials are used, and refused.
    result = cli("-c", conf_file(tmp_path, {"snom": good}), "check", "snom", "000413A3B202", "--json",
                 sandbox_env=False, env={"SNOM_USER": "env-user", "SNOM_PASSWORD": "env-password"})
    assert (result.code, result.json()["error"]) == (1, "authentication_failed")


def test_config_file_disable(cli: Cli, sandbox: Sandbox, tmp_path: Path) -> None:
    """"disable": true in the file turns the provider off (exit 3)."""
    conf = conf_file(tmp_path, {"fanvil": {"disable": True}})
    result = cli("-c", conf, "check", "fanvil", "0C383EF4A102", "--json", env={"FANVIL_DISABLE": None})
    assert (result.code, result.json()["error"]) == (3, "provider_disabled")
    assert no_calls(sandbox)


def test_providers_lists_legacy_providers(cli: Cli) -> None:
    """`falconieri providers --json` lists the four legacy providers, configured, with their capabilities."""
    result = cli("providers", "--json")
    assert result.code == 0
    rows = {row["name"]: row for row in result.json()}
    for name in NEW_PHONES:
        assert rows[name]["configured"] is True and rows[name]["protocol"] == "xmlrpc"
        assert rows[name]["capabilities"]["check"] and rows[name]["capabilities"]["deregister"]
    assert rows["gigaset"]["capabilities"]["needs_crc"] is True


def test_providers_unconfigured(cli: Cli) -> None:
    """Without credentials the providers are listed as not configured, with the reason."""
    result = cli("providers", "--json", sandbox_env=False)
    rows = {row["name"]: row for row in result.json()}
    assert result.code == 0
    assert (rows["snom"]["configured"], rows["snom"]["problem"]) == (False, "missing_credentials")


@pytest.mark.parametrize("name", ["snom", "fanvil"])  # the password sent as is, and hashed
def test_secret_never_printed(cli: Cli, sandbox: Sandbox, name: str) -> None:
    """With -vv, on success and on refused credentials, the password never appears in the output."""
    secret = sandbox.settings(name).secret
    env_name = f"{name.upper()}_PASSWORD"
    outputs = []
    for env in ({}, {env_name: secret + "-wrong"}):
        result = cli("-vv", "register", name, NEW_PHONES[name], "--url", "https://pbx.example.com/", "--json",
                     env=env)
        outputs.append(result.stdout + result.stderr)
    assert [secret in text for text in outputs] == [False, False]
    assert not any(fanvil_password(secret) in text for text in outputs)
