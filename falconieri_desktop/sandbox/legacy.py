"""What the four legacy XML-RPC simulators share: safe request parsing, HTTP Basic, the vendors'
compact answers, and method dispatch.

Requests are parsed like a real XML-RPC server would (defusedxml, DTDs forbidden): with or without
an XML declaration, indented or compact, ``<![CDATA[…]]>`` and untyped ``<value>text</value>``
(= string) all work, because the vendors' other clients send all of these (vendor-apis.md §0).

Answers are written by hand, compact, with no whitespace between tags, because falconieri reads
them with regexes over the raw body: Snom and Fanvil put the message in ``<string>``, Gigaset and
Yealink (Apache XML-RPC) as bare ``<value>text</value>``. Business errors are ``[false, "…"]``
with HTTP 200; only an unknown method or an unreadable request is an XML-RPC fault.
"""

from __future__ import annotations

import base64
import binascii
import inspect
import re
import xmlrpc.client
from collections.abc import Callable, Sequence
from typing import Any, ClassVar
from urllib.parse import urlsplit
from xml.parsers.expat import ExpatError
from xml.sax.saxutils import escape

from defusedxml import DefusedXmlException
from defusedxml.xmlrpc import DefusedExpatParser

from falconieri_desktop.sandbox.base import Account, Simulator
from falconieri_desktop.sandbox.http import Request, Response

__all__ = [
    "FAULT_BAD_PARAMS",
    "FAULT_NO_METHOD",
    "FAULT_PARSE",
    "BadParams",
    "XmlRpcSimulator",
    "parse_call",
    "text_param",
    "valid_url",
]

# The fault codes of the XML-RPC "specification for fault code interoperability".
FAULT_PARSE = -32700
FAULT_NO_METHOD = -32601
FAULT_BAD_PARAMS = -32602

_NOT_XML_CHAR = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


class BadParams(Exception):
    """A parameter has the wrong XML-RPC type (answered with a fault, like a real server)."""


def parse_call(body: bytes) -> tuple[str, tuple[Any, ...]]:
    """``(method, params)`` of a methodCall; ``ValueError`` for anything else."""
    unmarshaller = xmlrpc.client.Unmarshaller(use_builtin_types=True)
    parser = DefusedExpatParser(unmarshaller, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    try:
        parser.feed(body)
        parser.close()
        params = unmarshaller.close()
    except (ExpatError, DefusedXmlException, xmlrpc.client.ResponseError, xmlrpc.client.Fault,
            TypeError, IndexError, KeyError, ValueError) as exc:
        raise ValueError(f"not an XML-RPC call: {type(exc).__name__}") from None
    method = unmarshaller.getmethodname()
    if not method:
        raise ValueError("not an XML-RPC call: no methodName")
    return method, tuple(params)


def text_param(value: Any) -> str:
    """A string parameter (untyped ``<value>`` counts as a string); else ``BadParams``."""
    if not isinstance(value, str):
        raise BadParams(f"expected a string, got {type(value).__name__}")
    return value


def valid_url(text: str, schemes: Sequence[str] = ("http", "https", "ftp", "tftp")) -> bool:
    """Scheme among ``schemes``, a host, no whitespace or control characters."""
    if not text or any(ch.isspace() or ord(ch) < 32 for ch in text):
        return False
    try:
        parts = urlsplit(text)
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError:
        return False
    return parts.scheme.lower() in schemes and bool(parts.hostname)


def _xml_text(value: str) -> str:
    return escape(_NOT_XML_CHAR.sub("?", value))


def _value(value: Any, bare_strings: bool) -> str:
    if isinstance(value, bool):
        return f"<value><boolean>{int(value)}</boolean></value>"
    if isinstance(value, int):
        return f"<value><int>{value}</int></value>"
    if isinstance(value, str):
        return f"<value>{_xml_text(value)}</value>" if bare_strings else \
            f"<value><string>{_xml_text(value)}</string></value>"
    if isinstance(value, (list, tuple)):
        items = "".join(_value(item, bare_strings) for item in value)
        return f"<value><array><data>{items}</data></array></value>"
    raise TypeError(f"cannot send {type(value).__name__} over XML-RPC")


Handler = Callable[..., Any]


class XmlRpcSimulator(Simulator):
    """A legacy vendor service: POST ``path`` with HTTP Basic, XML-RPC in, compact XML-RPC out.

    Subclasses set ``METHODS`` (XML-RPC method name -> handler method name). A handler receives
    the caller's ``Account`` and the call's parameters, logs its call, and returns the result value
    (usually ``[ok, message]``) or a ready ``Response`` (a fault).
    """

    path: ClassVar[str] = "/"
    other_paths: ClassVar[tuple[str, ...]] = ()  # more paths the real service answers on
    bare_strings: ClassVar[bool] = False  # Gigaset/Yealink: <value>text</value>
    requires_text_xml: ClassVar[bool] = False  # Snom: Content-Type text/xml is mandatory
    prolog: ClassVar[str] = '<?xml version="1.0"?><methodResponse>'
    realm: ClassVar[str] = "XML-RPC"
    METHODS: ClassVar[dict[str, str]] = {}

    # -- what subclasses may change ------------------------------------------------------

    def password_matches(self, account: Account, password: str) -> bool:
        """Whether ``password`` from the Basic header is this account's (Fanvil hashes it)."""
        return password == account.secret

    # -- serving -----------------------------------------------------------------------------

    async def handle(self, request: Request) -> Response:
        if request.path not in (self.path, *self.other_paths):
            return Response.text("Not Found", 404)
        if request.method != "POST":
            response = Response.text("Method Not Allowed", 405)
            response.headers.append(("Allow", "POST"))
            return response
        account = self._authenticate(request)
        if account is None:
            self.log_call("unauthorized", None, ok=False)
            response = Response.text("Unauthorized", 401, "text/html")
            response.headers.append(("WWW-Authenticate", f'Basic realm="{self.realm}"'))
            return response
        media_type = request.header("content-type").split(";")[0].strip().lower()
        if self.requires_text_xml and media_type != "text/xml":
            self.log_call("bad content type", account.user, ok=False)
            return Response.text("Content-Type must be text/xml", 400)
        try:
            method, params = parse_call(request.body)
        except ValueError as exc:
            self.log_call("unparsable", account.user, ok=False)
            return self.fault(FAULT_PARSE, f"parse error: {exc}")
        handler_name = self.METHODS.get(method)
        if handler_name is None:
            self.log_call(method, account.user, ok=False)
            return self.fault(FAULT_NO_METHOD, f"requested method {method} not found")
        handler: Handler = getattr(self, handler_name)
        try:
            inspect.signature(handler).bind(account, *params)
        except TypeError:
            self.log_call(method, account.user, ok=False)
            return self.fault(FAULT_BAD_PARAMS, f"{method} takes other parameters")
        try:
            result = handler(account, *params)
        except BadParams as exc:
            self.log_call(method, account.user, ok=False)
            return self.fault(FAULT_BAD_PARAMS, f"invalid parameters for {method}: {exc}")
        return result if isinstance(result, Response) else self.respond(result)

    def _authenticate(self, request: Request) -> Account | None:
        scheme, _, credentials = request.header("authorization").partition(" ")
        if scheme.lower() != "basic":
            return None
        try:
            decoded = base64.b64decode(credentials.strip(), validate=True).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError):
            return None
        user, sep, password = decoded.partition(":")
        account = self.accounts.get(user)
        if not sep or account is None or not self.password_matches(account, password):
            return None
        return account

    # -- answers -------------------------------------------------------------------------------

    def respond(self, result: Any) -> Response:
        """HTTP 200 with ``result`` as the single parameter, in this vendor's wire format."""
        body = f"{self.prolog}<params><param>{_value(result, self.bare_strings)}</param></params></methodResponse>"
        return Response.xml(body)

    def fault(self, code: int, text: str) -> Response:
        """An XML-RPC fault (HTTP 200, as XML-RPC servers answer them)."""
        body = (f"{self.prolog}<fault><value><struct>"
                f"<member><name>faultCode</name><value><int>{code}</int></value></member>"
                f"<member><name>faultString</name><value><string>{_xml_text(text)}</string></value></member>"
                "</struct></value></fault></methodResponse>")
        return Response.xml(body)

    # -- registry helpers ------------------------------------------------------------------------

    def owner_of(self, mac: str) -> str | None:
        record = self.registry.get(mac)
        return record.owner if record else None
