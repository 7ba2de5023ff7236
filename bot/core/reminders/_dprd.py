"""The DPRD's window: 45 working days to answer a request for approval.

PP 28/2018 Pasal 30 ayat (4): the DPRD gives its approval within at most 45 working days
(*hari kerja*) of receiving the head of region's request letter. This is the one deadline
in the procedure the regulation itself sets, so it is said as law (with its article), unlike
the policy defaults of reports and reviews.

Counting: the day of receipt is day 1 when it is a working day (``terhitung sejak``
diterimanya); otherwise the first working day after it is. Reading it this way gives the
earlier of the two possible closing days, so a reminder is never late. Working days skip
weekends, national holidays and cuti bersama (:mod:`bot.core.reminders._working_days`).

Reminders go out 10 and 3 working days before the window closes and on the day it closes
(:data:`DPRD_LEADS`); none after: the PP says nothing of what follows a lapsed window.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date, timedelta

from bot.core.models import Agreement, AgreementStage
from bot.core.reminders._policy import ReminderPolicy
from bot.core.reminders._schedule import Slot, calendar_for
from bot.core.reminders._working_days import WorkingCalendar

DPRD_WORKING_DAYS = 45
DPRD_ARTICLE = "PP 28/2018 Pasal 30 ayat (4)"
# Working days before the closing day at which officers are reminded (0: the closing day).
DPRD_LEADS: tuple[int, ...] = (10, 3, 0)
# No run of days off is anywhere near this long: a guard against a broken calendar.
_MAX_CALENDAR_DAYS_PER_WORKING_DAY = 30


def add_working_days(start: date, count: int, calendar: WorkingCalendar) -> date:
    """The ``count``-th working day counted from ``start`` (``start`` is day 1 if working).

    ``count`` >= 1. ``add_working_days(d, 1, c)`` is ``d`` itself on a working day, else
    the next working day.
    """
    if count < 1:
        raise ValueError("count must be at least 1")
    day = start
    seen = 0
    limit = start + timedelta(days=count * _MAX_CALENDAR_DAYS_PER_WORKING_DAY)
    while day <= limit:
        if calendar.is_working_day(day):
            seen += 1
            if seen == count:
                return day
        day += timedelta(days=1)
    raise ValueError("the calendar has no working days")


def working_days_between(start: date, end: date, calendar: WorkingCalendar) -> int:
    """How many working days lie in ``(start, end]`` (0 when ``end <= start``)."""
    count = 0
    day = start + timedelta(days=1)
    while day <= end:
        if calendar.is_working_day(day):
            count += 1
        day += timedelta(days=1)
    return count


def working_days_before(day: date, count: int, calendar: WorkingCalendar) -> date:
    """The working day ``count`` working days before ``day`` (``day`` itself for 0)."""
    current = day
    remaining = count
    while remaining > 0:
        current -= timedelta(days=1)
        if calendar.is_working_day(current):
            remaining -= 1
    return current


@dataclass(frozen=True, slots=True, kw_only=True)
class DprdWindow:
    """The DPRD's window for one request: received, the closing day, what is left."""

    received: date
    closes: date  # the 45th working day, counted as the module says

    def working_days_left(self, today: date, calendar: WorkingCalendar) -> int:
        """Working days after ``today`` up to the closing day (0 on it, negative after)."""
        if today <= self.closes:
            return working_days_between(today, self.closes, calendar)
        return -working_days_between(self.closes, today, calendar)


def dprd_window(received: date, calendar: WorkingCalendar) -> DprdWindow:
    """The window of a request the DPRD received on ``received``."""
    return DprdWindow(
        received=received, closes=add_working_days(received, DPRD_WORKING_DAYS, calendar)
    )


def agreement_dprd_window(agreement: Agreement, policy: ReminderPolicy) -> DprdWindow | None:
    """The window of an agreement awaiting the DPRD with a known receipt date, else None."""
    if agreement.stage != AgreementStage.AWAITING_DPRD or agreement.dprd_received is None:
        return None
    return _cached_window(agreement.dprd_received, policy)


@functools.lru_cache(maxsize=1024)
def _cached_window(received: date, policy: ReminderPolicy) -> DprdWindow:
    return dprd_window(received, _calendar(policy))


@functools.lru_cache(maxsize=16)
def _calendar(policy: ReminderPolicy) -> WorkingCalendar:
    # One calendar per policy: its holidays are computed once per year, not per agreement.
    return calendar_for(policy)


def dprd_calendar(policy: ReminderPolicy) -> WorkingCalendar:
    """The working calendar DPRD windows are counted in (shared, cached per policy)."""
    return _calendar(policy)


def dprd_slots(closes: date, calendar: WorkingCalendar) -> list[Slot]:
    """The reminders of a window closing on ``closes``: lead = working days before it."""
    return sorted(
        Slot(send_date=working_days_before(closes, lead, calendar), lead_days=lead)
        for lead in DPRD_LEADS
    )


def dprd_slots_between(
    closes: date, start: date, end: date, calendar: WorkingCalendar
) -> list[Slot]:
    """The window's reminders sent on a local day in ``[start, end]``, in order."""
    return [s for s in dprd_slots(closes, calendar) if start <= s.send_date <= end]


def latest_dprd_slot(closes: date, day: date, calendar: WorkingCalendar) -> Slot | None:
    """The latest of the window's reminders sent on or before ``day``; None if none yet."""
    past = [s for s in dprd_slots(closes, calendar) if s.send_date <= day]
    return past[-1] if past else None
