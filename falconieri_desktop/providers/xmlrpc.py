"""Safe XML-RPC over httpx, shared by the four legacy vendor protocols.

Requests are built with the stdlib (``xmlrpc.client.dumps``: every ``str`` becomes
``<value><string>…</string></value>``) and sent with ``Content-Type: text/xml`` and HTTP Basic.
Answers are parsed with defusedxml's expat parser with DTDs forbidden, so entity tricks
(billion laughs, external entities) never expand; the body was already capped at 10 MB *after*
decompression by ``transport.send``. Both ``<value><string>x</string></value>`` and the bare
``<value>x</value>`` that Gigaset and Yealink answer are read as strings; CDATA and whitespace are
fine. A ``<fault>`` becomes ``unknown_provider_error`` with the fault text; an HTML page or
anything else that is not a ``methodResponse`` becomes ``unknown_response_from_provider``.
"""

from __future__ import annotations

import xmlrpc.client
from typing import Any
from xml.parsers.expat import ExpatError

import httpx
from defusedxml import DefusedXmlException
from defusedxml.xmlrpc import DefusedExpatParser

from falconieri_desktop.core.errors import RefusedError, ResponseError
from falconieri_desktop.providers.transport import HttpReply, raise_for_status

__all__ = ["XmlRpcClient", "as_status_pair", "dumps_call", "loads_response"]

_XML_HEADERS = {"Content-Type": "text/xml", "Accept": "text/xml"}


def dumps_call(method: str, params: tuple[Any, ...]) -> bytes:
    """The request body for ``method(*params)``."""
    return xmlrpc.client.dumps(params, method, encoding="utf-8", allow_none=False).encode("utf-8")


def loads_response(body: bytes, *, host: str = "the vendor service") -> Any:
    """Parse a methodResponse safely; return its single parameter."""
    unmarshaller = xmlrpc.client.Unmarshaller(use_builtin_types=True)
    parser = DefusedExpatParser(unmarshaller, forbid_dtd=True, forbid_entities=True,
                                forbid_external=True)
    try:
        if not body.lstrip()[:1] == b"<":
            raise ResponseError("unknown_response_from_provider",
                                f"{host} did not answer with XML.", vendor_message=_snippet(body))
        parser.feed(body)
        parser.close()
        if unmarshaller.getmethodname() is not None:  # a methodCall, not a methodResponse
            raise xmlrpc.client.ResponseError()
        result = unmarshaller.close()
    except xmlrpc.client.Fault as fault:
        raise RefusedError("unknown_provider_error",
                           f"The vendor answered with an XML-RPC fault: {fault.faultString}",
                           vendor_message=f"fault {fault.faultCode}: {fault.faultString}") from None
    except DefusedXmlException:
        raise ResponseError("unknown_response_from_provider",
                            f"{host} sent XML with a DTD or entities, which a real XML-RPC answer "
                            "never has; it was not parsed.") from None
    except (ExpatError, xmlrpc.client.ResponseError, ValueError, TypeError, IndexError, KeyError):
        raise ResponseError("unknown_response_from_provider",
                            f"{host} did not answer with a valid XML-RPC response.",
                            vendor_message=_snippet(body)) from None
    if not isinstance(result, tuple) or len(result) != 1:
        raise ResponseError("unknown_response_from_provider",
                            f"{host} answered an XML-RPC response without exactly one value.")
    return result[0]


def _snippet(body: bytes, limit: int = 200) -> str:
    text = body[:limit].decode("utf-8", errors="replace")
    return " ".join(text.split())


def as_status_pair(result: Any, *, host: str = "the vendor service") -> tuple[bool, str]:
    """Read the ``[success, message]`` array every legacy vendor answers.

    Success may be a boolean, ``0``/``1`` or the strings ``"true"``/``"false"``; the message is
    whatever the second element is, as text (extra elements are ignored here).
    """
    if not isinstance(result, (list, tuple)) or not result:
        raise ResponseError("unknown_response_from_provider",
                            f"{host} answered {type(result).__name__} instead of [success, message].")
    flag = result[0]
    if isinstance(flag, bool):
        ok = flag
    elif isinstance(flag, int):
        ok = flag != 0
    elif isinstance(flag, str) and flag.strip().lower() in {"1", "0", "true", "false"}:
        ok = flag.strip().lower() in {"1", "true"}
    else:
        raise ResponseError("unknown_response_from_provider",
                            f"{host} answered a status that is not a boolean: {str(flag)[:40]!r}.")
    message = "" if len(result) < 2 or result[1] is None else str(result[1])
    return ok, message


class XmlRpcClient:
    """Calls XML-RPC methods at one endpoint with HTTP Basic through a provider's ``_send``."""

    def __init__(self, provider: Any, endpoint: str, user: str, password: str) -> None:
        self._provider = provider
        self._endpoint = endpoint
        self._auth = httpx.BasicAuth(user, password)
        self._host = httpx.URL(endpoint).host or "the vendor service"

    async def call(self, method: str, *params: Any) -> Any:
        """Call ``method`` and return its single result value; raise our errors otherwise."""
        reply: HttpReply = await self._provider._send(
            "POST", self._endpoint, content=dumps_call(method, params), headers=_XML_HEADERS,
            auth=self._auth)
        raise_for_status(reply, vendor_message=_snippet(reply.body) if reply.status != 200 else None)
        return loads_response(reply.body, host=self._host)
