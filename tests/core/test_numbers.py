"""Whole numbers from untrusted text: never an exception, only ASCII digits count."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from bot.core.numbers import whole_number


@given(text=st.text(max_size=30), max_digits=st.integers(min_value=1, max_value=20))
def test_any_text_gives_a_number_or_none(text: str, max_digits: int) -> None:
    number = whole_number(text, max_digits)
    if number is not None:
        assert text.isascii() and text.isdigit() and len(text) <= max_digits
        assert number == int(text)


def test_digits_that_int_rejects_are_not_numbers() -> None:
    assert whole_number("¹", 12) is None  # str.isdigit() says yes; int() raises
    assert whole_number("٣", 12) is None  # Arabic-Indic three: not what an id looks like
    assert whole_number("", 12) is None
    assert whole_number("1234", 3) is None
    assert whole_number("042", 3) == 42
