"""The gateway's OpenAPI 3.1 document, written by hand so it says exactly what the server does.

Served at ``/openapi.json`` and checked by property-based tests (schemathesis) against the running
server. ``PUT /providers/ymcs/{mac}`` is spelled out as a path of its own because its 200 carries
``{"device_pin"}`` while every other provider's 200 has an empty body (falconieri's contract);
OpenAPI matches concrete paths before templated ones, so both are accurate.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from typing import Any

from falconieri_desktop.core.devices import Operation, Presence, Status
from falconieri_desktop.server.jobs import JobState

__all__ = ["PIN_PROVIDERS", "openapi_document"]

#: falconieri's README: for ``ymcs`` the PUT answers ``{"device_pin": ...}``.
PIN_PROVIDERS = ("ymcs",)

_REF = "#/components/schemas/"


def _json(schema_name: str, description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": {"$ref": _REF + schema_name}}}}


def _error(description: str) -> dict[str, Any]:
    return _json("Error", description)


def _nullable(kind: str, **extra: Any) -> dict[str, Any]:
    return {"type": [kind, "null"], **extra}


_SCHEMAS: dict[str, Any] = {
    "Error": {
        "type": "object",
        "required": ["error"],
        "properties": {
            "error": {"type": "string", "description": "A stable error code (falconieri's where it has one)."},
            "message": _nullable("string", description="The vendor's text when there is one, else ours."),
            "hint": _nullable("string", description="What to do about it."),
            "retry_after": {"type": "number", "minimum": 0, "description": "Seconds to wait before retrying."},
        },
    },
    "RegisterRequest": {
        "type": "object",
        "required": ["url"],
        "properties": {
            "url": {"type": "string", "minLength": 1,
                    "description": "Provisioning URL (http, https, ftp or tftp). It is percent-decoded before it "
                                   "is sent (falconieri's QueryUnescape; not for fanvil): write a literal % as %25.",
                    "examples": ["https://pbx.example.com/provisioning/{mac}.xml"]},
            "serial": {"type": ["string", "integer", "null"],
                       "description": "The phone's serial number, for YMCS accounts that register by serial."},
        },
    },
    "DevicePin": {
        "type": "object",
        "required": ["device_pin"],
        "properties": {"device_pin": _nullable("string", description="The PIN YMCS gave, or null.")},
    },
    "Outcome": {
        "type": "object",
        "required": ["operation", "mac"],
        "properties": {
            "provider": {"type": "string"},
            "operation": {"type": "string", "enum": [op.value for op in Operation]},
            "mac": {"type": "string", "description": "AA:BB:CC:DD:EE:FF"},
            "url": _nullable("string", description="check: the URL the vendor holds, where it says."),
            "presence": _nullable("string", enum=[*(p.value for p in Presence), None]),
            "owner": _nullable("string"),
            "pin": _nullable("string"),
            "verified": _nullable("boolean"),
            "warnings": {"type": "array", "items": {"type": "string"}},
            "vendor_reply": _nullable("string"),
            "details": {"type": "object"},
        },
    },
    "ProviderList": {
        "type": "object",
        "required": ["providers"],
        "properties": {"providers": {"type": "array", "items": {
            "type": "object",
            "required": ["name"],
            "properties": {
                "name": {"type": "string"}, "label": {"type": "string"},
                "can_check": {"type": "boolean"}, "can_deregister": {"type": "boolean"},
                "needs_crc": {"type": "boolean"}, "max_batch": {"type": "integer"},
                "concurrency": {"type": "integer"},
            },
        }}},
    },
    "BatchRequest": {
        "type": "object",
        "required": ["devices"],
        "properties": {
            "operation": {"type": "string", "enum": [op.value for op in Operation], "default": "register"},
            "url": {"type": ["string", "null"],
                    "description": "The provisioning URL of every device without its own (register)."},
            "devices": {"type": "array", "minItems": 1, "items": {"oneOf": [
                {"type": "string", "description": "A MAC"},
                {"type": "object", "required": ["mac"], "properties": {
                    "mac": {"type": "string"},
                    "crc": {"type": ["string", "null"], "description": "Gigaset MAC-ID code"},
                    "serial": {"type": ["string", "integer", "null"]},
                    "url": {"type": ["string", "null"]},
                }},
            ]}},
        },
    },
    "JobDevice": {
        "type": "object",
        "required": ["index", "mac", "status", "attempts"],
        "properties": {
            "index": {"type": "integer", "minimum": 0},
            "mac": {"type": "string"},
            "status": {"type": "string", "enum": [s.value for s in Status]},
            "attempts": {"type": "integer", "minimum": 0},
            "error": _nullable("string"),
            "message": _nullable("string"),
            "hint": _nullable("string"),
            "url": _nullable("string"),
            "device_pin": _nullable("string"),
            "presence": _nullable("string"),
            "owner": _nullable("string"),
        },
    },
    "Job": {
        "type": "object",
        "required": ["id", "provider", "operation", "state", "created_at", "total", "counts", "devices"],
        "properties": {
            "id": {"type": "string", "description": "<instance>-<random>: the instance that runs it."},
            "provider": {"type": "string"},
            "operation": {"type": "string", "enum": [op.value for op in Operation]},
            "state": {"type": "string", "enum": [s.value for s in JobState]},
            "created_at": {"type": "string"},
            "finished_at": _nullable("string"),
            "total": {"type": "integer", "minimum": 1},
            "counts": {"type": "object", "additionalProperties": {"type": "integer"}},
            "devices": {"type": "array", "items": {"$ref": _REF + "JobDevice"}},
        },
    },
}


def openapi_document(*, version: str, providers: Sequence[str], auth: bool, max_body: int,
                     max_job_devices: int) -> dict[str, Any]:
    """The document for a server offering ``providers``, with or without client authentication."""
    offered = ", ".join(providers) or "none"
    provider_param = {"name": "provider", "in": "path", "required": True,
                      "description": f"The provider. Offered here: {offered}. Others answer 404 "
                                     "provider_not_supported (unknown or disabled).",
                      "schema": {"type": "string", "minLength": 1}, "examples": {
                          name: {"value": name} for name in providers}}
    mac_param = {"name": "mac", "in": "path", "required": True,
                 "description": "The phone's MAC: falconieri's AC-DE-48-23-45-67, or any common form "
                                "(ac:de:48:23:45:67, ACDE48234567, ACDE.4823.4567).",
                 "schema": {"type": "string"}, "example": "AC-DE-48-23-45-67"}
    crc_param = {"name": "crc", "in": "query", "required": False,
                 "description": "Gigaset MAC-ID code (4 of A-Z 0-9), required by gigaset unless disable_crc; "
                                "other providers ignore it.",
                 "schema": {"type": "string"}}
    denied = {"401": _error("Missing or unknown client credentials (unauthorized_client).")} if auth else {}
    busy = {"503": _error("gateway_busy: too many waiting callers, or shutting down (see Retry-After).")}
    not_supported = _error("provider_not_supported: the provider is unknown or disabled here.")
    bad_input = _error("Bad input, falconieri's codes: missing_mac_address, malformed_mac_address, missing_url, "
                       "unable_to_parse_url, unsupported_url_scheme, missing_mac-id_crc, "
                       "invalid_mac-id_crc_format (and invalid_request_body, serial_number_required).")
    vendor_failed = _error("The vendor call failed, falconieri's codes: connection_to_remote_provider_failed, "
                           "provider_remote_call_failed, read_remote_response_failed, "
                           "unknown_response_from_provider, malformed_url, not_valid_mac_address, "
                           "device_owned_by_other_user, unknown_provider_error (message: the vendor's text); "
                           "and ours, e.g. authentication_failed, rate_limited, provider_timeout.")
    too_large = {"413": _error(f"request_too_large: the body is over {max_body} bytes.")}
    body = {"required": True, "content": {"application/json": {"schema": {"$ref": _REF + "RegisterRequest"}}}}

    def put(pin: bool) -> dict[str, Any]:
        ok: dict[str, Any] = (_json("DevicePin", "Registered; the PIN YMCS gave (or null).") if pin else
                              {"description": "Registered (created, or the old redirection overridden). "
                                              "Empty body."})
        return {
            "operationId": "registerYmcsDevice" if pin else "registerDevice",
            "summary": "Register a phone (falconieri's API)",
            "parameters": [mac_param, crc_param] if pin else [provider_param, mac_param, crc_param],
            "requestBody": body,
            "responses": {"200": ok, "400": bad_input, **denied, "404": not_supported, **too_large,
                          "500": vendor_failed, **busy},
        }

    def check(op_id: str) -> dict[str, Any]:
        return {
            "operationId": op_id,
            "summary": "Whether the phone is registered to this gateway's account, and where it points",
            "parameters": [provider_param, mac_param, crc_param] if op_id == "checkDevice" else [mac_param, crc_param],
            "responses": {"200": _json("Outcome", "presence: registered, not_registered, other_account or unknown."),
                          "400": bad_input, **denied, "404": not_supported, "500": vendor_failed,
                          "501": _error("operation_not_supported: the provider cannot check."), **busy},
        }

    def delete(op_id: str) -> dict[str, Any]:
        return {
            "operationId": op_id,
            "summary": "Remove the phone's redirection",
            "parameters": [provider_param, mac_param, crc_param] if op_id == "deregisterDevice"
            else [mac_param, crc_param],
            "responses": {"200": _json("Outcome", "Deregistered."), "400": bad_input, **denied,
                          "404": _error("provider_not_supported, or not_registered (nothing to remove)."),
                          "500": vendor_failed,
                          "501": _error("operation_not_supported: the provider cannot deregister."), **busy},
        }

    job_param = {"name": "job_id", "in": "path", "required": True, "schema": {"type": "string"}}
    job_missing = _error("job_not_found: unknown here (another instance's, or expired), or another client's.")
    paths: dict[str, Any] = {
        "/health/check": {"get": {
            "operationId": "healthCheck", "summary": "Liveness (falconieri's)", "security": [],
            "responses": {"200": {"description": "Up. Empty body."}, **busy}}},
        "/openapi.json": {"get": {
            "operationId": "openapi", "summary": "This document", "security": [],
            "responses": {"200": {"description": "OpenAPI 3.1", "content": {"application/json": {
                "schema": {"type": "object"}}}}}}},
        "/providers": {"get": {
            "operationId": "listProviders", "summary": "The providers this gateway offers",
            "responses": {"200": _json("ProviderList", "Offered providers and what they can do."), **denied}}},
        "/providers/{provider}/{mac}": {"put": put(False), "get": check("checkDevice"),
                                        "delete": delete("deregisterDevice")},
        "/providers/{provider}": {"post": {
            "operationId": "submitJob", "summary": "Register, check or deregister a list of devices",
            "parameters": [provider_param, {
                "name": "wait", "in": "query", "required": False,
                "description": "Seconds (0-60) to wait for the job to finish before answering 202.",
                "schema": {"type": "number", "minimum": 0, "maximum": 60}}],
            "requestBody": {"required": True, "content": {"application/json": {
                "schema": {"$ref": _REF + "BatchRequest"}}}},
            "responses": {"200": _json("Job", "Finished within ?wait=; per-device results."),
                          "202": {**_json("Job", "Accepted: poll GET /jobs/{job_id} on this instance."),
                                  "headers": {"Location": {"schema": {"type": "string"}}}},
                          "400": _error("invalid_request_body (a device's own problem fails only that device)."),
                          **denied, "404": not_supported,
                          "413": _error(f"request_too_large: over {max_body} bytes or {max_job_devices} devices."),
                          **busy}}},
        "/jobs/{job_id}": {
            "get": {"operationId": "getJob", "summary": "A job's state and per-device results",
                    "parameters": [job_param],
                    "responses": {"200": _json("Job", "The job."), **denied, "404": job_missing}},
            "delete": {"operationId": "cancelJob", "summary": "Cancel the devices not done yet",
                       "parameters": [job_param],
                       "responses": {"200": _json("Job", "The job, cancelled (or already finished)."),
                                     **denied, "404": job_missing}},
        },
    }
    for name in PIN_PROVIDERS:
        if name in providers:
            pin_put = put(True)
            paths[f"/providers/{name}/{{mac}}"] = {
                "put": pin_put, "get": check(f"check{name.title()}Device"),
                "delete": delete(f"deregister{name.title()}Device")}
    document: dict[str, Any] = {
        "openapi": "3.1.0",
        "info": {
            "title": "Falconieri gateway",
            "version": version,
            "description": "A Falconieri-compatible redirect gateway (Falconieri Desktop's gateway mode): "
                           "falconieri's PUT /providers/{provider}/{mac} and GET /health/check, plus check, "
                           "deregister, batch jobs and client authentication.",
            "license": {"name": "AGPL-3.0-or-later", "identifier": "AGPL-3.0-or-later"},
        },
        "paths": paths,
        "components": {"schemas": copy.deepcopy(_SCHEMAS)},
    }
    if auth:
        document["components"]["securitySchemes"] = {
            "basicAuth": {"type": "http", "scheme": "basic", "description": "A client of the --auth-file."},
            "bearerAuth": {"type": "http", "scheme": "bearer", "description": "A client's token."},
        }
        document["security"] = [{"basicAuth": []}, {"bearerAuth": []}]
    return document
