"""Run the bot: the Application (long polling or webhook) beside the bot's HTTP server.

The HTTP server (bot/web.py: ``/healthz``, plus ``/telegram`` in webhook mode and any
other channel's routes) runs in both modes, so a container health check works either
way. Use as an async context manager; :meth:`TelegramService.serve_until` waits for a
stop event (set by the signal handlers of ``sisterbot run``).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import socket
from collections.abc import Iterator, Sequence
from typing import Any

import uvicorn
from starlette.routing import BaseRoute
from telegram.ext import Application

from bot.channels.tg._application import ALLOWED_UPDATES, TelegramOptions
from bot.channels.tg._webhook import webhook_route
from bot.web import build_web_app

log = logging.getLogger(__name__)


class QuietServer(uvicorn.Server):
    """uvicorn without its own signal handlers: ``sisterbot run`` owns SIGINT/SIGTERM."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        """Leave signals alone."""
        yield


def bind_socket(host: str, port: int) -> socket.socket:
    """A listening TCP socket (port 0: any free port)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # proto=IPPROTO_TCP: asyncio sets TCP_NODELAY only on sockets that say they are TCP;
    # without it every response waits ~40 ms for the client's delayed ACK (Nagle).
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    return sock


class TelegramService:
    """The running bot: start on enter, stop cleanly on exit."""

    def __init__(
        self,
        application: Application[Any, Any, Any, Any, Any, Any],
        *,
        http_host: str,
        http_port: int,
        webhook_url: str | None = None,
        webhook_secret: str | None = None,
        options: TelegramOptions | None = None,
        extra_routes: Sequence[BaseRoute] = (),
    ) -> None:
        if webhook_url and not webhook_secret:
            raise ValueError("webhook mode needs a secret token")
        self.application = application
        self._webhook_url = webhook_url
        self._webhook_secret = webhook_secret or ""
        self._options = options or TelegramOptions()
        routes = list(extra_routes)
        if webhook_url:
            routes.append(webhook_route(application, self._webhook_secret))
        self._web = build_web_app(routes)
        self._socket = bind_socket(http_host, http_port)
        self._server: QuietServer | None = None
        self._server_task: asyncio.Task[None] | None = None

    @property
    def http_port(self) -> int:
        """The port the HTTP server listens on."""
        return int(self._socket.getsockname()[1])

    async def __aenter__(self) -> TelegramService:
        app = self.application
        await app.initialize()
        try:
            if app.post_init is not None:
                await app.post_init(app)
            await app.start()
            # The HTTP server first: Telegram may post an update as soon as the webhook is set.
            await self._start_http_server()
            if self._webhook_url:
                await app.bot.set_webhook(
                    url=self._webhook_url,
                    secret_token=self._webhook_secret,
                    allowed_updates=ALLOWED_UPDATES,
                )
            else:
                assert app.updater is not None
                await app.updater.start_polling(
                    timeout=self._options.polling_timeout,
                    allowed_updates=ALLOWED_UPDATES,
                    bootstrap_retries=3,
                )
        except BaseException:
            await self._stop_http_server()
            await self._stop_application()
            raise
        log.info("%s", self.describe())
        return self

    def describe(self) -> str:
        """One line for the operator: who, how, where."""
        mode = f"webhook {self._webhook_url}" if self._webhook_url else "long polling"
        host, port = self._socket.getsockname()[:2]
        return (
            f"Telegram bot @{self.application.bot.username} running ({mode}); "
            f"HTTP server on {host}:{port} (/healthz)"
        )

    async def __aexit__(self, *_exc: object) -> None:
        await self._stop_http_server()
        await self._stop_application()
        self._socket.close()

    async def serve_until(self, stop: asyncio.Event) -> None:
        """Run until ``stop`` is set."""
        await stop.wait()

    async def _start_http_server(self) -> None:
        config = uvicorn.Config(self._web, log_config=None, access_log=False, lifespan="off")
        self._server = QuietServer(config)
        self._server_task = asyncio.create_task(self._server.serve(sockets=[self._socket]))
        while not self._server.started:
            if self._server_task.done():
                self._server_task.result()  # raises what stopped it
            await asyncio.sleep(0.01)

    async def _stop_http_server(self) -> None:
        if self._server is not None and self._server_task is not None:
            self._server.should_exit = True
            await self._server_task
            self._server = self._server_task = None

    async def _stop_application(self) -> None:
        app = self.application
        if app.updater is not None and app.updater.running:
            await app.updater.stop()
        if app.running:
            await app.stop()
        await app.shutdown()
        if app.post_shutdown is not None:
            await app.post_shutdown(app)
