"""The DPRD's 45 working days (PP 28/2018 Pasal 30 ayat (4)): arithmetic, 2027, reminders."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, timedelta

import holidays
from hypothesis import given
from hypothesis import strategies as st

from bot.core.clock import FakeClock
from bot.core.models import Agreement, AgreementStage
from bot.core.reminders import (
    DPRD_LEADS,
    IndonesianCalendar,
    ReminderPolicy,
    add_working_days,
    agreement_dprd_window,
    dprd_window,
    reminder_reply,
    working_days_between,
)
from bot.core.reminders._dprd import dprd_slots, latest_dprd_slot, working_days_before
from bot.core.reminders._working_days import WeekendCalendar
from bot.core.status import RegionIndex
from bot.core.status._cards import agreement_card, agreement_json

from .conftest import SURABAYA, agreement
from .world import fake_world

days = st.dates(min_value=date(2020, 1, 1), max_value=date(2035, 12, 31))
# Random extra days off (a calendar with holidays in clumps, like Lebaran).
day_offs = st.sets(st.dates(min_value=date(2019, 12, 1), max_value=date(2036, 12, 31)), max_size=80)


def awaiting(received: date | None) -> Agreement:
    return dataclasses.replace(
        agreement(SURABAYA, "Kochi", stage=AgreementStage.AWAITING_DPRD), dprd_received=received
    )


# --- working-day arithmetic (properties) -------------------------------------------------


@given(start=days, count=st.integers(min_value=1, max_value=120), off=day_offs)
def test_the_nth_working_day_is_a_working_day_with_n_working_days_up_to_it(
    start: date, count: int, off: set[date]
) -> None:
    calendar = WeekendCalendar(off)
    end = add_working_days(start, count, calendar)
    assert end >= start
    assert calendar.is_working_day(end)
    # counted from the day of receipt itself: (start - 1, end] holds exactly `count`
    assert working_days_between(start - timedelta(days=1), end, calendar) == count


@given(start=days, count=st.integers(min_value=1, max_value=90), off=day_offs)
def test_one_more_working_day_is_the_next_working_day(
    start: date, count: int, off: set[date]
) -> None:
    calendar = WeekendCalendar(off)
    end = add_working_days(start, count, calendar)
    following = add_working_days(start, count + 1, calendar)
    assert following > end
    between = [end + timedelta(days=i) for i in range(1, (following - end).days)]
    assert not any(calendar.is_working_day(d) for d in between)


@given(day=days, back=st.integers(min_value=0, max_value=60), off=day_offs)
def test_counting_back_and_forward_agree(day: date, back: int, off: set[date]) -> None:
    calendar = WeekendCalendar(off)
    closes = add_working_days(day, 1, calendar)  # a working day
    earlier = working_days_before(closes, back, calendar)
    assert calendar.is_working_day(earlier)
    assert working_days_between(earlier, closes, calendar) == back


@given(received=days, off=day_offs, step=st.integers(min_value=0, max_value=80))
def test_working_days_left_falls_by_one_per_working_day(
    received: date, off: set[date], step: int
) -> None:
    calendar = WeekendCalendar(off)
    window = dprd_window(received, calendar)
    today = received + timedelta(days=step)
    tomorrow = today + timedelta(days=1)
    drop = 1 if calendar.is_working_day(tomorrow) else 0
    assert window.working_days_left(today, calendar) - drop == window.working_days_left(
        tomorrow, calendar
    )
    assert window.working_days_left(window.closes, calendar) == 0


@given(received=days, off=day_offs)
def test_reminders_fall_on_working_days_before_the_window_closes(
    received: date, off: set[date]
) -> None:
    calendar = WeekendCalendar(off)
    window = dprd_window(received, calendar)
    slots = dprd_slots(window.closes, calendar)
    assert [s.lead_days for s in slots] == sorted(DPRD_LEADS, reverse=True)
    for slot in slots:
        assert calendar.is_working_day(slot.send_date)
        assert received <= slot.send_date <= window.closes
        assert window.working_days_left(slot.send_date, calendar) == slot.lead_days
    assert (
        latest_dprd_slot(window.closes, window.closes + timedelta(days=30), calendar) == (slots[-1])
    )
    assert latest_dprd_slot(window.closes, slots[0].send_date - timedelta(days=1), calendar) is (
        None
    )


# --- 2027 against the holidays calendar --------------------------------------------------


def test_the_window_skips_the_holidays_and_cuti_bersama_of_2027() -> None:
    calendar = IndonesianCalendar()
    received = date(2027, 2, 1)  # a Monday
    window = dprd_window(received, calendar)
    # Feb: 20 weekdays less cuti bersama Imlek (5 Feb) = 19; March: 23 weekdays less Nyepi
    # (8), cuti bersama and Idulfitri (9-12, 15), cuti bersama and Good Friday (25, 26) = 15;
    # 34 by 31 March, the 45th on Thursday 15 April.
    assert window.closes == date(2027, 4, 15)
    both = holidays.country_holidays("ID", years=2027, categories=("public", "government"))
    cuti_bersama = holidays.country_holidays("ID", years=2027, categories=("government",))
    inside = [d for d in both if received <= d <= window.closes and d.weekday() < 5]
    assert sorted(inside) == [
        date(2027, 2, 5),
        date(2027, 3, 8),
        date(2027, 3, 9),
        date(2027, 3, 10),
        date(2027, 3, 11),
        date(2027, 3, 12),
        date(2027, 3, 15),
        date(2027, 3, 25),
        date(2027, 3, 26),
    ]
    assert {date(2027, 2, 5), date(2027, 3, 9), date(2027, 3, 25)} <= set(cuti_bersama)
    weekdays = [
        received + timedelta(days=i)
        for i in range((window.closes - received).days + 1)
        if (received + timedelta(days=i)).weekday() < 5
    ]
    assert len(weekdays) - len(inside) == 45
    # without the cuti bersama the window would close a week earlier
    public_only = WeekendCalendar(holidays.country_holidays("ID", years=2027).keys())
    assert dprd_window(received, public_only).closes == date(2027, 4, 8)
    # the reminders: 10 and 3 working days before, and the closing day
    assert [s.send_date for s in dprd_slots(window.closes, calendar)] == [
        date(2027, 4, 1),
        date(2027, 4, 12),
        date(2027, 4, 15),
    ]


def test_only_an_agreement_awaiting_the_dprd_with_a_receipt_date_has_a_window() -> None:
    policy = ReminderPolicy()
    assert agreement_dprd_window(awaiting(None), policy) is None
    active = dataclasses.replace(agreement(), dprd_received=date(2027, 2, 1))
    assert agreement_dprd_window(active, policy) is None
    window = agreement_dprd_window(awaiting(date(2027, 2, 1)), policy)
    assert window is not None and window.closes == date(2027, 4, 15)


# --- the status card and the reminder ----------------------------------------------------


def test_the_status_card_shows_working_days_left_the_closing_day_and_the_article() -> None:
    policy = ReminderPolicy()
    item = awaiting(date(2027, 2, 1))
    card, _ = agreement_card(
        item,
        region_name="Kota Surabaya",
        policy=policy,
        today=date(2027, 4, 12),
        language="id",
    )
    assert "menunggu persetujuan DPRD" in card
    assert "Persetujuan DPRD: 3 hari kerja lagi, berakhir 15 April 2027" in card
    assert "PP 28/2018 Pasal 30 ayat (4)" in card
    english, _ = agreement_card(
        item,
        region_name="Kota Surabaya",
        policy=policy,
        today=date(2027, 4, 16),
        language="en",
    )
    assert "window closed 15 April 2027" in english
    data = agreement_json(item, policy, date(2027, 4, 12))
    assert data["dprd_window_closes"] == "2027-04-15"
    assert data["dprd_working_days_left"] == 3


def test_the_reminder_cites_the_article_and_has_no_done_button() -> None:
    item = dataclasses.replace(awaiting(date(2027, 2, 1)), id=7)
    reply = reminder_reply(
        delivery_id=3,
        agreement=item,
        region_name="Kota Surabaya",
        kind="dprd",
        due=date(2027, 4, 15),
        today=date(2027, 4, 12),
        language="id",
    )
    assert "berakhir 15 April 2027 (3 hari kerja lagi)" in reply.text
    assert "PP 28/2018 Pasal 30 ayat (4)" in reply.text
    data = [b.data for row in reply.buttons for b in row]
    assert data == ["rm:s:3", "rm:i:7"]


async def test_the_pipeline_sends_the_three_dprd_reminders_once_each(
    clock: FakeClock, regions: RegionIndex, policy: ReminderPolicy
) -> None:
    item = awaiting(date(2027, 2, 1))
    world = fake_world(clock, regions, policy, [item])
    world.subscribe(SURABAYA, "100")
    at = datetime(2027, 1, 25, 1, tzinfo=UTC)  # 08:00 WIB
    sent_on: list[date] = []
    while at <= datetime(2027, 4, 30, 1, tzinfo=UTC):
        before = len(world.notifier.sent)
        await world.tick(at)
        await world.tick(at + timedelta(hours=5))  # a second pass sends nothing more
        sent_on += [at.date()] * (len(world.notifier.sent) - before)
        at += timedelta(days=1)
    assert sent_on == [date(2027, 4, 1), date(2027, 4, 12), date(2027, 4, 15)]
    texts = world.sent_texts()
    assert "10 hari kerja lagi" in texts[0] and "berakhir hari ini" in texts[2]
