"""Outcomes written in batches (the fan-out's rate) without weakening a delivery guarantee.

The outbox's batch writes on SQLite and PostgreSQL; the dispatcher's group commit of sent
outcomes; a sent digest whose record never reached the database is unknown, never resent;
the group prepared ahead of the sends goes back to the outbox when the claims lapse.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from datetime import UTC, date, datetime, timedelta

import pytest

from bot.core.clock import FakeClock
from bot.core.models import ChatAddress, Reply, SendResult
from bot.core.reminders import NewDelivery, ReminderPolicy
from bot.core.status import RegionIndex
from bot.delivery.dispatch_stats import DispatchStats
from bot.delivery.outcomes import OutcomeRecorder
from bot.storage.database import Database
from tests.fakes import InMemoryOutbox, InMemorySubscriptions, RecordingNotifier

from .conftest import SURABAYA, agreement
from .world import ScriptedNotifier, World, fake_world

NOW = datetime(2026, 12, 9, 2, tzinfo=UTC)  # 09:00 WIB
LEASE = timedelta(seconds=30)
DUE = date(2026, 12, 9)


def _deliveries(
    agreement_id: int, chats: list[str], leads: tuple[int, ...] = (0,)
) -> list[NewDelivery]:
    return [
        NewDelivery(
            agreement_id=agreement_id,
            region_code=SURABAYA,
            kind="report",
            due=DUE,
            lead_days=lead,
            channel="telegram",
            chat_id=chat,
            user_id=chat,
            send_at=NOW - timedelta(hours=1),
        )
        for chat in chats
        for lead in leads
    ]


def _agreement_id(database: Database) -> int:
    database.agreements.upsert_many([agreement(SURABAYA, "Kochi", report_due=DUE)])
    [stored] = database.agreements.all()
    assert stored.id is not None
    return stored.id


def _settled(outbox: object) -> dict[str, int]:
    """Rows per status, without the older leads the catch-up recorded as superseded."""
    counts: dict[str, int] = outbox.counts()  # type: ignore[attr-defined]
    return {status: n for status, n in counts.items() if status != "superseded"}


def _claim(outbox: object, token: str, at: datetime = NOW) -> list[int]:
    rows = outbox.claim(  # type: ignore[attr-defined]
        now=at, token=token, lease_until=at + LEASE, limit=1000, channels=["telegram"]
    )
    return [r.id for r in rows]


def test_many_digests_are_recorded_sent_in_one_call_each_with_its_time_and_id(
    database: Database,
) -> None:
    outbox = database.outbox
    outbox.add_many(_deliveries(_agreement_id(database), [f"c{i}" for i in range(600)]))
    ids = _claim(outbox, "a")
    assert len(ids) == 600  # more than one statement's chunk of 500
    stolen = ids[-1]
    assert outbox.release(stolen, "a", retry_at=NOW, error="x", max_attempts=9, at=NOW)
    assert _claim(outbox, "b") == [stolen]  # taken over by another claim meanwhile
    sent: dict[int, tuple[datetime, str | None]] = {
        i: (NOW + timedelta(milliseconds=n), f"wamid.{n}") for n, i in enumerate(ids)
    }
    sent[ids[0]] = (NOW, None)  # a channel without message ids
    marked = outbox.mark_sent_each("a", sent)
    assert marked == ids[:-1]  # every row the claim holds, and only those
    rows = {d.id: d for d in outbox.all()}
    for n, i in enumerate(ids[1:-1], start=1):
        assert rows[i].status == "sent" and rows[i].claim_token is None
        assert rows[i].sent_at == NOW + timedelta(milliseconds=n)
        assert rows[i].provider_message_id == f"wamid.{n}"
    assert rows[ids[0]].provider_message_id is None and rows[ids[0]].sent_at == NOW
    assert rows[stolen].status == "pending" and rows[stolen].claim_token == "b"
    assert outbox.mark_sent_each("a", sent) == []  # a repeated write changes nothing
    assert outbox.mark_sent_each("a", {}) == []


def test_a_batch_release_counts_an_attempt_on_each_row_and_fails_at_the_limit(
    database: Database,
) -> None:
    outbox = database.outbox
    outbox.add_many(_deliveries(_agreement_id(database), ["100", "101", "102"]))
    first, second, third = _claim(outbox, "a")
    # the first row has been tried twice already, the others not
    for _ in range(2):
        assert outbox.release(first, "a", retry_at=NOW, error="502", max_attempts=9, at=NOW)
        assert _claim(outbox, "a") == [first]
    assert (
        outbox.release_many(
            [second, third], "other", retry_at=NOW, error="502", max_attempts=3, at=NOW
        )
        == {}
    )  # not its claim
    later = NOW + timedelta(minutes=1)
    released = outbox.release_many(
        [first, second, third], "a", retry_at=later, error="502 Bad Gateway", max_attempts=3,
        at=NOW,
    )  # fmt: skip
    assert released == {first: "failed", second: "pending", third: "pending"}
    rows = {d.id: d for d in outbox.all()}
    assert rows[first].attempts == 3 and rows[first].failed_at == NOW
    assert rows[second].attempts == 1 and rows[second].failed_at is None
    assert rows[second].next_attempt_at == later and rows[second].last_error == "502 Bad Gateway"
    assert all(rows[i].claim_token is None and rows[i].sending_since is None for i in rows)
    assert _claim(outbox, "b") == []  # backing off
    assert _claim(outbox, "b", later) == [second, third]


def test_batch_cancel_and_fail_keep_each_reason_and_touch_only_held_rows(
    database: Database,
) -> None:
    outbox = database.outbox
    outbox.add_many(_deliveries(_agreement_id(database), ["100", "101", "102", "103"]))
    a, b, c, d = _claim(outbox, "a")
    reasons = {a: "chat no longer subscribed", b: "due date met or changed"}
    assert outbox.mark_cancelled_each("other", reasons) == 0
    assert outbox.mark_cancelled_each("a", reasons) == 2
    assert outbox.mark_failed_many([c, d], "other", "Forbidden", NOW) == 0
    assert outbox.mark_failed_many([c, d], "a", "Forbidden", NOW) == 2
    rows = {r.id: r for r in outbox.all()}
    assert [rows[i].last_error for i in (a, b)] == list(reasons.values())
    assert {rows[i].status for i in (a, b)} == {"cancelled"}
    assert {(rows[i].status, rows[i].failed_at) for i in (c, d)} == {("failed", NOW)}
    assert all(r.claim_token is None for r in rows.values())


class CountingOutbox(InMemoryOutbox):
    """Counts the writes of sent outcomes; can fail them as a database going away does."""

    def __init__(self) -> None:
        super().__init__()
        self.sent_writes: list[int] = []
        self.fail_sent_writes = False

    def mark_sent_each(
        self, token: str, sent: Mapping[int, tuple[datetime, str | None]]
    ) -> list[int]:
        if self.fail_sent_writes:
            raise ConnectionError("the database went away")
        self.sent_writes.append(len(sent))
        return super().mark_sent_each(token, sent)


async def test_outcomes_that_arrive_together_are_written_together() -> None:
    outbox = CountingOutbox()
    outbox.add_many(_deliveries(1, [f"c{i}" for i in range(50)]))
    ids = _claim(outbox, "a")
    assert outbox.begin_send(ids, "a", NOW, lease_until=NOW + LEASE) == ids
    stats = DispatchStats()
    recorder = OutcomeRecorder(
        outbox=outbox, subscriptions=InMemorySubscriptions(), token="a", stats=stats,
        max_attempts=8,
    )  # fmt: skip
    for n, delivery_id in enumerate(ids):
        recorder.sent([delivery_id], NOW, f"m{n}")
    await recorder.close()
    assert outbox.sent_writes == [50]  # one write, not fifty
    assert stats.sent == 50 and stats.lost_claims == 0
    rows = outbox.all()
    assert {r.status for r in rows} == {"sent"}
    assert [r.provider_message_id for r in rows] == [f"m{n}" for n in range(50)]
    assert all(r.sending_since is None and r.claim_token is None for r in rows)
    await recorder.close()  # closing again writes nothing more
    assert outbox.sent_writes == [50]


@pytest.fixture
def world(clock: FakeClock, regions: RegionIndex, policy: ReminderPolicy) -> World:
    w = fake_world(clock, regions, policy, [agreement(SURABAYA, "Kochi", report_due=DUE)])
    w.outbox = CountingOutbox()
    w.clock.set(NOW)
    return w


async def test_a_digest_sent_but_never_recorded_is_unknown_and_never_resent(world: World) -> None:
    world.subscribe(SURABAYA, *[f"c{i}" for i in range(20)])
    world.plan()
    outbox = world.outbox
    assert isinstance(outbox, CountingOutbox)
    outbox.fail_sent_writes = True  # the sends go out, their records never commit
    stats = await world.dispatcher().dispatch_due()
    assert len(world.notifier.sent) == 20 and stats.sent == 0 and stats.errors
    # still held and in flight: not sent again while the claim lives
    outbox.fail_sent_writes = False
    assert (await world.dispatcher().dispatch_due()).claimed == 0
    world.clock.advance(LEASE + timedelta(seconds=1))
    later = await world.dispatcher().dispatch_due()
    assert later.unknown == 20 and later.claimed == 0
    assert len(world.notifier.sent) == 20  # nothing twice
    assert _settled(outbox) == {"unknown": 20}


async def test_the_group_prepared_ahead_goes_back_when_the_claims_lapse(world: World) -> None:
    world.subscribe(SURABAYA, *[f"c{i:02d}" for i in range(60)])
    world.plan()
    outbox = world.outbox
    assert isinstance(outbox, CountingOutbox)

    renew = outbox.renew
    renewals: list[str] = []

    def lapses_once(token: str, *, now: datetime, lease_until: datetime) -> int:
        renewals.append(token)
        if len(renewals) == 1:
            return 0  # another process took the claims over: renewing finds none
        return renew(token, now=now, lease_until=lease_until)

    outbox.renew = lapses_once  # type: ignore[method-assign]
    # at 30/s a lease of 3 s is renewed after a second of sends: 30 or so chats
    first = await world.dispatcher(lease=timedelta(seconds=3)).dispatch_due(max_batches=1)
    assert renewals
    assert 0 < first.sent < 60 and first.unknown == 0
    # nothing is left in flight by the pass: the group marked ahead was unmarked
    assert not [r for r in outbox.all() if r.status == "pending" and r.sending_since]
    world.clock.advance(timedelta(seconds=4))
    rest = await world.dispatcher().dispatch_due()
    assert rest.unknown == 0 and first.sent + rest.sent == 60
    per_chat = Counter(address.chat_id for address, _ in world.notifier.sent)
    assert len(per_chat) == 60 and set(per_chat.values()) == {1}
    assert _settled(outbox) == {"sent": 60}


async def test_each_row_keeps_the_message_id_of_its_own_digest_on_the_database(
    database: Database, regions: RegionIndex, policy: ReminderPolicy
) -> None:
    database.agreements.upsert_many(
        [agreement(SURABAYA, f"Partner {i}", report_due=DUE) for i in range(3)]
    )
    notifier = ScriptedNotifier()
    world = World(
        clock=FakeClock(NOW),
        regions=regions,
        policy=policy,
        agreements=database.agreements,
        subscriptions=database.subscriptions,
        outbox=database.outbox,
        notifier=RecordingNotifier(),
        notifiers={"telegram": notifier},
    )
    world.subscribe(SURABAYA, *[f"c{i:02d}" for i in range(40)])
    _, stats = await world.tick()
    assert stats.sent == 120 and stats.digests == 40 and stats.claimed == 120
    # the notifier numbers its messages: each digest's three rows carry its number
    by_chat: dict[str, str] = {}
    for number, (address, reply) in enumerate(notifier.sent, start=1):
        assert isinstance(address, ChatAddress) and isinstance(reply, Reply)
        by_chat[address.chat_id] = str(number)
    rows = database.outbox.all()
    assert {r.status for r in rows if r.lead_days == 0} == {"sent"}
    sent = [r for r in rows if r.status == "sent"]
    assert len(sent) == 120
    assert all(r.provider_message_id == by_chat[r.chat_id] for r in sent)
    _, again = await world.tick()
    assert again.claimed == 0 and len(notifier.sent) == 40


async def test_a_refused_chat_fails_its_whole_digest_in_one_go(world: World) -> None:
    world.add(agreement(SURABAYA, "Osaka", report_due=DUE))
    world.subscribe(SURABAYA, "blocked")
    world.plan()
    notifier = ScriptedNotifier([SendResult(ok=False, permanent=True, error="Forbidden")])
    world.notifiers = {"telegram": notifier}
    stats = await world.dispatcher().dispatch_due()
    assert stats.failed == 2 and stats.sent == 0
    assert _settled(world.outbox) == {"failed": 2}
    [subscription] = world.subscriptions.for_chat(
        ChatAddress(channel="telegram", chat_id="blocked")
    )
    assert subscription.paused
