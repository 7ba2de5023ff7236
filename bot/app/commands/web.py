"""``sisterbot web``: the curators' console alone, for curators who run no bot."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import asyncio  # imported where used: every command loads this module, few serve

    from bot.config import Settings


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``web`` subcommand."""
    parser = subparsers.add_parser(
        "web",
        help="serve the curators' console (/admin) without a channel",
        description="Serve the curators' web console at /admin (and /healthz) on "
        "SISTERBOT_HTTP_HOST:SISTERBOT_HTTP_PORT until SIGINT/SIGTERM, without a channel or "
        "reminders. Admins (SISTERBOT_ADMINS) sign in with a one-time link: /masuk sent to "
        "the bot, or `sisterbot admin link --admin CHANNEL:ID`.",
    )
    parser.set_defaults(func=run)


def run(_args: argparse.Namespace) -> int:
    """Serve until stopped."""
    import asyncio

    from bot.config import Settings

    return asyncio.run(serve(Settings.from_env()))


async def serve(settings: Settings, *, stop: asyncio.Event | None = None) -> int:
    """Serve the console until ``stop`` is set (default: SIGINT/SIGTERM); returns 0."""
    import asyncio
    import sys

    from bot.app.root import App
    from bot.web import HttpServer, build_web_app, stop_on_signals

    event = stop or stop_on_signals()
    with App(settings) as app:
        routes = await asyncio.to_thread(app.console_routes)
        async with HttpServer(
            build_web_app(routes), settings.http_host, settings.http_port
        ) as server:
            print(
                f"sisterbot: curators' console on http://{server.host}:{server.port}/admin/",
                file=sys.stderr,
                flush=True,
            )
            await event.wait()
    return 0
