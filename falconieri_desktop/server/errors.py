"""How errors travel over HTTP: falconieri's statuses and ``{"error", "message"}`` bodies.

falconieri's README: input problems are 400, an unknown *or disabled* provider is 404
``provider_not_supported``, and every failure of the vendor call is 500 with the code and, where
there is one, a ``message``. Our extra codes keep that shape; only what falconieri cannot say gets
another status: 401 (client credentials), 404 (``not_registered`` on DELETE, ``job_not_found``),
413 (request too large), 501 (an operation the provider cannot do), 503 (busy or shutting down).

``message`` carries the vendor's own text when there is one (what falconieri puts there for
``unknown_provider_error``), else our sentence; ``hint`` says what to do. Both are redacted.
``error`` is always the bare code, as the README documents it (falconieri's code writes
``"unknown_provider_error: <vendor text>"`` there; ``providers/gateway.py`` reads both forms).
"""

from __future__ import annotations

import math
from typing import Any

from falconieri_desktop.core.errors import ConfigError, FalconieriError, InputError
from falconieri_desktop.core.redaction import redact

__all__ = ["NOT_SUPPORTED_CODES", "error_body", "error_headers", "error_status", "not_supported"]

#: Configuration codes that mean "this gateway does not offer the provider" (falconieri: 404).
NOT_SUPPORTED_CODES = frozenset({"provider_not_supported", "provider_disabled", "missing_credentials"})

_STATUS_BY_CODE = {
    "unauthorized_client": 401,
    "not_registered": 404,
    "job_not_found": 404,
    "request_too_large": 413,
    "operation_not_supported": 501,
    "gateway_busy": 503,
}


def error_status(exc: FalconieriError) -> int:
    """The HTTP status falconieri (or, for our codes, this gateway) answers ``exc`` with."""
    if exc.code in _STATUS_BY_CODE:
        return _STATUS_BY_CODE[exc.code]
    if exc.code in NOT_SUPPORTED_CODES:
        return 404
    if isinstance(exc, InputError):
        return 400
    return 500  # vendor failures, and configuration problems found only at call time


def error_body(exc: FalconieriError) -> dict[str, Any]:
    """``{"error", "message", "hint"}``; 404 for a configuration code says ``provider_not_supported``."""
    code = "provider_not_supported" if exc.code in NOT_SUPPORTED_CODES else exc.code
    message = exc.vendor_message or exc.message
    body: dict[str, Any] = {"error": code, "message": redact(message) if message else None,
                            "hint": exc.hint or None}
    if exc.retry_after is not None:
        body["retry_after"] = exc.retry_after
    return body


def error_headers(exc: FalconieriError) -> dict[str, str]:
    """``Retry-After`` when the vendor (or the gateway itself) named a delay."""
    if exc.retry_after is not None:
        return {"Retry-After": str(max(0, math.ceil(exc.retry_after)))}
    if exc.code == "gateway_busy":
        return {"Retry-After": "1"}
    return {}


def not_supported(provider: str, reason: str | None = None) -> ConfigError:
    """falconieri's 404: the provider is unknown here, or disabled (``reason`` says which)."""
    message = reason or f"This gateway does not offer the provider {provider!r}."
    return ConfigError("provider_not_supported", message,
                       hint="Use one of the providers GET /providers lists, or ask the gateway's administrator "
                            "to configure this one.")
