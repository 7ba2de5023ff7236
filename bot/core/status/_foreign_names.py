"""Foreign names as officers write them: countries in Indonesian and English, and exonyms.

Word lists, not a gazetteer. The registry (``knowledge/agreements.csv``) names a partner's
country in English ("South Korea") and the partner as it calls itself ("Tokyo", "Osaka
Prefecture"); officers write "korea selatan", "korsel", "tiongkok", "tokio", "seul", "peking".
A country resolves here to the registry's English name; an exonym to the partner's registry
name, which the status feature then looks up like any partner name. Every alias is written
as :func:`bot.core.status._regions.normalise` leaves it (lower case, no punctuation).
"""

from __future__ import annotations

from collections.abc import Mapping

from bot.core.countries import COUNTRY_BY_NAME

# Exonyms and older or Indonesian spellings -> the partner's name as the registry writes it.
# A partner the registry does not hold simply finds nothing.
PARTNER_EXONYMS: Mapping[str, str] = {
    "tokio": "Tokyo",
    "seul": "Seoul",
    "peking": "Beijing",
    "pusan": "Busan",
    "kwangju": "Gwangju",
    "nanking": "Nanjing",
    "kioto": "Kyoto Prefecture",
    "kitakyusyu": "Kitakyushu",
    "yamanasi": "Yamanashi Prefecture",
    "fukien": "Fujian",
    "chengtu": "Chengdu",
    "yunan": "Yunnan",
    "heilungkiang": "Heilongjiang",
    "jedah": "Jeddah",
    "jiddah": "Jeddah",
    "brunswick": "Braunschweig",
    "georgetown": "George Town",
    "penang": "George Town",
    "pulau pinang": "George Town",
    "gyeongbuk": "Gyeongsangbuk-do",
    "north gyeongsang": "Gyeongsangbuk-do",
    "gyeongsang utara": "Gyeongsangbuk-do",
    "kangwon": "Gangwon",
    "australia selatan": "South Australia",
    "kanton": "Guangzhou",
    "canton": "Guangzhou",
    "sanghai": "Shanghai",
    "syanghai": "Shanghai",
    "moskow": "Moscow",
    "moskwa": "Moscow",
    "den haag": "The Hague",
    "roma": "Rome",
    "wina": "Vienna",
    "praha": "Prague",
    "kairo": "Cairo",
    "mekah": "Makkah",
    "madinah": "Medina",
}


LONGEST_COUNTRY_WORDS = max(len(name.split()) for name in COUNTRY_BY_NAME)


def country_named(text: str) -> str | None:
    """The registry's English name of the country ``text`` (normalised) names, or None."""
    return COUNTRY_BY_NAME.get(text)


def same_country(registry_country: str, english: str) -> bool:
    """Whether a registry row's country is ``english`` (however the row spells it)."""
    key = " ".join(registry_country.casefold().replace("-", " ").split())
    return COUNTRY_BY_NAME.get(key, registry_country) == english


def find_country(words: list[str]) -> tuple[str, int, int] | None:
    """The first country named in ``words``: (its English name, start, end), longest first."""
    for start in range(len(words)):
        for size in range(min(LONGEST_COUNTRY_WORDS, len(words) - start), 0, -1):
            english = COUNTRY_BY_NAME.get(" ".join(words[start : start + size]))
            if english is not None:
                return english, start, start + size
    return None
