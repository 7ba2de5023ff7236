"""The registry at a glance: agreements by province and stage, and what is due soon.

One pure function, so the curators' console and the admins' weekly recap show the same
numbers. Due dates are the ones the status card shows (explicit, else the reminder
policy's estimate), counted per agreement and kind.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from bot.core.models import Agreement
from bot.core.reminders import ReminderKind, ReminderPolicy, next_report_due, next_review_due

SOON_DAYS = 30


@dataclass(frozen=True, slots=True, kw_only=True)
class DueItem:
    """One report or review that is overdue or due within the window."""

    agreement: Agreement
    kind: ReminderKind
    due: date
    estimated: bool  # computed from the policy, not recorded by a curator


@dataclass(frozen=True, slots=True, kw_only=True)
class RegistryOverview:
    """Counts over the whole registry on ``today``."""

    today: date
    total: int
    by_province: tuple[tuple[str, int], ...]  # (province code, count), most first
    by_stage: tuple[tuple[str, int], ...]  # (stage value, count), most first
    by_province_stage: dict[tuple[str, str], int]
    overdue: tuple[DueItem, ...]  # oldest due first
    due_soon: tuple[DueItem, ...]  # soonest first, within ``SOON_DAYS``

    def count(self, kind: ReminderKind, *, overdue: bool) -> int:
        """How many reports or reviews are overdue (or due soon)."""
        items = self.overdue if overdue else self.due_soon
        return sum(1 for item in items if item.kind == kind)


def province_of(region_code: str) -> str:
    """``35.78`` -> ``35``; a province's own code stays as it is."""
    return region_code.split(".", 1)[0]


def registry_overview(
    agreements: Iterable[Agreement],
    *,
    policy: ReminderPolicy,
    today: date,
    soon_days: int = SOON_DAYS,
    province: Callable[[str], str] = province_of,
) -> RegistryOverview:
    """Counts by province and stage; reports and reviews overdue or due within ``soon_days``."""
    by_province: Counter[str] = Counter()
    by_stage: Counter[str] = Counter()
    by_both: Counter[tuple[str, str]] = Counter()
    overdue: list[DueItem] = []
    soon: list[DueItem] = []
    horizon = today + timedelta(days=soon_days)
    total = 0
    for agreement in agreements:
        total += 1
        code = province(agreement.region_code)
        by_province[code] += 1
        by_stage[agreement.stage.value] += 1
        by_both[(code, agreement.stage.value)] += 1
        dues: tuple[tuple[ReminderKind, date | None, date | None], ...] = (
            ("report", next_report_due(agreement, policy, today), agreement.next_report_due),
            ("review", next_review_due(agreement, policy, today), agreement.next_review_due),
        )
        for kind, due, explicit in dues:
            if due is None or due > horizon:
                continue
            item = DueItem(agreement=agreement, kind=kind, due=due, estimated=explicit is None)
            (overdue if due < today else soon).append(item)
    overdue.sort(key=lambda i: (i.due, i.agreement.region_code, i.agreement.partner))
    soon.sort(key=lambda i: (i.due, i.agreement.region_code, i.agreement.partner))
    return RegistryOverview(
        today=today,
        total=total,
        by_province=tuple(sorted(by_province.items(), key=lambda kv: (-kv[1], kv[0]))),
        by_stage=tuple(sorted(by_stage.items(), key=lambda kv: (-kv[1], kv[0]))),
        by_province_stage=dict(by_both),
        overdue=tuple(overdue),
        due_soon=tuple(soon),
    )


def is_overdue(agreement: Agreement, policy: ReminderPolicy, today: date) -> bool:
    """Whether the agreement's report or review is past due on ``today``."""
    report = next_report_due(agreement, policy, today)
    review = next_review_due(agreement, policy, today)
    return any(due is not None and due < today for due in (report, review))
