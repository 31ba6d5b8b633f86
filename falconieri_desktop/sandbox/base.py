"""What every simulator shares: accounts, a registry of redirections, a call log, fault knobs.

A simulator is a vendor's redirect service in miniature: it checks credentials the way the vendor
does, keeps a registry of MAC -> URL per account, and answers in the vendor's exact wire format
(see ``shared/reference/vendor-apis.md``). State is touched only on the server loop's thread;
tests read it after their request returned, so no lock is needed for the dicts themselves.
"""

from __future__ import annotations

import secrets
from collections import deque
from dataclasses import dataclass, field
from typing import Any, ClassVar

from falconieri_desktop.sandbox.http import Faults, Request, Response

__all__ = ["OTHER_OWNER", "Account", "Call", "Record", "Simulator"]

#: The owner of MACs "registered to another account" in every simulator.
OTHER_OWNER = "another-reseller"


@dataclass(slots=True)
class Account:
    """A vendor account the simulator accepts. ``flags`` switch account-specific behaviour."""

    user: str
    secret: str
    flags: dict[str, Any] = field(default_factory=dict)
    company: str = "Sandbox Telecom"


@dataclass(slots=True)
class Record:
    """One registered device."""

    mac: str  # 12 upper-case hex
    url: str
    owner: str
    crc: str | None = None
    serial: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Call:
    """One operation the simulator served (for tests and call-count benchmarks)."""

    operation: str  # vendor method or "METHOD /path"
    user: str | None
    macs: tuple[str, ...] = ()
    ok: bool = True


class Simulator:
    """Base class. Subclasses set ``provider`` and ``path`` and implement ``handle``."""

    provider: ClassVar[str]  # the provider name it simulates ("snom", ...)
    path: ClassVar[str] = "/"  # endpoint path appended to http://127.0.0.1:port

    def __init__(self, *, user: str = "sandbox", secret: str | None = None,
                 faults: Faults | None = None) -> None:
        self.faults = faults or Faults()
        self.accounts: dict[str, Account] = {}
        self.registry: dict[str, Record] = {}
        self.calls: deque[Call] = deque(maxlen=200_000)
        self.primary = self.add_account(user, secret or secrets.token_urlsafe(18))

    # -- configuration used by tests and the demo ---------------------------------------

    def add_account(self, user: str, secret: str, **flags: Any) -> Account:
        account = Account(user, secret, dict(flags))
        self.accounts[user] = account
        return account

    def own(self, mac: str, url: str = "https://old-pbx.example.com/provisioning/", *,
            owner: str | None = None, **fields: Any) -> Record:
        """Put ``mac`` in the registry, owned by ``owner`` (default: the primary account)."""
        record = Record(mac.upper(), url, owner or self.primary.user, **fields)
        self.registry[record.mac] = record
        return record

    def give_to_other(self, mac: str, url: str = "https://other-pbx.example.net/prov/") -> Record:
        """Register ``mac`` to another account, as a previous reseller would have."""
        return self.own(mac, url, owner=OTHER_OWNER)

    def reset(self) -> None:
        """Forget every registration and call, keep accounts and knobs."""
        self.registry.clear()
        self.calls.clear()

    def count(self, operation: str) -> int:
        return sum(1 for call in self.calls if call.operation == operation)

    def log_call(self, operation: str, user: str | None, *macs: str, ok: bool = True) -> None:
        self.calls.append(Call(operation, user, tuple(macs), ok))

    # -- serving -----------------------------------------------------------------------------

    async def handle(self, request: Request) -> Response:  # pragma: no cover - abstract
        raise NotImplementedError

    def settings_options(self) -> dict[str, Any]:
        """Provider options the sandbox account uses (overridden where the vendor needs some)."""
        return {}
