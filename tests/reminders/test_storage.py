"""The SQL outbox, subscriptions and officers, on SQLite and PostgreSQL."""

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


def _delivery(agreement_id: int, chat: str = "100", lead: int = 0, **kw: object) -> NewDelivery:
    values: dict[str, object] = {
        "agreement_id": agreement_id,
        "region_code": SURABAYA,
        "kind": "report",
        "due": date(2026, 12, 9),
        "lead_days": lead,
        "channel": "telegram",
        "chat_id": chat,
        "user_id": chat,
        "send_at": NOW - timedelta(hours=1),
    }
    values.update(kw)
    return NewDelivery(**values)  # type: ignore[arg-type]


def test_the_delivery_key_is_unique(database: Database) -> None:
    aid = _agreement_id(database)
    outbox = database.outbox
    assert outbox.add_many([_delivery(aid), _delivery(aid, lead=1)]) == 2
    assert outbox.add_many([_delivery(aid), _delivery(aid, chat="101")]) == 1
    assert outbox.add_many([_delivery(aid, status="superseded")]) == 0
    assert len(outbox.keys_since(NOW - timedelta(days=1))) == 3
    assert outbox.counts() == {"pending": 3}


def test_claims_are_exclusive_until_the_lease_runs_out(database: Database) -> None:
    aid = _agreement_id(database)
    outbox = database.outbox
    outbox.add_many([_delivery(aid, chat=str(i)) for i in range(10)])
    outbox.add_many([_delivery(aid, chat="later", send_at=NOW + timedelta(hours=1))])
    lease = NOW + timedelta(minutes=10)
    first = outbox.claim(now=NOW, token="a", lease_until=lease, limit=6, channels=["telegram"])
    second = outbox.claim(now=NOW, token="b", lease_until=lease, limit=6, channels=["telegram"])
    assert len(first) == 6 and len(second) == 4
    assert not {d.id for d in first} & {d.id for d in second}
    assert all(d.claim_token == "a" and d.claimed_until == lease for d in first)
    assert outbox.claim(now=NOW, token="c", lease_until=lease, limit=6, channels=["telegram"]) == []
    assert outbox.claim(now=NOW, token="c", lease_until=lease, limit=6, channels=["whatsapp"]) == []
    # the holder of "a" died; after the lease its rows go to someone else
    later = NOW + timedelta(minutes=11)
    third = outbox.claim(
        now=later, token="c", lease_until=later + timedelta(minutes=10), limit=20,
        channels=["telegram"],
    )  # fmt: skip
    assert {d.id for d in third} == {d.id for d in first} | {d.id for d in second}
    assert not outbox.mark_sent(first[0].id, "a", later)  # a stale token changes nothing
    assert outbox.mark_sent(first[0].id, "c", later)
    assert not outbox.mark_sent(first[0].id, "c", later)  # and only once
    sent = outbox.get(first[0].id)
    assert sent is not None and sent.status == "sent" and sent.sent_at == later


def test_release_retry_and_give_up(database: Database) -> None:
    aid = _agreement_id(database)
    outbox = database.outbox
    outbox.add_many([_delivery(aid)])
    for attempt in range(3):
        at = NOW + timedelta(hours=attempt)
        [row] = outbox.claim(
            now=at, token=f"t{attempt}", lease_until=at + timedelta(minutes=10), limit=5,
            channels=["telegram"],
        )  # fmt: skip
        retry_at = NOW + timedelta(hours=attempt + 1)
        assert outbox.release(
            row.id, f"t{attempt}", retry_at=retry_at, error="502", max_attempts=3, at=at
        )
    final = outbox.get(row.id)
    assert final is not None and final.status == "failed" and final.attempts == 3


def test_cancel_fail_and_supersede(database: Database) -> None:
    aid = _agreement_id(database)
    outbox = database.outbox
    outbox.add_many([_delivery(aid, lead=lead) for lead in (30, 7, 1)])
    outbox.add_many([_delivery(aid, chat="blocked")])
    ids = [d.id for d in outbox.pending() if d.chat_id == "100"]
    held = outbox.claim(
        now=NOW, token="h", lease_until=NOW + timedelta(minutes=5), limit=1, channels=["telegram"]
    )
    # the first due row brings the rest of its chat's due rows: one digest per chat
    assert {h.chat_id for h in held} == {"100"} and len(held) == 3
    # a row held by a live lease is not superseded under its holder's feet
    assert outbox.set_status(ids, "superseded", NOW, "later reminder") == 0
    blocked = ChatAddress(channel="telegram", chat_id="blocked")
    assert outbox.fail_chat(blocked, "Forbidden", NOW) == 1
    assert all(outbox.mark_cancelled(h.id, "h", "done") for h in held)
    assert outbox.cancel_due(aid, "report", date(2026, 12, 9), "done") == 0
    assert "pending" not in outbox.counts()


def test_in_flight_rows_of_a_dead_process_become_unknown(database: Database) -> None:
    aid = _agreement_id(database)
    outbox = database.outbox
    outbox.add_many([_delivery(aid, chat=chat) for chat in ("100", "101", "102")])
    lease = timedelta(seconds=30)
    rows = outbox.claim(
        now=NOW, token="a", lease_until=NOW + lease, limit=10, channels=["telegram"]
    )
    assert len(rows) == 3
    first, second, third = (r.id for r in rows)
    assert outbox.begin_send([first], "a", NOW, lease_until=NOW + lease) == [first]
    assert outbox.begin_send([second], "b", NOW, lease_until=NOW + lease) == []  # not its claim
    later = NOW + timedelta(seconds=20)
    assert outbox.renew("a", now=later, lease_until=later + lease) == 3  # the heartbeat
    assert outbox.settle_in_flight(later + timedelta(seconds=5)) == []  # still alive
    # the process dies; a few seconds after its last renewal everything is back
    after = later + lease + timedelta(seconds=1)
    settled = outbox.settle_in_flight(after)
    assert [d.id for d in settled] == [first] and settled[0].status == "unknown"
    again = outbox.claim(now=after, token="c", lease_until=after + lease, limit=10,
                         channels=["telegram"])  # fmt: skip
    assert sorted(r.id for r in again) == sorted([second, third])  # the in-flight one never
    assert outbox.mark_unknown([second], "c", "timed out after sending", after) == 1
    assert not outbox.mark_sent(first, "a", after)  # the dead claim cannot overwrite it
    # unknown outcomes are reported and listed like failures
    assert {d.id for d in outbox.recent_failures(10)} == {first, second}
    notices = outbox.claim_failure_notices(
        now=after, token="n", lease_until=after + lease, limit=10
    )
    assert {d.id for d in notices} == {first, second}
    assert outbox.counts() == {"unknown": 2, "pending": 1}


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
