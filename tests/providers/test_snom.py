"""Snom legacy XML-RPC provider against the Snom simulator over loopback HTTP."""

from __future__ import annotations

import dataclasses

import pytest

from falconieri_desktop.core.devices import Presence
from falconieri_desktop.core.errors import AuthenticationError, ConfigError, RefusedError, TransportError
from falconieri_desktop.sandbox import Sandbox
from falconieri_desktop.sandbox.demo import DEMO_PREVIOUS_URL
from tests.providers.conftest import MakeProvider, device, stage, url

NEW = "000413A1B201"  # demo: not registered anywhere
OURS = "000413A3B202"  # demo: registered to the sandbox account (old URL)
OTHERS = "00041393B203"  # demo: registered to another account


async def test_register_creates_redirection(sandbox: Sandbox, make_provider: MakeProvider) -> None:
    """Registering a new MAC stores its URL at the vendor and reports what was sent."""
    outcome = await make_provider("snom").register(device(NEW), url())
    record = sandbox.simulator("snom").registry[NEW]
    assert record.url == "https://pbx.example.com/provisioning/{mac}.xml"
    assert record.owner == sandbox.simulator("snom").primary.user
    assert outcome.url == record.url and outcome.vendor_reply == "Ok"


async def test_register_sends_upper_case_mac(sandbox: Sandbox, make_provider: MakeProvider) -> None:
    """The MAC goes on the wire as 12 upper-case hex digits, whatever form was typed."""
    await make_provider("snom").register(device("00:04:13:a1:b2:01"), url())
    assert sandbox.simulator("snom").calls[-1].macs == (NEW,)


async def test_register_overrides_own_registration(sandbox: Sandbox, make_provider: MakeProvider) -> None:
    """Re-registering an own MAC points it at the new URL."""
    assert sandbox.simulator("snom").registry[OURS].url == DEMO_PREVIOUS_URL
    await make_provider("snom").register(device(OURS), url("https://new-pbx.example.com/p/{mac}"))
    assert sandbox.simulator("snom").registry[OURS].url == "https://new-pbx.example.com/p/{mac}"


async def test_register_refuses_other_accounts_mac(sandbox: Sandbox, make_provider: MakeProvider) -> None:
    """A MAC of another account is device_owned_by_other_user and stays untouched."""
    before = sandbox.simulator("snom").registry[OTHERS].url
    with pytest.raises(RefusedError) as caught:
        await make_provider("snom").register(device(OTHERS), url())
    assert caught.value.code == "device_owned_by_other_user"
    assert caught.value.vendor_message == "Error:owned_by_other_user"
    assert sandbox.simulator("snom").registry[OTHERS].url == before


async def test_register_verify_reads_url_back(sandbox: Sandbox, make_provider: MakeProvider) -> None:
    """verify=True reads the URL back with getPhoneRedirection and marks the outcome verified."""
    outcome = await make_provider("snom").register(device(NEW), url(), verify=True)
    assert outcome.verified is True
    assert sandbox.simulator("snom").calls[-1].operation == "redirect.getPhoneRedirection"


async def test_register_verify_detects_other_url(sandbox: Sandbox, make_provider: MakeProvider) -> None:
    """A read-back that returns another URL makes verified False."""
    stage(sandbox, "snom", [True, "Ok"], [True, "Sandbox Telecom", "https://elsewhere.example.com/"])
    outcome = await make_provider("snom").register(device(NEW), url(), verify=True)
    assert outcome.verified is False


async def test_plain_http_endpoint_warns(make_provider: MakeProvider) -> None:
    """An http:// endpoint (the sandbox's) puts the unencrypted-credentials warning on every result."""
    provider = make_provider("snom")
    register = await provider.register(device(NEW), url())
    check = await provider.check(device(NEW))
    for outcome in (register, check):
        assert any("unencrypted" in w for w in outcome.warnings)


async def test_deregister_removes_own(sandbox: Sandbox, make_provider: MakeProvider) -> None:
    """Deregistering an own MAC removes it from the vendor's registry."""
    outcome = await make_provider("snom").deregister(device(OURS))
    assert OURS not in sandbox.simulator("snom").registry
    assert outcome.vendor_reply == "Ok"


@pytest.mark.parametrize(("mac", "code"), [(NEW, "not_registered"), (OTHERS, "device_owned_by_other_user")])
async def test_deregister_refusals(make_provider: MakeProvider, mac: str, code: str) -> None:
    """Deregistering an unknown MAC or another account's is refused with the right code."""
    with pytest.raises(RefusedError) as caught:
        await make_provider("snom").deregister(device(mac))
    assert caught.value.code == code


async def test_check_registered_reads_url_and_company(make_provider: MakeProvider) -> None:
    """check of an own MAC reports the URL it points to and the account's company."""
    outcome = await make_provider("snom").check(device(OURS))
    assert outcome.presence is Presence.REGISTERED
    assert outcome.url == DEMO_PREVIOUS_URL
    assert outcome.owner == "Sandbox Telecom"


@pytest.mark.parametrize(("mac", "presence"), [(NEW, Presence.NOT_REGISTERED), (OTHERS, Presence.OTHER_ACCOUNT)])
async def test_check_absent_or_other(make_provider: MakeProvider, mac: str, presence: Presence) -> None:
    """check tells a MAC registered nowhere from one of another account."""
    outcome = await make_provider("snom").check(device(mac))
    assert outcome.presence is presence and outcome.url is None


async def test_check_empty_url_is_not_redirected(sandbox: Sandbox, make_provider: MakeProvider) -> None:
    """getPhoneRedirection with an empty URL means the phone is not redirected."""
    stage(sandbox, "snom", [True, "Sandbox Telecom", ""])
    outcome = await make_provider("snom").check(device(OURS))
    assert outcome.presence is Presence.NOT_REGISTERED


@pytest.mark.parametrize(("mac", "presence"), [
    (OURS, Presence.REGISTERED), (NEW, Presence.NOT_REGISTERED), (OTHERS, Presence.OTHER_ACCOUNT)])
async def test_check_falls_back_to_check_phone(sandbox: Sandbox, make_provider: MakeProvider,
                                               mac: str, presence: Presence) -> None:
    """An account without getPhoneRedirection (a fault) is checked with checkPhone instead."""
    sim = sandbox.simulator("snom")
    sim.add_account("old-rds-account", "old-rds-secret", no_redirection_lookup=True)
    sim.registry[OURS].owner = "old-rds-account"
    settings = dataclasses.replace(sandbox.settings("snom"), user="old-rds-account", secret="old-rds-secret")
    outcome = await make_provider("snom", settings=settings).check(device(mac))
    assert outcome.presence is presence
    assert [c.operation for c in sim.calls][-2:] == ["redirect.getPhoneRedirection", "redirect.checkPhone"]


async def test_wrong_password_is_authentication_failed(sandbox: Sandbox, make_provider: MakeProvider) -> None:
    """Wrong credentials get HTTP 401 from the vendor, reported as authentication_failed."""
    settings = dataclasses.replace(sandbox.settings("snom"), secret="not-the-password")
    with pytest.raises(AuthenticationError) as caught:
        await make_provider("snom", settings=settings).register(device(NEW), url())
    assert caught.value.code == "authentication_failed"
    assert NEW not in sandbox.simulator("snom").registry


async def test_endpoint_without_trailing_slash_explains(sandbox: Sandbox, make_provider: MakeProvider) -> None:
    """Snom's 404 for an endpoint without the trailing slash says how to fix the URL."""
    settings = dataclasses.replace(sandbox.settings("snom"), endpoint=sandbox.endpoints["snom"].rstrip("/"))
    with pytest.raises(TransportError) as caught:
        await make_provider("snom", settings=settings).check(device(NEW))
    assert caught.value.code == "provider_remote_call_failed"
    assert "slash" in caught.value.message and not caught.value.retryable


async def test_probe_uses_echo(sandbox: Sandbox, make_provider: MakeProvider) -> None:
    """The account test calls network.echo and reports the credentials as accepted."""
    report = await make_provider("snom").probe()
    steps = {step.name: step.ok for step in report.steps}
    assert steps["credentials"] is True and set(report.can) == {"register", "check", "deregister"}
    assert sandbox.simulator("snom").calls[-1].operation == "network.echo"


async def test_probe_with_wrong_password(sandbox: Sandbox, make_provider: MakeProvider) -> None:
    """The account test reports refused credentials without raising."""
    settings = dataclasses.replace(sandbox.settings("snom"), secret="not-the-password")
    report = await make_provider("snom", settings=settings).probe()
    assert {step.name: step.ok for step in report.steps}["credentials"] is False


async def test_bad_endpoint_is_config_error_without_secret(sandbox: Sandbox, make_provider: MakeProvider) -> None:
    """An endpoint that is not an http(s) URL is invalid_configuration, and a password in it is masked."""
    settings = dataclasses.replace(sandbox.settings("snom"), endpoint="ftp://admin:hunter2-pw@pbx.example.com/")
    with pytest.raises(ConfigError) as caught:
        make_provider("snom", settings=settings)
    assert caught.value.code == "invalid_configuration"
    assert "hunter2-pw" not in str(caught.value)
