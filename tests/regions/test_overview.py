"""The registry at a glance: the one count the console and the admins' recap share."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from bot.core.models import Agreement, AgreementKind, AgreementStage, PartialDate
from bot.core.reminders import ReminderPolicy
from bot.core.status import province_of, registry_overview

TODAY = date(2026, 11, 30)


def agreement(code: str, partner: str, stage: AgreementStage, **dates: object) -> Agreement:
    return Agreement(
        id=hash(partner) % 10_000,
        region_code=code,
        partner=partner,
        country="Japan",
        kind=AgreementKind.SISTER_CITY,
        stage=stage,
        **dates,  # type: ignore[arg-type]
    )


def test_counts_by_province_and_stage_and_what_is_due() -> None:
    agreements = [
        agreement("35.78", "Kochi", AgreementStage.MOU, next_report_due=date(2026, 11, 1)),
        agreement("35.78", "Busan", AgreementStage.MOU, next_report_due=date(2026, 12, 20)),
        agreement("35", "Osaka", AgreementStage.ACTIVE, next_review_due=date(2026, 12, 30)),
        agreement("32.73", "Braunschweig", AgreementStage.EXPLORING),
        agreement("32.73", "Far", AgreementStage.MOU, next_report_due=date(2027, 6, 1)),
    ]
    summary = registry_overview(agreements, policy=ReminderPolicy(), today=TODAY)
    assert summary.total == 5
    assert summary.by_province == (("35", 3), ("32", 2))  # most first
    assert dict(summary.by_stage) == {"mou": 3, "active": 1, "exploring": 1}
    assert summary.by_province_stage[("35", "mou")] == 2
    assert [(i.agreement.partner, i.kind) for i in summary.overdue] == [("Kochi", "report")]
    assert [(i.agreement.partner, i.kind) for i in summary.due_soon] == [
        ("Busan", "report"),
        ("Osaka", "review"),
    ]
    assert summary.count("report", overdue=True) == 1
    assert summary.count("review", overdue=False) == 1
    assert not any(i.estimated for i in summary.overdue + summary.due_soon)


def test_policy_estimates_are_counted_and_marked() -> None:
    old = agreement("35.78", "Kochi", AgreementStage.MOU, mou_date=PartialDate(year=1997))
    summary = registry_overview([old], policy=ReminderPolicy(), today=TODAY)
    items = summary.overdue + summary.due_soon
    assert items and all(i.estimated for i in items)


@given(st.lists(st.sampled_from(["11", "35.78", "35.15", "32.73", "51"]), max_size=30))
def test_every_agreement_is_counted_once(codes: list[str]) -> None:
    agreements = [
        agreement(code, f"P{n}", AgreementStage.EXPLORING) for n, code in enumerate(codes)
    ]
    summary = registry_overview(agreements, policy=ReminderPolicy(), today=TODAY)
    assert summary.total == len(codes)
    assert sum(n for _, n in summary.by_province) == len(codes)
    assert sum(n for _, n in summary.by_stage) == len(codes)
    assert {p for p, _ in summary.by_province} == {province_of(c) for c in codes}
