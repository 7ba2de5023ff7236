"""The registry's data work, without HTTP: filters, table rows, validation, import diff.

Forms and uploads are checked by the import's own validation
(:func:`bot.agreement_files.rows.parse_agreements`): a form is written as a one-row file
in the import format, so a curator meets the same rules and messages on both paths.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from bot.agreement_files.formats import COLUMNS, REQUIRED, RowError
from bot.agreement_files.rows import ImportFailed, agreement_cells, parse_agreements
from bot.core.models import Agreement, partner_key
from bot.core.reminders import ReminderPolicy
from bot.core.status import RegionIndex, due_dates, is_overdue
from bot.storage.console_repos import RegistryFilter, SqlRegistryQueries

MAX_QUERY_CHARS = 120


@dataclass(frozen=True, slots=True, kw_only=True)
class RegistryQuery:
    """The registry page's query string, cleaned."""

    q: str = ""
    province: str = ""
    country: str = ""
    stage: str = ""
    overdue: bool = False
    page: int = 1


def read_query(params: Mapping[str, str]) -> RegistryQuery:
    """Untrusted query parameters -> a :class:`RegistryQuery` (bad values are dropped)."""
    page_text = params.get("page", "1")
    page = int(page_text) if page_text.isdigit() and len(page_text) < 7 else 1
    province = params.get("province", "").strip()
    return RegistryQuery(
        q=" ".join(params.get("q", "").split())[:MAX_QUERY_CHARS],
        province=province if province.isdigit() and len(province) == 2 else "",
        country=params.get("country", "").strip()[:100],
        stage=params.get("stage", "").strip()[:20],
        overdue=params.get("overdue", "") in ("1", "on", "true"),
        page=max(page, 1),
    )


def sql_filter(query: RegistryQuery, regions: RegionIndex) -> RegistryFilter:
    """The SQL part of a query: the text also matches region names (and aliases)."""
    text_regions: set[str] = set()
    if query.q:
        needle = query.q.casefold()
        text_regions = {
            r.code for r in regions.all() if needle in r.display_name.casefold() or needle == r.code
        }
        match = regions.resolve(query.q)
        if match.kind == "exact" and match.region is not None:
            text_regions.add(match.region.code)
    province_regions = None
    if query.province:
        province_regions = tuple(
            r.code for r in regions.all() if r.province_code == query.province
        ) or (query.province,)
    return RegistryFilter(
        text=query.q,
        text_regions=tuple(sorted(text_regions)),
        regions=province_regions,
        country=query.country,
        stage=query.stage,
    )


def find(
    registry: SqlRegistryQueries,
    regions: RegionIndex,
    query: RegistryQuery,
    *,
    policy: ReminderPolicy,
    today: date,
    page_size: int | None,
) -> tuple[list[Agreement], int]:
    """One page of the agreements the query selects (all of them when ``page_size`` is None),
    and how many there are in total.

    The overdue filter needs the policy's due dates, so it is applied here, not in SQL.
    """
    where = sql_filter(query, regions)
    offset = (query.page - 1) * page_size if page_size else 0
    if not query.overdue:
        return registry.search(where, limit=page_size, offset=offset)
    everything, _ = registry.search(where, limit=None)
    late = [a for a in everything if is_overdue(a, policy, today)]
    if page_size is None:
        return late, len(late)
    return late[offset : offset + page_size], len(late)


@dataclass(frozen=True, slots=True, kw_only=True)
class DueCell:
    """A due date as the table shows it."""

    day: date | None
    estimated: bool
    overdue: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class TableRow:
    """One agreement in the registry table, with the due dates the bot would give."""

    agreement: Agreement
    region: str
    report: DueCell
    review: DueCell


def table_rows(
    agreements: Sequence[Agreement], regions: RegionIndex, policy: ReminderPolicy, today: date
) -> list[TableRow]:
    """The table's rows."""
    rows = []
    for agreement in agreements:
        dues = due_dates(agreement, policy, today)
        region = regions.get(agreement.region_code)
        rows.append(
            TableRow(
                agreement=agreement,
                region=region.display_name if region else agreement.region_code,
                report=DueCell(
                    day=dues.report,
                    estimated=dues.report_origin == "policy",
                    overdue=dues.report is not None and dues.report < today,
                ),
                review=DueCell(
                    day=dues.review,
                    estimated=dues.review_origin == "policy",
                    overdue=dues.review is not None and dues.review < today,
                ),
            )
        )
    return rows


def cells_of(agreement: Agreement) -> dict[str, str]:
    """An agreement as form fields (named like the import columns)."""
    return dict(zip(COLUMNS, agreement_cells(agreement), strict=False))


def form_cells(form: Mapping[str, object]) -> dict[str, str]:
    """The import columns of a submitted form (other fields ignored)."""
    cells = {}
    for column in COLUMNS:
        value = form.get(column, "")
        cells[column] = value if isinstance(value, str) else ""
    return cells


def _csv_text(rows: Sequence[Sequence[str]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    writer.writerows(rows)
    return buffer.getvalue()


def parse_text(
    content: bytes, suffix: str, regions: RegionIndex
) -> list[Agreement] | list[RowError]:
    """Validate a file's bytes as an import; the agreements, or every error found."""
    with tempfile.TemporaryDirectory(prefix="sisterbot-console-") as folder:
        path = Path(folder) / f"upload{suffix}"
        path.write_bytes(content)
        try:
            return parse_agreements(path, regions)
        except ImportFailed as failed:
            return failed.errors


def validate_cells(cells: Mapping[str, str], regions: RegionIndex) -> Agreement | list[RowError]:
    """One form's cells checked exactly as an import row is."""
    row = [cells.get(column, "") for column in COLUMNS]
    parsed = parse_text(_csv_text([row]).encode(), ".csv", regions)
    if parsed and isinstance(parsed[0], Agreement):
        return parsed[0]
    errors = [e for e in parsed if isinstance(e, RowError)]
    # an all-empty row is skipped by the file reader, as blank lines are: say what is missing
    return errors or [RowError(line=0, column=c, message="empty") for c in REQUIRED]


def canonical_csv(agreements: Sequence[Agreement]) -> str:
    """Agreements as an import-format CSV text (what an import's preview carries)."""
    return _csv_text([agreement_cells(a) for a in agreements])


@dataclass(frozen=True, slots=True, kw_only=True)
class ImportChange:
    """One row of an import and what it would do."""

    agreement: Agreement  # as the file has it (with the stored id when it exists)
    before: Agreement | None
    changed_columns: tuple[str, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class ImportPlan:
    """What an import would do, before anything is written."""

    added: tuple[ImportChange, ...]
    changed: tuple[ImportChange, ...]
    unchanged: tuple[ImportChange, ...]


def plan_import(agreements: Sequence[Agreement], registry: SqlRegistryQueries) -> ImportPlan:
    """Compare the file's agreements with the stored ones (same region and partner)."""
    keys = [(a.region_code, partner_key(a.partner)) for a in agreements]
    stored = registry.by_keys(keys)
    added: list[ImportChange] = []
    changed: list[ImportChange] = []
    unchanged: list[ImportChange] = []
    for key, agreement in zip(keys, agreements, strict=True):
        before = stored.get(key)
        if before is None:
            added.append(ImportChange(agreement=agreement, before=None, changed_columns=()))
            continue
        new_cells, old_cells = cells_of(agreement), cells_of(before)
        differing = tuple(c for c in COLUMNS if new_cells[c] != old_cells[c])
        change = ImportChange(
            agreement=dataclasses.replace(agreement, id=before.id),
            before=before,
            changed_columns=differing,
        )
        (changed if differing else unchanged).append(change)
    return ImportPlan(added=tuple(added), changed=tuple(changed), unchanged=tuple(unchanged))
