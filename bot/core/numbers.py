"""Whole numbers read from untrusted text: button data, typed arguments, headers."""

from __future__ import annotations


def whole_number(text: str, max_digits: int) -> int | None:
    """``text`` as a whole number of 1 to ``max_digits`` ASCII digits, else None.

    ``str.isdigit`` alone is not enough: it accepts "¹" and "²", which ``int`` rejects, so a
    forged button or a pasted superscript would raise instead of getting an answer.
    """
    if 0 < len(text) <= max_digits and text.isascii() and text.isdigit():
        return int(text)
    return None
