"""Reading status queries: a name (region, partner, exonym, country) or a free-text question.

:meth:`StatusLookup.lookup` is the one place a name becomes a :class:`StatusResult`, and
:meth:`StatusLookup.understand` the one place a free-text question does: a status cue
("status", "kerja sama", "sister city", ...) together with a confidently resolved region,
partner or country and nothing but filler words besides ("kerjasama jatim dg osaka msh
aktif ga", "apakah bandung punya sister city di korea"), or a message that is nothing but
such a name ("jepang", "tokio"). Anything else (a procedural question that mentions a
region) is None: the knowledge base's business.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from rapidfuzz import fuzz, process

from bot.core.models import Agreement, Region, RegionCandidate, RegionMatch
from bot.core.status._foreign_names import (
    PARTNER_EXONYMS,
    country_named,
    find_country,
    same_country,
)
from bot.core.status._query_words import (
    LISTING,
    PROCEDURAL,
    content_words,
    query_variants,
    split_partner,
    strip_cues,
)
from bot.core.status._regions import RegionIndex, normalise

MAX_QUERY_CHARS = 120
PARTNER_TYPO_MIN_CHARS = 4  # shorter words match too many partners by accident
MAX_NAME_WORDS = 6  # "a message that is just a name" is short

TAGS = re.compile(r"<[^>]{0,200}>")


class AgreementReader(Protocol):
    """What reading the registry needs: the read side of ``AgreementRepository``."""

    def for_region(self, region_code: str) -> list[Agreement]:
        """The region's agreements."""
        ...

    def find_by_partner(self, text: str) -> list[Agreement]:
        """Agreements whose partner contains ``text``."""
        ...

    def all(self) -> list[Agreement]:
        """Every agreement."""
        ...


class AgreementList:
    """A fixed list of agreements read like the registry (``sisterbot ask`` uses the seed)."""

    def __init__(self, agreements: Sequence[Agreement]) -> None:
        self._agreements = list(agreements)

    def for_region(self, region_code: str) -> list[Agreement]:
        """The region's agreements, in order."""
        return [a for a in self._agreements if a.region_code == region_code]

    def find_by_partner(self, text: str) -> list[Agreement]:
        """Agreements whose partner contains ``text`` (case-insensitive)."""
        needle = text.casefold().strip()
        return [a for a in self._agreements if needle and needle in a.partner.casefold()]

    def all(self) -> list[Agreement]:
        """Every agreement."""
        return list(self._agreements)


@dataclass(frozen=True, slots=True, kw_only=True)
class StatusResult:
    """What a status query found.

    ``region`` is the region shown (None when ambiguous or unknown); ``agreements`` are
    its agreements, or those of the partner asked for (``by_partner``); ``country`` (the
    registry's English name) when the question was about partners in one country.
    """

    query: str
    match: RegionMatch
    region: Region | None
    agreements: tuple[Agreement, ...]
    by_partner: bool = False
    country: str | None = None


class StatusLookup:
    """Names and status questions -> :class:`StatusResult` (see the module doc)."""

    def __init__(self, *, regions: RegionIndex, agreements: AgreementReader) -> None:
        self._regions = regions
        self._agreements = agreements

    def understand(self, text: str) -> StatusResult | None:
        """What a free-text status question asks about, or None when it is no such question.

        ``kerjasama jatim dg osaka msh aktif ga`` -> that agreement; ``sister city jakarta
        sama kota apa aja`` -> Jakarta; ``apakah bandung punya sister city di korea`` ->
        Kota Bandung's agreements in South Korea; ``jepang`` -> every Japanese partner.
        A country with a cue but no region is a listing only when it is asked for ("sister
        city di jerman apa saja"): "kerja sama sister dengan australia" is about the
        cooperation with that country, the knowledge base's business.
        """
        # "how many" counts agreements; "how" alone asks for a procedure.
        normalised = normalise(text).replace("how many", "berapa")
        words = normalised.split()
        if not words or len(normalised) > MAX_QUERY_CHARS * 2:
            return None
        if words[0] != "status" and PROCEDURAL.intersection(words):
            return None
        remainder, cued = strip_cues(normalised)
        if cued:
            result = self._interpret(remainder)
            country_only = result is not None and result.country and result.region is None
            if country_only and words[0] != "status" and not LISTING.intersection(words):
                return None
            return result
        if len(words) <= MAX_NAME_WORDS:
            result = self.lookup(text.strip())
            if _confident(result, allow_typo_tie=False):
                return result
            # Names among filler words ("jepang apa aja", "bandung korea"), spelt exactly:
            # a typo in a message without a cue is too often another word ("mendagri").
            return self._names(normalised, allow_typo_tie=False, typos=False)
        return None

    def _interpret(self, remainder: str) -> StatusResult | None:
        """What a status question is about, when that is clear (else None).

        ``surabaya apa saja`` -> Kota Surabaya; ``jatim dengan osaka`` -> that agreement;
        ``dengan kyoto`` -> the partner Kyoto; ``jakarta sama kota apa aja`` -> Jakarta.
        """
        head, joiner, tail = split_partner(remainder)
        if joiner:
            if not content_words(tail):
                return self._names(head, allow_typo_tie=True)
            return self._region_with_partner(head, tail)
        return self._names(remainder, allow_typo_tie=True)

    def _names(
        self, remainder: str, *, allow_typo_tie: bool, typos: bool = True
    ) -> StatusResult | None:
        """A region, partner or country, optionally a region and a country ("bandung korea")."""
        results = [self.lookup(query) for query in query_variants(remainder)]
        for result in results:  # an exact name beats a typo in a longer variant
            named = result.by_partner or result.country or result.match.kind == "exact"
            if named and (typos or result.match.kind != "fuzzy"):
                return result
        for result in results if typos else ():
            if _confident(result, allow_typo_tie=allow_typo_tie):
                return result
        words = content_words(remainder)
        found = find_country(words)
        if found is None:
            return None
        country, start, end = found
        rest = " ".join(words[:start] + words[end:])
        if not rest:
            return self._by_country(remainder, country)
        return self._in_country(rest, country, typos=typos)

    def _region_with_partner(self, head: str, tail: str) -> StatusResult | None:
        country = country_named(" ".join(content_words(tail)))
        if country is not None:
            rest = " ".join(content_words(head))
            return self._in_country(rest, country) if rest else self._by_country(tail, country)
        partners = [r for r in (self.lookup(q) for q in query_variants(tail)) if r.by_partner]
        if not partners:
            return None
        partner = partners[0]
        if not query_variants(head):
            return partner
        for query in query_variants(head):
            match = self._regions.resolve(query)
            if match.region is not None:
                hits = tuple(a for a in partner.agreements if a.region_code == match.region.code)
                if hits:
                    return StatusResult(
                        query=f"{query} – {tail}",
                        match=match,
                        region=match.region,
                        agreements=hits,
                        by_partner=True,
                    )
        return None

    def _in_country(self, head: str, country: str, *, typos: bool = True) -> StatusResult | None:
        """A region's agreements with partners in ``country`` (None if ``head`` is no region).

        An ambiguous name ("bandung") is settled by the one candidate that has such an
        agreement, if exactly one has.
        """
        match = self._regions.resolve(head)
        if match.kind == "fuzzy" and not typos:
            return None
        if match.region is not None:
            region = match.region
        elif match.kind == "ambiguous":
            having = [
                c.region
                for c in match.candidates
                if any(
                    same_country(a.country, country)
                    for a in self._agreements.for_region(c.region.code)
                )
            ]
            if len(having) != 1:
                return StatusResult(
                    query=head, match=match, region=None, agreements=(), country=country
                )
            region = having[0]
            match = RegionMatch(query=head, kind="exact", region=region)
        else:
            return None
        hits = tuple(
            a for a in self._agreements.for_region(region.code) if same_country(a.country, country)
        )
        return StatusResult(
            query=head, match=match, region=region, agreements=hits, country=country
        )

    def _by_country(self, query: str, country: str) -> StatusResult:
        hits = tuple(a for a in self._agreements.all() if same_country(a.country, country))
        match = RegionMatch(query=query, kind="exact")
        return StatusResult(query=query, match=match, region=None, agreements=hits, country=country)

    # --- handlers -------------------------------------------------------------------

    def lookup(self, query: str) -> StatusResult:
        """Resolve ``query`` as a region (code, name, alias, typo), a partner or a country.

        A region's exact name wins; then a partner (also by its exonym: "tokio"), then a
        country ("jepang", "korea selatan", "japan"), then typos of either.
        """
        cleaned = TAGS.sub(" ", query).strip()[: MAX_QUERY_CHARS * 2]
        match = self._regions.resolve(cleaned)
        if match.kind == "exact" and match.region is not None:
            agreements = tuple(self._agreements.for_region(match.region.code))
            return StatusResult(
                query=query, match=match, region=match.region, agreements=agreements
            )
        key = normalise(cleaned)
        exonym = PARTNER_EXONYMS.get(key)
        partner = self._by_partner(query, exonym or cleaned)
        if partner is None:
            country = country_named(key)
            if country is not None:
                return self._by_country(query, country)
        if partner is None and match.kind == "none":
            partner = self._by_partner_typo(query, cleaned)
        if partner is not None:
            return partner
        if match.kind == "fuzzy" and match.region is not None:
            agreements = tuple(self._agreements.for_region(match.region.code))
            return StatusResult(
                query=query, match=match, region=match.region, agreements=agreements
            )
        return StatusResult(query=query, match=match, region=None, agreements=())

    def _by_partner(self, query: str, cleaned: str) -> StatusResult | None:
        key = normalise(cleaned)
        if len(key) < 3:
            return None
        hits = [
            a
            for a in self._agreements.find_by_partner(cleaned)
            if normalise(a.partner) == key or normalise(a.partner).startswith(key + " ")
        ]
        if not hits:
            return None
        codes = list(dict.fromkeys(a.region_code for a in hits))
        regions = [r for r in (self._regions.get(c) for c in codes) if r is not None]
        if len(regions) == 1:
            match = RegionMatch(query=query, kind="exact", region=regions[0])
            return StatusResult(
                query=query, match=match, region=regions[0], agreements=tuple(hits), by_partner=True
            )
        candidates = tuple(RegionCandidate(region=r, score=100.0) for r in regions)
        match = RegionMatch(query=query, kind="ambiguous", candidates=candidates)
        return StatusResult(
            query=query, match=match, region=None, agreements=tuple(hits), by_partner=True
        )

    def _by_partner_typo(self, query: str, cleaned: str) -> StatusResult | None:
        """ "tokio", "seul": a misspelt partner, tried only when no region matched at all."""
        key = normalise(cleaned)
        if len(key) < PARTNER_TYPO_MIN_CHARS or " " in key:
            return None
        names = {normalise(a.partner).split(" ")[0]: a.partner for a in self._agreements.all()}
        best = process.extractOne(key, list(names), scorer=fuzz.ratio, score_cutoff=80)
        if best is None:
            return None
        result = self._by_partner(query, names[best[0]])
        if result is None or result.match.kind != "exact":
            return result
        return dataclasses.replace(result, match=dataclasses.replace(result.match, kind="fuzzy"))

    # --- replies --------------------------------------------------------------------


def _confident(result: StatusResult, *, allow_typo_tie: bool) -> bool:
    match = result.match
    if result.by_partner or match.kind == "exact":
        return True
    if match.kind == "fuzzy":
        return True
    if match.kind == "ambiguous":
        exact_names = all(c.score >= 100 for c in match.candidates[:2])
        return exact_names or allow_typo_tie
    return False
