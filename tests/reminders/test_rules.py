"""The pure date rules: policy file, due dates, lead days, working-day shifts, timezones."""

from __future__ import annotations

from datetime import UTC, date, time, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.models import AgreementStage
from bot.core.reminders import (
    IndonesianCalendar,
    ReminderPolicy,
    load_policy,
    next_report_due,
    next_review_due,
)
from bot.core.reminders._policy import (
    PolicyError,
    add_months,
    parse_policy,
    record_report,
    record_review,
)
from bot.core.reminders._schedule import (
    last_send_day,
    latest_slot,
    lead_slot,
    overdue_slot,
    send_instant,
    slots_between,
    slots_on,
)
from bot.core.reminders._working_days import WeekendCalendar

from .conftest import KNOWLEDGE, agreement

TODAY = date(2026, 11, 28)


# --- the policy file ---------------------------------------------------------------------


def test_the_shipped_policy_file_holds_the_documented_defaults() -> None:
    policy = load_policy(KNOWLEDGE / "reminder-policy.yaml")
    assert policy == ReminderPolicy()
    assert policy.lead_days == (30, 7, 1, 0)
    assert policy.overdue_repeat_days == 7
    assert policy.send_time == time(8, 0)
    text = (KNOWLEDGE / "reminder-policy.yaml").read_text(encoding="utf-8")
    assert "NOT law" in text


def test_policy_values_are_configurable(tmp_path: Path) -> None:
    path = tmp_path / "policy.yaml"
    path.write_text("lead_days: [14, 3]\nsend_time: '09:30'\noverdue_repeat_days: 3\n")
    policy = load_policy(path)
    assert policy.lead_days == (14, 3)
    assert policy.send_time == time(9, 30)
    assert policy.overdue_repeat_days == 3


def test_unquoted_yaml_time_is_read_as_a_time(tmp_path: Path) -> None:
    path = tmp_path / "policy.yaml"
    path.write_text("send_time: 07:15\n")  # YAML 1.1 sexagesimal: 435
    assert load_policy(path).send_time == time(7, 15)


def test_missing_policy_file_means_defaults(tmp_path: Path) -> None:
    assert load_policy(tmp_path / "absent.yaml") == ReminderPolicy()


@pytest.mark.parametrize(
    ("data", "name"),
    [
        ({"lead_days": "30"}, "lead_days"),
        ({"lead_days": [30, -1]}, "lead_days"),
        ({"lead_days": [7, 7]}, "lead_days"),
        ({"send_time": "25:00"}, "send_time"),
        ({"overdue_repeat_days": 0}, "overdue_repeat_days"),
        ({"review_cycle_years": "five"}, "review_cycle_years"),
        ({"delivery_rate_per_second": True}, "delivery_rate_per_second"),
        ({"lead_day": [1]}, "lead_day"),
    ],
)
def test_bad_policy_settings_are_named(data: dict[str, object], name: str) -> None:
    with pytest.raises(PolicyError, match=name):
        parse_policy(data)


# --- due dates ---------------------------------------------------------------------------


def test_an_explicit_report_date_overrides_the_policy(policy: ReminderPolicy) -> None:
    a = agreement(report_due=date(2027, 2, 3), last_report="2026-01-10")
    assert next_report_due(a, policy, TODAY) == date(2027, 2, 3)


def test_report_due_one_cadence_after_the_last_report(policy: ReminderPolicy) -> None:
    assert next_report_due(agreement(last_report="2026-03-15"), policy, TODAY) == date(2027, 3, 15)
    # a year-only date means its first day: reminders come early, never invented late
    assert next_report_due(agreement(last_report="2025"), policy, TODAY) == date(2026, 1, 1)


def test_without_a_report_the_mou_anniversary_is_the_due_date(policy: ReminderPolicy) -> None:
    a = agreement(mou="2019-05-10")
    assert next_report_due(a, policy, TODAY) == date(2026, 5, 10)
    # the next anniversary takes over once its first lead reminder comes near
    assert next_report_due(a, policy, date(2027, 4, 10)) == date(2027, 5, 10)
    assert next_report_due(a, policy, date(2027, 4, 9)) == date(2026, 5, 10)


def test_no_report_is_due_for_agreements_not_in_force(policy: ReminderPolicy) -> None:
    for stage in (AgreementStage.EXPLORING, AgreementStage.LOI, AgreementStage.TERMINATED):
        a = agreement(stage=stage, mou="2019-05-10", last_report="2025-01-01")
        assert next_report_due(a, policy, TODAY) is None
        assert next_review_due(a, policy, TODAY) is None
    assert next_report_due(agreement(), policy, TODAY) is None


def test_review_triggers(policy: ReminderPolicy) -> None:
    # MoU older than the five-year cycle: the latest cycle boundary
    assert next_review_due(agreement(mou="2015-06-01"), policy, TODAY) == date(2025, 6, 1)
    # valid_until within the 180-day window
    assert next_review_due(
        agreement(mou="2024-01-01", valid_until="2027-03-01"), policy, TODAY
    ) == date(2027, 3, 1) - timedelta(days=180)
    # no report for 24 months
    assert next_review_due(agreement(last_report="2025-02-01"), policy, TODAY) == date(2027, 2, 1)
    # the earliest trigger wins; an explicit date wins over all
    both = agreement(mou="2015-06-01", valid_until="2026-01-01")
    assert next_review_due(both, policy, TODAY) == date(2025, 6, 1)
    explicit = agreement(mou="2015-06-01", review_due=date(2028, 1, 5))
    assert next_review_due(explicit, policy, TODAY) == date(2028, 1, 5)
    # an expired agreement still needs its review
    expired = agreement(stage=AgreementStage.EXPIRED, valid_until="2024-12-31")
    assert next_review_due(expired, policy, TODAY) == date(2024, 12, 31) - timedelta(days=180)


def test_recording_a_report_advances_the_next_due_date(policy: ReminderPolicy) -> None:
    a = agreement(report_due=date(2026, 12, 9))
    done = record_report(a, policy, date(2026, 12, 8))
    assert done.last_report_date is not None and done.last_report_date.isoformat() == "2026-12-08"
    assert done.next_report_due == date(2027, 12, 9)
    # a report two years late does not leave the following one overdue already
    late = record_report(agreement(report_due=date(2024, 1, 31)), policy, TODAY)
    assert late.next_report_due == date(2027, 1, 31)
    reviewed = record_review(agreement(mou="2015-06-01"), policy, TODAY)
    assert reviewed.next_review_due == date(2031, 11, 28)


def test_add_months_clamps_to_the_month_end() -> None:
    assert add_months(date(2027, 1, 31), 1) == date(2027, 2, 28)
    assert add_months(date(2028, 2, 29), 12) == date(2029, 2, 28)
    assert add_months(date(2026, 11, 28), -11) == date(2025, 12, 28)


# --- lead days, weekends, holidays -------------------------------------------------------


def test_every_lead_day_on_working_days(policy: ReminderPolicy) -> None:
    calendar = IndonesianCalendar()
    due = date(2026, 12, 9)  # a Wednesday
    slots = slots_between(due, due - timedelta(days=40), due, policy, calendar)
    assert [(s.lead_days, s.send_date) for s in slots] == [
        (30, date(2026, 11, 9)),
        (7, date(2026, 12, 2)),
        (1, date(2026, 12, 8)),
        (0, date(2026, 12, 9)),
    ]


def test_a_lead_reminder_on_a_weekend_moves_back_and_keeps_its_lead(
    policy: ReminderPolicy,
) -> None:
    calendar = IndonesianCalendar()
    due = date(2026, 12, 14)  # Monday: lead 1 is Sunday, lead 30 is Saturday 14 Nov
    assert lead_slot(due, 1, calendar).send_date == date(2026, 12, 11)  # Friday
    assert lead_slot(due, 1, calendar).lead_days == 1
    assert lead_slot(due, 30, calendar).send_date == date(2026, 11, 13)
    assert lead_slot(due, 7, calendar).send_date == date(2026, 12, 7)


def test_holidays_and_cuti_bersama_move_a_lead_reminder_back(policy: ReminderPolicy) -> None:
    calendar = IndonesianCalendar()
    assert date(2026, 12, 24) in calendar.holidays_in(2026)  # cuti bersama Natal
    # Independence Day (Monday 17 Aug) -> Friday 14 Aug
    assert lead_slot(date(2026, 8, 18), 1, calendar).send_date == date(2026, 8, 14)
    # due Saturday 26 Dec: lead 0 (Sat) and lead 1 (Christmas) both pass cuti bersama
    # on the 24th and land on Wednesday 23 Dec; only the later one (lead 0) is sent
    due = date(2026, 12, 26)
    assert lead_slot(due, 0, calendar).send_date == date(2026, 12, 23)
    assert lead_slot(due, 1, calendar).send_date == date(2026, 12, 23)
    assert [
        (s.lead_days, s.send_date) for s in slots_on(due, date(2026, 12, 23), policy, calendar)
    ] == [(0, date(2026, 12, 23))]


def test_overdue_repeats_weekly_and_move_forward_over_lebaran(policy: ReminderPolicy) -> None:
    calendar = IndonesianCalendar()
    due = date(2026, 3, 11)
    # +7 = 18 Mar (cuti bersama Nyepi); 19 Nyepi, 20 cuti, 21-22 weekend, 23-24 cuti
    assert overdue_slot(due, 1, policy, calendar).send_date == date(2026, 3, 25)
    assert overdue_slot(due, 1, policy, calendar).lead_days == -7
    slots = slots_between(due, due + timedelta(days=1), date(2026, 4, 10), policy, calendar)
    assert [(s.lead_days, s.send_date) for s in slots] == [
        (-14, date(2026, 3, 25)),  # -7 and -14 both land on the 25th: one reminder
        (-21, date(2026, 4, 1)),
        (-28, date(2026, 4, 8)),
    ]


def test_overdue_repeats_go_on_until_done(policy: ReminderPolicy) -> None:
    calendar = WeekendCalendar()
    due = date(2020, 1, 1)
    slot = latest_slot(due, date(2026, 11, 27), policy, calendar)
    assert slot is not None and slot.lead_days < 0
    assert date(2026, 11, 20) <= slot.send_date <= date(2026, 11, 27)


@pytest.mark.parametrize(
    ("timezone", "utc_hour", "utc_day"),
    [("Asia/Jakarta", 1, 9), ("Asia/Makassar", 0, 9), ("Asia/Jayapura", 23, 8)],
)
def test_sent_at_eight_local_in_the_three_timezones(
    policy: ReminderPolicy, timezone: str, utc_hour: int, utc_day: int
) -> None:
    instant = send_instant(date(2026, 12, 9), policy, timezone)
    assert instant.hour == 8 and instant.utcoffset() is not None
    utc = instant.astimezone(UTC)
    assert (utc.day, utc.hour) == (utc_day, utc_hour)
    before = instant.astimezone(UTC) - timedelta(seconds=1)
    assert last_send_day(before, policy, timezone) == date(2026, 12, 8)
    assert last_send_day(instant, policy, timezone) == date(2026, 12, 9)


# --- properties ----------------------------------------------------------------------------

CALENDAR = IndonesianCalendar()
dues = st.dates(min_value=date(2021, 1, 1), max_value=date(2034, 12, 31))
leads = st.lists(st.integers(min_value=0, max_value=90), min_size=1, max_size=5, unique=True)


@given(due=dues, lead=st.integers(min_value=0, max_value=90))
@settings(max_examples=300, deadline=None)
def test_lead_reminders_move_back_to_the_nearest_working_day(due: date, lead: int) -> None:
    slot = lead_slot(due, lead, CALENDAR)
    nominal = due - timedelta(days=lead)
    assert CALENDAR.is_working_day(slot.send_date)
    assert slot.send_date <= nominal
    assert slot.lead_days == lead
    day = slot.send_date + timedelta(days=1)
    while day <= nominal:  # nothing skipped: every day in between is a day off
        assert not CALENDAR.is_working_day(day)
        day += timedelta(days=1)


@given(due=dues, repeat=st.integers(min_value=1, max_value=30))
@settings(max_examples=300, deadline=None)
def test_overdue_reminders_move_forward_to_the_nearest_working_day(due: date, repeat: int) -> None:
    policy = ReminderPolicy()
    slot = overdue_slot(due, repeat, policy, CALENDAR)
    nominal = due + timedelta(days=repeat * 7)
    assert CALENDAR.is_working_day(slot.send_date)
    assert slot.send_date >= nominal > due
    assert slot.lead_days == -repeat * 7
    day = nominal
    while day < slot.send_date:
        assert not CALENDAR.is_working_day(day)
        day += timedelta(days=1)


@given(due=dues, lead_days=leads, offset=st.integers(min_value=-100, max_value=200))
@settings(max_examples=300, deadline=None)
def test_latest_slot_agrees_with_the_full_list(
    due: date, lead_days: list[int], offset: int
) -> None:
    policy = ReminderPolicy(lead_days=tuple(sorted(lead_days, reverse=True)))
    day = due + timedelta(days=offset)
    every = slots_between(due, due - timedelta(days=200), day, policy, CALENDAR)
    assert [s.send_date for s in every] == sorted({s.send_date for s in every})
    assert all(CALENDAR.is_working_day(s.send_date) for s in every)
    latest = latest_slot(due, day, policy, CALENDAR)
    assert latest == (every[-1] if every else None)
    for slot in every:
        assert slots_on(due, slot.send_date, policy, CALENDAR) == [slot]


def test_no_run_of_days_off_is_longer_than_the_range_search_allows() -> None:
    from bot.core.reminders._schedule import RANGE_SHIFT_DAYS

    longest = run = 0
    day = date(2015, 1, 1)
    while day < date(2040, 1, 1):
        run = 0 if CALENDAR.is_working_day(day) else run + 1
        longest = max(longest, run)
        day += timedelta(days=1)
    assert 9 <= longest < RANGE_SHIFT_DAYS  # Lebaran with cuti bersama is the longest


def test_extra_holidays_from_the_policy_file_move_reminders_too(tmp_path: Path) -> None:
    from bot.core.reminders import calendar_for

    path = tmp_path / "policy.yaml"
    path.write_text("extra_holidays: [2028-01-03, 2028-02-25]\n")
    policy = load_policy(path)
    assert policy.extra_holidays == (date(2028, 1, 3), date(2028, 2, 25))
    calendar = calendar_for(policy)
    assert not calendar.is_working_day(date(2028, 1, 3))  # a Monday, declared a day off
    assert lead_slot(date(2028, 1, 3), 0, calendar).send_date == date(2027, 12, 31)
    with pytest.raises(PolicyError, match="extra_holidays"):
        parse_policy({"extra_holidays": ["soon"]})
