"""Fanvil FDPS XML-RPC provider against the Fanvil simulator over loopback HTTP."""

from __future__ import annotations

import dataclasses

import httpx
import pytest

from falconieri_desktop.core.devices import Presence
from falconieri_desktop.core.errors import AuthenticationError, RefusedError
from falconieri_desktop.providers.fanvil import fanvil_password, material_server_config
from falconieri_desktop.providers.xmlrpc import dumps_call
from falconieri_desktop.sandbox import Sandbox
from falconieri_desktop.sandbox.demo import DEMO_PREVIOUS_URL
from tests.providers.conftest import MakeProvider, device, stage, url

NEW = "0C383EF4A101"  # demo: not registered anywhere
OURS = "0C383EF4A102"  # demo: registered to the sandbox account
OTHERS = "0C383EF4A103"  # demo: registered to another account

REGISTER_FLOW = ["redirect.deRegisterDevice", "redirect.deleteServer", "redirect.addMaterialServer",
                 "redirect.registerDevice"]


def operations(sandbox: Sandbox) -> list[str]:
    return [call.operation for call in sandbox.simulator("fanvil").calls]


def test_double_md5_vector() -> None:
    """The HTTP Basic password is md5hex(md5hex(password)) (falconieri's vector)."""
    assert fanvil_password("secret") == "7022cd14c42ff272619d6beacdc9ffde"


async def test_plain_password_is_refused(sandbox: Sandbox, client: httpx.AsyncClient) -> None:
    """FDPS refuses the plain password with 401 and accepts its double MD5."""
    settings = sandbox.settings("fanvil")
    body = dumps_call("redirect.checkDevice", (NEW,))
    plain = await client.post(settings.endpoint, content=body, auth=(settings.user, settings.secret))
    hashed = await client.post(settings.endpoint, content=body,
                               auth=(settings.user, fanvil_password(settings.secret)))
    assert (plain.status_code, hashed.status_code) == (401, 200)


@pytest.mark.parametrize(("text", "server", "name", "protocol"), [
    ("https://pbx.example.com/prov/$mac.cfg", "pbx.example.com", "prov/$mac.cfg", "5"),
    ("http://pbx.example.com:8080/a/b/?x=1#f", "pbx.example.com:8080", "a/b/", "4"),
    ("tftp://10.0.0.1/", "10.0.0.1", "", "2"),
    ("ftp://[2001:db8::1]:2121/cfg", "[2001:db8::1]:2121", "cfg", "1"),
])
def test_material_server_config(text: str, server: str, name: str, protocol: str) -> None:
    """The group settings keep host[:port], the path without its leading slash, and the protocol code."""
    assert material_server_config("0C383EAABBCC", url(text)) == [
        "cfgName=0C383EAABBCC", "cfgPfMode=1", "cfgDhcpOpt=false", "cfgPnpEnable=false",
        f"cfgPfSrv={server}", f"cfgPfName={name}", f"cfgPfProt={protocol}"]


async def test_register_flow(sandbox: Sandbox, make_provider: MakeProvider) -> None:
    """Register deregisters, deletes and recreates the per-MAC group, then registers the MAC in it."""
    outcome = await make_provider("fanvil").register(device(NEW), url("https://pbx.example.com:8443/p/$mac?x=1"))
    sim = sandbox.simulator("fanvil")
    assert operations(sandbox) == REGISTER_FLOW
    assert sim.registry[NEW].url == "https://pbx.example.com:8443/p/$mac"
    assert sim.groups[sim.primary.user][NEW]["cfgPfSrv"] == "pbx.example.com:8443"
    assert outcome.details["group"] == NEW and "previous_registration_removed" not in outcome.details
    assert any("query string" in warning for warning in outcome.warnings)


async def test_register_overrides_own(sandbox: Sandbox, make_provider: MakeProvider) -> None:
    """An own MAC is moved to a new group URL; the outcome says the old registration was replaced."""
    assert sandbox.simulator("fanvil").registry[OURS].url == DEMO_PREVIOUS_URL
    outcome = await make_provider("fanvil").register(device(OURS), url("http://new.example.com/cfg/"))
    assert sandbox.simulator("fanvil").registry[OURS].url == "http://new.example.com/cfg/"
    assert outcome.details["previous_registration_removed"] is True


async def test_register_refuses_other_accounts_mac_and_cleans_up(sandbox: Sandbox,
                                                                 make_provider: MakeProvider) -> None:
    """Another account's MAC is device_owned_by_other_user and leaves no empty group behind."""
    sim = sandbox.simulator("fanvil")
    with pytest.raises(RefusedError) as caught:
        await make_provider("fanvil").register(device(OTHERS), url())
    assert (caught.value.code, caught.value.vendor_message) == ("device_owned_by_other_user",
                                                                "Error: device_had_existed")
    assert "removed" not in caught.value.message
    assert OTHERS not in sim.groups.get(sim.primary.user, {})
    assert operations(sandbox)[-1] == "redirect.deleteServer"


async def test_newer_group_absent_text_tolerated(sandbox: Sandbox, make_provider: MakeProvider) -> None:
    """deleteServer's "Error:server_not_existed" (newer service) is as fine as "server_not_exist"."""
    sim = sandbox.simulator("fanvil")
    sim.add_account("newer-account", "newer-secret", newer_texts=True)
    settings = dataclasses.replace(sandbox.settings("fanvil"), user="newer-account", secret="newer-secret")
    await make_provider("fanvil", settings=settings).register(device(NEW), url())
    assert sim.registry[NEW].owner == "newer-account"


async def test_delete_group_refused_is_reported(sandbox: Sandbox, make_provider: MakeProvider) -> None:
    """A deleteServer refusal other than "group absent" stops the flow with the vendor's words."""
    stage(sandbox, "fanvil", [False, "Error:device_not_exist"], [False, "Error:server_has_device"])
    with pytest.raises(RefusedError) as caught:
        await make_provider("fanvil").register(device(NEW), url())
    assert (caught.value.code, caught.value.vendor_message) == ("unknown_provider_error", "Error:server_has_device")


async def test_failed_add_after_removal_says_so(sandbox: Sandbox, make_provider: MakeProvider) -> None:
    """When a step fails after deRegisterDevice removed the phone, the error says it is unregistered now."""
    stage(sandbox, "fanvil", [True, "OK"], [True, "OK"], [False, "Error: url_format_error"])
    with pytest.raises(RefusedError) as caught:
        await make_provider("fanvil").register(device(OURS), url())
    assert caught.value.code == "malformed_url"
    assert "previous registration of this phone was removed" in caught.value.message


async def test_deregister_removes_device_and_group(sandbox: Sandbox, make_provider: MakeProvider) -> None:
    """Deregister removes the MAC, then its per-MAC group."""
    sim = sandbox.simulator("fanvil")
    outcome = await make_provider("fanvil").deregister(device(OURS))
    assert OURS not in sim.registry and OURS not in sim.groups[sim.primary.user]
    assert operations(sandbox) == ["redirect.deRegisterDevice", "redirect.deleteServer"]
    assert not [w for w in outcome.warnings if "group" in w]


async def test_deregister_warns_when_group_stays(sandbox: Sandbox, make_provider: MakeProvider) -> None:
    """A group that cannot be deleted after a successful deregister is a warning, not a failure."""
    stage(sandbox, "fanvil", [True, "OK"], [False, "Error:server_has_device"])
    outcome = await make_provider("fanvil").deregister(device(OURS))
    assert any("could not be deleted" in w for w in outcome.warnings)


@pytest.mark.parametrize(("mac", "code"), [(NEW, "not_registered"), (OTHERS, "not_registered")])
async def test_deregister_not_ours(make_provider: MakeProvider, mac: str, code: str) -> None:
    """Deregistering a MAC that is not in this account is not_registered (Error:device_not_exist)."""
    with pytest.raises(RefusedError) as caught:
        await make_provider("fanvil").deregister(device(mac))
    assert caught.value.code == code


@pytest.mark.parametrize(("mac", "presence"), [
    (OURS, Presence.REGISTERED), (NEW, Presence.NOT_REGISTERED), (OTHERS, Presence.OTHER_ACCOUNT)])
async def test_check(make_provider: MakeProvider, mac: str, presence: Presence) -> None:
    """checkDevice (assumed signature) reports presence; own phones name their group."""
    outcome = await make_provider("fanvil").check(device(mac))
    assert outcome.presence is presence
    if presence is Presence.REGISTERED:
        assert outcome.details["group"] == OURS


async def test_results_warn_about_plain_http(make_provider: MakeProvider) -> None:
    """Against an explicitly configured http:// endpoint, every outcome warns about clear-text credentials."""
    provider = make_provider("fanvil")
    assert provider.info.default_endpoint.startswith("https://")
    for outcome in (await provider.register(device(NEW), url()), await provider.check(device(NEW)),
                    await provider.deregister(device(NEW))):
        assert any("unencrypted" in w for w in outcome.warnings)


async def test_verify_uses_presence(make_provider: MakeProvider) -> None:
    """verify=True confirms presence (Fanvil cannot read the URL back)."""
    outcome = await make_provider("fanvil").register(device(NEW), url(), verify=True)
    assert outcome.verified is True


async def test_wrong_password_is_authentication_failed(sandbox: Sandbox, make_provider: MakeProvider) -> None:
    """Wrong credentials are authentication_failed."""
    settings = dataclasses.replace(sandbox.settings("fanvil"), secret="wrong")
    with pytest.raises(AuthenticationError):
        await make_provider("fanvil", settings=settings).register(device(NEW), url())


async def test_probe(make_provider: MakeProvider) -> None:
    """The account test (checkDevice of an unused MAC) reports the credentials as accepted."""
    report = await make_provider("fanvil").probe()
    assert {step.name: step.ok for step in report.steps}["credentials"] is True
    assert "check" in report.can
