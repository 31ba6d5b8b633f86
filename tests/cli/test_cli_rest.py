"""The `falconieri` command with the REST providers and the gateway, as a real subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from falconieri_desktop.sandbox import Sandbox
from falconieri_desktop.sandbox.ymcs import ADD_BY_MAC_FORBIDDEN


def run_cli(tmp_path: Path, env: dict[str, str], *args: str) -> tuple[int, Any]:
    """Run ``python -m falconieri_desktop.cli ARGS --json`` with ``env`` and an empty home."""
    clean = {k: v for k, v in os.environ.items()
             if not k.startswith(("SNOM_", "GIGASET_", "YEALINK_", "FANVIL_", "YMCS_", "GRAPE_", "SRAPS_",
                                  "FALCONIERI_"))}
    clean.update(HOME=str(tmp_path), XDG_CONFIG_HOME=str(tmp_path / "config"), XDG_DATA_HOME=str(tmp_path / "data"),
                 XDG_CACHE_HOME=str(tmp_path / "cache"), PYTHON_KEYRING_BACKEND="keyring.backends.null.Keyring",
                 NO_PROXY="127.0.0.1,localhost", **env)
    done = subprocess.run([sys.executable, "-m", "falconieri_desktop.cli", *args, "--json"], env=clean,
                          capture_output=True, text=True, timeout=60, check=False)
    return done.returncode, json.loads(done.stdout)


def test_register_ymcs_with_serial_prints_pin(sandbox: Sandbox, tmp_path: Path) -> None:
    """`register ymcs MAC --url U --serial SN` registers from YMCS_* variables and prints the PIN."""
    code, out = run_cli(tmp_path, sandbox.env(), "register", "ymcs", "44:db:d2:c3:d4:01",
                        "--url", "https://pbx.example.com/y/$MAC.cfg", "--serial", "8015C3D40100001")
    assert code == 0 and out["ok"] is True
    assert out["details"]["pin"] == sandbox.simulator("ymcs").pin_of("44DBD2C3D401")
    assert sandbox.simulator("ymcs").registry["44DBD2C3D401"].url == "https://pbx.example.com/y/$MAC.cfg"


def test_ymcs_account_without_mac_only_needs_serial(sandbox: Sandbox, tmp_path: Path) -> None:
    """On an account without addDevicesByMac, no --serial exits 2; with --serial it registers."""
    sandbox.simulator("ymcs").add_account("cli-no-mac-only", "cli-secret-1", **{ADD_BY_MAC_FORBIDDEN: True})
    env = {**sandbox.env(), "YMCS_CLIENT_ID": "cli-no-mac-only", "YMCS_CLIENT_SECRET": "cli-secret-1"}
    code, out = run_cli(tmp_path, env, "register", "ymcs", "44DBD2C3D401", "--url", "https://pbx.example.com/")
    assert code == 2 and out["error"] == "serial_number_required"
    code, out = run_cli(tmp_path, env, "register", "ymcs", "44DBD2C3D401", "--url", "https://pbx.example.com/",
                        "--serial", "8015C3D40100001")
    assert code == 0 and out["details"]["method"] == "devices"
    assert sandbox.simulator("ymcs").registry["44DBD2C3D401"].serial == "8015C3D40100001"


def test_check_sraps_reads_url(sandbox: Sandbox, tmp_path: Path) -> None:
    """`check sraps MAC` prints the presence and the URL read back."""
    code, out = run_cli(tmp_path, sandbox.env(), "check", "sraps", "00-04-13-B5-C6-02")
    assert code == 0 and out["details"]["presence"] == "registered"
    assert out["url"] == sandbox.simulator("sraps").registry["000413B5C602"].url


def test_provider_without_credentials_goes_through_gateway(sandbox: Sandbox, tmp_path: Path) -> None:
    """With no Fanvil credentials, `--gateway URL` registers through the gateway; deregister is refused."""
    env = {k: v for k, v in sandbox.env(include_gateway=True).items()
           if not k.startswith(("FANVIL_", "FALCONIERI_GATEWAY_URL"))}
    gateway_url = sandbox.endpoints["gateway"]
    code, out = run_cli(tmp_path, env, "register", "fanvil", "0C383EF4A101", "--url", "https://pbx.example.com/",
                        "--gateway", gateway_url)
    assert code == 0 and out["details"]["via"] == "gateway"
    assert sandbox.simulator("gateway").key("fanvil", "0C383EF4A101") in sandbox.simulator("gateway").registry
    code, out = run_cli(tmp_path, env, "deregister", "fanvil", "0C383EF4A101", "--gateway", gateway_url)
    assert code == 1 and out["error"] == "operation_not_supported"
