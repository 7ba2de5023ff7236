"""The morning digest: one message per chat per morning, estimates said as estimates,
a welcome instead of a backlog, an overdue estimate at most once a month."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, timedelta

from bot.core.clock import FakeClock
from bot.core.models import Incoming, Reply
from bot.core.reminders import ReminderPolicy
from bot.core.status import RegionIndex

from .conftest import BADUNG, JAYAPURA, SURABAYA, agreement
from .test_feature import ADMIN, Bot
from .world import fake_world

DAY = date(2026, 12, 9)  # a Wednesday, a working day


def utc(
    year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0
) -> datetime:
    return datetime(year, month, day, hour, minute, second, tzinfo=UTC)


def _digests_to(bot: Bot, chat: str) -> list[Reply]:
    return [r for a, r in bot.world.notifier.sent if a.chat_id == chat]


async def test_three_regions_twelve_items_one_digest_a_day_with_twelve_working_buttons(
    clock: FakeClock, regions: RegionIndex, policy: ReminderPolicy
) -> None:
    # three regions in three timezones (WIB, WITA, WIT), four agreements each, all due today
    partners = [
        agreement(code, f"Mitra {code} {n}", report_due=DAY)
        for code in (SURABAYA, BADUNG, JAYAPURA)
        for n in range(4)
    ]
    bot = Bot(fake_world(clock, regions, policy, partners))
    for code in (SURABAYA, BADUNG, JAYAPURA):
        bot.world.subscribe(code, "500")
    await bot.world.tick(utc(2026, 12, 8, 3))  # yesterday's digest (lead 1), caught up
    assert len(_digests_to(bot, "500")) == 1
    bot.world.notifier.sent.clear()
    # hour by hour through the morning of the due date: 08:00 WIT is 23:00 UTC the day before
    at = utc(2026, 12, 8, 20)
    while at <= utc(2026, 12, 9, 12):
        await bot.world.tick(at)
        at += timedelta(hours=1)
    [digest] = _digests_to(bot, "500")
    assert digest.text.count("jatuh tempo Rabu, 9 Desember 2026 (hari ini)") == 12
    for name in ("Kota Surabaya", "Kabupaten Badung", "Kota Jayapura"):
        assert digest.text.count(f"\n{name}\n") == 1  # grouped by region
    assert "perkiraan" not in digest.text.casefold()  # registry dates, not estimates
    assert "PP 28/2018 Pasal 43" in digest.text and "Menteri Dalam Negeri" in digest.text
    done = [b.data for b in digest.all_buttons() if b.data.startswith("rm:d:")]
    snooze = [b.data for b in digest.all_buttons() if b.data.startswith("rm:s:")]
    detail = [b.data for b in digest.all_buttons() if b.data.startswith("rm:i:")]
    assert len(done) == len(set(done)) == 12 and len(snooze) == len(detail) == 12
    # every button works: details open, and an admin marks each item done
    for data in detail:
        assert "Mitra" in bot.press(data, user=ADMIN.split(":")[1], chat="500").text
    for data in done:
        reply = bot.press(data, user=ADMIN.split(":")[1], chat="500")
        assert "Tercatat" in reply.text, reply.text
    # the next mornings: nothing due, so nothing sent
    for day in range(10, 14):
        await bot.world.tick(utc(2026, 12, day, 3))
    assert len(_digests_to(bot, "500")) == 1
    rows = bot.world.outbox.all()
    assert sum(r.status == "sent" and r.lead_days == 0 for r in rows) == 12


async def test_a_digest_item_can_be_snoozed_and_comes_back_alone_tomorrow(
    clock: FakeClock, regions: RegionIndex, policy: ReminderPolicy
) -> None:
    partners = [agreement(SURABAYA, f"Mitra {n}", report_due=DAY) for n in range(3)]
    bot = Bot(fake_world(clock, regions, policy, partners))
    bot.world.subscribe(SURABAYA, "501")
    await bot.world.tick(utc(2026, 12, 9, 2))
    [digest] = _digests_to(bot, "501")
    first_snooze = next(b.data for b in digest.all_buttons() if b.data.startswith("rm:s:"))
    assert "ingatkan lagi" in bot.press(first_snooze, user="501", chat="501").text
    await bot.world.tick(utc(2026, 12, 10, 2))
    second = _digests_to(bot, "501")[1]
    assert second.text.count("kerja sama dengan") == 1  # only the snoozed one


async def test_a_long_digest_is_split_at_item_boundaries(
    clock: FakeClock, regions: RegionIndex, policy: ReminderPolicy
) -> None:
    partners = [agreement(SURABAYA, f"Mitra {n:02d}", report_due=DAY) for n in range(25)]
    world = fake_world(clock, regions, policy, partners)
    world.subscribe(SURABAYA, "wa1", channel="whatsapp")
    _, stats = await world.tick(utc(2026, 12, 9, 2))
    parts = [r for _, r in world.notifier.sent]
    # WhatsApp lists hold ten rows: three messages, numbered on, no item cut or repeated
    assert len(parts) == stats.digests == 3 and stats.sent == 25
    lines = [ln for p in parts for ln in p.text.splitlines() if "kerja sama dengan" in ln]
    assert [int(ln.split(".")[0]) for ln in lines] == list(range(1, 26))
    assert all(len(p.all_buttons()) <= 10 for p in parts)
    assert all(b.data.startswith("rm:v:") for p in parts for b in p.all_buttons())


async def test_a_list_row_opens_the_item_with_its_three_buttons(
    clock: FakeClock, regions: RegionIndex, policy: ReminderPolicy
) -> None:
    bot = Bot(fake_world(clock, regions, policy, [agreement(SURABAYA, "Kochi", report_due=DAY)]))
    bot.world.subscribe(SURABAYA, "62811", channel="whatsapp")
    await bot.world.tick(utc(2026, 12, 9, 2))
    [digest] = _digests_to(bot, "62811")
    [row] = digest.all_buttons()
    item = bot.dialogue.handle(
        Incoming(channel="whatsapp", user_id="62811", chat_id="62811", button_data=row.data)
    )
    assert "Kochi" in item.text
    assert [b.data[:5] for b in item.all_buttons()] == ["rm:d:", "rm:s:", "rm:i:"]


async def test_a_new_subscription_gets_one_welcome_not_a_flood(
    regions: RegionIndex, policy: ReminderPolicy
) -> None:
    clock = FakeClock(utc(2026, 12, 9, 3))  # 10:00 WIB, after the morning's digests
    # year-only data: every date is the policy's estimate, most of them long past
    partners = [
        agreement(SURABAYA, name, mou=mou)
        for name, mou in (("Seattle", "1992"), ("Liverpool", "2002"), ("Busan", "1994"))
    ]
    bot = Bot(fake_world(clock, regions, policy, partners))
    welcome = bot.say("/langganan surabaya", user="600")
    assert "Seattle" in welcome.text and "Perkiraan menurut kebijakan pengingat" in welcome.text
    [button] = welcome.all_buttons()
    estimates = bot.press(button.data, user="600")
    assert estimates.text.count("perkiraan") >= 3 and "bukan tenggat" in estimates.text
    # the backlog is not sent: not today, nor in the next days
    for hours in range(0, 24 * 6, 6):
        await bot.world.tick(utc(2026, 12, 9, 3) + timedelta(hours=hours))
    assert _digests_to(bot, "600") == []
    # subscribing again says so, with no second welcome
    again = bot.say("/langganan surabaya", user="600")
    assert "sudah berlangganan" in again.text and not again.all_buttons()


async def test_an_overdue_estimate_appears_at_most_once_in_30_days(
    clock: FakeClock, regions: RegionIndex, policy: ReminderPolicy
) -> None:
    world = fake_world(
        clock,
        regions,
        policy,
        [
            agreement(SURABAYA, "Estimated", mou="2019-03-01"),  # report estimated yearly
            agreement(SURABAYA, "Registered", report_due=date(2026, 10, 1)),  # curators' date
        ],
    )
    world.subscribe(SURABAYA, "700")
    # overdue mentions per (partner, what is due): the text after the item number
    overdue: dict[str, list[date]] = {}
    day = date(2026, 11, 2)
    while day <= date(2027, 6, 30):
        before = len(world.notifier.sent)
        await world.tick(
            datetime.combine(day, datetime.min.time(), tzinfo=UTC) + timedelta(hours=2)
        )
        for _, reply in world.notifier.sent[before:]:
            for line in reply.text.splitlines():
                if "terlambat" in line:
                    assert ("perkiraan" in line) == ("Estimated" in line)
                    what = line.split(". ", 1)[1].split("(terlambat")[0]
                    overdue.setdefault(what, []).append(day)
        day += timedelta(days=1)
    estimated = {k: v for k, v in overdue.items() if "Estimated" in k}
    registered = {k: v for k, v in overdue.items() if "Registered" in k}
    assert estimated and registered
    for days in estimated.values():  # a monthly nudge at most, never weekly
        assert all((b - a).days >= 30 for a, b in itertools.pairwise(days)), days
    assert sum(len(v) for v in estimated.values()) >= 6
    # a date the curators set keeps the weekly overdue repeat
    [weekly] = registered.values()
    assert len(weekly) > 20 and all((b - a).days < 30 for a, b in itertools.pairwise(weekly))
