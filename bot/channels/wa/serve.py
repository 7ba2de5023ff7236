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
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING

from bot.channels.wa.channel import WhatsAppChannel, channel_for_core
from bot.config import Settings
from bot.web import HttpServer, stop_on_signals

if TYPE_CHECKING:
    from bot.app import Core

log = logging.getLogger(__name__)


@contextlib.asynccontextmanager
async def whatsapp_running(core: Core) -> AsyncIterator[WhatsAppChannel]:
    """The channel over ``core``, started; on exit the answers in flight are finished."""
    channel = await asyncio.to_thread(channel_for_core, core)
    await channel.start()
    try:
        yield channel
    finally:
        await channel.stop()


async def serve_whatsapp(settings: Settings, *, stop: asyncio.Event | None = None) -> int:
    """Serve WhatsApp alone until ``stop`` (default: SIGINT/SIGTERM); returns 0."""
    from bot.app import build_console_routes, build_core
    from bot.delivery.scheduler import start_reminders
    from bot.web import build_web_app

    stop = stop or stop_on_signals()
    core = await asyncio.to_thread(build_core, settings)
    try:
        async with whatsapp_running(core) as channel:
            web = build_web_app([*channel.routes(), *build_console_routes(core)])
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
