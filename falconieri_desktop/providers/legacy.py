"""What the four legacy XML-RPC providers (Snom, Gigaset, Yealink, Fanvil) share.

Each vendor answers ``[success, message]`` and puts its reason for a refusal in the message
text, so every provider module holds one table, ``ERRORS``, from vendor text to our error codes
(the same normalisation falconieri's ``utils.ParseProviderError`` does, vendor-apis.md §7).
Anything the table does not know becomes ``unknown_provider_error`` carrying the vendor's words.
"""

from __future__ import annotations

import re
from typing import Any

import httpx

from falconieri_desktop.core.devices import DeviceId, Presence
from falconieri_desktop.core.errors import (
    ConfigError,
    FalconieriError,
    ProviderError,
    RefusedError,
    error_from_code,
)
from falconieri_desktop.core.redaction import redact
from falconieri_desktop.providers.base import Provider, ProviderSettings
from falconieri_desktop.providers.transport import DEFAULT_MAX_BODY
from falconieri_desktop.providers.xmlrpc import XmlRpcClient, as_status_pair

__all__ = [
    "ErrorRule",
    "ErrorTable",
    "LegacyXmlRpcProvider",
    "code_for",
    "rule",
    "with_previous_removed",
]

ErrorRule = tuple[re.Pattern[str], str]
ErrorTable = tuple[ErrorRule, ...]

_VENDOR_TEXT_LIMIT = 500  # a vendor message longer than this is not a message


def rule(pattern: str, code: str, *, case_sensitive: bool = False) -> ErrorRule:
    """One line of a vendor's error table: a regex searched in the vendor text, and our code."""
    return re.compile(pattern, 0 if case_sensitive else re.IGNORECASE), code


def code_for(table: ErrorTable, message: str) -> str:
    """Our code for a vendor message: the first matching rule wins, else ``unknown_provider_error``."""
    text = message.strip()
    for pattern, code in table:
        if pattern.search(text):
            return code
    return "unknown_provider_error"


def _clean(message: str) -> str:
    text = " ".join(message.split())
    return text if len(text) <= _VENDOR_TEXT_LIMIT else text[: _VENDOR_TEXT_LIMIT - 3] + "..."


def with_previous_removed(exc: FalconieriError, *, certain: bool = True) -> FalconieriError:
    """``exc`` with a message saying that the step before it removed the old registration.

    Delete-then-add overrides (Gigaset, Fanvil) are not atomic: when the add fails, the phone is
    no longer redirected anywhere, and the technician must know that before walking away.
    """
    removed = ("The previous registration of this phone was removed before this step failed"
               if certain else "The previous registration of this phone may have been removed before this "
               "step failed")
    message = (f"{exc.message} {removed}, so the phone is not redirected now; register it again once "
               "the problem is solved.")
    return type(exc)(exc.code, message, hint=exc.hint, retryable=exc.retryable,
                     vendor_message=exc.vendor_message, retry_after=exc.retry_after,
                     details={**exc.details, "previous_registration_removed": True if certain else None})


class LegacyXmlRpcProvider(Provider):
    """Base of the XML-RPC providers: one ``XmlRpcClient`` per account, vendor-text errors.

    Subclasses set ``ERRORS`` (their table) and may override ``wire_password`` (Fanvil hashes it).
    """

    ERRORS: ErrorTable = ()

    def __init__(self, settings: ProviderSettings, client: httpx.AsyncClient, *,
                 total_timeout: float = 90.0, max_body: int = DEFAULT_MAX_BODY) -> None:
        super().__init__(settings, client, total_timeout=total_timeout, max_body=max_body)
        try:
            endpoint = httpx.URL(settings.endpoint)
        except httpx.InvalidURL:
            endpoint = None
        if endpoint is None or endpoint.scheme not in ("http", "https") or not endpoint.host:
            raise ConfigError("invalid_configuration",
                              f"The {self.info.label} endpoint must be an https:// URL "
                              f"(got {redact(settings.endpoint[:80])!r}).")
        self.host = endpoint.host
        self.rpc = XmlRpcClient(self, settings.endpoint, settings.user, self.wire_password(settings.secret))

    def wire_password(self, secret: str) -> str:
        """The password as the vendor expects it in HTTP Basic."""
        return secret

    def wire_mac(self, device: DeviceId) -> str:
        return device.mac.format(self.info.mac_style)

    async def call(self, method: str, *params: Any) -> Any:
        """Call ``method`` and return its raw result (transport, HTTP and fault errors raised)."""
        return await self.rpc.call(method, *params)

    async def status(self, method: str, *params: Any) -> tuple[bool, str]:
        """Call ``method`` and read its ``[success, message]`` answer."""
        return as_status_pair(await self.call(method, *params), host=self.host)

    def refusal(self, message: str, method: str) -> ProviderError:
        """The error for a vendor's ``[false, message]`` answer to ``method``, per ``ERRORS``.

        Always a ``ProviderError`` (CLI exit 1), also for ``invalid_option``, whose code is an
        ``InputError`` when we catch the value ourselves: here something *was* sent (for a
        delete-then-add override, the delete already happened).
        """
        text = _clean(message)
        code = code_for(self.ERRORS, text)
        details = {"method": method}
        if code == "unknown_provider_error":
            shown = text or "(an empty message)"
            return RefusedError(code, f"{self.info.label} refused the request: {shown}",
                                vendor_message=text, details=details)
        error = error_from_code(code, vendor_message=text, details=details)
        if isinstance(error, ProviderError):
            return error
        return RefusedError(code, error.message, hint=error.hint, vendor_message=text, details=details)

    def presence_from_refusal(self, message: str, method: str) -> Presence:
        """A check's ``[false, message]``: not registered, another account's, or a real error."""
        error = self.refusal(message, method)
        if error.code == "not_registered":
            return Presence.NOT_REGISTERED
        if error.code == "device_owned_by_other_user":
            return Presence.OTHER_ACCOUNT
        raise error
