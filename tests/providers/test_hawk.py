"""Hawk 1.0 signing and verification: the published vectors (vendor-apis.md §6) and the server checks."""

from __future__ import annotations

import pytest

from falconieri_desktop.providers import hawk

KEY = "werxhqb98rpaxn39848xrunpaw3489ruxnpa98w4rxn"
FAL_BODY = (b'{"mac":"000413aabbcc","autoprovisioning_enabled":true,"settings_manager":{"0f2a":{"attrs":'
            b'{"perm":"RW"},"value":"https://pbx.example.com/provisioning/{mac}.xml"}}}')


def test_hawk_readme_get_vector() -> None:
    """The Hawk README GET vector (ext, no hash) gives its published MAC."""
    mac = hawk.calculate_mac(KEY, ts="1353832234", nonce="j4h3g2", method="GET", resource="/resource/1?b=1&a=2",
                             host="example.com", port="8000", ext="some-app-ext-data")
    assert mac == "6R4rV5iE+NPoym+WwjeHzjAGXUtLNIxmo1vpMofpLAE="


def test_hawk_readme_post_vector() -> None:
    """The Hawk README POST vector gives its published payload hash and MAC."""
    payload = hawk.payload_hash(b"Thank you for flying Hawk", "text/plain")
    assert payload == "Yi9LfIIFRtBEPt74PVmbTF/xVAwPn7ub15ePICfgnuY="
    mac = hawk.calculate_mac(KEY, ts="1353832234", nonce="j4h3g2", method="POST", resource="/resource/1?b=1&a=2",
                             host="example.com", port="8000", hash_=payload, ext="some-app-ext-data")
    assert mac == "aSe1DERmZuRl3pI36/9BdZmnErTw3sNzOOAUlfeKjVw="


def test_falconieri_get_vector_hashes_empty_payload() -> None:
    """A GET is signed with the empty-payload hash, exactly as falconieri computes it."""
    artifacts = hawk.sign_request(credentials_id="id", key=KEY, method="GET",
                                  url="https://api.sraps.snom.com/api/v1/settings/?page_size=1000", body=None,
                                  ts=1700000000, nonce="AAECAwQFBgcICQoLDA0ODw==")
    assert artifacts.hash == hawk.EMPTY_PAYLOAD_HASH == "B0weSUXsMcb5UhL41FZbrUJCAotzSI3HawE1NPLRUz8="
    assert (artifacts.resource, artifacts.host, artifacts.port) == ("/api/v1/settings/?page_size=1000",
                                                                   "api.sraps.snom.com", "443")
    assert artifacts.mac == "9PZuTIeZ/Sqb/l+VRzzOLee//8YneILVTkbckeGYnTg="


def test_falconieri_put_vector() -> None:
    """The falconieri PUT vector gives its published payload hash and MAC."""
    artifacts = hawk.sign_request(credentials_id="id", key=KEY, method="PUT",
                                  url="https://api.sraps.snom.com/api/v1/companies/7/endpoints/000413aabbcc",
                                  body=FAL_BODY, ts=1700000000, nonce="AAECAwQFBgcICQoLDA0ODw==")
    assert artifacts.hash == "aQB9Idg5mABdlnDaDjnJMgz3LfuwqrzUm3y39tHpZsM="
    assert artifacts.mac == "uJG77GNWTEEn2CWeDutJGCHjXPjbqBhhXqcL28ivpEI="


def test_header_has_falconieri_attributes() -> None:
    """The Authorization header carries id, ts, nonce, hash and mac, and parses back to them."""
    artifacts = hawk.sign_request(credentials_id="client-1", key=KEY, method="GET", url="http://127.0.0.1:8080/x",
                                  body=None, ts=1700000000, nonce="n1")
    header = hawk.build_header(artifacts)
    assert header.startswith('Hawk id="client-1", ts="1700000000", nonce="n1", hash="')
    assert hawk.parse_header(header) == {"id": "client-1", "ts": "1700000000", "nonce": "n1",
                                         "hash": hawk.EMPTY_PAYLOAD_HASH, "mac": artifacts.mac}
    assert artifacts.port == "8080"


def test_nonces_are_fresh() -> None:
    """Every nonce is new: 24 URL-safe base64 characters ending in '=='."""
    nonces = {hawk.new_nonce() for _ in range(1000)}
    assert len(nonces) == 1000
    assert all(len(n) == 24 and n.endswith("==") for n in nonces)


def _verify(header: str, body: bytes = b"", content_type: str = "", now: float = 1700000000) -> dict[str, str]:
    return hawk.verify(header, method="PUT", resource="/api/v1/companies/7/endpoints/000413aabbcc",
                       host="api.sraps.snom.com", port="443", body=body, content_type=content_type,
                       key_for=lambda ident: KEY if ident == "id" else None, now=now)


def _put_header(**changes: str) -> str:
    artifacts = hawk.sign_request(credentials_id="id", key=KEY, method="PUT",
                                  url="https://api.sraps.snom.com/api/v1/companies/7/endpoints/000413aabbcc",
                                  body=FAL_BODY, ts=1700000000, nonce="abc")
    attributes = {"id": artifacts.id, "ts": artifacts.ts, "nonce": artifacts.nonce, "hash": artifacts.hash,
                  "mac": artifacts.mac, **changes}
    return "Hawk " + ", ".join(f'{k}="{v}"' for k, v in attributes.items())


def test_verify_accepts_a_signed_request() -> None:
    """A correctly signed request verifies, whatever the attribute order."""
    header = _put_header()
    shuffled = "Hawk " + ", ".join(reversed(header[5:].split(", ")))
    for value in (header, shuffled):
        assert _verify(value, FAL_BODY, "application/json; charset=utf-8")["id"] == "id"


def test_verify_accepts_a_request_without_hash() -> None:
    """A client that sends no hash (payload validation is optional) is accepted."""
    mac = hawk.calculate_mac(KEY, ts="1700000000", nonce="xyzxyzxy", method="PUT",
                             resource="/api/v1/companies/7/endpoints/000413aabbcc", host="api.sraps.snom.com",
                             port="443")
    header = f'Hawk mac="{mac}", id="id", ts="1700000000", nonce="xyzxyzxy"'
    assert _verify(header, FAL_BODY, "application/json")["nonce"] == "xyzxyzxy"


@pytest.mark.parametrize(("header", "body", "reason"), [
    (_put_header(), FAL_BODY.replace(b"pbx", b"evil"), "Bad payload hash"),
    (_put_header(mac="AAAA"), FAL_BODY, "Bad mac"),
    (_put_header(id="someone"), FAL_BODY, "Unknown credentials"),
    ("Basic dXNlcjpwdw==", FAL_BODY, "Missing Hawk authentication"),
    ('Hawk id="id", ts="1", nonce="n", mac="m", color="red"', FAL_BODY, "Unknown attribute: color"),
])
def test_verify_refuses(header: str, body: bytes, reason: str) -> None:
    """A tampered body, a wrong MAC, an unknown id or a non-Hawk header is refused with Hawk's reason."""
    with pytest.raises(hawk.HawkError) as caught:
        _verify(header, body, "application/json")
    assert caught.value.message == reason


def test_verify_refuses_stale_timestamp() -> None:
    """A timestamp outside the window is a stale-timestamp refusal naming the credentials."""
    with pytest.raises(hawk.HawkError) as caught:
        _verify(_put_header(), FAL_BODY, "application/json", now=1700000000 + 61)
    assert caught.value.stale and caught.value.credentials_id == "id"


def test_stale_timestamp_answer_round_trip() -> None:
    """A server's signed time is trusted; a forged tsm or another key is not."""
    header = hawk.stale_timestamp_header(KEY, 1700000123.9)
    assert hawk.parse_stale_timestamp(header, KEY) == 1700000123
    assert hawk.parse_stale_timestamp(header, "another-key") is None
    forged = 'Hawk ts="1800000000", tsm="AAAA", error="Stale timestamp"'
    assert hawk.parse_stale_timestamp(forged, KEY) is None
    assert hawk.parse_stale_timestamp('Hawk error="Bad mac"', KEY) is None
