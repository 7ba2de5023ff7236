"""Dates written for people, in Indonesian or English (Babel).

Partial dates stay as precise as they were given: ``1989``, ``November 1989``,
``2 November 1989`` (``2 November 1989`` in Indonesian too; month names differ).
"""

from __future__ import annotations

import functools
from datetime import date, time

from babel.dates import format_date

from bot.core.models import Language, PartialDate

_LOCALES: dict[Language, str] = {"id": "id_ID", "en": "en_GB"}
# Indonesian writes the time of day with a dot (pukul 07.00), English with a colon.
_CLOCKS: dict[Language, str] = {"id": "%H.%M", "en": "%H:%M"}


def format_day(day: date, language: Language) -> str:
    """``2 November 1989`` / ``2 Desember 2026``."""
    return format_date(day, format="d MMMM y", locale=_LOCALES[language])


# A fan-out writes the same few dates into thousands of digests, and babel takes a good
# fraction of a millisecond for each: formatted once per date and language.
@functools.lru_cache(maxsize=4096)
def format_long_day(day: date, language: Language) -> str:
    """``Selasa, 15 Desember 2026`` / ``Tuesday, 15 December 2026``."""
    return f"{format_date(day, 'EEEE', locale=_LOCALES[language])}, {format_day(day, language)}"


def format_clock(at: time, language: Language) -> str:
    """``07.00`` / ``07:00``."""
    return at.strftime(_CLOCKS[language])


def format_partial(value: PartialDate, language: Language) -> str:
    """A partial date as precise as it is known, never more."""
    if value.month is None:
        return f"{value.year:04d}"
    if value.day is None:
        return format_date(
            date(value.year, value.month, 1), format="LLLL y", locale=_LOCALES[language]
        )
    return format_day(date(value.year, value.month, value.day), language)
