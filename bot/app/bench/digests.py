"""The digest fan-out through the real Telegram stack: 1,000 chats, one digest each.

1,000 chats, each subscribed to a region with three agreements due today, get their
morning digest through python-telegram-bot and HTTP against the local Bot API stand-in
(127.0.0.1, in this process), paced by the dispatcher at ``DIGEST_RATE`` messages a
second. Goals: every chat's digest delivered exactly once (its three items recorded as
sent), at 95% or more of the configured rate (from the stand-in's own clock: the time
between its first and last sendMessage).
"""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from datetime import UTC, date, datetime
from pathlib import Path

from bot.core.clock import FakeClock
from bot.core.models import ChatAddress
from bot.core.reminders import IndonesianCalendar, ReminderPolicy, WhatIsDue
from bot.core.status import RegionIndex
from bot.delivery.dispatcher import Dispatcher
from bot.delivery.planner import OutboxPlanner
from bot.delivery.ratelimit import RateLimiter
from bot.storage.database import Database

DIGEST_CHATS = 1_000
DIGEST_RATE = 30.0  # messages per second overall: Telegram's limit, the policy default
ITEMS_PER_CHAT = 3
RATE_GOAL = 0.95
NOW = datetime(2026, 12, 9, 3, tzinfo=UTC)  # 10:00 WIB, 11:00 WITA, 12:00 WIT


def run_digests(directory: Path, index: RegionIndex, policy: ReminderPolicy) -> dict[str, object]:
    """The figures (see the module docstring)."""
    from bot.app.bench.reminders import _agreements  # the same synthetic agreements

    codes = [r.code for r in index.all()][: DIGEST_CHATS // 2]
    database = Database.connect(f"sqlite:///{directory / 'digests.db'}")
    database.upgrade()
    try:
        database.agreements.upsert_many(
            _agreements(codes, ITEMS_PER_CHAT, date(2026, 12, 9), with_mou=False)
        )
        for n, code in enumerate(codes):
            for k in range(DIGEST_CHATS // len(codes)):
                chat_id = str(700_000 + k * len(codes) + n)
                database.subscriptions.subscribe(
                    ChatAddress(channel="telegram", chat_id=chat_id), code, None
                )
        due = WhatIsDue(policy=policy, calendar=IndonesianCalendar(), timezone_of=index.timezone_of)
        planner = OutboxPlanner(
            agreements=database.agreements,
            subscriptions=database.subscriptions,
            outbox=database.outbox,
            due=due,
        )
        planned = planner.plan(NOW)
        figures = asyncio.run(_fan_out(database, index, policy, due))
        counts = database.outbox.counts()
    finally:
        database.dispose()
    figures.update(
        {
            "digest_items_planned": planned.inserted,
            "digest_items_recorded_sent": counts.get("sent", 0),
            "digest_items_left_pending": counts.get("pending", 0),
        }
    )
    return figures


async def _fan_out(
    database: Database, index: RegionIndex, policy: ReminderPolicy, due: WhatIsDue
) -> dict[str, object]:
    from telegram import Bot
    from telegram.request import HTTPXRequest

    from bot.channels.tg import TelegramNotifier, api_urls
    from bot.stand_ins.telegram_bot_api import TelegramBotApiStandIn

    async with TelegramBotApiStandIn() as api:
        base_url, base_file_url = api_urls(api.base_url)
        request = HTTPXRequest(connection_pool_size=32, httpx_kwargs={"trust_env": False})
        bot = Bot(api.token, base_url=base_url, base_file_url=base_file_url, request=request)
        async with bot:
            dispatcher = Dispatcher(
                outbox=database.outbox,
                agreements=database.agreements,
                subscriptions=database.subscriptions,
                users=database.users,
                regions=index,
                policy=policy,
                notifiers={"telegram": TelegramNotifier(bot)},
                clock=FakeClock(NOW),
                limiter=RateLimiter(DIGEST_RATE, 1.0),
                due=due,
            )
            started = time.perf_counter()
            stats = await dispatcher.dispatch_due()
            elapsed = time.perf_counter() - started
            again = await dispatcher.dispatch_due()
        sends = list(api.calls("sendMessage", ok_only=True))
        per_chat = Counter(m.chat_id for m in api.sent())
    span = (sends[-1].at - sends[0].at) if len(sends) > 1 else 0.0
    achieved = (len(sends) - 1) / span if span > 0 else 0.0
    return {
        "digest_chats": DIGEST_CHATS,
        "digest_messages_delivered": len(sends),
        "digest_chats_with_one_digest": sum(1 for n in per_chat.values() if n == 1),
        "digest_duplicated": sum(n - 1 for n in per_chat.values()),
        "digest_lost": DIGEST_CHATS - len(per_chat),
        "digest_items_sent": stats.sent,
        "digest_unknown": stats.unknown,
        "digest_second_run_sent": again.sent,
        "digest_configured_rate_per_s": DIGEST_RATE,
        "digest_achieved_rate_per_s": achieved,
        "digest_rate_ratio": achieved / DIGEST_RATE,
        "digest_rate_goal_met": achieved / DIGEST_RATE >= RATE_GOAL,
        "digest_seconds": elapsed,
    }
