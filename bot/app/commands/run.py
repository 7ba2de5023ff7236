"""``sisterbot run telegram|whatsapp ...``: serve channels, with the reminder scheduler.

Telegram uses long polling unless TELEGRAM_WEBHOOK_URL is set; in both modes the bot's
own HTTP server (SISTERBOT_HTTP_HOST:SISTERBOT_HTTP_PORT) answers ``/healthz``, and in
webhook mode Telegram's updates at ``/telegram``. SIGINT or SIGTERM stops it cleanly.
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Coroutine
from typing import TYPE_CHECKING, Any

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
    """Validate the settings the channels need, then serve them."""
    from telegram.error import InvalidToken

    from bot.app.root import App, serve_channels
    from bot.config import ConfigError

    settings = _checked_settings(args.channel)
    with App(settings) as app:
        try:
            return serve_on_uvloop(serve_channels(app, args.channel))
        except InvalidToken:  # its message quotes the token: say what to do instead
            raise ConfigError(
                "TELEGRAM_BOT_TOKEN was rejected by the Bot API at "
                f"{settings.telegram_api_base_url}; set the token @BotFather gave you"
            ) from None


def serve_on_uvloop(main: Coroutine[Any, Any, int]) -> int:
    """Run a server's main coroutine on uvloop (libuv's event loop, not asyncio's own).

    uvloop does the loop's own work (reading, writing, scheduling each request's task) in
    C, which a flood of posts to drop is mostly made of. Only ``sisterbot run`` uses it;
    the same code runs on asyncio's loop in the tests.
    """
    import uvloop

    return uvloop.run(main)


def _checked_settings(channels: list[str]) -> Settings:
    """The settings, with every one the chosen channels need present and well formed."""
    from bot.config import ConfigError, Settings

    settings = Settings.from_env()
    if "whatsapp" in channels:
        from bot.channels.wa.channel import REQUIRED_SETTINGS

        settings.require(*REQUIRED_SETTINGS)
    if "telegram" in channels:
        settings.require("TELEGRAM_BOT_TOKEN")
        if settings.telegram_webhook_url:
            settings.require("TELEGRAM_WEBHOOK_SECRET")
            if not _WEBHOOK_SECRET.match(settings.telegram_webhook_secret or ""):
                raise ConfigError(
                    "TELEGRAM_WEBHOOK_SECRET must be 1-256 characters of A-Z, a-z, 0-9, _ and -"
                )
    return settings
