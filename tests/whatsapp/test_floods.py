"""A flooding sender is turned away before the store: no inbox row, one "slow down" per flood.

As on Telegram: 12 messages at once, then one every 2 s; what the limit drops is
acknowledged (200, so Meta does not send it again), never stored and counted; what it
lets through is stored before the 200, so it survives a restart.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from bot.channels.throttle import TokenBucketThrottle
from bot.channels.wa.inbox import StoredInbox
from bot.core.models import Incoming, Reply
from bot.stand_ins.whatsapp_webhooks import text_payload
from bot.storage.database import Database
from bot.storage.inbox_tables import InboxRow

FLOODER, OTHER = "6281234500001", "6281234500002"
SLOW_DOWN = "Mohon pelan-pelan"


def inbox_rows(database: Database) -> dict[str, int]:
    """The WhatsApp inbox's rows per state."""
    with database.sessions() as session:
        query = (
            select(InboxRow.state, func.count())
            .where(InboxRow.channel == "whatsapp")
            .group_by(InboxRow.state)
        )
        return {state: count for state, count in session.execute(query).all()}


async def test_a_flood_is_dropped_before_it_is_stored_and_told_once(
    start_bot: Any, database: Database
) -> None:
    now = [0.0]
    throttle = TokenBucketThrottle(burst=12, per_second=0.5, clock=lambda: now[0])
    async with start_bot(throttle=throttle, inbox=StoredInbox(database.whatsapp_inbox)) as bot:
        for n in range(200):
            now[0] = n * 0.05
            response = await bot.post(text_payload(FLOODER, f"banjir {n}", message_id=f"f.{n}"))
            assert response.status_code == 200  # dropped, yet acknowledged
        await bot.post(text_payload(OTHER, "saya juga", message_id="o.1"))
        await bot.settle()
    flood = [m.text for m in bot.graph.sent_to(FLOODER)]
    assert sum(t.startswith(SLOW_DOWN) for t in flood) == 1
    assert len(flood) == 1 + 12 + 4
    assert [m.text for m in bot.graph.sent_to(OTHER)] == ["echo: saya juga"]
    assert inbox_rows(database) == {"done": 16 + 1}  # nothing of the dropped 184 written
    assert bot.channel.webhook.counters.throttled == 200 - 16


async def test_what_the_limit_let_through_survives_a_restart(
    start_bot: Any, database: Database
) -> None:
    def database_away(_incoming: Incoming) -> Reply:
        raise RuntimeError("the database is away")

    throttle = TokenBucketThrottle(burst=12, per_second=0.5, clock=lambda: 0.0)
    async with start_bot(
        handle=database_away, throttle=throttle, inbox=StoredInbox(database.whatsapp_inbox)
    ) as bot:
        for n in range(30):
            await bot.post(text_payload(FLOODER, f"pertanyaan {n}", message_id=f"p.{n}"))
        await bot.graph.wait_for_sent(1)  # the notice needs no core
        await bot.settle()
    assert inbox_rows(database) == {"pending": 12}
    async with start_bot(inbox=StoredInbox(database.whatsapp_inbox)) as bot:  # a new process
        await bot.graph.wait_for_sent(12 + 1)
        await bot.settle()
    texts = [m.text for m in bot.graph.sent_to(FLOODER)]
    assert texts[0].startswith(SLOW_DOWN)
    assert sorted(texts[1:]) == sorted(f"echo: pertanyaan {n}" for n in range(12))
    assert inbox_rows(database) == {"done": 12}
