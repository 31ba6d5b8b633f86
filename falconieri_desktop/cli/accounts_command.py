"""``falconieri accounts``: stored vendor accounts, their secrets in the OS keyring.

    falconieri accounts list [--json]
    falconieri accounts add PROVIDER --name NAME [--user U | --client-id ID] [--endpoint URL]
                            [--server-name N] [--provider-name N] [--disable-crc] [--concurrency N]
                            [--option KEY=VALUE] [--notes T] [--default] [--password-stdin]
    falconieri accounts edit NAME [same options] [--password-stdin | --change-password]
    falconieri accounts remove NAME | set-default NAME
    falconieri accounts test NAME [--json]
    falconieri accounts import-falconieri CONF.json
    falconieri accounts export-falconieri OUT.json [--include-secrets]

A secret is never a command-line argument (it would land in the shell history and in ``ps``):
it is prompted for without echo, or read from standard input with ``--password-stdin``.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import Any

from falconieri_desktop.cli.common import EXIT_FAILED, EXIT_OK, network_settings, print_json
from falconieri_desktop.core.accounts import (
    Account,
    AccountStore,
    export_falconieri,
    import_falconieri,
)
from falconieri_desktop.core.errors import InputError
from falconieri_desktop.core.probe import probe_account
from falconieri_desktop.providers import PROVIDERS, provider_class

__all__ = ["add_parsers"]


def add_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "accounts", help="stored vendor accounts (secrets in the OS keyring): list, add, test, import ...",
        description="Manage stored vendor accounts. Secrets are kept in the OS keyring, never in files.")
    actions = parser.add_subparsers(dest="accounts_action", metavar="ACTION", title="actions")
    actions.required = True

    p = actions.add_parser("list", help="list the accounts and the keyring in use")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(handler=_handle_list)

    p = actions.add_parser("add", help="add an account (the secret is prompted for, or read from stdin)")
    p.add_argument("provider", help="provider name (see 'falconieri providers')")
    p.add_argument("--name", required=True, help="a name for the account, e.g. the customer's")
    _add_account_options(p)
    p.add_argument("--password-stdin", action="store_true",
                   help="read the password (or client secret) from standard input instead of prompting")
    p.set_defaults(handler=_handle_add)

    p = actions.add_parser("edit", help="change an account (and, if asked, its secret)")
    p.add_argument("account", metavar="NAME", help="the account to change")
    p.add_argument("--name", dest="new_name", metavar="NEW_NAME", help="rename the account")
    _add_account_options(p, editing=True)
    secret = p.add_mutually_exclusive_group()
    secret.add_argument("--password-stdin", action="store_true", help="replace the secret with standard input")
    secret.add_argument("--change-password", action="store_true", help="replace the secret (prompted for)")
    p.set_defaults(handler=_handle_edit)

    p = actions.add_parser("remove", help="delete an account and its keyring entry")
    p.add_argument("account", metavar="NAME")
    p.set_defaults(handler=_handle_remove)

    p = actions.add_parser("set-default", help="make an account its provider's default")
    p.add_argument("account", metavar="NAME")
    p.set_defaults(handler=_handle_set_default)

    p = actions.add_parser("test", help="check that an account works: reachable, TLS, credentials, permissions")
    p.add_argument("account", metavar="NAME")
    p.add_argument("--json", action="store_true", help="print the checklist as JSON")
    p.set_defaults(handler=_handle_test)

    p = actions.add_parser("import-falconieri", help="one account per enabled provider of a falconieri conf.json")
    p.add_argument("conf", metavar="CONF.json")
    p.add_argument("--name-prefix", default="", metavar="TEXT",
                   help="put TEXT before the provider name in the new accounts' names (e.g. the customer)")
    p.set_defaults(handler=_handle_import)

    p = actions.add_parser("export-falconieri",
                           help="write a falconieri conf.json (secrets left out unless --include-secrets)")
    p.add_argument("out", metavar="OUT.json")
    p.add_argument("--include-secrets", action="store_true",
                   help="also write the secrets, in plain text (the file is created readable by you only)")
    p.add_argument("--account", dest="accounts", action="append", metavar="NAME",
                   help="export this account (repeatable; default: each provider's default account)")
    p.set_defaults(handler=_handle_export)


def _add_account_options(p: argparse.ArgumentParser, *, editing: bool = False) -> None:
    who = p.add_mutually_exclusive_group()
    who.add_argument("--user", metavar="USER", help="user name (legacy XML-RPC providers, gateway)")
    who.add_argument("--client-id", dest="client_id", metavar="ID", help="client id / access key id (REST APIs)")
    p.add_argument("--endpoint", metavar="URL",
                   help="API endpoint; default: the vendor's" + (" ('' = back to the vendor's)" if editing else ""))
    p.add_argument("--server-name", dest="server_name", metavar="NAME", help="Yealink legacy server name")
    p.add_argument("--provider-name", dest="provider_name", metavar="NAME", help="Gigaset provider name")
    if editing:
        p.add_argument("--disable-crc", dest="disable_crc", action=argparse.BooleanOptionalAction, default=None,
                       help="Gigaset: send bare MACs without the MAC-ID code")
    else:
        p.add_argument("--disable-crc", dest="disable_crc", action="store_true", default=None,
                       help="Gigaset: send bare MACs without the MAC-ID code")
    p.add_argument("--option", dest="extra_options", action="append", default=[], metavar="KEY=VALUE",
                   help="any other provider option, e.g. target_provider=snom (gateway) or register_by_serial=true "
                        "(YMCS); repeatable" + ("; KEY= removes it" if editing else ""))
    p.add_argument("--concurrency", type=int, metavar="N",
                   help="parallel requests for this account" + (" (0 = the provider's default)" if editing else ""))
    p.add_argument("--notes", metavar="TEXT", help="free text, e.g. the customer's contact")
    p.add_argument("--default", action="store_true", help="make it the provider's default account")


def _store() -> AccountStore:
    return AccountStore.open()


def _label(provider: str) -> str:
    cls = PROVIDERS.get(provider)
    return cls.info.label if cls else provider


def _quoted(name: str) -> str:
    return name if name.replace("-", "").replace("_", "").replace(".", "").isalnum() else f'"{name}"'


def _read_secret(args: argparse.Namespace, label: str, account_name: str) -> str:
    """The secret from stdin (``--password-stdin``) or a no-echo prompt; never from argv."""
    if args.password_stdin:
        data = sys.stdin.read()
        # `echo secret | ...` adds one newline; anything else is part of the secret.
        secret = data[:-2] if data.endswith("\r\n") else data[:-1] if data.endswith("\n") else data
        if not secret:
            raise InputError("invalid_option", "No secret arrived on standard input.")
        return secret
    if not sys.stdin.isatty():
        raise InputError("invalid_option", f"Cannot ask for the {label.lower()}: standard input is not a terminal.",
                         hint="Pipe the secret in and add --password-stdin.")
    secret = getpass.getpass(f"{label} for account {account_name!r}: ")
    if not secret:
        raise InputError("invalid_option", f"The {label.lower()} must not be empty.")
    return secret


def _options(args: argparse.Namespace, provider: str) -> dict[str, Any]:
    """Provider options given on the command line; an option the provider lacks is an error."""
    keys = {spec.key for spec in provider_class(provider).info.options}
    given = {key: getattr(args, key) for key in ("server_name", "provider_name", "disable_crc")
             if getattr(args, key) is not None}
    for key in given:
        if key not in keys:
            flag = "--" + key.replace("_", "-")
            raise InputError("invalid_option", f"{_label(provider)} accounts have no {flag} option.")
    for item in args.extra_options:
        key, sep, value = item.partition("=")
        key = key.strip()
        if not sep or not key:
            raise InputError("invalid_option", f"--option takes KEY=VALUE (got {item!r}).")
        if key not in keys:
            known = ", ".join(sorted(keys)) or "none"
            raise InputError("invalid_option",
                             f"{_label(provider)} accounts have no option {key!r} (options: {known}).")
        given[key] = value.strip() or None  # KEY= removes the option (edit)
    return given


def _user(args: argparse.Namespace) -> str | None:
    return args.user if args.user is not None else args.client_id


# -- handlers ----------------------------------------------------------------------------------


def _handle_list(args: argparse.Namespace) -> int:
    store = _store()
    accounts = store.accounts()
    status = store.status()
    if args.json:
        print_json({"path": str(store.path), "keyring": status.to_dict(),
                    "accounts": [_account_json(a) for a in accounts]})
        return EXIT_OK
    if not accounts:
        print("No accounts yet. Add one with: falconieri accounts add PROVIDER --name NAME --user USER")
    else:
        rows = [("NAME", "PROVIDER", "USER / CLIENT ID", "ENDPOINT", "DEFAULT")]
        rows += [(a.name, a.provider, a.user, a.endpoint or "(vendor default)", "yes" if a.is_default else "")
                 for a in accounts]
        widths = [max(len(row[i]) for row in rows) for i in range(4)]
        for row in rows:
            print("  ".join(cell.ljust(width) for cell, width in zip(row[:4], widths, strict=True)) + "  " + row[4])
    print(f"keyring: {status.backend} ({'usable' if status.usable else 'NOT usable: ' + status.message})")
    return EXIT_OK


def _account_json(account: Account) -> dict[str, Any]:
    info = provider_class(account.provider).info if account.provider in PROVIDERS else None
    data = account.to_dict()
    data["provider_label"] = info.label if info else account.provider
    data["effective_endpoint"] = account.endpoint or (info.default_endpoint if info else None)
    return data


def _handle_add(args: argparse.Namespace) -> int:
    info = provider_class(args.provider).info
    store = _store()
    options = _options(args, args.provider)
    user = _user(args)
    if not user:
        raise InputError("invalid_option", f"A {info.label} account needs a {info.user_label.lower()}: "
                         f"pass --{'client-id' if info.user_key == 'client_id' else 'user'}.")
    if args.concurrency is not None and args.concurrency < 1:
        raise InputError("invalid_option", "--concurrency must be at least 1.")
    if store.find(args.name) is not None:  # before asking for a secret that would be thrown away
        raise InputError("invalid_option", f"An account named {args.name!r} already exists; pick another name.")
    secret = _read_secret(args, info.secret_label, args.name)
    account = store.add(args.provider, args.name, secret, user=user, endpoint=args.endpoint, options=options,
                        concurrency=args.concurrency, notes=args.notes or "", default=args.default)
    default = f" (the default {info.label} account)" if account.is_default else ""
    print(f"Added {info.label} account {account.name!r}{default}; its {info.secret_label.lower()} is in "
          f"the keyring ({store.status().backend}).")
    print(f"Check it works: falconieri accounts test {_quoted(account.name)}")
    return EXIT_OK


def _handle_edit(args: argparse.Namespace) -> int:
    store = _store()
    account = store.get(args.account)
    info = provider_class(account.provider).info
    changes: dict[str, Any] = {}
    if args.new_name is not None:
        changes["name"] = args.new_name
    user = _user(args)
    if user is not None:
        changes["user"] = user
    if args.endpoint is not None:
        changes["endpoint"] = args.endpoint or None
    options = _options(args, account.provider)
    if options:
        changes["options"] = options
    if args.concurrency is not None:
        if args.concurrency < 0:
            raise InputError("invalid_option", "--concurrency must be 0 (provider default) or more.")
        changes["concurrency"] = args.concurrency or None
    if args.notes is not None:
        changes["notes"] = args.notes
    secret = _read_secret(args, info.secret_label, account.name) if (args.password_stdin or args.change_password) \
        else None
    if not changes and secret is None and not args.default:
        raise InputError("invalid_option", "Nothing to change: pass the options to change (see --help).")
    updated = store.update(account.name, secret=secret, **changes) if (changes or secret is not None) else account
    if args.default and not updated.is_default:
        updated = store.set_default(updated.name)
    print(f"Updated account {updated.name!r}" + (f"; its {info.secret_label.lower()} was replaced." if secret
                                                  else "."))
    return EXIT_OK


def _handle_remove(args: argparse.Namespace) -> int:
    store = _store()
    account = store.remove(args.account)
    print(f"Removed account {account.name!r} and its keyring entry.")
    others = store.accounts(account.provider)
    if account.is_default and others:
        print(f"{_label(account.provider)} has no default account now; choose one with: "
              f"falconieri accounts set-default NAME ({', '.join(a.name for a in others)})")
    return EXIT_OK


def _handle_set_default(args: argparse.Namespace) -> int:
    account = _store().set_default(args.account)
    print(f"{account.name!r} is now the default {_label(account.provider)} account.")
    return EXIT_OK


_MARKS = {True: "ok  ", False: "FAIL", None: "??  "}
_STEP_LABELS = {"reachable": "reachable", "tls": "TLS", "credentials": "credentials accepted"}


def _handle_test(args: argparse.Namespace) -> int:
    store = _store()
    account = store.get(args.account)
    report = probe_account(store, account, network_settings())
    if args.json:
        print_json({"account": account.name, **report.to_dict()})
        return EXIT_OK if report.ok else EXIT_FAILED
    print(f"Account {account.name!r}: {_label(account.provider)} at {report.endpoint}")
    for step in report.steps:
        print(f"  [{_MARKS[step.ok]}] {_STEP_LABELS.get(step.name, step.name)}: {step.message}")
    if report.can:
        print(f"  this account can: {', '.join(report.can)}")
    for warning in report.warnings:
        print(f"  warning: {warning}")
    if report.ok:
        print("All checks passed.")
    else:
        broken = [_STEP_LABELS.get(s.name, s.name) for s in report.steps if not s.ok]
        print(f"Not working: {', '.join(broken)}.")
    return EXIT_OK if report.ok else EXIT_FAILED


def _handle_import(args: argparse.Namespace) -> int:
    result = import_falconieri(_store(), args.conf, name_prefix=args.name_prefix)
    for account in result.created:
        default = " (default)" if account.is_default else ""
        print(f"created {account.provider:<8} account {account.name!r}{default}")
    for section, reason in result.skipped:
        print(f"skipped {section:<8} {reason}")
    if not result.created:
        print("No account was created.")
        return EXIT_OK
    print(f"note: {result.note}")
    return EXIT_OK


def _handle_export(args: argparse.Namespace) -> int:
    result = export_falconieri(_store(), args.out, names=args.accounts, include_secrets=args.include_secrets)
    for account in result.exported:
        print(f"exported {account.provider:<8} account {account.name!r}")
    for provider, reason in result.skipped:
        print(f"skipped  {provider:<8} {reason}")
    if result.include_secrets and result.exported:
        print(f"warning: {result.path} holds the secrets in plain text; delete it once it has served its purpose.")
    else:
        print(f"Wrote {result.path} without secrets; falconieri reads them from its environment variables.")
    return EXIT_OK
