"""The bot's own HTTP server: webhooks and the operator's endpoints, on one port.

Telegram's webhook is served at ``/telegram``, WhatsApp's at ``/whatsapp``, liveness at
``/healthz``, readiness at ``/readyz`` and Prometheus metrics at ``/metrics``; each
channel contributes its routes, so Telegram and WhatsApp can run in one process.
Starlette apps, served by uvicorn through :class:`HttpServer` (which the local stand-ins
of the Telegram and WhatsApp APIs use too).
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
import socket
from collections.abc import Awaitable, Callable, Iterator, Mapping, Sequence
from typing import Self

import uvicorn
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from bot.web_protocol import BoundedHttpToolsProtocol

# name -> "ok", or what is wrong (one line, no secrets); every check must say "ok" to be ready
ReadinessCheck = Callable[[], Awaitable[Mapping[str, str]]]
Exposition = Callable[[], tuple[bytes, str]]  # the Prometheus text and its content type
WEBHOOK_PATHS = frozenset({"/telegram", "/whatsapp"})  # where refusals are counted

BODY_DEADLINE_SECONDS = 10.0  # a webhook body is a few KB: a slow one is not a platform's
# Unauthenticated traffic is bounded: connections and requests at once, idle keep-alives,
# and the size of a request's head (MAX_HEAD_BYTES, MAX_HEADERS: bot.web_protocol); bodies
# are read with a deadline and a cap (read_body).
MAX_CONNECTIONS = 1000
KEEP_ALIVE_SECONDS = 5


BODY_BUDGET_BYTES = 32 * 1024 * 1024


class ByteBudget:
    """Bytes of request bodies held at once, across every request of the process.

    Bounds memory whatever the number of slow senders: a body that would take it past
    its size is refused (503) instead of buffered.
    """

    def __init__(self, size: int) -> None:
        self.size = size
        self.held = 0

    def take(self, count: int) -> bool:
        """Hold ``count`` more bytes; False (nothing held) when over the budget."""
        if self.held + count > self.size:
            return False
        self.held += count
        return True

    def give_back(self, count: int) -> None:
        """Release bytes held."""
        self.held -= count


SHARED_BODY_BUDGET = ByteBudget(BODY_BUDGET_BYTES)


class BodyRefusedError(Exception):
    """A request body not read: too large (413) or not complete in time (408)."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason


async def read_body(
    request: Request,
    limit: int,
    *,
    deadline: float = BODY_DEADLINE_SECONDS,
    budget: ByteBudget = SHARED_BODY_BUDGET,
) -> bytes:
    """The raw body, read within ``deadline`` seconds and ``limit`` bytes, else BodyRefusedError.

    A declared length over the limit is refused before reading; a chunked body as soon as
    it grows past it; a body the process cannot hold now (``budget``) with 503. The caller
    checks a signature as soon as this returns.
    """
    length = request.headers.get("content-length", "")
    if length.isdigit() and int(length) > limit:
        raise BodyRefusedError(413, "Payload Too Large")
    chunks: list[bytes] = []
    size = 0
    try:
        async with asyncio.timeout(deadline):
            async for chunk in request.stream():
                if size + len(chunk) > limit:
                    raise BodyRefusedError(413, "Payload Too Large")
                if not budget.take(len(chunk)):
                    raise BodyRefusedError(503, "Service Unavailable")
                size += len(chunk)
                chunks.append(chunk)
    except TimeoutError:
        raise BodyRefusedError(408, "Request Timeout") from None
    finally:
        budget.give_back(size)
    return b"".join(chunks)


async def healthz(_request: Request) -> Response:
    """Liveness: the process serves HTTP."""
    return JSONResponse({"status": "ok"})


def readiness_route(check: ReadinessCheck) -> Route:
    """``/readyz``: 200 when every check says ok, else 503 naming what is not."""

    async def readyz(_request: Request) -> Response:
        checks = dict(await check())
        ready = all(value == "ok" for value in checks.values())
        body = {"status": "ready" if ready else "not ready", "checks": checks}
        return JSONResponse(body, status_code=200 if ready else 503)

    return Route("/readyz", readyz, methods=["GET"])


def metrics_route(exposition: Exposition) -> Route:
    """``/metrics`` in the Prometheus text format."""

    async def metrics(_request: Request) -> Response:
        body, content_type = exposition()
        return Response(body, media_type=content_type)

    return Route("/metrics", metrics, methods=["GET"])


class RefusalCounter:
    """ASGI middleware: calls ``refused(path, status)`` for each 4xx answer to a webhook.

    Webhooks refuse what fails their signature or secret (401, 403) and bodies they cannot
    read (400); an operator wants to see those rise. Only the webhook paths are watched:
    the operator's endpoints and the curators' console (a failed sign-in) are not webhooks.
    """

    def __init__(self, app: ASGIApp, refused: Callable[[str, int], None]) -> None:
        self._app = app
        self._refused = refused

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if scope["type"] != "http" or path not in WEBHOOK_PATHS:
            await self._app(scope, receive, send)
            return

        async def counting_send(message: Message) -> None:
            if message["type"] == "http.response.start" and 400 <= message["status"] < 500:
                self._refused(path, int(message["status"]))
            await send(message)

        await self._app(scope, receive, counting_send)


def build_web_app(
    routes: Sequence[BaseRoute],
    *,
    ready: ReadinessCheck | None = None,
    exposition: Exposition | None = None,
    refused: Callable[[str, int], None] | None = None,
) -> Starlette:
    """A Starlette app with ``/healthz``, the channels' routes and, when given, ``/readyz``,
    ``/metrics`` and a count of refused webhook requests."""
    operator: list[BaseRoute] = [Route("/healthz", healthz, methods=["GET"])]
    if ready is not None:
        operator.append(readiness_route(ready))
    if exposition is not None:
        operator.append(metrics_route(exposition))
    middleware = [] if refused is None else [Middleware(RefusalCounter, refused=refused)]
    return Starlette(routes=[*operator, *routes], middleware=middleware)


def stop_on_signals() -> asyncio.Event:
    """An event set by SIGINT or SIGTERM, for a server to stop on (in the running loop)."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    return stop


class QuietServer(uvicorn.Server):
    """uvicorn without its own signal handlers: ``sisterbot run`` (or a test) owns them."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        """Leave signals alone."""
        yield


def bind_socket(host: str, port: int) -> socket.socket:
    """A bound TCP socket for uvicorn to listen on (port 0: any free port)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # proto=IPPROTO_TCP: asyncio sets TCP_NODELAY only on sockets that say they are TCP;
    # without it every response waits ~40 ms for the client's delayed ACK (Nagle).
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    return sock


class HttpServer:
    """An ASGI app served by uvicorn on ``host:port`` (port 0: a free one), async with.

    Requests are parsed by httptools; a head over :data:`bot.web_protocol.MAX_HEAD_BYTES`
    or ``MAX_HEADERS`` gets 431 and the connection is closed.

    The socket is bound on entry and closed on exit; ``port`` is the bound port once entered.
    Over ``max_connections`` connections or requests at once, uvicorn answers 503 at once
    (None: no cap, for the local stand-ins that a load test drives hard).
    """

    def __init__(
        self, app: ASGIApp, host: str, port: int, *, max_connections: int | None = MAX_CONNECTIONS
    ) -> None:
        self._app = app
        self._max_connections = max_connections
        self._host = host
        self._requested_port = port
        self._socket: socket.socket | None = None
        self._server: QuietServer | None = None
        self._task: asyncio.Task[None] | None = None

    @property
    def port(self) -> int:
        """The port listened on (0 before the server is entered)."""
        return int(self._socket.getsockname()[1]) if self._socket else 0

    @property
    def host(self) -> str:
        """The address listened on."""
        return str(self._socket.getsockname()[0]) if self._socket else self._host

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(self, *_exc: object) -> None:
        await self.stop()

    async def start(self) -> None:
        """Bind the socket and serve; returns once uvicorn listens (or raises why it cannot)."""
        self._socket = bind_socket(self._host, self._requested_port)
        config = uvicorn.Config(
            self._app,
            log_config=None,
            access_log=False,
            lifespan="off",
            limit_concurrency=self._max_connections,
            timeout_keep_alive=KEEP_ALIVE_SECONDS,
            # httptools, not h11: parsing a flood's post took h11 about 120 us, httptools
            # 6 us (the parsers alone); the head is bounded by the protocol
            http=BoundedHttpToolsProtocol,
        )
        self._server = QuietServer(config)
        self._task = asyncio.create_task(self._server.serve(sockets=[self._socket]))
        while not self._server.started:  # uvicorn has no "started" event to wait on
            if self._task.done():
                self._close_socket()
                self._task.result()  # raises what stopped it
            await asyncio.sleep(0.01)

    async def stop(self) -> None:
        """Stop serving (requests in flight finish) and close the socket; safe to repeat."""
        if self._server is not None and self._task is not None:
            self._server.should_exit = True
            await asyncio.wait_for(self._task, timeout=30)
            self._server = self._task = None
        self._close_socket()

    def _close_socket(self) -> None:
        if self._socket is not None:
            self._socket.close()
            self._socket = None
