"""Country names as the user reads them: one localisation for every text of the bot.

The registry (``knowledge/agreements.csv``) names a partner's country in English ("Japan");
status cards, lists and reminders all show it through :func:`country_name`, so that an
Indonesian reader sees "Jepang" everywhere, never "Japan" in one message and "Jepang" in
the next.
"""

from __future__ import annotations

from collections.abc import Mapping

from bot.core.models import Language
from bot.core.texts import Text

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


def _country_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for english, (indonesian, aliases) in COUNTRIES.items():
        for name in (english, indonesian, *aliases):
            index[" ".join(name.casefold().replace("-", " ").split())] = english
    return index


COUNTRY_BY_NAME: Mapping[str, str] = _country_index()
# Each country's name in both languages, keyed by the registry's English name.
NAMES: Mapping[str, Text] = {
    english: Text(id=indonesian, en=english) for english, (indonesian, _) in COUNTRIES.items()
}


def country_name(country: str, language: Language) -> str:
    """The partner's country in ``language`` (the registry's name when we do not know it)."""
    english = COUNTRY_BY_NAME.get(" ".join(country.casefold().replace("-", " ").split()))
    if english is None:
        return country
    return NAMES[english](language)
