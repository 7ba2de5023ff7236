"""Every delivery outcome counted, through the local Bot API and Graph API stand-ins.

A digest the platform accepted but whose answer the client could not read ends as
*unknown*: counted, reported to the admins, listed by /gagal, and never sent again. A
proven non-delivery (a refused connection, a 5xx answer) is retried as before.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, date, datetime, timedelta

import pytest

from bot.channels.wa.graph import GraphClient
from bot.channels.wa.notifier import WhatsAppNotifier
from bot.core.clock import FakeClock
from bot.core.dialogue import Turn
from bot.core.models import Channel, Incoming
from bot.core.ports import Notifier
from bot.core.reminders import FailureFeature, ReminderPolicy
from bot.core.status import RegionIndex
from bot.delivery.failure_notices import FailureNotices
from bot.stand_ins.telegram_bot_api import TelegramBotApiStandIn
from bot.stand_ins.whatsapp_graph_api import WhatsAppGraphApiStandIn
from tests.fakes import InMemoryUsers, RecordingNotifier

from .conftest import SURABAYA, agreement
from .world import World, fake_world

NOW = datetime(2026, 12, 9, 2, tzinfo=UTC)  # 09:00 WIB


@asynccontextmanager
async def telegram_notifier(base_url: str, token: str) -> AsyncIterator[Notifier]:
    from telegram import Bot
    from telegram.request import HTTPXRequest

    from bot.channels.tg import TelegramNotifier, api_urls

    url, file_url = api_urls(base_url)
    request = HTTPXRequest(connection_pool_size=8, httpx_kwargs={"trust_env": False})
    async with Bot(token, base_url=url, base_file_url=file_url, request=request) as bot:
        yield TelegramNotifier(bot, attempts=3, backoff=0.01)


def _world(regions: RegionIndex, *chats: str, channel: Channel = "telegram") -> World:
    partners = [agreement(SURABAYA, name, report_due=date(2026, 12, 9)) for name in ("A", "B")]
    world = fake_world(FakeClock(NOW), regions, ReminderPolicy(), partners)
    world.subscribe(SURABAYA, *chats, channel=channel)
    world.plan()
    return world


async def _reported(world: World, language_chat: str = "999") -> str:
    admin = RecordingNotifier()
    notices = FailureNotices(
        outbox=world.outbox,
        agreements=world.agreements,
        regions=world.regions,
        admins=frozenset({f"telegram:{language_chat}"}),
        notifiers={"telegram": admin},
        clock=world.clock,
    )
    assert await notices.send_pending() >= 1
    return "\n".join(reply.text for _, reply in admin.sent)


def _listed(world: World) -> str:
    outbox, agreements, regions = world.outbox, world.agreements, world.regions
    feature = FailureFeature(outbox=outbox, agreements=agreements, regions=regions)
    incoming = Incoming(channel="telegram", user_id="999", chat_id="999", text="/gagal")
    turn = Turn(
        incoming=incoming,
        text="/gagal",
        language="id",
        language_chosen=False,
        now=NOW,
        is_admin=True,
    )
    return feature.list_failures(turn, "").text


async def test_an_unreadable_answer_after_telegram_accepted_is_unknown_and_not_resent(
    regions: RegionIndex, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PTB_TIMEDELTA", "1")
    world = _world(regions, "4001", "4002")
    async with TelegramBotApiStandIn() as api:
        api.garble_next("sendMessage")  # the first digest arrives; its answer is garbage
        async with telegram_notifier(api.base_url, api.token) as notifier:
            world.notifiers = {"telegram": notifier}
            stats = await world.dispatcher().dispatch_due()
            assert (stats.sent, stats.unknown, stats.retried, stats.failed) == (2, 2, 0, 0)
            assert stats.digests == 1
            # later passes never send it again
            for _ in range(3):
                world.clock.advance(timedelta(hours=1))
                world.plan()
                again = await world.dispatcher().dispatch_due()
                assert again.claimed == 0
        delivered = [m.chat_id for m in api.sent()]
    assert sorted(delivered) == [4001, 4002]  # each chat's digest once, unknown or not
    counts = world.outbox.counts()
    assert (counts["sent"], counts["unknown"], counts.get("pending", 0)) == (2, 2, 0)
    notice = await _reported(world)
    assert "tidak pasti" in notice and "mungkin terkirim" in notice
    assert "tidak pasti" in _listed(world)


async def test_a_5xx_or_a_refused_connection_is_retried_not_unknown(
    regions: RegionIndex, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PTB_TIMEDELTA", "1")
    world = _world(regions, "4101")
    async with TelegramBotApiStandIn() as api:
        api.fail_next("sendMessage", status=502, count=3)  # every attempt of this pass
        async with telegram_notifier(api.base_url, api.token) as notifier:
            world.notifiers = {"telegram": notifier}
            stats = await world.dispatcher().dispatch_due()
            assert (stats.sent, stats.unknown, stats.retried) == (0, 0, 2)
            world.clock.advance(timedelta(minutes=5))
            stats = await world.dispatcher().dispatch_due()
            assert (stats.sent, stats.unknown) == (2, 0)
        assert len(api.sent(chat_id=4101)) == 1
    # the server goes away: the connection is refused, nothing can have arrived
    world2 = _world(regions, "4102")
    api = TelegramBotApiStandIn()
    await api.__aenter__()
    opened = telegram_notifier(api.base_url, api.token)
    notifier = await opened.__aenter__()
    await api.__aexit__(None, None, None)
    try:
        world2.notifiers = {"telegram": notifier}
        stats = await world2.dispatcher().dispatch_due()
    finally:
        await opened.__aexit__(None, None, None)
    assert (stats.sent, stats.unknown, stats.retried) == (0, 0, 2)
    assert world2.outbox.counts()["pending"] == 2


async def test_an_unreadable_graph_answer_is_unknown_and_not_resent(regions: RegionIndex) -> None:
    world = _world(regions, "6281200004001", channel="whatsapp")
    async with WhatsAppGraphApiStandIn() as graph:
        client = GraphClient(
            base_url=graph.base_url,
            api_version="21.0",
            phone_id=graph.phone_id,
            token=graph.token,
            sleep=_no_sleep,
        )
        notifier = WhatsAppNotifier(
            graph=client,
            users=InMemoryUsers(),
            clock=world.clock,
            template_name="sisterbot_reminder",
            template_language="id",
        )
        graph.garble_next()
        world.notifiers = {"whatsapp": notifier}
        stats = await world.dispatcher().dispatch_due()
        assert (stats.sent, stats.unknown, stats.retried) == (0, 2, 0)
        world.clock.advance(timedelta(hours=2))
        assert (await world.dispatcher().dispatch_due()).claimed == 0
        await client.aclose()
        assert len(graph.sent_to("6281200004001")) == 1  # the template, once
    counts = world.outbox.counts()
    assert (counts.get("sent", 0), counts["unknown"], counts.get("pending", 0)) == (0, 2, 0)
    assert "tidak pasti" in await _reported(world)


async def _no_sleep(_seconds: float) -> None:
    return None
