"""The morning digests' fan-out through the real channels: 1,000 chats, one digest each.

1,000 chats, each subscribed to a region with three agreements due today, get their
morning digest from the real dispatcher, through HTTP against a local stand-in
(127.0.0.1, in this process), once per channel:

* **Telegram** (``digest_*``): python-telegram-bot and the Bot API stand-in, at
  ``DIGEST_RATE`` messages a second (Telegram's limit, the policy's default);
* **WhatsApp** (``wa_digest_*``): the WhatsApp notifier, its Graph API client and the
  Graph API stand-in, at ``WA_DIGEST_RATE`` (WhatsApp Cloud API's default throughput for
  a business number). Half the chats wrote within 24 hours and get the digest as a list
  message; the other half get the approved template, as outside the window.

Goals: every chat's digest delivered exactly once (its three items recorded as sent),
none lost, none doubled, at 95% or more of the configured rate, from the stand-in's own
clock: the time between the first and the last digest it accepted.
"""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from bot.core.clock import FakeClock
from bot.core.models import ChatAddress
from bot.core.ports import Notifier
from bot.core.reminders import IndonesianCalendar, ReminderPolicy, WhatIsDue
from bot.core.status import RegionIndex
from bot.delivery.dispatcher import Dispatcher
from bot.delivery.planner import OutboxPlanner
from bot.delivery.ratelimit import RateLimiter
from bot.storage.database import Database

DIGEST_CHATS = 1_000
DIGEST_RATE = 30.0  # messages per second overall: Telegram's limit, the policy default
WA_DIGEST_RATE = 80.0  # WhatsApp Cloud API: 80 messages a second per business number
ITEMS_PER_CHAT = 3
RATE_GOAL = 0.95
NOW = datetime(2026, 12, 9, 3, tzinfo=UTC)  # 10:00 WIB, 11:00 WITA, 12:00 WIT


def run_digests(directory: Path, index: RegionIndex, policy: ReminderPolicy) -> dict[str, object]:
    """The figures of both channels (see the module docstring)."""
    figures = _run(directory, index, policy, "telegram")
    figures.update(_run(directory, index, policy, "whatsapp"))
    return figures


def _run(
    directory: Path, index: RegionIndex, policy: ReminderPolicy, channel: str
) -> dict[str, object]:
    from bot.app.bench.reminders import _agreements  # the same synthetic agreements

    codes = [r.code for r in index.all()][: DIGEST_CHATS // 2]
    database = Database.connect(f"sqlite:///{directory / f'digests-{channel}.db'}")
    database.upgrade()
    prefix = "digest" if channel == "telegram" else "wa_digest"
    try:
        database.agreements.upsert_many(
            _agreements(codes, ITEMS_PER_CHAT, date(2026, 12, 9), with_mou=False)
        )
        for n, code in enumerate(codes):
            for k in range(DIGEST_CHATS // len(codes)):
                number = k * len(codes) + n
                chat_id = str(700_000 + number) if channel == "telegram" else f"6281{number:08d}"
                address = ChatAddress(channel=channel, chat_id=chat_id)  # type: ignore[arg-type]
                database.subscriptions.subscribe(address, code, None)
                if channel == "whatsapp" and number % 2 == 0:  # wrote an hour ago: in window
                    database.users.touch(channel, chat_id, NOW - timedelta(hours=1))
        due = WhatIsDue(policy=policy, calendar=IndonesianCalendar(), timezone_of=index.timezone_of)
        planner = OutboxPlanner(
            agreements=database.agreements,
            subscriptions=database.subscriptions,
            outbox=database.outbox,
            due=due,
        )
        planned = planner.plan(NOW)
        fan_out = _telegram if channel == "telegram" else _whatsapp
        figures = asyncio.run(fan_out(database, index, policy, due))
        counts = database.outbox.counts()
    finally:
        database.dispose()
    figures.update(
        {
            f"{prefix}_items_planned": planned.inserted,
            f"{prefix}_items_recorded_sent": counts.get("sent", 0),
            f"{prefix}_items_left_pending": counts.get("pending", 0),
        }
    )
    return figures


def _dispatcher(
    database: Database,
    index: RegionIndex,
    policy: ReminderPolicy,
    due: WhatIsDue,
    notifiers: dict[str, Notifier],
    rate: float,
) -> Dispatcher:
    return Dispatcher(
        outbox=database.outbox,
        agreements=database.agreements,
        subscriptions=database.subscriptions,
        users=database.users,
        regions=index,
        policy=policy,
        notifiers=notifiers,
        clock=FakeClock(NOW),
        limiter=RateLimiter(rate, 1.0),
        due=due,
    )


def _rate(times: list[float], configured: float) -> dict[str, object]:
    """The rate between the first and the last digest, against the configured one."""
    times = sorted(times)
    span = times[-1] - times[0] if len(times) > 1 else 0.0
    achieved = (len(times) - 1) / span if span > 0 else 0.0
    return {
        "configured_rate_per_s": configured,
        "achieved_rate_per_s": achieved,
        "rate_ratio": achieved / configured,
        "rate_goal_met": achieved / configured >= RATE_GOAL,
    }


async def _telegram(
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
            notifiers: dict[str, Notifier] = {"telegram": TelegramNotifier(bot)}
            dispatcher = _dispatcher(database, index, policy, due, notifiers, DIGEST_RATE)
            started = time.perf_counter()
            stats = await dispatcher.dispatch_due()
            elapsed = time.perf_counter() - started
            again = await dispatcher.dispatch_due()
        sends = list(api.calls("sendMessage", ok_only=True))
        per_chat = Counter(m.chat_id for m in api.sent())
    rate = _rate([s.at for s in sends], DIGEST_RATE)
    return {
        "digest_chats": DIGEST_CHATS,
        "digest_messages_delivered": len(sends),
        "digest_chats_with_one_digest": sum(1 for n in per_chat.values() if n == 1),
        "digest_duplicated": sum(n - 1 for n in per_chat.values()),
        "digest_lost": DIGEST_CHATS - len(per_chat),
        "digest_items_sent": stats.sent,
        "digest_unknown": stats.unknown,
        "digest_second_run_sent": again.sent,
        **{f"digest_{name}": value for name, value in rate.items()},
        "digest_seconds": elapsed,
    }


async def _whatsapp(
    database: Database, index: RegionIndex, policy: ReminderPolicy, due: WhatIsDue
) -> dict[str, object]:
    import httpx

    from bot.channels.wa.graph import GraphClient
    from bot.channels.wa.notifier import WhatsAppNotifier
    from bot.stand_ins.whatsapp_graph_api import WhatsAppGraphApiStandIn

    async with WhatsAppGraphApiStandIn() as graph:
        http = httpx.AsyncClient(
            timeout=15.0, limits=httpx.Limits(max_connections=32), trust_env=False
        )
        client = GraphClient(
            base_url=graph.base_url,
            api_version="21.0",
            phone_id=graph.phone_id,
            token=graph.token,
            http=http,
        )
        notifier = WhatsAppNotifier(
            graph=client,
            users=database.users,
            clock=FakeClock(NOW),
            template_name="sisterbot_reminder",
            template_language="id",
        )
        try:
            notifiers: dict[str, Notifier] = {"whatsapp": notifier}
            dispatcher = _dispatcher(database, index, policy, due, notifiers, WA_DIGEST_RATE)
            started = time.perf_counter()
            stats = await dispatcher.dispatch_due()
            elapsed = time.perf_counter() - started
            again = await dispatcher.dispatch_due()
        finally:
            await client.aclose()
    # A digest is its list message (in the window; a long text may come before it) or
    # its template (outside): exactly one of them per chat.
    digests = [m for m in graph.sent if m.type in ("interactive", "template")]
    per_chat = Counter(m.to for m in digests)
    first: dict[str, float] = {}
    for message in digests:
        first.setdefault(message.to, message.at)
    rate = _rate(list(first.values()), WA_DIGEST_RATE)
    return {
        "wa_digest_chats": DIGEST_CHATS,
        "wa_digest_list_messages": sum(1 for m in digests if m.type == "interactive"),
        "wa_digest_templates": sum(1 for m in digests if m.type == "template"),
        "wa_digest_messages_rejected": len(graph.rejected),
        "wa_digest_duplicated": sum(n - 1 for n in per_chat.values()),
        "wa_digest_lost": DIGEST_CHATS - len(per_chat),
        "wa_digest_items_sent": stats.sent,
        "wa_digest_unknown": stats.unknown,
        "wa_digest_second_run_sent": again.sent,
        **{f"wa_digest_{name}": value for name, value in rate.items()},
        "wa_digest_seconds": elapsed,
    }
