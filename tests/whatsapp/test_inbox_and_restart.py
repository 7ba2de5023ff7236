"""Deduplication that survives a restart, and answers that survive a crash."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from bot.channels.wa.inbox import RecentIds, StoredInbox, message_from_json, message_to_json
from bot.channels.wa.updates import InboundMessage, StatusUpdate
from bot.stand_ins.whatsapp_webhooks import text_payload
from bot.storage.database import Database

from .conftest import load

NOW = datetime(2026, 11, 28, 1, 0, tzinfo=UTC)


def message(message_id: str = "wamid.1", text: str = "halo 👋") -> InboundMessage:
    return InboundMessage(
        message_id=message_id, wa_id="6281234567801", kind="text", text=text, sent_at=NOW
    )


def test_sql_inbox_claims_each_id_once(database: Database) -> None:
    inbox = StoredInbox(database.whatsapp_inbox)
    assert inbox.claim(message(), NOW)
    assert not inbox.claim(message(), NOW)
    assert not StoredInbox(database.whatsapp_inbox).claim(message(), NOW)  # another process
    assert inbox.pending() == [message()]


def test_finished_messages_forget_their_content(database: Database) -> None:
    inbox = StoredInbox(database.whatsapp_inbox)
    inbox.claim(message("wamid.1"), NOW)
    inbox.claim(message("wamid.2"), NOW + timedelta(seconds=1))
    inbox.finish("wamid.1", "done", NOW)
    assert [m.message_id for m in inbox.pending()] == ["wamid.2"]
    with database.engine.connect() as connection:
        rows = connection.exec_driver_sql(
            "SELECT message_id, state, content FROM inbox ORDER BY message_id"
        ).all()
    assert rows[0] == ("wamid.1", "done", None)
    assert rows[1][1] == "pending" and "halo" in rows[1][2]


def test_message_json_round_trip() -> None:
    original = message(text="emoji 🇮🇩 \x00 and\nnewline")
    assert message_from_json(message_to_json(original)) == original


def test_recent_ids_are_bounded() -> None:
    recent = RecentIds(limit=3)
    assert all(recent.add(x) for x in "abcd")
    assert "a" not in recent and "d" in recent
    assert not recent.add("d")


async def test_a_restart_does_not_answer_a_redelivered_message_again(
    start_bot: Any, database: Database
) -> None:
    inbox = StoredInbox(database.whatsapp_inbox)
    payload = load("text_message")
    async with start_bot(inbox=inbox) as bot:
        await bot.post(payload)
        await bot.graph.wait_for_sent(1)
        await bot.settle()
    async with start_bot(inbox=StoredInbox(database.whatsapp_inbox)) as bot:  # a new process
        response = await bot.post(payload)
        await bot.settle()
        assert response.status_code == 200
        assert bot.channel.webhook.counters.duplicates == 1
    assert len(bot.graph.sent) == 1


async def test_messages_accepted_but_unanswered_are_answered_on_the_next_start(
    start_bot: Any, database: Database
) -> None:
    inbox = StoredInbox(database.whatsapp_inbox)
    inbox.claim(message("wamid.crashed", "pesan sebelum crash"), NOW)  # 200 given, then a crash
    async with start_bot(inbox=StoredInbox(database.whatsapp_inbox)) as bot:
        sent = await bot.graph.wait_for_sent(1)
        await bot.settle()
    assert sent[0].text == "echo: pesan sebelum crash"
    assert inbox.pending() == []


class BrokenInbox:
    """An inbox whose database is down."""

    def claim(self, message: InboundMessage, now: datetime) -> bool:
        raise ConnectionError("database down")

    def finish(self, message_id: str, state: str, now: datetime) -> None: ...

    def pending(self) -> list[InboundMessage]:
        return []

    def record_status(self, status: StatusUpdate, now: datetime) -> bool:
        return True

    def failures(self, since: datetime) -> list[StatusUpdate]:
        return []


async def test_a_message_that_cannot_be_stored_gets_a_503_so_meta_retries(start_bot: Any) -> None:
    async with start_bot(inbox=BrokenInbox()) as bot:
        payload = text_payload("6281234567801", "halo", message_id="wamid.retry")
        first = await bot.post(payload)
        second = await bot.post(payload)  # not mistaken for a duplicate
        await bot.settle()
    assert (first.status_code, second.status_code) == (503, 503)
    assert bot.channel.webhook.counters.duplicates == 0
    assert bot.graph.sent == []


async def test_the_status_listener_hears_each_status_once(
    graph: Any, users: Any, clock: Any
) -> None:
    from bot.channels.wa.channel import build_channel
    from bot.channels.wa.updates import StatusUpdate as Status
    from tests.fakes.inbox import MemoryInbox

    from .conftest import whatsapp_settings

    heard: list[Status] = []

    async def listener(status: Status) -> None:
        heard.append(status)

    channel = build_channel(
        whatsapp_settings(graph),
        handle=lambda _i: None,  # type: ignore[arg-type,return-value]
        users=users,
        clock=clock,
        inbox=MemoryInbox(),
        status_listener=listener,
    )
    failed = Status(message_id="wamid.r1", status="failed", error_code=131047)
    await channel.processor.record_status(failed)
    await channel.processor.record_status(failed)
    await channel.graph.aclose()
    assert heard == [failed]


def test_one_inbox_table_keeps_each_channel_apart_and_defers_retries(database: Database) -> None:
    telegram, whatsapp = database.telegram_inbox, database.whatsapp_inbox
    assert telegram.claim("42", '{"update_id": 42}', NOW)
    assert whatsapp.claim("42", '{"message_id": "42"}', NOW)  # the same id on another channel
    assert not telegram.claim("42", "{}", NOW)
    assert telegram.defer("42", NOW, [5.0, 30.0]) == 1
    assert telegram.pending(due_by=NOW) == []
    assert telegram.pending(due_by=NOW + timedelta(seconds=5)) == ['{"update_id": 42}']
    assert telegram.defer("42", NOW, [5.0, 30.0]) == 2
    assert telegram.pending(due_by=NOW + timedelta(seconds=29)) == []
    assert telegram.defer("42", NOW, [5.0, 30.0]) == 3  # the last delay repeats
    assert whatsapp.pending(due_by=NOW) == ['{"message_id": "42"}']


def test_text_no_database_column_takes_is_made_storable(database: Database) -> None:
    inbox = database.telegram_inbox
    assert inbox.claim("\ud800id", '{"text": "a\ud83db\x00c"}', NOW)
    (content,) = inbox.pending()
    assert "\ud83d" not in content and "\x00" not in content and content.startswith('{"text": "a')
