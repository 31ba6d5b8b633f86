"""``falconieri serve``: run the Falconieri-compatible gateway (needs the ``server`` extra).

Also manages the clients of its auth file (``--add-client``) and checks a configuration without
serving (``--check``). The web stack is imported only when serving, so ``falconieri --help`` and
the rest of the CLI work without the extra.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from falconieri_desktop.cli.common import EXIT_CONFIG, EXIT_INPUT, EXIT_OK, print_json
from falconieri_desktop.core.redaction import setup_logging
from falconieri_desktop.providers.transport import NetworkSettings
from falconieri_desktop.server.auth import new_client_line, parse_auth_file
from falconieri_desktop.server.config import (
    DEFAULT_CONF,
    DEFAULT_MAX_BODY,
    DEFAULT_PORT,
    ServerSettings,
    provider_entries,
)
from falconieri_desktop.server.run import EXTRA_HINT, missing_packages
from falconieri_desktop.server.service import PoolLimits

__all__ = ["add_parsers"]


def _default_port() -> int:
    # gin (falconieri) listens on $PORT when set, else 8080; platforms that set PORT expect that.
    text = os.environ.get("PORT", "")
    return int(text) if text.isdigit() and 0 < int(text) < 65536 else DEFAULT_PORT


def add_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "serve", help="run a Falconieri-compatible gateway server (needs the 'server' extra)",
        description="Serve falconieri's API (PUT /providers/PROVIDER/MAC, GET /health/check) plus check, "
                    "deregister, batch jobs and client authentication, with the vendor credentials of "
                    "falconieri's conf.json and environment variables (environment first) or of stored "
                    f"accounts. Needs: {EXTRA_HINT}")
    where = p.add_argument_group("listening")
    where.add_argument("--host", default="127.0.0.1",
                       help="address to bind (default 127.0.0.1; 0.0.0.0 or :: for every interface)")
    where.add_argument("--port", type=int, default=_default_port(),
                       help=f"TCP port (default $PORT or {DEFAULT_PORT}, as falconieri)")
    where.add_argument("--tls-cert", type=Path, metavar="FILE", help="serve HTTPS with this certificate (PEM)")
    where.add_argument("--tls-key", type=Path, metavar="FILE", help="the certificate's private key (PEM)")
    where.add_argument("--forwarded-allow-ips", metavar="IPS",
                       help="proxies whose X-Forwarded-For is trusted for the logged address "
                            "(default: $FORWARDED_ALLOW_IPS or 127.0.0.1)")
    source = p.add_argument_group("vendor credentials")
    source.add_argument("-c", "--config", dest="serve_config", type=Path, metavar="FILE",
                        help=f"falconieri conf.json (default {DEFAULT_CONF} when it exists); "
                             "environment variables win over it")
    source.add_argument("--accounts", nargs="?", const="", default=None, metavar="FILE",
                        help="also use stored accounts (each provider's default account, below the file and "
                             "the environment); FILE: another accounts.json (secrets from the keyring)")
    source.add_argument("--ca-bundle", type=Path, metavar="FILE",
                        help="extra CA certificates (PEM) for vendor TLS, e.g. behind an inspecting proxy")
    source.add_argument("--vendor-timeout", type=float, default=90.0, metavar="S",
                        help="deadline of one vendor exchange in seconds (default 90)")
    auth = p.add_argument_group("client authentication")
    exclusive = auth.add_mutually_exclusive_group()
    exclusive.add_argument("--auth-file", type=Path, metavar="FILE",
                           help="clients allowed to call (HTTP Basic or bearer), one per line: NAME SCHEME HASH")
    exclusive.add_argument("--no-auth", action="store_true",
                           help="no client authentication; refused unless --host is a loopback address")
    auth.add_argument("--add-client", metavar="NAME",
                      help="add a client to --auth-file with a new random secret, print the secret once, exit")
    auth.add_argument("--scheme", choices=("basic", "bearer"), default="basic",
                      help="how the new client authenticates (default basic: NAME + password)")
    auth.add_argument("--password-stdin", action="store_true",
                      help="with --add-client --scheme basic: read the password from stdin instead of generating one")
    limits = p.add_argument_group("limits")
    limits.add_argument("--max-body", type=int, default=DEFAULT_MAX_BODY, metavar="BYTES",
                        help=f"largest request body (default {DEFAULT_MAX_BODY}); larger ones get 413")
    limits.add_argument("--concurrency", type=int, metavar="N",
                        help="parallel vendor calls per account (default: the account's or the provider's)")
    limits.add_argument("--queue-timeout", type=float, default=60.0, metavar="S",
                        help="seconds a request may wait for a free slot before 503 (default 60)")
    limits.add_argument("--max-connections", type=int, default=1024, metavar="N",
                        help="open connections and requests before answering 503 (default 1024)")
    limits.add_argument("--keep-alive", type=float, default=75.0, metavar="S",
                        help="seconds an idle client connection stays open (default 75: longer than the "
                             "usual 60 s of a load balancer)")
    limits.add_argument("--grace", type=float, default=20.0, metavar="S",
                        help="at shutdown, seconds calls in flight may take to finish (default 20)")
    limits.add_argument("--max-jobs", type=int, default=200, metavar="N", help="jobs kept per instance (default 200)")
    limits.add_argument("--max-job-devices", type=int, default=1000, metavar="N",
                        help="devices per job (default 1000)")
    limits.add_argument("--job-ttl", type=float, default=3600.0, metavar="S",
                        help="seconds a finished job's results are kept (default 3600)")
    p.add_argument("--no-access-log", action="store_true", help="do not write the JSON access log to stdout")
    p.add_argument("--check", action="store_true",
                   help="show which providers would be offered and check the settings, then exit")
    p.add_argument("--json", action="store_true", help="with --check or --add-client: print JSON")
    p.set_defaults(handler=_handle)


def _settings(args: argparse.Namespace) -> ServerSettings:
    limits = PoolLimits(concurrency=args.concurrency, queue_timeout=args.queue_timeout)
    return ServerSettings(
        host=args.host, port=args.port, auth_file=args.auth_file, no_auth=args.no_auth, max_body=args.max_body,
        grace=args.grace, limits=limits, max_jobs=args.max_jobs, max_job_devices=args.max_job_devices,
        job_ttl=args.job_ttl, access_log=not args.no_access_log, tls_cert=args.tls_cert, tls_key=args.tls_key,
        forwarded_allow_ips=args.forwarded_allow_ips, max_connections=args.max_connections,
        keep_alive=args.keep_alive)


def _handle(args: argparse.Namespace) -> int:
    if args.add_client:
        return _add_client(args)
    settings = _settings(args)
    settings.check()
    if not args.vendor_timeout > 0:
        raise ValueError("--vendor-timeout must be positive")
    conf = args.serve_config or (Path(args.config) if getattr(args, "config", None) else None)
    entries = provider_entries(env=os.environ, conf_path=conf, explicit_conf=conf is not None,
                               accounts=args.accounts is not None,
                               accounts_file=Path(args.accounts) if args.accounts else None)
    authenticator = settings.authenticator()  # ConfigError (exit 3) before anything listens
    if args.check:
        rows = [{"provider": name, "offered": entry.enabled,
                 "source": entry.resolved.settings.source if entry.resolved else None,
                 "problem": entry.problem, "reason": entry.reason or None} for name, entry in entries.items()]
        clients = authenticator.clients if authenticator is not None else None
        if args.json:
            print_json({"providers": rows, "auth_clients": clients, "missing_packages": missing_packages()})
        else:
            for row in rows:
                state = f"offered ({row['source']})" if row["offered"] else f"not offered: {row['reason']}"
                print(f"{row['provider']:<8} {state}")
            print(f"clients: {'authentication off' if clients is None else clients}")
            if missing_packages():
                print(f"note: serving needs {EXTRA_HINT}")
        return EXIT_OK
    missing = missing_packages()
    if missing:
        print(f"error: 'falconieri serve' needs {' and '.join(missing)}, which are not installed.\n"
              f"  what to do: {EXTRA_HINT}", file=sys.stderr)
        return EXIT_CONFIG
    from falconieri_desktop.server.run import serve

    # A server logs its lifecycle at info on stderr (the journal); the access log goes to stdout.
    setup_logging(max(args.verbose, 1), stream=sys.stderr)
    network = NetworkSettings(total_timeout=args.vendor_timeout, ca_bundle=args.ca_bundle)
    serve(settings, entries, network=network, authenticator=authenticator)
    return EXIT_OK


def _add_client(args: argparse.Namespace) -> int:
    path: Path | None = args.auth_file
    if path is None:
        print("error: --add-client needs --auth-file FILE (it is created if missing)", file=sys.stderr)
        return EXIT_INPUT
    existing = path.read_text(encoding="utf-8") if path.exists() else ""
    try:
        table = parse_auth_file(existing, path.name)
        taken = {name.casefold() for name in table.basic} | {c.name.casefold() for c in table.bearer.values()}
        if args.add_client.casefold() in taken:
            raise ValueError(f"{path} already has a client named {args.add_client!r}")
        password = None
        if args.password_stdin:
            password = sys.stdin.readline().rstrip("\r\n")
        line, secret = new_client_line(args.add_client, args.scheme, password)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_INPUT
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    with os.fdopen(fd, "a", encoding="utf-8") as file:
        if existing and not existing.endswith("\n"):
            file.write("\n")
        file.write(line + "\n")
    result: dict[str, Any] = {"client": args.add_client, "scheme": args.scheme, "auth_file": str(path)}
    if password is None:  # a generated secret is shown once; a typed password is not echoed
        if args.scheme == "basic":
            result.update(user=args.add_client, password=secret)
        else:
            result["token"] = secret
    if args.json:
        print_json(result)
    else:
        print(f"Client {args.add_client!r} added to {path} ({args.scheme}).")
        if password is None:
            if args.scheme == "basic":
                print(f"user:     {args.add_client}\npassword: {secret}")
            else:
                print(f"token: {secret}")
            print("This secret is shown only now; the file keeps only its hash.")
    return EXIT_OK

