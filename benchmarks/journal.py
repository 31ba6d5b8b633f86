"""Journal cost per engine event (issue 5, figure d).

An "event" is what the engine records when an attempt ends: the device row's new state plus one
audit row, each committed before the engine publishes its event. Three ways of recording it are
timed, on a journal file in a temporary directory:

* ``update_device`` + ``record_attempt``: two calls, two commits (the brief's measure);
* ``update_device(..., audit=...)``: one call, both writes in one transaction;
* ``engine_row_changed`` + ``engine_attempt``: what ``core.engine`` calls through its JournalSink.

The baseline, measured in the same run on the same disk, is a bare ``sqlite3`` INSERT of a row of the
same size (the audit row plus the device fields), one autocommitted INSERT per event, on a connection
with the journal's pragmas (WAL, synchronous=NORMAL). Ratios say what the journal adds over the
cheapest durable write SQLite can do; absolute figures are in microseconds per event.

    .venv/bin/python benchmarks/journal.py [--events 5000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from falconieri_desktop.core.devices import Operation, Status
from falconieri_desktop.core.engine import RowChanged
from falconieri_desktop.core.journal import AuditEntry, Journal, NewDevice, utc_now
from falconieri_desktop.core.mac import Mac

ROWS = 1000  # device rows per batch; events cycle over them


def mac(row: int) -> Mac:
    return Mac(f"000413{row:06X}")


def new_batch(journal: Journal) -> int:
    batch = journal.create_batch(source_name="bench.xlsx", options={"provider": "snom", "concurrency": 8})
    journal.add_devices(batch, [NewDevice(row=r, mac=mac(r), provider="snom", account="acc-1",
                                          url="https://pbx.example.com/prov/{mac}.xml", input=(str(mac(r)), "Room"))
                                for r in range(1, ROWS + 1)])
    journal.start_batch(batch)
    return batch


def separate(journal: Journal, batch: int, events: int) -> None:
    for i in range(events):
        row = i % ROWS + 1
        journal.update_device(batch, row, status=Status.REGISTERED, attempts=i // ROWS + 1, code=None,
                              message=None, vendor_reply="OK", verified=True)
        journal.record_attempt(AuditEntry(mac(row), Operation.REGISTER, "snom", Status.REGISTERED, batch_id=batch,
                                          row=row, account="acc-1", duration_ms=120, attempt=i // ROWS + 1))


def combined(journal: Journal, batch: int, events: int) -> None:
    for i in range(events):
        row = i % ROWS + 1
        journal.update_device(batch, row, status=Status.REGISTERED, attempts=i // ROWS + 1, code=None,
                              message=None, vendor_reply="OK", verified=True,
                              audit=AuditEntry(mac(row), Operation.REGISTER, "snom", Status.REGISTERED,
                                               batch_id=batch, row=row, account="acc-1", duration_ms=120,
                                               attempt=i // ROWS + 1))


def engine_sink(journal: Journal, batch: int, events: int) -> None:
    batch_id = str(batch)
    for i in range(events):
        row = i % ROWS + 1
        journal.engine_row_changed(batch_id, RowChanged(batch_id, row, Status.REGISTERED, attempts=i // ROWS + 1,
                                                        vendor_reply="OK", verified=True))
        journal.engine_attempt(batch_id, row, mac=mac(row).value, operation="register", provider="snom",
                               account_id="acc-1", status="registered", code=None, duration_ms=120,
                               attempt=i // ROWS + 1)


def bare_insert(path: Path, events: int) -> None:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute("CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY, time TEXT, batch INTEGER, row INTEGER, "
                  "mac TEXT, operation TEXT, provider TEXT, account TEXT, outcome TEXT, code TEXT, message TEXT, "
                  "duration_ms INTEGER, attempt INTEGER, status TEXT, vendor_reply TEXT, verified INTEGER)")
    sql = "INSERT INTO t VALUES (NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
    for i in range(events):
        row = i % ROWS + 1
        conn.execute(sql, (utc_now(), 1, row, mac(row).value, "register", "snom", "acc-1", "registered", None,
                           None, 120, i // ROWS + 1, "registered", "OK", 1))
    conn.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    n = args.events
    best: dict[str, float] = {}
    variants: tuple[tuple[str, Callable[[Journal, int, int], None]], ...] = (
        ("separate", separate), ("combined", combined), ("engine", engine_sink))
    with tempfile.TemporaryDirectory() as folder:
        for run in range(args.repeat):  # interleaved, so drift in machine load hits every variant alike
            start = time.perf_counter()
            bare_insert(Path(folder) / f"baseline{run}.sqlite3", n)
            best["baseline"] = min(best.get("baseline", 1e9), time.perf_counter() - start)
            for name, work in variants:
                with Journal(Path(folder) / f"{name}{run}.sqlite3") as journal:
                    batch = new_batch(journal)
                    start = time.perf_counter()
                    work(journal, batch, n)
                    best[name] = min(best.get(name, 1e9), time.perf_counter() - start)
    base = best["baseline"] / n * 1e6
    print(f"journal: {n:,} events per variant, best of {args.repeat} runs, SQLite {sqlite3.sqlite_version}, "
          f"WAL + synchronous=NORMAL")
    print(f"  baseline  bare sqlite3 INSERT, one commit per event         {base:7.1f} us/event")
    for name, label in (("separate", "update_device + record_attempt (2 commits)"),
                        ("combined", "update_device(audit=...)      (1 commit) "),
                        ("engine", "engine_row_changed + engine_attempt (2)   ")):
        cost = best[name] / n * 1e6
        print(f"  {name:9} {label}  {cost:7.1f} us/event = {cost / base:4.1f}x baseline")


if __name__ == "__main__":
    main()
