"""The SQLite journal: schema and migrations, durability, audit immutability, resume, threads, crashes."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import platformdirs
import pytest

from falconieri_desktop.core.devices import Device, DeviceId, Operation, Status
from falconieri_desktop.core.errors import ConfigError, InputError
from falconieri_desktop.core.journal import (
    JOURNAL_ENV,
    SCHEMA_VERSION,
    AuditEntry,
    BatchState,
    Journal,
    NewDevice,
    _migrate,
    default_journal_path,
)
from falconieri_desktop.core.mac import Mac
from falconieri_desktop.core.redaction import MASK, register_secret

ROOT = Path(__file__).resolve().parents[2]


def mac(n: int) -> Mac:
    return Mac(f"000413{n:06X}")


def rows(count: int, start: int = 1) -> list[NewDevice]:
    return [NewDevice(row=r, mac=mac(r), provider="snom", url="https://pbx.example.com/p/{mac}",
                      input=(str(mac(r)), f"Room {r}")) for r in range(start, start + count)]


@pytest.fixture
def journal(tmp_path: Path) -> Iterator[Journal]:
    j = Journal(tmp_path / "journal.sqlite3")
    yield j
    j.close()


def test_new_journal_runs_wal_with_current_schema(journal: Journal) -> None:
    """A fresh file is in WAL mode, synchronous=NORMAL, at the latest schema version."""
    conn = sqlite3.connect(journal.path)
    try:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    finally:
        conn.close()
    assert journal._connection().execute("PRAGMA synchronous").fetchone()[0] == 1  # NORMAL


def test_default_path_is_the_user_data_dir_unless_overridden(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The journal lives under platformdirs' data directory; $FALCONIERI_JOURNAL moves it."""
    monkeypatch.delenv(JOURNAL_ENV, raising=False)
    expected = Path(platformdirs.user_data_dir("falconieri-desktop", appauthor=False)) / "journal.sqlite3"
    assert default_journal_path() == expected
    monkeypatch.setenv(JOURNAL_ENV, str(tmp_path / "elsewhere.db"))
    assert default_journal_path() == tmp_path / "elsewhere.db"
    with Journal() as j:
        assert j.path == tmp_path / "elsewhere.db"
    assert (tmp_path / "elsewhere.db").exists()


def test_batch_and_devices_round_trip(journal: Journal) -> None:
    """What create_batch/add_devices store comes back intact, with live status counts."""
    batch = journal.create_batch(source_name="phones.xlsx", source_sha256="ab" * 32,
                                 options={"provider": "auto", "concurrency": 8, "force": False, "dry_run": False},
                                 input_columns=("MAC", "Note"))
    gigaset = NewDevice(row=7, mac=mac(7), crc="A1B2", serial="SN7", provider="gigaset", account="acc-1",
                        url="https://pbx.example.com/", label="Reception", input=("000413000007-A1B2", "Reception"))
    bad = NewDevice(row=9, mac=None, status=Status.BLOCKED, code="malformed_mac_address", message="not hex",
                    input=("zz", ""))
    assert journal.add_devices(batch, [*rows(3), gigaset, bad]) == 5

    record = journal.batch(batch)
    assert record.state is BatchState.PLANNED
    assert record.source_name == "phones.xlsx" and record.source_sha256 == "ab" * 32
    assert dict(record.options) == {"provider": "auto", "concurrency": 8, "force": False, "dry_run": False}
    assert record.input_columns == ("MAC", "Note")
    assert dict(record.counts) == {Status.PENDING: 4, Status.BLOCKED: 1}
    assert record.total == 5
    assert record.created.endswith("Z")

    devices = journal.devices(batch)
    assert [d.row for d in devices] == [1, 2, 3, 7, 9]
    stored = devices[3]
    assert stored.device_id == DeviceId(mac(7), "A1B2", "SN7")
    assert stored.to_device() == Device(DeviceId(mac(7), "A1B2", "SN7"), "gigaset", "https://pbx.example.com/",
                                        "acc-1", "Reception")
    assert stored.input == ("000413000007-A1B2", "Reception")
    assert devices[4].mac is None and devices[4].code == "malformed_mac_address"


def test_row_numbers_are_unique_per_batch(journal: Journal) -> None:
    """Adding a row number twice fails as a whole: none of that call's rows is stored."""
    batch = journal.create_batch()
    journal.add_devices(batch, rows(2))
    with pytest.raises(ValueError, match="used twice"):
        journal.add_devices(batch, rows(3, start=2))
    assert [d.row for d in journal.devices(batch)] == [1, 2]


def test_unknown_batch_is_batch_not_found(journal: Journal) -> None:
    """Asking for a batch that does not exist gives the stable code the CLI prints."""
    for call in (lambda: journal.batch(42), lambda: journal.add_devices(42, rows(1)),
                 lambda: journal.finish_batch(42), lambda: journal.start_batch(42)):
        with pytest.raises(InputError) as info:
            call()
        assert info.value.code == "batch_not_found"


def test_batches_lists_newest_first(journal: Journal) -> None:
    """The history list shows the latest batch first and honours limit/offset."""
    ids = [journal.create_batch(source_name=f"f{i}.csv") for i in range(5)]
    assert [b.id for b in journal.batches()] == ids[::-1]
    assert [b.id for b in journal.batches(limit=2, offset=1)] == ids[3:1:-1]


def test_options_with_credentials_are_refused(journal: Journal) -> None:
    """The journal never stores a secret: secret-looking option keys are refused, nothing is written."""
    for options in ({"password": "x"}, {"account": {"client_secret": "x"}}, {"list": [{"x-api-key": "k"}]},
                    {"Authorization": "Basic x"}, {"accessToken": "t"}, {"pwd": "p"}):
        with pytest.raises(ValueError, match="never stores credentials"):
            journal.create_batch(options=options)
    assert journal.batches() == []
    journal.create_batch(options={"passthrough": True, "keyring_backend": "secret-service-less", "force": True})


def test_messages_and_vendor_replies_are_redacted(journal: Journal) -> None:
    """A secret echoed by a vendor is masked before it reaches the file."""
    secret = f"s3cr3t-{uuid.uuid4().hex}"
    register_secret(secret)
    batch = journal.create_batch()
    journal.add_devices(batch, rows(1))
    journal.update_device(batch, 1, message=f"bad login {secret}", vendor_reply=f"<fault>{secret}</fault>",
                          audit=AuditEntry(mac(1), Operation.REGISTER, "snom", Status.FAILED, batch_id=batch,
                                           message=f"echo {secret}"))
    stored = journal.device(batch, 1)
    assert stored.message == f"bad login {MASK}" and stored.vendor_reply == f"<fault>{MASK}</fault>"
    assert journal.history(mac(1))[0].message == f"echo {MASK}"
    assert secret.encode() not in journal.path.read_bytes() + Path(f"{journal.path}-wal").read_bytes()


def test_update_device_changes_only_what_is_given(journal: Journal) -> None:
    """Omitted arguments keep their value, None clears one."""
    batch = journal.create_batch()
    journal.add_devices(batch, rows(1))
    journal.update_device(batch, 1, status=Status.RETRY_WAIT, code="rate_limited", message="slow down", attempts=1)
    before = journal.device(batch, 1)
    journal.update_device(batch, 1, status=Status.REGISTERED, code=None, attempts=2, pin="1234", verified=True,
                          vendor_reply="ok")
    after = journal.device(batch, 1)
    assert (after.status, after.code, after.message, after.attempts) == (Status.REGISTERED, None, "slow down", 2)
    assert (after.pin, after.verified, after.vendor_reply) == ("1234", True, "ok")
    assert after.created == before.created and after.updated >= before.updated


def test_update_of_a_missing_row_changes_nothing(journal: Journal) -> None:
    """Updating a row that does not exist raises, and its audit row is rolled back with it."""
    batch = journal.create_batch()
    journal.add_devices(batch, rows(1))
    entry = AuditEntry(mac(5), Operation.REGISTER, "snom", Status.REGISTERED, batch_id=batch, row=5)
    with pytest.raises(LookupError):
        journal.update_device(batch, 5, status=Status.REGISTERED, audit=entry)
    with pytest.raises(LookupError):
        journal.update_device(batch, 5, status=Status.REGISTERED)
    assert journal.history(mac(5)) == []


def test_update_devices_changes_many_rows_at_once(journal: Journal) -> None:
    """Queueing a batch is one call and one transaction."""
    batch = journal.create_batch()
    journal.add_devices(batch, rows(5))
    assert journal.update_devices(batch, [1, 2, 3], status=Status.QUEUED, code=None) == 3
    assert dict(journal.batch(batch).counts) == {Status.QUEUED: 3, Status.PENDING: 2}


def test_row_without_mac_must_be_final() -> None:
    """A source row whose MAC did not parse cannot be queued by mistake."""
    with pytest.raises(ValueError):
        NewDevice(row=1, mac=None)


def test_audit_is_append_only(journal: Journal) -> None:
    """Triggers refuse UPDATE and DELETE on the audit, whatever connection tries."""
    journal.record_attempt(AuditEntry(mac(1), Operation.CHECK, "snom", Status.CHECKED, duration_ms=12))
    conn = sqlite3.connect(journal.path)
    try:
        for statement in ("UPDATE audit SET code = 'x'", "DELETE FROM audit"):
            with pytest.raises(sqlite3.IntegrityError, match="append-only"):
                conn.execute(statement)
    finally:
        conn.close()
    assert len(journal.history(mac(1))) == 1


def test_history_spans_batches_in_order(journal: Journal) -> None:
    """history(mac) lists every operation on a phone across batches and single commands."""
    first, second = journal.create_batch(), journal.create_batch()
    outcomes = [(first, Status.RETRY_WAIT, "provider_timeout"), (first, Status.REGISTERED, None),
                (None, Status.CHECKED, None), (second, Status.FAILED, "device_owned_by_other_user")]
    for attempt, (batch, outcome, code) in enumerate(outcomes, start=1):
        journal.record_attempt(AuditEntry(mac(1), Operation.REGISTER, "snom", outcome, batch_id=batch, row=1,
                                          account="acc-1", code=code, duration_ms=100 + attempt, attempt=attempt))
    journal.record_attempt(AuditEntry(mac(2), Operation.REGISTER, "snom", Status.REGISTERED, batch_id=first))
    history = journal.history("00-04-13-00-00-01")
    assert [(h.batch_id, h.outcome, h.code) for h in history] == outcomes
    assert [h.duration_ms for h in history] == [101, 102, 103, 104]
    assert journal.history(mac(1), limit=2) == history[-2:]


def test_resumable_and_failed_rows(journal: Journal) -> None:
    """resume picks up everything unfinished (and cancelled); retry picks failed and blocked."""
    batch = journal.create_batch()
    statuses = [Status.PENDING, Status.QUEUED, Status.INTERRUPTED, Status.PAUSED, Status.CANCELLED,
                Status.REGISTERED, Status.SKIPPED, Status.FAILED, Status.BLOCKED]
    journal.add_devices(batch, rows(len(statuses)))
    for row, status in enumerate(statuses, start=1):
        journal.update_device(batch, row, status=status)
    journal.add_devices(batch, [NewDevice(row=99, mac=None, status=Status.BLOCKED, code="malformed_mac_address")])
    assert [d.row for d in journal.resumable_devices(batch)] == [1, 2, 3, 4, 5]
    assert [d.row for d in journal.failed_devices(batch)] == [8, 9]
    assert [d.row for d in journal.iter_devices(batch, [Status.REGISTERED, Status.SKIPPED], chunk=1)] == [6, 7]
    assert list(journal.iter_devices(batch, [])) == []


def test_a_batch_runs_in_one_process_at_a_time(tmp_path: Path) -> None:
    """While one journal runs a batch, another (another window, a CLI) cannot start it nor mark it interrupted."""
    path = tmp_path / "j.sqlite3"
    with Journal(path) as gui, Journal(path) as cli:
        batch = gui.create_batch()
        gui.add_devices(batch, rows(2))
        gui.start_batch(batch)
        gui.update_device(batch, 1, status=Status.RUNNING)
        with pytest.raises(ConfigError) as info:
            cli.start_batch(batch)
        assert info.value.code == "batch_in_use"
        assert cli.mark_interrupted_on_start() == []
        assert cli.device(batch, 1).status is Status.RUNNING
        gui.finish_batch(batch, BatchState.CANCELLED)
        cli.start_batch(batch)  # finished runs can be resumed by anyone
        assert cli.batch(batch).state is BatchState.RUNNING


def test_rows_left_in_flight_become_interrupted(tmp_path: Path) -> None:
    """On start, rows a closed/dead run left queued, running or waiting become interrupted, with their batch."""
    path = tmp_path / "j.sqlite3"
    with Journal(path) as first:
        batch = first.create_batch()
        untouched = first.create_batch()
        never_started = first.create_batch()  # written to without start_batch: still recovered
        first.add_devices(batch, rows(5))
        first.add_devices(untouched, rows(2))
        first.add_devices(never_started, rows(1))
        first.update_device(never_started, 1, status=Status.QUEUED)
        first.start_batch(batch)
        for row, status in enumerate([Status.QUEUED, Status.RUNNING, Status.RETRY_WAIT, Status.REGISTERED], 1):
            first.update_device(batch, row, status=status)
    with Journal(path) as second:
        assert sorted(second.mark_interrupted_on_start()) == [batch, never_started]
        assert second.device(never_started, 1).status is Status.INTERRUPTED
        assert [d.status for d in second.devices(batch)] == [Status.INTERRUPTED] * 3 + [Status.REGISTERED,
                                                                                        Status.PENDING]
        assert second.batch(batch).state is BatchState.INTERRUPTED
        assert second.batch(untouched).state is BatchState.PLANNED
        assert second.mark_interrupted_on_start() == []


def test_migrates_a_version_1_journal(tmp_path: Path) -> None:
    """A journal written at schema 1 opens with its data intact and gains the later steps."""
    path = tmp_path / "old.sqlite3"
    conn = sqlite3.connect(path, isolation_level=None)
    _migrate(conn, target=1)
    conn.execute("INSERT INTO batches (id, created, state) VALUES (1, '2024-01-01T00:00:00.000Z', 'finished')")
    conn.execute("INSERT INTO devices (batch_id, row, mac, status, created, updated) "
                 "VALUES (1, 2, '000413000002', 'registered', 'x', 'x')")
    conn.execute("INSERT INTO audit (time, batch_id, mac, operation, provider, outcome) "
                 "VALUES ('x', 1, '000413000002', 'register', 'snom', 'registered')")
    conn.execute("UPDATE audit SET code = 'still mutable at v1'")
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
    conn.close()

    with Journal(path) as journal:
        assert journal.device(1, 2).status is Status.REGISTERED
        assert journal.history(mac(2))[0].code == "still mutable at v1"
        assert journal.batch(1).counts == {Status.REGISTERED: 1}
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        with pytest.raises(sqlite3.IntegrityError):
            conn.execute("DELETE FROM audit")
    finally:
        conn.close()


def test_a_newer_schema_is_refused(tmp_path: Path) -> None:
    """A journal from a newer version is not touched: journal_unavailable says to update."""
    path = tmp_path / "new.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(ConfigError) as info:
        Journal(path)
    assert info.value.code == "journal_unavailable" and "newer" in info.value.message


def test_a_file_that_is_not_a_database_is_refused(tmp_path: Path) -> None:
    """A damaged or foreign file gives journal_unavailable, not a traceback."""
    path = tmp_path / "junk.sqlite3"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(ConfigError) as info:
        Journal(path)
    assert info.value.code == "journal_unavailable"


def test_closed_journal_refuses_use_from_every_thread(journal: Journal) -> None:
    """After close, the thread that closed it and any other thread get journal_unavailable."""
    batch = journal.create_batch()
    errors: list[BaseException] = []
    opened = threading.Event()
    closed = threading.Event()

    def other_thread() -> None:
        journal.batches()  # opens this thread's own connection
        opened.set()
        closed.wait(5)
        try:
            journal.batch(batch)
        except ConfigError as exc:
            errors.append(exc)

    worker = threading.Thread(target=other_thread)
    worker.start()
    opened.wait(5)
    journal.close()
    closed.set()
    worker.join(5)
    with pytest.raises(ConfigError):
        journal.batches()
    assert len(errors) == 1 and isinstance(errors[0], ConfigError)


def test_reader_thread_sees_progress_while_the_writer_writes(journal: Journal) -> None:
    """The GUI thread can read while the engine thread commits; each sees only committed states."""
    batch = journal.create_batch()
    journal.add_devices(batch, rows(200))
    journal.start_batch(batch)
    failures: list[BaseException] = []

    def writer() -> None:
        try:
            for row in range(1, 201):
                journal.update_device(batch, row, status=Status.RUNNING, attempts=1)
                journal.update_device(batch, row, status=Status.REGISTERED,
                                      audit=AuditEntry(mac(row), Operation.REGISTER, "snom", Status.REGISTERED,
                                                       batch_id=batch, row=row))
        except BaseException as exc:
            failures.append(exc)

    thread = threading.Thread(target=writer)
    thread.start()
    seen: list[int] = []
    while thread.is_alive():
        counts = journal.batch(batch).counts
        seen.append(counts.get(Status.REGISTERED, 0))
        assert counts.get(Status.RUNNING, 0) <= 1  # one row in flight at a time, never a torn state
    thread.join()
    assert not failures
    assert seen == sorted(seen), "a reader never sees the count go backwards"
    assert len(seen) > 1
    journal.finish_batch(batch)
    final = journal.batch(batch)
    assert final.counts == {Status.REGISTERED: 200} and final.state is BatchState.FINISHED
    assert sum(len(journal.history(mac(row))) for row in range(1, 201)) == 200


def test_engine_sink_methods_store_the_engine_events(journal: Journal) -> None:
    """The engine's JournalSink calls (string batch ids, RowChanged snapshots) land in the journal."""
    from falconieri_desktop.core.engine import RowChanged

    batch = journal.create_batch()
    journal.add_devices(batch, rows(2))
    journal.engine_row_changed(str(batch), RowChanged(str(batch), 1, Status.RETRY_WAIT, attempts=1,
                                                      code="provider_timeout", message="slow"))
    assert journal.batch(batch).state is BatchState.RUNNING  # the first change claims the run
    journal.engine_row_changed(str(batch), RowChanged(str(batch), 1, Status.REGISTERED, attempts=2, pin="9876",
                                                      verified=True))
    journal.engine_attempt(str(batch), 1, mac="000413000001", operation="register", provider="snom",
                           account_id="acc", status="error", code="provider_timeout", duration_ms=40, attempt=1)
    journal.engine_batch_finished(str(batch), "finished", {"registered": 1, "pending": 1})
    row = journal.device(batch, 1)
    assert (row.status, row.attempts, row.code, row.message, row.pin, row.verified) == (
        Status.REGISTERED, 2, None, None, "9876", True)
    assert [(a.batch_id, a.outcome, a.code, a.account) for a in journal.history(mac(1))] == [
        (batch, "error", "provider_timeout", "acc")]
    assert journal.batch(batch).state is BatchState.FINISHED


CRASH_CHILD = r"""
import sys
from falconieri_desktop.core.devices import Operation, Status
from falconieri_desktop.core.journal import AuditEntry, Journal, NewDevice
from falconieri_desktop.core.mac import Mac

path, count = sys.argv[1], int(sys.argv[2])
journal = Journal(path)
batch = journal.create_batch(source_name="crash.csv")
journal.add_devices(batch, [NewDevice(row=r, mac=Mac(f"000413{r:06X}")) for r in range(1, count + 1)])
journal.start_batch(batch)
print(f"batch {batch}", flush=True)
step = 0
while True:
    row, attempt = step % count + 1, step // count + 1
    status = Status.RUNNING if attempt % 2 else Status.RETRY_WAIT
    journal.update_device(batch, row, status=status, attempts=attempt, code=f"c{step}",
                          audit=AuditEntry(Mac(f"000413{row:06X}"), Operation.REGISTER, "snom", status,
                                           batch_id=batch, row=row, attempt=attempt))
    journal.update_device(batch, row, message=f"m{step}")  # a second commit: a single statement
    print(step, flush=True)  # reported only after both commits returned
    step += 1
"""


def test_sigkill_at_random_points_loses_no_committed_change(tmp_path: Path) -> None:
    """A writer killed with SIGKILL mid-stream: every change it reported is there, the file is intact,
    and its batch is found interrupted (its owner lock died with it)."""
    if sys.platform == "win32":
        pytest.skip("SIGKILL is POSIX")
    rng = random.Random(5)
    count = 7
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    for run in range(5):
        path = tmp_path / f"crash{run}.sqlite3"
        child = subprocess.Popen([sys.executable, "-c", CRASH_CHILD, str(path), str(count)], cwd=ROOT, env=env,
                                 stdout=subprocess.PIPE, text=True)
        assert child.stdout is not None
        batch = int(child.stdout.readline().split()[1])
        kill_after = rng.randint(1, 250)
        reported = [int(child.stdout.readline()) for _ in range(kill_after)]
        time.sleep(rng.uniform(0, 0.004))  # land inside a transaction now and then
        child.send_signal(signal.SIGKILL)
        child.wait(10)
        reported += [int(line) for line in child.stdout.read().split()]
        child.stdout.close()
        last = reported[-1]
        assert reported == list(range(last + 1))

        conn = sqlite3.connect(path)
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        conn.close()
        with Journal(path) as journal:
            audit = sum(len(journal.history(mac(row))) for row in range(1, count + 1))
            assert last + 1 <= audit <= last + 2  # the step in progress may have committed its first half
            for row in range(1, count + 1):
                steps = [s for s in range(last + 1) if s % count + 1 == row]
                if not steps:
                    continue
                stored = journal.device(batch, row)
                assert stored.code is not None and int(stored.code[1:]) >= steps[-1]
                assert stored.message is not None and int(stored.message[1:]) >= steps[-1]
            assert journal.mark_interrupted_on_start() == [batch]
            assert journal.batch(batch).state is BatchState.INTERRUPTED
            assert not {d.status for d in journal.devices(batch)} & {Status.RUNNING, Status.RETRY_WAIT}
