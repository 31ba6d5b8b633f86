"""The leak test (issue 4): secrets never reach a file, the console or a log.

Accounts are added, a falconieri conf.json is imported, accounts are tested, edited and removed,
and phones are registered, checked and deregistered with -vv against the sandbox -- all in a
subprocess whose platformdirs (config, data, state/log, cache) and HOME point at a temporary
tree. Then every file in that tree, and everything the process printed, is scanned for each
secret in every form it could travel in (as is, percent-encoded, inside an HTTP Basic header,
Fanvil's md5(md5()) derivative): zero hits. The conf.json that held the secrets to import lives
outside the scanned tree, as a user's file would.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import secrets
import subprocess
import sys
from pathlib import Path
from typing import Any
from urllib.parse import quote

from falconieri_desktop.providers import PROVIDERS
from falconieri_desktop.sandbox import Sandbox
from falconieri_desktop.sandbox.demo import DEMO_DEVICES

ROOT = Path(__file__).resolve().parents[2]
URL = "https://pbx.example.com/prov/{mac}.xml"


def _secret() -> str:
    # Mixed alphabet with URL- and XML-special characters, so encoded forms differ from the raw one.
    return "Lk" + secrets.token_urlsafe(14) + "&/+=" + secrets.token_hex(4)


def _forms(user: str, secret: str) -> set[str]:
    """Every way this secret could appear in text that leaked."""
    forms = {secret, quote(secret, safe=""), base64.b64encode(f"{user}:{secret}".encode()).decode()}
    once = hashlib.md5(secret.encode(), usedforsecurity=False).hexdigest()
    derived = hashlib.md5(once.encode(), usedforsecurity=False).hexdigest()  # Fanvil's password form
    forms |= {derived, base64.b64encode(f"{user}:{derived}".encode()).decode()}
    return forms


def _new_device(provider: str) -> list[str]:
    device = next(d for d in DEMO_DEVICES if d.provider == provider and d.state == "new")
    args = [device.mac]
    if device.crc:
        args += ["--crc", device.crc]
    if device.serial:
        args += ["--serial", device.serial]
    return args


def test_no_secret_reaches_files_output_or_logs(sandbox: Sandbox, tmp_path: Path) -> None:
    """After a full session of account and device commands at -vv, no secret is anywhere but the keyring."""
    direct = [name for name in sandbox.simulators if name != "gateway" and name in PROVIDERS]
    assert {"snom", "gigaset", "yealink", "fanvil"} <= set(direct)
    credentials: dict[str, tuple[str, str]] = {}  # label -> (user, secret) the simulator accepts

    def account(label: str, provider: str) -> tuple[str, str]:
        user, secret = f"leak-{label}-{secrets.token_hex(3)}", _secret()
        sandbox.simulator(provider).add_account(user, secret)
        credentials[label] = (user, secret)
        return user, secret

    endpoints = sandbox.endpoints
    plan: list[dict[str, Any]] = []

    def run(*argv: str, stdin: str = "") -> None:
        plan.append({"argv": ["-vv", *argv], "stdin": stdin})

    # 1. accounts typed in by the technician (snom, yealink), one of them re-keyed
    user, secret = account("snom-typed-old", "snom")
    run("accounts", "add", "snom", "--name", "Typed Snom", "--user", user, "--endpoint", endpoints["snom"],
        "--password-stdin", stdin=secret + "\n")
    _, new_secret = account("snom-typed", "snom")
    credentials["snom-typed"] = (user, new_secret)
    sandbox.simulator("snom").add_account(user, new_secret)
    run("accounts", "edit", "Typed Snom", "--password-stdin", stdin=new_secret)
    user, secret = account("yealink-typed", "yealink")
    run("accounts", "add", "yealink", "--name", "Typed Yealink", "--user", user, "--endpoint", endpoints["yealink"],
        "--password-stdin", stdin=secret)

    # 2. a falconieri conf.json with every other provider and a gateway, imported
    conf: dict[str, dict[str, object]] = {"providers": {}}
    for provider in direct:
        if provider in ("snom", "yealink"):
            continue
        info = PROVIDERS[provider].info
        user, secret = account(f"{provider}-imported", provider)
        conf["providers"][provider] = {info.endpoint_key: endpoints[provider], info.user_key: user,
                                       info.secret_key: secret, **sandbox.settings(provider).options}
    user, secret = account("gateway-imported", "gateway")
    conf["gateway"] = {"url": endpoints["gateway"], "user": user, "password": secret}
    conf_path = tmp_path / "outside" / "conf.json"
    conf_path.parent.mkdir()
    conf_path.write_text(json.dumps(conf))
    run("accounts", "import-falconieri", str(conf_path))

    # 3. a wrong password and an environment-only credential, too
    user, wrong = f"leak-wrong-{secrets.token_hex(3)}", _secret()
    credentials["wrong"] = (user, wrong)
    run("accounts", "add", "snom", "--name", "Wrong Snom", "--user", user, "--endpoint", endpoints["snom"],
        "--password-stdin", stdin=wrong)
    env_user, env_secret = account("env", "fanvil")

    # 4. use them all
    run("accounts", "list")
    run("accounts", "list", "--json")
    for name in ("Typed Snom", "Typed Yealink", "Wrong Snom", "gateway", *(p for p in direct if p not in
                                                                             ("snom", "yealink"))):
        run("accounts", "test", name)
        run("accounts", "test", name, "--json")
    run("providers", "--json")
    registrations = []
    for provider in direct:
        device = _new_device(provider)
        run("register", provider, *device, "--url", URL, "--verify")
        registrations.append(len(plan) - 1)
        run("check", provider, *device, "--json")
    run("accounts", "edit", "gateway", "--option", "target_provider=snom")
    run("register", "gateway", *_new_device("snom"), "--url", URL, "--account", "gateway")
    registrations.append(len(plan) - 1)
    run("register", "snom", "000413C0FFEE", "--url", URL, "--account", "Wrong Snom")
    run("deregister", "snom", *_new_device("snom"), "--json")
    run("settings", "set", "network.read_timeout", "20")
    run("accounts", "export-falconieri", "__CONFIG__/exported-conf.json")
    run("accounts", "remove", "Wrong Snom")

    # The environment-only credential: a fanvil call through FANVIL_* variables.
    plan.append({"argv": ["-vv", "register", "fanvil", "0C383EAA0001", "--url", URL], "stdin": ""})

    # -- run it all in one isolated process ------------------------------------------------------
    dirs = {name: tmp_path / "scanned" / name for name in ("config", "data", "state", "cache", "home")}
    for path in dirs.values():
        path.mkdir(parents=True)
    for step in plan:
        step["argv"] = [a.replace("__CONFIG__", str(dirs["config"])) for a in step["argv"]]
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("SNOM_", "GIGASET_", "YEALINK_", "FANVIL_", "YMCS_", "GRAPE_", "SRAPS_",
                                "FALCONIERI_GATEWAY"))}
    env.update({f"XDG_{name.upper()}_HOME": str(path) for name, path in dirs.items() if name != "home"})
    env.update(HOME=str(dirs["home"]), PYTHONPATH=str(ROOT),
               FANVIL_USER=env_user, FANVIL_PASSWORD=env_secret, FANVIL_RPC_URL=endpoints["fanvil"])
    plan_path, results_path = tmp_path / "plan.json", tmp_path / "results.json"
    plan_path.write_text(json.dumps(plan))
    result = subprocess.run([sys.executable, str(Path(__file__).with_name("_leak_driver.py")), str(plan_path),
                             str(results_path)], env=env, capture_output=True, text=True, timeout=240,
                            cwd=ROOT, check=False)
    assert result.returncode == 0, result.stderr[-3000:]
    codes = json.loads(results_path.read_text())

    # The session really happened: accounts were stored, phones registered, logs written.
    assert codes[0] == 0 and codes[1] == 0, result.stderr[-3000:]
    failed_registrations = {plan[i]["argv"][2]: codes[i] for i in registrations if codes[i] != 0}
    assert not failed_registrations, result.stdout[-3000:]
    assert codes[-1] == 0, result.stderr[-2000:]  # the environment-credential call
    for label, provider in [("snom-typed", "snom"), ("yealink-typed", "yealink"), ("env", "fanvil"),
                            ("gateway-imported", "gateway"),
                            *((f"{p}-imported", p) for p in direct if p not in ("snom", "yealink"))]:
        user = credentials[label][0]
        assert any(call.user == user for call in sandbox.simulator(provider).calls), label
    log_files = list(dirs["state"].rglob("*.log"))
    assert log_files and all(f.stat().st_size > 0 for f in log_files)
    assert (dirs["config"] / "falconieri-desktop" / "accounts.json").is_file()
    assert "DEBUG" in result.stderr  # -vv really logged

    # -- the scan ----------------------------------------------------------------------------------
    needles = {form: label for label, (user, secret) in credentials.items() for form in _forms(user, secret)}
    needles.update(dict.fromkeys(_forms(env_user, env_secret), "env"))
    haystacks = {"stdout": result.stdout, "stderr": result.stderr}
    for path in (tmp_path / "scanned").rglob("*"):
        if path.is_file():
            haystacks[str(path.relative_to(tmp_path))] = path.read_bytes().decode("utf-8", errors="replace")
    assert len(haystacks) >= 5, sorted(haystacks)  # accounts.json, settings.json, export, log, output
    hits = sorted({(where, label) for where, text in haystacks.items()
                   for needle, label in needles.items() if needle in text})
    assert hits == []
