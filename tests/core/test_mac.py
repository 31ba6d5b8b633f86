"""MAC parsing, Gigaset MAC-IDs and the vendor guess."""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from falconieri_desktop.core.errors import InputError
from falconieri_desktop.core.mac import Mac, MacStyle, VendorTable, normalize_crc, parse_mac, parse_mac_id

EXPECTED = "000413AABBCC"


@pytest.mark.parametrize("text", [
    "00:04:13:AA:BB:CC", "00-04-13-aa-bb-cc", "0004.13AA.BBCC", "000413AABBCC", "00 04 13 AA BB CC",
    "  000413aabbcc\t", "MAC000413AABBCC", "MAC: 00:04:13:AA:BB:CC", "mac=000413aabbcc",
    "MAC Address: 00-04-13-AA-BB-CC", "0004-13AA-BBCC", "000413-AABBCC",
])
def test_every_common_form_parses_to_the_same_mac(text: str) -> None:
    """Typed, pasted and wedge-scanned forms of one MAC all mean the same phone."""
    assert parse_mac(text).value == EXPECTED


@pytest.mark.parametrize(("text", "fragment"), [
    ("00:04:13:AA:BB:CG", "only the digits 0-9 and letters A-F"),
    ("00:04:13:AA:BB", "12 hexadecimal digits, this has 10"),
    ("000413AABBCCDD", "12 hexadecimal digits, this has 14"),
    ("01:00:5E:00:00:01", "multicast"),
    ("FF:FF:FF:FF:FF:FF", "broadcast"),
    ("00:00:00:00:00:00", "all-zero"),
    ("00:04-13:AA:BB:CC", "separators are mixed"),
])
def test_bad_macs_are_refused_with_a_reason(text: str, fragment: str) -> None:
    """Each kind of wrong MAC gets its own explanation, under falconieri's code."""
    with pytest.raises(InputError) as info:
        parse_mac(text)
    assert info.value.code == "malformed_mac_address"
    assert fragment in info.value.message


@pytest.mark.parametrize("text", ["", "   ", "MAC:"])
def test_empty_input_is_a_missing_mac(text: str) -> None:
    """Nothing typed is 'missing', not 'malformed'."""
    with pytest.raises(InputError) as info:
        parse_mac(text)
    assert info.value.code == "missing_mac_address"


def test_mac_formats_for_each_wire_style() -> None:
    """Providers get the MAC in the form their vendor expects."""
    mac = Mac(EXPECTED)
    assert mac.format(MacStyle.BARE_UPPER) == "000413AABBCC"
    assert mac.format(MacStyle.BARE_LOWER) == "000413aabbcc"
    assert mac.format(MacStyle.DASHED_UPPER) == "00-04-13-AA-BB-CC"
    assert str(mac) == "00:04:13:AA:BB:CC"


@pytest.mark.parametrize(("text", "crc", "expected"), [
    ("7C2F80AABBCC-A1B2", None, "A1B2"),
    ("7c2f80aabbcc-a1b2", None, "A1B2"),
    ("7C:2F:80:AA:BB:CC-a1b2", None, "A1B2"),
    ("7C2F80AABBCC", "a1b2", "A1B2"),
    ("7C2F80AABBCC", None, None),
    ("7C2F80AABBCC - A1B2", "A1B2", "A1B2"),
    ("MAC-ID: 7C2F80AABBCC-A1B2", None, "A1B2"),
    ("MAC ID 7C2F80AABBCC-a1b2", None, "A1B2"),
])
def test_gigaset_mac_id_inline_or_separate(text: str, crc: str | None, expected: str | None) -> None:
    """The MAC-ID code is accepted after a dash or on its own, upper-cased."""
    mac, code = parse_mac_id(text, crc)
    assert mac.value == "7C2F80AABBCC"
    assert code == expected


def test_mac_id_disagreeing_codes_are_refused() -> None:
    """Two different codes for one phone cannot both be right."""
    with pytest.raises(InputError) as info:
        parse_mac_id("7C2F80AABBCC-A1B2", "ZZZZ")
    assert info.value.code == "invalid_mac-id_crc_format"


@pytest.mark.parametrize("crc", ["A1B", "A1B2C", "A1-2", "ÀBCD"])
def test_bad_crc_formats_are_refused(crc: str) -> None:
    """A code is exactly 4 of A-Z/0-9."""
    with pytest.raises(InputError) as info:
        normalize_crc(crc)
    assert info.value.code == "invalid_mac-id_crc_format"


@given(st.binary(min_size=6, max_size=6), st.sampled_from([":", "-", " ", ""]), st.booleans())
def test_property_formatted_unicast_macs_round_trip(raw: bytes, sep: str, lower: bool) -> None:
    """Any unicast, non-zero MAC written with any separator parses back to itself."""
    digits = raw.hex().upper()
    text = sep.join(digits[i:i + 2] for i in range(0, 12, 2))
    if lower:
        text = text.lower()
    is_multicast = raw[0] & 1
    if is_multicast or digits == "000000000000":
        with pytest.raises(InputError):
            parse_mac(text)
    else:
        assert parse_mac(text).value == digits


@given(st.text(max_size=30))
def test_property_anything_parsed_is_twelve_hex_digits_from_the_input(text: str) -> None:
    """Precision first: a MAC is never invented; its digits all come from the input, in order."""
    try:
        mac = parse_mac(text)
    except InputError:
        return
    assert re.fullmatch(r"[0-9A-F]{12}", mac.value)
    assert mac.value in re.sub(r"[^0-9A-F]", "", text.upper())


def test_vendor_guess_from_builtin_ranges() -> None:
    """Known ranges give the vendor and its providers, legacy first."""
    table = VendorTable.load()
    guess = table.guess(parse_mac("00:04:13:AA:BB:CC"))
    assert guess is not None and guess.vendor == "snom" and guess.providers == ("snom", "sraps")
    fanvil = table.guess(parse_mac("00:A8:5A:01:02:03"))
    assert fanvil is not None and fanvil.vendor == "fanvil" and fanvil.source == "builtin"
    assert table.guess(parse_mac("02:00:00:00:00:01")) is None


def test_user_override_file_wins(tmp_path) -> None:
    """An organisation's range file overrides the built-in guess (Gigaset P-series in Snom's block)."""
    override = tmp_path / "ranges.json"
    override.write_text(json.dumps({"version": 1, "date": "2026-11-01", "ranges": [
        {"vendor": "gigaset", "label": "Gigaset P-series", "start": "000413B00000", "end": "000413B0FFFF",
         "providers": ["grape"]}]}))
    table = VendorTable.load(override)
    inside = table.guess(parse_mac("000413B01234"))
    assert inside is not None and inside.vendor == "gigaset" and inside.source == "ranges.json"
    outside = table.guess(parse_mac("000413C01234"))
    assert outside is not None and outside.vendor == "snom"
