"""Hostile or broken answers (issue 2 §6): each gives the right code, in time, with memory bounded.

All are served by the sandbox over real loopback sockets (scripted responses and the server's
fault kinds), so the whole stack -- h11 on the wire, httpx, the capped reader, the safe parser --
is exercised. pytest-timeout guards against a hang; no test measures time.
"""

from __future__ import annotations

import gzip
import tracemalloc
import zlib

import pytest

from falconieri_desktop.core.devices import Presence
from falconieri_desktop.core.errors import FalconieriError
from falconieri_desktop.sandbox import Sandbox
from falconieri_desktop.sandbox.http import Response
from tests.providers.conftest import MakeProvider, device

pytestmark = pytest.mark.timeout(20)

CHECKS = {  # one XML-RPC call each
    "snom": device("000413A3B202"),
    "gigaset": device("589EC6C0FF02", "7TZ2"),
    "yealink": device("805EC0D1E202"),
    "fanvil": device("0C383EF4A102"),
}

OK_BODY = (b'<?xml version="1.0"?><methodResponse><params><param><value><array><data>'
           b'<value><boolean>1</boolean></value><value><string>Ok</string></value>'
           b'</data></array></value></param></params></methodResponse>')

# Snom's getPhoneRedirection answer: [true, company, url]
REDIRECTION_BODY = (b'<?xml version="1.0"?><methodResponse><params><param><value><array><data>'
                    b'<value><boolean>1</boolean></value><value><string>Acme</string></value>'
                    b'<value><string>https://pbx.example.com/p/</string></value>'
                    b'</data></array></value></param></params></methodResponse>')

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]>
<methodResponse><params><param><value><array><data><value><boolean>0</boolean></value>
<value><string>&lol4;</string></value></data></array></value></param></params></methodResponse>"""

EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<methodResponse><params><param><value><string>&xxe;</string></value></param></params></methodResponse>"""


def xml(body: bytes, status: int = 200, *headers: tuple[str, str]) -> Response:
    return Response(status, body, [("Content-Type", "text/xml"), *headers])


def gzip_bomb(inflated: int) -> bytes:
    """``inflated`` zero bytes, gzipped without ever holding them in memory."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    block = bytes(1024 * 1024)
    parts = [packer.compress(block) for _ in range(inflated // len(block))]
    return b"".join([*parts, packer.flush()])


async def expect_code(sandbox: Sandbox, make_provider: MakeProvider, name: str, response: Response, code: str,
                      **provider_args: float) -> FalconieriError:
    sandbox.servers[name].script(response)
    with pytest.raises(FalconieriError) as caught:
        await make_provider(name, **provider_args).check(CHECKS[name])
    assert caught.value.code == code, caught.value
    return caught.value


@pytest.mark.parametrize("name", sorted(CHECKS))
@pytest.mark.parametrize(("response", "code"), [
    (Response.text("<html><body><h1>Welcome</h1></body></html>", 200, "text/html"),
     "unknown_response_from_provider"),
    (Response.text("Unauthorized", 401), "authentication_failed"),
    (Response.text("<html>Internal Server Error</html>", 500, "text/html"), "provider_remote_call_failed"),
    (Response(fault="reset"), "connection_to_remote_provider_failed"),
    (Response(fault="truncated", body=OK_BODY), "read_remote_response_failed"),
    (xml(BILLION_LAUGHS), "unknown_response_from_provider"),
], ids=["html-200", "401", "500", "reset", "truncated", "billion-laughs"])
async def test_every_provider_maps_hostile_answers(sandbox: Sandbox, make_provider: MakeProvider, name: str,
                                                   response: Response, code: str) -> None:
    """Each provider turns an HTML page, 401, 500, a reset, a cut body and an entity bomb into its code."""
    await expect_code(sandbox, make_provider, name, response, code)


async def test_external_entity_is_not_resolved(sandbox: Sandbox, make_provider: MakeProvider) -> None:
    """An external entity is refused unparsed; no file content can leak into a message."""
    error = await expect_code(sandbox, make_provider, "snom", xml(EXTERNAL_ENTITY), "unknown_response_from_provider")
    assert "root:" not in error.message and "root:" not in (error.vendor_message or "")


async def test_invalid_utf8(sandbox: Sandbox, make_provider: MakeProvider) -> None:
    """A body that is not valid UTF-8 is unknown_response_from_provider."""
    await expect_code(sandbox, make_provider, "snom", xml(OK_BODY.replace(b"Ok", b"O\xff\xfek")),
                      "unknown_response_from_provider")


async def test_method_call_instead_of_response(sandbox: Sandbox, make_provider: MakeProvider) -> None:
    """XML-RPC that is a methodCall, not a methodResponse, is refused."""
    body = b"<methodCall><methodName>x</methodName><params></params></methodCall>"
    await expect_code(sandbox, make_provider, "snom", xml(body), "unknown_response_from_provider")


async def test_service_unavailable_is_retryable(sandbox: Sandbox, make_provider: MakeProvider) -> None:
    """503 with Retry-After is a retryable provider_remote_call_failed carrying the delay."""
    error = await expect_code(sandbox, make_provider, "snom",
                              Response(503, b"busy", [("Retry-After", "7")]),
                              "provider_remote_call_failed")
    assert error.retryable and error.retry_after == 7


async def test_rate_limited(sandbox: Sandbox, make_provider: MakeProvider) -> None:
    """429 is rate_limited with the vendor's Retry-After."""
    error = await expect_code(sandbox, make_provider, "gigaset", Response(429, b"", [("Retry-After", "3")]),
                              "rate_limited")
    assert error.retry_after == 3


async def test_slower_than_timeout(sandbox: Sandbox, make_provider: MakeProvider) -> None:
    """An answer that never comes is provider_timeout once the total deadline passes."""
    await expect_code(sandbox, make_provider, "yealink", Response(fault="timeout"), "provider_timeout",
                      total_timeout=0.5)


async def test_body_over_cap(sandbox: Sandbox, make_provider: MakeProvider) -> None:
    """A plain body over 10 MB is response_too_large."""
    await expect_code(sandbox, make_provider, "fanvil", xml(b"<" + bytes(11 * 1024 * 1024)), "response_too_large")


async def test_gzip_bomb_is_stopped_with_bounded_memory(sandbox: Sandbox, make_provider: MakeProvider) -> None:
    """50 MB of gzip-compressed zeros (~50 KB on the wire) stop at the 10 MB cap, never all in memory."""
    bomb = gzip_bomb(50 * 1024 * 1024)
    assert len(bomb) < 100 * 1024
    tracemalloc.start()
    try:
        await expect_code(sandbox, make_provider, "snom", xml(bomb, 200, ("Content-Encoding", "gzip")),
                          "response_too_large")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 20 * 1024 * 1024, f"peak {peak / 1e6:.1f} MB"


@pytest.mark.parametrize(("encoding", "body"), [
    ("gzip", gzip.compress(REDIRECTION_BODY)),
    ("deflate", zlib.compress(REDIRECTION_BODY)),  # zlib-wrapped, as RFC 9110 says
    ("deflate", zlib.compress(REDIRECTION_BODY)[2:-4]),  # raw deflate, as some servers send
])
async def test_compressed_answers_still_work(sandbox: Sandbox, make_provider: MakeProvider,
                                             encoding: str, body: bytes) -> None:
    """A normal answer sent with gzip or deflate Content-Encoding is read correctly."""
    sandbox.servers["snom"].script(xml(body, 200, ("Content-Encoding", encoding)))
    outcome = await make_provider("snom").check(CHECKS["snom"])
    assert (outcome.presence, outcome.url) == (Presence.REGISTERED, "https://pbx.example.com/p/")


async def test_unsupported_encoding(sandbox: Sandbox, make_provider: MakeProvider) -> None:
    """A Content-Encoding we did not offer (and cannot bound) is refused, not guessed."""
    await expect_code(sandbox, make_provider, "snom", xml(OK_BODY, 200, ("Content-Encoding", "br")),
                      "unknown_response_from_provider")


async def test_corrupt_gzip(sandbox: Sandbox, make_provider: MakeProvider) -> None:
    """A gzip body that does not inflate is unknown_response_from_provider."""
    await expect_code(sandbox, make_provider, "snom", xml(b"\x1f\x8b\x08\x00garbage-garbage", 200,
                                                           ("Content-Encoding", "gzip")),
                      "unknown_response_from_provider")
