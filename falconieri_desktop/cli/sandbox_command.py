"""``falconieri sandbox``: run every vendor simulator in the foreground on loopback."""

from __future__ import annotations

import argparse
import json
import shlex
import signal
import sys
import threading

from falconieri_desktop.cli.common import EXIT_OK
from falconieri_desktop.sandbox import SIMULATORS, Sandbox
from falconieri_desktop.sandbox.http import FAULT_KINDS

__all__ = ["add_parsers"]


def add_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "sandbox", help="run simulators of every vendor service on loopback (for demos, training, tests)",
        description="Run simulators of every vendor redirect service on 127.0.0.1 and print the "
                    "environment variables that point this CLI (or falconieri) at them. Ctrl-C stops.")
    p.add_argument("--latency", type=float, default=0.0, metavar="S", help="seconds added to every answer")
    p.add_argument("--fail-rate", type=float, default=0.0, metavar="F",
                   help="fraction of requests (0-1) that get a fault instead of their answer")
    p.add_argument("--faults", default=None, metavar="KINDS",
                   help=f"comma-separated fault kinds (default: all but 'truncated'): {', '.join(FAULT_KINDS)}")
    p.add_argument("--providers", default=None, metavar="NAMES",
                   help=f"comma-separated simulators to run (default: all): {', '.join(SIMULATORS)}")
    p.add_argument("--seed", type=int, default=None, help="seed for the fault dice (repeatable runs)")
    p.add_argument("--no-demo", action="store_true", help="start with empty registries")
    p.add_argument("--json", action="store_true",
                   help="print endpoints, variables and the sandbox accounts as one JSON object on one line")
    p.add_argument("--exit-with-stdin", action="store_true",
                   help="stop when standard input closes (a parent process that dies takes the sandbox along)")
    p.set_defaults(handler=_handle)


def _handle(args: argparse.Namespace) -> int:
    if not 0.0 <= args.fail_rate <= 1.0:
        raise ValueError("--fail-rate must be between 0 and 1")
    if args.latency < 0:
        raise ValueError("--latency must not be negative")
    providers = [p.strip() for p in args.providers.split(",")] if args.providers else None
    kinds = [k.strip() for k in args.faults.split(",")] if args.faults else None
    sandbox = Sandbox(providers, latency=args.latency, fail_rate=args.fail_rate, fault_kinds=kinds,
                      seed=args.seed, demo=not args.no_demo)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    with sandbox:
        env = sandbox.env()
        if args.json:
            accounts = {}
            for name in sandbox.simulators:
                s = sandbox.settings(name)
                accounts[name] = {"endpoint": s.endpoint, "user": s.user, "secret": s.secret,
                                  "options": dict(s.options)}
            print(json.dumps({"endpoints": sandbox.endpoints, "env": env, "accounts": accounts}))
        else:
            print("# Falconieri sandbox is running. Point the CLI at it with:")
            for key, value in env.items():
                print(f"export {key}={shlex.quote(value)}")
            print("# Ctrl-C stops the simulators.")
        sys.stdout.flush()
        if args.exit_with_stdin:

            def wait_for_eof() -> None:
                sys.stdin.read()
                stop.set()

            threading.Thread(target=wait_for_eof, daemon=True).start()
        try:
            while not stop.wait(0.5):
                pass
        except KeyboardInterrupt:
            pass
    return EXIT_OK
