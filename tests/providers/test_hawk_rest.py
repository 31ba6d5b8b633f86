"""Gigaset GRAPE and Snom SRAPS (one Hawk REST client) against their simulators over loopback HTTP."""

from __future__ import annotations

import asyncio
import dataclasses
import json

import httpx
import pytest

from falconieri_desktop.core.devices import Presence
from falconieri_desktop.core.errors import (
    AuthenticationError,
    RefusedError,
    ResponseError,
    TransportError,
)
from falconieri_desktop.providers import hawk
from falconieri_desktop.providers.grape import HawkRestProvider, parse_link_next
from falconieri_desktop.sandbox import Sandbox
from falconieri_desktop.sandbox.demo import DEMO_PREVIOUS_URL
from falconieri_desktop.sandbox.grape import NO_ROLE, SETTINGS_COUNT, HawkRestSimulator
from falconieri_desktop.sandbox.http import Response
from tests.providers.conftest import MakeProvider, device, url

DEMO = {  # provider: (new, registered to us, another company's)
    "grape": ("14B370A1C001", "14B370A1C002", "14B370A1C003"),
    "sraps": ("000413B5C601", "000413B5C602", "000413B5C603"),
}
SETTING = {"grape": "ProvisioningServer", "sraps": "setting_server"}

pytestmark = pytest.mark.parametrize("name", ["grape", "sraps"])


def sim(sandbox: Sandbox, name: str) -> HawkRestSimulator:
    return sandbox.simulator(name)


def provider_for(make_provider: MakeProvider, sandbox: Sandbox, name: str, user: str | None = None,
                 secret: str | None = None) -> HawkRestProvider:
    settings = sandbox.settings(name)
    if user is not None:
        settings = dataclasses.replace(settings, user=user, secret=sim(sandbox, name).accounts[user].secret)
    if secret is not None:
        settings = dataclasses.replace(settings, secret=secret)
    provider = make_provider(name, settings=settings)
    assert isinstance(provider, HawkRestProvider)
    return provider


def operations(sandbox: Sandbox, name: str) -> list[str]:
    return [call.operation for call in sim(sandbox, name).calls]


async def signed(sandbox: Sandbox, name: str, method: str, path: str, *, body: bytes | None = None,
                 header: str | None = None) -> httpx.Response:
    """A request signed as the sandbox account (or with ``header`` as given)."""
    account = sim(sandbox, name).primary
    target = sandbox.endpoints[name] + path
    if header is None:
        artifacts = hawk.sign_request(credentials_id=account.user, key=account.secret, method=method, url=target,
                                      body=body)
        header = hawk.build_header(artifacts)
    headers = {"Authorization": header}
    if body is not None:
        headers["Content-Type"] = "application/json"
    async with httpx.AsyncClient() as client:
        return await client.request(method, target, content=body, headers=headers)


# -- register --------------------------------------------------------------------------------


async def test_register_puts_the_documented_body(sandbox: Sandbox, make_provider: MakeProvider, name: str) -> None:
    """PUT {endpoints}{mac} holds mac, autoprovisioning and the URL under the setting's UUID, no null."""
    new = DEMO[name][0]
    outcome = await provider_for(make_provider, sandbox, name).register(device(new), url())
    record = sim(sandbox, name).registry[new]
    assert record.url == outcome.url == "https://pbx.example.com/provisioning/{mac}.xml"
    assert record.extra["settings_manager"] == {
        sim(sandbox, name).setting_uuid: {"attrs": {"perm": "RW"}, "value": outcome.url}}
    assert record.extra["autoprovisioning_enabled"] is True
    assert sim(sandbox, name).null_resets == 0
    assert operations(sandbox, name)[-1] == "PUT endpoint" and sim(sandbox, name).calls[-1].macs == (new,)


async def test_register_overrides_own_endpoint(sandbox: Sandbox, make_provider: MakeProvider, name: str) -> None:
    """Registering an own MAC again replaces its URL (PUT is a full update)."""
    ours = DEMO[name][1]
    assert sim(sandbox, name).registry[ours].url == DEMO_PREVIOUS_URL
    await provider_for(make_provider, sandbox, name).register(device(ours), url("https://new.example.com/p"))
    assert sim(sandbox, name).registry[ours].url == "https://new.example.com/p"


async def test_register_taken_mac(sandbox: Sandbox, make_provider: MakeProvider, name: str) -> None:
    """taken_mac_or_forbidden is device_owned_by_other_user and the other company keeps the MAC."""
    others = DEMO[name][2]
    with pytest.raises(RefusedError) as caught:
        await provider_for(make_provider, sandbox, name).register(device(others), url())
    assert caught.value.code == "device_owned_by_other_user"
    assert caught.value.vendor_message == "taken_mac_or_forbidden"
    assert sim(sandbox, name).registry[others].url != url().text


async def test_api_key_without_role(sandbox: Sandbox, make_provider: MakeProvider, name: str) -> None:
    """"User lacks permission to endpoint" is account_lacks_permission, distinct from a taken MAC."""
    sim(sandbox, name).add_account(f"{name}-no-role", "no-role-key", **{NO_ROLE: True})
    provider = provider_for(make_provider, sandbox, name, f"{name}-no-role")
    with pytest.raises(RefusedError) as caught:
        await provider.register(device(DEMO[name][0]), url())
    assert caught.value.code == "account_lacks_permission"
    assert "role" in caught.value.hint
    report = await provider.probe()
    assert ("permissions", False) in [(s.name, s.ok) for s in report.steps]
    assert report.can == ()


async def test_wrong_key_is_authentication_failed(sandbox: Sandbox, make_provider: MakeProvider, name: str) -> None:
    """A wrong Hawk key is authentication_failed with the server's reason."""
    with pytest.raises(AuthenticationError) as caught:
        await provider_for(make_provider, sandbox, name, secret="wrong-key").register(device(DEMO[name][0]), url())
    assert caught.value.code == "authentication_failed" and caught.value.vendor_message == "Bad mac"


# -- navigation ----------------------------------------------------------------------------------


async def test_navigation_follows_pages_and_links(sandbox: Sandbox, make_provider: MakeProvider, name: str) -> None:
    """The setting is found on the second page of 1,000 (not the near-miss decoy); links are absolute."""
    provider = provider_for(make_provider, sandbox, name)
    await provider.register(device(DEMO[name][0]), url())
    assert operations(sandbox, name).count("GET settings") == 2
    assert operations(sandbox, name).count("GET token") == 1 and operations(sandbox, name).count("GET company") == 1
    await provider.register(device(DEMO[name][1]), url())  # cached: only the PUT
    assert operations(sandbox, name)[-1:] == ["PUT endpoint"] and len(operations(sandbox, name)) == 6


async def test_concurrent_first_requests_navigate_once(sandbox: Sandbox, make_provider: MakeProvider,
                                                       name: str) -> None:
    """100 simultaneous first registrations navigate once and list the settings once."""
    provider = provider_for(make_provider, sandbox, name)
    macs = [f"{DEMO[name][0][:6]}{n:06X}" for n in range(0x200000, 0x200000 + 100)]
    await asyncio.gather(*(provider.register(device(mac), url()) for mac in macs))
    ops = operations(sandbox, name)
    assert (ops.count("GET token"), ops.count("GET company"), ops.count("GET settings")) == (1, 1, 2)
    assert ops.count("PUT endpoint") == 100 and all(call.ok for call in sim(sandbox, name).calls)


async def test_links_to_another_site_are_not_followed(sandbox: Sandbox, make_provider: MakeProvider,
                                                      name: str) -> None:
    """A company link to another origin is refused before any signed request goes there."""
    sandbox.servers[name].script(Response.json({"links": {"company": "https://evil.example.net/api/v1/companies/1"}}))
    provider = provider_for(make_provider, sandbox, name)
    with pytest.raises(ResponseError) as caught:
        await provider.deregister(device(DEMO[name][1]))
    assert "another site" in caught.value.message


def test_link_header_parsing(name: str) -> None:
    """rel="next" is found among several links, quoted or not; no next gives None."""
    both = '<https://a/api/v1/settings/?page=1>; rel="prev", <https://a/api/v1/settings/?page=3>; rel="next"'
    assert parse_link_next(both) == "https://a/api/v1/settings/?page=3"
    assert parse_link_next("<https://a/x?page=2>; rel=next") == "https://a/x?page=2"
    assert parse_link_next('<https://a/x?page=1>; rel="prev"') is None
    assert parse_link_next(None) is None


# -- check and deregister ----------------------------------------------------------------------------


async def test_check_reads_url_back(sandbox: Sandbox, make_provider: MakeProvider, name: str) -> None:
    """check reads the URL from settings_manager; absent is not registered; another company's is said."""
    new, ours, others = DEMO[name]
    provider = provider_for(make_provider, sandbox, name)
    found = await provider.check(device(ours))
    assert found.presence is Presence.REGISTERED and found.url == DEMO_PREVIOUS_URL
    assert (await provider.check(device(new))).presence is Presence.NOT_REGISTERED
    assert (await provider.check(device(others))).presence is Presence.OTHER_ACCOUNT


async def test_register_verify(sandbox: Sandbox, make_provider: MakeProvider, name: str) -> None:
    """verify=True reads the registration back and finds the URL sent."""
    outcome = await provider_for(make_provider, sandbox, name).register(device(DEMO[name][0]), url(), verify=True)
    assert outcome.verified is True and operations(sandbox, name)[-1] == "GET endpoint"


async def test_deregister(sandbox: Sandbox, make_provider: MakeProvider, name: str) -> None:
    """DELETE removes an own endpoint; again it is not_registered; another company's is refused."""
    _new, ours, others = DEMO[name]
    provider = provider_for(make_provider, sandbox, name)
    await provider.deregister(device(ours))
    assert ours not in sim(sandbox, name).registry
    with pytest.raises(RefusedError) as again:
        await provider.deregister(device(ours))
    assert again.value.code == "not_registered"
    with pytest.raises(RefusedError) as taken:
        await provider.deregister(device(others))
    assert taken.value.code == "device_owned_by_other_user"


async def test_probe(sandbox: Sandbox, make_provider: MakeProvider, name: str) -> None:
    """The probe navigates, finds the setting and lists endpoints."""
    report = await provider_for(make_provider, sandbox, name).probe()
    # The sandbox is plain http: no TLS step, a warning instead.
    assert [(s.name, s.ok) for s in report.steps] == [("reachable", True), ("credentials", True),
                                                      ("navigation", True), ("permissions", True)]
    assert report.ok and any("plain http" in w for w in report.warnings)
    assert report.can == ("register", "check", "deregister")


# -- clock and failures -------------------------------------------------------------------------------


async def test_stale_timestamp_adopts_server_clock_once(sandbox: Sandbox, make_provider: MakeProvider,
                                                        name: str) -> None:
    """A server 10 minutes ahead answers "Stale timestamp"; the client adopts its time and retries."""
    sim(sandbox, name).clock_offset = 600
    provider = provider_for(make_provider, sandbox, name)
    await provider.register(device(DEMO[name][0]), url())
    # the two first navigation requests go out together: each meets the stale answer once
    assert {c.operation for c in sim(sandbox, name).calls if not c.ok} == {"auth"}
    sim(sandbox, name).calls.clear()
    await provider.register(device(DEMO[name][1]), url())
    assert [(c.operation, c.ok) for c in sim(sandbox, name).calls] == [("PUT endpoint", True)]


async def test_forged_stale_answer_is_not_trusted(sandbox: Sandbox, make_provider: MakeProvider, name: str) -> None:
    """A stale-timestamp answer whose tsm is not signed with our key does not move our clock."""
    sandbox.servers[name].script(Response.json(
        {"detail": "Stale timestamp"}, 401,
        [("WWW-Authenticate", 'Hawk ts="1900000000", tsm="Zm9yZ2Vk", error="Stale timestamp"')]))
    provider = provider_for(make_provider, sandbox, name)
    with pytest.raises(AuthenticationError):
        await provider.check(device(DEMO[name][1]))
    assert provider._clock_offset == 0


async def test_server_error_is_retryable(sandbox: Sandbox, make_provider: MakeProvider, name: str) -> None:
    """A 502 page is a retryable transport error."""
    sandbox.servers[name].script(Response.text("bad gateway", 502))
    with pytest.raises(TransportError) as caught:
        await provider_for(make_provider, sandbox, name).register(device(DEMO[name][0]), url())
    assert caught.value.retryable


# -- the simulator itself ------------------------------------------------------------------------------


async def test_simulator_pages_settings(sandbox: Sandbox, name: str) -> None:
    """Settings come 20 per page by default, at most 1,000, with an absolute rel="next" link."""
    default = await signed(sandbox, name, "GET", "settings/")
    assert len(default.json()) == 20
    assert parse_link_next(default.headers["Link"]) == f"{sandbox.endpoints[name]}settings/?page=2&page_size=20"
    capped = await signed(sandbox, name, "GET", "settings/?page_size=5000")
    assert len(capped.json()) == 1000
    last = await signed(sandbox, name, "GET", "settings/?page=2&page_size=1000")
    assert len(last.json()) == SETTINGS_COUNT - 1000 and parse_link_next(last.headers.get("Link")) is None


async def test_simulator_rejects_replayed_nonce(sandbox: Sandbox, name: str) -> None:
    """The same signed header twice: the second is refused as an invalid nonce."""
    account = sim(sandbox, name).primary
    artifacts = hawk.sign_request(credentials_id=account.user, key=account.secret, method="GET",
                                  url=f"{sandbox.endpoints[name]}tokens/{account.user}", body=None)
    header = hawk.build_header(artifacts)
    first = await signed(sandbox, name, "GET", f"tokens/{account.user}", header=header)
    second = await signed(sandbox, name, "GET", f"tokens/{account.user}", header=header)
    assert first.status_code == 200 and second.status_code == 401
    assert second.json()["detail"] == "Invalid nonce"


async def test_simulator_accepts_request_without_hash(sandbox: Sandbox, name: str) -> None:
    """A client that sends no payload hash (payload validation is optional) is served."""
    account = sim(sandbox, name).primary
    target = httpx.URL(f"{sandbox.endpoints[name]}tokens/{account.user}")
    ts = str(int(sim(sandbox, name).now()))
    mac = hawk.calculate_mac(account.secret, ts=ts, nonce="abcdefgh", method="GET", resource=target.raw_path.decode(),
                             host=target.host, port=str(target.port))
    answer = await signed(sandbox, name, "GET", f"tokens/{account.user}",
                          header=f'Hawk mac="{mac}", id="{account.user}", ts="{ts}", nonce="abcdefgh"')
    assert answer.status_code == 200 and "company" in answer.json()["links"]


async def test_simulator_rejects_tampered_body_and_counts_nulls(sandbox: Sandbox, name: str) -> None:
    """A body changed after signing is refused; a null field resets a company default (and is counted)."""
    account = sim(sandbox, name).primary
    company = sim(sandbox, name).company_of(account.user)
    path = f"companies/{company}/endpoints/{DEMO[name][0].lower()}"
    body = json.dumps({"mac": DEMO[name][0].lower(), "autoprovisioning_enabled": True,
                       "warranty_exp_warning_period": None, "settings_manager": {}}).encode()
    artifacts = hawk.sign_request(credentials_id=account.user, key=account.secret, method="PUT",
                                  url=sandbox.endpoints[name] + path, body=body)
    tampered = await signed(sandbox, name, "PUT", path, body=body.replace(b"true", b"false"),
                            header=hawk.build_header(artifacts))
    assert tampered.status_code == 401 and tampered.json()["detail"] == "Bad payload hash"
    accepted = await signed(sandbox, name, "PUT", path, body=body)
    assert accepted.status_code == 201 and sim(sandbox, name).null_resets == 1
    assert sim(sandbox, name).company_defaults[company]["warranty_exp_warning_period"] is None
