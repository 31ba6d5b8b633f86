"""Provisioning URL validation and warnings."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from falconieri_desktop.core.errors import InputError
from falconieri_desktop.core.urls import parse_provisioning_url, url_warnings


@pytest.mark.parametrize("text", [
    "https://pbx.example.com/prov/{mac}.xml", "http://10.0.0.1:8080/p/$MAC.cfg", "tftp://192.0.2.1/",
    "ftp://user:pw@files.example.com/cfg/", "https://pbx.example.com/prov/%MACD.xml",
    "HTTPS://PBX.EXAMPLE.COM/",
])
def test_valid_urls_are_kept_literally(text: str) -> None:
    """Placeholders and case are sent exactly as written."""
    assert parse_provisioning_url(text).text == text


@pytest.mark.parametrize(("text", "code"), [
    ("", "missing_url"), (None, "missing_url"),
    ("pbx.example.com/prov", "unable_to_parse_url"),
    ("gopher://pbx.example.com/", "unsupported_url_scheme"),
    ("https:///prov", "unable_to_parse_url"),
    ("https://pbx.example.com/my prov", "unable_to_parse_url"),
    ("https://pbx.example.com/\x07", "unable_to_parse_url"),
    ("https://pbx.example.com:99999/", "unable_to_parse_url"),
])
def test_bad_urls_get_falconieris_codes(text: str | None, code: str) -> None:
    """Each kind of bad URL maps to falconieri's error code."""
    with pytest.raises(InputError) as info:
        parse_provisioning_url(text)
    assert info.value.code == code


def test_another_vendors_placeholder_is_a_warning() -> None:
    """A Yealink placeholder on a Snom URL is accepted but flagged."""
    url = parse_provisioning_url("https://pbx.example.com/$MAC.xml")
    warnings = url_warnings(url, vendor="snom")
    assert len(warnings) == 1 and "$MAC" in warnings[0] and "{mac}" in warnings[0]
    assert url_warnings(url, vendor="yealink") == []


def test_fanvil_dropping_the_query_is_a_warning() -> None:
    """Fanvil keeps host and path only: a query string would silently vanish."""
    url = parse_provisioning_url("https://pbx.example.com/prov/?token=abc")
    warnings = url_warnings(url, vendor="fanvil", keeps_only_host_and_path=True, provider_label="Fanvil")
    assert warnings == ["Fanvil keeps only host and path: the query string will be dropped."]
    assert url.netloc == "pbx.example.com"


@given(st.text(max_size=60))
def test_property_parser_never_raises_anything_but_input_error(text: str) -> None:
    """Whatever is typed, the answer is a URL or an InputError with a code."""
    try:
        url = parse_provisioning_url(text)
    except InputError as exc:
        assert exc.code in {"missing_url", "unable_to_parse_url", "unsupported_url_scheme"}
    else:
        assert url.scheme in {"http", "https", "ftp", "tftp"} and url.host
