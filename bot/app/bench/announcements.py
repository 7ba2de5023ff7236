"""Announcement benchmark: 1,000 chats through the real Telegram stack, and the recap.

An announcement to 1,000 subscribed chats is stored and sent by the real
:class:`~bot.delivery.announcer.Announcer` through python-telegram-bot and the local Bot
API stand-in (127.0.0.1), at a configured overall rate; the figures are the achieved rate
against it (goal: at least 95%), and that every chat got it exactly once (goal: 0 lost,
0 duplicated, nothing sent by a second run). The weekly recap's counting and chart are timed
on the shipped registry (goal: under a second together).
"""

from __future__ import annotations

import asyncio
import tempfile
import time
from collections import Counter
from datetime import UTC, date, datetime
from pathlib import Path

from bot.config import Settings
from bot.core.clock import FakeClock
from bot.core.models import ChatAddress
from bot.core.reminders import Audience, ReminderPolicy, overview_counts, recap_text
from bot.delivery.announcer import Announcer
from bot.delivery.ratelimit import RateLimiter
from bot.delivery.recap_chart import recap_png
from bot.storage.database import Database

CHATS = 1_000
RATE = ReminderPolicy().delivery_rate_per_second  # 30/s, Telegram's overall limit
RATE_GOAL = 0.95
NOW = datetime(2026, 12, 1, 3, tzinfo=UTC)


async def _fan_out(database: Database) -> dict[str, object]:
    from bot.app.commands.reminders import telegram_notifier
    from bot.stand_ins.telegram_bot_api import TelegramBotApiStandIn

    addresses = [ChatAddress(channel="telegram", chat_id=str(200_000 + i)) for i in range(CHATS)]
    store = database.announcements
    store.create(
        text="Rapat koordinasi KSDPL, Kamis 10.00 WIB",
        audience=Audience(scope="all"),
        created_by="bench",
        addresses=addresses,
        now=NOW,
    )
    async with (
        TelegramBotApiStandIn() as api,
        telegram_notifier(api.token, api.base_url) as notifier,
    ):
        announcer = Announcer(
            store, {"telegram": notifier}, clock=FakeClock(NOW), limiter=RateLimiter(RATE, 1.0)
        )
        started = time.perf_counter()
        outcomes = await announcer.send_due()
        elapsed = time.perf_counter() - started
        again = await announcer.send_due()
        stamps = sorted(m.at for m in api.sent())
        received = Counter(m.chat_id for m in api.sent())
    span = (stamps[-1] - stamps[0]) if len(stamps) > 1 else 1e-9
    achieved = (len(stamps) - 1) / span if len(stamps) > 1 else 0.0
    return {
        "announcement_chats": CHATS,
        "announcement_sent": outcomes["sent"],
        "announcement_lost": CHATS - len(received),
        "announcement_duplicated": sum(n - 1 for n in received.values()),
        "announcement_second_run_sent": again["sent"],
        "announcement_configured_rate_per_s": RATE,
        "announcement_achieved_rate_per_s": achieved,
        "announcement_rate_ratio": achieved / RATE,
        "announcement_rate_goal": f">= {RATE_GOAL}",
        "announcement_seconds": elapsed,
    }


def _recap(database: Database, settings: Settings) -> dict[str, object]:
    from bot.app.root import build_regions, sync_registry

    regions = build_regions(settings)
    sync_registry(settings, regions, database)
    agreements = database.agreements.all()
    started = time.perf_counter()
    counts = overview_counts(agreements, policy=ReminderPolicy(), today=date(2026, 11, 30))
    text = recap_text(counts, province_name=str, language="id", day="30 November 2026")
    counted = time.perf_counter() - started
    png = recap_png(counts, province_name=str, language="id", day="30 November 2026")
    drawn = time.perf_counter() - started - counted
    return {
        "recap_agreements": len(agreements),
        "recap_count_ms": counted * 1000,
        "recap_png_ms": drawn * 1000,
        "recap_png_bytes": len(png),
        "recap_text_chars": len(text),
        "recap_goal": "count + png < 1000 ms",
    }


def run(settings: Settings) -> dict[str, object]:
    """The fan-out and recap figures (see the module docstring)."""
    with tempfile.TemporaryDirectory(prefix="sisterbot-bench-announcements-") as tmp:
        database = Database.connect(f"sqlite:///{Path(tmp) / 'bench.db'}")
        try:
            database.upgrade()
            figures = asyncio.run(_fan_out(database))
            figures.update(_recap(database, settings))
        finally:
            database.dispose()
    lost_or_doubled = figures["announcement_lost"] or figures["announcement_duplicated"]
    ratio = figures["announcement_rate_ratio"]
    assert isinstance(ratio, float)
    figures["announcement_pass"] = (
        not lost_or_doubled and not figures["announcement_second_run_sent"] and ratio >= RATE_GOAL
    )
    return figures
