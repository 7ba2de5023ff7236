"""The registry's values: regions, partial dates, agreements and what a registry sync reports.

Frozen, slotted, keyword-only dataclasses like every value that crosses layers; re-exported
by :mod:`bot.core.models`, where the rest of the code finds them.
"""

from __future__ import annotations

import dataclasses
import enum
from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal


class RegionLevel(enum.StrEnum):
    """The administrative level of a region."""

    PROVINSI = "provinsi"
    KABUPATEN = "kabupaten"
    KOTA = "kota"


@dataclass(frozen=True, slots=True, kw_only=True)
class Region:
    """A province or kabupaten/kota with its Kemendagri code and IANA timezone."""

    code: str
    name: str
    level: RegionLevel
    province_code: str
    timezone: str
    aliases: tuple[str, ...] = ()

    @property
    def display_name(self) -> str:
        """``Kota Bandung``, ``Kabupaten Badung``, ``Provinsi Jawa Timur``."""
        if self.level is RegionLevel.PROVINSI:
            return f"Provinsi {self.name}"
        prefix = "Kota" if self.level is RegionLevel.KOTA else "Kabupaten"
        return self.name if self.name.startswith(prefix) else f"{prefix} {self.name}"


MatchKind = Literal["exact", "fuzzy", "ambiguous", "none"]


@dataclass(frozen=True, slots=True, kw_only=True)
class RegionCandidate:
    """A region offered for a query, with a 0-100 score."""

    region: Region
    score: float


@dataclass(frozen=True, slots=True, kw_only=True)
class RegionMatch:
    """The outcome of resolving a region name: one region, several, or none."""

    query: str
    kind: MatchKind
    region: Region | None = None
    candidates: tuple[RegionCandidate, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class PartialDate:
    """A date known to the year, the month or the day (``1989``, ``1989-11``, ``1989-11-02``).

    Sources often give only a year; the bot never invents the rest.
    """

    year: int
    month: int | None = None
    day: int | None = None

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Parse ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; raise ValueError otherwise."""
        parts = text.strip().split("-")
        if not 1 <= len(parts) <= 3 or not all(p.isdigit() for p in parts):
            raise ValueError(f"not a date (YYYY, YYYY-MM or YYYY-MM-DD): {text!r}")
        if len(parts[0]) != 4 or any(len(p) != 2 for p in parts[1:]):
            raise ValueError(f"not a date (YYYY, YYYY-MM or YYYY-MM-DD): {text!r}")
        year, month, day = (int(p) for p in [*parts, "0", "0"][:3])
        if day:
            date(year, month, day)  # raises ValueError for 2023-02-30
        elif month and not 1 <= month <= 12:
            raise ValueError(f"month out of range: {text!r}")
        return cls(year=year, month=month or None, day=day or None)

    def isoformat(self) -> str:
        """The same form the date was given in."""
        text = f"{self.year:04d}"
        if self.month:
            text += f"-{self.month:02d}"
            if self.day:
                text += f"-{self.day:02d}"
        return text

    def earliest(self) -> date:
        """The first day the partial date could mean (for computing due dates)."""
        return date(self.year, self.month or 1, self.day or 1)


class AgreementKind(enum.StrEnum):
    """What kind of cooperation an agreement is."""

    SISTER_CITY = "sister_city"
    SISTER_PROVINCE = "sister_province"
    TECHNICAL = "technical"
    OTHER = "other"


class AgreementStage(enum.StrEnum):
    """Where an agreement stands.

    ``unknown``: the sources show the pair but not how it stands now (often an old MoU).
    ``proposed``: only a proposal or plan was reported; shown apart from signed ones.
    ``awaiting_dprd``: the request for the DPRD's approval was received (``dprd_received``).
    """

    UNKNOWN = "unknown"
    PROPOSED = "proposed"
    EXPLORING = "exploring"
    LOI = "loi"
    AWAITING_DPRD = "awaiting_dprd"
    MOU = "mou"
    ACTIVE = "active"
    EXPIRED = "expired"
    TERMINATED = "terminated"


# Stages before anything is signed: listed apart from signed agreements.
NOT_SIGNED_STAGES = frozenset({AgreementStage.PROPOSED, AgreementStage.EXPLORING})

# Countries Indonesia has no diplomatic relations with: a cooperation with a region there is
# not a formal KSDPL (PP 28/2018 Pasal 27 requires diplomatic relations).
NO_DIPLOMATIC_RELATIONS = frozenset({"taiwan", "israel"})


def has_diplomatic_relations(country: str) -> bool:
    """Whether Indonesia has diplomatic relations with ``country`` (as far as we list)."""
    return " ".join(country.casefold().split()) not in NO_DIPLOMATIC_RELATIONS


@dataclass(frozen=True, slots=True, kw_only=True)
class Agreement:
    """A cooperation between an Indonesian region and a partner abroad.

    ``id`` is None until stored. Unknown dates are None; partial dates stay partial.
    ``as_of`` is the date of the evidence ("per the 2019 list"); ``verified`` is False for a
    pair found only on an uncited list; ``formal`` is False for a partner in a country
    without diplomatic relations (not a formal KSDPL). ``dprd_received`` is the day the
    DPRD received the request for approval (stage ``awaiting_dprd``).
    """

    id: int | None = None
    region_code: str
    partner: str
    country: str
    kind: AgreementKind
    stage: AgreementStage
    loi_date: PartialDate | None = None
    mou_date: PartialDate | None = None
    valid_until: PartialDate | None = None
    last_report_date: PartialDate | None = None
    next_report_due: date | None = None
    next_review_due: date | None = None
    notes: str = ""
    source: str = ""
    as_of: PartialDate | None = None
    verified: bool = True
    formal: bool = True
    dprd_received: date | None = None

    @property
    def key(self) -> tuple[str, str]:
        """The identity of an agreement: its region and its partner (casefolded)."""
        return self.region_code, partner_key(self.partner)

    def same_facts(self, other: Agreement) -> bool:
        """Whether ``other`` says the same as this one (ids and partner spacing aside)."""
        mine = dataclasses.replace(self, id=None, partner=" ".join(self.partner.split()))
        theirs = dataclasses.replace(other, id=None, partner=" ".join(other.partner.split()))
        return mine == theirs


def partner_key(partner: str) -> str:
    """The identity of a partner name: casefolded, whitespace collapsed."""
    return " ".join(partner.casefold().split())


@dataclass(frozen=True, slots=True, kw_only=True)
class UpsertResult:
    """What storing a set of agreements did: rows added, changed, and already the same."""

    inserted: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def changed(self) -> int:
        """Rows written (added or changed)."""
        return self.inserted + self.updated


@dataclass(frozen=True, slots=True, kw_only=True)
class RegistryConflict:
    """A row a curator changed (or deleted) that a release of the registry wants otherwise.

    The curator's version stands; ``wanted`` is what the release ships, kept for review.
    ``stored`` is None when the curator deleted the agreement.
    """

    stored: Agreement | None
    wanted: Agreement
    curated_at: datetime | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class RegistrySync:
    """What applying the shipped registry (``knowledge/agreements.csv``) did."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0
    conflicts: tuple[RegistryConflict, ...] = ()
