"""Values: partial dates stay as partial as they were given."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.core.models import Button, PartialDate, Region, RegionLevel, Reply, button_rows


@pytest.mark.parametrize("text", ["1989", "1989-11", "1989-11-02"])
def test_partial_dates_round_trip(text: str) -> None:
    assert PartialDate.parse(text).isoformat() == text


@pytest.mark.parametrize(
    "text", ["", "89", "1989-1", "1989-13", "2023-02-30", "1989/11/02", "abcd", "1989-11-02-01"]
)
def test_malformed_dates_are_refused(text: str) -> None:
    with pytest.raises(ValueError):
        PartialDate.parse(text)


@given(st.dates(min_value=date(1000, 1, 1)))
def test_any_real_date_parses_to_itself(day: date) -> None:
    parsed = PartialDate.parse(day.isoformat())
    assert parsed.earliest() == day


def test_earliest_fills_unknown_parts_with_the_first() -> None:
    assert PartialDate.parse("1989").earliest() == date(1989, 1, 1)
    assert PartialDate.parse("1989-11").earliest() == date(1989, 11, 1)


def test_display_names_say_the_level_once() -> None:
    def region(name: str, level: RegionLevel) -> Region:
        return Region(code="1", name=name, level=level, province_code="1", timezone="Asia/Jakarta")

    assert region("Jawa Timur", RegionLevel.PROVINSI).display_name == "Provinsi Jawa Timur"
    assert region("Kota Bandung", RegionLevel.KOTA).display_name == "Kota Bandung"
    assert region("Badung", RegionLevel.KABUPATEN).display_name == "Kabupaten Badung"


def test_button_rows_drop_empty_rows_and_flatten_in_order() -> None:
    a, b, c = (Button(label=x, data=x) for x in "abc")
    reply = Reply(text="t", buttons=button_rows([a, b], [], (c,)))
    assert reply.all_buttons() == (a, b, c)
    assert len(reply.buttons) == 2
