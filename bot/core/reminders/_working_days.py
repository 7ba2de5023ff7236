"""Indonesian working days: weekends, national holidays and cuti bersama.

The ``holidays`` package offers two categories for Indonesia: ``public`` (hari libur
nasional) and ``government`` (cuti bersama, the joint leave days set each year by joint
ministerial decree). Government offices close on both, so a reminder never lands on either.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from datetime import date, timedelta
from typing import Protocol

# A reminder moved off a non-working day never travels further than this: a guard
# against a calendar that (wrongly) has no working day at all.
MAX_SHIFT_DAYS = 31


class WorkingCalendar(Hashable, Protocol):
    """Which days government offices work (hashable: planners cache per calendar)."""

    def is_working_day(self, day: date) -> bool:
        """Whether ``day`` is a working day."""
        ...


class IndonesianCalendar:
    """Monday to Friday, minus national holidays and cuti bersama (cached per year)."""

    def __init__(self, extra_holidays: Iterable[date] = ()) -> None:
        self._extra = frozenset(extra_holidays)
        self._by_year: dict[int, frozenset[date]] = {}

    def holidays_in(self, year: int) -> frozenset[date]:
        """Every holiday and cuti bersama day of ``year``."""
        cached = self._by_year.get(year)
        if cached is None:
            # Imported on first use: the package is large, and most commands never count days.
            import holidays

            table = holidays.country_holidays("ID", years=year, categories=("public", "government"))
            cached = frozenset(table.keys()) | {d for d in self._extra if d.year == year}
            self._by_year[year] = cached
        return cached

    def is_working_day(self, day: date) -> bool:
        """Weekdays that are neither a holiday nor cuti bersama."""
        return day.weekday() < 5 and day not in self.holidays_in(day.year)


class WeekendCalendar:
    """Monday to Friday plus the holidays given: for tests with a known calendar."""

    def __init__(self, holidays_: Iterable[date] = ()) -> None:
        self._holidays = frozenset(holidays_)

    def is_working_day(self, day: date) -> bool:
        """Weekdays not listed as holidays."""
        return day.weekday() < 5 and day not in self._holidays


def previous_working_day(day: date, calendar: WorkingCalendar) -> date:
    """``day`` itself when it is a working day, else the closest working day before it."""
    return _shift(day, calendar, -1)


def next_working_day(day: date, calendar: WorkingCalendar) -> date:
    """``day`` itself when it is a working day, else the closest working day after it."""
    return _shift(day, calendar, 1)


def _shift(day: date, calendar: WorkingCalendar, step: int) -> date:
    current = day
    for _ in range(MAX_SHIFT_DAYS):
        if calendar.is_working_day(current):
            return current
        current += timedelta(days=step)
    return day
