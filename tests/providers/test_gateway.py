"""The Falconieri gateway as a backend, against the gateway simulator over loopback HTTP."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from falconieri_desktop.core.config import CallConfig, resolve
from falconieri_desktop.core.devices import DeviceId, Presence
from falconieri_desktop.core.errors import (
    ERROR_CODES,
    AuthenticationError,
    ConfigError,
    FalconieriError,
    InputError,
    RateLimitedError,
    RefusedError,
    ResponseError,
)
from falconieri_desktop.core.mac import parse_mac
from falconieri_desktop.providers.gateway import GatewayProvider
from falconieri_desktop.sandbox import Sandbox
from falconieri_desktop.sandbox.gateway import PROVIDER_ERRORS, GatewaySimulator
from falconieri_desktop.sandbox.http import Response
from tests.providers.conftest import MakeProvider, device, url

MAC = "000413A1B201"


def sim(sandbox: Sandbox) -> GatewaySimulator:
    return sandbox.simulator("gateway")


def gateway(make_provider: MakeProvider, target: str = "snom", **changes: Any) -> GatewayProvider:
    provider = make_provider("gateway", target_provider=target)
    if changes:
        provider = make_provider("gateway", settings=dataclasses.replace(provider.settings, **changes))
    assert isinstance(provider, GatewayProvider)
    return provider


async def test_register_puts_dashed_mac_with_basic_auth(sandbox: Sandbox, make_provider: MakeProvider) -> None:
    """PUT /providers/snom/AA-BB-... with {"url"} and Basic credentials registers the device."""
    outcome = await gateway(make_provider).register(device(MAC), url())
    record = sim(sandbox).registry[sim(sandbox).key("snom", MAC)]
    assert record.url == outcome.url == url().text and record.owner == sim(sandbox).primary.user
    assert outcome.pin is None and outcome.details["via"] == "gateway"
    assert sim(sandbox).calls[-1].operation == "PUT snom"


async def test_ymcs_device_pin_is_passed_through(sandbox: Sandbox, make_provider: MakeProvider) -> None:
    """For ymcs the gateway's device_pin becomes the outcome's PIN; the serial travels in the body."""
    outcome = await gateway(make_provider, "ymcs").register(
        DeviceId(parse_mac("44DBD2C3D401"), serial="8015C3D40100001"), url())
    record = sim(sandbox).registry[sim(sandbox).key("ymcs", "44DBD2C3D401")]
    assert outcome.pin == record.extra["pin"] and record.serial == "8015C3D40100001"


async def test_gigaset_crc_goes_in_the_query(sandbox: Sandbox, make_provider: MakeProvider) -> None:
    """The Gigaset MAC-ID code is sent as ?crc=; without it the gateway's 400 is an input error."""
    provider = gateway(make_provider, "gigaset")
    await provider.register(device("7C2F80C0FF01", "K3Q7"), url())
    assert sim(sandbox).registry[sim(sandbox).key("gigaset", "7C2F80C0FF01")].crc == "K3Q7"
    with pytest.raises(InputError) as caught:
        await provider.register(device("7C2F80C0FF01"), url())
    assert caught.value.code == "missing_mac-id_crc"


async def test_wrong_password_is_authentication_failed(sandbox: Sandbox, make_provider: MakeProvider) -> None:
    """A 401 from the gateway is authentication_failed, and nothing is registered."""
    with pytest.raises(AuthenticationError):
        await gateway(make_provider, secret="wrong").register(device(MAC), url())
    assert sim(sandbox).key("snom", MAC) not in sim(sandbox).registry


async def test_no_credentials_when_the_gateway_needs_none(sandbox: Sandbox, make_provider: MakeProvider) -> None:
    """Basic auth is optional: a gateway without it is reached without credentials."""
    sim(sandbox).require_auth = False
    await gateway(make_provider, user="", secret="").register(device(MAC), url())
    assert sim(sandbox).calls[-1].user is None and sim(sandbox).calls[-1].ok


@pytest.mark.parametrize("code", PROVIDER_ERRORS)
async def test_provider_errors_map_one_to_one(sandbox: Sandbox, make_provider: MakeProvider, code: str) -> None:
    """Every documented 500 code becomes the same code of ours, with the gateway's message kept."""
    sim(sandbox).fail_mac(MAC, code, "vendor said no")
    with pytest.raises(FalconieriError) as caught:
        await gateway(make_provider).register(device(MAC), url())
    assert caught.value.code == code
    assert isinstance(caught.value, ERROR_CODES[code].cls)
    assert caught.value.vendor_message == "vendor said no"


@pytest.mark.parametrize("code", ["missing_mac_address", "malformed_mac_address", "missing_url",
                                  "unable_to_parse_url", "unsupported_url_scheme", "missing_mac-id_crc",
                                  "invalid_mac-id_crc_format"])
async def test_input_errors_map_one_to_one(sandbox: Sandbox, make_provider: MakeProvider, code: str) -> None:
    """Every documented 400 code is the same input error of ours."""
    sandbox.servers["gateway"].script(Response.json({"error": code}, 400))
    with pytest.raises(InputError) as caught:
        await gateway(make_provider).register(device(MAC), url())
    assert caught.value.code == code


async def test_unknown_provider_error_keeps_vendor_text(sandbox: Sandbox, make_provider: MakeProvider) -> None:
    """falconieri's "unknown_provider_error: <text>" is our unknown_provider_error with the text."""
    sandbox.servers["gateway"].script(Response.json({"error": "unknown_provider_error: Error:quota"}, 500))
    with pytest.raises(RefusedError) as caught:
        await gateway(make_provider).register(device(MAC), url())
    assert caught.value.code == "unknown_provider_error" and caught.value.vendor_message == "Error:quota"


async def test_unknown_codes_keep_their_class(sandbox: Sandbox, make_provider: MakeProvider) -> None:
    """A code we do not know is an input error on 400 and a refusal on 500, with the code shown."""
    sandbox.servers["gateway"].script(Response.json({"error": "new_input_rule"}, 400),
                                      Response.json({"error": "new_vendor_rule", "message": "m"}, 500))
    provider = gateway(make_provider)
    with pytest.raises(InputError) as bad_input:
        await provider.register(device(MAC), url())
    assert "new_input_rule" in bad_input.value.message
    with pytest.raises(RefusedError) as refused:
        await provider.register(device(MAC), url())
    assert refused.value.code == "unknown_provider_error" and refused.value.vendor_message == "m"


async def test_disabled_provider_is_not_supported(sandbox: Sandbox, make_provider: MakeProvider) -> None:
    """404 provider_not_supported is a configuration error naming the provider."""
    sim(sandbox).disabled.add("fanvil")
    with pytest.raises(ConfigError) as caught:
        await gateway(make_provider, "fanvil").register(device("0C383EF4A101"), url())
    assert caught.value.code == "provider_not_supported" and "fanvil" in caught.value.message


async def test_owned_by_other_user(sandbox: Sandbox, make_provider: MakeProvider) -> None:
    """A MAC registered to another account is device_owned_by_other_user."""
    sim(sandbox).give_to_other(MAC)
    with pytest.raises(RefusedError) as caught:
        await gateway(make_provider).register(device(MAC), url())
    assert caught.value.code == "device_owned_by_other_user"


async def test_rate_limit_and_empty_404(sandbox: Sandbox, make_provider: MakeProvider) -> None:
    """429 carries Retry-After; an empty 404 on PUT means the URL is not a gateway."""
    provider = gateway(make_provider)
    sandbox.servers["gateway"].script(Response(429, b"", [("Retry-After", "3")]), Response(404))
    with pytest.raises(RateLimitedError) as limited:
        await provider.register(device(MAC), url())
    assert limited.value.retry_after == 3
    with pytest.raises(ResponseError) as not_gateway:
        await provider.register(device(MAC), url())
    assert "gateway URL" in not_gateway.value.message


async def test_reference_gateway_cannot_check_or_deregister(sandbox: Sandbox, make_provider: MakeProvider) -> None:
    """With only PUT (empty 404 on GET/DELETE), check and deregister are operation_not_supported."""
    provider = gateway(make_provider)
    for operation in (provider.check, provider.deregister):
        with pytest.raises(RefusedError) as caught:
            await operation(device(MAC))
        assert caught.value.code == "operation_not_supported"
    report = await provider.probe()
    assert report.can == ("register",) and any("cannot check" in w for w in report.warnings)


async def test_extended_gateway_checks_and_deregisters(sandbox: Sandbox, make_provider: MakeProvider) -> None:
    """A gateway that answers GET/DELETE gets real checks and removals, and the probe says so."""
    sim(sandbox).extended = True
    provider = gateway(make_provider)
    assert (await provider.check(device(MAC))).presence is Presence.NOT_REGISTERED
    await provider.register(device(MAC), url())
    found = await provider.check(device(MAC))
    assert found.presence is Presence.REGISTERED and found.url == url().text
    await provider.deregister(device(MAC))
    with pytest.raises(RefusedError) as caught:
        await provider.deregister(device(MAC))
    assert caught.value.code == "not_registered"
    assert (await provider.probe()).can == ("register", "check", "deregister")


async def test_missing_credentials_fall_back_to_the_gateway(sandbox: Sandbox, make_provider: MakeProvider) -> None:
    """A provider without credentials resolves to the gateway from FALCONIERI_GATEWAY_* and works."""
    gateway_settings = sandbox.settings("gateway")
    env = {"FALCONIERI_GATEWAY_URL": gateway_settings.endpoint, "FALCONIERI_GATEWAY_USER": gateway_settings.user,
           "FALCONIERI_GATEWAY_PASSWORD": gateway_settings.secret}
    resolved = resolve("sraps", CallConfig(env=env))
    assert resolved.implementation == "gateway" and resolved.settings.option("target_provider") == "sraps"
    assert GatewayProvider.info.env_names == {"endpoint": "FALCONIERI_GATEWAY_URL", "user": "FALCONIERI_GATEWAY_USER",
                                              "secret": "FALCONIERI_GATEWAY_PASSWORD",
                                              "disable": "FALCONIERI_GATEWAY_DISABLE"}
    await make_provider("gateway", settings=resolved.settings).register(device("000413B5C601"), url())
    assert sim(sandbox).key("sraps", "000413B5C601") in sim(sandbox).registry
