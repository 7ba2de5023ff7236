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

from bot.core.models import Language

# The registry's English name -> (the Indonesian name, other ways of writing the country).
# Two-letter words that are also English words ("as", "us") are left out on purpose.
COUNTRIES: Mapping[str, tuple[str, tuple[str, ...]]] = {
    "Japan": ("Jepang", ("nippon", "nihon")),
    "South Korea": (
        "Korea Selatan",
        ("korsel", "korea", "republik korea", "republic of korea", "korea republic"),
    ),
    "North Korea": ("Korea Utara", ("korut",)),
    "China": (
        "Tiongkok",
        ("cina", "china", "rrt", "rrc", "republik rakyat tiongkok", "republik rakyat cina", "prc"),
    ),
    "Taiwan": ("Taiwan", ()),
    "Bulgaria": ("Bulgaria", ()),
    "Kazakhstan": ("Kazakhstan", ()),
    "Lebanon": ("Lebanon", ("libanon",)),
    "Nepal": ("Nepal", ()),
    "Sudan": ("Sudan", ()),
    "Suriname": ("Suriname", ()),
    "Uzbekistan": ("Uzbekistan", ()),
    "Australia": ("Australia", ()),
    "New Zealand": ("Selandia Baru", ()),
    "Germany": ("Jerman", ()),
    "Netherlands": ("Belanda", ("the netherlands", "holland", "holand")),
    "France": ("Prancis", ("perancis",)),
    "United Kingdom": ("Inggris", ("uk", "britania raya", "great britain", "britain", "england")),
    "United States": (
        "Amerika Serikat",
        ("amerika", "america", "usa", "united states of america", "the united states"),
    ),
    "Canada": ("Kanada", ()),
    "Saudi Arabia": ("Arab Saudi", ("saudi",)),
    "United Arab Emirates": ("Uni Emirat Arab", ("uea", "uae")),
    "Qatar": ("Qatar", ("katar",)),
    "Turkey": ("Turki", ("turkiye",)),
    "Egypt": ("Mesir", ()),
    "Morocco": ("Maroko", ()),
    "Malaysia": ("Malaysia", ()),
    "Singapore": ("Singapura", ()),
    "Brunei": ("Brunei Darussalam", ("brunei",)),
    "Thailand": ("Thailand", ("muangthai",)),
    "Vietnam": ("Vietnam", ("viet nam",)),
    "Philippines": ("Filipina", ()),
    "Timor-Leste": ("Timor Leste", ("east timor", "timor timur")),
    "Papua New Guinea": ("Papua Nugini", ("png",)),
    "India": ("India", ()),
    "Pakistan": ("Pakistan", ()),
    "Bangladesh": ("Bangladesh", ()),
    "Russia": ("Rusia", ("russian federation",)),
    "Italy": ("Italia", ()),
    "Spain": ("Spanyol", ()),
    "Portugal": ("Portugal", ()),
    "Belgium": ("Belgia", ()),
    "Switzerland": ("Swiss", ()),
    "Austria": ("Austria", ()),
    "Hungary": ("Hongaria", ()),
    "Czech Republic": ("Republik Ceko", ("ceko", "czechia")),
    "Poland": ("Polandia", ()),
    "Norway": ("Norwegia", ()),
    "Sweden": ("Swedia", ()),
    "Denmark": ("Denmark", ()),
    "Finland": ("Finlandia", ()),
    "Mexico": ("Meksiko", ()),
    "Brazil": ("Brasil", ()),
    "South Africa": ("Afrika Selatan", ()),
    "Cook Islands": ("Kepulauan Cook", ()),
    "New Caledonia": ("Kaledonia Baru", ("new caledonia (france)",)),
    "Fiji": ("Fiji", ()),
    "Ukraine": ("Ukraina", ()),
    "Palestine": ("Palestina", ()),
    "Croatia": ("Kroasia", ()),
    "Cuba": ("Kuba", ()),
    "Mozambique": ("Mozambik", ()),
    "Ecuador": ("Ekuador", ()),
}

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


def _country_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for english, (indonesian, aliases) in COUNTRIES.items():
        for name in (english, indonesian, *aliases):
            index[" ".join(name.casefold().replace("-", " ").split())] = english
    return index


COUNTRY_BY_NAME: Mapping[str, str] = _country_index()
LONGEST_COUNTRY_WORDS = max(len(name.split()) for name in COUNTRY_BY_NAME)


def country_named(text: str) -> str | None:
    """The registry's English name of the country ``text`` (normalised) names, or None."""
    return COUNTRY_BY_NAME.get(text)


def same_country(registry_country: str, english: str) -> bool:
    """Whether a registry row's country is ``english`` (however the row spells it)."""
    key = " ".join(registry_country.casefold().replace("-", " ").split())
    return COUNTRY_BY_NAME.get(key, registry_country) == english


def country_name(country: str, language: Language) -> str:
    """The partner's country in ``language`` (the registry's name when we do not know it)."""
    english = COUNTRY_BY_NAME.get(" ".join(country.casefold().replace("-", " ").split()))
    if english is None:
        return country
    return COUNTRIES[english][0] if language == "id" else english


def find_country(words: list[str]) -> tuple[str, int, int] | None:
    """The first country named in ``words``: (its English name, start, end), longest first."""
    for start in range(len(words)):
        for size in range(min(LONGEST_COUNTRY_WORDS, len(words) - start), 0, -1):
            english = COUNTRY_BY_NAME.get(" ".join(words[start : start + size]))
            if english is not None:
                return english, start, start + size
    return None
