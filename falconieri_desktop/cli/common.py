"""What every command shares: exit codes, configuration from the global options, output."""

from __future__ import annotations

import argparse
import json
import os
import sys
from typing import Any

from falconieri_desktop.core.accounts import default_account_source
from falconieri_desktop.core.config import CallConfig, load_falconieri_conf
from falconieri_desktop.core.errors import FalconieriError
from falconieri_desktop.core.redaction import redact
from falconieri_desktop.core.settings import network_settings as load_network_settings
from falconieri_desktop.providers.transport import NetworkSettings

__all__ = [
    "EXIT_CONFIG",
    "EXIT_FAILED",
    "EXIT_INPUT",
    "EXIT_OK",
    "call_config",
    "print_error",
    "print_json",
]

EXIT_OK, EXIT_FAILED, EXIT_INPUT, EXIT_CONFIG = 0, 1, 2, 3


def call_config(args: argparse.Namespace, **flags: Any) -> CallConfig:
    """The lookup sources of a call: flags, environment, ``-c`` file, stored accounts."""
    conf: dict[str, Any] = {}
    conf_name = ""
    if getattr(args, "config", None):
        conf = load_falconieri_conf(args.config)
        conf_name = os.path.basename(args.config)
    env = dict(os.environ)
    return CallConfig(env=env, conf=conf, conf_name=conf_name,
                      flags={k: v for k, v in flags.items() if v not in (None, "")},
                      accounts=default_account_source(env=env, conf=conf),
                      account=getattr(args, "account", None),
                      gateway_url=getattr(args, "gateway", None))


def print_json(data: Any) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2, sort_keys=False)
    sys.stdout.write("\n")


def print_error(exc: FalconieriError, *, json_output: bool = False) -> None:
    # Messages may echo what the user typed or the vendor sent: mask any secret this process loaded.
    if json_output:
        payload = exc.to_dict()
        payload.update(message=redact(exc.message),
                       vendor_message=redact(exc.vendor_message) if exc.vendor_message else exc.vendor_message)
        print_json({"ok": False, **payload})
        return
    print(f"error [{exc.code}]: {redact(exc.message)}", file=sys.stderr)
    if exc.vendor_message:
        print(f"  vendor said: {redact(exc.vendor_message)}", file=sys.stderr)
    if exc.hint:
        print(f"  what to do: {exc.hint}", file=sys.stderr)


def error_payload(exc: FalconieriError | None) -> dict[str, Any]:
    if exc is None:
        return {"error": None, "message": None}
    return {"error": exc.code, "message": redact(exc.message), "hint": exc.hint,
            "vendor_message": redact(exc.vendor_message) if exc.vendor_message else exc.vendor_message}


def bool_flag(value: bool) -> bool | None:
    """A store_true flag as a lookup layer value: unset means 'not given', not False."""
    return True if value else None


def env_flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in {"1", "true", "yes", "on"}


def network_settings() -> NetworkSettings:
    """Network settings for CLI calls: the user's timeouts, proxy and CA bundle."""
    return load_network_settings()
