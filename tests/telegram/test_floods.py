"""A flooding user is turned away before the store: no inbox row, one "slow down" per flood.

The per-user limit (12 at once, then one every 2 s) is applied when an update arrives,
in polling and webhook mode alike, before the inbox writes it: what it drops is
acknowledged to Telegram, never stored and counted; what it lets through is stored
before it is acknowledged, as every update is, so it survives a restart.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable

import httpx
from sqlalchemy import func, select
from telegram import Bot, Update

from bot.channels.tg import SECRET_HEADER, TokenBucketThrottle, Verdict
from bot.channels.tg._gate import FloodGate
from bot.core.models import Incoming, Reply
from bot.stand_ins.telegram_bot_api import TelegramBotApiStandIn
from bot.storage.database import Database
from bot.storage.inbox_tables import InboxRow

from .conftest import FAST, ProbeCore, running_bot, settled
from .test_webhook import free_port, update

SLOW_DOWN = "Pesan Anda terlalu cepat"
FLOODER, OTHER = 61, 62


def inbox_rows(database: Database) -> dict[str, int]:
    """The Telegram inbox's rows per state."""
    with database.sessions() as session:
        query = (
            select(InboxRow.state, func.count())
            .where(InboxRow.channel == "telegram")
            .group_by(InboxRow.state)
        )
        return {state: count for state, count in session.execute(query).all()}


def ticking(step: float) -> Callable[[], float]:
    """A throttle clock that moves ``step`` seconds at every reading (one per message)."""
    ticks = itertools.count()
    return lambda: next(ticks) * step


async def test_a_flood_is_dropped_before_it_is_stored_and_told_once(
    api: TelegramBotApiStandIn, probe: ProbeCore, database: Database
) -> None:
    counted: list[int] = []
    async with running_bot(
        api,
        probe.handle,
        probe.dialogue.command_names,
        inbox=database.telegram_inbox,
        throttle_clock=ticking(0.05),  # 1,000 a second would be 0.001: slower is stricter
        on_throttled=lambda: counted.append(1),
    ) as bot:
        for n in range(200):  # ten seconds of 20 messages a second
            api.post_message(chat_id=FLOODER, text=f"banjir {n}")
        api.post_message(chat_id=OTHER, text="saya juga")
        await api.wait_for_sent(1, chat_id=OTHER, within=30)
        await settled(api, bot)  # every update confirmed to Telegram, stored or not
    texts = [m.text for m in api.sent(FLOODER)]
    notices = [t for t in texts if t.startswith(SLOW_DOWN)]
    answered = [t for t in texts if t.startswith("Q: ")]
    assert len(notices) == 1
    assert len(answered) == 12 + 4  # the burst, then one every 2 s of the 10
    assert texts.index(notices[0]) == 12  # after the answers to what came before it
    assert [m.text for m in api.sent(OTHER)] == ["Q: saya juga"]
    # only what was answered was ever written: 16 of the flood and the other user's one
    assert inbox_rows(database) == {"done": 16 + 1}
    assert len(counted) == 200 - 16


async def test_what_the_limit_let_through_survives_a_restart(
    api: TelegramBotApiStandIn, probe: ProbeCore, database: Database
) -> None:
    def database_away(_incoming: Incoming) -> Reply:
        raise RuntimeError("the database is away")

    async with running_bot(
        api, database_away, probe.dialogue.command_names, inbox=database.telegram_inbox
    ) as bot:
        for n in range(30):
            api.post_message(chat_id=FLOODER, text=f"pertanyaan {n}")
        await api.wait_for_sent(1, chat_id=FLOODER)  # the notice: it needs no core
        await settled(api, bot)
    assert inbox_rows(database) == {"pending": 12}  # the 18 over the limit: nothing stored
    async with running_bot(  # a new process: the stored ones are answered, nothing else
        api, probe.handle, probe.dialogue.command_names, inbox=database.telegram_inbox
    ) as bot:
        await api.wait_for_sent(13, chat_id=FLOODER, within=30)
        await settled(api, bot)
    texts = [m.text for m in api.sent(FLOODER)]
    assert texts[0].startswith(SLOW_DOWN) and len(texts) == 13
    assert texts[1:] == [f"Q: pertanyaan {n}" for n in range(12)]
    assert inbox_rows(database) == {"done": 12}


async def test_the_webhook_acknowledges_a_flood_and_stores_only_what_it_answers(
    api: TelegramBotApiStandIn, probe: ProbeCore, database: Database
) -> None:
    port = free_port()
    secret = "flood-secret"
    async with (
        running_bot(
            api,
            probe.handle,
            probe.dialogue.command_names,
            webhook_url=f"http://127.0.0.1:{port}/telegram",
            webhook_secret=secret,
            http_port=port,
            inbox=database.telegram_inbox,
            options=FAST,
        ) as bot,
        httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", trust_env=False) as client,
    ):
        statuses = [
            (
                await client.post(
                    "/telegram",
                    json=update(1000 + n, FLOODER, f"banjir {n}"),
                    headers={SECRET_HEADER: secret},
                )
            ).status_code
            for n in range(40)
        ]
        await api.wait_for_sent(13, chat_id=FLOODER)
        await settled(api, bot)
    assert statuses == [200] * 40  # dropped is acknowledged: Telegram must not send it again
    texts = [m.text for m in api.sent(FLOODER)]
    assert len(texts) == 13 and sum(t.startswith(SLOW_DOWN) for t in texts) == 1
    assert inbox_rows(database) == {"done": 12}


async def test_group_chatter_not_for_the_bot_does_not_count_against_a_user(
    api: TelegramBotApiStandIn, probe: ProbeCore
) -> None:
    async with running_bot(api, probe.handle, probe.dialogue.command_names) as bot:
        for n in range(30):  # a busy group: none of it is addressed to the bot
            api.post_message(chat_id=-100, user_id=FLOODER, text=f"obrolan {n}", group=True)
        api.post_message(
            chat_id=-100, user_id=FLOODER, text="@sisterbot_test_bot apa itu LoI", group=True
        )
        [answer] = await api.wait_for_sent(1, chat_id=-100)
        await settled(api, bot)
    assert answer.text == "Q: apa itu LoI"


def test_the_gate_judges_private_messages_and_buttons_without_parsing_them() -> None:
    def unparsed() -> Update:
        raise AssertionError("parsed")

    bot = Bot("123:abc")
    gate = FloodGate(TokenBucketThrottle(burst=2, per_second=1.0, clock=lambda: 0.0), bot)
    private = [update(n, FLOODER, f"banjir {n}") for n in range(3)]
    assert [gate.check(u, unparsed) for u in private] == [
        Verdict.ALLOW,
        Verdict.ALLOW,
        Verdict.NOTIFY,
    ]
    press = {
        "update_id": 9,
        "callback_query": {
            "id": "1",
            "from": {"id": FLOODER, "is_bot": False, "first_name": "B"},
            "chat_instance": "1",
            "data": "fb:up",
        },
    }
    assert gate.check(press, unparsed) is Verdict.DROP
    group = update(10, FLOODER, "obrolan")
    group["message"]["chat"] = {"id": -5, "type": "group", "title": "G"}  # type: ignore[index]
    parsed: list[int] = []

    def parse() -> Update:
        parsed.append(1)
        found = Update.de_json(group, bot)
        assert found is not None
        return found

    assert gate.check(group, parse) is Verdict.ALLOW  # needs the parsed message, not for us
    assert parsed == [1] and gate.throttled == 2
