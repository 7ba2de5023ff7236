"""Reminder policy and due dates: pure functions of an agreement and a date.

What is due when follows ``knowledge/reminder-policy.yaml``: configurable defaults chosen
by the bot's operators, **not law** (no regulation found sets a reporting frequency). A date
the curators set on an agreement (``next_report_due``, ``next_review_due``) always wins over
what the policy computes. Nothing here reads a clock or a database: ``today`` is a parameter.

When reminders for a due date are sent (lead days, weekends, holidays, timezones) lives in
:mod:`bot.core.reminders._schedule`.
"""

from __future__ import annotations

import calendar
import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Literal

from bot.core.models import Agreement, AgreementStage, PartialDate

# ``dprd``: the DPRD's 45-working-day window (regulation, not policy: see ``_dprd``).
ReminderKind = Literal["report", "review", "dprd"]
# The kinds the policy computes due dates for.
KINDS: tuple[ReminderKind, ...] = ("report", "review")

# Reports are expected from agreements that are in force; a review (revitalisation) also
# concerns an agreement whose term has ended.
REPORTING_STAGES = frozenset({AgreementStage.MOU, AgreementStage.ACTIVE})
REVIEW_STAGES = frozenset({AgreementStage.MOU, AgreementStage.ACTIVE, AgreementStage.EXPIRED})


class PolicyError(ValueError):
    """The reminder policy file is malformed; the message names the setting."""


@dataclass(frozen=True, slots=True, kw_only=True)
class ReminderPolicy:
    """When reminders are due and sent. Configurable defaults, not legal deadlines."""

    lead_days: tuple[int, ...] = (30, 7, 1, 0)
    overdue_repeat_days: int = 7
    # Dates the policy estimates (the registry gives none): an overdue one is mentioned
    # again only this many days after the previous mention (counted from the day it was
    # actually sent, so a holiday shift never brings two mentions within the period).
    estimate_overdue_repeat_days: int = 30
    overdue_chained: bool = False  # set by for_estimates(), not by the YAML file
    send_time: time = time(8, 0)
    report_cadence_months: int = 12
    review_cycle_years: int = 5
    review_window_days: int = 180
    no_report_review_months: int = 24
    superseded_record_days: int = 31
    delivery_rate_per_second: float = 30.0
    per_chat_interval_seconds: float = 1.0
    # days off the holidays package does not know yet (e.g. next year's cuti bersama)
    extra_holidays: tuple[date, ...] = ()

    def __post_init__(self) -> None:
        if not self.lead_days or any(d < 0 for d in self.lead_days):
            raise PolicyError("lead_days must be a non-empty list of days >= 0")
        if len(set(self.lead_days)) != len(self.lead_days):
            raise PolicyError("lead_days must not repeat a day")
        for name in (
            "overdue_repeat_days",
            "estimate_overdue_repeat_days",
            "report_cadence_months",
            "review_cycle_years",
            "review_window_days",
            "no_report_review_months",
        ):
            if getattr(self, name) < 1:
                raise PolicyError(f"{name} must be at least 1")
        if self.superseded_record_days < 0:
            raise PolicyError("superseded_record_days must be >= 0")
        if self.delivery_rate_per_second <= 0 or self.per_chat_interval_seconds < 0:
            raise PolicyError("delivery_rate_per_second must be > 0, per_chat_interval >= 0")

    def for_estimates(self) -> ReminderPolicy:
        """The policy for an estimated due date: overdue mentions at most once a period."""
        return dataclasses.replace(
            self, overdue_repeat_days=self.estimate_overdue_repeat_days, overdue_chained=True
        )

    @property
    def max_lead(self) -> int:
        """The earliest reminder before a due date, in days."""
        return max(self.lead_days)


_INT_FIELDS = (
    "overdue_repeat_days",
    "estimate_overdue_repeat_days",
    "report_cadence_months",
    "review_cycle_years",
    "review_window_days",
    "no_report_review_months",
    "superseded_record_days",
)
_FLOAT_FIELDS = ("delivery_rate_per_second", "per_chat_interval_seconds")


def parse_policy(data: Mapping[str, object]) -> ReminderPolicy:
    """Build a policy from the YAML mapping; missing keys keep their defaults."""
    known = {f.name for f in dataclasses.fields(ReminderPolicy)} - {"overdue_chained"}
    unknown = sorted(set(data) - known)
    if unknown:
        raise PolicyError(f"unknown reminder policy setting: {unknown[0]}")
    values: dict[str, object] = {}
    if "lead_days" in data:
        leads = data["lead_days"]
        if not isinstance(leads, list) or not all(_is_int(x) for x in leads):
            raise PolicyError("lead_days must be a list of whole numbers of days")
        values["lead_days"] = tuple(sorted((int(x) for x in leads), reverse=True))
    if "send_time" in data:
        values["send_time"] = _parse_time(data["send_time"])
    if "extra_holidays" in data:
        days = data["extra_holidays"] or []
        if not isinstance(days, list) or not all(_is_day(d) for d in days):
            raise PolicyError("extra_holidays must be a list of dates (YYYY-MM-DD)")
        values["extra_holidays"] = tuple(sorted(days))
    for name in _INT_FIELDS:
        if name in data:
            if not _is_int(data[name]):
                raise PolicyError(f"{name} must be a whole number")
            values[name] = int(data[name])  # type: ignore[call-overload]
    for name in _FLOAT_FIELDS:
        if name in data:
            value = data[name]
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise PolicyError(f"{name} must be a number")
            values[name] = float(value)
    return ReminderPolicy(**values)  # type: ignore[arg-type]


def load_policy(path: Path) -> ReminderPolicy:
    """Read ``knowledge/reminder-policy.yaml``; the defaults when the file is absent."""
    import yaml  # local: keeps this module importable without touching the disk

    if not path.exists():
        return ReminderPolicy()
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if not isinstance(data, dict):
        raise PolicyError(f"{path.name} must be a mapping of settings")
    return parse_policy(data)


def _is_day(value: object) -> bool:
    # YAML reads an unquoted 2028-01-02 as a date (not a datetime: that has a time too)
    return isinstance(value, date) and not isinstance(value, datetime)


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _parse_time(value: object) -> time:
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 24 * 60:
        # YAML 1.1 reads an unquoted 08:00 as sexagesimal minutes (480).
        return time(value // 60, value % 60)
    if isinstance(value, str):
        hours, sep, minutes = value.strip().partition(":")
        if sep and hours.isdigit() and minutes.isdigit():
            try:
                return time(int(hours), int(minutes))
            except ValueError:
                pass
    raise PolicyError(f"send_time must look like 08:00, got {value!r}")


# --- date arithmetic -------------------------------------------------------------------


def add_months(day: date, months: int) -> date:
    """``day`` plus whole months, clamped to the month's end (31 Jan + 1 = 28/29 Feb)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def _latest_step_at_most(start: date, step_months: int, limit: date) -> date | None:
    """The latest ``start + k * step`` (k >= 1) on or before ``limit``; None if none."""
    if add_months(start, step_months) > limit:
        return None
    months = (limit.year - start.year) * 12 + (limit.month - start.month)
    k = max(1, months // step_months)
    candidate = add_months(start, k * step_months)
    while candidate > limit:
        k -= 1
        candidate = add_months(start, k * step_months)
    while add_months(start, (k + 1) * step_months) <= limit:
        k += 1
        candidate = add_months(start, k * step_months)
    return candidate


def _first_day(value: PartialDate | None) -> date | None:
    # A year-only date means the earliest day it could be: reminders come early rather
    # than late, and the bot never invents a precise day it does not know.
    return value.earliest() if value is not None else None


# --- due dates -------------------------------------------------------------------------


def next_report_due(agreement: Agreement, policy: ReminderPolicy, today: date) -> date | None:
    """When the agreement's next report is due (possibly already past), or None.

    An explicit ``next_report_due`` wins. Otherwise: the last report plus the policy's
    cadence; with no report on record, the latest anniversary of the MoU that is due by
    the time the earliest lead reminder would go out (so the date stays the same from one
    day to the next until it is marked done or the next anniversary comes near).
    """
    if agreement.next_report_due is not None:
        return agreement.next_report_due
    if agreement.stage not in REPORTING_STAGES:
        return None
    last = _first_day(agreement.last_report_date)
    if last is not None:
        return add_months(last, policy.report_cadence_months)
    start = _first_day(agreement.mou_date)
    if start is None:
        return None
    horizon = today + timedelta(days=policy.max_lead)
    latest = _latest_step_at_most(start, policy.report_cadence_months, horizon)
    return latest or add_months(start, policy.report_cadence_months)


def next_review_due(agreement: Agreement, policy: ReminderPolicy, today: date) -> date | None:
    """When a revitalisation review is due (possibly already past), or None.

    An explicit ``next_review_due`` wins. Otherwise the earliest policy trigger: the MoU
    older than the review cycle, ``valid_until`` within the review window, or no report
    for too long.
    """
    if agreement.next_review_due is not None:
        return agreement.next_review_due
    if agreement.stage not in REVIEW_STAGES:
        return None
    triggers: list[date] = []
    start = _first_day(agreement.mou_date)
    if start is not None:
        cycle = policy.review_cycle_years * 12
        horizon = today + timedelta(days=policy.max_lead)
        triggers.append(_latest_step_at_most(start, cycle, horizon) or add_months(start, cycle))
    valid_until = _first_day(agreement.valid_until)
    if valid_until is not None:
        triggers.append(valid_until - timedelta(days=policy.review_window_days))
    last = _first_day(agreement.last_report_date)
    if last is not None:
        triggers.append(add_months(last, policy.no_report_review_months))
    return min(triggers) if triggers else None


def due_date(
    agreement: Agreement, kind: ReminderKind, policy: ReminderPolicy, today: date
) -> date | None:
    """``next_report_due``, ``next_review_due`` or the DPRD window's closing day, by kind."""
    if kind == "dprd":
        # Imported here: the DPRD window module builds on this one.
        from bot.core.reminders._dprd import agreement_dprd_window

        window = agreement_dprd_window(agreement, policy)
        return window.closes if window is not None else None
    if kind == "report":
        return next_report_due(agreement, policy, today)
    return next_review_due(agreement, policy, today)


def record_report(agreement: Agreement, policy: ReminderPolicy, today: date) -> Agreement:
    """The agreement after its report was submitted ``today``.

    The last report becomes today; the next report is due one cadence after the due date
    just met (rolled forward past today, so a late report does not leave one overdue).
    """
    due = next_report_due(agreement, policy, today) or today
    following = add_months(due, policy.report_cadence_months)
    while following <= today:
        following = add_months(following, policy.report_cadence_months)
    return dataclasses.replace(
        agreement,
        last_report_date=PartialDate(year=today.year, month=today.month, day=today.day),
        next_report_due=following,
    )


def record_review(agreement: Agreement, policy: ReminderPolicy, today: date) -> Agreement:
    """The agreement after its review was done ``today``: next one a review cycle later."""
    return dataclasses.replace(
        agreement, next_review_due=add_months(today, policy.review_cycle_years * 12)
    )
