"""Yealink YMCS v2 provider against the YMCS simulator over loopback HTTP."""

from __future__ import annotations

import asyncio
import dataclasses

import httpx
import pytest

from falconieri_desktop.core.devices import DeviceId, Outcome, Presence
from falconieri_desktop.core.errors import (
    AuthenticationError,
    FalconieriError,
    InputError,
    RateLimitedError,
    RefusedError,
    ResponseError,
    TransportError,
)
from falconieri_desktop.core.mac import parse_mac
from falconieri_desktop.providers.ymcs import YmcsProvider
from falconieri_desktop.sandbox import Sandbox
from falconieri_desktop.sandbox.demo import DEMO_PREVIOUS_URL
from falconieri_desktop.sandbox.http import Response
from falconieri_desktop.sandbox.ymcs import ADD_BY_MAC_FORBIDDEN, YmcsSimulator
from tests.providers.conftest import MakeProvider, url

NEW = "44DBD2C3D401"  # demo: not registered
OURS = "44DBD2C3D402"  # demo: registered to the sandbox account (old URL)
OTHERS = "44DBD2C3D403"  # demo: another organisation's
SERIAL = "8015C3D40100001"


def dev(mac: str, serial: str | None = None) -> DeviceId:
    return DeviceId(parse_mac(mac), serial=serial)


def macs(count: int, start: int = 0x100000) -> list[str]:
    return [f"44DBD2{n:06X}" for n in range(start, start + count)]


def sim(sandbox: Sandbox) -> YmcsSimulator:
    return sandbox.simulator("ymcs")


def ymcs(make_provider: MakeProvider, sandbox: Sandbox, user: str | None = None, **options: object) -> YmcsProvider:
    settings = sandbox.settings("ymcs")
    if user is not None:
        settings = dataclasses.replace(settings, user=user, secret=sim(sandbox).accounts[user].secret)
    provider = make_provider("ymcs", settings=settings, **options)
    assert isinstance(provider, YmcsProvider)
    return provider


def operations(sandbox: Sandbox) -> list[str]:
    return [call.operation for call in sim(sandbox).calls]


# -- register ------------------------------------------------------------------------------------


async def test_register_adds_by_mac_and_returns_pin(sandbox: Sandbox, make_provider: MakeProvider) -> None:
    """A new MAC is added with addDevicesByMac (no delete first) and the outcome carries its PIN."""
    outcome = await ymcs(make_provider, sandbox).register(dev(NEW), url("https://pbx.example.com/y/$MAC.cfg"))
    assert sim(sandbox).registry[NEW].url == "https://pbx.example.com/y/$MAC.cfg"
    assert operations(sandbox) == ["token", "addDevicesByMac", "listDevicePins"]
    assert sim(sandbox).calls[1].macs == (NEW.lower(),)
    assert outcome.pin is not None and outcome.pin == sim(sandbox).pin_of(NEW)


async def test_register_existing_device_deletes_then_adds(sandbox: Sandbox, make_provider: MakeProvider) -> None:
    """Only on 800003 (exists) is the device deleted and added again, now with the new URL."""
    assert sim(sandbox).registry[OURS].url == DEMO_PREVIOUS_URL
    outcome = await ymcs(make_provider, sandbox).register(dev(OURS), url("https://new.example.com/p"))
    assert operations(sandbox) == ["token", "addDevicesByMac", "delDevices", "addDevicesByMac", "listDevicePins"]
    assert sim(sandbox).registry[OURS].url == "https://new.example.com/p"
    assert outcome.details["method"] == "delDevices+addDevicesByMac"


async def test_register_other_organisation_is_refused_untouched(sandbox: Sandbox,
                                                                make_provider: MakeProvider) -> None:
    """800004 is device_owned_by_other_user; nothing is deleted."""
    with pytest.raises(RefusedError) as caught:
        await ymcs(make_provider, sandbox).register(dev(OTHERS), url())
    assert caught.value.code == "device_owned_by_other_user"
    assert "800004" in (caught.value.vendor_message or "")
    assert "delDevices" not in operations(sandbox)
    assert sim(sandbox).registry[OTHERS].owner != sim(sandbox).primary.user


async def test_register_without_pin_is_not_an_error(sandbox: Sandbox, make_provider: MakeProvider) -> None:
    """When YMCS has no PIN for the device, the registration still succeeds, without a warning."""
    sim(sandbox).issue_pins = False
    outcome = await ymcs(make_provider, sandbox).register(dev(NEW), url())
    assert outcome.pin is None
    assert not [w for w in outcome.warnings if "PIN" in w]


async def test_register_verify_reads_the_url_back(sandbox: Sandbox, make_provider: MakeProvider) -> None:
    """verify=True reads the registration back with listDevices and compares the URL."""
    outcome = await ymcs(make_provider, sandbox).register(dev(NEW), url(), verify=True)
    assert outcome.verified is True
    assert operations(sandbox)[-1] == "listDevices"


@pytest.mark.parametrize(("error_info", "code"), [
    ("device.mac.invalid", "not_valid_mac_address"),
    ("800001", "not_valid_mac_address"),
    ("800002", "not_valid_serial_number"),
    ("800004", "device_owned_by_other_user"),
    ("800005", "not_valid_mac_address"),
    ("Device already managed by another organization", "device_owned_by_other_user"),
    ("something new", "unknown_provider_error"),
])
async def test_register_maps_error_info(sandbox: Sandbox, make_provider: MakeProvider, error_info: str,
                                        code: str) -> None:
    """Per-device errorInfo (codes, keys and texts) maps through the one table to our codes."""
    provider = ymcs(make_provider, sandbox)
    await provider.check(dev(NEW))  # fetch the token first: the scripted answer is for the add
    sandbox.servers["ymcs"].script(Response.json({
        "total": 1, "successCount": 0, "failureCount": 1,
        "errors": [{"mac": NEW.lower(), "sn": None, "errorInfo": error_info}]}))
    with pytest.raises(FalconieriError) as caught:
        await provider.register(dev(NEW), url())
    assert caught.value.code == code
    assert error_info in (caught.value.vendor_message or "")


# -- batches -----------------------------------------------------------------------------------


async def test_register_many_uses_batches_of_100(sandbox: Sandbox, make_provider: MakeProvider) -> None:
    """250 devices take 3 addDevicesByMac calls and one token; results come back in order."""
    items = [(dev(mac), url(f"https://pbx.example.com/{mac}")) for mac in macs(250)]
    results = await ymcs(make_provider, sandbox).register_many(items)
    assert [r.device.mac.value for r in results if isinstance(r, Outcome)] == macs(250)
    assert sim(sandbox).count("addDevicesByMac") == 3 and sim(sandbox).count("token") == 1
    assert [len(c.macs) for c in sim(sandbox).calls if c.operation == "addDevicesByMac"] == [100, 100, 50]
    assert all(isinstance(r, Outcome) and r.pin for r in results)
    assert sim(sandbox).registry[macs(250)[-1]].url == f"https://pbx.example.com/{macs(250)[-1]}"


async def test_register_many_maps_each_device(sandbox: Sandbox, make_provider: MakeProvider) -> None:
    """A batch with a new, an existing and a foreign MAC: two registered, one refused, in place."""
    items = [(dev(NEW), url()), (dev(OTHERS), url()), (dev(OURS), url("https://new.example.com/"))]
    results = await ymcs(make_provider, sandbox).register_many(items)
    assert isinstance(results[0], Outcome) and isinstance(results[2], Outcome)
    assert isinstance(results[1], RefusedError) and results[1].code == "device_owned_by_other_user"
    assert sim(sandbox).registry[OURS].url == "https://new.example.com/"
    # the re-add after delete carries only the device that existed
    adds = [c.macs for c in sim(sandbox).calls if c.operation == "addDevicesByMac"]
    assert adds == [(NEW.lower(), OTHERS.lower(), OURS.lower()), (OURS.lower(),)]


async def test_register_many_unattributed_failures(sandbox: Sandbox, make_provider: MakeProvider) -> None:
    """Failures YMCS does not attribute to a MAC make no device look registered."""
    provider = ymcs(make_provider, sandbox)
    await provider.check(dev(NEW))
    sandbox.servers["ymcs"].script(Response.json({"total": 2, "successCount": 1, "failureCount": 1,
                                                  "errors": [{"errorInfo": "800007"}]}))
    results = await provider.register_many([(dev(m), url()) for m in macs(2)])
    assert all(isinstance(r, ResponseError) for r in results)


# -- the 403 fallback: registering by serial number ------------------------------------------------


async def test_forbidden_add_by_mac_falls_back_to_serial(sandbox: Sandbox, make_provider: MakeProvider) -> None:
    """403 900403 on addDevicesByMac: the device is added with POST /v2/rps/devices and its SN."""
    sim(sandbox).add_account("no-mac-only", "s3cret-no-mac", **{ADD_BY_MAC_FORBIDDEN: True})
    provider = ymcs(make_provider, sandbox, "no-mac-only")
    outcome = await provider.register(dev(NEW, SERIAL), url())
    assert operations(sandbox) == ["token", "addDevicesByMac", "devices", "listDevicePins"]
    assert sim(sandbox).registry[NEW].serial == SERIAL
    assert outcome.pin == sim(sandbox).pin_of(NEW) and outcome.details["method"] == "devices"
    assert provider.capabilities.needs_serial is True
    await provider.register(dev(macs(1)[0], "8015C3D40100009"), url())  # learnt: straight to /devices
    assert operations(sandbox)[-2:] == ["devices", "listDevicePins"]


async def test_forbidden_add_by_mac_without_serial(sandbox: Sandbox, make_provider: MakeProvider) -> None:
    """Without a serial the device fails with serial_number_required and a sentence about the label."""
    sim(sandbox).add_account("no-mac-only-2", "s3cret-no-mac", **{ADD_BY_MAC_FORBIDDEN: True})
    provider = ymcs(make_provider, sandbox, "no-mac-only-2")
    with pytest.raises(InputError) as caught:
        await provider.register(dev(NEW), url())
    assert caught.value.code == "serial_number_required"
    assert "label" in caught.value.message
    assert "devices" not in operations(sandbox)
    with pytest.raises(InputError):  # now known: refused before any call
        await provider.register(dev(NEW), url())
    assert operations(sandbox) == ["token", "addDevicesByMac"]


async def test_forbidden_batch_mixes_serials(sandbox: Sandbox, make_provider: MakeProvider) -> None:
    """In a batch after a 403, devices with a serial register and those without fail alone."""
    sim(sandbox).add_account("no-mac-only-3", "s3cret-no-mac", **{ADD_BY_MAC_FORBIDDEN: True})
    provider = ymcs(make_provider, sandbox, "no-mac-only-3")
    one, two = macs(2)
    results = await provider.register_many([(dev(one, "SN00000001"), url()), (dev(two), url())])
    assert isinstance(results[0], Outcome)
    assert isinstance(results[1], InputError) and results[1].code == "serial_number_required"
    assert one in sim(sandbox).registry and two not in sim(sandbox).registry


async def test_register_by_serial_option_skips_add_by_mac(sandbox: Sandbox, make_provider: MakeProvider) -> None:
    """register_by_serial goes straight to POST /v2/rps/devices and requires the serial up front."""
    provider = ymcs(make_provider, sandbox, register_by_serial=True)
    assert provider.capabilities.needs_serial is True
    await provider.register(dev(NEW, SERIAL), url())
    assert operations(sandbox) == ["token", "devices", "listDevicePins"]


async def test_register_by_serial_existing_and_invalid(sandbox: Sandbox, make_provider: MakeProvider) -> None:
    """By serial: 800003 deletes and adds again; an invalid SN is not_valid_serial_number."""
    provider = ymcs(make_provider, sandbox, register_by_serial=True)
    await provider.register(dev(OURS, "8015C3D40200002"), url("https://new.example.com/"))
    assert operations(sandbox)[1:4] == ["devices", "delDevices", "devices"]
    assert sim(sandbox).registry[OURS].url == "https://new.example.com/"
    with pytest.raises(RefusedError) as caught:
        await provider.register(dev(NEW, "SN-1"), url())
    assert caught.value.code == "not_valid_serial_number"


# -- check, deregister, probe ---------------------------------------------------------------------


async def test_check_reads_url_and_absence(sandbox: Sandbox, make_provider: MakeProvider) -> None:
    """check finds an own device with its URL; an absent one (data: null) is not registered."""
    provider = ymcs(make_provider, sandbox)
    found = await provider.check(dev(OURS))
    assert found.presence is Presence.REGISTERED and found.url == DEMO_PREVIOUS_URL
    absent = await provider.check(dev(NEW))
    assert absent.presence is Presence.NOT_REGISTERED


async def test_deregister_removes_and_reports_absence(sandbox: Sandbox, make_provider: MakeProvider) -> None:
    """deregister deletes the device; deleting it again is not_registered."""
    provider = ymcs(make_provider, sandbox)
    await provider.deregister(dev(OURS))
    assert OURS not in sim(sandbox).registry
    with pytest.raises(RefusedError) as caught:
        await provider.deregister(dev(OURS))
    assert caught.value.code == "not_registered"


async def test_probe_reports_unknown_mac_only_permission(sandbox: Sandbox, make_provider: MakeProvider) -> None:
    """The probe lists devices and says MAC-only registration cannot be told without writing."""
    report = await ymcs(make_provider, sandbox).probe()
    assert [s.name for s in report.steps][-2:] == ["credentials", "permissions"]
    assert all(s.ok for s in report.steps if s.name in ("credentials", "permissions"))
    assert any("cannot be told" in w for w in report.warnings)
    assert "register_by_mac" not in report.can
    assert operations(sandbox) == ["token", "listDevices"]


async def test_probe_with_bad_secret(sandbox: Sandbox, make_provider: MakeProvider) -> None:
    """A wrong client secret shows as a failed credentials step."""
    settings = dataclasses.replace(sandbox.settings("ymcs"), secret="wrong")
    report = await make_provider("ymcs", settings=settings).probe()
    assert [(s.name, s.ok) for s in report.steps][-1] == ("credentials", False)


async def test_wrong_secret_is_authentication_failed(sandbox: Sandbox, make_provider: MakeProvider) -> None:
    """invalid_client at the token endpoint is authentication_failed; nothing else is called."""
    settings = dataclasses.replace(sandbox.settings("ymcs"), secret="wrong")
    with pytest.raises(AuthenticationError) as caught:
        await make_provider("ymcs", settings=settings).register(dev(NEW), url())
    assert caught.value.code == "authentication_failed"
    assert operations(sandbox) == ["token"]


# -- the token ---------------------------------------------------------------------------------


async def test_concurrent_first_requests_fetch_one_token(sandbox: Sandbox, make_provider: MakeProvider) -> None:
    """100 simultaneous first requests share one token fetch."""
    provider = ymcs(make_provider, sandbox)
    results = await asyncio.gather(*(provider.check(dev(mac)) for mac in macs(100)))
    assert len(results) == 100
    assert sim(sandbox).count("token") == 1 and sim(sandbox).count("listDevices") == 100


@pytest.mark.parametrize("code", ["900401", "900440"])
async def test_refused_token_is_refreshed_once(sandbox: Sandbox, make_provider: MakeProvider, code: str) -> None:
    """A token refused with 900401/900440 is replaced once and the call succeeds."""
    provider = ymcs(make_provider, sandbox)
    await provider.check(dev(OURS))
    sim(sandbox).revoke_tokens(code)
    found = await provider.check(dev(OURS))
    assert found.presence is Presence.REGISTERED
    assert operations(sandbox) == ["token", "listDevices", "listDevices", "token", "listDevices"]


async def test_plain_401_refreshes_once_then_fails(sandbox: Sandbox, make_provider: MakeProvider) -> None:
    """A bare HTTP 401 refreshes the token once; a second refusal is authentication_failed."""
    provider = ymcs(make_provider, sandbox)
    await provider.check(dev(OURS))
    unauthorized = Response(401, b"", [("Content-Type", "text/plain")])
    sandbox.servers["ymcs"].script(unauthorized, unauthorized)  # the call, then the new token request
    with pytest.raises(AuthenticationError):
        await provider.check(dev(OURS))
    sandbox.servers["ymcs"].script(unauthorized)
    assert (await provider.check(dev(OURS))).presence is Presence.REGISTERED  # refreshed once, then fine


async def test_token_expires_and_is_renewed(sandbox: Sandbox, make_provider: MakeProvider) -> None:
    """A short-lived token is renewed before it expires (expires_in minus the margin)."""
    sim(sandbox).token_ttl = 0.4
    provider = ymcs(make_provider, sandbox)
    await provider.check(dev(OURS))
    await asyncio.sleep(0.3)
    await provider.check(dev(OURS))
    assert sim(sandbox).count("token") == 2
    assert all(call.ok for call in sim(sandbox).calls)


# -- wire rules and failures ----------------------------------------------------------------------


async def test_clock_skew_is_adopted_from_date(sandbox: Sandbox, make_provider: MakeProvider) -> None:
    """A server clock an hour ahead: the 500403 answer's Date is adopted and the call repeated."""
    sim(sandbox).clock_offset = 3600
    outcome = await ymcs(make_provider, sandbox).register(dev(NEW), url())
    assert outcome.pin is not None
    assert [c.ok for c in sim(sandbox).calls][:2] == [False, True]  # one refused token request


async def test_rate_limited_carries_retry_after(sandbox: Sandbox, make_provider: MakeProvider) -> None:
    """429 900429 is rate_limited with the server's Retry-After."""
    provider = ymcs(make_provider, sandbox)
    await provider.check(dev(NEW))
    sandbox.servers["ymcs"].script(Response.json({"code": "900429", "message": "Too many requests"}, 429,
                                                 [("Retry-After", "7")]))
    with pytest.raises(RateLimitedError) as caught:
        await provider.register(dev(NEW), url())
    assert caught.value.code == "rate_limited" and caught.value.retry_after == 7


async def test_server_error_is_retryable(sandbox: Sandbox, make_provider: MakeProvider) -> None:
    """A 503 page is a retryable transport error; the batch's devices all carry it."""
    provider = ymcs(make_provider, sandbox)
    await provider.check(dev(NEW))
    sandbox.servers["ymcs"].script(Response.text("<html>busy</html>", 503, "text/html"))
    results = await provider.register_many([(dev(m), url()) for m in macs(3)])
    assert all(isinstance(r, TransportError) and r.retryable for r in results)


async def test_simulator_rejects_replayed_nonce_and_bodyless_post(sandbox: Sandbox) -> None:
    """The simulator refuses a reused nonce (403 500403) and a POST without body (412 900444)."""
    base = sandbox.endpoints["ymcs"]
    account = sim(sandbox).primary
    async with httpx.AsyncClient() as client:
        headers = {"timestamp": str(int(sim(sandbox).now() * 1000)), "nonce": "same-nonce-1"}
        token = (await client.post(f"{base}/v2/token", json={"grant_type": "client_credentials"},
                                   auth=(account.user, account.secret), headers=headers)).json()["access_token"]
        replay = await client.post(f"{base}/v2/rps/listDevices", json={"skip": 0, "limit": 1},
                                   headers={**headers, "Authorization": f"Bearer {token}"})
        assert replay.status_code == 403 and replay.json()["code"] == "500403"
        bodyless = await client.post(f"{base}/v2/rps/listDevices", headers={
            "timestamp": headers["timestamp"], "nonce": "another-nonce", "Authorization": f"Bearer {token}"})
        assert bodyless.status_code == 412 and bodyless.json()["code"] == "900444"


async def test_simulator_limits_batches_and_pages(sandbox: Sandbox) -> None:
    """The simulator refuses 101 devices (800006) and a listDevices page over 100."""
    base = sandbox.endpoints["ymcs"]
    account = sim(sandbox).primary
    nonce = iter(range(10**6))

    def headers(auth: str = "") -> dict[str, str]:
        out = {"timestamp": str(int(sim(sandbox).now() * 1000)), "nonce": f"n-{next(nonce)}"}
        return {**out, "Authorization": auth} if auth else out

    async with httpx.AsyncClient() as client:
        token = (await client.post(f"{base}/v2/token", json={"grant_type": "client_credentials"},
                                   auth=(account.user, account.secret), headers=headers())).json()["access_token"]
        big = await client.post(f"{base}/v2/rps/addDevicesByMac", json=[{"mac": m.lower()} for m in macs(101)],
                                headers=headers(f"Bearer {token}"))
        assert big.status_code == 400 and big.json()["code"] == "800006"
        page = await client.post(f"{base}/v2/rps/listDevices", json={"skip": 0, "limit": 101},
                                 headers=headers(f"Bearer {token}"))
        assert page.status_code == 400 and page.json()["code"] == "900400"


async def test_pin_failure_is_a_warning(sandbox: Sandbox, make_provider: MakeProvider) -> None:
    """If listDevicePins fails after a successful add, the device is registered with a warning."""
    provider = ymcs(make_provider, sandbox)
    await provider.check(dev(NEW))
    sandbox.servers["ymcs"].script(
        Response.json({"total": 1, "successCount": 1, "failureCount": 0, "errors": []}),
        Response.text("busy", 503))
    outcome = await provider.register(dev(NEW), url())
    assert outcome.pin is None
    assert any("PIN could not be fetched" in w for w in outcome.warnings)
