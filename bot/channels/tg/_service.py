"""Run the bot: the Application (long polling or webhook) beside the bot's HTTP server.

The HTTP server (bot/web.py: ``/healthz``, plus ``/telegram`` in webhook mode and any
other channel's routes) runs in both modes, so a container health check works either
way. Use as an async context manager; :meth:`TelegramService.serve_until` waits for a
stop event (set by the signal handlers of ``sisterbot run``).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from typing import Any

from starlette.routing import BaseRoute
from telegram.ext import Application

from bot.channels.tg._application import ALLOWED_UPDATES, TelegramOptions
from bot.channels.tg._notifier import TelegramNotifier
from bot.channels.tg._webhook import webhook_route
from bot.web import HttpServer, build_web_app

log = logging.getLogger(__name__)


class TelegramChannel:
    """The Telegram side of a running bot, in the lifecycle every channel shares.

    :meth:`start` after the HTTP server is up (Telegram may post an update as soon as the
    webhook is set), :meth:`stop` after it is down. :meth:`routes` has ``/telegram`` in
    webhook mode, nothing in polling mode.
    """

    name = "telegram"

    def __init__(
        self,
        application: Application[Any, Any, Any, Any, Any, Any],
        *,
        webhook_url: str | None = None,
        webhook_secret: str | None = None,
        options: TelegramOptions | None = None,
    ) -> None:
        if webhook_url and not webhook_secret:
            raise ValueError("webhook mode needs a secret token")
        self.application = application
        self._webhook_url = webhook_url
        self._webhook_secret = webhook_secret or ""
        self._options = options or TelegramOptions()
        self.notifier = TelegramNotifier(application.bot)

    def routes(self) -> list[BaseRoute]:
        """``/telegram`` in webhook mode."""
        if self._webhook_url:
            return [webhook_route(self.application, self._webhook_secret)]
        return []

    async def start(self) -> None:
        """Initialise the Application, then set the webhook or start long polling."""
        app = self.application
        await app.initialize()
        try:
            if app.post_init is not None:
                await app.post_init(app)
            await app.start()
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
            await self.stop()
            raise

    def describe(self) -> str:
        """One line for the operator: who and how."""
        mode = f"webhook {self._webhook_url}" if self._webhook_url else "long polling"
        return f"Telegram bot @{self.application.bot.username} running ({mode})"

    async def stop(self) -> None:
        """Stop polling and the Application; safe to call whatever state it is in."""
        app = self.application
        if app.updater is not None and app.updater.running:
            await app.updater.stop()
        if app.running:
            await app.stop()
        await app.shutdown()
        if app.post_shutdown is not None:
            await app.post_shutdown(app)


class TelegramService:
    """A :class:`TelegramChannel` with an HTTP server of its own: start on enter, stop on exit.

    For running Telegram alone in tests and the benchmark; ``sisterbot run`` serves every
    channel on one server instead (:mod:`bot.app`).
    """

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
        self.channel = TelegramChannel(
            application, webhook_url=webhook_url, webhook_secret=webhook_secret, options=options
        )
        self.application = application
        routes = [*extra_routes, *self.channel.routes()]
        self._http = HttpServer(build_web_app(routes), http_host, http_port)

    @property
    def http_port(self) -> int:
        """The port the HTTP server listens on (once entered)."""
        return self._http.port

    async def __aenter__(self) -> TelegramService:
        await self._http.start()
        try:
            await self.channel.start()
        except BaseException:
            await self._http.stop()
            raise
        log.info("%s", self.describe())
        return self

    def describe(self) -> str:
        """One line for the operator: who, how, where."""
        return f"{self.channel.describe()}; HTTP server on {self._http.host}:{self._http.port}"

    async def __aexit__(self, *_exc: object) -> None:
        await self._http.stop()
        await self.channel.stop()

    async def serve_until(self, stop: asyncio.Event) -> None:
        """Run until ``stop`` is set."""
        await stop.wait()
