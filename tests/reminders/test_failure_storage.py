"""The outbox's provider ids, late failures and failure-notice claims, on SQLite and PostgreSQL.

Each test runs against the SQL outbox and the in-memory fake alike, so the fake used by
the fast tests keeps telling the truth about the database.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest

from bot.core.reminders import Delivery, OutboxRepository
from bot.storage.database import Database
from tests.fakes import InMemoryOutbox

from .test_storage import NOW, _agreement_id, _delivery

LEASE = NOW + timedelta(minutes=5)


@pytest.fixture(params=["sql", "fake"])
def outbox_and_agreement(
    request: pytest.FixtureRequest, database: Database
) -> Iterator[tuple[OutboxRepository, int]]:
    aid = _agreement_id(database)
    yield (database.outbox if request.param == "sql" else InMemoryOutbox()), aid


def _sent(
    outbox: OutboxRepository, aid: int, chats: list[str], channel: str = "whatsapp"
) -> list[Delivery]:
    outbox.add_many([_delivery(aid, chat=c, channel=channel) for c in chats])
    rows = outbox.claim(now=NOW, token="d", lease_until=LEASE, limit=50, channels=[channel])
    for row in rows:
        assert outbox.mark_sent(row.id, "d", NOW, f"wamid.{row.chat_id}")
    return rows


def test_a_sent_delivery_keeps_its_provider_message_id(
    outbox_and_agreement: tuple[OutboxRepository, int],
) -> None:
    outbox, aid = outbox_and_agreement
    [row] = _sent(outbox, aid, ["628111"])
    stored = outbox.get(row.id)
    assert stored is not None and stored.status == "sent"
    assert stored.provider_message_id == "wamid.628111"


def test_a_late_failure_marks_exactly_its_delivery(
    outbox_and_agreement: tuple[OutboxRepository, int],
) -> None:
    outbox, aid = outbox_and_agreement
    first, second = _sent(outbox, aid, ["628111", "628222"])
    later = NOW + timedelta(minutes=3)
    assert outbox.fail_sent("telegram", "wamid.628111", "x", later) is None  # other channel
    assert outbox.fail_sent("whatsapp", "wamid.unknown", "x", later) is None
    failed = outbox.fail_sent("whatsapp", "wamid.628111", "WhatsApp 131026: undeliverable", later)
    assert failed is not None and failed.id == first.id
    assert failed.status == "failed" and failed.failed_at == later
    assert failed.last_error == "WhatsApp 131026: undeliverable"
    assert outbox.fail_sent("whatsapp", "wamid.628111", "again", later) is None  # once
    other = outbox.get(second.id)
    assert other is not None and other.status == "sent"
    assert [d.id for d in outbox.recent_failures(10)] == [first.id]


def test_a_replaced_message_is_followed_to_its_replacement(
    outbox_and_agreement: tuple[OutboxRepository, int],
) -> None:
    outbox, aid = outbox_and_agreement
    [row] = _sent(outbox, aid, ["628111"])
    note = "WhatsApp 131047: Re-engagement message; sent again as the approved template"
    assert outbox.replace_provider_id("whatsapp", "wamid.628111", "wamid.template", note)
    assert outbox.fail_sent("whatsapp", "wamid.628111", "old id", NOW) is None
    stored = outbox.get(row.id)
    assert stored is not None and stored.status == "sent" and stored.last_error == note
    failed = outbox.fail_sent("whatsapp", "wamid.template", "WhatsApp 132001: no template", NOW)
    assert failed is not None and failed.id == row.id


def test_failure_notices_are_claimed_once_and_marked(
    outbox_and_agreement: tuple[OutboxRepository, int],
) -> None:
    outbox, aid = outbox_and_agreement
    rows = _sent(outbox, aid, [f"62800{i}" for i in range(4)])
    for i, row in enumerate(rows[:3]):
        outbox.fail_sent("whatsapp", f"wamid.{row.chat_id}", "e", NOW + timedelta(seconds=i))
    a = outbox.claim_failure_notices(now=NOW, token="a", lease_until=LEASE, limit=2)
    b = outbox.claim_failure_notices(now=NOW, token="b", lease_until=LEASE, limit=5)
    assert [d.id for d in a] == [r.id for r in rows[:2]]  # oldest failure first
    assert [d.id for d in b] == [rows[2].id]
    assert outbox.claim_failure_notices(now=NOW, token="c", lease_until=LEASE, limit=5) == []
    assert outbox.mark_failures_noticed([d.id for d in a], "b", NOW) == 0  # not b's rows
    assert outbox.mark_failures_noticed([d.id for d in a], "a", NOW) == 2
    # b died without marking: after its lease the rows go to someone else, once
    late = LEASE + timedelta(seconds=1)
    retaken = outbox.claim_failure_notices(now=late, token="d", lease_until=late, limit=5)
    assert [d.id for d in retaken] == [rows[2].id]
    assert outbox.mark_failures_noticed([rows[2].id], "d", late) == 1
    far = late + timedelta(days=1)
    assert outbox.claim_failure_notices(now=far, token="e", lease_until=far, limit=5) == []
    assert all(d.admins_notified_at is not None for d in outbox.recent_failures(10))
    assert outbox.counts() == {"failed": 3, "sent": 1}


def test_every_way_of_failing_records_when(
    outbox_and_agreement: tuple[OutboxRepository, int],
) -> None:
    outbox, aid = outbox_and_agreement
    outbox.add_many([_delivery(aid, chat=c) for c in ("1", "2", "3", "4")])
    rows = outbox.claim(now=NOW, token="t", lease_until=LEASE, limit=3, channels=["telegram"])
    at = NOW + timedelta(minutes=1)
    assert outbox.mark_failed(rows[0].id, "t", "Forbidden", at)
    assert outbox.release(rows[1].id, "t", retry_at=at, error="502", max_attempts=1, at=at)
    assert outbox.release(rows[2].id, "t", retry_at=at, error="502", max_attempts=9, at=at)
    [fourth] = [d for d in outbox.pending() if d.chat_id == "4"]  # never claimed
    assert outbox.fail_chat(fourth.address, "Forbidden", at) == 1
    failed = {d.chat_id: d for d in outbox.recent_failures(10)}
    assert set(failed) == {"1", "2", "4"}
    assert all(d.failed_at == at for d in failed.values())
    retried = outbox.get(rows[2].id)
    assert retried is not None and retried.status == "pending" and retried.failed_at is None


def test_the_migration_goes_down_to_0003_and_up_again(database_url: str) -> None:
    from alembic import command
    from sqlalchemy import inspect

    from bot.storage.database import alembic_config

    db = Database.connect(database_url)
    try:
        db.upgrade()
        aid = _agreement_id(db)
        db.outbox.add_many([_delivery(aid), _delivery(aid, chat="blocked")])
        [_, blocked] = db.outbox.claim(
            now=NOW, token="t", lease_until=LEASE, limit=2, channels=["telegram"]
        )
        assert db.outbox.mark_failed(blocked.id, "t", "Forbidden", NOW)
        with db.engine.connect() as connection:
            command.downgrade(alembic_config(connection), "0003_reminders")
            connection.commit()
        columns = {c["name"] for c in inspect(db.engine).get_columns("reminder_outbox")}
        assert "provider_message_id" not in columns and "failed_at" not in columns
        db.upgrade()
        columns = {c["name"] for c in inspect(db.engine).get_columns("reminder_outbox")}
        assert {"provider_message_id", "failed_at", "admins_notified_at"} <= columns
        assert db.outbox.counts() == {"pending": 1, "failed": 1}  # rows survive the trip
        [failed] = db.outbox.recent_failures(5)
        assert failed.failed_at == blocked.send_at  # the best time known for old failures
    finally:
        db.dispose()
