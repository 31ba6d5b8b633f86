"""Keep secrets out of logs: a logging filter that masks known secrets and secret-shaped text.

httpx logs full URLs at INFO (``user:pass@`` and query tokens included), so ``setup_logging``
also pins httpx/httpcore at WARNING. Every secret the process loads (from the keyring, the
environment or a config file) is registered with ``register_secret`` and masked wherever it
appears in a log record, whatever the logger.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Iterable

__all__ = ["MASK", "RedactingFilter", "redact", "register_secret", "registered_secrets", "setup_logging"]

MASK = "********"
_MIN_SECRET_LEN = 4  # shorter values would mask ordinary words

_lock = threading.Lock()
_secrets: set[str] = set()

_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    # Authorization: Basic/Bearer/Hawk ... up to the end of the header value
    (re.compile(r"(?i)(authorization['\"]?\s*[:=]\s*['\"]?)(basic|bearer|hawk|digest)\s+[^'\"\r\n,}]+"),
     r"\1\2 " + MASK),
    # scheme://user:password@host
    (re.compile(r"(?i)\b([a-z][a-z0-9+.-]*://[^/\s:@]*):[^/\s@]*@"), r"\1:" + MASK + "@"),
    # ?token=..., &access_token=..., client_secret=..., password=...
    (re.compile(r"(?i)\b(access_token|token|client_secret|secret|password|passwd|pwd|api_key|apikey|key)"
                r"(=|\"\s*:\s*\"|'\s*:\s*')([^&\s\"']+)"), r"\1\2" + MASK),
)


def register_secret(value: str | None) -> None:
    """Mask ``value`` in every log record from now on."""
    if value and len(value) >= _MIN_SECRET_LEN:
        with _lock:
            _secrets.add(value)


def registered_secrets() -> frozenset[str]:
    with _lock:
        return frozenset(_secrets)


def redact(text: str, extra: Iterable[str] = ()) -> str:
    """``text`` with registered secrets, ``extra`` values and secret-shaped fragments masked."""
    with _lock:
        values = sorted({*_secrets, *(v for v in extra if v and len(v) >= _MIN_SECRET_LEN)}, key=len,
                        reverse=True)
    for value in values:
        if value in text:
            text = text.replace(value, MASK)
    for pattern, replacement in _PATTERNS:
        text = pattern.sub(replacement, text)
    return text


class RedactingFilter(logging.Filter):
    """Rewrites each record's message (arguments merged in) with ``redact``."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a broken format string must not kill logging
            message = str(record.msg)
        cleaned = redact(message)
        if record.exc_info and record.exc_info[1] is not None:
            record.exc_text = redact(logging.Formatter().formatException(record.exc_info))
            record.exc_info = None
        record.msg, record.args = cleaned, None
        return True


def setup_logging(verbosity: int = 0, *, stream: object = None, file: str | None = None) -> None:
    """Root logging with redaction on every handler; httpx/httpcore never below WARNING."""
    level = logging.WARNING if verbosity <= 0 else logging.INFO if verbosity == 1 else logging.DEBUG
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "_falconieri", False):
            root.removeHandler(handler)
    handlers: list[logging.Handler] = [logging.StreamHandler(stream)]  # type: ignore[arg-type]
    if file:
        handlers.append(logging.FileHandler(file, encoding="utf-8"))
    for handler in handlers:
        handler.addFilter(RedactingFilter())
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        handler._falconieri = True  # type: ignore[attr-defined]
        root.addHandler(handler)
    root.setLevel(level)
    for noisy in ("httpx", "httpcore", "hpack"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
