"""The batch journal: SQLite record of batches, their devices and every operation (audit + resume).

One file (``journal.sqlite3`` under the platformdirs user data directory, or ``$FALCONIERI_JOURNAL``)
holds three tables:

``batches``   one import or manual run: source file name and sha256, options, times, state.
``devices``   one row per device of a batch, keyed by ``(batch_id, row)`` (``row`` is the source
              spreadsheet's row number, or the position of a typed-in device), with its current
              status, result and the original input cells (so a report can echo them).
``audit``     append-only log of every operation against a vendor; triggers refuse UPDATE/DELETE.

Durability contract: every method that changes state has committed before it returns, so the
engine may publish its event right after, and killing the process at any moment loses nothing.
The database runs in WAL mode with ``synchronous=NORMAL``: a commit returns once its pages are in
the WAL file (the OS page cache), which survives the death of the *process* (SIGKILL, crash,
Ctrl-C) because the kernel still writes them out. It does not fsync on every commit, so a power
cut or kernel crash may lose the last few commits (never corrupt the file); registration is
idempotent, so the worst case is re-running those rows on resume. ``synchronous=FULL`` would
fsync per event, costing milliseconds each on a laptop disk for a failure the resume absorbs.

Threads: a ``Journal`` may be shared between threads; each thread gets its own connection
(``check_same_thread`` stays on, so a connection can never leak to another thread). The engine
thread writes, the GUI thread reads history; WAL lets readers run while the writer commits.
A thread's connection closes when the thread ends or when it calls :meth:`Journal.close`.

Several processes (the GUI and a CLI in a terminal) may share the file. A running batch belongs
to the process that started it; each process holds an OS file lock for its lifetime, so
:meth:`Journal.mark_interrupted_on_start` only touches batches whose owner has died, and two
processes cannot run the same batch at once (``batch_in_use``).

No secrets, ever: the API takes no credential field, ``options`` with secret-looking keys are
refused, and messages and vendor replies pass through ``core.redaction.redact``.
"""

from __future__ import annotations

import json
import logging
import os
import re
import sqlite3
import sys
import threading
import uuid
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from enum import Enum, StrEnum
from pathlib import Path
from types import MappingProxyType
from typing import Any, Final, Protocol

from falconieri_desktop.core.clock import utc_now
from falconieri_desktop.core.devices import FINAL_STATUSES, Device, DeviceId, Operation, Status
from falconieri_desktop.core.errors import ConfigError, InputError
from falconieri_desktop.core.mac import Mac, parse_mac
from falconieri_desktop.core.redaction import redact

__all__ = [
    "IN_FLIGHT_STATUSES",
    "JOURNAL_ENV",
    "KEEP",
    "RESUMABLE_STATUSES",
    "RETRYABLE_STATUSES",
    "SCHEMA_VERSION",
    "AuditEntry",
    "BatchId",
    "BatchRecord",
    "BatchState",
    "DeviceRecord",
    "Journal",
    "NewDevice",
    "default_journal_path",
    "utc_now",
]

logger = logging.getLogger(__name__)

BatchId = int
JOURNAL_ENV = "FALCONIERI_JOURNAL"

#: Rows a dead process left mid-flight; they become INTERRUPTED on the next start.
IN_FLIGHT_STATUSES: Final = frozenset({Status.QUEUED, Status.RUNNING, Status.RETRY_WAIT})
#: Rows ``resume`` re-queues: everything not final, plus what the user cancelled (Ctrl-C keeps a
#: batch resumable).
RESUMABLE_STATUSES: Final = frozenset(set(Status) - FINAL_STATUSES) | {Status.CANCELLED}
#: Rows ``retry --failed`` re-queues: refused or never attempted because of an error.
RETRYABLE_STATUSES: Final = frozenset({Status.FAILED, Status.BLOCKED})


class BatchState(StrEnum):
    """Where a batch is in its life."""

    PLANNED = "planned"  # created (dry run or plan shown), nothing sent yet
    RUNNING = "running"
    FINISHED = "finished"
    CANCELLED = "cancelled"
    INTERRUPTED = "interrupted"  # its process died while running; resumable


class _Keep(Enum):
    KEEP = "keep"


#: "Leave this column as it is" for :meth:`Journal.update_device` (``None`` means "clear it").
KEEP: Final = _Keep.KEEP



def default_journal_path() -> Path:
    """``$FALCONIERI_JOURNAL`` if set, else ``journal.sqlite3`` in the user data directory."""
    override = os.environ.get(JOURNAL_ENV, "").strip()
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_data_dir("falconieri-desktop", appauthor=False)) / "journal.sqlite3"


# -- records ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class NewDevice:
    """A device row to add to a batch. ``mac`` is None for a source row whose MAC did not parse;
    such a row must arrive in a final status (``BLOCKED`` with its code) so the report shows it."""

    row: int
    mac: Mac | None
    crc: str | None = None
    serial: str | None = None
    provider: str | None = None
    account: str | None = None
    url: str | None = None
    label: str = ""
    status: Status = Status.PENDING
    code: str | None = None
    message: str | None = None
    input: Sequence[str] = ()  # the source row's cells, echoed by reports

    def __post_init__(self) -> None:
        if self.mac is None and not self.status.is_final:
            raise ValueError(f"row {self.row}: a row without a MAC must be added in a final status")

    @classmethod
    def from_device(cls, row: int, device: Device, *, status: Status = Status.PENDING, code: str | None = None,
                    message: str | None = None, input: Sequence[str] = ()) -> NewDevice:
        """A row for ``device``, as the engine's preflight resolved it."""
        return cls(row=row, mac=device.id.mac, crc=device.id.crc, serial=device.id.serial,
                   provider=device.provider, account=device.account, url=device.url, label=device.label,
                   status=status, code=code, message=message, input=tuple(input))


@dataclass(frozen=True, slots=True)
class DeviceRecord:
    """A device row as stored: what to do, and where it got to."""

    batch_id: BatchId
    row: int
    mac: Mac | None
    crc: str | None
    serial: str | None
    provider: str | None
    account: str | None
    url: str | None
    label: str
    status: Status
    code: str | None
    message: str | None
    vendor_reply: str | None
    attempts: int
    pin: str | None
    verified: bool | None
    input: tuple[str, ...]
    created: str
    updated: str

    @property
    def device_id(self) -> DeviceId | None:
        return DeviceId(self.mac, self.crc, self.serial) if self.mac is not None else None

    def to_device(self, provider: str | None = None) -> Device:
        """The work item again (for resume/retry); ``provider`` overrides the stored one."""
        device_id = self.device_id
        chosen = provider or self.provider
        if device_id is None or not chosen:
            raise ValueError(f"row {self.row} has no MAC or no provider to run")
        return Device(id=device_id, provider=chosen, url=self.url, account=self.account, label=self.label)


@dataclass(frozen=True, slots=True)
class BatchRecord:
    """A batch with its status counts (computed from its devices, so they cannot disagree)."""

    id: BatchId
    state: BatchState
    created: str
    started: str | None
    finished: str | None
    source_name: str | None
    source_sha256: str | None
    options: Mapping[str, Any]
    input_columns: tuple[str, ...]
    counts: Mapping[Status, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass(frozen=True, slots=True)
class AuditEntry:
    """One operation against a vendor: an attempt and how it ended (``outcome``)."""

    mac: Mac
    operation: Operation
    provider: str
    outcome: str  # how the attempt ended: a Status value (registered, cancelled...) or "error"
    batch_id: BatchId | None = None  # None for single-device commands outside a batch
    row: int | None = None
    account: str | None = None  # account id, never a credential
    code: str | None = None
    message: str | None = None
    duration_ms: int | None = None
    attempt: int = 1
    time: str = field(default_factory=utc_now)


# -- schema -------------------------------------------------------------------------------------

_STATUS_VALUES = ", ".join(f"'{s.value}'" for s in Status)
_STATE_VALUES = ", ".join(f"'{s.value}'" for s in BatchState)

#: Forward migrations; ``_MIGRATIONS[n]`` takes a database from ``user_version`` n to n + 1.
#: Append new steps, never edit a released one.
_MIGRATIONS: tuple[tuple[str, ...], ...] = (
    (  # 1: the tables
        f"""CREATE TABLE batches (
            id INTEGER PRIMARY KEY AUTOINCREMENT,   -- never reused: stale events are dropped by id
            created TEXT NOT NULL,
            started TEXT,
            finished TEXT,
            source_name TEXT,
            source_sha256 TEXT,
            options TEXT NOT NULL DEFAULT '{{}}',
            input_columns TEXT NOT NULL DEFAULT '[]',
            state TEXT NOT NULL CHECK (state IN ({_STATE_VALUES})),
            owner TEXT                              -- token of the process running it
        )""",
        f"""CREATE TABLE devices (
            batch_id INTEGER NOT NULL REFERENCES batches(id) ON DELETE CASCADE,
            row INTEGER NOT NULL,
            mac TEXT,                               -- 12 upper-case hex digits; NULL: unparsable row
            crc TEXT,
            serial TEXT,
            provider TEXT,
            account TEXT,
            url TEXT,
            label TEXT NOT NULL DEFAULT '',
            status TEXT NOT NULL CHECK (status IN ({_STATUS_VALUES})),
            code TEXT,
            message TEXT,
            vendor_reply TEXT,
            attempts INTEGER NOT NULL DEFAULT 0,
            pin TEXT,
            verified INTEGER,
            input TEXT NOT NULL DEFAULT '[]',
            created TEXT NOT NULL,
            updated TEXT NOT NULL,
            PRIMARY KEY (batch_id, row)
        )""",
        """CREATE TABLE audit (
            id INTEGER PRIMARY KEY,                 -- rowids are never reused: rows are never deleted
            time TEXT NOT NULL,
            batch_id INTEGER,                       -- no foreign key: history outlives batches
            row INTEGER,
            mac TEXT NOT NULL,
            operation TEXT NOT NULL,
            provider TEXT NOT NULL,
            account TEXT,
            outcome TEXT NOT NULL,
            code TEXT,
            message TEXT,
            duration_ms INTEGER,
            attempt INTEGER NOT NULL DEFAULT 1
        )""",
    ),
    (  # 2: lookups for history, and the audit made append-only in the database itself. Every index
        # costs a page write per event; devices need none beyond their (batch_id, row) key.
        "CREATE INDEX audit_by_mac ON audit (mac, id)",
        """CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
            BEGIN SELECT RAISE(ABORT, 'audit rows are append-only'); END""",
        """CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
            BEGIN SELECT RAISE(ABORT, 'audit rows are append-only'); END""",
    ),
)
SCHEMA_VERSION: Final = len(_MIGRATIONS)


def _migrate(conn: sqlite3.Connection, target: int = SCHEMA_VERSION) -> None:
    """Bring the database to ``target``, each step in its own transaction."""
    if conn.execute("PRAGMA user_version").fetchone()[0] == target:
        return  # the usual case: no write lock needed to open a connection
    while True:
        conn.execute("BEGIN IMMEDIATE")  # re-read the version under the write lock: another
        try:  # process may be migrating the same file right now
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise ConfigError("journal_unavailable",
                                  f"The journal was written by a newer Falconieri Desktop (schema {version}, "
                                  f"this version knows up to {SCHEMA_VERSION}).")
            if version >= target:
                conn.execute("COMMIT")
                return
            for statement in _MIGRATIONS[version]:
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {version + 1}")
            conn.execute("COMMIT")
            logger.info("journal migrated to schema %d", version + 1)
        except BaseException:
            conn.execute("ROLLBACK")
            raise


# -- process ownership --------------------------------------------------------------------------


def _try_lock(path: Path) -> int | None:
    """An exclusive, non-blocking OS lock on ``path``: the open fd, or None if someone holds it.

    flock/LockFileEx locks belong to the open file, so a second open in the same process conflicts
    too, and the OS drops them when the holder dies, even by SIGKILL.
    """
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        if sys.platform == "win32":
            import msvcrt

            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        else:
            import fcntl

            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(fd)
        return None
    return fd


class _Owner:
    """This process's identity for running batches: a unique token with a lock file held open."""

    def __init__(self, directory: Path) -> None:
        self._directory = directory
        self.token = uuid.uuid4().hex
        self._fd: int | None = None

    def acquire(self) -> str:
        if self._fd is None:
            self._directory.mkdir(parents=True, exist_ok=True)
            fd = _try_lock(self._directory / f"{self.token}.lock")
            if fd is None:  # impossible for a fresh uuid, but never run without the lock
                raise ConfigError("journal_unavailable", f"Cannot lock {self._directory}.")
            self._fd = fd
        return self.token

    def is_alive(self, token: str | None) -> bool:
        """Whether the process that holds ``token`` still runs (this process included)."""
        if not token:
            return False
        if token == self.token:
            return self._fd is not None
        path = self._directory / f"{token}.lock"
        if not path.exists():
            return False
        fd = _try_lock(path)
        if fd is None:
            return True
        os.close(fd)  # its owner is gone: tidy up (tokens are never reused, so this cannot race)
        with suppress(OSError):
            path.unlink()
        return False

    def release(self) -> None:
        if self._fd is not None:
            with suppress(OSError):
                (self._directory / f"{self.token}.lock").unlink()
            os.close(self._fd)
            self._fd = None


# -- the journal --------------------------------------------------------------------------------

_SECRET_WORDS = frozenset({"pass", "passwd", "pwd", "credential", "credentials", "authorization", "cookie"})
_SECRET_PARTS = ("password", "secret", "token", "api_key", "apikey", "private_key")
_DEVICE_COLUMNS = ("batch_id, row, mac, crc, serial, provider, account, url, label, status, code, message, "
                   "vendor_reply, attempts, pin, verified, input, created, updated")
_BATCH_COLUMNS = "id, created, started, finished, source_name, source_sha256, options, input_columns, state"
_AUDIT_COLUMNS = ("time, batch_id, row, mac, operation, provider, account, outcome, code, message, duration_ms, "
                  "attempt")
_INSERT_AUDIT = f"INSERT INTO audit ({_AUDIT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
# Columns update_device may change, in a fixed order so the statement cache sees few distinct texts.
_UPDATABLE = ("status", "code", "message", "vendor_reply", "attempts", "pin", "verified", "provider", "account")


def _is_secret_key(key: str) -> bool:
    """``password``, ``client_secret``, ``x-api-key``, ``accessToken``... (not ``passthrough``)."""
    snake = re.sub(r"[^a-z0-9]+", "_", re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", key).lower())
    return bool(set(snake.split("_")) & _SECRET_WORDS) or any(part in snake for part in _SECRET_PARTS)


def _check_no_secrets(value: Any, where: str = "options") -> None:
    if isinstance(value, Mapping):
        for key, item in value.items():
            if _is_secret_key(str(key)):
                raise ValueError(f"{where}.{key}: the journal never stores credentials")
            _check_no_secrets(item, f"{where}.{key}")
    elif isinstance(value, list | tuple):
        for item in value:
            _check_no_secrets(item, where)


def _clean(text: str | None) -> str | None:
    return redact(text) if text else text


def _bool(value: int | None) -> bool | None:
    return None if value is None else bool(value)


def _device_record(r: tuple[Any, ...]) -> DeviceRecord:
    return DeviceRecord(
        batch_id=r[0], row=r[1], mac=Mac(r[2]) if r[2] else None, crc=r[3], serial=r[4], provider=r[5],
        account=r[6], url=r[7], label=r[8], status=Status(r[9]), code=r[10], message=r[11], vendor_reply=r[12],
        attempts=r[13], pin=r[14], verified=_bool(r[15]), input=tuple(json.loads(r[16])), created=r[17],
        updated=r[18])


def _audit_entry(r: tuple[Any, ...]) -> AuditEntry:
    return AuditEntry(time=r[0], batch_id=r[1], row=r[2], mac=Mac(r[3]), operation=Operation(r[4]), provider=r[5],
                      account=r[6], outcome=r[7], code=r[8], message=r[9], duration_ms=r[10], attempt=r[11])


def _audit_params(entry: AuditEntry) -> tuple[Any, ...]:
    return (entry.time, entry.batch_id, entry.row, entry.mac.value, entry.operation.value, entry.provider,
            entry.account, str(entry.outcome), entry.code, _clean(entry.message), entry.duration_ms, entry.attempt)


def _unavailable(exc: sqlite3.Error, path: Path) -> ConfigError:
    return ConfigError("journal_unavailable", f"The journal {path} cannot be used: {exc}.")


class Journal:
    """The batch journal. Every write is committed before the method returns."""

    def __init__(self, path: str | os.PathLike[str] | None = None, *, busy_timeout: float = 10.0) -> None:
        self.path = Path(path) if path is not None else default_journal_path()
        self._busy_timeout = busy_timeout
        self._local = threading.local()
        self._closed = False
        self._owner = _Owner(self.path.with_name(self.path.name + ".owners"))
        self._owned: set[BatchId] = set()  # batches this instance started and has not finished
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ConfigError("journal_unavailable",
                              f"The folder {self.path.parent} cannot be created: {exc.strerror}.") from None
        self._connection()  # open and migrate now, so a bad file fails here and not mid-batch

    # -- connections

    def _connection(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is not None and not self._closed:
            return conn
        if self._closed:
            if conn is not None:  # another thread closed the journal: drop this thread's connection too
                self._local.conn = None
                conn.close()
            raise ConfigError("journal_unavailable", "The journal is closed.")
        conn = None
        try:
            conn = sqlite3.connect(self.path, timeout=self._busy_timeout, isolation_level=None,
                                   cached_statements=256)
            mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if mode != "wal":  # e.g. a network share without shared memory: still correct, slower
                logger.warning("journal %s runs in %s mode, not WAL", self.path, mode)
            conn.execute("PRAGMA synchronous = NORMAL")  # see the module docstring for why
            conn.execute("PRAGMA foreign_keys = ON")
            _migrate(conn)
        except sqlite3.Error as exc:
            if conn is not None:
                conn.close()
            raise _unavailable(exc, self.path) from None
        except BaseException:
            if conn is not None:
                conn.close()
            raise
        self._local.conn = conn
        return conn

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One short write transaction, committed on exit."""
        conn = self._connection()
        try:
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")
        except (sqlite3.OperationalError, sqlite3.DataError) as exc:  # disk full, locked too long, I/O
            raise _unavailable(exc, self.path) from None

    def _read(self, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        try:
            return self._connection().execute(sql, params).fetchall()
        except sqlite3.OperationalError as exc:
            raise _unavailable(exc, self.path) from None

    def close(self) -> None:
        """Close this thread's connection and stop new ones; releases this process's batches."""
        self._closed = True
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            self._local.conn = None
            conn.close()
        self._owner.release()

    def __enter__(self) -> Journal:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # -- batches

    def create_batch(self, *, source_name: str | None = None, source_sha256: str | None = None,
                     options: Mapping[str, Any] | None = None, input_columns: Sequence[str] = ()) -> BatchId:
        """A new batch in state ``planned``. ``options`` is JSON (provider, account, url defaults,
        concurrency, force, dry_run...) and must not contain credentials (ValueError)."""
        options = dict(options or {})
        _check_no_secrets(options)
        with self._write() as conn:
            cursor = conn.execute(
                "INSERT INTO batches (created, source_name, source_sha256, options, input_columns, state) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (utc_now(), source_name, source_sha256, json.dumps(options, ensure_ascii=False, default=str),
                 json.dumps(list(input_columns), ensure_ascii=False), BatchState.PLANNED.value))
            batch_id = cursor.lastrowid
        assert batch_id is not None
        return batch_id

    def start_batch(self, batch_id: BatchId) -> None:
        """Mark the batch ``running`` and owned by this process (call before queuing its rows).

        Raises ``batch_in_use`` when another live process runs it, ``batch_not_found`` if unknown.
        """
        token = self._owner.acquire()
        with self._write() as conn:
            found = conn.execute("SELECT state, owner FROM batches WHERE id = ?", (batch_id,)).fetchone()
            if found is None:
                raise InputError("batch_not_found", f"There is no batch {batch_id}.")
            state, owner = found
            if state == BatchState.RUNNING and owner != token and self._owner.is_alive(owner):
                raise ConfigError("batch_in_use", f"Batch {batch_id} is running in another window or command.")
            conn.execute("UPDATE batches SET state = ?, owner = ?, started = coalesce(started, ?), finished = NULL "
                         "WHERE id = ?", (BatchState.RUNNING.value, token, utc_now(), batch_id))
        self._owned.add(batch_id)

    def finish_batch(self, batch_id: BatchId, state: BatchState = BatchState.FINISHED) -> None:
        """Close a run: ``finished``, ``cancelled`` or ``interrupted``; records the finish time."""
        if state in (BatchState.PLANNED, BatchState.RUNNING):
            raise ValueError(f"finish_batch needs a final state, not {state.value}")
        with self._write() as conn:
            cursor = conn.execute("UPDATE batches SET state = ?, finished = ?, owner = NULL WHERE id = ?",
                                  (state.value, utc_now(), batch_id))
            if cursor.rowcount == 0:
                raise InputError("batch_not_found", f"There is no batch {batch_id}.")
        self._owned.discard(batch_id)

    def mark_interrupted_on_start(self) -> list[BatchId]:
        """Rows a dead process left queued/running/waiting become ``interrupted``, and so do their
        batches. Batches of live processes (another window, a CLI run) are left alone.
        Returns the batches changed."""
        in_flight = tuple(s.value for s in IN_FLIGHT_STATUSES)
        marks = ", ".join("?" * len(in_flight))
        changed: list[BatchId] = []
        now = utc_now()
        with self._write() as conn:  # the write lock keeps a concurrent start_batch out meanwhile
            # Rows are only ever in flight in a running batch (or a planned one written to without
            # start_batch); closed batches are never scanned, however long the history.
            candidates = conn.execute("SELECT id, owner, state FROM batches WHERE state IN (?, ?)",
                                      (BatchState.RUNNING.value, BatchState.PLANNED.value)).fetchall()
            for batch_id, owner, state in candidates:
                if self._owner.is_alive(owner):
                    continue
                cursor = conn.execute(f"UPDATE devices SET status = ?, updated = ? WHERE batch_id = ? "
                                      f"AND status IN ({marks})", (Status.INTERRUPTED.value, now, batch_id, *in_flight))
                if state == BatchState.PLANNED and cursor.rowcount == 0:
                    continue  # a plan nobody ran: nothing was interrupted
                conn.execute("UPDATE batches SET state = ?, owner = NULL WHERE id = ?",
                             (BatchState.INTERRUPTED.value, batch_id))
                changed.append(batch_id)
        if changed:
            logger.info("batches interrupted by a previous crash: %s", changed)
        return changed

    def batch(self, batch_id: BatchId) -> BatchRecord:
        """One batch; ``batch_not_found`` (InputError) if there is none with this id."""
        rows = self._read(f"SELECT {_BATCH_COLUMNS} FROM batches WHERE id = ?", (batch_id,))
        if not rows:
            raise InputError("batch_not_found", f"There is no batch {batch_id}.")
        return self._batch_records(rows)[0]

    def batches(self, limit: int = 50, offset: int = 0) -> list[BatchRecord]:
        """The most recent batches first."""
        rows = self._read(f"SELECT {_BATCH_COLUMNS} FROM batches ORDER BY id DESC LIMIT ? OFFSET ?", (limit, offset))
        return self._batch_records(rows)

    def _batch_records(self, rows: list[tuple[Any, ...]]) -> list[BatchRecord]:
        if not rows:
            return []
        ids = [r[0] for r in rows]
        counts: dict[int, dict[Status, int]] = {i: {} for i in ids}
        marks = ", ".join("?" * len(ids))
        for batch_id, status, count in self._read(
                f"SELECT batch_id, status, count(*) FROM devices WHERE batch_id IN ({marks}) "
                f"GROUP BY batch_id, status", ids):
            counts[batch_id][Status(status)] = count
        return [BatchRecord(id=r[0], created=r[1], started=r[2], finished=r[3], source_name=r[4],
                            source_sha256=r[5], options=MappingProxyType(json.loads(r[6])),
                            input_columns=tuple(json.loads(r[7])), state=BatchState(r[8]),
                            counts=MappingProxyType(counts[r[0]]))
                for r in rows]

    # -- devices

    def add_devices(self, batch_id: BatchId, devices: Iterable[NewDevice]) -> int:
        """Add rows to a batch in one transaction; returns how many. Row numbers are unique per batch."""
        now = utc_now()
        params = [
            (batch_id, d.row, d.mac.value if d.mac else None, d.crc, d.serial, d.provider, d.account, d.url,
             d.label, d.status.value, d.code, _clean(d.message), None, 0, None, None,
             json.dumps(list(d.input), ensure_ascii=False, default=str), now, now)
            for d in devices
        ]
        with self._write() as conn:
            if conn.execute("SELECT 1 FROM batches WHERE id = ?", (batch_id,)).fetchone() is None:
                raise InputError("batch_not_found", f"There is no batch {batch_id}.")
            try:
                conn.executemany(f"INSERT INTO devices ({_DEVICE_COLUMNS}) VALUES "
                                 f"(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", params)
            except sqlite3.IntegrityError as exc:  # the whole call is rolled back
                raise ValueError(f"batch {batch_id}: a row number is used twice ({exc})") from None
        return len(params)

    def update_device(
        self,
        batch_id: BatchId,
        row: int,
        *,
        status: Status | None = None,
        code: str | _Keep | None = KEEP,
        message: str | _Keep | None = KEEP,
        vendor_reply: str | _Keep | None = KEEP,
        attempts: int | None = None,
        pin: str | _Keep | None = KEEP,
        verified: bool | _Keep | None = KEEP,
        provider: str | _Keep | None = KEEP,
        account: str | _Keep | None = KEEP,
        audit: AuditEntry | None = None,
    ) -> None:
        """Change one row; arguments left out keep their value, ``None`` clears. With ``audit``, the
        audit row is written in the same transaction (the state and its history never disagree).
        Raises LookupError if the row does not exist."""
        values: dict[str, Any] = {}
        if status is not None:
            values["status"] = status.value
        if attempts is not None:
            values["attempts"] = attempts
        for name, text in (("message", message), ("vendor_reply", vendor_reply)):
            if not isinstance(text, _Keep):
                values[name] = _clean(text)
        for name, value in (("code", code), ("pin", pin), ("verified", verified), ("provider", provider),
                            ("account", account)):
            if not isinstance(value, _Keep):
                values[name] = value
        assignments = "".join(f"{name} = ?, " for name in _UPDATABLE if name in values)
        sql = f"UPDATE devices SET {assignments}updated = ? WHERE batch_id = ? AND row = ?"
        params = (*(values[name] for name in _UPDATABLE if name in values), utc_now(), batch_id, row)
        if audit is None:
            # A single statement is its own transaction: one commit, no BEGIN/COMMIT round trips.
            try:
                cursor = self._connection().execute(sql, params)
            except (sqlite3.OperationalError, sqlite3.DataError) as exc:
                raise _unavailable(exc, self.path) from None
            if cursor.rowcount == 0:
                raise LookupError(f"batch {batch_id} has no row {row}")
            return
        with self._write() as conn:
            if conn.execute(sql, params).rowcount == 0:
                raise LookupError(f"batch {batch_id} has no row {row}")
            conn.execute(_INSERT_AUDIT, _audit_params(audit))

    def update_devices(self, batch_id: BatchId, rows: Iterable[int], *, status: Status,
                       code: str | _Keep | None = KEEP, message: str | _Keep | None = KEEP,
                       attempts: int | None = None) -> int:
        """The same change on many rows in one transaction (queue a batch, requeue on resume)."""
        sets = ["status = ?"]
        values: list[Any] = [status.value]
        for name, value in (("code", code), ("message", message)):
            if not isinstance(value, _Keep):
                sets.append(f"{name} = ?")
                values.append(_clean(value) if name == "message" else value)
        if attempts is not None:
            sets.append("attempts = ?")
            values.append(attempts)
        sql = f"UPDATE devices SET {', '.join(sets)}, updated = ? WHERE batch_id = ? AND row = ?"
        now = utc_now()
        params = [(*values, now, batch_id, row) for row in rows]
        with self._write() as conn:
            changed = conn.executemany(sql, params).rowcount
        return changed

    def record_attempt(self, entry: AuditEntry) -> None:
        """Append one operation to the audit (committed before returning)."""
        try:
            self._connection().execute(_INSERT_AUDIT, _audit_params(entry))
        except (sqlite3.OperationalError, sqlite3.DataError) as exc:
            raise _unavailable(exc, self.path) from None

    def device(self, batch_id: BatchId, row: int) -> DeviceRecord:
        """One row; LookupError if absent."""
        found = self._read(f"SELECT {_DEVICE_COLUMNS} FROM devices WHERE batch_id = ? AND row = ?", (batch_id, row))
        if not found:
            raise LookupError(f"batch {batch_id} has no row {row}")
        return _device_record(found[0])

    def devices(self, batch_id: BatchId, statuses: Iterable[Status] | None = None) -> list[DeviceRecord]:
        """The batch's rows in row order, optionally only those in ``statuses``."""
        return list(self.iter_devices(batch_id, statuses))

    def iter_devices(self, batch_id: BatchId, statuses: Iterable[Status] | None = None, *,
                     chunk: int = 500) -> Iterator[DeviceRecord]:
        """Stream the batch's rows in row order (exports of big batches without a big list).
        Consume it in the thread that created it."""
        sql = f"SELECT {_DEVICE_COLUMNS} FROM devices WHERE batch_id = ?"
        params: list[Any] = [batch_id]
        if statuses is not None:
            wanted = sorted({s.value for s in statuses})
            if not wanted:
                return
            sql += f" AND status IN ({', '.join('?' * len(wanted))})"
            params.extend(wanted)
        try:
            cursor = self._connection().execute(sql + " ORDER BY row", params)
            while block := cursor.fetchmany(chunk):
                yield from map(_device_record, block)
        except sqlite3.OperationalError as exc:
            raise _unavailable(exc, self.path) from None

    def resumable_devices(self, batch_id: BatchId) -> list[DeviceRecord]:
        """Rows ``resume`` re-queues: pending, queued, paused, interrupted, cancelled (with a MAC)."""
        return [d for d in self.devices(batch_id, RESUMABLE_STATUSES) if d.mac is not None]

    def failed_devices(self, batch_id: BatchId) -> list[DeviceRecord]:
        """Rows ``retry --failed`` re-queues: failed or blocked, with a MAC to run."""
        return [d for d in self.devices(batch_id, RETRYABLE_STATUSES) if d.mac is not None]

    # -- audit

    def history(self, mac: Mac | str, limit: int | None = None) -> list[AuditEntry]:
        """Every operation on ``mac`` across batches, oldest first (``limit``: the most recent n)."""
        value = mac.value if isinstance(mac, Mac) else parse_mac(mac).value
        if limit is None:
            rows = self._read(f"SELECT {_AUDIT_COLUMNS} FROM audit WHERE mac = ? ORDER BY id", (value,))
        else:
            rows = self._read(f"SELECT * FROM (SELECT {_AUDIT_COLUMNS}, id FROM audit WHERE mac = ? "
                              f"ORDER BY id DESC LIMIT ?) ORDER BY id", (value, limit))
        return [_audit_entry(r) for r in rows]

    # -- core.engine.JournalSink: the engine's calls, on the engine thread ------------------------
    # The engine names batches by string: pass ``str(journal.create_batch(...))`` as BatchSpec.batch_id.

    def engine_row_changed(self, batch_id: str | BatchId, event: _RowEvent) -> None:
        """Store a row's new visible state (the event is a full snapshot, so every field is set)."""
        number = int(batch_id)
        if number not in self._owned:  # the first change of a run claims the batch for this process
            self.start_batch(number)
        self.update_device(number, event.row_id, status=event.status, attempts=event.attempts, code=event.code,
                           message=event.message, vendor_reply=event.vendor_reply, pin=event.pin,
                           verified=event.verified)

    def engine_rows_queued(self, batch_id: str | BatchId, row_ids: Sequence[int]) -> None:
        """A batch's rows entering the queue, in one transaction (per-row writes cost ~70 us each)."""
        number = int(batch_id)
        if number not in self._owned:
            self.start_batch(number)
        self.update_devices(number, row_ids, status=Status.QUEUED, code=None, message=None)

    def engine_attempt(self, batch_id: str | BatchId, row_id: int, *, mac: str, operation: str, provider: str,
                       account_id: str | None, status: str, code: str | None, duration_ms: int,
                       attempt: int) -> None:
        """Append one attempt to the audit."""
        self.record_attempt(AuditEntry(mac=Mac(mac), operation=Operation(operation), provider=provider,
                                       outcome=status, batch_id=int(batch_id), row=row_id, account=account_id,
                                       code=code, duration_ms=duration_ms, attempt=attempt))

    def engine_batch_finished(self, batch_id: str | BatchId, state: str, counts: Mapping[str, int]) -> None:
        """Close the run; ``counts`` is not stored (a batch's counts are always computed from its rows)."""
        self.finish_batch(int(batch_id), BatchState(state))


class _RowEvent(Protocol):
    """The fields of ``core.engine.RowChanged`` the journal stores (no import: the engine uses us)."""

    @property
    def row_id(self) -> int: ...
    @property
    def status(self) -> Status: ...
    @property
    def attempts(self) -> int: ...
    @property
    def code(self) -> str | None: ...
    @property
    def message(self) -> str | None: ...
    @property
    def vendor_reply(self) -> str | None: ...
    @property
    def pin(self) -> str | None: ...
    @property
    def verified(self) -> bool | None: ...
