"""Property-based tests of reading ``[success, message]`` in every wire form the vendors use."""

from __future__ import annotations

import contextlib
from xml.sax.saxutils import escape

from hypothesis import given, settings
from hypothesis import strategies as st

from falconieri_desktop.core.errors import RefusedError, ResponseError
from falconieri_desktop.providers.xmlrpc import as_status_pair, loads_response
from falconieri_desktop.sandbox.gigaset import GigasetSimulator
from falconieri_desktop.sandbox.snom import SnomSimulator

# Characters XML 1.0 can carry; "\r" is excluded because XML parsers normalise it to "\n".
xml_text = st.text(st.characters(exclude_categories=["Cs"], exclude_characters="\r\x00\ufffe\uffff",
                                 min_codepoint=0x09).filter(lambda c: c in "\t\n" or ord(c) >= 0x20),
                   max_size=80)


def body(ok: bool, message: str, *, style: str, flag: str, pretty: bool) -> bytes:
    if style == "string":
        text = f"<string>{escape(message)}</string>"
    elif style == "cdata":
        text = f"<string><![CDATA[{message}]]></string>"
    else:  # Gigaset/Yealink: bare text in <value>
        text = escape(message)
    gap = "\n  " if pretty else ""
    flag_text = flag if flag != "bool" else str(int(ok))
    xml = (f'<?xml version="1.0" encoding="UTF-8"?>{gap}<methodResponse>{gap}<params>{gap}<param>{gap}<value>'
           f"{gap}<array>{gap}<data>{gap}<value>{gap}<boolean>{flag_text}</boolean>{gap}</value>{gap}"
           f"<value>{text}</value>{gap}</data>{gap}</array>{gap}</value>{gap}</param>{gap}</params>{gap}"
           "</methodResponse>")
    return xml.encode("utf-8")


@settings(max_examples=300, deadline=None)
@given(ok=st.booleans(), message=xml_text, style=st.sampled_from(["string", "cdata", "bare"]),
       pretty=st.booleans())
def test_status_pair_round_trips(ok: bool, message: str, style: str, pretty: bool) -> None:
    """Any message, in <string>, CDATA or bare <value>, compact or indented, reads back exactly."""
    if style == "cdata" and "]]>" in message:
        message = message.replace("]]>", "")
    parsed = loads_response(body(ok, message, style=style, flag="bool", pretty=pretty))
    assert as_status_pair(parsed) == (ok, message)


@settings(max_examples=150, deadline=None)
@given(ok=st.booleans(), message=xml_text)
def test_simulators_answer_what_providers_read(ok: bool, message: str) -> None:
    """Both simulator wire styles (<string> and bare <value>) read back as the pair they were given."""
    for simulator in (SnomSimulator(), GigasetSimulator()):
        response = simulator.respond([ok, message])
        assert as_status_pair(loads_response(response.body)) == (ok, message)


@settings(max_examples=300, deadline=None)
@given(data=st.binary(max_size=400))
def test_arbitrary_bytes_never_escape_as_other_errors(data: bytes) -> None:
    """Whatever bytes arrive, parsing either succeeds or raises one of our response/refusal errors."""
    with contextlib.suppress(ResponseError, RefusedError):
        as_status_pair(loads_response(b"<?xml version='1.0'?><methodResponse>" + data))


@given(flag=st.text(max_size=6).filter(lambda t: t.strip() not in {"0", "1"}))
def test_non_boolean_flag_is_unknown_response(flag: str) -> None:
    """A status flag that is not an XML-RPC boolean is refused as unknown_response_from_provider."""
    try:
        as_status_pair(loads_response(body(True, "Ok", style="string", flag=escape(flag), pretty=False)))
    except ResponseError as exc:
        assert exc.code == "unknown_response_from_provider"
    else:
        raise AssertionError(f"flag {flag!r} was accepted")
