"""Dates for people: partial dates exactly as precise as given, in Indonesian and English."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.app.bench.regions import is_expected
from bot.core.dates import format_day, format_partial
from bot.core.models import PartialDate, Region, RegionCandidate, RegionLevel, RegionMatch


@pytest.mark.parametrize(
    ("text", "indonesian", "english"),
    [
        ("1989", "1989", "1989"),
        ("1989-11", "November 1989", "November 1989"),
        ("1989-11-02", "2 November 1989", "2 November 1989"),
        ("2024-08", "Agustus 2024", "August 2024"),
        ("2015-08-01", "1 Agustus 2015", "1 August 2015"),
        ("1993-01", "Januari 1993", "January 1993"),
    ],
)
def test_partial_dates(text: str, indonesian: str, english: str) -> None:
    value = PartialDate.parse(text)
    assert format_partial(value, "id") == indonesian
    assert format_partial(value, "en") == english


def test_full_days() -> None:
    assert format_day(date(2026, 12, 1), "id") == "1 Desember 2026"
    assert format_day(date(2026, 12, 1), "en") == "1 December 2026"


@given(day=st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)))
def test_never_more_precise_than_given(day: date) -> None:
    year_only = format_partial(PartialDate(year=day.year), "id")
    month_only = format_partial(PartialDate(year=day.year, month=day.month), "en")
    full = format_partial(PartialDate(year=day.year, month=day.month, day=day.day), "id")
    assert year_only == f"{day.year:04d}"
    assert month_only.split() == [month_only.split()[0], str(day.year)]
    assert full.split()[0] == str(day.day)
    assert full.endswith(str(day.year))


def _region(code: str) -> Region:
    return Region(
        code=code,
        name=code,
        level=RegionLevel.KOTA,
        province_code=code[:2],
        timezone="Asia/Jakarta",
    )


def test_the_benchmark_scores_like_the_design() -> None:
    one = RegionMatch(query="q", kind="fuzzy", region=_region("35.78"))
    assert is_expected(one, "35.78")
    assert not is_expected(one, "35.73")
    assert not is_expected(one, "none")
    choice = RegionMatch(
        query="q",
        kind="ambiguous",
        candidates=tuple(
            RegionCandidate(region=_region(c), score=100.0) for c in ("32.73", "32.04", "32.17")
        ),
    )
    assert is_expected(choice, "ambiguous:32.73,32.04")
    assert not is_expected(choice, "ambiguous:32.73,35.07")
    assert not is_expected(choice, "32.73")
    assert is_expected(RegionMatch(query="q", kind="none"), "none")
