"""Dates written for people, in Indonesian or English (Babel).

Partial dates stay as precise as they were given: ``1989``, ``November 1989``,
``2 November 1989`` (``2 November 1989`` in Indonesian too; month names differ).
"""

from __future__ import annotations

from datetime import date

from babel.dates import format_date

from bot.core.models import Language, PartialDate

_LOCALES: dict[Language, str] = {"id": "id_ID", "en": "en_GB"}


def format_day(day: date, language: Language) -> str:
    """``2 November 1989`` / ``2 Desember 2026``."""
    return format_date(day, format="d MMMM y", locale=_LOCALES[language])


def format_partial(value: PartialDate, language: Language) -> str:
    """A partial date as precise as it is known, never more."""
    if value.month is None:
        return f"{value.year:04d}"
    if value.day is None:
        return format_date(
            date(value.year, value.month, 1), format="LLLL y", locale=_LOCALES[language]
        )
    return format_day(date(value.year, value.month, value.day), language)
