"""Batch commands: import a spreadsheet (plan first), and work with the journal's batches.

    falconieri import FILE [--provider P|auto] [--account A] [--url URL] [--column F=COL ...]
                           [--sheet S] [--dry-run] [--force] [--concurrency N] [--report OUT] [--json]
    falconieri batches [--json]            falconieri show BATCH [--json]
    falconieri resume BATCH                falconieri retry BATCH [--failed]
    falconieri export BATCH OUT            falconieri history MAC [--json]

Exit codes: 0 every device ended registered or skipped; 1 some device failed (or was not sent);
2 the file cannot be read / bad input; 3 configuration; 130 interrupted (the batch stays
resumable: ``falconieri resume BATCH``).
"""

from __future__ import annotations

import argparse
import os
import queue
import signal
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from falconieri_desktop.cli.common import (
    EXIT_FAILED,
    EXIT_INPUT,
    EXIT_OK,
    call_config,
    network_settings,
    print_json,
)
from falconieri_desktop.core.config import Resolved
from falconieri_desktop.core.devices import Device, Operation, Status
from falconieri_desktop.core.engine import (
    AccountBlocked,
    BatchEngine,
    BatchFinished,
    BatchSpec,
    EngineError,
    Job,
    RetryPolicy,
    RowChanged,
)
from falconieri_desktop.core.errors import FalconieriError, InputError, hint_for
from falconieri_desktop.core.journal import (
    RESUMABLE_STATUSES,
    RETRYABLE_STATUSES,
    DeviceRecord,
    Journal,
    NewDevice,
)
from falconieri_desktop.core.mac import parse_mac
from falconieri_desktop.core.plan import (
    AUTO,
    PlanClass,
    PlanInput,
    PlanRow,
    ProviderChooser,
    check_jobs,
    classify,
    plan_counts,
    prepare,
    run_jobs,
)
from falconieri_desktop.core.settings import Settings
from falconieri_desktop.core.spreadsheets import ParsedSheet, load_sheet, write_report
from falconieri_desktop.core.urls import parse_provisioning_url

__all__ = ["add_parsers"]

_DONE = frozenset({Status.REGISTERED, Status.SKIPPED, Status.DEREGISTERED, Status.CHECKED})


def add_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("import", help="register the devices of a spreadsheet (CSV, XLSX, ODS), plan first",
                       description="Read a spreadsheet, check every row, show the plan, then register the devices "
                                   "in parallel within each vendor's limits. --dry-run shows the plan and writes "
                                   "nothing.")
    p.add_argument("file", help="CSV, XLSX or ODS file")
    p.add_argument("--provider", default=AUTO, help="provider for rows without one (default: auto, from the MAC)")
    p.add_argument("--account", metavar="NAME", help="stored account for rows without one")
    p.add_argument("--gateway", metavar="URL", help="reach providers without credentials through this gateway")
    p.add_argument("--url", help="provisioning URL for rows without one")
    p.add_argument("--column", action="append", default=[], metavar="FIELD=COL",
                   help='map a field to a column: mac=B, mac=2 or mac="Indirizzo MAC" (repeatable)')
    p.add_argument("--sheet", help="sheet name or number (default: the first)")
    p.add_argument("--dry-run", action="store_true", help="print the plan; write nothing")
    p.add_argument("--force", action="store_true", help="register devices that are already correct too")
    p.add_argument("--concurrency", type=int, metavar="N", help="parallel requests per account")
    p.add_argument("--report", metavar="OUT", help="write a report (.csv or .xlsx) at the end")
    p.add_argument("--json", action="store_true", help="print one JSON object at the end")
    p.set_defaults(handler=_handle_import)

    p = sub.add_parser("batches", help="list past batches from the journal")
    p.add_argument("--limit", type=int, default=30)
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=_handle_batches)

    p = sub.add_parser("show", help="show a batch and its devices")
    p.add_argument("batch", type=int)
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=_handle_show)

    for name, text in (("resume", "run the unfinished devices of an interrupted or cancelled batch again"),
                       ("retry", "run the devices of a batch that did not end registered again")):
        p = sub.add_parser(name, help=text)
        p.add_argument("batch", type=int)
        if name == "retry":
            p.add_argument("--failed", action="store_true", help="only the devices that failed or were blocked")
        p.add_argument("--concurrency", type=int, metavar="N")
        p.add_argument("--gateway", metavar="URL")
        p.add_argument("--report", metavar="OUT")
        p.add_argument("--json", action="store_true")
        p.set_defaults(handler=_handle_rerun, rerun=name)

    p = sub.add_parser("export", help="write a batch's report (.csv or .xlsx)")
    p.add_argument("batch", type=int)
    p.add_argument("out")
    p.set_defaults(handler=_handle_export)

    p = sub.add_parser("history", help="every operation on one MAC, across batches")
    p.add_argument("mac")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=_handle_history)


# -- progress ---------------------------------------------------------------------------------------


@dataclass
class _Progress:
    total: int
    stream: TextIO
    tty: bool
    quiet: bool = False
    status: dict[int, Status] = field(default_factory=dict)
    started: float = field(default_factory=time.monotonic)
    last_line: float = 0.0

    def update(self, event: RowChanged) -> None:
        self.status[event.row_id] = event.status
        self.render()

    def counts(self) -> dict[str, int]:
        done = sum(1 for s in self.status.values() if s in _DONE)
        failed = sum(1 for s in self.status.values() if s in (Status.FAILED, Status.BLOCKED))
        cancelled = sum(1 for s in self.status.values() if s is Status.CANCELLED)
        return {"done": done, "failed": failed, "cancelled": cancelled,
                "todo": self.total - done - failed - cancelled}

    def render(self, final: bool = False) -> None:
        if self.quiet:
            return
        now = time.monotonic()
        c = self.counts()
        finished = c["done"] + c["failed"] + c["cancelled"]
        elapsed = now - self.started
        rate = finished / elapsed if elapsed > 0.5 and finished else 0.0
        eta = f"{(self.total - finished) / rate:4.0f}s" if rate else "   ?"
        if self.tty:
            if not final and now - self.last_line < 0.1:
                return
            width = 30
            filled = int(width * finished / max(self.total, 1))
            bar = "#" * filled + "-" * (width - filled)
            line = (f"\r[{bar}] {finished}/{self.total}  ok {c['done']}  failed {c['failed']}  "
                    f"to do {c['todo']}  {rate:5.1f}/s  ETA {eta}")
            self.stream.write(line + ("\n" if final else ""))
            self.stream.flush()
        elif final or now - self.last_line >= 5.0:
            self.stream.write(f"{finished}/{self.total} finished: {c['done']} ok, {c['failed']} failed, "
                              f"{c['todo']} to do ({rate:.1f}/s)\n")
            self.stream.flush()
        self.last_line = now


def _engine(args: argparse.Namespace, journal: Journal | None) -> BatchEngine:
    settings = Settings.load()
    defaults = settings.engine()
    return BatchEngine(journal=journal, network=network_settings(),
                       policy=RetryPolicy(attempts=defaults.attempts, deadline=defaults.device_deadline)).start()


def _run(engine: BatchEngine, spec: BatchSpec, *, on_event: Callable[[RowChanged], None] | None = None,
         stream: TextIO = sys.stderr) -> tuple[BatchFinished | None, list[str], dict[int, RowChanged]]:
    """Submit and follow one batch; Ctrl-C (SIGINT) or SIGTERM cancels it cleanly.

    Returns the BatchFinished (None if the engine died), messages worth showing, final events.
    """
    notes: list[str] = []
    finals: dict[int, RowChanged] = {}
    interrupted = {"flag": False}

    def stop(_signum: int, _frame: Any) -> None:
        if not interrupted["flag"]:
            interrupted["flag"] = True
            stream.write("\nCancelling… (the batch stays resumable)\n")
            engine.cancel(spec.batch_id)

    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        engine.submit(spec)
        while True:
            try:
                event = engine.events.get(timeout=0.2)  # a timeout keeps Ctrl-C responsive
            except queue.Empty:
                continue
            if isinstance(event, RowChanged) and event.batch_id == spec.batch_id:
                finals[event.row_id] = event
                if on_event:
                    on_event(event)
            elif isinstance(event, AccountBlocked):
                notes.append(event.message)
            elif isinstance(event, EngineError):
                notes.append(f"{event.message} {event.details}".strip())
            elif isinstance(event, BatchFinished) and event.batch_id == spec.batch_id:
                if interrupted["flag"]:
                    raise KeyboardInterrupt
                return event, notes, finals
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


# -- import -----------------------------------------------------------------------------------------------


def _plan_inputs(sheet: ParsedSheet) -> list[PlanInput]:
    inputs = []
    for row in sheet.rows:
        if row.candidate is not None:
            c = row.candidate
            inputs.append(PlanInput(row.number, c.id, c.url, c.provider, c.account, c.label))
        else:
            problem = row.problems[0]
            inputs.append(PlanInput(row.number, None, problems=((problem.code, problem.message),),
                                    duplicate_of=problem.duplicate_of))
    return inputs


def _check_plan(engine: BatchEngine, rows: list[PlanRow]) -> list[PlanRow]:
    jobs = check_jobs(rows)
    if not jobs:
        return [classify(r, None) if r.klass is PlanClass.PENDING else r for r in rows]
    spec = BatchSpec(f"plan-{os.getpid()}-{time.monotonic_ns()}", jobs, journal=False)
    _finished, _notes, finals = _run(engine, spec)
    return [classify(r, finals.get(r.row)) for r in rows]


def _print_plan(rows: Sequence[PlanRow], stream: TextIO) -> None:
    labels = {PlanClass.NEW: "new", PlanClass.OVERRIDE: "override", PlanClass.ALREADY_CORRECT: "already correct",
              PlanClass.CONFLICT: "conflict", PlanClass.MISSING_DATA: "missing data", PlanClass.INVALID: "invalid",
              PlanClass.UNCHECKED: "unchecked", PlanClass.CHECK_FAILED: "check failed", PlanClass.PENDING: "pending"}
    for row in rows:
        mac = str(row.device.id.mac) if row.device else (row.input.device.mac if row.input.device else "-")
        provider = row.resolved.target if row.resolved else "-"
        reason = row.reason or ""
        stream.write(f"  row {row.row:>5}  {mac!s:<17}  {provider:<8}  {labels[row.klass]:<15}  {reason}\n")
    counts = plan_counts(rows)
    summary = ", ".join(f"{n} {labels[PlanClass(k)]}" for k, n in counts.items())
    stream.write(f"Plan: {len(rows)} rows: {summary}\n")


def _handle_import(args: argparse.Namespace) -> int:
    out = sys.stdout
    err = sys.stderr
    try:
        sheet = load_sheet(args.file, sheet=args.sheet, columns=args.column or None)
    except FalconieriError as exc:
        if args.json:
            print_json({"ok": False, **exc.to_dict()})
            return EXIT_INPUT
        raise
    if args.url:
        parse_provisioning_url(args.url)  # a bad default URL is bad input: nothing is sent
    config = call_config(args)
    chooser = ProviderChooser(config)
    rows = prepare(_plan_inputs(sheet), chooser, default_url=args.url, default_provider=args.provider,
                   default_account=args.account)
    journal = None if args.dry_run else _open_journal()
    engine = _engine(args, journal)
    try:
        if not args.force or args.dry_run:
            if not args.json:
                err.write(f"Checking {sum(1 for r in rows if r.klass is PlanClass.PENDING)} devices with their "
                          "vendors (read-only)…\n")
            rows = _check_plan(engine, rows)
        if args.dry_run:
            if args.json:
                print_json({"ok": True, "dry_run": True, "file": args.file, "counts": plan_counts(rows),
                            "rows": [r.to_dict() for r in rows]})
            else:
                _print_plan(rows, out)
            return EXIT_OK
        assert journal is not None
        return _run_import(args, sheet, rows, engine, journal)
    finally:
        engine.shutdown()
        if journal is not None:
            journal.close()


def _new_device(row: PlanRow, cells: Sequence[str], status: Status, code: str | None,
                message: str | None) -> NewDevice:
    device_id = row.device.id if row.device else row.input.device
    return NewDevice(row=row.row, mac=device_id.mac if device_id else None, crc=device_id.crc if device_id else None,
                     serial=device_id.serial if device_id else None,
                     provider=row.resolved.target if row.resolved else row.input.provider,
                     account=row.resolved.settings.account_id if row.resolved else row.input.account,
                     url=row.url.text if row.url else row.input.url, label=row.input.label, status=status,
                     code=code, message=message, input=cells)


def _run_import(args: argparse.Namespace, sheet: ParsedSheet, rows: list[PlanRow], engine: BatchEngine,
                journal: Journal) -> int:
    jobs, held = run_jobs(rows, force=args.force)
    cells = {r.number: r.cells for r in sheet.rows}
    held_ids = {r.row for r in held}
    batch_id = journal.create_batch(
        source_name=os.path.basename(args.file), source_sha256=sheet.raw.sha256, input_columns=sheet.header,
        options={"provider": args.provider, "account": args.account, "url": args.url, "force": args.force,
                 "concurrency": args.concurrency, "sheet": sheet.raw.sheet_name})
    new_devices = []
    for row in rows:
        if row.row in held_ids:
            if row.klass is PlanClass.ALREADY_CORRECT:
                new_devices.append(_new_device(row, cells.get(row.row, ()), Status.SKIPPED, None, row.reason))
            else:
                new_devices.append(_new_device(row, cells.get(row.row, ()), Status.BLOCKED, row.code, row.reason))
        else:
            new_devices.append(_new_device(row, cells.get(row.row, ()), Status.PENDING, None, None))
    journal.add_devices(batch_id, new_devices)
    return _execute(args, journal, engine, batch_id, jobs, held=len(held))


def _execute(args: argparse.Namespace, journal: Journal, engine: BatchEngine, batch_id: int, jobs: Sequence[Job],
             *, held: int = 0) -> int:
    err = sys.stderr
    progress = _Progress(len(jobs), err, err.isatty(), quiet=bool(args.json))
    if not args.json:
        err.write(f"Batch {batch_id}: registering {len(jobs)} devices"
                  + (f" ({held} not sent: see the report)" if held else "") + "\n")
    notes: list[str] = []
    finished: BatchFinished | None = None
    interrupted = False
    if jobs:
        spec = BatchSpec(str(batch_id), tuple(jobs), concurrency=args.concurrency,
                         verify=bool(Settings.load().get("engine.verify_after_register")))
        try:
            finished, notes, _ = _run(engine, spec, on_event=progress.update, stream=err)
        except KeyboardInterrupt:
            interrupted = True
        progress.render(final=True)
    else:
        journal.finish_batch(batch_id)
    record = journal.batch(batch_id)
    devices = journal.devices(batch_id)
    if getattr(args, "report", None):
        write_report(args.report, record.input_columns, devices)
    counts = {status.value: n for status, n in record.counts.items()}
    ok = all(d.status in _DONE for d in devices)
    if args.json:
        print_json({"ok": ok and not interrupted, "batch": batch_id, "counts": counts, "interrupted": interrupted,
                    "report": getattr(args, "report", None), "notes": notes,
                    "failed": [_device_json(d) for d in devices if d.status not in _DONE]})
    else:
        for note in dict.fromkeys(notes):
            err.write(f"note: {note}\n")
        summary = ", ".join(f"{n} {s}" for s, n in sorted(counts.items()))
        print(f"Batch {batch_id}: {summary}.")
        for device in devices:
            if device.status not in _DONE and device.status is not Status.CANCELLED:
                mac = str(device.mac) if device.mac else "-"
                print(f"  row {device.row}: {mac} {device.status.value} [{device.code}] {device.message or ''}")
        if getattr(args, "report", None):
            print(f"Report: {args.report}")
        if interrupted or any(d.status in RESUMABLE_STATUSES for d in devices):
            print(f"Resume with: falconieri resume {batch_id}")
    if interrupted:
        return 130
    del finished
    return EXIT_OK if ok else EXIT_FAILED


def _device_json(d: DeviceRecord) -> dict[str, Any]:
    return {"row": d.row, "mac": str(d.mac) if d.mac else None, "provider": d.provider, "status": d.status.value,
            "code": d.code, "message": d.message, "hint": hint_for(d.code) if d.code else None,
            "attempts": d.attempts, "pin": d.pin, "verified": d.verified}


# -- resume / retry ---------------------------------------------------------------------------------------


def _resolver(args: argparse.Namespace) -> Callable[[DeviceRecord], Resolved]:
    config = call_config(args)
    chooser = ProviderChooser(config)
    store = getattr(config.accounts, "store", None)
    cache: dict[tuple[str | None, str | None], Resolved] = {}

    def resolve_record(record: DeviceRecord) -> Resolved:
        key = (record.provider, record.account)
        if key not in cache:
            if record.account and store is not None:
                account = store.get_by_id(record.account)
                cache[key] = Resolved(account.provider, store.settings(account), account.provider)
            elif record.provider:
                cache[key] = chooser.resolve(record.provider, None)
            else:
                raise InputError("missing_credentials", f"Row {record.row} has no provider.")
        return cache[key]

    return resolve_record


def _open_journal() -> Journal:
    """The journal, with rows a dead process left in flight marked interrupted (resumable)."""
    journal = Journal()
    journal.mark_interrupted_on_start()
    return journal


def _handle_rerun(args: argparse.Namespace) -> int:
    journal = _open_journal()
    try:
        journal.batch(args.batch)
        if args.rerun == "resume":
            records = journal.resumable_devices(args.batch)
        elif args.failed:
            records = journal.failed_devices(args.batch)
        else:
            records = [d for d in journal.devices(args.batch) if d.status in RESUMABLE_STATUSES | RETRYABLE_STATUSES]
        resolve_record = _resolver(args)
        jobs: list[Job] = []
        for record in records:
            if record.mac is None:
                continue
            try:
                resolved = resolve_record(record)
            except FalconieriError as exc:
                journal.update_device(args.batch, record.row, status=Status.BLOCKED, code=exc.code,
                                      message=exc.message)
                continue
            device = Device(record.device_id, resolved.target, record.url, resolved.settings.account_id,  # type: ignore[arg-type]
                            record.label)
            url = parse_provisioning_url(record.url) if record.url else None
            jobs.append(Job(record.row, device, Operation.REGISTER, resolved, url, record.attempts))
        if not jobs:
            print(f"Batch {args.batch}: nothing to {args.rerun}.")
            return EXIT_OK
        engine = _engine(args, journal)
        try:
            return _execute(args, journal, engine, args.batch, jobs)
        finally:
            engine.shutdown()
    finally:
        journal.close()


# -- reading the journal ------------------------------------------------------------------------------------


def _handle_batches(args: argparse.Namespace) -> int:
    with _open_journal() as journal:
        records = journal.batches(limit=args.limit)
    if args.json:
        print_json([{"id": b.id, "state": b.state.value, "created": b.created, "started": b.started,
                     "finished": b.finished, "source": b.source_name, "total": b.total,
                     "counts": {s.value: n for s, n in b.counts.items()}} for b in records])
        return EXIT_OK
    if not records:
        print("No batches yet.")
    for b in records:
        counts = ", ".join(f"{n} {s.value}" for s, n in sorted(b.counts.items()))
        print(f"{b.id:>5}  {b.created[:19].replace('T', ' ')}  {b.state.value:<11}  {b.source_name or '-':<28} "
              f"{counts}")
    return EXIT_OK


def _handle_show(args: argparse.Namespace) -> int:
    with _open_journal() as journal:
        record = journal.batch(args.batch)
        devices = journal.devices(args.batch)
    if args.json:
        print_json({"id": record.id, "state": record.state.value, "created": record.created,
                    "source": record.source_name, "sha256": record.source_sha256, "options": dict(record.options),
                    "counts": {s.value: n for s, n in record.counts.items()},
                    "devices": [_device_json(d) for d in devices]})
        return EXIT_OK
    print(f"Batch {record.id} ({record.state.value}) from {record.source_name or 'typed devices'}, "
          f"created {record.created}")
    for d in devices:
        mac = str(d.mac) if d.mac else "-"
        print(f"  row {d.row:>5}  {mac:<17}  {d.provider or '-':<8}  {d.status.value:<12}  {d.code or ''}  "
              f"{d.message or ''}")
    return EXIT_OK


def _handle_export(args: argparse.Namespace) -> int:
    with Journal() as journal:
        record = journal.batch(args.batch)
        path = write_report(Path(args.out), record.input_columns, journal.iter_devices(args.batch))
    print(f"Report written: {path}")
    return EXIT_OK


def _handle_history(args: argparse.Namespace) -> int:
    mac = parse_mac(args.mac)
    with Journal() as journal:
        entries = journal.history(mac)
    if args.json:
        print_json([{"time": e.time, "batch": e.batch_id, "operation": e.operation.value, "provider": e.provider,
                     "account": e.account, "outcome": e.outcome, "code": e.code, "duration_ms": e.duration_ms,
                     "attempt": e.attempt} for e in entries])
        return EXIT_OK
    if not entries:
        print(f"No operation on {mac} in the journal.")
    for e in entries:
        print(f"{e.time[:19].replace('T', ' ')}  batch {e.batch_id or '-':>4}  {e.operation.value:<10}  "
              f"{e.provider:<8}  {e.outcome}{' [' + e.code + ']' if e.code else ''}")
    return EXIT_OK
