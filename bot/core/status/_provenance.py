"""Where an agreement's facts come from and how sure they are, in Indonesian and English.

Every status answer says it: the source, the date of the evidence ("per Februari 2019"),
whether the pair was found only on an uncited list, and whether it can be a formal KSDPL at
all (PP 28/2018 Pasal 27 requires diplomatic relations with the partner's country).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from bot.core.dates import format_partial
from bot.core.models import Agreement, Language, has_diplomatic_relations
from bot.core.texts import Text

SOURCE_LABEL_CHARS = 60
_URL = re.compile(r"https?://(?:www\.)?([^/\s;]+)(/\S*)?")

TEXTS: Mapping[str, Text] = {
    "as_of": Text(id="per {date}", en="as of {date}"),
    "as_of_unknown": Text(
        id="tanggal bukti tidak tercatat",
        en="date of the evidence not recorded",
    ),
    "unverified": Text(
        id="belum terverifikasi (hanya dari daftar tanpa rujukan atau sumber yang kurang andal)",
        en="unverified (found only on an uncited list or in a weak source)",
    ),
    "unverified_short": Text(id="belum terverifikasi", en="unverified"),
    "not_formal_no_relations": Text(
        id="bukan KSDPL formal (tidak ada hubungan diplomatik; PP 28/2018 Pasal 27)",
        en="not a formal KSDPL (no diplomatic relations; PP 28/2018 Article 27)",
    ),
    "not_formal": Text(
        id="bukan KSDPL formal (lihat catatan)",
        en="not a formal KSDPL (see the notes)",
    ),
    "not_formal_short": Text(id="bukan KSDPL formal", en="not a formal KSDPL"),
    "wikipedia_list": Text(id="daftar Wikipedia", en="Wikipedia list"),
}


def text(key: str, language: Language) -> str:
    """A provenance phrase in ``language``."""
    return TEXTS[key](language)


def evidence_date(agreement: Agreement, language: Language) -> str:
    """``per Februari 2019`` / ``as of February 2019``, or that the date is not recorded."""
    if agreement.as_of is None:
        return text("as_of_unknown", language)
    return TEXTS["as_of"](language, date=format_partial(agreement.as_of, language))


def source_label(source: str, language: Language) -> str:
    """A short name for the first source: its site for a web address, else its own words."""
    first = source.split(";")[0].strip()
    if not first:
        return ""
    match = _URL.search(first)
    if match is not None:
        site = match.group(1)
        if site == "github.com" and "twincities" in (match.group(2) or ""):
            return text("wikipedia_list", language)
        return site
    return first if len(first) <= SOURCE_LABEL_CHARS else first[: SOURCE_LABEL_CHARS - 3] + "..."


def formality(agreement: Agreement, language: Language, *, short: bool = False) -> str | None:
    """Why the agreement is not a formal KSDPL, or None when nothing says it is not."""
    if agreement.formal:
        return None
    if short:
        return text("not_formal_short", language)
    if not has_diplomatic_relations(agreement.country):
        return text("not_formal_no_relations", language)
    return text("not_formal", language)


def certainty_marks(agreement: Agreement, language: Language) -> list[str]:
    """Short marks for a list line: ``belum terverifikasi``, ``bukan KSDPL formal``."""
    marks = []
    if not agreement.verified:
        marks.append(text("unverified_short", language))
    informal = formality(agreement, language, short=True)
    if informal:
        marks.append(informal)
    return marks


def provenance_line(agreement: Agreement, language: Language) -> str:
    """``per Februari 2019, beritajakarta.id`` (with the certainty marks, if any)."""
    parts = [evidence_date(agreement, language)]
    label = source_label(agreement.source, language)
    if label:
        parts.append(label)
    return ", ".join(parts + certainty_marks(agreement, language))
