"""Country names as the user reads them: one localisation for every text of the bot.

The registry (``knowledge/agreements.csv``) names a partner's country in English ("Japan");
status cards, lists and reminders all show it through :func:`country_name`, so that an
Indonesian reader sees "Jepang" everywhere, never "Japan" in one message and "Jepang" in
the next.
"""

from __future__ import annotations

from collections.abc import Mapping

from bot.core.models import Language

# The registry's English name (case-insensitive) -> the Indonesian name, where they differ.
COUNTRIES_ID: Mapping[str, str] = {
    "japan": "Jepang",
    "south korea": "Korea Selatan",
    "china": "Tiongkok",
    "germany": "Jerman",
    "united states": "Amerika Serikat",
    "united kingdom": "Inggris",
    "saudi arabia": "Arab Saudi",
    "papua new guinea": "Papua Nugini",
    "netherlands": "Belanda",
    "france": "Prancis",
    "new zealand": "Selandia Baru",
    "cook islands": "Kepulauan Cook",
    "new caledonia": "Kaledonia Baru",
}


def country_name(country: str, language: Language) -> str:
    """The partner's country in ``language`` (the registry's name when we know no other)."""
    if language == "id":
        return COUNTRIES_ID.get(country.casefold(), country)
    return country
