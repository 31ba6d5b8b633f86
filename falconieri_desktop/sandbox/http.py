"""A small HTTP/1.1 server for the simulators: real sockets on loopback, faults on demand.

Why not a framework: the simulators must misbehave on purpose -- reset a connection, stall past
the client's timeout, cut a body short, answer garbage -- and must add nothing to the desktop
install. h11 (already there, under httpx) parses HTTP; asyncio serves it; one thread hosts every
simulator's loop so tests and the GUI's sandbox mode start them in milliseconds.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import random
import socket
import struct
import threading
from collections import deque
from collections.abc import Awaitable, Callable, Iterable
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlsplit

import h11

__all__ = [
    "FAULT_KINDS",
    "Faults",
    "Request",
    "Response",
    "ServerThread",
    "SimServer",
]

log = logging.getLogger(__name__)

MAX_REQUEST_BODY = 10 * 1024 * 1024

#: Fault kinds the knobs can inject, each in a request's place:
#:  503 / 500       an HTTP error page (503 carries Retry-After)
#:  429             rate limited, with Retry-After
#:  reset           the connection is reset before any answer
#:  reset_after     the request is processed, then the connection is reset (the client cannot
#:                  know it succeeded -- idempotency matters)
#:  timeout         no answer until the client gives up
#:  malformed       HTTP 200 with a body that is not a valid answer
#:  truncated       HTTP 200 whose body stops before its Content-Length
FAULT_KINDS = ("503", "500", "429", "reset", "reset_after", "timeout", "malformed", "truncated")


@dataclass(slots=True)
class Request:
    """An HTTP request as a simulator sees it."""

    method: str
    target: str  # path + query, as sent
    headers: dict[str, str]  # lower-case names; repeated headers joined with ", "
    body: bytes
    host: str = ""
    port: int = 0
    scheme: str = "http"

    @property
    def path(self) -> str:
        return urlsplit(self.target).path

    @property
    def query(self) -> dict[str, str]:
        return {k: v[-1] for k, v in parse_qs(urlsplit(self.target).query, keep_blank_values=True).items()}

    def json(self) -> Any:
        return json.loads(self.body.decode("utf-8"))

    def header(self, name: str, default: str = "") -> str:
        return self.headers.get(name.lower(), default)


@dataclass(slots=True)
class Response:
    """What a simulator answers. ``fault`` makes the server misbehave instead (see FAULT_KINDS)."""

    status: int = 200
    body: bytes = b""
    headers: list[tuple[str, str]] = field(default_factory=list)
    fault: str | None = None

    @classmethod
    def json(cls, data: Any, status: int = 200, headers: Iterable[tuple[str, str]] = ()) -> Response:
        return cls(status, json.dumps(data, separators=(",", ":")).encode(),
                   [("Content-Type", "application/json"), *headers])

    @classmethod
    def xml(cls, text: str, status: int = 200) -> Response:
        return cls(status, text.encode("utf-8"), [("Content-Type", "text/xml; charset=UTF-8")])

    @classmethod
    def text(cls, text: str, status: int = 200, content_type: str = "text/plain; charset=utf-8") -> Response:
        return cls(status, text.encode("utf-8"), [("Content-Type", content_type)])


Handler = Callable[[Request], Awaitable[Response]]


@dataclass(slots=True)
class Faults:
    """Knobs shared by a simulator: latency and a random failure rate over chosen kinds."""

    latency: float = 0.0  # seconds added before every answer
    fail_rate: float = 0.0  # probability that a request gets a fault instead of its answer
    kinds: tuple[str, ...] = ("503", "500", "429", "reset", "reset_after", "timeout", "malformed")
    retry_after: float = 1.0  # seconds announced with 429/503
    hang: float = 120.0  # how long "timeout" stalls (clients give up first)
    seed: int | None = None
    _random: random.Random = field(default_factory=random.Random, repr=False)

    def __post_init__(self) -> None:
        unknown = set(self.kinds) - set(FAULT_KINDS)
        if unknown:
            raise ValueError(f"unknown fault kinds: {sorted(unknown)}")
        if self.seed is not None:
            self._random.seed(self.seed)

    def pick(self) -> str | None:
        if self.fail_rate <= 0 or not self.kinds:
            return None
        if self._random.random() < self.fail_rate:
            return self._random.choice(self.kinds)
        return None


class SimServer:
    """Serves one handler on one loopback port; lives on a ``ServerThread``'s loop."""

    def __init__(self, name: str, handler: Handler, faults: Faults | None = None,
                 malformed_body: bytes = b"<html><body>Service temporarily unavailable</body></html>") -> None:
        self.name = name
        self.handler = handler
        self.faults = faults or Faults()
        self.malformed_body = malformed_body
        self.port = 0
        self.requests_served = 0
        self._server: asyncio.base_events.Server | None = None
        self._scripted: deque[Response] = deque()
        self._connections: set[asyncio.Task[None]] = set()

    # -- scripted answers, for tests of hostile replies -----------------------------------

    def script(self, *responses: Response) -> None:
        """Answer the next requests with these responses (in order) instead of the handler's."""
        self._scripted.extend(responses)

    def clear_script(self) -> None:
        self._scripted.clear()

    # -- lifecycle (called on the server loop) --------------------------------------------

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> int:
        self._server = await asyncio.start_server(self._serve_connection, host, port)
        self.port = self._server.sockets[0].getsockname()[1]
        return self.port

    async def stop(self) -> None:
        if self._server is not None:
            self._server.close()
            for task in list(self._connections):
                task.cancel()
            await asyncio.gather(*self._connections, return_exceptions=True)
            await self._server.wait_closed()
            self._server = None

    # -- HTTP -------------------------------------------------------------------------------

    async def _serve_connection(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._connections.add(task)
        conn = h11.Connection(h11.SERVER, max_incomplete_event_size=64 * 1024)
        try:
            while True:
                request = await self._read_request(conn, reader, writer)
                if request is None:
                    return
                keep_going = await self._answer(conn, request, writer)
                if not keep_going or conn.our_state is h11.MUST_CLOSE:
                    return
                try:
                    conn.start_next_cycle()
                except h11.LocalProtocolError:
                    return
        except (ConnectionError, asyncio.IncompleteReadError, h11.ProtocolError):
            return
        except asyncio.CancelledError:
            return
        finally:
            self._connections.discard(task)
            if not writer.is_closing():
                writer.close()

    async def _read_request(self, conn: h11.Connection, reader: asyncio.StreamReader,
                            writer: asyncio.StreamWriter) -> Request | None:
        head: h11.Request | None = None
        body = bytearray()
        while True:
            event = conn.next_event()
            if event is h11.NEED_DATA:
                data = await reader.read(65536)
                conn.receive_data(data)
                if not data and conn.their_state is h11.IDLE:
                    return None
                continue
            if isinstance(event, h11.Request):
                head = event
            elif isinstance(event, h11.Data):
                body += event.data
                if len(body) > MAX_REQUEST_BODY:
                    await self._send(conn, writer, Response.text("request too large", 413))
                    return None
            elif isinstance(event, h11.EndOfMessage):
                assert head is not None
                headers: dict[str, str] = {}
                for name, value in head.headers:
                    key = name.decode("latin-1").lower()
                    text = value.decode("latin-1")
                    headers[key] = f"{headers[key]}, {text}" if key in headers else text
                sock = writer.get_extra_info("sockname") or ("127.0.0.1", self.port)
                return Request(head.method.decode(), head.target.decode("latin-1"), headers,
                               bytes(body), host=str(sock[0]), port=int(sock[1]))
            elif isinstance(event, h11.ConnectionClosed) or event is h11.PAUSED:
                return None

    async def _answer(self, conn: h11.Connection, request: Request, writer: asyncio.StreamWriter) -> bool:
        self.requests_served += 1
        if self.faults.latency > 0:
            await asyncio.sleep(self.faults.latency)
        if self._scripted:
            response = self._scripted.popleft()
        else:
            fault = self.faults.pick()
            if fault in ("503", "500", "429"):
                response = self._fault_response(fault)
            elif fault == "reset_after":
                await self.handler(request)
                response = Response(fault="reset")
            elif fault is not None:
                response = Response(fault=fault)
            else:
                try:
                    response = await self.handler(request)
                except Exception:  # a simulator bug must show up as a 500, not a hung test
                    log.exception("simulator %s failed on %s %s", self.name, request.method, request.path)
                    response = Response.text("internal simulator error", 500)
        if response.fault == "reset":
            _reset(writer)
            return False
        if response.fault == "timeout":
            await asyncio.sleep(self.faults.hang)
            _reset(writer)
            return False
        if response.fault == "malformed":
            response = Response(200, self.malformed_body, [("Content-Type", "text/html")])
        if response.fault == "truncated":
            body = response.body or b"<?xml version='1.0'?><methodResponse><params><param>"
            writer.write(conn.send(h11.Response(status_code=200,
                                                headers=[("Content-Length", str(len(body) + 100))])) or b"")
            writer.write(body[: max(1, len(body) // 2)])
            await writer.drain()
            _reset(writer)
            return False
        await self._send(conn, writer, response)
        return True

    def _fault_response(self, kind: str) -> Response:
        status = int(kind)
        headers = [("Retry-After", f"{self.faults.retry_after:g}")] if status in (429, 503) else []
        return Response(status, f"<html><body><h1>{status}</h1></body></html>".encode(),
                        [("Content-Type", "text/html"), *headers])

    async def _send(self, conn: h11.Connection, writer: asyncio.StreamWriter, response: Response) -> None:
        headers = [(k, v) for k, v in response.headers if k.lower() != "content-length"]
        headers.append(("Content-Length", str(len(response.body))))
        headers.append(("Server", f"falconieri-sandbox/{self.name}"))
        writer.write(conn.send(h11.Response(status_code=response.status, headers=headers)) or b"")
        if response.body:
            writer.write(conn.send(h11.Data(data=response.body)) or b"")
        writer.write(conn.send(h11.EndOfMessage()) or b"")
        await writer.drain()


def _reset(writer: asyncio.StreamWriter) -> None:
    """Close with RST (SO_LINGER 0) so the client sees a connection reset, not a clean close."""
    sock = writer.get_extra_info("socket")
    if sock is not None:
        with contextlib.suppress(OSError):
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    writer.transport.abort()


class ServerThread:
    """One daemon thread running an asyncio loop that hosts simulator servers."""

    def __init__(self, name: str = "falconieri-sandbox") -> None:
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._servers: list[SimServer] = []
        self._started = False

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)
        self._loop.run_forever()

    @property
    def loop(self) -> asyncio.AbstractEventLoop:
        return self._loop

    def start(self) -> None:
        if not self._started:
            self._thread.start()
            self._started = True

    def run(self, coro: Awaitable[Any], timeout: float = 30.0) -> Any:
        """Run ``coro`` on the server loop from another thread and wait for its result."""
        future: Future[Any] = asyncio.run_coroutine_threadsafe(coro, self._loop)  # type: ignore[arg-type]
        return future.result(timeout)

    def add(self, server: SimServer, host: str = "127.0.0.1", port: int = 0) -> int:
        self.start()
        bound = int(self.run(server.start(host, port)))
        self._servers.append(server)
        return bound

    def stop(self) -> None:
        if not self._started:
            return
        for server in self._servers:
            try:
                self.run(server.stop(), timeout=10)
            except Exception:  # best effort on shutdown
                log.exception("stopping %s failed", server.name)
        self._servers.clear()
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=10)
        if not self._thread.is_alive():
            self._loop.close()
        self._started = False
