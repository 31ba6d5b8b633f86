"""core.redaction: every secret shape is masked in log records, the console and the log file."""

from __future__ import annotations

import io
import logging
import os
import secrets
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from falconieri_desktop.core.redaction import MASK, RedactingFilter, redact, register_secret, setup_logging


@pytest.fixture
def restore_logging() -> Iterator[None]:
    """setup_logging changes the root logger: put it back after the test."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    levels = {name: logging.getLogger(name).level for name in ("httpx", "httpcore")}
    yield
    for handler in list(root.handlers):
        if handler not in handlers:
            root.removeHandler(handler)
            handler.close()
    root.setLevel(level)
    for name, value in levels.items():
        logging.getLogger(name).setLevel(value)


def _token() -> str:
    return secrets.token_urlsafe(12)


@pytest.mark.parametrize("template", [
    "Authorization: Basic {t}",
    "Authorization: Bearer {t}",
    "proxy-authorization: Digest username=x, response={t}",
    "headers={{'Authorization': 'Basic {t}', 'Content-Type': 'text/xml'}}",
    '{{"authorization": "Hawk id=\\"{t}\\", ts=\\"1\\", mac=\\"abc\\""}}',
    "[(b'authorization', b'Bearer {t}')]",
    "Cookie: session={t}; theme=dark",
    "X-Api-Key: {t}",
])
def test_authorization_headers_are_masked(template: str) -> None:
    """Authorization-like headers lose their value in every common rendering."""
    token = _token()
    text = redact(template.format(t=token))
    assert token not in text and MASK in text


@pytest.mark.parametrize("template", [
    "POST https://user:{t}@provisioning.example.com:8083/xmlrpc/",
    "socks5://proxyuser:{t}@10.0.0.1:1080",
])
def test_user_password_in_urls_is_masked(template: str) -> None:
    """scheme://user:password@host keeps the user and host, never the password."""
    token = _token()
    text = redact(template.format(t=token))
    assert token not in text and f":{MASK}@" in text


@pytest.mark.parametrize("template", [
    "GET https://api.example.com/v2/devices?token={t}&page=1",
    "GET /v2/x?access_token={t}",
    "grant_type=client_credentials&client_secret={t}",
    "password={t} user=bob",
    "secret='{t}'",
    '{{"client_secret": "{t}", "client_id": "cid"}}',
    "{{'refresh_token': '{t}'}}",
    "https://h/p?api_key={t}#frag",
    "<member><name>password</name><value><string>{t}</string></value></member>",
    "sent Bearer {t} to the vendor",
    "jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.{t}",
])
def test_secret_parameters_are_masked(template: str) -> None:
    """Tokens and passwords in query strings, forms, JSON, reprs and XML-RPC structs are masked."""
    token = _token()
    text = redact(template.format(t=token))
    assert token not in text and MASK in text


def test_ordinary_text_is_left_alone() -> None:
    """MACs, plain URLs and words that merely end like 'key' are not masked."""
    text = ("registered 00:04:13:AA:BB:CC -> https://pbx.example.com/prov/{mac}.xml?model=D785 "
            "monkey=banana design=modern user=acme")
    assert redact(text) == text


def test_registered_secrets_are_masked_in_every_encoding() -> None:
    """A registered secret is masked as is, percent-encoded, JSON-escaped and XML-escaped."""
    secret = f"p@ss w/rd&\"{_token()}"
    register_secret(secret)
    from html import escape
    from json import dumps
    from urllib.parse import quote, quote_plus

    for form in (secret, quote(secret, safe=""), quote_plus(secret, safe=""), dumps(secret)[1:-1], escape(secret)):
        assert redact(f"<{form}>") == f"<{MASK}>", form


def test_extra_values_are_masked_without_registering() -> None:
    """redact(text, extra=...) masks one-off values (journal messages) without keeping them."""
    value = _token()
    assert redact(f"a {value} b", extra=[value]) == f"a {MASK} b"
    assert redact(f"a {value} b") == f"a {value} b"


def test_filter_masks_arguments_tracebacks_and_stacks() -> None:
    """Arguments merged into the message, exception text and stack info are all redacted."""
    secret = _token()
    register_secret(secret)
    try:
        raise RuntimeError(f"boom {secret}")
    except RuntimeError:
        import sys

        record = logging.LogRecord("x", logging.ERROR, __file__, 1, "login %s failed", (secret,), sys.exc_info(),
                                   sinfo=f"Stack (most recent call last):\n  secret={secret}")
    RedactingFilter().filter(record)
    rendered = logging.Formatter().format(record)
    assert secret not in rendered
    assert rendered.count(MASK) >= 3


def test_setup_logging_pins_httpx_and_masks_the_console(restore_logging: None) -> None:
    """Even at -vv, httpx/httpcore stay at WARNING; what reaches the console is redacted."""
    stream = io.StringIO()
    setup_logging(2, stream=stream)
    assert logging.getLogger("httpx").getEffectiveLevel() == logging.WARNING
    assert logging.getLogger("httpcore").getEffectiveLevel() == logging.WARNING
    token = _token()
    logging.getLogger("httpx").info("HTTP Request: GET https://u:%s@h/?token=%s", token, token)
    logging.getLogger("falconieri_desktop.test").debug("Authorization: Basic %s", token)
    output = stream.getvalue()
    assert "HTTP Request" not in output
    assert token not in output and "Authorization: Basic " + MASK in output


def test_log_file_is_private_rotating_and_redacted(tmp_path: Path, restore_logging: None) -> None:
    """The log file is created 0600 in a new directory, records info at -v0, and is redacted."""
    path = tmp_path / "log" / "falconieri.log"
    stream = io.StringIO()
    setup_logging(0, stream=stream, file=path)
    secret = _token()
    register_secret(secret)
    logging.getLogger("falconieri_desktop.test").info("using password %s", secret)
    for handler in logging.getLogger().handlers:
        handler.flush()
    content = path.read_text()
    assert "using password" in content and secret not in content
    assert stream.getvalue() == ""  # info is below the console's level at -v0
    if os.name == "posix":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    handler = next(h for h in logging.getLogger().handlers if isinstance(h, logging.handlers.RotatingFileHandler))
    assert handler.maxBytes > 0 and handler.backupCount > 0


def test_unwritable_log_file_is_a_warning_not_a_crash(tmp_path: Path, restore_logging: None) -> None:
    """A log path that cannot be created turns file logging off with a warning."""
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("")
    stream = io.StringIO()
    setup_logging(0, stream=stream, file=blocker / "falconieri.log")
    assert "cannot be written" in stream.getvalue()
