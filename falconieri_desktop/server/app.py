"""The gateway's HTTP surface: a Starlette app over ``GatewayService`` and ``JobManager``.

Needs the optional extra ``server`` (``pip install 'falconieri-desktop[server]'``); nothing else in
the package imports this module at import time, so the desktop install works without it.

Routes (``openapi.py`` documents them)::

    GET    /health/check                 falconieri's liveness: 200, empty body (503 when closing)
    GET    /openapi.json                 the API document
    GET    /providers                    the providers offered here
    PUT    /providers/{provider}/{mac}   falconieri's register: 200 empty, or {"device_pin"} for ymcs
    GET    /providers/{provider}/{mac}   check (falconieri's TODO)
    DELETE /providers/{provider}/{mac}   deregister (falconieri's TODO: "Deletion APIs?")
    POST   /providers/{provider}         a list of devices -> a job (its other TODO)
    GET    /jobs/{id}, DELETE /jobs/{id} per-device results; cancel

Any other path is a JSON 404 ``no_such_endpoint`` (gin answers an empty 404), a wrong method a
405 with ``Allow``: clients of falconieri look only at the status of those.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from falconieri_desktop import __version__
from falconieri_desktop.core.devices import DeviceId, Outcome
from falconieri_desktop.core.errors import FalconieriError, InputError, TransportError, error_from_code
from falconieri_desktop.core.mac import MacStyle
from falconieri_desktop.server import compat
from falconieri_desktop.server.asgi import AccessLog, Auth, BodyLimit
from falconieri_desktop.server.auth import Authenticator
from falconieri_desktop.server.config import ServerSettings
from falconieri_desktop.server.errors import error_body, error_headers, error_status
from falconieri_desktop.server.jobs import JobManager
from falconieri_desktop.server.openapi import PIN_PROVIDERS, openapi_document
from falconieri_desktop.server.service import GatewayService

__all__ = ["Gateway", "create_app"]

log = logging.getLogger(__name__)

_MAX_WAIT = 60.0


@dataclass(slots=True)
class Gateway:
    """What the app serves: the provider pools, the jobs, and the settings."""

    service: GatewayService
    jobs: JobManager
    settings: ServerSettings
    authenticator: Authenticator | None

    @classmethod
    def build(cls, service: GatewayService, settings: ServerSettings,
              authenticator: Authenticator | None) -> Gateway:
        jobs = JobManager(service, max_jobs=settings.max_jobs, max_devices=settings.max_job_devices,
                          ttl=settings.job_ttl)
        return cls(service, jobs, settings, authenticator)

    async def startup(self) -> None:
        await self.service.start()

    def begin_shutdown(self) -> None:
        """Called from the stop signal: health says 503, no new call or job device starts.
        Only sets flags, so it is safe in a signal handler."""
        self.service.closing = True
        self.jobs.stop_starting()

    async def shutdown(self) -> None:
        """Jobs start no more devices; calls in flight get ``grace`` s; then clients close."""
        grace = self.settings.grace
        self.begin_shutdown()
        await self.jobs.aclose(grace)
        await self.service.aclose(grace)

    @contextlib.asynccontextmanager
    async def running(self) -> AsyncIterator[Gateway]:
        await self.startup()
        try:
            yield self
        finally:
            await self.shutdown()


Endpoint = Callable[[Request, Gateway], Awaitable[Response]]


def _error_response(exc: FalconieriError) -> JSONResponse:
    return JSONResponse(error_body(exc), error_status(exc), headers=error_headers(exc))


def _endpoint(handler: Endpoint, gateway: Gateway) -> Callable[[Request], Awaitable[Response]]:
    """Errors become falconieri-shaped JSON; a bug becomes ``internal_error`` with the request id."""

    async def endpoint(request: Request) -> Response:
        try:
            return await handler(request, gateway)
        except FalconieriError as exc:
            request.state.error = exc.code
            return _error_response(exc)
        except Exception:
            request_id = getattr(request.state, "request_id", "?")
            log.exception("request %s failed", request_id)
            request.state.error = "internal_error"
            return _error_response(error_from_code("internal_error", f"The gateway failed (request {request_id})."))

    return endpoint


def _client(request: Request) -> str | None:
    return getattr(request.state, "client", None)


def _note(request: Request, provider: str, mac: str | None = None) -> None:
    request.state.provider = provider[:40]
    if mac is not None:
        request.state.mac = mac


def _outcome_json(provider: str, outcome: Outcome) -> dict[str, Any]:
    return {"provider": provider, **outcome.to_dict()}


def _device(request: Request, gateway: Gateway) -> tuple[str, DeviceId]:
    """Provider (404 first, as falconieri) and the device of a ``/providers/{provider}/{mac}`` path."""
    provider = request.path_params["provider"]
    _note(request, provider)
    needs_crc = gateway.service.needs_crc(provider)
    mac, inline = compat.device_mac(request.path_params["mac"], with_code=needs_crc)
    _note(request, provider, mac.format(MacStyle.DASHED_UPPER))
    crc = compat.gigaset_code(request.query_params.get("crc"), inline) if needs_crc else None
    return provider, DeviceId(mac, crc)


# -- handlers -------------------------------------------------------------------------------------


async def health(request: Request, gateway: Gateway) -> Response:
    if gateway.service.closing:
        raise TransportError("gateway_busy", "The gateway is shutting down.")
    return Response(status_code=200)


async def openapi(request: Request, gateway: Gateway) -> Response:
    settings = gateway.settings
    return JSONResponse(openapi_document(version=__version__, providers=gateway.service.enabled,
                                         auth=gateway.authenticator is not None, max_body=settings.max_body,
                                         max_job_devices=settings.max_job_devices))


async def list_providers(request: Request, gateway: Gateway) -> Response:
    offered = []
    for name in gateway.service.enabled:
        pool = gateway.service.pool(name)
        caps = pool.provider.capabilities
        offered.append({"name": name, "label": type(pool.provider).info.label, "can_check": caps.can_check,
                        "can_deregister": caps.can_deregister, "needs_crc": caps.needs_crc,
                        "max_batch": caps.max_batch, "concurrency": pool.size})
    return JSONResponse({"providers": offered})


async def register(request: Request, gateway: Gateway) -> Response:
    """falconieri's PUT: provider (404), MAC, body and URL, then the Gigaset code (400), then the call."""
    provider = request.path_params["provider"]
    _note(request, provider)
    needs_crc = gateway.service.needs_crc(provider)
    mac, inline = compat.device_mac(request.path_params["mac"], with_code=needs_crc)
    _note(request, provider, mac.format(MacStyle.DASHED_UPPER))
    url_text, serial = compat.put_body(await request.body())
    url = compat.provisioning_url(url_text, provider)
    crc = compat.gigaset_code(request.query_params.get("crc"), inline) if needs_crc else None
    outcome = await gateway.service.register(provider, DeviceId(mac, crc, serial), url)
    if provider in PIN_PROVIDERS:
        return JSONResponse({"device_pin": outcome.pin})
    return Response(status_code=200)


async def check(request: Request, gateway: Gateway) -> Response:
    provider, device = _device(request, gateway)
    return JSONResponse(_outcome_json(provider, await gateway.service.check(provider, device)))


async def deregister(request: Request, gateway: Gateway) -> Response:
    provider, device = _device(request, gateway)
    return JSONResponse(_outcome_json(provider, await gateway.service.deregister(provider, device)))


async def submit_job(request: Request, gateway: Gateway) -> Response:
    provider = request.path_params["provider"]
    _note(request, provider)
    gateway.service.pool(provider)  # 404 before the body is judged, as for PUT
    wait = _wait_seconds(request.query_params.get("wait"))
    job = gateway.jobs.submit(_client(request), provider, await request.body())
    request.state.job, request.state.devices = job.id, len(job.items)
    done = await gateway.jobs.wait(job, wait)
    return JSONResponse(job.to_dict(), 200 if done else 202, headers={"Location": f"/jobs/{job.id}"})


def _wait_seconds(text: str | None) -> float:
    if text is None or not text.strip():
        return 0.0
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0.0 <= value <= _MAX_WAIT:  # also NaN
        raise InputError("invalid_request_body", f"?wait= is a number of seconds from 0 to {_MAX_WAIT:g}.")
    return value


async def get_job(request: Request, gateway: Gateway) -> Response:
    job = gateway.jobs.get(request.path_params["job_id"], _client(request))
    request.state.job = job.id
    return JSONResponse(job.to_dict())


async def cancel_job(request: Request, gateway: Gateway) -> Response:
    job = await gateway.jobs.cancel(request.path_params["job_id"], _client(request))
    request.state.job = job.id
    return JSONResponse(job.to_dict())


async def _no_such_endpoint(request: Request, exc: Exception) -> Response:
    status = exc.status_code if isinstance(exc, HTTPException) else 404
    headers = dict(exc.headers or {}) if isinstance(exc, HTTPException) else {}
    if status == 405:
        message = f"{request.method} is not allowed on {request.url.path}; allowed: {headers.get('Allow', '-')}."
    else:
        message = "There is no such endpoint; see /openapi.json."
    body = error_body(error_from_code("no_such_endpoint", message))
    request.state.error = body["error"]
    return JSONResponse(body, status, headers=headers)


# -- the app --------------------------------------------------------------------------------------


def create_app(gateway: Gateway) -> Starlette:
    """The ASGI app. Its lifespan starts and stops ``gateway``; tests may do that themselves."""

    def route(path: str, **handlers: Endpoint) -> Route:
        """One route per path, dispatching by method, so a 405 names every allowed method."""
        by_method = {method.upper(): _endpoint(handler, gateway) for method, handler in handlers.items()}
        if "GET" in by_method:
            by_method["HEAD"] = by_method["GET"]

        async def dispatch(request: Request) -> Response:
            return await by_method[request.method](request)

        return Route(path, dispatch, methods=list(by_method))

    routes = [
        route("/health/check", get=health),
        route("/openapi.json", get=openapi),
        route("/providers", get=list_providers),
        # {mac:path}: a MAC with a slash in it is a malformed MAC (400), not an unknown route.
        route("/providers/{provider}/{mac:path}", put=register, get=check, delete=deregister),
        route("/providers/{provider:path}", post=submit_job),
        route("/jobs/{job_id}", get=get_job, delete=cancel_job),
    ]

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        async with gateway.running():
            yield

    settings = gateway.settings
    middleware = [Middleware(AccessLog), Middleware(BodyLimit, max_body=settings.max_body),
                  Middleware(Auth, authenticator=gateway.authenticator)]
    app = Starlette(routes=routes, middleware=middleware, lifespan=lifespan,
                    exception_handlers={404: _no_such_endpoint, 405: _no_such_endpoint})
    app.state.gateway = gateway
    return app
