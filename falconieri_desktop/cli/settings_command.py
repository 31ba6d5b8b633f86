"""``falconieri settings``: show and change the application settings (``core.settings``).

    falconieri settings show [--json]
    falconieri settings get KEY
    falconieri settings set KEY VALUE        # '' clears an optional value
    falconieri settings reset KEY
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from falconieri_desktop.cli.common import EXIT_OK, print_json
from falconieri_desktop.core.settings import OPTIONS, load_settings

__all__ = ["add_parsers"]


def add_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser("settings", help="show or change settings (network timeouts, proxy, CA bundle ...)",
                            description="Show or change the application settings. Secrets are never settings: "
                                        "they live in the OS keyring ('falconieri accounts').")
    actions = parser.add_subparsers(dest="settings_action", metavar="ACTION", title="actions (show, get, set, reset)")
    actions.required = True
    p = actions.add_parser("show", help="every setting, its value and what it does")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(handler=_handle_show)
    p = actions.add_parser("get", help="print one setting's value")
    p.add_argument("key", choices=list(OPTIONS), metavar="KEY")
    p.set_defaults(handler=_handle_get)
    p = actions.add_parser("set", help="change one setting ('' clears an optional one)")
    p.add_argument("key", choices=list(OPTIONS), metavar="KEY")
    p.add_argument("value", metavar="VALUE")
    p.set_defaults(handler=_handle_set)
    p = actions.add_parser("reset", help="put one setting back to its default")
    p.add_argument("key", choices=list(OPTIONS), metavar="KEY")
    p.set_defaults(handler=_handle_reset)


def _text(value: Any) -> str:
    if value is None:
        return "(not set)"
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _handle_show(args: argparse.Namespace) -> int:
    settings = load_settings()
    values = settings.as_dict()
    if args.json:
        print_json({"path": str(settings.path), "settings": values,
                    "changed": [key for key in OPTIONS if not settings.is_default(key)],
                    "problems": settings.problems})
        return EXIT_OK
    print(f"# {settings.path}")
    for key, option in OPTIONS.items():
        marker = "" if settings.is_default(key) else "   (changed)"
        print(f"{key} = {_text(values[key])}{marker}")
        print(f"    {option.description}")
    for problem in settings.problems:
        print(f"warning: {problem}")
    return EXIT_OK


def _handle_get(args: argparse.Namespace) -> int:
    print(_text(load_settings().as_dict()[args.key]))
    return EXIT_OK


def _handle_set(args: argparse.Namespace) -> int:
    settings = load_settings()
    settings.set(args.key, args.value)
    settings.save()
    print(f"{args.key} = {_text(settings.as_dict()[args.key])}")
    return EXIT_OK


def _handle_reset(args: argparse.Namespace) -> int:
    settings = load_settings()
    settings.reset(args.key)
    settings.save()
    print(f"{args.key} = {_text(settings.as_dict()[args.key])} (default)")
    return EXIT_OK
