"""End-to-end throughput of the Telegram bot: answered messages per second, round trips.

Two processes, as in production: this one runs the whole bot (the real core on a
throwaway SQLite file, python-telegram-bot's Application and HTTP stack, long polling);
a child process runs the local Bot API server (flood limits off) and the simulated
users. Each of ``CHATS`` users asks ``PER_CHAT`` questions, one after another, each as
soon as the previous one was answered (a closed loop), so the figure is what the bot
sustains, not what a queue absorbs. Round trip: the user's message queued at the server
-> the bot's reply received by it; under that full load, and for one user alone.

The bot's own limiter of Telegram's ~30 messages/s overall is lifted here (as the local
server has no limits), so that the bot's own capacity is what is measured.

The figure depends on the machine, so the same load first runs against an echo bot on the
same stack (the stand-in and python-telegram-bot, a handler that echoes without the core):
``ratio_to_echo_ceiling`` is what the core leaves of that ceiling, comparable between
machines. ``/metrics``, scraped at the end of the load, must count exactly the messages the
users sent and the replies they got.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import statistics
import tempfile
import time
from dataclasses import replace
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from bot.config import Settings
from bot.core.models import Incoming, Reply

CHATS = 60
PER_CHAT = 10  # within the per-user throttle's burst: nobody is slowed down on purpose
WARMUP_CHATS = 5
_QUESTIONS = (
    "halo",
    "perlu persetujuan DPRD?",
    "status surabaya",
    "apa itu letter of intent",
    "/rekomendasi 3",
    "bagaimana cara memulai kerja sama sister city?",
    "status jatim",
    "siapa yang membuka bimtek 2019?",
    "/bantuan",
    "terima kasih",
)


def run(settings: Settings) -> dict[str, object]:
    """Run the benchmark and return its figures: the echo ceiling first, then the bot."""
    ceiling = _round(settings, echo=True)
    figures = _round(settings, echo=False)
    echo_rate = float(ceiling["answered_per_second"])  # type: ignore[arg-type]
    figures["echo_ceiling_per_second"] = echo_rate
    rate = float(figures["answered_per_second"])  # type: ignore[arg-type]
    figures["ratio_to_echo_ceiling"] = round(rate / echo_rate, 3) if echo_rate else 0.0
    return figures


def _round(settings: Settings, *, echo: bool) -> dict[str, object]:
    """One closed-loop load against the bot (or, ``echo``, the same stack without the core)."""
    os.environ.setdefault("PTB_TIMEDELTA", "1")
    context = multiprocessing.get_context("spawn")
    ours, theirs = context.Pipe()
    users = context.Process(target=_users_process, args=(theirs,), daemon=True)
    users.start()
    theirs.close()  # so that a crashed child ends our recv() with EOFError, not a hang
    try:
        with tempfile.TemporaryDirectory(prefix="sisterbot-bench-") as tmp:
            figures = asyncio.run(_serve_bot(settings, Path(tmp), ours, echo=echo))
    finally:
        users.join(timeout=10)
        if users.is_alive():
            users.kill()
    return figures


def _echo(incoming: Incoming) -> Reply:
    """The baseline's handler: the same stack, no core (no database, no retrieval)."""
    return Reply(text=incoming.text or incoming.button_data or "-")


async def _serve_bot(
    settings: Settings, tmp: Path, conn: Connection, *, echo: bool
) -> dict[str, object]:
    from bot.app.root import build_app
    from bot.channels.tg import TelegramOptions, TelegramService, UpdateInbox, build_application

    kind, base_url, token = await asyncio.to_thread(conn.recv)
    if kind != "ready":
        raise RuntimeError(f"the users process failed: {base_url}")
    bench_settings = replace(
        settings, database_url=f"sqlite:///{tmp / 'bench.db'}", telegram_api_base_url=base_url
    )
    core = await asyncio.to_thread(build_app, bench_settings)
    options = TelegramOptions(overall_max_rate=0, polling_timeout=1, core_threads=1)
    inbox = UpdateInbox(core.database.telegram_inbox, core.clock)
    application = build_application(
        inbox=inbox,
        token=token,
        api_base_url=base_url,
        handle=_echo if echo else core.channel_handle("telegram"),
        command_names=core.dialogue.command_names,
        options=options,
    )
    try:
        async with TelegramService(
            application, inbox=inbox, http_host="127.0.0.1", http_port=0, options=options
        ):
            cpu_before = time.process_time()
            conn.send(("bot-running",))
            reply: tuple[Any, ...] = await asyncio.to_thread(conn.recv)
            # Scraped while the bot still runs, as Prometheus would.
            scraped = core.metrics.exposition()[0].decode()
        conn.send(("stopped",))
    finally:
        core.database.dispose()
    if reply[0] != "done":
        raise RuntimeError(f"the users process failed: {reply[1]}")
    figures: dict[str, object] = reply[1]
    figures["bot_cpu_seconds"] = round(time.process_time() - cpu_before, 2)
    if not echo:
        # Every message the users sent (warm-up, the lone user, the load) in and answered.
        sent = WARMUP_CHATS * 2 + PER_CHAT + int(figures["answered"])  # type: ignore[call-overload]
        counted_in = _sample(scraped, 'sisterbot_messages_in_total{channel="telegram"}')
        counted_out = _sample(scraped, 'sisterbot_messages_out_total{channel="telegram"}')
        figures["metrics_messages_in"] = counted_in
        figures["metrics_messages_out"] = counted_out
        figures["metrics_match_the_bench"] = counted_in == counted_out == sent
    return figures


def _sample(exposition: str, name: str) -> int:
    """One sample's value in the Prometheus text format (-1 when absent)."""
    for line in exposition.splitlines():
        if line.startswith(name + " "):
            return int(float(line.rsplit(" ", 1)[1]))
    return -1


def _users_process(conn: Connection) -> None:
    """The child: the local Bot API server and the users."""
    os.environ.setdefault("PTB_TIMEDELTA", "1")
    try:
        asyncio.run(_users(conn))
    except Exception as error:
        conn.send(("error", repr(error), ""))
        raise


async def _users(conn: Connection) -> None:
    from bot.stand_ins.telegram_bot_api import TelegramBotApiStandIn

    async with TelegramBotApiStandIn() as api:
        conn.send(("ready", api.base_url, api.token))
        await asyncio.to_thread(conn.recv)  # the bot is running
        await asyncio.gather(*(_ask(api, 900_000 + n, 2) for n in range(WARMUP_CHATS)))
        alone = sorted(await _ask(api, 800_000, PER_CHAT))  # one user, nobody else
        start, cpu_before = time.monotonic(), time.process_time()
        results = await asyncio.gather(*(_ask(api, 1 + n, PER_CHAT) for n in range(CHATS)))
        elapsed = time.monotonic() - start
        server_cpu = time.process_time() - cpu_before
        with api.polls_answered_at_once():
            round_trips = sorted(rt for chat in results for rt in chat)
            answered = len(round_trips)
            duplicates = len(api.sent()) - answered - WARMUP_CHATS * 2 - PER_CHAT
            conn.send(
                (
                    "done",
                    {
                        "chats": CHATS,
                        "messages": CHATS * PER_CHAT,
                        "answered": answered,
                        "extra_messages_sent": duplicates,
                        "answered_per_second": round(answered / elapsed, 1),
                        "round_trip_p50_ms": round(statistics.median(round_trips) * 1000, 1),
                        "round_trip_p99_ms": round(
                            round_trips[min(answered - 1, int(answered * 0.99))] * 1000, 1
                        ),
                        "single_user_round_trip_p50_ms": round(statistics.median(alone) * 1000, 1),
                        "get_updates_calls": len(api.calls("getUpdates")),
                        "server_and_users_cpu_seconds": round(server_cpu, 2),
                        "elapsed_seconds": round(elapsed, 2),
                        "cpu_cores": os.cpu_count(),
                    },
                )
            )
            await asyncio.to_thread(conn.recv)  # the bot has stopped


async def _ask(api: Any, chat_id: int, count: int) -> list[float]:
    """One user's questions, each sent when the previous one was answered."""
    round_trips: list[float] = []
    for i in range(count):
        sent_at = time.monotonic()
        api.post_message(chat_id=chat_id, text=_QUESTIONS[(chat_id + i) % len(_QUESTIONS)])
        replies = await api.wait_for_sent(i + 1, chat_id=chat_id, within=120)
        round_trips.append(replies[-1].at - sent_at)
    return round_trips
