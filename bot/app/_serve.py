"""``sisterbot run``: the chosen channels on one HTTP server, with one reminder scheduler.

Every channel has the same lifecycle (:class:`bot.channels.RunningChannel`): the HTTP
server comes up with all their routes, then each channel starts; on SIGINT/SIGTERM the
scheduler stops, the server stops taking requests, then each channel finishes what is in
flight, and the database is let go last. The server also answers ``/readyz`` (database
reachable, migrations at head, scheduler running, every channel started) and ``/metrics``.
"""

from __future__ import annotations

import asyncio
import gc
import logging
import os
import sys
from collections.abc import Sequence

from bot.app._app import App
from bot.channels import RunningChannel
from bot.delivery.scheduler import ReminderHandle, start_reminders
from bot.web import HttpServer, build_web_app, stop_on_signals

log = logging.getLogger(__name__)


async def build_channels(app: App, names: Sequence[str]) -> list[RunningChannel]:
    """The channels named, built over the app's dialogue (database work off the loop)."""
    # python-telegram-bot 22's timedelta durations (RetryAfter.retry_after): without it
    # PTB warns on every 429. Our code reads either form.
    os.environ.setdefault("PTB_TIMEDELTA", "1")
    # The answer engine too: no first message waits for its index, and a bad entry fails now.
    await asyncio.to_thread(lambda: (app.dialogue, app.answers))
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
    started: list[RunningChannel] = []
    running: list[ReminderHandle] = []
    metrics = app.metrics

    def refused(path: str, status: int) -> None:
        metrics.webhook_refused.labels(path=path, status=str(status)).inc()

    web_app = build_web_app(
        routes,
        ready=lambda: readiness(app, channels, started, running),
        exposition=metrics.exposition,
        refused=refused,
    )
    server = HttpServer(web_app, app.settings.http_host, app.settings.http_port)
    freeze_what_was_built()
    await server.start()
    try:
        for channel in channels:
            await channel.start()
            started.append(channel)
            print(f"sisterbot: {channel.describe()}", file=sys.stderr, flush=True)
        print(
            f"sisterbot: HTTP server on {server.host}:{server.port} (/healthz, /readyz, /metrics)",
            file=sys.stderr,
            flush=True,
        )
        # Reminders share each channel's client (and its rate limiter) with the replies.
        notifiers = {channel.name: channel.notifier for channel in channels}
        reminders = start_reminders(app.reminder_service(notifiers))
        running.append(reminders)
        try:
            await stop.wait()
        finally:
            running.clear()
            reminders.shutdown()
    finally:
        stopping = list(reversed(started))
        started.clear()  # not ready from here on
        await server.stop()
        for channel in stopping:
            await channel.stop()
    return 0


def freeze_what_was_built() -> None:
    """Keep what start-up built (modules, knowledge, regions: ~180,000 objects) out of
    the garbage collector's full passes.

    They live as long as the process, yet each full collection walked them all, 60-110 ms
    with the loop stopped; under a flood's allocations that came several times in 10 s and
    was most of other users' worst round trips. Frozen, a full pass walks only what was
    allocated since.
    """
    gc.collect()
    gc.freeze()


async def readiness(
    app: App,
    channels: Sequence[RunningChannel],
    started: Sequence[RunningChannel],
    running: Sequence[ReminderHandle],
) -> dict[str, str]:
    """``/readyz``'s checks: database, migrations, scheduler, each channel ("ok" or why not)."""
    from bot.storage.maintenance import database_state

    state = await asyncio.to_thread(database_state, app.database)
    checks = {"database": "ok" if state.reachable else f"unreachable: {state.error}"}
    if not state.reachable:
        checks["migrations"] = "unknown (database unreachable)"
    elif state.at_head:
        checks["migrations"] = "ok"
    else:
        checks["migrations"] = (
            f"at {state.revision}, the code expects {', '.join(state.heads)} "
            "(run sisterbot db upgrade)"
        )
    scheduler_running = any(handle.scheduler.running for handle in running)
    checks["scheduler"] = "ok" if scheduler_running else "not running"
    for channel in channels:
        checks[f"channel:{channel.name}"] = "ok" if channel in started else "not connected"
    return checks
