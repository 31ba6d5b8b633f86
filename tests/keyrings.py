"""Keyring backends for tests: in memory, installed only explicitly (``keyring.set_keyring``).

A real backend for keyring's purposes (not ``fail``, not ``null``, not ``keyrings.alt``), so code
that refuses unusable keyrings accepts it; its priority refuses auto-detection, so it never
becomes the default by accident. Shared by tests/accounts, tests/packaging and the leak driver.
"""

from __future__ import annotations

from collections.abc import Iterator

import keyring
import keyring.backend
import keyring.errors
from keyring.compat import properties

__all__ = ["MemoryKeyring", "installed"]


class MemoryKeyring(keyring.backend.KeyringBackend):
    """A keyring backend in a dict."""

    @properties.classproperty
    def priority(cls) -> float:
        raise RuntimeError("test backend: only installed explicitly with keyring.set_keyring")

    def __init__(self) -> None:
        super().__init__()
        self.entries: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.entries.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.entries[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self.entries.pop((service, username), None) is None:
            raise keyring.errors.PasswordDeleteError("no such password")


def installed(backend: keyring.backend.KeyringBackend) -> Iterator[keyring.backend.KeyringBackend]:
    """Make ``backend`` the process-wide keyring for the duration of a fixture."""
    previous = keyring.get_keyring()
    keyring.set_keyring(backend)
    try:
        yield backend
    finally:
        keyring.set_keyring(previous)
