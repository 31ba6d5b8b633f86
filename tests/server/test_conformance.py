"""falconieri's README, case by case: every documented status, code and body of PUT and health.

The gateway runs in-process (ASGI) over the sandbox simulators on loopback; the cases marked
"socket" repeat over a real uvicorn, so the wire (empty 200 bodies, content types) is checked too.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from falconieri_desktop.sandbox import Sandbox
from falconieri_desktop.sandbox.http import Response
from tests.server.conftest import URL, Harness, MakeHarness

MAC = "AC-DE-48-23-45-67"
BARE = "ACDE48234567"
GIGASET_MAC, GIGASET_CODE = "7C-2F-80-C3-D4-11", "K7Q2"

# Every provider but gigaset and ymcs answers 200 with an empty body and no JSON.
PLAIN_PROVIDERS = ("snom", "yealink", "fanvil", "grape", "sraps")


def registered_url(sandbox: Sandbox, provider: str, mac: str = BARE) -> str | None:
    record = sandbox.simulator(provider).registry.get(mac)
    return record.url if record is not None else None


async def put(h: Harness, provider: str, mac: str = MAC, body: Any = None, **kwargs: Any) -> httpx.Response:
    payload = {"json": {"url": URL} if body is None else body} if not isinstance(body, (bytes, str)) \
        else {"content": body}
    return await h.client.put(f"/providers/{provider}/{mac}", **payload, **kwargs)


def assert_error(response: httpx.Response, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert body["error"] == code, body
    return body


# -- 200 -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("provider", PLAIN_PROVIDERS)
async def test_put_registers_with_empty_200(harness: Harness, provider: str) -> None:
    """PUT registers the MAC at the vendor and answers 200 with an empty body (falconieri: c.Status(200))."""
    response = await put(harness, provider)
    assert response.status_code == 200 and response.content == b""
    assert "content-type" not in response.headers
    assert registered_url(harness.sandbox, provider) == URL


async def test_gigaset_put_with_crc_registers_the_mac_id(harness: Harness) -> None:
    """gigaset with ?crc= registers MAC-CODE and answers 200, empty."""
    response = await put(harness, "gigaset", GIGASET_MAC, params={"crc": GIGASET_CODE})
    assert response.status_code == 200 and response.content == b""
    record = harness.sim("gigaset").registry["7C2F80C3D411"]
    assert record.url == URL and record.crc == GIGASET_CODE


async def test_ymcs_put_answers_the_device_pin(harness: Harness) -> None:
    """ymcs answers 200 {"device_pin": "..."} with the PIN YMCS holds for the device."""
    response = await put(harness, "ymcs", "44-DB-D2-C3-D4-01")
    assert response.status_code == 200
    assert response.json() == {"device_pin": harness.sim("ymcs").pin_of("44DBD2C3D401")}
    assert response.json()["device_pin"]


async def test_ymcs_without_pin_answers_null(harness: Harness) -> None:
    """When YMCS gives no PIN the body is {"device_pin": null}, still 200 (the PIN is optional)."""
    harness.sim("ymcs").issue_pins = False
    response = await put(harness, "ymcs", "44-DB-D2-C3-D4-02")
    assert response.status_code == 200 and response.json() == {"device_pin": None}


async def test_put_overrides_the_previous_registration(harness: Harness) -> None:
    """A second PUT for the same MAC overrides the first URL (falconieri: "the new configuration override")."""
    await put(harness, "snom")
    response = await put(harness, "snom", body={"url": "https://new-pbx.example.com/p/"})
    assert response.status_code == 200
    assert registered_url(harness.sandbox, "snom") == "https://new-pbx.example.com/p/"


@pytest.mark.parametrize("mac", ["ac-de-48-23-45-67", "AC:DE:48:23:45:67", "ACDE48234567", "acde.4823.4567"])
async def test_other_common_mac_forms_are_accepted(harness: Harness, mac: str) -> None:
    """Besides falconieri's AC-DE-48-23-45-67, lower case, colons, bare and Cisco forms register the same MAC."""
    response = await put(harness, "snom", mac)
    assert response.status_code == 200
    assert registered_url(harness.sandbox, "snom") == URL


async def test_url_is_unescaped_as_falconieri_does(harness: Harness) -> None:
    """%XX escapes reach the vendor decoded (QueryUnescape): %7Bmac%7D -> {mac}, %25MACD -> %MACD."""
    await put(harness, "snom", body={"url": "https://pbx.example.com/p/%7Bmac%7D.xml"})
    assert registered_url(harness.sandbox, "snom") == "https://pbx.example.com/p/{mac}.xml"
    await put(harness, "gigaset", GIGASET_MAC, body={"url": "https://pbx.example.com/g/%25MACD.xml"},
              params={"crc": GIGASET_CODE})
    assert harness.sim("gigaset").registry["7C2F80C3D411"].url == "https://pbx.example.com/g/%MACD.xml"


async def test_fanvil_url_is_not_unescaped(harness: Harness) -> None:
    """falconieri passes Fanvil's URL on as parsed, without QueryUnescape: %25 stays %25."""
    response = await put(harness, "fanvil", body={"url": "https://pbx.example.com/f/a%25b/"})
    assert response.status_code == 200
    assert "a%25b" in harness.sim("fanvil").registry[BARE].url


async def test_plus_in_url_is_kept(harness: Harness) -> None:
    """A '+' stays a '+' (Go's QueryUnescape would make it a space no phone can fetch)."""
    await put(harness, "snom", body={"url": "https://pbx.example.com/p/a+b.xml"})
    assert registered_url(harness.sandbox, "snom") == "https://pbx.example.com/p/a+b.xml"


async def test_crc_is_ignored_by_other_providers(harness: Harness) -> None:
    """?crc= means nothing to snom, even malformed: falconieri reads it only for gigaset."""
    response = await put(harness, "snom", params={"crc": "not a code"})
    assert response.status_code == 200


async def test_unknown_body_fields_are_ignored(harness: Harness) -> None:
    """Extra JSON fields do not matter (gin's binding ignores them); a non-JSON Content-Type neither."""
    response = await harness.client.put(f"/providers/snom/{MAC}", content=b'{"url":"%s","x":1}' % URL.encode(),
                                        headers={"Content-Type": "text/plain"})
    assert response.status_code == 200


async def test_health_check_is_200_empty_and_public(make_harness: MakeHarness) -> None:
    """GET /health/check answers 200 with an empty body, without credentials."""
    h = await make_harness(headers={})
    response = await h.client.get("/health/check")
    assert response.status_code == 200 and response.content == b""


# -- 400 -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("mac", ["", "%20"])
async def test_missing_mac_address(harness: Harness, mac: str) -> None:
    """An empty MAC segment is 400 missing_mac_address."""
    response = await harness.client.put(f"/providers/snom/{mac}", json={"url": URL})
    assert_error(response, 400, "missing_mac_address")


@pytest.mark.parametrize("mac", ["ZZ-DE-48-23-45-67", "AC-DE-48-23-45", "AC-DE-48-23-45-67-89", "hello",
                                 "FF-FF-FF-FF-FF-FF", "01-00-5E-00-00-01", "AC-DE-48%2F23-45-67"])
async def test_malformed_mac_address(harness: Harness, mac: str) -> None:
    """Anything that is not a unicast EUI-48 is 400 malformed_mac_address, with a message saying why."""
    body = assert_error(await put(harness, "snom", mac), 400, "malformed_mac_address")
    assert body["message"] and body["hint"]


@pytest.mark.parametrize("body", [b"", b"not json", b"[]", b"null", {}, {"url": ""}, {"url": "  "}, {"url": 5},
                                  {"url": None}, {"link": URL}])
async def test_missing_url(harness: Harness, body: Any) -> None:
    """No JSON object with a non-empty string 'url' is 400 missing_url."""
    assert_error(await put(harness, "snom", body=body), 400, "missing_url")


@pytest.mark.parametrize("url", ["https://exa mple.com/", "https://pbx.example.com:99999/", "http://",
                                 "https://[::1/", "https://pbx.example.com/%zz", "https://x.example.com/%2",
                                 "https://x.example.com/%20a"])
async def test_unable_to_parse_url(harness: Harness, url: str) -> None:
    """A URL that cannot be parsed (or decoded, as falconieri decodes it) is 400 unable_to_parse_url."""
    assert_error(await put(harness, "snom", body={"url": url}), 400, "unable_to_parse_url")


@pytest.mark.parametrize("url", ["ssh://pbx.example.com/", "file:///etc/passwd", "javascript:alert(1)",
                                 "pbx.example.com/prov", "ldap://x.example.com/"])
async def test_unsupported_url_scheme(harness: Harness, url: str) -> None:
    """Schemes other than ftp, tftp, http, https -- none included -- are 400 unsupported_url_scheme."""
    assert_error(await put(harness, "snom", body={"url": url}), 400, "unsupported_url_scheme")


@pytest.mark.parametrize("url", ["ftp://pbx.example.com/p/", "tftp://10.0.0.1/p/", "http://pbx.example.com/"])
async def test_every_documented_scheme_is_accepted(harness: Harness, url: str) -> None:
    """ftp, tftp and http are valid schemes, as https."""
    assert (await put(harness, "snom", body={"url": url})).status_code == 200


async def test_gigaset_without_crc_is_missing_mac_id_crc(harness: Harness) -> None:
    """gigaset without ?crc= is 400 missing_mac-id_crc, and nothing reaches the vendor."""
    calls = len(harness.sim("gigaset").calls)
    assert_error(await put(harness, "gigaset", GIGASET_MAC), 400, "missing_mac-id_crc")
    assert len(harness.sim("gigaset").calls) == calls


@pytest.mark.parametrize("crc", ["K7Q", "K7Q22", "K7-2", "K7Q!"])
async def test_gigaset_bad_crc_is_invalid_format(harness: Harness, crc: str) -> None:
    """A code that is not 4 of A-Z 0-9 is 400 invalid_mac-id_crc_format."""
    assert_error(await put(harness, "gigaset", GIGASET_MAC, params={"crc": crc}), 400, "invalid_mac-id_crc_format")


async def test_gigaset_disable_crc_needs_no_code(make_harness: MakeHarness, sandbox: Sandbox) -> None:
    """With GIGASET_DISABLE_CRC=true (falconieri's disable_crc) the bare MAC is sent and ?crc= is not needed."""
    sim = sandbox.simulator("gigaset")
    sim.primary.flags["bare_mac"] = True
    try:
        h = await make_harness(env_changes={"GIGASET_DISABLE_CRC": "true"})
        assert (await put(h, "gigaset", "7C-2F-80-00-11-22")).status_code == 200
        assert sim.registry["7C2F80001122"].crc is None
    finally:
        sim.primary.flags.pop("bare_mac", None)


@pytest.mark.parametrize(("provider", "mac", "body", "params", "code"), [
    ("snom", "ZZ", {}, {}, "malformed_mac_address"),  # MAC before URL
    ("gigaset", GIGASET_MAC, {}, {}, "missing_url"),  # URL before the Gigaset code
    ("gigaset", GIGASET_MAC, {"url": "ssh://x.example.com/"}, {"crc": "!"}, "unsupported_url_scheme"),
])
async def test_errors_come_in_falconieri_order(harness: Harness, provider: str, mac: str, body: Any,
                                               params: dict[str, str], code: str) -> None:
    """With several problems, the first in falconieri's order wins: MAC, then URL, then the code."""
    assert_error(await put(harness, provider, mac, body=body, params=params), 400, code)


# -- 404 -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("provider", ["polycom", "gateway", "SNOM", "snom2"])
async def test_unknown_provider_is_404(harness: Harness, provider: str) -> None:
    """A provider this gateway does not know is 404 provider_not_supported, before the MAC is judged."""
    assert_error(await put(harness, provider, "not-a-mac"), 404, "provider_not_supported")


async def test_provider_disabled_by_environment_is_404(make_harness: MakeHarness) -> None:
    """SNOM_DISABLE=true makes snom 404 provider_not_supported (falconieri: "not supported or disabled")."""
    h = await make_harness(env_changes={"SNOM_DISABLE": "true"})
    assert_error(await put(h, "snom"), 404, "provider_not_supported")
    assert (await put(h, "yealink")).status_code == 200


async def test_provider_disabled_in_conf_json_is_404(make_harness: MakeHarness) -> None:
    """"disable": true in conf.json's section turns the provider off too."""
    h = await make_harness(conf={"providers": {"yealink": {"disable": True}}})
    assert_error(await put(h, "yealink"), 404, "provider_not_supported")


async def test_environment_wins_over_conf_json(make_harness: MakeHarness, sandbox: Sandbox) -> None:
    """conf.json says disable, YEALINK_DISABLE=false says enable: the environment wins (falconieri)."""
    h = await make_harness(conf={"providers": {"yealink": {"disable": True}}},
                           env_changes={"YEALINK_DISABLE": "false"})
    assert (await put(h, "yealink")).status_code == 200


async def test_credentials_from_conf_json(make_harness: MakeHarness, sandbox: Sandbox) -> None:
    """A provider configured only in conf.json (falconieri's keys) is offered and works."""
    settings = sandbox.settings("snom")
    conf = {"providers": {"snom": {"user": settings.user, "password": settings.secret,
                                   "rpc_url": settings.endpoint, "disable": False}}}
    h = await make_harness(conf=conf, env_changes={"SNOM_USER": None, "SNOM_PASSWORD": None, "SNOM_RPC_URL": None})
    assert (await put(h, "snom")).status_code == 200


async def test_provider_without_credentials_is_404(make_harness: MakeHarness) -> None:
    """A provider with no credentials anywhere is not offered (falconieri disables it): 404."""
    h = await make_harness(env_changes={"GRAPE_CLIENT_ID": None, "GRAPE_CLIENT_SECRET": None})
    assert_error(await put(h, "grape"), 404, "provider_not_supported")


async def test_gateway_variables_do_not_forward_to_another_gateway(make_harness: MakeHarness, sandbox: Sandbox) -> None:
    """FALCONIERI_GATEWAY_URL never makes a provider without credentials go through another gateway."""
    changes: dict[str, str | None] = {**sandbox.env(include_gateway=True), "SRAPS_CLIENT_ID": None,
                                      "SRAPS_CLIENT_SECRET": None}
    h = await make_harness(env_changes=changes)
    assert_error(await put(h, "sraps"), 404, "provider_not_supported")
    assert not sandbox.simulator("gateway").calls


# -- 500 -------------------------------------------------------------------------------------------


async def test_device_owned_by_other_user(harness: Harness) -> None:
    """A MAC another vendor account holds is 500 device_owned_by_other_user."""
    harness.sim("snom").give_to_other(BARE)
    assert_error(await put(harness, "snom"), 500, "device_owned_by_other_user")


@pytest.mark.parametrize(("reply", "code"), [
    ([False, "Error:malformed_url"], "malformed_url"),
    ([False, "Error:malformed_mac"], "not_valid_mac_address"),
    ([False, "Error:owned_by_other_user"], "device_owned_by_other_user"),
])
async def test_vendor_refusals_map_to_falconieri_codes(harness: Harness, reply: list[Any], code: str) -> None:
    """Snom's refusal texts become falconieri's 500 codes."""
    harness.sandbox.servers["snom"].script(harness.sim("snom").respond(reply))
    assert_error(await put(harness, "snom"), 500, code)


async def test_unknown_provider_error_carries_the_vendor_message(harness: Harness) -> None:
    """An unknown vendor text is 500 unknown_provider_error with that text as "message"."""
    harness.sandbox.servers["snom"].script(harness.sim("snom").respond([False, "Error:quota_exceeded"]))
    body = assert_error(await put(harness, "snom"), 500, "unknown_provider_error")
    assert body["message"] == "Error:quota_exceeded"


async def test_not_valid_mac_address_from_gigaset(harness: Harness) -> None:
    """Gigaset's mac_not_exist (a code that is not the phone's) is 500 not_valid_mac_address."""
    harness.sim("gigaset").codes["7C2F80C3D499"] = "AAAA"
    response = await put(harness, "gigaset", "7C-2F-80-C3-D4-99", params={"crc": "BBBB"})
    assert_error(response, 500, "not_valid_mac_address")


async def test_provider_remote_call_failed(harness: Harness) -> None:
    """A vendor answering HTTP 503 is 500 provider_remote_call_failed, with Retry-After passed on."""
    harness.sandbox.servers["snom"].script(Response(503, b"busy", [("Retry-After", "7")]))
    response = await put(harness, "snom")
    assert_error(response, 500, "provider_remote_call_failed")
    assert response.headers["retry-after"] == "7"


async def test_read_remote_response_failed(harness: Harness) -> None:
    """A vendor answer cut short is 500 read_remote_response_failed."""
    harness.sandbox.servers["snom"].script(Response(fault="truncated"))
    assert_error(await put(harness, "snom"), 500, "read_remote_response_failed")


async def test_unknown_response_from_provider(harness: Harness) -> None:
    """A vendor answer that is not its protocol is 500 unknown_response_from_provider."""
    harness.sandbox.servers["snom"].script(Response(fault="malformed"))
    assert_error(await put(harness, "snom"), 500, "unknown_response_from_provider")


async def test_connection_to_remote_provider_failed_has_a_message(make_harness: MakeHarness) -> None:
    """An unreachable vendor is 500 connection_to_remote_provider_failed with a "message"."""
    h = await make_harness(env_changes={"SNOM_RPC_URL": "http://127.0.0.1:9/xmlrpc/"})
    body = assert_error(await put(h, "snom"), 500, "connection_to_remote_provider_failed")
    assert body["message"]


async def test_vendor_secret_never_in_an_error(make_harness: MakeHarness, sandbox: Sandbox) -> None:
    """Refused vendor credentials are 500 authentication_failed, and the secret appears nowhere in the body."""
    h = await make_harness(env_changes={"SNOM_PASSWORD": "wrong-password-1234"})
    response = await put(h, "snom")
    assert_error(response, 500, "authentication_failed")
    assert "wrong-password-1234" not in response.text and sandbox.settings("snom").secret not in response.text


# -- the same over a real socket -------------------------------------------------------------------


async def test_socket_put_200_is_empty_on_the_wire(live_client: httpx.AsyncClient, sandbox: Sandbox) -> None:
    """Over a real socket: 200, Content-Length 0, no Content-Type; the simulator holds the URL."""
    response = await live_client.put(f"/providers/snom/{MAC}", json={"url": URL})
    assert response.status_code == 200 and response.headers["content-length"] == "0"
    assert "content-type" not in response.headers and registered_url(sandbox, "snom") == URL


async def test_socket_documented_errors(live_client: httpx.AsyncClient, sandbox: Sandbox) -> None:
    """Over a real socket: 400, 404 and 500 answers carry falconieri's JSON {"error"}."""
    sandbox.simulator("snom").give_to_other(BARE)
    cases = [
        (await live_client.put("/providers/snom/ZZ", json={"url": URL}), 400, "malformed_mac_address"),
        (await live_client.put(f"/providers/snom/{MAC}", content=b"{"), 400, "missing_url"),
        (await live_client.put(f"/providers/gigaset/{GIGASET_MAC}", json={"url": URL}), 400, "missing_mac-id_crc"),
        (await live_client.put(f"/providers/nokia/{MAC}", json={"url": URL}), 404, "provider_not_supported"),
        (await live_client.put(f"/providers/snom/{MAC}", json={"url": URL}), 500, "device_owned_by_other_user"),
    ]
    for response, status, code in cases:
        assert_error(response, status, code)


async def test_socket_ymcs_pin_and_health(live_client: httpx.AsyncClient, sandbox: Sandbox) -> None:
    """Over a real socket: ymcs's {"device_pin"} and an empty 200 health check."""
    response = await live_client.put("/providers/ymcs/44-DB-D2-C3-D4-05", json={"url": URL})
    assert response.json() == {"device_pin": sandbox.simulator("ymcs").pin_of("44DBD2C3D405")}
    health = await live_client.get("/health/check", headers={"Authorization": ""})
    assert health.status_code == 200 and health.content == b""
