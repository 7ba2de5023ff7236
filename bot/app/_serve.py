"""``sisterbot run``: the chosen channels on one HTTP server, with one reminder scheduler.

Every channel has the same lifecycle (:class:`bot.channels.RunningChannel`): the HTTP
server comes up with all their routes, then each channel starts; on SIGINT/SIGTERM the
scheduler stops, the server stops taking requests, then each channel finishes what is in
flight, and the database is let go last.
"""

from __future__ import annotations

import asyncio
import logging
import os
import sys
from collections.abc import Sequence

from bot.app._app import App
from bot.channels import RunningChannel
from bot.delivery.scheduler import start_reminders
from bot.web import HttpServer, build_web_app, stop_on_signals

log = logging.getLogger(__name__)


async def build_channels(app: App, names: Sequence[str]) -> list[RunningChannel]:
    """The channels named, built over the app's dialogue (database work off the loop)."""
    # python-telegram-bot 22's timedelta durations (RetryAfter.retry_after): without it
    # PTB warns on every 429. Our code reads either form.
    os.environ.setdefault("PTB_TIMEDELTA", "1")
    await asyncio.to_thread(lambda: app.dialogue)
    channels: list[RunningChannel] = []
    if "telegram" in names:
        channels.append(app.telegram_channel())
    if "whatsapp" in names:
        channels.append(await asyncio.to_thread(app.whatsapp_channel))
    return channels


async def serve_channels(
    app: App, names: Sequence[str], *, stop: asyncio.Event | None = None
) -> int:
    """Serve until ``stop`` is set (default: SIGINT/SIGTERM); returns the exit status."""
    stop = stop or stop_on_signals()
    channels = await build_channels(app, names)
    routes = [route for channel in channels for route in channel.routes()]
    routes += await asyncio.to_thread(app.console_routes)  # /admin, the curators' console
    server = HttpServer(build_web_app(routes), app.settings.http_host, app.settings.http_port)
    started: list[RunningChannel] = []
    await server.start()
    try:
        for channel in channels:
            await channel.start()
            started.append(channel)
            print(f"sisterbot: {channel.describe()}", file=sys.stderr, flush=True)
        print(
            f"sisterbot: HTTP server on {server.host}:{server.port} (/healthz)",
            file=sys.stderr,
            flush=True,
        )
        # Reminders share each channel's client (and its rate limiter) with the replies.
        notifiers = {channel.name: channel.notifier for channel in channels}
        reminders = start_reminders(app.reminder_service(notifiers))
        try:
            await stop.wait()
        finally:
            reminders.shutdown()
    finally:
        await server.stop()
        for channel in reversed(started):
            await channel.stop()
    return 0
