"""Who may call the gateway: clients listed in an auth file, by HTTP Basic or bearer token.

falconieri leaves authentication to a proxy in front of it (its middleware is a no-op, a TODO);
NethVoice sends HTTP Basic ``SystemId:Secret``. Here every client has its own line, so one can
be revoked without touching the others and the access log names who called::

    # falconieri serve --auth-file: "<name> <scheme> <hash>", one client per line
    nethvoice-acme   basic   sha256:5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8
    ci-pipeline      bearer  sha256:2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae
    tech-mario       basic   scrypt:16384:8:1:<salt base64>:<hash base64>

For ``basic`` the name is the user name. The file never holds a secret, only its hash:
``sha256:`` suits the random secrets ``falconieri serve --add-client`` generates (and NethVoice's);
``scrypt:`` suits passwords people chose (``--password-stdin``). Bearer tokens are looked up by
their SHA-256, so they must be ``sha256:``. A verified Basic credential is remembered (by a
SHA-256 of it, in memory) for a few minutes, so scrypt's cost is paid once per client, not per
request. The file is re-read when it changes; a broken edit keeps the previous clients and is
logged, so a typo cannot open the gateway or lock everybody out.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import hashlib
import hmac
import logging
import os
import re
import secrets
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from falconieri_desktop.core.errors import ConfigError
from falconieri_desktop.core.redaction import register_secret

__all__ = [
    "AuthFile",
    "Authenticator",
    "Client",
    "hash_secret",
    "new_client_line",
    "parse_auth_file",
]

log = logging.getLogger(__name__)

SCHEMES = ("basic", "bearer")
_NAME = re.compile(r"^[A-Za-z0-9._@+-]{1,64}$")
_SCRYPT_N, _SCRYPT_R, _SCRYPT_P = 2**14, 8, 1
_SCRYPT_MAX_N = 2**20  # a hostile file must not make each check take minutes
_CACHE_SECONDS = 300.0
_CACHE_MAX = 4096
_RELOAD_EVERY = 2.0  # seconds between looks at the file's mtime


@dataclass(frozen=True, slots=True)
class Client:
    """One authorised caller; ``name`` is what the access log and job ownership use."""

    name: str
    scheme: str  # "basic" or "bearer"
    digest: str = ""  # the stored hash, as written in the file

    def __repr__(self) -> str:  # the hash is not a secret, but there is no reason to print it
        return f"Client({self.name!r}, {self.scheme!r})"


@dataclass(frozen=True, slots=True)
class AuthFile:
    """The parsed file: Basic clients by user name, bearer clients by token SHA-256."""

    basic: Mapping[str, Client]
    bearer: Mapping[str, Client]

    def __len__(self) -> int:
        return len(self.basic) + len(self.bearer)


def _sha256(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def hash_secret(secret: str, *, slow: bool = False) -> str:
    """The file form of ``secret``: ``sha256:hex`` or, with ``slow``, ``scrypt:n:r:p:salt:hash``."""
    if not slow:
        return f"sha256:{_sha256(secret)}"
    salt = os.urandom(16)
    derived = hashlib.scrypt(secret.encode("utf-8"), salt=salt, n=_SCRYPT_N, r=_SCRYPT_R, p=_SCRYPT_P,
                             maxmem=256 * 1024 * 1024)
    return (f"scrypt:{_SCRYPT_N}:{_SCRYPT_R}:{_SCRYPT_P}:{base64.b64encode(salt).decode()}:"
            f"{base64.b64encode(derived).decode()}")


def _verify(digest: str, secret: str) -> bool:
    kind, _, rest = digest.partition(":")
    if kind == "sha256":
        return hmac.compare_digest(rest, _sha256(secret))
    if kind == "scrypt":
        n, r, p, salt, expected = rest.split(":")
        derived = hashlib.scrypt(secret.encode("utf-8"), salt=base64.b64decode(salt), n=int(n), r=int(r),
                                 p=int(p), maxmem=256 * 1024 * 1024)
        return hmac.compare_digest(derived, base64.b64decode(expected))
    return False


def _check_digest(digest: str, scheme: str, where: str) -> None:
    kind, _, rest = digest.partition(":")
    if kind == "sha256":
        if not re.fullmatch(r"[0-9a-f]{64}", rest):
            raise ValueError(f"{where}: a sha256 hash is 64 lower-case hex digits")
        return
    if kind == "scrypt" and scheme == "basic":
        parts = rest.split(":")
        try:
            n, r, p = (int(x) for x in parts[:3])
            base64.b64decode(parts[3], validate=True)
            base64.b64decode(parts[4], validate=True)
        except (ValueError, IndexError, binascii.Error):
            raise ValueError(f"{where}: write scrypt hashes as scrypt:N:R:P:SALT:HASH (base64)") from None
        if len(parts) != 5 or not (2 <= n <= _SCRYPT_MAX_N and n & (n - 1) == 0) or not (1 <= r <= 32) \
                or not (1 <= p <= 16):
            raise ValueError(f"{where}: scrypt parameters out of range (N a power of two up to 2^20)")
        return
    allowed = "sha256:" if scheme == "bearer" else "sha256: or scrypt:"
    raise ValueError(f"{where}: the hash must start with {allowed}")


def parse_auth_file(text: str, source: str = "auth file") -> AuthFile:
    """Parse the file's text; ``ValueError`` names the first bad line."""
    basic: dict[str, Client] = {}
    bearer: dict[str, Client] = {}
    names: set[str] = set()
    for number, line in enumerate(text.splitlines(), start=1):
        content = line.split("#", 1)[0].strip()
        if not content:
            continue
        where = f"{source} line {number}"
        fields = content.split()
        if len(fields) != 3:
            raise ValueError(f"{where}: expected '<name> <basic|bearer> <hash>'")
        name, scheme, digest = fields[0], fields[1].lower(), fields[2]
        if not _NAME.match(name):
            raise ValueError(f"{where}: a client name has 1-64 of A-Z a-z 0-9 . _ @ + -")
        if scheme not in SCHEMES:
            raise ValueError(f"{where}: the scheme is 'basic' or 'bearer', not {fields[1]!r}")
        if name.casefold() in names:
            raise ValueError(f"{where}: the client {name!r} is listed twice")
        _check_digest(digest, scheme, where)
        names.add(name.casefold())
        client = Client(name, scheme, digest)
        if scheme == "basic":
            basic[name] = client
        else:
            token_hash = digest.partition(":")[2]
            if token_hash in bearer:
                raise ValueError(f"{where}: this token is already given to {bearer[token_hash].name!r}")
            bearer[token_hash] = client
    return AuthFile(basic, bearer)


def new_client_line(name: str, scheme: str, secret: str | None = None) -> tuple[str, str]:
    """``(file line, secret)`` for a new client; a random secret unless one is given (then scrypt)."""
    if not _NAME.match(name):
        raise ValueError("a client name has 1-64 of A-Z a-z 0-9 . _ @ + -")
    if scheme not in SCHEMES:
        raise ValueError("the scheme is 'basic' or 'bearer'")
    if secret is not None:
        if scheme == "bearer":
            raise ValueError("bearer tokens are always generated (they are looked up by their SHA-256)")
        if len(secret) < 12:
            raise ValueError("a password needs at least 12 characters")
        return f"{name} {scheme} {hash_secret(secret, slow=True)}", secret
    generated = secrets.token_urlsafe(32)
    return f"{name} {scheme} {hash_secret(generated)}", generated


class Authenticator:
    """Checks ``Authorization`` headers against the auth file (re-read when it changes). Thread-safe."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()
        self._stamp: tuple[int, int] | None = None
        self._checked_at = 0.0
        self._cache: dict[str, tuple[float, Client]] = {}
        self._table = self._load(initial=True)

    @classmethod
    def from_text(cls, text: str) -> Authenticator:
        """An authenticator over fixed clients (tests); no file is watched."""
        self = cls.__new__(cls)
        self.path = Path()
        self._lock = threading.Lock()
        self._stamp = None
        self._checked_at = float("inf")
        self._cache = {}
        self._table = parse_auth_file(text)
        return self

    @property
    def clients(self) -> int:
        return len(self._table)

    def _load(self, *, initial: bool = False) -> AuthFile:
        try:
            stat = self.path.stat()
            text = self.path.read_text(encoding="utf-8")
            table = parse_auth_file(text, self.path.name)
        except (OSError, ValueError, UnicodeDecodeError) as exc:
            detail = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            if initial:
                raise ConfigError("invalid_configuration", f"The auth file {self.path} cannot be used: {detail}.",
                                  hint="Create it with 'falconieri serve --auth-file FILE --add-client NAME'.") \
                    from None
            log.error("auth file %s not reloaded, keeping the previous clients: %s", self.path, detail)
            return self._table
        if not initial:
            log.info("auth file %s reloaded: %d clients", self.path, len(table))
        self._stamp = (stat.st_mtime_ns, stat.st_size)
        self._cache.clear()
        if stat.st_mode & 0o077 and initial:
            log.warning("auth file %s is readable by other users; chmod 600 it", self.path)
        return table

    def _maybe_reload(self) -> None:
        now = time.monotonic()
        if now - self._checked_at < _RELOAD_EVERY:
            return
        self._checked_at = now
        try:
            stat = self.path.stat()
            stamp: tuple[int, int] | None = (stat.st_mtime_ns, stat.st_size)
        except OSError:
            stamp = None
        if stamp != self._stamp:
            self._table = self._load()

    def authenticate(self, authorization: str | None) -> Client | None:
        """The client an ``Authorization`` header proves, or None (blocking: scrypt may run)."""
        found = self._lookup(authorization)
        if found is None or isinstance(found, Client):
            return found
        client, password, key = found
        return self._remember(client, password, key) if _verify(client.digest, password) else None

    async def authenticate_async(self, authorization: str | None) -> Client | None:
        """``authenticate`` for the event loop: a scrypt check runs in a worker thread."""
        found = self._lookup(authorization)
        if found is None or isinstance(found, Client):
            return found
        client, password, key = found
        if client.digest.startswith("scrypt:"):
            ok = await asyncio.to_thread(_verify, client.digest, password)
        else:
            ok = _verify(client.digest, password)
        return self._remember(client, password, key) if ok else None

    def _lookup(self, authorization: str | None) -> Client | tuple[Client, str, str] | None:
        """A client (decided), None (refused), or (client, password, cache key) still to verify."""
        if not authorization:
            return None
        scheme, _, credentials = authorization.strip().partition(" ")
        credentials = credentials.strip()
        if not credentials:
            return None
        with self._lock:
            self._maybe_reload()
            table = self._table
        if scheme.lower() == "bearer":
            client = table.bearer.get(_sha256(credentials))
            if client is not None:
                register_secret(credentials)  # only proven tokens: callers' guesses must not grow the set
            return client
        if scheme.lower() != "basic":
            return None
        try:
            user, sep, password = base64.b64decode(credentials, validate=True).decode("utf-8").partition(":")
        except (ValueError, UnicodeDecodeError):
            return None
        client = table.basic.get(user) if sep else None
        if client is None:
            return None
        key = _sha256(f"{client.digest}\0{user}\0{password}")
        with self._lock:
            cached = self._cache.get(key)
        if cached is not None and cached[0] > time.monotonic():
            return cached[1]
        return client, password, key

    def _remember(self, client: Client, password: str, key: str) -> Client:
        register_secret(password)
        with self._lock:
            if len(self._cache) >= _CACHE_MAX:
                self._cache.clear()
            self._cache[key] = (time.monotonic() + _CACHE_SECONDS, client)
        return client
