"""Keep secrets out of logs: a logging filter that masks known secrets and secret-shaped text.

httpx logs full URLs at INFO (``user:pass@`` and query tokens included), so ``setup_logging``
also pins httpx/httpcore at WARNING. Every secret the process loads (from the keyring, the
environment or a config file) is registered with ``register_secret`` and masked wherever it
appears in a log record, whatever the logger -- also in its percent-encoded, JSON- and
XML-escaped forms. Secret-shaped text is masked even when its value was never registered:
``Authorization``/``Cookie``/API-key headers, ``user:password@`` in URLs, ``token=``,
``client_secret=``, ``password=``... in query strings, forms, JSON and reprs, bare bearer tokens and JWTs.

``setup_logging`` can add a rotating log file (mode 0600), redacted like the console.
"""

from __future__ import annotations

import functools
import io
import logging
import os
import re
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    import logging.handlers

__all__ = ["MASK", "RedactingFilter", "redact", "register_secret", "registered_secrets", "setup_logging"]

MASK = "********"
_MIN_SECRET_LEN = 4  # shorter values would mask ordinary words

_lock = threading.Lock()
_secrets: set[str] = set()

_HEADER_NAMES = r"(?:proxy-)?authorization|cookie|set-cookie|x-auth-token|x-access-token|x-api-key|api-key"
_KEY_NAMES = (r"(?:[\w-]*[_-])?(?:token|secret|password|passwd|passphrase|pwd|pass|api[_-]?key|apikey|key"
              r"|signature|sig|auth|credentials?)")


def _mask_quoted_header(match: re.Match[str]) -> str:
    # Keep the scheme ("Basic", "Bearer", "Hawk") so a log still says which kind of credential it was.
    scheme = re.match(r"\s*([A-Za-z][\w-]*)\s+\S", match.group(3))
    shown = f"{scheme.group(1)} {MASK}" if scheme else MASK
    return f"{match.group(1)}{match.group(2)}{shown}{match.group(2)}"


def _mask_header_line(match: re.Match[str]) -> str:
    scheme = re.match(r"([A-Za-z][\w-]*)\s+\S", match.group(2))
    return f"{match.group(1)}{scheme.group(1)} {MASK}" if scheme else f"{match.group(1)}{MASK}"


@functools.cache
def _patterns() -> tuple[tuple[re.Pattern[str], Any], ...]:
    # Compiled on first use, not at import: ~15 ms the desktop app would otherwise spend before its
    # first paint (setup_logging runs first) and every CLI command before its first line.
    return (
        # {'Authorization': 'Basic ...'}, "Authorization": "Hawk id=\"..\", mac=\"..\"", (b'cookie', b'...')
        (re.compile(rf"(?i)((?<![\w-])(?:{_HEADER_NAMES})['\"]?\s*[:=,]\s*b?)(['\"])((?:\\.|(?!\2).)*)\2"),
         _mask_quoted_header),
        # Authorization: Basic ...   (a header line: up to the end of the line)
        (re.compile(rf"(?im)((?<![\w-])(?:{_HEADER_NAMES})\s*:\s*)(?!{re.escape(MASK)})([^\r\n'\"]+)"),
         _mask_header_line),
        # scheme://user:password@host
        (re.compile(r"(?i)\b([a-z][a-z0-9+.-]*://[^/\s:@]*):[^/\s@]*@"), r"\1:" + MASK + "@"),
        # ?token=..., &access_token=..., client_secret=..., password='...', "password": "...", 'key': '...'
        (re.compile(rf"(?i)(?<![\w-])({_KEY_NAMES})(\s*=\s*['\"]?|['\"]\s*:\s*b?['\"])(?!{re.escape(MASK)})"
                    r"([^&\s\"',;)}\]]+)"),
         r"\1\2" + MASK),
        # <name>password</name><value><string>...</string> (XML-RPC structs)
        (re.compile(rf"(?i)(<name>{_KEY_NAMES}</name>\s*<value>\s*(?:<string>)?)[^<]*"), r"\1" + MASK),
        # a bearer token or a JWT anywhere else
        (re.compile(r"(?i)\b(bearer\s+)(?!" + re.escape(MASK) + r")[\w.~+/-]+=*"), r"\1" + MASK),
        (re.compile(r"\beyJ[\w-]{6,}\.[\w-]{6,}\.[\w-]*"), MASK),
    )


def _variants(value: str) -> set[str]:
    """How a secret may appear in text: as is, percent-encoded, JSON- or XML-escaped."""
    import html
    import json
    from urllib.parse import quote, quote_plus

    forms = {value, quote(value, safe=""), quote_plus(value, safe=""), json.dumps(value)[1:-1],
             html.escape(value, quote=True), html.escape(value, quote=False)}
    return {form for form in forms if len(form) >= _MIN_SECRET_LEN}


def register_secret(value: str | None) -> None:
    """Mask ``value`` in every log record from now on."""
    if value and len(value) >= _MIN_SECRET_LEN:
        forms = _variants(value)
        with _lock:
            _secrets.update(forms)


def registered_secrets() -> frozenset[str]:
    with _lock:
        return frozenset(_secrets)


def redact(text: str, extra: Iterable[str] = ()) -> str:
    """``text`` with registered secrets, ``extra`` values and secret-shaped fragments masked."""
    with _lock:
        known = set(_secrets)
    for value in extra:
        if value and len(value) >= _MIN_SECRET_LEN:
            known |= _variants(value)
    values = sorted(known, key=len, reverse=True)  # longest first: a secret may contain another
    for value in values:
        if value in text:
            text = text.replace(value, MASK)
    for pattern, replacement in _patterns():
        text = pattern.sub(replacement, text)
    return text


class RedactingFilter(logging.Filter):
    """Rewrites each record's message (arguments merged in), traceback and stack with ``redact``."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a broken format string must not kill logging
            message = str(record.msg)
        cleaned = redact(message)
        if record.exc_info and record.exc_info[1] is not None:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
            record.exc_info = None
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        record.msg, record.args = cleaned, None
        return True


def _private_rotating_handler(path: Path, *, max_bytes: int, backups: int) -> logging.handlers.RotatingFileHandler:
    """A rotating log file created with mode 0600 (the log is redacted, but it is still nobody else's)."""
    import logging.handlers  # here: it brings socket and pickle, which a console-only start never needs

    class PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
        def _open(self) -> io.TextIOWrapper:
            fd = os.open(self.baseFilename, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
            return open(fd, "a", encoding=self.encoding, errors=self.errors)

    return PrivateRotatingFileHandler(path, maxBytes=max_bytes, backupCount=backups, encoding="utf-8")


LOG_FILE_MAX_BYTES = 2 * 1024 * 1024
LOG_FILE_BACKUPS = 3


def setup_logging(verbosity: int = 0, *, stream: TextIO | None = None, file: str | Path | None = None) -> None:
    """Root logging with redaction on every handler; httpx/httpcore never below WARNING.

    ``verbosity`` sets the console: 0 warnings, 1 info, 2+ debug. ``file`` adds a rotating log file
    (2 MB x 3 backups) that records info and above (debug with ``verbosity`` 2+); if it cannot be
    opened, a warning says so and logging goes on without it. Calling again replaces the handlers.
    """
    console_level = logging.WARNING if verbosity <= 0 else logging.INFO if verbosity == 1 else logging.DEBUG
    file_level = logging.DEBUG if verbosity >= 2 else logging.INFO
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "_falconieri", False):
            root.removeHandler(handler)
            handler.close()
    console = logging.StreamHandler(stream)
    console.setLevel(console_level)
    handlers: list[logging.Handler] = [console]
    problem = None
    if file:
        path = Path(file)
        try:
            path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            file_handler = _private_rotating_handler(path, max_bytes=LOG_FILE_MAX_BYTES, backups=LOG_FILE_BACKUPS)
        except OSError as exc:
            problem = f"the log file {path} cannot be written ({exc.strerror}); logging to it is off"
        else:
            file_handler.setLevel(file_level)
            handlers.append(file_handler)
    for handler in handlers:
        handler.addFilter(RedactingFilter())
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        handler._falconieri = True  # type: ignore[attr-defined]
        root.addHandler(handler)
    root.setLevel(min(h.level for h in handlers))
    for noisy in ("httpx", "httpcore", "hpack", "h11", "h2"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    if problem:
        logging.getLogger(__name__).warning(problem)
