"""Every vendor error text of vendor-apis.md maps to our code, through each provider's one table.

Texts the simulators produce on their own are covered by the per-provider tests; here every text
is staged exactly as the vendor writes it (in the vendor's wire format) so that texts our inputs
can never provoke -- a malformed MAC, say -- are covered too.
"""

from __future__ import annotations

from typing import Any

import pytest

from falconieri_desktop.core.errors import RefusedError
from falconieri_desktop.sandbox import Sandbox
from falconieri_desktop.sandbox.legacy import FAULT_NO_METHOD
from tests.providers.conftest import MakeProvider, device, stage, url

DEVICES = {
    "snom": device("000413A1B201"),
    "gigaset": device("7C2F80C0FF01", "K3Q7"),
    "yealink": device("805EC0D1E201"),
    "fanvil": device("0C383EF4A101"),
}

# Answers to the calls a register makes before its decisive one.
BEFORE_REGISTER: dict[str, list[Any]] = {
    "snom": [],
    "gigaset": [[False, "mac_not_found:7C2F80C0FF01"]],
    "yealink": [],
    "fanvil": [[False, "Error:device_not_exist"], [False, "Error:server_not_exist"], [True, "OK"]],
}

REGISTER_TEXTS = [
    # Snom (vendor-apis.md §1)
    ("snom", "Error:owned_by_other_user", "device_owned_by_other_user"),
    ("snom", "error:OWNED_BY_OTHER_USER", "device_owned_by_other_user"),  # compared ignoring case
    ("snom", "Error:malformed_url", "malformed_url"),
    ("snom", "Error:malformed_mac", "not_valid_mac_address"),
    # Gigaset (§2): "<reason>:<mac>"
    ("gigaset", "mac_already_in_use:7C2F80C0FF01", "device_owned_by_other_user"),
    ("gigaset", "MAC_ALREADY_IN_USE:7c2f80c0ff01", "device_owned_by_other_user"),
    ("gigaset", "url_invalid:https://pbx.example.com/provisioning/{mac}.xml", "malformed_url"),
    ("gigaset", "mac_not_exist:7C2F80C0FF01", "not_valid_mac_address"),
    ("gigaset", "mac_invalid:7C2F80C0FF01", "not_valid_mac_address"),
    ("gigaset", "name_invalid:Falconieri", "invalid_option"),
    # Yealink (§3, incl. peoplefone's lower-cased spellings)
    ("yealink", "Error:The url can only begin with 'http://' or 'https://' or 'ftp://' or 'tftp://'",
     "malformed_url"),
    ("yealink", "Error:Invalid MAC(s):00s1122334400", "not_valid_mac_address"),
    ("yealink", "error:invalid mac(s):805ec0d1e201", "not_valid_mac_address"),
    ("yealink", "Invalid MAC(s): 805EC0D1E201", "not_valid_mac_address"),
    ("yealink", "Are you sure you want to override MAC addresses", "device_owned_by_other_user"),
    ("yealink", "Error:805ec0d1e201 has been registered by another user", "device_owned_by_other_user"),
    ("yealink", "Error: Invalid server", "invalid_option"),
    ("yealink", "error:invalid server", "invalid_option"),
    ("yealink", "Error:The server name can only contain 'A-z 0-9 - _ . '(include space)", "invalid_option"),
    # Fanvil (§4): note the space after "Error:"
    ("fanvil", "Error: device_had_existed", "device_owned_by_other_user"),
    ("fanvil", "Error: mac_format_error", "not_valid_mac_address"),
    ("fanvil", "Error: url_format_error", "malformed_url"),
    ("fanvil", "Error:url_format_error", "malformed_url"),
]


@pytest.mark.parametrize(("name", "text", "code"), REGISTER_TEXTS)
async def test_register_refusal_texts(sandbox: Sandbox, make_provider: MakeProvider,
                                      name: str, text: str, code: str) -> None:
    """A register refused with this vendor text raises this code, carrying the text."""
    stage(sandbox, name, *BEFORE_REGISTER[name], [False, text])
    with pytest.raises(RefusedError) as caught:  # a vendor refusal, even for invalid_option: it was sent
        await make_provider(name).register(DEVICES[name], url())
    assert caught.value.code == code
    assert caught.value.vendor_message == text


DEREGISTER_TEXTS = [
    ("snom", [], "Error:no_such_mac", "not_registered"),
    ("snom", [], "Error:owned_by_other_user", "device_owned_by_other_user"),
    ("snom", [], "Error:malformed_mac", "not_valid_mac_address"),
    ("gigaset", [], "mac_not_found:7C2F80C0FF01", "not_registered"),
    ("gigaset", [], "mac_invalid:7C2F80C0FF01", "not_valid_mac_address"),
    ("gigaset", [], "mac_not_exist:7C2F80C0FF01", "not_valid_mac_address"),
    ("yealink", [[True, "registered"]], "Error:Invalid MAC(s):805EC0D1E201", "not_valid_mac_address"),
    ("fanvil", [], "Error:device_not_exist", "not_registered"),
    ("fanvil", [], "Error: mac_format_error", "not_valid_mac_address"),
]


@pytest.mark.parametrize(("name", "before", "text", "code"), DEREGISTER_TEXTS)
async def test_deregister_refusal_texts(sandbox: Sandbox, make_provider: MakeProvider, name: str,
                                        before: list[Any], text: str, code: str) -> None:
    """A deregister refused with this vendor text raises this code."""
    stage(sandbox, name, *before, [False, text])
    with pytest.raises(RefusedError) as caught:
        await make_provider(name).deregister(DEVICES[name])
    assert (caught.value.code, caught.value.vendor_message) == (code, text)


CHECK_ERROR_TEXTS = [
    ("snom", "Error:malformed_mac"),
    ("gigaset", "mac_invalid:7C2F80C0FF01"),
    ("yealink", "Error:invalid mac"),
    ("fanvil", "Error: mac_format_error"),
]


@pytest.mark.parametrize(("name", "text"), CHECK_ERROR_TEXTS)
async def test_check_invalid_mac_texts(sandbox: Sandbox, make_provider: MakeProvider, name: str, text: str) -> None:
    """A check the vendor answers with its invalid-MAC text raises not_valid_mac_address."""
    stage(sandbox, name, [False, text])
    with pytest.raises(RefusedError) as caught:
        await make_provider(name).check(DEVICES[name])
    assert caught.value.code == "not_valid_mac_address"


@pytest.mark.parametrize("name", sorted(DEVICES))
async def test_unknown_text_keeps_vendor_words(sandbox: Sandbox, make_provider: MakeProvider, name: str) -> None:
    """A text no table knows is unknown_provider_error, with the vendor's words in message and details."""
    text = "Error:quota_exceeded for this reseller (contact sales)"
    stage(sandbox, name, *BEFORE_REGISTER[name], [False, text])
    with pytest.raises(RefusedError) as caught:
        await make_provider(name).register(DEVICES[name], url())
    assert caught.value.code == "unknown_provider_error"
    assert caught.value.vendor_message == text and text in caught.value.message


@pytest.mark.parametrize("name", sorted(DEVICES))
async def test_fault_is_unknown_provider_error(sandbox: Sandbox, make_provider: MakeProvider, name: str) -> None:
    """An XML-RPC fault becomes unknown_provider_error carrying the fault text."""
    sim = sandbox.simulator(name)
    stage(sandbox, name, *BEFORE_REGISTER[name], sim.fault(FAULT_NO_METHOD, "service under maintenance"))
    with pytest.raises(RefusedError) as caught:
        await make_provider(name).register(DEVICES[name], url())
    assert caught.value.code == "unknown_provider_error"
    assert "service under maintenance" in (caught.value.vendor_message or "")
