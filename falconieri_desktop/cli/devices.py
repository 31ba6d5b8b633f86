"""Single-device commands: register, deregister, check; and the list of providers."""

from __future__ import annotations

import argparse
import asyncio
from typing import Any

from falconieri_desktop.cli.common import (
    EXIT_FAILED,
    EXIT_OK,
    bool_flag,
    call_config,
    error_payload,
    network_settings,
    print_json,
)
from falconieri_desktop.core.config import Resolved, resolve
from falconieri_desktop.core.devices import DeviceId, Operation, Outcome
from falconieri_desktop.core.errors import ConfigError, FalconieriError, InputError
from falconieri_desktop.core.mac import parse_mac_id
from falconieri_desktop.core.urls import parse_provisioning_url
from falconieri_desktop.providers import PROVIDERS, provider_class
from falconieri_desktop.providers.transport import make_client

__all__ = ["add_parsers"]


def add_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    for operation, help_text in (
        (Operation.REGISTER, "register a phone's MAC with a provisioning URL (create or override)"),
        (Operation.DEREGISTER, "remove a phone's redirection"),
        (Operation.CHECK, "show whether a phone is registered to this account, and where it points"),
    ):
        p = sub.add_parser(operation.value, help=help_text, description=help_text)
        p.add_argument("provider", help="provider name (see 'falconieri providers')")
        p.add_argument("mac", help="MAC in any common form, or a Gigaset MAC-ID (MAC-CODE)")
        if operation is Operation.REGISTER:
            p.add_argument("--url", required=True, help="provisioning URL the phone should fetch")
            p.add_argument("--verify", action="store_true",
                           help="read the registration back after writing it (where the provider can)")
        p.add_argument("--crc", help="Gigaset MAC-ID code (4 letters/digits after the dash)")
        p.add_argument("--serial", help="serial number (YMCS accounts without MAC-only registration)")
        _add_connection_options(p)
        p.add_argument("--json", action="store_true", help="print one JSON object")
        p.set_defaults(handler=_handle_device_command, operation=operation)

    p = sub.add_parser("providers", help="list providers, their capabilities and whether they are configured")
    p.add_argument("--json", action="store_true", help="print JSON")
    _add_lookup_options(p)
    p.set_defaults(handler=_handle_providers)


def _add_lookup_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--account", metavar="NAME", help="use this stored account")
    p.add_argument("--gateway", metavar="URL",
                   help="reach providers without direct credentials through this Falconieri gateway")


def _add_connection_options(p: argparse.ArgumentParser) -> None:
    _add_lookup_options(p)
    p.add_argument("--endpoint", metavar="URL", help="override the provider's endpoint URL")
    p.add_argument("--user", metavar="USER", help="user name or client id (the secret never goes on the "
                                                  "command line: use the environment, -c or an account)")
    p.add_argument("--server-name", dest="server_name", help="Yealink legacy server name")
    p.add_argument("--provider-name", dest="provider_name", help="Gigaset provider name")
    p.add_argument("--disable-crc", dest="disable_crc", action="store_true",
                   help="Gigaset: send the bare MAC without the MAC-ID code")


def _resolve(args: argparse.Namespace) -> Resolved:
    provider_class(args.provider)  # provider_not_supported before anything else
    config = call_config(args, endpoint=args.endpoint, user=args.user, server_name=args.server_name,
                         provider_name=args.provider_name, disable_crc=bool_flag(args.disable_crc))
    return resolve(args.provider, config)


def _device(args: argparse.Namespace) -> DeviceId:
    mac, crc = parse_mac_id(args.mac, args.crc)
    serial = (args.serial or "").strip() or None
    return DeviceId(mac, crc, serial)


async def _call(resolved: Resolved, operation: Operation, device: DeviceId, args: argparse.Namespace) -> Outcome:
    network = network_settings()
    async with make_client(network) as client:
        provider = PROVIDERS[resolved.implementation](resolved.settings, client,
                                                      total_timeout=network.total_timeout,
                                                      max_body=network.max_body)
        if operation is Operation.REGISTER:
            url = parse_provisioning_url(args.url)
            return await provider.register(device, url, verify=args.verify)
        if operation is Operation.DEREGISTER:
            return await provider.deregister(device)
        return await provider.check(device)


def _handle_device_command(args: argparse.Namespace) -> int:
    operation: Operation = args.operation
    url_text = getattr(args, "url", None)
    payload: dict[str, Any] = {"provider": args.provider, "mac": None, "operation": operation.value,
                               "ok": False, "error": None, "message": None, "url": url_text,
                               "warnings": [], "details": {}}
    try:
        device = _device(args)
        payload["mac"] = str(device.mac)
        if operation is Operation.REGISTER:
            parse_provisioning_url(url_text)  # bad input: exit 2 before any lookup or call
        resolved = _resolve(args)
        if resolved.implementation != args.provider:
            payload["details"]["via"] = resolved.implementation
        outcome = asyncio.run(_call(resolved, operation, device, args))
    except FalconieriError as exc:
        if not args.json:
            raise
        payload.update(error_payload(exc))
        print_json(payload)
        return exc.exit_code
    payload.update(ok=True, message=_summary(outcome), url=outcome.url if outcome.url is not None else url_text,
                   warnings=list(outcome.warnings))
    payload["details"].update({k: v for k, v in outcome.to_dict().items()
                               if k in ("presence", "owner", "pin", "verified", "vendor_reply") and v is not None})
    payload["details"].update(outcome.details)
    if args.json:
        print_json(payload)
    else:
        print(f"{args.provider}: {_summary(outcome)}")
        for warning in outcome.warnings:
            print(f"  warning: {warning}")
    return EXIT_OK if outcome_ok(outcome) else EXIT_FAILED


def outcome_ok(outcome: Outcome) -> bool:
    # A register whose read-back disagrees did not do what was asked.
    return outcome.verified is not False


def _summary(outcome: Outcome) -> str:
    mac = str(outcome.device.mac)
    if outcome.operation is Operation.REGISTER:
        text = f"{mac} registered -> {outcome.url}"
        if outcome.verified is True:
            text += " (verified)"
        elif outcome.verified is False:
            text += " (read-back differs: the vendor holds another URL)"
        if outcome.pin:
            text += f"; device PIN {outcome.pin}"
        return text
    if outcome.operation is Operation.DEREGISTER:
        return f"{mac} deregistered"
    presence = outcome.presence.value.replace("_", " ") if outcome.presence else "unknown"
    text = f"{mac} {presence}"
    if outcome.url:
        text += f" -> {outcome.url}"
    if outcome.owner:
        text += f" (owner: {outcome.owner})"
    return text


def _handle_providers(args: argparse.Namespace) -> int:
    rows: list[dict[str, Any]] = []
    for name, cls in PROVIDERS.items():
        info = cls.info
        caps = info.capabilities
        try:
            resolved = resolve(name, call_config(args))
            configured, source = True, (resolved.settings.source if resolved.implementation == name
                                        else f"via {resolved.settings.source}")
            problem = None
        except (ConfigError, InputError) as exc:
            configured, source, problem = False, "", exc.code
        rows.append({
            "name": name, "label": info.label, "vendor": info.vendor, "protocol": info.protocol,
            "configured": configured, "source": source, "problem": problem,
            "capabilities": {"register": True, "check": caps.can_check, "deregister": caps.can_deregister,
                             "needs_crc": caps.needs_crc, "needs_serial": caps.needs_serial,
                             "max_batch": caps.max_batch, "default_concurrency": caps.default_concurrency},
        })
    if args.json:
        print_json(rows)
        return EXIT_OK
    for row in rows:
        flags = row["capabilities"]
        can = ", ".join(op for op in ("register", "check", "deregister") if flags[op])
        state = f"configured ({row['source']})" if row["configured"] else f"not configured ({row['problem']})"
        print(f"{row['name']:<8} {row['label']:<28} {can:<28} {state}")
    return EXIT_OK
