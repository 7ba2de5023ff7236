"""What is overdue and what is coming, by province: the admins' weekly recap and the
console's overview count with this one function, so they always show the same numbers.

A due date is the one the status card shows: the curators' own date when set, else the
reminder policy's estimate. *Overdue* is due before ``today``; *upcoming* is due from
``today`` to ``today + horizon_days`` (30 by default), both ends included.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from bot.core.models import Agreement, Language
from bot.core.reminders._policy import KINDS, ReminderPolicy, due_date
from bot.core.texts import Text

UPCOMING_DAYS = 30


def province_of(region_code: str) -> str:
    """``35.78`` -> ``35``; a province's own code stays as it is."""
    return region_code.split(".", 1)[0]


@dataclass(frozen=True, slots=True, kw_only=True)
class ProvinceCounts:
    """Reports and reviews overdue and upcoming in one province (or all: ``province=""``)."""

    province: str
    overdue_reports: int = 0
    overdue_reviews: int = 0
    upcoming_reports: int = 0
    upcoming_reviews: int = 0

    @property
    def total(self) -> int:
        """Everything counted in this row."""
        return (
            self.overdue_reports + self.overdue_reviews + self.upcoming_reports
            + self.upcoming_reviews
        )  # fmt: skip

    def as_row(self) -> tuple[int, int, int, int]:
        """(overdue reports, overdue reviews, upcoming reports, upcoming reviews)."""
        return (
            self.overdue_reports,
            self.overdue_reviews,
            self.upcoming_reports,
            self.upcoming_reviews,
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class OverviewCounts:
    """The counts on ``today``: one row per province with anything due, and the totals."""

    today: date
    horizon_days: int
    provinces: tuple[ProvinceCounts, ...]  # most first, then by code
    totals: ProvinceCounts

    def to_json(self) -> dict[str, object]:
        """The numbers as JSON (the recap's PNG carries them too)."""
        return {
            "today": self.today.isoformat(),
            "horizon_days": self.horizon_days,
            "totals": list(self.totals.as_row()),
            "provinces": {p.province: list(p.as_row()) for p in self.provinces},
        }


def overview_counts(
    agreements: Iterable[Agreement],
    *,
    policy: ReminderPolicy,
    today: date,
    horizon_days: int = UPCOMING_DAYS,
    province: Callable[[str], str] = province_of,
) -> OverviewCounts:
    """Count reports and reviews overdue and due within ``horizon_days``, by province."""
    horizon = today + timedelta(days=horizon_days)
    rows: dict[str, list[int]] = {}
    for agreement in agreements:
        for kind in KINDS:
            due = due_date(agreement, kind, policy, today)
            if due is None or due > horizon:
                continue
            column = (0 if due < today else 2) + (0 if kind == "report" else 1)
            rows.setdefault(province(agreement.region_code), [0, 0, 0, 0])[column] += 1
    provinces = tuple(
        sorted(
            (_counts(code, values) for code, values in rows.items()),
            key=lambda p: (-p.total, p.province),
        )
    )
    sums = [sum(p.as_row()[i] for p in provinces) for i in range(4)]
    return OverviewCounts(
        today=today,
        horizon_days=horizon_days,
        provinces=provinces,
        totals=_counts("", sums),
    )


def _counts(code: str, values: list[int]) -> ProvinceCounts:
    return ProvinceCounts(
        province=code,
        overdue_reports=values[0],
        overdue_reviews=values[1],
        upcoming_reports=values[2],
        upcoming_reviews=values[3],
    )


TEXTS: Mapping[str, Text] = {
    "title": Text(
        id="Rekap mingguan pengingat, {day}",
        en="Weekly reminder recap, {day}",
    ),
    "totals": Text(
        id="Terlambat: {overdue_reports} laporan, {overdue_reviews} tinjauan. "
        "{horizon} hari ke depan: {upcoming_reports} laporan, {upcoming_reviews} tinjauan.",
        en="Overdue: {overdue_reports} reports, {overdue_reviews} reviews. "
        "Next {horizon} days: {upcoming_reports} reports, {upcoming_reviews} reviews.",
    ),
    "header": Text(
        id="Per provinsi (terlambat lap./tinj. · mendatang lap./tinj.):",
        en="By province (overdue rep./rev. · upcoming rep./rev.):",
    ),
    "row": Text(
        id="{name}: {overdue_reports}/{overdue_reviews} · {upcoming_reports}/{upcoming_reviews}",
        en="{name}: {overdue_reports}/{overdue_reviews} · {upcoming_reports}/{upcoming_reviews}",
    ),
    "more": Text(id="… dan {count} provinsi lain", en="… and {count} more provinces"),
    "nothing": Text(
        id="Tidak ada laporan atau tinjauan yang terlambat atau jatuh tempo {horizon} hari "
        "ke depan.",
        en="No report or review is overdue or due in the next {horizon} days.",
    ),
    "estimates": Text(
        id="Tanggal yang tidak diisi kurator adalah perkiraan menurut kebijakan pengingat, "
        "bukan tenggat menurut peraturan.",
        en="Dates the curators did not set are estimates from the reminder policy, "
        "not legal deadlines.",
    ),
}

RECAP_ROWS = 15  # a phone screen's worth; the chart and the console show every province


def recap_text(
    counts: OverviewCounts,
    *,
    province_name: Callable[[str], str],
    language: Language,
    day: str,
) -> str:
    """The recap as plain text: title, totals, one line per province (the busiest first)."""
    values = _values(counts.totals)
    lines = [TEXTS["title"](language, day=day)]
    if not counts.provinces:
        lines.append(TEXTS["nothing"](language, horizon=counts.horizon_days))
        return "\n".join(lines)
    lines.append(TEXTS["totals"](language, horizon=counts.horizon_days, **values))
    lines.append(TEXTS["header"](language))
    for row in counts.provinces[:RECAP_ROWS]:
        name = province_name(row.province)
        lines.append("• " + TEXTS["row"](language, name=name, **_values(row)))
    hidden = len(counts.provinces) - RECAP_ROWS
    if hidden > 0:
        lines.append(TEXTS["more"](language, count=hidden))
    lines.append(TEXTS["estimates"](language))
    return "\n".join(lines)


def _values(row: ProvinceCounts) -> dict[str, int]:
    return {
        "overdue_reports": row.overdue_reports,
        "overdue_reviews": row.overdue_reviews,
        "upcoming_reports": row.upcoming_reports,
        "upcoming_reviews": row.upcoming_reviews,
    }
