"""``falconieri serve``: the optional extra, refusing unsafe settings, --check, --add-client, and a real
run of the command (JSON access log on stdout, graceful stop on SIGTERM)."""

from __future__ import annotations

import json
import os
import signal
import socket
import stat
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from falconieri_desktop.cli import main
from falconieri_desktop.sandbox import Sandbox
from falconieri_desktop.server.auth import Authenticator
from tests.server.conftest import URL, basic

ROOT = Path(__file__).resolve().parents[2]


def run_python(code: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, cwd=ROOT,
                          env={**os.environ, **(env or {})}, check=False)


def test_cli_works_without_the_server_extra() -> None:
    """Without starlette and uvicorn (and Qt), `falconieri --help` and `serve --help` work, and
    `falconieri serve` says how to install the extra (exit 3)."""
    result = run_python(
        "import sys\n"
        "sys.modules.update(starlette=None, uvicorn=None, PySide6=None)\n"
        "from falconieri_desktop.cli import main\n"
        "assert main(['--help']) == 0 and main(['serve', '--help']) == 0\n"
        "code = main(['serve', '--no-auth', '--port', '1'])\n"
        "assert not any(m.startswith(('starlette', 'uvicorn')) for m in sys.modules if sys.modules[m])\n"
        "sys.exit(code)\n")
    assert result.returncode == 3, result.stderr
    assert "pip install 'falconieri-desktop[server]'" in result.stderr and "serve" in result.stdout


@pytest.mark.parametrize(("args", "needle"), [
    (["--host", "0.0.0.0", "--no-auth"], "loopback"),
    (["--host", "192.168.1.5", "--no-auth"], "loopback"),
    ([], "auth-file"),
    (["--no-auth", "-c", "/nonexistent/conf.json"], "does not exist"),
    (["--no-auth", "--port", "70000"], "--port"),
    (["--no-auth", "--tls-cert", "/x.pem"], "--tls-key"),
])
def test_unsafe_or_broken_settings_refuse_to_start(capsys: pytest.CaptureFixture[str], args: list[str],
                                                   needle: str) -> None:
    """Auth off beyond loopback, no auth file, a missing -c file, bad limits: exit 3, nothing listens."""
    assert main(["serve", *args]) == 3
    assert needle in capsys.readouterr().err


def test_malformed_conf_json_refuses_to_start(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A conf.json that is not JSON stops the start (falconieri would start without it)."""
    conf = tmp_path / "conf.json"
    conf.write_text('{"providers": {"snom": ')
    assert main(["serve", "--no-auth", "-c", str(conf), "--check"]) == 3
    assert "not valid JSON" in capsys.readouterr().err


def test_check_lists_what_would_be_offered(sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    """--check names each provider's state and source, and no secret."""
    for key, value in sandbox.env().items():
        monkeypatch.setenv(key, value)
    monkeypatch.setenv("FANVIL_DISABLE", "true")
    assert main(["serve", "--no-auth", "--check", "--json"]) == 0
    output = capsys.readouterr().out
    rows = {row["provider"]: row for row in json.loads(output)["providers"]}
    assert rows["snom"]["offered"] and rows["snom"]["source"] == "environment"
    assert not rows["fanvil"]["offered"] and rows["fanvil"]["problem"] == "provider_disabled"
    assert sandbox.settings("snom").secret not in output


def test_add_client_writes_a_private_hash_and_shows_the_secret_once(tmp_path: Path,
                                                                    capsys: pytest.CaptureFixture[str]) -> None:
    """--add-client creates the file 0600 with a hash only; the printed secret authenticates; names are unique."""
    file = tmp_path / "clients"
    assert main(["serve", "--auth-file", str(file), "--add-client", "pbx-1", "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert stat.S_IMODE(file.stat().st_mode) == 0o600 and shown["password"] not in file.read_text()
    assert main(["serve", "--auth-file", str(file), "--add-client", "robot", "--scheme", "bearer", "--json"]) == 0
    token = json.loads(capsys.readouterr().out)["token"]
    auth = Authenticator(file)
    by_password = auth.authenticate(basic("pbx-1", shown["password"])["Authorization"])
    by_token = auth.authenticate(f"Bearer {token}")
    assert by_password is not None and by_password.name == "pbx-1"
    assert by_token is not None and by_token.name == "robot"
    assert main(["serve", "--auth-file", str(file), "--add-client", "PBX-1"]) == 2


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_serve_command_end_to_end(sandbox: Sandbox, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The real command serves falconieri's PUT with the environment's credentials, writes JSON access
    lines without secrets, and stops cleanly on SIGTERM."""
    file = tmp_path / "clients"
    assert main(["serve", "--auth-file", str(file), "--add-client", "pbx", "--json"]) == 0
    secret = json.loads(capsys.readouterr().out)["password"]
    port = _free_port()
    env = {**os.environ, **sandbox.env()}
    process = subprocess.Popen([sys.executable, "-m", "falconieri_desktop.cli", "serve", "--port", str(port),
                                "--auth-file", str(file), "--grace", "2"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT, env=env)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                httpx.get(f"http://127.0.0.1:{port}/health/check", timeout=1)
                break
            except httpx.TransportError:
                assert process.poll() is None and time.monotonic() < deadline, process.communicate()
                time.sleep(0.1)
        response = httpx.put(f"http://127.0.0.1:{port}/providers/snom/00-04-13-CC-DD-01", json={"url": URL},
                             headers=basic("pbx", secret), timeout=20)
        assert response.status_code == 200 and sandbox.simulator("snom").registry["000413CCDD01"].url == URL
    finally:
        process.send_signal(signal.SIGTERM)
        stdout, stderr = process.communicate(timeout=30)
    assert process.returncode in (0, -signal.SIGTERM), stderr
    access = [json.loads(line) for line in stdout.splitlines() if line.startswith("{")]
    put = next(line for line in access if line["method"] == "PUT")
    assert put["client"] == "pbx" and put["status"] == 200 and put["mac"] == "00-04-13-CC-DD-01"
    assert secret not in stdout + stderr and sandbox.settings("snom").secret not in stdout + stderr
    assert "Application shutdown complete" in stderr
