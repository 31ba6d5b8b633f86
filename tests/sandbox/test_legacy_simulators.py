"""The four legacy XML-RPC simulators on the wire: what real clients send, what falconieri parses.

These talk raw HTTP to the sandbox (no provider code), so they pin the simulators' fidelity:
falconieri's own response regexes must match, and the request styles of other clients (XML
declaration, indentation, CDATA, untyped values) must work.
"""

from __future__ import annotations

import re
import xmlrpc.client
from collections.abc import Iterator

import httpx
import pytest

from falconieri_desktop.providers.fanvil import fanvil_password
from falconieri_desktop.sandbox import Sandbox

# falconieri's response regexes, verbatim in effect (providers/*.go)
FAL_SNOM = re.compile(r"<params><param><value><array><data><value><boolean>(.*)</boolean></value>"
                      r"<value><string>(.*)</string></value></data></array></value></param></params>")
FAL_GIGASET = re.compile(r"<params><param><value><array><data><value><boolean>(.*)</boolean></value>"
                         r"<value>(.*)</value></data></array></value></param></params>")
FAL_YEALINK = re.compile(FAL_GIGASET.pattern, re.DOTALL)
FAL_FANVIL = re.compile(r".*<boolean>(.*)</boolean>.*<string>(.*)</string>.*", re.DOTALL)


@pytest.fixture
def http() -> Iterator[httpx.Client]:
    with httpx.Client(timeout=10) as client:
        yield client


def post(http: httpx.Client, sandbox: Sandbox, name: str, body: bytes | str, *,
         content_type: str = "text/xml", endpoint: str | None = None, password: str | None = None) -> httpx.Response:
    settings = sandbox.settings(name)
    secret = password if password is not None else (
        fanvil_password(settings.secret) if name == "fanvil" else settings.secret)
    return http.post(endpoint or settings.endpoint, content=body, auth=(settings.user, secret),
                     headers={"Content-Type": content_type})


def groups(pattern: re.Pattern[str], text: str) -> tuple[str, ...]:
    """The captures of falconieri's regex over the raw body (which must match)."""
    match = pattern.search(text)
    assert match is not None, text
    return match.groups()


def call(method: str, *params: str) -> bytes:
    """A request as falconieri's Go client writes it: no declaration, no whitespace."""
    args = "".join(f"<param><value><string>{p}</string></value></param>" for p in params)
    return f"<methodCall><methodName>{method}</methodName><params>{args}</params></methodCall>".encode()


def test_snom_answers_match_falconieri_regex(http: httpx.Client, sandbox: Sandbox) -> None:
    """Snom's success and error answers match falconieri's compact regex, message in <string>."""
    ok = post(http, sandbox, "snom", call("redirect.registerPhone", "000413A1B201", "https://p.example.com/{mac}"))
    refused = post(http, sandbox, "snom", call("redirect.registerPhone", "00041393B203", "https://p.example.com/"))
    assert groups(FAL_SNOM, ok.text) == ("1", "Ok")
    assert groups(FAL_SNOM, refused.text) == ("0", "Error:owned_by_other_user")
    assert ok.status_code == refused.status_code == 200


def test_snom_redirection_has_three_elements(http: httpx.Client, sandbox: Sandbox) -> None:
    """getPhoneRedirection answers [true, company, url]."""
    response = post(http, sandbox, "snom", call("redirect.getPhoneRedirection", "000413a3b202"))
    assert xmlrpc.client.loads(response.content)[0][0] == [
        True, "Sandbox Telecom", "https://old-pbx.example.com/provisioning/"]


def test_gigaset_answers_bare_value(http: httpx.Client, sandbox: Sandbox) -> None:
    """Gigaset's messages are bare <value> text, as falconieri's prefix checks need."""
    response = post(http, sandbox, "gigaset", call("autoprov.registerDevice", "7C2F80C0FF03-M4X9",
                                                   "https://p.example.com/", "Falconieri"))
    assert groups(FAL_GIGASET, response.text) == (
        "0", "mac_already_in_use:7C2F80C0FF03")


def test_gigaset_mac_id_case_insensitive(http: httpx.Client, sandbox: Sandbox) -> None:
    """A lower-case MAC-ID (peoplefone upper-cases, others may not) is the same phone."""
    response = post(http, sandbox, "gigaset", call("autoprov.checkDevice", "589ec6c0ff02-7tz2"))
    assert groups(FAL_GIGASET, response.text) == ("1", "589EC6C0FF02")


def test_yealink_htek_style_request(http: httpx.Client, sandbox: Sandbox) -> None:
    """An indented request with an XML declaration and CDATA (the API documentation's example) works."""
    body = """<?xml version='1.0' encoding='UTF-8'?>
    <methodCall>
        <methodName>redirect.checkDevice</methodName>
        <params>
            <param>
                <value>
                    <string><![CDATA[80:5e:c0:d1:e2:02]]></string>
                </value>
            </param>
        </params>
    </methodCall>"""
    response = post(http, sandbox, "yealink", body)
    assert groups(FAL_YEALINK, response.text) == ("1", "registered")
    assert 'xmlns:ex="http://ws.apache.org/xmlrpc/namespaces/extensions"' in response.text


def test_yealink_untyped_values(http: httpx.Client, sandbox: Sandbox) -> None:
    """Untyped <value>text</value> parameters are strings."""
    body = ("<methodCall><methodName>redirect.registerDeviceWithUniqueUrl</methodName><params>"
            "<param><value>80-5E-C0-D1-E2-01</value></param><param><value>Falconieri</value></param>"
            "<param><value>https://p.example.com/$MAC</value></param><param><value>1</value></param>"
            "</params></methodCall>")
    response = post(http, sandbox, "yealink", body)
    assert groups(FAL_YEALINK, response.text) == ("1", "OK")
    assert sandbox.simulator("yealink").registry["805EC0D1E201"].url == "https://p.example.com/$MAC"


def test_fanvil_answers_match_falconieri_regex(http: httpx.Client, sandbox: Sandbox) -> None:
    """Fanvil's answers match falconieri's greedy regex, message in <string>."""
    response = post(http, sandbox, "fanvil", call("redirect.deleteServer", "0C383EF4A101"))
    assert groups(FAL_FANVIL, response.text) == ("0", "Error:server_not_exist")


def test_fanvil_group_with_device_cannot_be_deleted(http: httpx.Client, sandbox: Sandbox) -> None:
    """deleteServer refuses while a phone is in the group: falconieri's old order (delete first) fails."""
    response = post(http, sandbox, "fanvil", call("redirect.deleteServer", "0C383EF4A102"))
    assert xmlrpc.client.loads(response.content)[0][0] == [False, "Error:server_has_device"]


def test_fanvil_register_needs_group(http: httpx.Client, sandbox: Sandbox) -> None:
    """registerDevice into a group that does not exist is refused."""
    response = post(http, sandbox, "fanvil", call("redirect.registerDevice", "0C383EF4A101", "NOGROUP"))
    assert xmlrpc.client.loads(response.content)[0][0] == [False, "Error:server_not_exist"]


@pytest.mark.parametrize("name", ["snom", "gigaset", "yealink", "fanvil"])
def test_wrong_password_is_401(http: httpx.Client, sandbox: Sandbox, name: str) -> None:
    """Wrong credentials get HTTP 401 with a Basic challenge, and no operation is performed."""
    response = post(http, sandbox, name, call("x"), password="wrong-password")
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Basic ")


@pytest.mark.parametrize("name", ["snom", "gigaset", "yealink", "fanvil"])
def test_unknown_method_is_fault(http: httpx.Client, sandbox: Sandbox, name: str) -> None:
    """An unknown method is an XML-RPC fault with HTTP 200."""
    response = post(http, sandbox, name, call("redirect.noSuchMethod", "x"))
    assert response.status_code == 200
    with pytest.raises(xmlrpc.client.Fault) as caught:
        xmlrpc.client.loads(response.content)
    assert caught.value.faultCode == -32601


def test_wrong_parameter_count_is_fault(http: httpx.Client, sandbox: Sandbox) -> None:
    """A call with the wrong number of parameters is a fault, not a crash."""
    response = post(http, sandbox, "snom", call("redirect.registerPhone", "000413A1B201"))
    with pytest.raises(xmlrpc.client.Fault) as caught:
        xmlrpc.client.loads(response.content)
    assert caught.value.faultCode == -32602


def test_dtd_in_request_is_refused(http: httpx.Client, sandbox: Sandbox) -> None:
    """A request with a DTD is not expanded; it is a parse-error fault."""
    body = (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]>'
            b"<methodCall><methodName>&a;</methodName></methodCall>")
    response = post(http, sandbox, "gigaset", body)
    with pytest.raises(xmlrpc.client.Fault) as caught:
        xmlrpc.client.loads(response.content)
    assert caught.value.faultCode == -32700


def test_snom_needs_trailing_slash(http: httpx.Client, sandbox: Sandbox) -> None:
    """Snom's endpoint without its trailing slash is 404."""
    endpoint = sandbox.endpoints["snom"].rstrip("/")
    response = post(http, sandbox, "snom", call("network.echo", "ping"), endpoint=endpoint)
    assert response.status_code == 404


def test_snom_needs_text_xml(http: httpx.Client, sandbox: Sandbox) -> None:
    """Snom refuses a request that is not Content-Type text/xml."""
    response = post(http, sandbox, "snom", call("network.echo", "ping"), content_type="application/xml")
    assert response.status_code == 400
    assert post(http, sandbox, "snom", call("network.echo", "ping"),
                content_type="text/xml; charset=utf-8").status_code == 200


def test_only_post(http: httpx.Client, sandbox: Sandbox) -> None:
    """A GET on the endpoint is 405."""
    assert http.get(sandbox.endpoints["yealink"]).status_code == 405


def test_calls_are_logged(http: httpx.Client, sandbox: Sandbox) -> None:
    """Each call is logged with its method, user, MAC and result."""
    post(http, sandbox, "snom", call("redirect.checkPhone", "000413a3b202"))
    last = sandbox.simulator("snom").calls[-1]
    assert (last.operation, last.user, last.macs, last.ok) == (
        "redirect.checkPhone", sandbox.simulator("snom").primary.user, ("000413A3B202",), True)


def test_fault_knobs_apply() -> None:
    """The sandbox's failure knobs reach the legacy simulators (503 with Retry-After)."""
    with Sandbox(["yealink"], fail_rate=1.0, fault_kinds=["503"], retry_after=4) as sandbox, \
            httpx.Client(timeout=10) as http:
        response = post(http, sandbox, "yealink", call("redirect.checkDevice", "805EC0D1E202"))
    assert (response.status_code, response.headers["Retry-After"]) == (503, "4")
