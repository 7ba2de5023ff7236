"""A 429 storm from the local Bot API server: every reminder arrives, each exactly once."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime, timedelta

import pytest

from bot.core.clock import FakeClock
from bot.core.reminders import ReminderPolicy
from bot.core.status import RegionIndex
from bot.delivery.dispatcher import Dispatcher
from bot.delivery.ratelimit import RateLimiter
from bot.stand_ins.telegram_bot_api import FloodLimits, TelegramBotApiStandIn

from .conftest import SURABAYA, agreement
from .world import fake_world


async def test_a_429_storm_delivers_everything_once(
    regions: RegionIndex, monkeypatch: pytest.MonkeyPatch
) -> None:
    from telegram import Bot
    from telegram.request import HTTPXRequest

    from bot.channels.tg import TelegramNotifier, api_urls

    monkeypatch.setenv("PTB_TIMEDELTA", "1")
    clock = FakeClock(datetime(2026, 12, 9, 2, tzinfo=UTC))
    partners = [agreement(SURABAYA, f"Partner {i}", report_due=date(2026, 12, 9)) for i in range(2)]
    world = fake_world(clock, regions, ReminderPolicy(), partners)
    chats = [str(1000 + i) for i in range(20)]
    world.subscribe(SURABAYA, *chats)
    world.plan()
    limits = FloodLimits(overall_per_second=10, per_chat_per_second=1, retry_after=1)
    async with TelegramBotApiStandIn(limits=limits) as api:
        base_url, base_file_url = api_urls(api.base_url)
        request = HTTPXRequest(connection_pool_size=32, httpx_kwargs={"trust_env": False})
        bot = Bot(api.token, base_url=base_url, base_file_url=base_file_url, request=request)
        async with bot:
            dispatcher = Dispatcher(
                outbox=world.outbox,
                agreements=world.agreements,
                subscriptions=world.subscriptions,
                users=world.users,
                regions=regions,
                policy=world.policy,
                notifiers={"telegram": TelegramNotifier(bot, attempts=2, backoff=0.05)},
                clock=clock,
                # far faster than the server allows: the storm is the point
                limiter=RateLimiter(60.0, 0.0),
            )
            stats = await dispatcher.dispatch_due()
            for _ in range(10):  # rows that ran out of retries go back for later
                if not world.outbox.pending():
                    break
                clock.advance(timedelta(hours=1))
                more = await dispatcher.dispatch_due()
                stats.sent += more.sent
        refused = [r for r in api.calls("sendMessage", ok_only=False) if r.status == 429]
        delivered = Counter(m.chat_id for m in api.sent())
    assert refused, "the server never said 429: the test did not test anything"
    assert stats.sent == 40
    assert sorted(delivered) == sorted(int(c) for c in chats)
    # one digest per chat holding both agreements, no message twice
    assert set(delivered.values()) == {1}
    assert all("Partner 0" in m.text and "Partner 1" in m.text for m in api.sent())
    assert world.outbox.counts()["sent"] == 40
