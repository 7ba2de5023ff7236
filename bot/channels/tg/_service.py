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
from collections.abc import Sequence
from typing import Any

from starlette.routing import BaseRoute
from telegram import Update
from telegram.ext import Application

from bot.channels.tg._application import ALLOWED_UPDATES, TelegramOptions, polling_request
from bot.channels.tg._inbox import UpdateInbox
from bot.channels.tg._notifier import TelegramNotifier
from bot.channels.tg._polling import StoringPoller
from bot.channels.tg._webhook import webhook_route
from bot.web import HttpServer, build_web_app

log = logging.getLogger(__name__)


class TelegramChannel:
    """The Telegram side of a running bot, in the lifecycle every channel shares.

    :meth:`start` after the HTTP server is up (Telegram may post an update as soon as the
    webhook is set), :meth:`stop` after it is down. :meth:`routes` has ``/telegram`` in
    webhook mode, nothing in polling mode. Either way every update goes through ``inbox``
    (stored before Telegram is told it arrived); on start, what a previous run stored and
    did not finish is handled first.
    """

    name = "telegram"

    def __init__(
        self,
        application: Application[Any, Any, Any, Any, Any, Any],
        *,
        inbox: UpdateInbox,
        webhook_url: str | None = None,
        webhook_secret: str | None = None,
        options: TelegramOptions | None = None,
    ) -> None:
        if webhook_url and not webhook_secret:
            raise ValueError("webhook mode needs a secret token")
        self.application = application
        self.inbox = inbox
        self._webhook_url = webhook_url
        self._webhook_secret = webhook_secret or ""
        self._options = options or TelegramOptions()
        self.notifier = TelegramNotifier(application.bot)
        self._poll_request = polling_request(self._options)
        self.poller = StoringPoller(
            application.bot,
            self._poll_request,
            inbox,
            self._enqueue,
            timeout=self._options.polling_timeout,
            allowed_updates=ALLOWED_UPDATES,
        )
        self._polling: asyncio.Task[None] | None = None

    def _enqueue(self, update: Update) -> None:
        self.application.update_queue.put_nowait(update)

    def routes(self) -> list[BaseRoute]:
        """``/telegram`` in webhook mode."""
        if self._webhook_url:
            return [
                webhook_route(self.application.bot, self._webhook_secret, self.inbox, self._enqueue)
            ]
        return []

    async def start(self) -> None:
        """Initialise the Application, handle what was left, then set the webhook or poll."""
        app = self.application
        await app.initialize()
        try:
            if app.post_init is not None:
                await app.post_init(app)
            await app.start()
            for update in await self.inbox.due(app.bot, everything=True):
                self._enqueue(update)
            self.inbox.start_sweeping(
                app.bot, self._enqueue, every=self._options.retry_sweep_seconds
            )
            if self._webhook_url:
                await app.bot.set_webhook(
                    url=self._webhook_url,
                    secret_token=self._webhook_secret,
                    allowed_updates=ALLOWED_UPDATES,
                )
            else:
                await app.bot.delete_webhook()
                await self._poll_request.initialize()
                self._polling = asyncio.create_task(self.poller.run())
        except BaseException:
            await self.stop()
            raise

    def describe(self) -> str:
        """One line for the operator: who and how."""
        mode = f"webhook {self._webhook_url}" if self._webhook_url else "long polling"
        return f"Telegram bot @{self.application.bot.username} running ({mode})"

    async def stop(self) -> None:
        """Stop polling and the Application; safe to call whatever state it is in."""
        if self._polling is not None:
            self._polling.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._polling
            self._polling = None
            await self._poll_request.shutdown()
        await self.inbox.stop_sweeping()
        app = self.application
        if app.running:
            await app.stop()
        await app.shutdown()
        if app.post_shutdown is not None:
            await app.post_shutdown(app)
        self.inbox.close()


class TelegramService:
    """A :class:`TelegramChannel` with an HTTP server of its own: start on enter, stop on exit.

    For running Telegram alone in tests and the benchmark; ``sisterbot run`` serves every
    channel on one server instead (:mod:`bot.app`).
    """

    def __init__(
        self,
        application: Application[Any, Any, Any, Any, Any, Any],
        *,
        inbox: UpdateInbox,
        http_host: str,
        http_port: int,
        webhook_url: str | None = None,
        webhook_secret: str | None = None,
        options: TelegramOptions | None = None,
        extra_routes: Sequence[BaseRoute] = (),
    ) -> None:
        self.channel = TelegramChannel(
            application,
            inbox=inbox,
            webhook_url=webhook_url,
            webhook_secret=webhook_secret,
            options=options,
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
