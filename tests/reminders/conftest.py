"""Fixtures for the reminder tests: the real region index, a policy, fakes and a clock."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from bot.core.clock import FakeClock
from bot.core.models import Agreement, AgreementKind, AgreementStage, PartialDate
from bot.core.reminders import IndonesianCalendar, ReminderPolicy
from bot.core.status import RegionIndex

KNOWLEDGE = Path(__file__).resolve().parents[2] / "knowledge"

SURABAYA = "35.78"  # Asia/Jakarta (WIB, UTC+7)
BADUNG = "51.03"  # Asia/Makassar (WITA, UTC+8)
JAYAPURA = "91.71"  # Asia/Jayapura (WIT, UTC+9)


@pytest.fixture(scope="session")
def regions() -> RegionIndex:
    return RegionIndex.load(KNOWLEDGE / "regions.csv")


@pytest.fixture
def policy() -> ReminderPolicy:
    return ReminderPolicy()


@pytest.fixture(scope="session")
def calendar() -> IndonesianCalendar:
    return IndonesianCalendar()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(datetime(2026, 11, 1, tzinfo=UTC))


def agreement(
    region_code: str = SURABAYA,
    partner: str = "Kochi",
    *,
    report_due: date | None = None,
    review_due: date | None = None,
    stage: AgreementStage = AgreementStage.ACTIVE,
    mou: str | None = None,
    valid_until: str | None = None,
    last_report: str | None = None,
) -> Agreement:
    """An agreement with the dates a test cares about."""
    return Agreement(
        region_code=region_code,
        partner=partner,
        country="Jepang",
        kind=AgreementKind.SISTER_CITY,
        stage=stage,
        mou_date=PartialDate.parse(mou) if mou else None,
        valid_until=PartialDate.parse(valid_until) if valid_until else None,
        last_report_date=PartialDate.parse(last_report) if last_report else None,
        next_report_due=report_due,
        next_review_due=review_due,
    )


@pytest.fixture
def make_agreement() -> Callable[..., Agreement]:
    return agreement
