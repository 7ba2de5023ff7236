"""Planner + dispatcher on fakes and a fake clock: leads, catch-up, repeats, limits, crashes."""

from __future__ import annotations

import dataclasses
import itertools
from collections import Counter
from datetime import UTC, date, datetime, timedelta

import pytest

from bot.core.clock import FakeClock
from bot.core.models import ChatAddress, Reply, SendResult
from bot.core.reminders import ReminderPolicy
from bot.core.status import RegionIndex
from tests.fakes import InMemoryOutbox

from .conftest import BADUNG, JAYAPURA, SURABAYA, agreement
from .world import ScriptedNotifier, World, fake_world

DUE = date(2026, 12, 9)  # Wednesday


def utc(
    year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0
) -> datetime:
    return datetime(year, month, day, hour, minute, second, tzinfo=UTC)


@pytest.fixture
def world(clock: FakeClock, regions: RegionIndex, policy: ReminderPolicy) -> World:
    w = fake_world(clock, regions, policy, [agreement(SURABAYA, "Kochi", report_due=DUE)])
    w.subscribe(SURABAYA, "100")
    return w


async def test_each_lead_day_is_sent_once_at_eight_wib(world: World) -> None:
    sent_at: list[tuple[int, datetime]] = []
    # walk through every hour from 1 Nov to the due date
    at = utc(2026, 11, 1)
    while at <= utc(2026, 12, 10):
        before = len(world.notifier.sent)
        await world.tick(at)
        await world.tick(at)  # a second pass at the same instant sends nothing
        for _ in world.notifier.sent[before:]:
            sent_at.append((len(world.notifier.sent), at))
        at += timedelta(hours=1)
    assert [at for _, at in sent_at] == [
        utc(2026, 11, 9, 1),  # lead 30, 08:00 WIB = 01:00 UTC
        utc(2026, 12, 2, 1),  # lead 7
        utc(2026, 12, 8, 1),  # lead 1
        utc(2026, 12, 9, 1),  # lead 0
    ]
    texts = world.sent_texts()
    assert "30 hari lagi" in texts[0] and "hari ini" in texts[3]
    assert "Kota Surabaya" in texts[0] and "dengan Kochi" in texts[0]
    # the curators set this date: never called an estimate
    assert not any("perkiraan" in t for t in texts)
    rows = world.outbox.all()
    assert sorted(r.lead_days for r in rows) == [0, 1, 7, 30]
    assert {r.status for r in rows} == {"sent"}


async def test_overdue_reminders_repeat_weekly_until_marked_done(world: World) -> None:
    await world.tick(utc(2026, 12, 9, 2))
    await world.tick(utc(2026, 12, 16, 2))
    await world.tick(utc(2026, 12, 17, 2))
    await world.tick(utc(2026, 12, 23, 2))
    texts = world.sent_texts()
    assert len(texts) == 3
    assert "terlambat 7 hari" in texts[1] and "terlambat 14 hari" in texts[2]


async def test_catch_up_after_downtime_sends_the_latest_once(world: World) -> None:
    # down from 1 Nov until 8 Dec 15:00 UTC: leads 30, 7 and 1 all came due unsent
    _planned, sent = await world.tick(utc(2026, 12, 8, 15))
    assert sent.sent == 1
    assert "1 hari lagi" in world.sent_texts()[0]
    statuses = Counter((r.lead_days, r.status) for r in world.outbox.all())
    assert statuses == {(1, "sent"): 1, (7, "superseded"): 1, (30, "superseded"): 1}
    # the catch-up ran again (a restart, a second replica): nothing new
    _, again = await world.tick(utc(2026, 12, 8, 15, 5))
    assert again.sent == 0 and len(world.notifier.sent) == 1


async def test_rows_planned_but_unsent_are_superseded_by_a_later_lead(world: World) -> None:
    world.plan()  # nothing yet
    world.clock.set(utc(2026, 12, 2, 2))
    world.plan()  # lead 7 pending; the dispatcher is down
    world.clock.set(utc(2026, 12, 8, 2))
    stats = world.plan()  # lead 1 arrives; lead 7 is stale now
    assert stats.superseded == 1
    sent = await world.dispatcher().dispatch_due()
    assert sent.sent == 1 and "1 hari lagi" in world.sent_texts()[0]


async def test_three_timezones_each_at_their_own_eight(
    clock: FakeClock, regions: RegionIndex, policy: ReminderPolicy
) -> None:
    w = fake_world(
        clock,
        regions,
        policy,
        [
            agreement(SURABAYA, "Kochi", report_due=DUE),
            agreement(BADUNG, "Perth", report_due=DUE),
            agreement(JAYAPURA, "Vanimo", report_due=DUE),
        ],
    )
    w.subscribe(SURABAYA, "wib")
    w.subscribe(BADUNG, "wita")
    w.subscribe(JAYAPURA, "wit")
    await w.tick(utc(2026, 12, 8, 12))  # the lead-1 reminders went out on the 8th
    assert len(w.notifier.sent) == 3
    w.notifier.sent.clear()
    seen: list[tuple[datetime, str]] = []
    for minutes in range(0, 181, 30):
        before = len(w.notifier.sent)
        await w.tick(utc(2026, 12, 8, 22, 59) + timedelta(minutes=minutes))
        seen.extend((w.clock.now(), a.chat_id) for a, _ in w.notifier.sent[before:])
    assert seen == [
        (utc(2026, 12, 8, 23, 29), "wit"),  # 08:00 WIT is 23:00 UTC the day before
        (utc(2026, 12, 9, 0, 29), "wita"),
        (utc(2026, 12, 9, 1, 29), "wib"),
    ]


async def test_plan_keeps_unsubscribed_regions_quiet_and_cancels_stale_rows(world: World) -> None:
    world.clock.set(utc(2026, 12, 2, 2))
    world.plan()
    world.subscriptions.unsubscribe(ChatAddress(channel="telegram", chat_id="100"))
    stats = world.plan()
    assert stats.cancelled == 1
    assert (await world.dispatcher().dispatch_due()).sent == 0


async def test_due_date_changed_in_the_data_cancels_the_old_reminders(world: World) -> None:
    world.clock.set(utc(2026, 12, 2, 2))
    world.plan()
    [stored] = world.agreements.all()
    world.agreements.save(dataclasses.replace(stored, next_report_due=date(2027, 6, 1)))
    sent = await world.dispatcher().dispatch_due()
    assert sent.sent == 0 and sent.cancelled == 1


async def test_per_chat_pace_and_overall_rate(
    clock: FakeClock, regions: RegionIndex, policy: ReminderPolicy
) -> None:
    partners = [agreement(SURABAYA, f"Partner {i}", report_due=DUE) for i in range(5)]
    w = fake_world(clock, regions, policy, partners)
    w.subscribe(SURABAYA, *[f"chat{i}" for i in range(60)])
    w.clock.set(utc(2026, 12, 9, 2))
    w.plan()
    starts: list[tuple[float, str]] = []

    class Timed(ScriptedNotifier):
        async def send(self, address: ChatAddress, reply: Reply) -> SendResult:
            starts.append((w.time.now, address.chat_id))
            return await super().send(address, reply)

    w.notifiers = {"telegram": Timed()}
    stats = await w.dispatcher(rate=30.0, per_chat=1.0).dispatch_due()
    assert stats.sent == 300 and stats.digests == 60  # five items in each chat's digest
    gaps = [b[0] - a[0] for a, b in itertools.pairwise(starts)]
    assert min(gaps) >= 1 / 30 - 1e-9  # never faster than 30/s overall
    by_chat: dict[str, list[float]] = {}
    for t, chat in starts:
        by_chat.setdefault(chat, []).append(t)
    for times in by_chat.values():
        assert all(b - a >= 1.0 - 1e-9 for a, b in itertools.pairwise(times))
    elapsed = starts[-1][0] - starts[0][0]
    assert elapsed == pytest.approx(59 / 30, rel=0.02)  # and not slower than needed


async def test_a_429_is_waited_out_and_retried_without_loss(world: World) -> None:
    world.subscribe(SURABAYA, "101", "102")
    notifier = ScriptedNotifier([SendResult(ok=False, retry_after=5.0, error="429")] * 3)
    world.notifiers = {"telegram": notifier}
    world.clock.set(utc(2026, 12, 9, 2))
    world.plan()
    stats = await world.dispatcher().dispatch_due()
    assert stats.sent == 3 and stats.rate_limited == 3
    assert sorted(a.chat_id for a, _ in notifier.sent) == ["100", "101", "102"]
    assert world.time.slept >= 5.0  # waited out (on the fake clock)


async def test_a_blocked_chat_pauses_its_subscription(world: World) -> None:
    world.subscribe(BADUNG, "100")
    world.agreements.upsert_many([agreement(BADUNG, "Perth", report_due=DUE)])
    world.notifier.fail_permanently.add(ChatAddress(channel="telegram", chat_id="100"))
    stats = (await world.tick(utc(2026, 12, 9, 2)))[1]
    assert stats.failed >= 1 and stats.sent == 0
    assert world.subscriptions.active() == []
    assert world.outbox.counts().get("pending", 0) == 0
    # no further attempts while paused
    assert (await world.tick(utc(2026, 12, 16, 2)))[1].claimed == 0


async def test_transient_failures_are_retried_later(world: World) -> None:
    notifier = ScriptedNotifier([SendResult(ok=False, error="502 Bad Gateway")])
    world.notifiers = {"telegram": notifier}
    _, stats = await world.tick(utc(2026, 12, 9, 2))
    assert stats.retried == 1 and not notifier.sent
    _, stats = await world.tick(utc(2026, 12, 9, 2, 0, 10))
    assert stats.claimed == 0  # backing off
    _, stats = await world.tick(utc(2026, 12, 9, 2, 5))
    assert stats.sent == 1 and len(notifier.sent) == 1


async def test_a_crash_between_claim_and_send_loses_nothing(world: World) -> None:
    world.subscribe(SURABAYA, *[str(200 + i) for i in range(20)])
    world.clock.set(utc(2026, 12, 9, 2))
    world.plan()
    outbox = world.outbox
    assert isinstance(outbox, InMemoryOutbox)
    # a process claims everything and dies before sending anything
    dead = outbox.claim(
        now=world.clock.now(),
        token="dead-process",
        lease_until=world.clock.now() + timedelta(minutes=10),
        limit=1000,
        channels=("telegram",),
    )
    assert len(dead) == 21
    assert (await world.dispatcher().dispatch_due()).claimed == 0  # held by the lease
    world.clock.advance(timedelta(minutes=10, seconds=1))
    stats = await world.dispatcher().dispatch_due()
    assert stats.sent == 21
    chats = [a.chat_id for a, _ in world.notifier.sent]
    assert len(chats) == len(set(chats)) == 21
    # the dead process cannot overwrite anything now
    assert not outbox.mark_sent(dead[0].id, "dead-process", world.clock.now())


async def test_a_crash_in_the_middle_of_a_fan_out_resumes_where_it_stopped(world: World) -> None:
    world.subscribe(SURABAYA, *[str(300 + i) for i in range(30)])
    world.clock.set(utc(2026, 12, 9, 2))
    world.plan()

    class Crash(BaseException):
        pass

    class CrashingNotifier(ScriptedNotifier):
        async def send(self, address: ChatAddress, reply: Reply) -> SendResult:
            if len(self.sent) == 12:
                raise Crash  # the process dies here: nothing after this point runs
            return await super().send(address, reply)

    first = CrashingNotifier()
    world.notifiers = {"telegram": first}
    with pytest.raises(Crash):
        await world.dispatcher().dispatch_due()
    # the claims are short: well within a minute the rest goes out
    world.clock.advance(timedelta(seconds=31))
    second = ScriptedNotifier()
    world.notifiers = {"telegram": second}
    stats = await world.dispatcher().dispatch_due()
    delivered = [a.chat_id for a, _ in first.sent + second.sent]
    assert len(delivered) == len(set(delivered))  # nothing twice
    counts = world.outbox.counts()
    # the send in flight at the crash may have gone out: unknown, never resent
    assert counts["unknown"] == stats.unknown >= 1
    assert counts["sent"] == len(delivered) and counts["sent"] + counts["unknown"] == 31
    assert "pending" not in counts
    unknown = {d.chat_id for d in world.outbox.all() if d.status == "unknown"}
    assert not unknown & set(delivered)
