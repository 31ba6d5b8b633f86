"""Gigaset legacy XML-RPC provider against the Gigaset simulator over loopback HTTP."""

from __future__ import annotations

import dataclasses

import pytest

from falconieri_desktop.core.devices import Presence
from falconieri_desktop.core.errors import AuthenticationError, InputError, RefusedError, TransportError
from falconieri_desktop.sandbox import Sandbox
from falconieri_desktop.sandbox.demo import DEMO_PREVIOUS_URL
from falconieri_desktop.sandbox.http import Response
from tests.providers.conftest import MakeProvider, device, stage, url

NEW, NEW_CODE = "7C2F80C0FF01", "K3Q7"  # demo: not registered anywhere
OURS, OURS_CODE = "589EC6C0FF02", "7TZ2"  # demo: registered to the sandbox account
OTHERS, OTHERS_CODE = "7C2F80C0FF03", "M4X9"  # demo: registered to another account


def operations(sandbox: Sandbox) -> list[str]:
    return [call.operation for call in sandbox.simulator("gigaset").calls]


async def test_register_deregisters_then_registers(sandbox: Sandbox, make_provider: MakeProvider) -> None:
    """Register is deregisterDevice (answer ignored) then registerDevice with the MAC-ID."""
    outcome = await make_provider("gigaset").register(device(NEW, NEW_CODE), url("http://pbx.example.com/%MACD.xml"))
    record = sandbox.simulator("gigaset").registry[NEW]
    assert (record.url, record.crc, record.extra["provider_name"]) == (
        "http://pbx.example.com/%MACD.xml", NEW_CODE, "Falconieri")
    assert operations(sandbox) == ["autoprov.deregisterDevice", "autoprov.registerDevice"]
    assert "previous_registration_removed" not in outcome.details


async def test_register_overrides_own_registration(sandbox: Sandbox, make_provider: MakeProvider) -> None:
    """An own MAC-ID is moved to the new URL; the outcome says the old entry was replaced."""
    assert sandbox.simulator("gigaset").registry[OURS].url == DEMO_PREVIOUS_URL
    outcome = await make_provider("gigaset").register(device(OURS, OURS_CODE), url("https://new.example.com/"))
    assert sandbox.simulator("gigaset").registry[OURS].url == "https://new.example.com/"
    assert outcome.details["previous_registration_removed"] is True


async def test_register_refuses_other_accounts_mac(sandbox: Sandbox, make_provider: MakeProvider) -> None:
    """Another account's MAC is device_owned_by_other_user, and nothing of it was removed."""
    with pytest.raises(RefusedError) as caught:
        await make_provider("gigaset").register(device(OTHERS, OTHERS_CODE), url())
    assert caught.value.code == "device_owned_by_other_user"
    assert caught.value.vendor_message == f"mac_already_in_use:{OTHERS}"
    assert "removed" not in caught.value.message
    assert sandbox.simulator("gigaset").registry[OTHERS].owner != sandbox.simulator("gigaset").primary.user


async def test_wrong_code_is_not_valid_mac(make_provider: MakeProvider) -> None:
    """A MAC-ID code that is not the phone's is refused as not_valid_mac_address."""
    with pytest.raises(RefusedError) as caught:
        await make_provider("gigaset").register(device(NEW, "ZZZZ"), url())
    assert caught.value.code == "not_valid_mac_address"
    assert caught.value.vendor_message == f"mac_not_exist:{NEW}"


async def test_missing_code_sends_nothing(sandbox: Sandbox, make_provider: MakeProvider) -> None:
    """Without the MAC-ID code the call is refused locally, before anything is sent."""
    with pytest.raises(InputError) as caught:
        await make_provider("gigaset").register(device(NEW), url())
    assert caught.value.code == "missing_mac-id_crc"
    assert operations(sandbox) == []


async def test_disable_crc_sends_bare_mac(sandbox: Sandbox, make_provider: MakeProvider) -> None:
    """disable_crc turns needs_crc off and sends the bare MAC, which a flagged account accepts."""
    sim = sandbox.simulator("gigaset")
    sim.add_account("bare-mac-account", "bare-mac-secret", bare_mac=True)
    settings = dataclasses.replace(sandbox.settings("gigaset"), user="bare-mac-account", secret="bare-mac-secret")
    provider = make_provider("gigaset", settings=settings, disable_crc=True)
    assert provider.capabilities.needs_crc is False
    await provider.register(device(NEW), url())
    assert sim.registry[NEW].owner == "bare-mac-account" and sim.registry[NEW].crc is None


async def test_bare_mac_refused_for_normal_account(make_provider: MakeProvider) -> None:
    """An account not allowed bare MACs refuses them (mac_invalid -> not_valid_mac_address)."""
    with pytest.raises(RefusedError) as caught:
        await make_provider("gigaset", disable_crc=True).register(device(NEW), url())
    assert caught.value.code == "not_valid_mac_address"


async def test_provider_name_is_sent(sandbox: Sandbox, make_provider: MakeProvider) -> None:
    """The configured provider name is the third registerDevice parameter."""
    await make_provider("gigaset", provider_name="Acme PBX").register(device(NEW, NEW_CODE), url())
    assert sandbox.simulator("gigaset").registry[NEW].extra["provider_name"] == "Acme PBX"


async def test_failed_add_after_delete_says_old_was_removed(sandbox: Sandbox, make_provider: MakeProvider) -> None:
    """When registerDevice fails after deregisterDevice removed the old entry, the error says so."""
    with pytest.raises(RefusedError) as caught:
        await make_provider("gigaset", provider_name="bad/name").register(device(OURS, OURS_CODE), url())
    assert caught.value.code == "invalid_option"
    assert "previous registration of this phone was removed" in caught.value.message
    assert caught.value.details["previous_registration_removed"] is True
    assert OURS not in sandbox.simulator("gigaset").registry


async def test_transport_failure_after_delete_says_old_was_removed(sandbox: Sandbox,
                                                                   make_provider: MakeProvider) -> None:
    """A 500 on registerDevice after a successful delete also warns that the old entry is gone."""
    stage(sandbox, "gigaset", [True, "ok"], Response.text("Internal Server Error", 500))
    with pytest.raises(TransportError) as caught:
        await make_provider("gigaset").register(device(OURS, OURS_CODE), url())
    assert caught.value.code == "provider_remote_call_failed"
    assert "was removed" in caught.value.message


async def test_deregister_removes_own(sandbox: Sandbox, make_provider: MakeProvider) -> None:
    """Deregistering an own MAC-ID removes it."""
    await make_provider("gigaset").deregister(device(OURS, OURS_CODE))
    assert OURS not in sandbox.simulator("gigaset").registry


@pytest.mark.parametrize(("mac", "code"), [(NEW, NEW_CODE), (OTHERS, OTHERS_CODE)])
async def test_deregister_not_ours_is_not_registered(make_provider: MakeProvider, mac: str, code: str) -> None:
    """Deregistering a MAC-ID that is not in this account is not_registered (Gigaset hides owners)."""
    with pytest.raises(RefusedError) as caught:
        await make_provider("gigaset").deregister(device(mac, code))
    assert caught.value.code == "not_registered"


@pytest.mark.parametrize(("mac", "code", "presence"), [
    (OURS, OURS_CODE, Presence.REGISTERED), (NEW, NEW_CODE, Presence.NOT_REGISTERED),
    (OTHERS, OTHERS_CODE, Presence.NOT_REGISTERED)])
async def test_check(make_provider: MakeProvider, mac: str, code: str, presence: Presence) -> None:
    """checkDevice reports presence in this account, without a URL."""
    outcome = await make_provider("gigaset").check(device(mac, code))
    assert outcome.presence is presence and outcome.url is None


async def test_check_message_equal_to_mac_means_found(sandbox: Sandbox, make_provider: MakeProvider) -> None:
    """A checkDevice answer whose text is the MAC counts as found even with a false flag (peoplefone)."""
    stage(sandbox, "gigaset", [False, NEW])
    outcome = await make_provider("gigaset").check(device(NEW, NEW_CODE))
    assert outcome.presence is Presence.REGISTERED


async def test_verify_uses_presence(make_provider: MakeProvider) -> None:
    """verify=True confirms presence (Gigaset cannot read the URL back)."""
    provider = make_provider("gigaset")
    assert provider.capabilities.check_reads_url is False
    outcome = await provider.register(device(NEW, NEW_CODE), url(), verify=True)
    assert outcome.verified is True


async def test_wrong_password_is_authentication_failed(sandbox: Sandbox, make_provider: MakeProvider) -> None:
    """Wrong credentials are authentication_failed, and the first call already stops the flow."""
    settings = dataclasses.replace(sandbox.settings("gigaset"), secret="wrong")
    with pytest.raises(AuthenticationError):
        await make_provider("gigaset", settings=settings).register(device(OURS, OURS_CODE), url())
    assert operations(sandbox) == ["unauthorized"]
    assert OURS in sandbox.simulator("gigaset").registry


async def test_probe(make_provider: MakeProvider) -> None:
    """The account test (checkDevice of an unused MAC-ID) reports the credentials as accepted."""
    report = await make_provider("gigaset").probe()
    assert {step.name: step.ok for step in report.steps}["credentials"] is True
