"""Yealink legacy RPS XML-RPC provider against the Yealink simulator over loopback HTTP."""

from __future__ import annotations

import dataclasses

import pytest

from falconieri_desktop.core.devices import Presence
from falconieri_desktop.core.errors import AuthenticationError, InputError, RefusedError
from falconieri_desktop.sandbox import Sandbox
from falconieri_desktop.sandbox.demo import DEMO_PREVIOUS_URL
from tests.providers.conftest import MakeProvider, device, url

NEW = "805EC0D1E201"  # demo: not registered anywhere
OURS = "805EC0D1E202"  # demo: registered to the sandbox account
OTHERS = "249AD8D1E203"  # demo: registered to another account


def operations(sandbox: Sandbox) -> list[str]:
    return [call.operation for call in sandbox.simulator("yealink").calls]


async def test_register_with_unique_url(sandbox: Sandbox, make_provider: MakeProvider) -> None:
    """Register stores the per-device URL under the default server name."""
    outcome = await make_provider("yealink").register(device(NEW), url("https://pbx.example.com/$MAC.cfg"))
    record = sandbox.simulator("yealink").registry[NEW]
    assert (record.url, record.extra["server_name"]) == ("https://pbx.example.com/$MAC.cfg", "Falconieri")
    assert outcome.vendor_reply == "OK"
    assert operations(sandbox) == ["redirect.registerDeviceWithUniqueUrl"]


async def test_register_overrides_own(sandbox: Sandbox, make_provider: MakeProvider) -> None:
    """The override flag "1" moves an own MAC to the new URL."""
    assert sandbox.simulator("yealink").registry[OURS].url == DEMO_PREVIOUS_URL
    await make_provider("yealink").register(device(OURS), url("https://new.example.com/"))
    assert sandbox.simulator("yealink").registry[OURS].url == "https://new.example.com/"


async def test_register_refuses_other_accounts_mac(sandbox: Sandbox, make_provider: MakeProvider) -> None:
    """Another account's MAC is device_owned_by_other_user (falconieri's ^Error:[a-z0-9]{10} rule)."""
    with pytest.raises(RefusedError) as caught:
        await make_provider("yealink").register(device(OTHERS), url())
    assert caught.value.code == "device_owned_by_other_user"
    assert (caught.value.vendor_message or "").startswith("Error:249ad8d1e203")


async def test_custom_server_name(sandbox: Sandbox, make_provider: MakeProvider) -> None:
    """The configured server name is sent."""
    await make_provider("yealink", server_name="Acme PBX-1.2_x").register(device(NEW), url())
    assert sandbox.simulator("yealink").registry[NEW].extra["server_name"] == "Acme PBX-1.2_x"


@pytest.mark.parametrize("name", ["  ", "a" * 21, "bad/name", "ünïcode"])
async def test_invalid_server_name_sends_nothing(sandbox: Sandbox, make_provider: MakeProvider, name: str) -> None:
    """A server name Yealink would refuse is invalid_option before any call."""
    with pytest.raises(InputError) as caught:
        await make_provider("yealink", server_name=name).register(device(NEW), url())
    assert caught.value.code == "invalid_option"
    assert operations(sandbox) == []


async def test_server_the_account_lacks_is_invalid_option(sandbox: Sandbox, make_provider: MakeProvider) -> None:
    """An account whose servers must pre-exist refuses an unknown name ("Error: Invalid server")."""
    sim = sandbox.simulator("yealink")
    sim.add_account("servers-account", "servers-secret", servers=["Main"])
    settings = dataclasses.replace(sandbox.settings("yealink"), user="servers-account", secret="servers-secret")
    with pytest.raises(RefusedError) as caught:
        await make_provider("yealink", settings=settings).register(device(NEW), url())
    assert (caught.value.code, caught.value.vendor_message) == ("invalid_option", "Error: Invalid server")


async def test_deregister_checks_then_removes(sandbox: Sandbox, make_provider: MakeProvider) -> None:
    """Deregister asks checkDevice first, then deRegisterDevice removes the own MAC."""
    await make_provider("yealink").deregister(device(OURS))
    assert OURS not in sandbox.simulator("yealink").registry
    assert operations(sandbox) == ["redirect.checkDevice", "redirect.deRegisterDevice"]


@pytest.mark.parametrize(("mac", "code"), [(NEW, "not_registered"), (OTHERS, "device_owned_by_other_user")])
async def test_deregister_refusals(sandbox: Sandbox, make_provider: MakeProvider, mac: str, code: str) -> None:
    """A MAC that is nowhere, or another account's, is refused without calling deRegisterDevice."""
    with pytest.raises(RefusedError) as caught:
        await make_provider("yealink").deregister(device(mac))
    assert caught.value.code == code
    assert operations(sandbox) == ["redirect.checkDevice"]


@pytest.mark.parametrize(("mac", "presence", "reply"), [
    (OURS, Presence.REGISTERED, "registered"),
    (OTHERS, Presence.OTHER_ACCOUNT, "registered elsewhere"),
    (NEW, Presence.NOT_REGISTERED, "unknown"),
])
async def test_check(make_provider: MakeProvider, mac: str, presence: Presence, reply: str) -> None:
    """checkDevice's four answers map to presence."""
    outcome = await make_provider("yealink").check(device(mac))
    assert (outcome.presence, outcome.vendor_reply) == (presence, reply)


async def test_check_after_deregister_is_unregistered(make_provider: MakeProvider) -> None:
    """A MAC the service has seen but that is no longer redirected answers "unregistered"."""
    provider = make_provider("yealink")
    await provider.deregister(device(OURS))
    outcome = await provider.check(device(OURS))
    assert (outcome.presence, outcome.vendor_reply) == (Presence.NOT_REGISTERED, "unregistered")


async def test_verify_uses_presence(make_provider: MakeProvider) -> None:
    """verify=True confirms presence (Yealink cannot read the URL back)."""
    outcome = await make_provider("yealink").register(device(NEW), url(), verify=True)
    assert outcome.verified is True


async def test_wrong_password_is_authentication_failed(sandbox: Sandbox, make_provider: MakeProvider) -> None:
    """Wrong credentials are authentication_failed."""
    settings = dataclasses.replace(sandbox.settings("yealink"), secret="wrong")
    with pytest.raises(AuthenticationError):
        await make_provider("yealink", settings=settings).check(device(OURS))


async def test_probe(make_provider: MakeProvider) -> None:
    """The account test (checkDevice of an unused MAC) reports the credentials as accepted."""
    report = await make_provider("yealink").probe()
    assert {step.name: step.ok for step in report.steps}["credentials"] is True
