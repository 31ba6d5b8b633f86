"""Every error a user can meet, with a stable code and a sentence that says what to do.

The hierarchy::

    FalconieriError                 .code  .message  .hint  .retryable  .vendor_message
    ├── InputError                  bad input; nothing was sent to any vendor        (CLI exit 2)
    ├── ConfigError                 provider disabled, credentials or keyring missing (CLI exit 3)
    └── ProviderError               the vendor refused, or the call failed            (CLI exit 1)
        ├── TransportError          no usable HTTP exchange (connect, TLS, timeout, 5xx); retryable
        ├── ResponseError           an answer we cannot understand, or too large
        ├── AuthenticationError     credentials refused; never retried, trips the account breaker
        ├── RateLimitedError        the vendor asked us to slow down; ``retry_after`` seconds
        └── RefusedError            a definitive refusal (ownership, malformed MAC/URL, ...)

Codes reuse falconieri's where they exist (its README is the contract of the gateway mode), so a
script that parses falconieri's ``error`` field understands ours. New codes are added to
``ERROR_CODES`` and never renamed: they appear in reports, in the journal and in ``--json`` output.

Messages never contain secrets: providers pass vendor texts, never request headers or URLs with
credentials (see ``core.redaction`` for the logging side).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = [
    "ERROR_CODES",
    "AuthenticationError",
    "ConfigError",
    "ErrorSpec",
    "FalconieriError",
    "InputError",
    "ProviderError",
    "RateLimitedError",
    "RefusedError",
    "ResponseError",
    "TransportError",
    "error_from_code",
    "hint_for",
]


class FalconieriError(Exception):
    """Base of every error the application reports to a user."""

    kind = "error"
    exit_code = 1

    def __init__(
        self,
        code: str,
        message: str | None = None,
        *,
        hint: str | None = None,
        retryable: bool | None = None,
        vendor_message: str | None = None,
        retry_after: float | None = None,
        details: dict[str, Any] | None = None,
    ) -> None:
        spec = ERROR_CODES.get(code)
        self.code = code
        self.message = message or (spec.summary if spec else code)
        self.hint = hint if hint is not None else (spec.hint if spec else "")
        self.retryable = retryable if retryable is not None else bool(spec and spec.retryable)
        self.vendor_message = vendor_message
        self.retry_after = retry_after
        self.details = dict(details or {})
        super().__init__(f"{code}: {self.message}")

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape used by ``--json`` output, reports and the gateway."""
        return {
            "error": self.code,
            "message": self.message,
            "hint": self.hint,
            "vendor_message": self.vendor_message,
            "retryable": self.retryable,
        }


class InputError(FalconieriError):
    """The input is wrong (MAC, CRC, URL, serial); nothing was sent."""

    kind = "input"
    exit_code = 2


class ConfigError(FalconieriError):
    """The configuration does not allow the call (provider disabled, credentials missing)."""

    kind = "config"
    exit_code = 3


class ProviderError(FalconieriError):
    """A call to a vendor service failed or was refused."""

    kind = "provider"


class TransportError(ProviderError):
    """No usable HTTP exchange: connection, TLS, timeout, or an HTTP error status."""

    kind = "transport"


class ResponseError(ProviderError):
    """The vendor answered something we cannot interpret safely."""

    kind = "response"


class AuthenticationError(ProviderError):
    """The vendor refused the credentials."""

    kind = "authentication"


class RateLimitedError(ProviderError):
    """The vendor asked us to slow down; ``retry_after`` holds its hint in seconds, if any."""

    kind = "rate_limited"


class RefusedError(ProviderError):
    """The vendor understood the request and refused it; retrying will not help."""

    kind = "refused"


@dataclass(frozen=True, slots=True)
class ErrorSpec:
    """What a code means: its class, a one-line summary and what the user should do."""

    cls: type[FalconieriError]
    summary: str
    hint: str
    retryable: bool = False


_E = ErrorSpec

#: The stable codes. Order: falconieri's own codes first, then ours.
ERROR_CODES: dict[str, ErrorSpec] = {
    # -- input (falconieri API errors, HTTP 400 in gateway mode)
    "missing_mac_address": _E(
        InputError, "The MAC address is missing.",
        "Type or scan the 12-digit MAC address printed on the phone's label."),
    "malformed_mac_address": _E(
        InputError, "This is not a valid MAC address.",
        "Check the MAC on the label: 12 hexadecimal digits (0-9, A-F), e.g. 00:04:13:AA:BB:CC."),
    "missing_url": _E(
        InputError, "The provisioning URL is missing.",
        "Enter the URL the phone should fetch its configuration from, e.g. https://pbx.example.com/prov/."),
    "unable_to_parse_url": _E(
        InputError, "The provisioning URL cannot be parsed.",
        "Enter a complete URL with scheme and host, e.g. https://pbx.example.com/prov/{mac}.xml."),
    "unsupported_url_scheme": _E(
        InputError, "The provisioning URL uses a scheme the phones do not support.",
        "Use an http://, https://, ftp:// or tftp:// URL."),
    "missing_mac-id_crc": _E(
        InputError, "This Gigaset phone needs its 4-character MAC-ID code.",
        "Read the MAC-ID on the phone's label or box (XXXXXXXXXXXX-XXXX) and enter the 4 characters "
        "after the dash."),
    "invalid_mac-id_crc_format": _E(
        InputError, "The Gigaset MAC-ID code must be 4 letters or digits.",
        "Re-read the 4 characters after the dash in the MAC-ID on the label (A-Z, 0-9)."),
    # -- configuration (falconieri: 404 provider_not_supported)
    "provider_not_supported": _E(
        ConfigError, "This provider is not supported.",
        "Run 'falconieri providers' to see the supported providers and their names."),
    # -- provider failures (falconieri: HTTP 500)
    "connection_to_remote_provider_failed": _E(
        TransportError, "The vendor service could not be reached.",
        "Check the internet connection, the proxy settings and the endpoint URL, then retry.",
        retryable=True),
    "provider_remote_call_failed": _E(
        TransportError, "The vendor service answered with an HTTP error.",
        "Retry later; if it persists, check the endpoint URL and the vendor's service status.",
        retryable=True),
    "read_remote_response_failed": _E(
        TransportError, "The vendor's answer was cut off.",
        "Retry; the connection was interrupted while the answer was being read.",
        retryable=True),
    "unknown_response_from_provider": _E(
        ResponseError, "The vendor service gave an answer that is not a valid reply.",
        "Check the endpoint URL (it may point at a web page instead of the API), then retry."),
    "malformed_url": _E(
        RefusedError, "The vendor refused the provisioning URL.",
        "Check the URL: the vendor accepts only http, https, ftp or tftp URLs without spaces."),
    "not_valid_mac_address": _E(
        RefusedError, "The vendor does not accept this MAC address.",
        "Check the MAC on the label and that the phone is from this vendor."),
    "device_owned_by_other_user": _E(
        RefusedError, "This phone is registered to another account at the vendor.",
        "Ask the previous owner (reseller or customer) to release it, or ask the vendor's support "
        "to move it to your account, then retry."),
    "unknown_provider_error": _E(
        RefusedError, "The vendor refused the request.",
        "Read the vendor's message below; if it is unclear, contact the vendor's support with it."),
    # -- ours
    "authentication_failed": _E(
        AuthenticationError, "The vendor refused the credentials.",
        "Check the user name and password (or client id and secret) of this account; vendors lock "
        "accounts after repeated failures, so fix them before retrying."),
    "account_lacks_permission": _E(
        RefusedError, "The API key of this account lacks the permission for this operation.",
        "Give the API key a role that may manage devices in the vendor's portal (SRAPS/GRAPE: not "
        "'None'), then retry."),
    "provider_timeout": _E(
        TransportError, "The vendor service did not answer in time.",
        "Retry; if it keeps happening, raise the read timeout in the settings.",
        retryable=True),
    "tls_verification_failed": _E(
        TransportError, "The vendor's TLS certificate could not be verified.",
        "If your network inspects TLS traffic, set your company's CA bundle in the settings; "
        "verification is never turned off."),
    "rate_limited": _E(
        RateLimitedError, "The vendor asked to slow down.",
        "Wait a moment; the registration is retried automatically after the vendor's delay.",
        retryable=True),
    "response_too_large": _E(
        ResponseError, "The vendor's answer was larger than any valid reply.",
        "Check the endpoint URL; it does not look like the vendor's API."),
    "not_registered": _E(
        RefusedError, "This phone is not registered to this account.",
        "Nothing to remove; register it first if it should be redirected."),
    "operation_not_supported": _E(
        RefusedError, "This provider cannot do this operation.",
        "Use the vendor's portal for it, or an account of a provider that supports it."),
    "serial_number_required": _E(
        InputError, "This account needs the phone's serial number to register it.",
        "Scan or type the serial number (SN) from the phone's label, then retry."),
    "invalid_option": _E(
        InputError, "An option has a value the vendor will not accept.",
        "Correct the value named in the message."),
    "missing_credentials": _E(
        ConfigError, "No credentials are configured for this provider.",
        "Add an account ('falconieri accounts add'), or set the provider's environment variables "
        "or configuration file."),
    "provider_disabled": _E(
        ConfigError, "This provider is disabled in the configuration.",
        "Enable it (remove 'disable' from the configuration or the *_DISABLE variable)."),
    "invalid_configuration": _E(
        ConfigError, "The configuration cannot be read.",
        "Fix the file named in the message; it must be valid JSON in falconieri's format."),
    "keyring_unavailable": _E(
        ConfigError, "The system keyring is not available, so no password can be stored or read.",
        "Unlock the keyring (Linux: install and start a Secret Service such as gnome-keyring or "
        "KeePassXC); for headless use, pass credentials by environment variables or a config file."),
    "account_not_found": _E(
        ConfigError, "There is no account with this name.",
        "Run 'falconieri accounts list' to see the accounts."),
    # -- issue 3 (REST providers)
    "not_valid_serial_number": _E(
        RefusedError, "The vendor does not accept this serial number.",
        "Re-read the serial number (SN) on the phone's label, or scan it, and check that it belongs "
        "to the phone with this MAC; then retry."),
    # -- issue 5 (journal and spreadsheets)
    "journal_unavailable": _E(
        ConfigError, "The batch journal cannot be opened or written.",
        "Check the free disk space and the permissions of the journal file named in the message; if it "
        "was written by a newer Falconieri Desktop, update this one."),
    "batch_not_found": _E(
        InputError, "There is no batch with this number.",
        "Run 'falconieri batches' to list the batches and their numbers."),
    "batch_in_use": _E(
        ConfigError, "This batch is running in another window or command.",
        "Wait for the other run to finish, or stop it, then try again."),
    "spreadsheet_unreadable": _E(
        InputError, "The spreadsheet cannot be read.",
        "Save it again as .xlsx, .ods or .csv (UTF-8) and retry; password-protected or damaged files "
        "cannot be read."),
    "spreadsheet_too_large": _E(
        InputError, "The spreadsheet is larger than the import limit.",
        "Split it into smaller files, or remove the rows and sheets that are not phones."),
    "spreadsheet_empty": _E(
        InputError, "There are no rows to import.",
        "Check that the file is the right one and choose the sheet that lists the phones (--sheet)."),
    "sheet_not_found": _E(
        InputError, "The spreadsheet has no sheet with this name or number.",
        "Use one of the sheet names listed in the message, or its position (1 = first sheet)."),
    "invalid_column_mapping": _E(
        InputError, "A column mapping cannot be applied.",
        "Write it as FIELD=COLUMN, e.g. mac=B, mac=2 or mac=\"Indirizzo MAC\"; the fields are mac, crc, "
        "serial, url, provider, account and label."),
    "mac_column_not_found": _E(
        InputError, "No column of MAC addresses was found.",
        "Name the MAC column with --column mac=B (letter), mac=2 (position) or mac=\"Header text\"."),
    "duplicate_mac_address": _E(
        InputError, "This MAC address is already on an earlier row of the file.",
        "Only the first row with this MAC is used; delete the repeated row or correct its MAC."),
    "cell_too_large": _E(
        InputError, "A cell is much longer than any MAC, URL or serial.",
        "Shorten the cell named in the message, or map that column to nothing."),
    "report_not_written": _E(
        InputError, "The report could not be written.",
        "Check that the folder exists and is writable and that the file is not open in a spreadsheet "
        "program, then export again with 'falconieri export'."),
    # -- issue 6 (label reading)
    "unreadable_image": _E(
        InputError, "The image cannot be read.",
        "Check that the file exists and is a PNG, JPEG, BMP, TIFF or WebP image that opens in an image "
        "viewer; take the photo again if it is cut off."),
    "decoder_unavailable": _E(
        ConfigError, "This barcode decoder is not available.",
        "Use the built-in zxing decoder, or install the optional one: pip install "
        "'falconieri-desktop[zbar]' plus the zbar library (Debian/Ubuntu: apt install libzbar0; "
        "macOS: brew install zbar)."),
    # -- issue 10 (gateway mode: falconieri serve)
    "unauthorized_client": _E(
        AuthenticationError, "The gateway needs valid client credentials.",
        "Send the user name and password (HTTP Basic) or the bearer token the gateway's administrator "
        "gave you; they add clients to the server's --auth-file."),
    "request_too_large": _E(
        InputError, "The request is larger than the gateway accepts.",
        "Send fewer devices per request (split the list), or ask the administrator to raise --max-body."),
    "invalid_request_body": _E(
        InputError, "The request body is not what this endpoint expects.",
        "Send a JSON object shaped as the gateway's /openapi.json describes."),
    "job_not_found": _E(
        InputError, "There is no job with this id on this gateway instance.",
        "Jobs live in the instance that accepted them and are forgotten a while after they finish: poll "
        "that instance (session affinity at the load balancer), or submit the devices again."),
    "gateway_busy": _E(
        TransportError, "The gateway is busy or shutting down.",
        "Retry after the delay the gateway gave (Retry-After); if it persists, ask the administrator to "
        "raise the concurrency or to add instances.",
        retryable=True),
    "no_such_endpoint": _E(
        InputError, "The gateway has no such endpoint, or not for this HTTP method.",
        "Check the path and the method against the gateway's /openapi.json."),
    "internal_error": _E(
        FalconieriError, "The gateway failed unexpectedly.",
        "Retry; if it persists, give the gateway's administrator the request id (X-Request-ID) so they "
        "can find it in the log."),
}


def error_from_code(code: str, message: str | None = None, **kwargs: Any) -> FalconieriError:
    """Build the right exception class for ``code`` (unknown codes become ``ProviderError``)."""
    spec = ERROR_CODES.get(code)
    cls = spec.cls if spec else ProviderError
    return cls(code, message, **kwargs)


def hint_for(code: str) -> str:
    """The 'what to do' sentence of a code, or an empty string for unknown codes."""
    spec = ERROR_CODES.get(code)
    return spec.hint if spec else ""
