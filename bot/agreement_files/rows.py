"""Agreement import and export: CSV or XLSX in DESIGN.md's format, validated row by row.

Import is all or nothing: every row is checked (region resolvable without doubt, kind
and stage known, dates well formed) and every problem is reported with its line and
column before anything is written. A row with the same region and partner as a stored
agreement updates it. Reading and writing the files themselves is
:mod:`bot.agreement_files.formats`; this module says what their cells mean.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TypeVar

from bot.agreement_files.formats import COLUMNS, REQUIRED, RowError, read_table, write_table
from bot.core.models import (
    Agreement,
    AgreementKind,
    AgreementStage,
    PartialDate,
    has_diplomatic_relations,
)
from bot.core.ports import AgreementRepository
from bot.core.status import RegionIndex

PARTIAL_DATES = ("loi_date", "mou_date", "valid_until", "last_report_date", "as_of")
FULL_DATES = ("next_report_due", "next_review_due", "dprd_received")
YES = frozenset({"yes", "y", "true", "1", "ya"})
NO = frozenset({"no", "n", "false", "0", "tidak", "bukan"})
MAX_LENGTHS = {"partner": 200, "country": 100, "notes": 4000, "source": 1000, "region": 120}
E = TypeVar("E", AgreementKind, AgreementStage)
MAX_REPORTED_ERRORS = 50
PROGRESS_MIN_ROWS = 500  # smaller files finish before a progress bar would help


class ImportFailed(Exception):
    """The file has errors; nothing was written. ``errors`` lists them in file order."""

    def __init__(self, path: Path, errors: Sequence[RowError], total: int | None = None) -> None:
        self.path = path
        self.errors = list(errors)
        self.total = total if total is not None else len(self.errors)
        shown = "\n".join(f"  {e}" for e in self.errors[:MAX_REPORTED_ERRORS])
        more = self.total - min(len(self.errors), MAX_REPORTED_ERRORS)
        tail = f"\n  ... and {more} more" if more > 0 else ""
        super().__init__(f"{path}: {self.total} error(s), nothing was imported:\n{shown}{tail}")


@dataclass(frozen=True, slots=True, kw_only=True)
class ImportResult:
    """What an import did."""

    rows: int
    inserted: int
    updated: int
    unchanged: int = 0


Rows = Iterable[tuple[int, dict[str, str]]]
Progress = Callable[[Rows, int], Rows]


def tqdm_progress(rows: Rows, total: int) -> Rows:
    """Wrap ``rows`` in a tqdm bar on stderr when the file is large."""
    if total < PROGRESS_MIN_ROWS:
        return rows
    from tqdm import tqdm

    bar: Rows = tqdm(
        rows, total=total, unit="rows", desc="checking", file=sys.stderr, mininterval=0.2
    )
    return bar


# --- validation -------------------------------------------------------------------------


class _RowParser:
    """Turns one row into an Agreement, collecting errors instead of stopping."""

    def __init__(self, regions: RegionIndex) -> None:
        self._regions = regions
        self._region_cache: dict[str, str | RowError] = {}

    def parse(self, line: int, row: dict[str, str]) -> Agreement | list[RowError]:
        errors: list[RowError] = []
        values = {c: " ".join(row.get(c, "").split()) for c in COLUMNS}
        values["notes"] = row.get("notes", "").strip()
        for column, limit in MAX_LENGTHS.items():
            if len(values[column]) > limit:
                errors.append(RowError(line=line, column=column, message=f"longer than {limit}"))
        for column in REQUIRED:
            if not values[column]:
                errors.append(RowError(line=line, column=column, message="empty"))
        region = self._region(line, values["region"]) if values["region"] else None
        if isinstance(region, RowError):
            errors.append(region)
        kind = _enum(AgreementKind, line, "kind", values["kind"], errors)
        stage = _enum(AgreementStage, line, "stage", values["stage"], errors)
        partials: dict[str, PartialDate | None] = {}
        for column in PARTIAL_DATES:
            partials[column] = _partial(line, column, values[column], errors)
        fulls: dict[str, date | None] = {}
        for column in FULL_DATES:
            fulls[column] = _full(line, column, values[column], errors)
        verified = _flag(line, "verified", values["verified"], errors)
        formal = _flag(line, "formal", values["formal"], errors)
        relations = has_diplomatic_relations(values["country"])
        if formal and not relations:
            errors.append(
                RowError(
                    line=line,
                    column="formal",
                    message=f"Indonesia has no diplomatic relations with {values['country']}: "
                    "not a formal KSDPL (PP 28/2018 Pasal 27); write no or leave it empty",
                )
            )
        if stage is AgreementStage.AWAITING_DPRD and fulls["dprd_received"] is None:
            errors.append(
                RowError(
                    line=line,
                    column="dprd_received",
                    message="stage awaiting_dprd needs the day the DPRD received the request",
                )
            )
        if errors or not isinstance(region, str) or kind is None or stage is None:
            return errors
        return Agreement(
            region_code=region,
            partner=values["partner"],
            country=values["country"],
            kind=kind,
            stage=stage,
            loi_date=partials["loi_date"],
            mou_date=partials["mou_date"],
            valid_until=partials["valid_until"],
            last_report_date=partials["last_report_date"],
            next_report_due=fulls["next_report_due"],
            next_review_due=fulls["next_review_due"],
            notes=values["notes"],
            source=values["source"],
            as_of=partials["as_of"],
            verified=True if verified is None else verified,
            formal=relations if formal is None else formal,
            dprd_received=fulls["dprd_received"],
        )

    def _region(self, line: int, text: str) -> str | RowError:
        cached = self._region_cache.get(text)
        if cached is None:
            cached = self._resolve(text)
            self._region_cache[text] = cached
        if isinstance(cached, RowError):
            return RowError(line=line, column="region", message=cached.message)
        return cached

    def _resolve(self, text: str) -> str | RowError:
        match = self._regions.resolve(text)
        if match.kind == "exact" and match.region is not None:
            return match.region.code
        named = ", ".join(f"{c.region.code} {c.region.display_name}" for c in match.candidates[:3])
        if match.kind == "fuzzy" and match.region is not None:
            message = (
                f"{text!r} is not a region name; did you mean "
                f"{match.region.code} {match.region.display_name}?"
            )
        elif match.kind == "ambiguous":
            message = f"{text!r} could be several regions ({named}); use the code"
        else:
            message = f"{text!r} is not a known region" + (f" (closest: {named})" if named else "")
        return RowError(line=0, column="region", message=message)


def _enum(kind: type[E], line: int, column: str, text: str, errors: list[RowError]) -> E | None:
    if not text:
        return None
    try:
        return kind(text.casefold().replace(" ", "_").replace("-", "_"))
    except ValueError:
        allowed = ", ".join(member.value for member in kind)
        errors.append(
            RowError(line=line, column=column, message=f"{text!r} is not one of {allowed}")
        )
        return None


def _flag(line: int, column: str, text: str, errors: list[RowError]) -> bool | None:
    """yes/no (ya/tidak, true/false, 1/0); None when empty (the default applies)."""
    if not text:
        return None
    folded = text.casefold()
    if folded in YES:
        return True
    if folded in NO:
        return False
    errors.append(RowError(line=line, column=column, message=f"{text!r} is not yes or no"))
    return None


def _partial(line: int, column: str, text: str, errors: list[RowError]) -> PartialDate | None:
    if not text:
        return None
    try:
        return PartialDate.parse(text)
    except ValueError:
        errors.append(
            RowError(
                line=line,
                column=column,
                message=f"{text!r} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)",
            )
        )
        return None


def _full(line: int, column: str, text: str, errors: list[RowError]) -> date | None:
    if not text:
        return None
    try:
        if len(text) == 10:
            return date.fromisoformat(text)
    except ValueError:
        pass
    errors.append(
        RowError(line=line, column=column, message=f"{text!r} is not a date (YYYY-MM-DD)")
    )
    return None


def parse_agreements(
    path: Path, regions: RegionIndex, *, progress: Progress | None = None
) -> list[Agreement]:
    """Read and validate a whole file; raise :class:`ImportFailed` listing every error."""
    rows, errors = read_table(path)
    parser = _RowParser(regions)
    agreements: list[Agreement] = []
    first_line: dict[tuple[str, str], int] = {}
    iterable: Rows = rows
    if progress is not None:
        iterable = progress(rows, len(rows))
    for line, row in iterable:
        parsed = parser.parse(line, row)
        if isinstance(parsed, list):
            errors.extend(parsed)
            continue
        key = (parsed.region_code, parsed.partner.casefold())
        if key in first_line:
            errors.append(
                RowError(
                    line=line,
                    column="partner",
                    message=f"same region and partner as line {first_line[key]}",
                )
            )
            continue
        first_line[key] = line
        agreements.append(parsed)
    if errors:
        errors.sort(key=lambda e: e.line)
        raise ImportFailed(path, errors)
    return agreements


def read_agreements(path: Path, regions: RegionIndex) -> list[Agreement]:
    """The agreements of a file (the seed, an import); ImportFailed if any row is bad."""
    return parse_agreements(path, regions)


def import_agreements(
    path: Path,
    regions: RegionIndex,
    repository: AgreementRepository,
    *,
    progress: Progress | None = None,
) -> ImportResult:
    """Validate the whole file, then store it in one transaction (insert or update)."""
    agreements = parse_agreements(path, regions, progress=progress)
    result = repository.upsert_many(agreements)
    return ImportResult(
        rows=len(agreements),
        inserted=result.inserted,
        updated=result.updated,
        unchanged=result.unchanged,
    )


# --- export -----------------------------------------------------------------------------


def agreement_cells(agreement: Agreement) -> list[str]:
    """One agreement as import-format cells, in :data:`COLUMNS` order."""

    def partial(value: PartialDate | None) -> str:
        return value.isoformat() if value else ""

    def full(value: date | None) -> str:
        return value.isoformat() if value else ""

    return [
        agreement.region_code,
        agreement.partner,
        agreement.country,
        agreement.kind.value,
        agreement.stage.value,
        partial(agreement.loi_date),
        partial(agreement.mou_date),
        partial(agreement.valid_until),
        partial(agreement.last_report_date),
        full(agreement.next_report_due),
        full(agreement.next_review_due),
        agreement.notes,
        agreement.source,
        partial(agreement.as_of),
        "yes" if agreement.verified else "no",
        "yes" if agreement.formal else "no",
        full(agreement.dprd_received),
    ]


def export_agreements(path: Path, agreements: Iterable[Agreement]) -> int:
    """Write agreements as CSV or XLSX (by extension) that imports back unchanged."""
    rows = [agreement_cells(a) for a in agreements]
    path.parent.mkdir(parents=True, exist_ok=True)
    write_table(path, rows)
    return len(rows)
