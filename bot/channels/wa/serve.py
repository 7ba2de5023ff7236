"""``sisterbot run whatsapp``: the bot's HTTP server with ``/whatsapp``, and the reminders.

:func:`whatsapp_running` starts the channel over a built core (answering what a previous
run left unanswered) and stops it cleanly; ``sisterbot run telegram whatsapp`` uses it to
add ``/whatsapp`` to the Telegram service's server, so both channels share one process,
one HTTP server and one scheduler. :func:`serve_whatsapp` serves WhatsApp alone.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import socket
from collections.abc import AsyncIterator, Iterator
from typing import TYPE_CHECKING, Self

import uvicorn
from starlette.types import ASGIApp

from bot.channels.wa.channel import WhatsAppChannel, channel_for_core
from bot.config import Settings

if TYPE_CHECKING:
    from bot.app import Core

log = logging.getLogger(__name__)


class _QuietServer(uvicorn.Server):
    """uvicorn without its own signal handlers: the command owns SIGINT and SIGTERM."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        """Leave signals alone."""
        yield


class HttpServer:
    """An ASGI app served by uvicorn on ``host:port`` (port 0: a free one), async with."""

    def __init__(self, app: ASGIApp, host: str, port: int) -> None:
        self._app = app
        self._host = host
        self._requested_port = port
        self._server: _QuietServer | None = None
        self._task: asyncio.Task[None] | None = None
        self.port = 0

    async def __aenter__(self) -> Self:
        family = socket.AF_INET6 if ":" in self._host else socket.AF_INET
        sock = socket.socket(family, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((self._host, self._requested_port))
        self.port = int(sock.getsockname()[1])
        config = uvicorn.Config(self._app, log_config=None, access_log=False, lifespan="off")
        self._server = _QuietServer(config)
        self._task = asyncio.create_task(self._server.serve(sockets=[sock]))
        while not self._server.started:
            if self._task.done():
                self._task.result()
            await asyncio.sleep(0.01)
        return self

    async def __aexit__(self, *_exc: object) -> None:
        if self._server is not None and self._task is not None:
            self._server.should_exit = True
            await asyncio.wait_for(self._task, timeout=30)


@contextlib.asynccontextmanager
async def whatsapp_running(core: Core) -> AsyncIterator[WhatsAppChannel]:
    """The channel over ``core``, started; on exit the answers in flight are finished."""
    channel = await asyncio.to_thread(channel_for_core, core)
    await channel.start()
    try:
        yield channel
    finally:
        await channel.stop()


def stop_on_signals() -> asyncio.Event:
    """An event set by SIGINT or SIGTERM."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    return stop


async def serve_whatsapp(settings: Settings, *, stop: asyncio.Event | None = None) -> int:
    """Serve WhatsApp alone until ``stop`` (default: SIGINT/SIGTERM); returns 0."""
    from bot.app import build_core
    from bot.scheduler import start_reminders
    from bot.web import build_web_app

    stop = stop or stop_on_signals()
    core = await asyncio.to_thread(build_core, settings)
    try:
        async with whatsapp_running(core) as channel:
            web = build_web_app(channel.routes())
            async with HttpServer(web, settings.http_host, settings.http_port) as server:
                log.warning("WhatsApp webhook listening on port %d at /whatsapp", server.port)
                reminders = start_reminders(core, {"whatsapp": channel.notifier})
                try:
                    await stop.wait()
                finally:
                    reminders.shutdown()
    finally:
        core.database.dispose()
    return 0
