"""Client authentication: HTTP Basic or bearer tokens from an auth file, per client; off only on loopback."""

from __future__ import annotations

import base64
import logging
from pathlib import Path

import httpx
import pytest

from falconieri_desktop.core.errors import ConfigError
from falconieri_desktop.sandbox import Sandbox
from falconieri_desktop.server.auth import Authenticator, hash_secret, new_client_line, parse_auth_file
from falconieri_desktop.server.config import ServerSettings, is_loopback
from tests.server.conftest import (
    BASIC_SECRET,
    BASIC_USER,
    BEARER_TOKEN,
    SCRYPT_PASSWORD,
    SCRYPT_USER,
    URL,
    LiveServer,
    MakeHarness,
    basic,
    bearer,
)

PUT = "/providers/snom/AC-DE-48-23-45-67"


async def test_basic_client_is_accepted_and_named_in_the_log(make_harness: MakeHarness,
                                                             caplog: pytest.LogCaptureFixture) -> None:
    """A Basic client of the file may register; the access log names it and never shows the secret."""
    h = await make_harness(headers=basic())
    with caplog.at_level(logging.INFO, logger="falconieri_desktop.server.access"):
        response = await h.client.put(PUT, json={"url": URL})
    assert response.status_code == 200
    lines = [r.getMessage() for r in caplog.records if r.name == "falconieri_desktop.server.access"]
    assert any(f'"client":"{BASIC_USER}"' in line for line in lines)
    assert all(BASIC_SECRET not in line and "Basic " not in line for line in lines)


async def test_bearer_token_is_accepted(make_harness: MakeHarness) -> None:
    """A bearer token of the file may register."""
    h = await make_harness(headers=bearer())
    assert (await h.client.put(PUT, json={"url": URL})).status_code == 200


async def test_scrypt_password_is_accepted(make_harness: MakeHarness) -> None:
    """A Basic client whose chosen password is stored as scrypt may register."""
    h = await make_harness(headers=basic(SCRYPT_USER, SCRYPT_PASSWORD))
    assert (await h.client.put(PUT, json={"url": URL})).status_code == 200
    assert (await h.client.put(PUT, json={"url": URL})).status_code == 200  # the remembered credential


@pytest.mark.parametrize("headers", [
    {},
    basic(BASIC_USER, "wrong"),
    basic("stranger", BASIC_SECRET),
    basic(SCRYPT_USER, SCRYPT_PASSWORD[:-1]),
    bearer("tok_wrong"),
    bearer(""),
    {"Authorization": f"Bearer {BASIC_SECRET}"},
    {"Authorization": "Basic !!!notbase64"},
    {"Authorization": "Basic " + base64.b64encode(b"no-colon").decode()},
    {"Authorization": f"Digest {BEARER_TOKEN}"},
])
async def test_missing_or_wrong_credentials_are_401(make_harness: MakeHarness, sandbox: Sandbox,
                                                   headers: dict[str, str]) -> None:
    """No, unknown or wrong credentials are 401 unauthorized_client with both challenges; nothing is sent."""
    h = await make_harness(headers=headers)
    calls = len(sandbox.simulator("snom").calls)
    response = await h.client.put(PUT, json={"url": URL})
    assert response.status_code == 401 and response.json()["error"] == "unauthorized_client"
    challenges = response.headers.get_list("www-authenticate")
    assert any(c.startswith("Basic ") for c in challenges) and any(c.startswith("Bearer ") for c in challenges)
    assert len(sandbox.simulator("snom").calls) == calls


@pytest.mark.parametrize(("method", "path"), [("GET", "/providers"), ("GET", PUT), ("DELETE", PUT),
                                              ("POST", "/providers/snom"), ("GET", "/jobs/abc")])
async def test_every_api_route_needs_credentials(make_harness: MakeHarness, method: str, path: str) -> None:
    """Check, deregister, jobs and the provider list need a client too, not only PUT."""
    h = await make_harness(headers={})
    assert (await h.client.request(method, path)).status_code == 401


async def test_health_and_openapi_are_public(make_harness: MakeHarness) -> None:
    """GET /health/check and /openapi.json answer without credentials (load balancers, tooling)."""
    h = await make_harness(headers={})
    assert (await h.client.get("/health/check")).status_code == 200
    assert (await h.client.get("/openapi.json")).json()["openapi"].startswith("3.1")


async def test_auth_disabled_serves_without_credentials(make_harness: MakeHarness) -> None:
    """With authentication explicitly off (loopback only) requests need no credentials."""
    h = await make_harness(auth=False, headers={})
    assert (await h.client.put(PUT, json={"url": URL})).status_code == 200


def test_no_auth_is_refused_off_loopback() -> None:
    """--no-auth on 0.0.0.0, :: or a LAN address refuses to start; on 127.0.0.1, ::1, localhost it is allowed."""
    for host in ("0.0.0.0", "::", "192.168.1.10", "pbx.example.com"):
        with pytest.raises(ConfigError) as info:
            ServerSettings(host=host, no_auth=True).authenticator()
        assert info.value.code == "invalid_configuration" and "loopback" in info.value.message
    for host in ("127.0.0.1", "127.0.0.2", "::1", "[::1]", "localhost"):
        assert is_loopback(host)
        assert ServerSettings(host=host, no_auth=True).authenticator() is None


def test_auth_is_required_unless_disabled() -> None:
    """Neither --auth-file nor --no-auth refuses to start, even on loopback."""
    with pytest.raises(ConfigError, match="auth-file"):
        ServerSettings(host="127.0.0.1").authenticator()


def test_auth_file_reload_adds_and_revokes_clients(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Editing the file adds and revokes clients without a restart; a broken edit keeps the old clients."""
    monkeypatch.setattr("falconieri_desktop.server.auth._RELOAD_EVERY", 0.0)
    file = tmp_path / "clients"
    first, first_secret = new_client_line("pbx-a", "basic")
    file.write_text(first + "\n")
    auth = Authenticator(file)
    header_a = basic("pbx-a", first_secret)["Authorization"]
    assert auth.authenticate(header_a) is not None
    second, token = new_client_line("robot", "bearer")
    file.write_text(second + "\n")  # pbx-a revoked, robot added
    assert auth.authenticate(header_a) is None
    assert auth.authenticate(f"Bearer {token}") is not None
    file.write_text(second + "\nthis line is broken\n")
    assert auth.authenticate(f"Bearer {token}") is not None  # the previous table stays in force


def test_auth_file_must_exist_and_parse(tmp_path: Path) -> None:
    """A missing or malformed auth file refuses to start with invalid_configuration naming the line."""
    with pytest.raises(ConfigError):
        Authenticator(tmp_path / "absent")
    bad = tmp_path / "bad"
    bad.write_text(f"ok basic {hash_secret('x' * 20)}\nx bearer scrypt:1:1:1:AA==:AA==\n")
    with pytest.raises(ConfigError, match="line 2"):
        Authenticator(bad)


@pytest.mark.parametrize(("line", "problem"), [
    ("a basic sha256:abc", "64"),
    ("a rot13 sha256:" + "0" * 64, "scheme"),
    ("a basic md5:xyz", "must start with"),
    ("bad name basic sha256:" + "0" * 64, "expected"),
    ("a:b basic sha256:" + "0" * 64, "client name"),
    ("a bearer scrypt:16384:8:1:AAAA:AAAA", "sha256"),
    ("a basic scrypt:16385:8:1:AAAA:AAAA", "out of range"),
])
def test_auth_file_lines_are_validated(line: str, problem: str) -> None:
    """Each malformed line is refused with a message saying what is wrong."""
    with pytest.raises(ValueError, match=problem):
        parse_auth_file(line)


def test_duplicate_clients_are_refused() -> None:
    """A client name listed twice (any case) is refused."""
    line = f"pbx basic {hash_secret('s' * 20)}"
    with pytest.raises(ValueError, match="twice"):
        parse_auth_file(f"{line}\n{line.replace('pbx', 'PBX')}\n")


def test_file_holds_only_hashes() -> None:
    """The file line for a generated or chosen secret never contains the secret itself."""
    line, secret = new_client_line("pbx", "basic")
    assert secret not in line and line.startswith("pbx basic sha256:")
    chosen, same = new_client_line("tech", "basic", "my long password")
    assert same == "my long password" and "my long password" not in chosen and " scrypt:" in chosen
    with pytest.raises(ValueError):
        new_client_line("tech", "basic", "short")


async def test_live_server_basic_and_bearer(live_server: LiveServer, sandbox: Sandbox) -> None:
    """Over a real socket: no credentials are 401, Basic and bearer are accepted."""
    async with httpx.AsyncClient(base_url=live_server.url) as client:
        assert (await client.put(PUT, json={"url": URL})).status_code == 401
        assert (await client.put(PUT, json={"url": URL}, headers=bearer())).status_code == 200
        assert (await client.put(PUT, json={"url": URL}, headers=basic())).status_code == 200

