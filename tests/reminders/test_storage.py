"""Subscriptions, officers, the whole reminder flow and the outbox migrations, on SQLite and
PostgreSQL. The outbox's own contract is in ``tests/contracts/``."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from bot.core.clock import FakeClock
from bot.core.models import ChatAddress, OfficerRequest, OfficerStatus
from bot.core.reminders import NewDelivery, ReminderPolicy
from bot.core.status import RegionIndex
from bot.storage.database import Database

from .conftest import SURABAYA, agreement
from .world import World

NOW = datetime(2026, 12, 9, 2, tzinfo=UTC)
CHAT = ChatAddress(channel="telegram", chat_id="100")


def _agreement_id(database: Database) -> int:
    database.agreements.upsert_many([agreement(SURABAYA, "Kochi", report_due=date(2026, 12, 9))])
    [stored] = database.agreements.all()
    assert stored.id is not None
    return stored.id


def _delivery(agreement_id: int, chat: str = "100") -> NewDelivery:
    return NewDelivery(
        agreement_id=agreement_id,
        region_code=SURABAYA,
        kind="report",
        due=date(2026, 12, 9),
        lead_days=0,
        channel="telegram",
        chat_id=chat,
        user_id=chat,
        send_at=NOW - timedelta(hours=1),
    )


def test_subscriptions(database: Database) -> None:
    subs = database.subscriptions
    assert subs.subscribe(CHAT, SURABAYA, "7")
    assert not subs.subscribe(CHAT, SURABAYA, "7")
    assert subs.subscribe(CHAT, "51.03", "7")
    assert [s.region_code for s in subs.for_chat(CHAT)] == [SURABAYA, "51.03"]
    subs.pause(CHAT, "Forbidden: bot was blocked by the user")
    assert subs.active() == [] and subs.for_region(SURABAYA) == []
    assert all(s.paused for s in subs.for_chat(CHAT))
    assert subs.subscribe(CHAT, SURABAYA, "7")  # subscribing again un-pauses
    assert [s.region_code for s in subs.active()] == [SURABAYA]
    assert subs.unsubscribe(CHAT) == 2 and subs.for_chat(CHAT) == []


def test_officers(database: Database) -> None:
    officers = database.officers
    request = OfficerRequest(channel="telegram", user_id="7", chat_id="7", region_code=SURABAYA)
    stored = officers.request(request)
    assert stored.id is not None and officers.request(request).id == stored.id
    assert [r.id for r in officers.unannounced()] == [stored.id]
    assert officers.mark_announced(stored.id, OfficerStatus.PENDING)
    assert officers.unannounced() == []
    assert not officers.is_officer("telegram", "7", SURABAYA)
    decided = officers.decide(stored.id, OfficerStatus.APPROVED)
    assert decided is not None and decided.status is OfficerStatus.APPROVED
    assert officers.decide(stored.id, OfficerStatus.REJECTED) is None
    assert officers.is_officer("telegram", "7", SURABAYA)
    assert not officers.is_officer("telegram", "7", "51.03")
    assert [r.id for r in officers.unannounced()] == [stored.id]
    assert not officers.mark_announced(stored.id, OfficerStatus.PENDING)
    assert officers.mark_announced(stored.id, OfficerStatus.APPROVED)
    assert officers.pending() == []


async def test_the_whole_flow_on_the_database(
    database: Database, regions: RegionIndex, policy: ReminderPolicy
) -> None:
    from tests.fakes import RecordingNotifier

    _agreement_id(database)
    world = World(
        clock=FakeClock(datetime(2026, 12, 8, 15, tzinfo=UTC)),
        regions=regions,
        policy=policy,
        agreements=database.agreements,
        subscriptions=database.subscriptions,
        outbox=database.outbox,
        notifier=RecordingNotifier(),
    )
    world.subscribe(SURABAYA, "100", "101")
    _, stats = await world.tick()
    assert stats.sent == 2  # catch-up: lead 1 only, to each chat
    assert database.outbox.counts() == {"sent": 2, "superseded": 4}
    _, again = await world.tick()
    assert again.claimed == 0 and len(world.notifier.sent) == 2


def test_the_reminder_migration_goes_down_and_up(database_url: str) -> None:
    from alembic import command
    from sqlalchemy import inspect

    from bot.storage.database import alembic_config, head_revisions

    db = Database.connect(database_url)
    try:
        db.upgrade()
        assert db.current_revision() in head_revisions()
        with db.engine.connect() as connection:
            command.downgrade(alembic_config(connection), "0002_whatsapp")
            connection.commit()
        assert "reminder_outbox" not in inspect(db.engine).get_table_names()
        db.upgrade()
        assert {"reminder_outbox", "subscriptions", "officer_requests"} <= set(
            inspect(db.engine).get_table_names()
        )
    finally:
        db.dispose()


def test_the_migration_goes_down_to_0003_and_up_again(database_url: str) -> None:
    from alembic import command
    from sqlalchemy import inspect

    from bot.storage.database import alembic_config

    lease = NOW + timedelta(minutes=5)
    db = Database.connect(database_url)
    try:
        db.upgrade()
        aid = _agreement_id(db)
        db.outbox.add_many([_delivery(aid), _delivery(aid, chat="blocked")])
        [_, blocked] = db.outbox.claim(
            now=NOW, token="t", lease_until=lease, limit=2, channels=["telegram"]
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
