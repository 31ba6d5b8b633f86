"""The ``falconieri`` command: parses arguments, calls the core, prints. Nothing else.

Each command group lives in its own module with ``add_parsers(subparsers)``; its handlers return
an exit code:

    0  success
    1  the provider refused or the call failed
    2  bad input (nothing was sent)
    3  configuration problem (provider disabled, credentials missing, keyring unavailable)
  130  interrupted (Ctrl-C)
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from falconieri_desktop import __version__
from falconieri_desktop.cli import (
    accounts_command,
    batch_command,
    devices,
    labels_command,
    sandbox_command,
    serve_command,
    settings_command,
)
from falconieri_desktop.cli.common import EXIT_INPUT, print_error
from falconieri_desktop.core.errors import FalconieriError
from falconieri_desktop.core.redaction import setup_logging
from falconieri_desktop.core.settings import default_log_file

__all__ = ["build_parser", "main"]

# Order = order in --help. Each module registers its subcommands.
COMMAND_MODULES = (
    devices,
    batch_command,  # issue 5
    sandbox_command,
    accounts_command,  # issue 4
    settings_command,  # issue 4
    labels_command,  # issue 6
    serve_command,  # issue 10
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="falconieri",
        description="Register IP phones with their vendors' redirect services (Falconieri Desktop).",
    )
    parser.add_argument("--version", action="version", version=f"falconieri {__version__}")
    parser.add_argument("-c", "--config", metavar="FILE",
                        help="falconieri conf.json with provider credentials (environment variables win)")
    parser.add_argument("-v", "--verbose", action="count", default=0,
                        help="log more (-vv for debug); secrets are always masked")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    for module in COMMAND_MODULES:
        module.add_parsers(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on bad usage, 0 on --help/--version
        return int(exc.code or 0)
    setup_logging(args.verbose, stream=sys.stderr, file=default_log_file())
    try:
        return int(args.handler(args))
    except FalconieriError as exc:
        print_error(exc, json_output=getattr(args, "json", False))
        return exc.exit_code
    except KeyboardInterrupt:
        print("Interrupted.", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `falconieri ... | head`
        return 0
    except ValueError as exc:  # argument values that argparse cannot judge
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_INPUT


def run() -> None:
    """Console-script entry point."""
    sys.exit(main())
