"""When the reminders for one due date go out: lead days, overdue repeats, working days.

A *slot* is one reminder for a due date: its policy lead (30, 7, 1, 0 days before, or a
negative number of days for an overdue repeat) and the local day it is sent. A lead
reminder that falls on a weekend or holiday moves to the previous working day and keeps
its lead; an overdue repeat moves to the next working day. When two slots land on the
same day (a lead-1 reminder on a Saturday and the lead-0 one on the Sunday both move to
Friday), only the later one (the smaller lead) is kept: an officer never gets two
reminders for one thing on one day.

Everything here is a pure function of dates; instants are built in the region's own
timezone (Asia/Jakarta, Asia/Makassar, Asia/Jayapura) at the policy's send time.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from bot.core.reminders._policy import ReminderPolicy
from bot.core.reminders._working_days import (
    IndonesianCalendar,
    WorkingCalendar,
    next_working_day,
    previous_working_day,
)

DEFAULT_TIMEZONE = "Asia/Jakarta"
# The longest run of days off an Indonesian calendar has had (Lebaran with its cuti
# bersama and a weekend) is about ten days; a range search looks this far back.
RANGE_SHIFT_DAYS = 14


@dataclass(frozen=True, slots=True, kw_only=True, order=True)
class Slot:
    """One reminder for a due date: sent on ``send_date`` (local) with its policy lead."""

    send_date: date
    lead_days: int  # 30, 7, 1, 0; negative for an overdue repeat (-7, -14, ...)


def calendar_for(policy: ReminderPolicy) -> IndonesianCalendar:
    """Weekends, national holidays, cuti bersama and the policy's extra days off."""
    return IndonesianCalendar(extra_holidays=policy.extra_holidays)


@lru_cache(maxsize=64)
def zone(name: str) -> ZoneInfo:
    """The IANA timezone (cached: reminders are planned by the thousand)."""
    return ZoneInfo(name)


def send_instant(day: date, policy: ReminderPolicy, timezone: str) -> datetime:
    """The aware instant a reminder of local ``day`` goes out (08:00 in the region)."""
    return datetime.combine(day, policy.send_time, tzinfo=zone(timezone))


def last_send_day(now: datetime, policy: ReminderPolicy, timezone: str) -> date:
    """The latest local day whose send time has come by ``now``."""
    local = now.astimezone(zone(timezone))
    day = local.date()
    return day if local.time() >= policy.send_time else day - timedelta(days=1)


def lead_slot(due: date, lead: int, calendar: WorkingCalendar) -> Slot:
    """The reminder ``lead`` days before ``due``, moved back to a working day."""
    return Slot(
        send_date=previous_working_day(due - timedelta(days=lead), calendar), lead_days=lead
    )


def overdue_slot(due: date, repeat: int, policy: ReminderPolicy, calendar: WorkingCalendar) -> Slot:
    """The ``repeat``-th overdue reminder (1, 2, ...), moved forward to a working day.

    With a chained policy (estimates) each repeat counts from the day the previous one
    was sent, so two mentions are never closer than ``overdue_repeat_days``.
    """
    days = repeat * policy.overdue_repeat_days
    if policy.overdue_chained:
        chain = _chained_days(due, repeat, policy.overdue_repeat_days, calendar)
        return Slot(send_date=chain[repeat - 1], lead_days=-days)
    return Slot(send_date=next_working_day(due + timedelta(days=days), calendar), lead_days=-days)


_CHAINS: dict[tuple[date, int, WorkingCalendar], list[date]] = {}
_CHAINS_MAX = 8192
_CHAINS_LOCK = threading.Lock()


def _chained_days(due: date, count: int, repeat: int, calendar: WorkingCalendar) -> list[date]:
    # Memoised and grown on demand: planning asks for the k-th repeat of one due date
    # for k = 1, 2, ... and for thousands of agreements sharing due dates.
    key = (due, repeat, calendar)
    with _CHAINS_LOCK:
        chain = _CHAINS.get(key)
        if chain is None:
            if len(_CHAINS) >= _CHAINS_MAX:
                _CHAINS.clear()
            chain = _CHAINS[key] = []
        day = chain[-1] if chain else due
        while len(chain) < count:
            day = next_working_day(day + timedelta(days=repeat), calendar)
            chain.append(day)
        return chain  # at least ``count`` long; shared, never changed below that


def _collapse(slots: list[Slot]) -> list[Slot]:
    """One slot per day (the smallest lead wins), in send order."""
    by_day: dict[date, Slot] = {}
    for slot in slots:
        kept = by_day.get(slot.send_date)
        if kept is None or slot.lead_days < kept.lead_days:
            by_day[slot.send_date] = slot
    return sorted(by_day.values())


def slots_between(
    due: date, start: date, end: date, policy: ReminderPolicy, calendar: WorkingCalendar
) -> list[Slot]:
    """Every reminder for ``due`` sent on a local day in ``[start, end]``, in order."""
    if end < start:
        return []
    found = [lead_slot(due, lead, calendar) for lead in policy.lead_days]
    repeat = policy.overdue_repeat_days
    # An overdue repeat is sent at most RANGE_SHIFT_DAYS after its nominal day (chained
    # repeats can drift further: search them all).
    shift = (start - due).days if policy.overdue_chained else RANGE_SHIFT_DAYS
    first = max(1, ((start - due).days - shift) // repeat)
    last = (end - due).days // repeat
    found.extend(overdue_slot(due, k, policy, calendar) for k in range(first, last + 1))
    return [s for s in _collapse(found) if start <= s.send_date <= end]


def slots_on(due: date, day: date, policy: ReminderPolicy, calendar: WorkingCalendar) -> list[Slot]:
    """The reminder for ``due`` sent on local ``day`` (zero or one slot)."""
    return slots_between(due, day, day, policy, calendar)


def latest_slot(
    due: date, day: date, policy: ReminderPolicy, calendar: WorkingCalendar
) -> Slot | None:
    """The latest reminder for ``due`` sent on or before local ``day``; None if none yet."""
    repeat = policy.overdue_repeat_days
    k = (day - due).days // repeat
    while k >= 1:
        slot = overdue_slot(due, k, policy, calendar)
        if slot.send_date <= day:
            return slot
        k -= 1
    leads = [s for s in _collapse([lead_slot(due, d, calendar) for d in policy.lead_days])]
    past = [s for s in leads if s.send_date <= day]
    return past[-1] if past else None


def days_left(due: date, today: date) -> int:
    """Days until ``due`` (negative when overdue)."""
    return (due - today).days
