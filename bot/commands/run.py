"""``sisterbot run telegram|whatsapp ...``: serve channels, with the reminder scheduler.

Telegram uses long polling unless TELEGRAM_WEBHOOK_URL is set; in both modes the bot's
own HTTP server (SISTERBOT_HTTP_HOST:SISTERBOT_HTTP_PORT) answers ``/healthz``, and in
webhook mode Telegram's updates at ``/telegram``. SIGINT or SIGTERM stops it cleanly.
"""

from __future__ import annotations

import argparse
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.config import Settings

CHANNELS = ("telegram", "whatsapp")
_WEBHOOK_SECRET = re.compile(r"^[A-Za-z0-9_-]{1,256}$")  # what Telegram accepts


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``run`` subcommand."""
    parser = subparsers.add_parser(
        "run",
        help="serve a channel (telegram or whatsapp) with the reminder scheduler",
        description="Serve a channel until SIGINT/SIGTERM. telegram: long polling, or a "
        "webhook at /telegram when TELEGRAM_WEBHOOK_URL is set (needs TELEGRAM_BOT_TOKEN, "
        "and TELEGRAM_WEBHOOK_SECRET for a webhook). The HTTP server on "
        "SISTERBOT_HTTP_HOST:SISTERBOT_HTTP_PORT answers /healthz in every mode.",
    )
    parser.add_argument(
        "channel",
        nargs="+",
        choices=CHANNELS,
        help="the channel to serve; both (run telegram whatsapp) share one process, one "
        "HTTP server and one scheduler. whatsapp: the webhook at /whatsapp (needs "
        "WHATSAPP_PHONE_ID, WHATSAPP_TOKEN, WHATSAPP_APP_SECRET, WHATSAPP_VERIFY_TOKEN)",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Validate the settings the channel needs, then serve it."""
    import asyncio

    from bot.config import ConfigError, Settings

    settings = Settings.from_env()
    channels = set(args.channel)
    if "whatsapp" in channels:
        from bot.channels.wa.channel import REQUIRED_SETTINGS

        settings.require(*REQUIRED_SETTINGS)
    if channels == {"whatsapp"}:
        from bot.channels.wa.serve import serve_whatsapp

        return asyncio.run(serve_whatsapp(settings))
    if "telegram" in channels:
        settings.require("TELEGRAM_BOT_TOKEN")
        if settings.telegram_webhook_url:
            settings.require("TELEGRAM_WEBHOOK_SECRET")
            if not _WEBHOOK_SECRET.match(settings.telegram_webhook_secret or ""):
                raise ConfigError(
                    "TELEGRAM_WEBHOOK_SECRET must be 1-256 characters of A-Z, a-z, 0-9, _ and -"
                )
    return asyncio.run(_serve_telegram(settings, whatsapp="whatsapp" in channels))


async def _serve_telegram(settings: Settings, *, whatsapp: bool = False) -> int:
    import asyncio
    import contextlib
    import os
    import sys

    from starlette.routing import BaseRoute

    from bot.app import build_console_routes, build_core
    from bot.channels.tg import (
        TelegramNotifier,
        TelegramOptions,
        TelegramService,
        build_application,
    )
    from bot.core.ports import Notifier
    from bot.delivery.scheduler import start_reminders
    from bot.web import stop_on_signals

    # Opt in to python-telegram-bot 22's timedelta durations (RetryAfter.retry_after):
    # without it PTB warns on every 429. Our code reads either form.
    os.environ.setdefault("PTB_TIMEDELTA", "1")
    core = await asyncio.to_thread(build_core, settings)
    async with contextlib.AsyncExitStack() as stack:
        stack.callback(core.database.dispose)  # last out: after the channels and reminders stop
        application = build_application(
            token=settings.telegram_bot_token or "",
            api_base_url=settings.telegram_api_base_url,
            handle=core.dialogue.handle,
            command_names=core.dialogue.command_names,
            webhook=settings.telegram_webhook_url is not None,
            # SQLite takes one writer at a time: more threads would only wait for its lock.
            options=TelegramOptions(core_threads=1 if core.database.dialect == "sqlite" else 4),
        )
        stop = stop_on_signals()
        notifiers: dict[str, Notifier] = {}
        routes: list[BaseRoute] = build_console_routes(core)  # /admin, the curators' console
        if whatsapp:  # /whatsapp on the same HTTP server, reminders on one scheduler
            from bot.channels.wa.serve import whatsapp_running

            channel = await stack.enter_async_context(whatsapp_running(core))
            routes += channel.routes()
            notifiers["whatsapp"] = channel.notifier
        service = await stack.enter_async_context(
            TelegramService(
                application,
                http_host=settings.http_host,
                http_port=settings.http_port,
                webhook_url=settings.telegram_webhook_url,
                webhook_secret=settings.telegram_webhook_secret,
                extra_routes=routes,
            )
        )
        print(f"sisterbot: {service.describe()}", file=sys.stderr, flush=True)
        # Reminders share the bot (and its rate limiter) with the replies.
        notifiers["telegram"] = TelegramNotifier(application.bot)
        stack.callback(start_reminders(core, notifiers).shutdown)
        await stop.wait()
    return 0
