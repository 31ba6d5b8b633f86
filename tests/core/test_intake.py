"""What a keyboard-wedge barcode scanner types into the device input: prefixes, framing, EANs."""

from __future__ import annotations

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from falconieri_desktop.core.intake import parse_entry
from falconieri_desktop.core.mac import Mac

SNOM = Mac("000413A1B201")


@pytest.mark.parametrize("typed", [
    "MAC:000413A1B201", "MAC: 00:04:13:A1:B2:01", "mac=000413a1b201", "MAC 000413A1B201",
    "Ethernet MAC: 000413A1B201", "LAN MAC 00-04-13-A1-B2-01", "]C0000413A1B201", "\x02000413A1B201\x03",
    "MAC:000413A1B201\r", '{"mac":"00:04:13:A1:B2:01"}',
])
def test_wedge_prefixes_and_framing_are_stripped(typed: str) -> None:
    """A MAC with a label prefix, an AIM symbology identifier or STX/ETX framing reads as the MAC."""
    result = parse_entry(typed)
    assert result.error is None
    assert [e.mac for e in result.entries] == [SNOM]


@pytest.mark.parametrize("scanned", ["4006381333931", "]E04006381333931", "036000291452", "96385074",
                                     "]E0036000291452"])
def test_product_barcode_is_ignored_with_a_note(scanned: str) -> None:
    """An EAN-13/EAN-8/UPC-A scanned from the box is ignored with a note, not reported as a bad MAC."""
    result = parse_entry(scanned)
    assert result.error is None and not result.entries
    assert any("EAN" in note for note in result.ignored)


@pytest.mark.parametrize("scanned", ["SN:8015C3D40100001", "S/N 8015C3D40100001", "Serial No. 8015C3D40100001"])
def test_serial_barcode_alone_is_ignored_with_a_note(scanned: str) -> None:
    """The serial's barcode scanned instead of the MAC's says so, instead of a confusing MAC error."""
    result = parse_entry(scanned)
    assert result.error is None and not result.entries
    assert result.ignored == ("Serial number 8015C3D40100001 ignored: scan the barcode of the MAC address.",)


def test_a_mistyped_mac_is_still_an_error() -> None:
    """13 hex digits typed by hand stay an error that says what is wrong (not a "serial ignored" note)."""
    result = parse_entry("000413A1B2011")
    assert result.error is not None and result.error.code == "malformed_mac_address"
    assert "13" in result.error.message


@pytest.mark.parametrize("typed", ["7C2F80C0FF01-K3Q7", "MAC-ID: 7C2F80C0FF01-K3Q7", "7C2F80C0FF01 K3Q7",
                                   "7C2F80C0FF01\tK3Q7", "7c2f80c0ff01 k3q7"])
def test_gigaset_mac_id_and_mac_plus_code(typed: str) -> None:
    """A Gigaset MAC-ID, or the MAC followed by its code on one line, gives the MAC and its code."""
    (entry,) = parse_entry(typed).entries
    assert (entry.mac, entry.crc, entry.needs_crc) == (Mac("7C2F80C0FF01"), "K3Q7", False)


def test_gigaset_mac_alone_needs_its_code() -> None:
    """A Gigaset MAC without a code is flagged as needing one."""
    (entry,) = parse_entry("7C2F80C0FF01").entries
    assert entry.needs_crc and entry.crc is None


@st.composite
def macs(draw: st.DrawFn) -> str:
    first = draw(st.integers(0, 255).filter(lambda b: b % 2 == 0))
    rest = draw(st.lists(st.integers(0, 255), min_size=5, max_size=5))
    value = "".join(f"{b:02X}" for b in (first, *rest))
    assume(value != "000000000000" and not value.isdigit())
    return value


@given(macs(), st.sampled_from(["", "MAC:", "MAC: ", "mac=", "]C0", "\x02", "Ethernet MAC: "]),
       st.sampled_from(["", "\r", "\x03", " "]), st.sampled_from(["plain", "colon", "dash", "lower"]))
def test_any_mac_survives_wedge_framing(value: str, prefix: str, suffix: str, style: str) -> None:
    """Whatever prefix and framing a scanner adds, the MAC read is the MAC on the label."""
    pairs = [value[i:i + 2] for i in range(0, 12, 2)]
    shown = {"plain": value, "colon": ":".join(pairs), "dash": "-".join(pairs), "lower": value.lower()}[style]
    result = parse_entry(prefix + shown + suffix)
    assert [e.mac for e in result.entries] == [Mac(value)]
