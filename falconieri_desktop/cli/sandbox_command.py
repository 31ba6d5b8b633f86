"""``falconieri sandbox``: run every vendor simulator in the foreground on loopback."""

from __future__ import annotations

import argparse
import shlex
import signal
import sys
import threading

from falconieri_desktop.cli.common import EXIT_OK, print_json
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
    p.add_argument("--json", action="store_true", help="print endpoints and variables as one JSON object")
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
            print_json({"endpoints": sandbox.endpoints, "env": env})
        else:
            print("# Falconieri sandbox is running. Point the CLI at it with:")
            for key, value in env.items():
                print(f"export {key}={shlex.quote(value)}")
            print("# Ctrl-C stops the simulators.")
        sys.stdout.flush()
        try:
            while not stop.wait(0.5):
                pass
        except KeyboardInterrupt:
            pass
    return EXIT_OK
