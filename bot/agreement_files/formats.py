"""The agreement table file formats: CSV (UTF-8, header row) and XLSX (first sheet).

Reading turns a file into (line, {column: text}) rows and reports format problems with
their line; writing is the reverse. What the cells mean is checked in
:mod:`bot.agreement_files.rows`.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

COLUMNS = (
    "region",
    "partner",
    "country",
    "kind",
    "stage",
    "loi_date",
    "mou_date",
    "valid_until",
    "last_report_date",
    "next_report_due",
    "next_review_due",
    "notes",
    "source",
    "as_of",
    "verified",
    "formal",
    "dprd_received",
)
REQUIRED = ("region", "partner", "country", "kind", "stage")


@dataclass(frozen=True, slots=True, kw_only=True)
class RowError:
    """One problem in an import file: where (line, column) and what."""

    line: int
    column: str | None
    message: str

    def __str__(self) -> str:
        where = f"line {self.line}" if self.line else "file"
        if self.column:
            where += f", column {self.column}"
        return f"{where}: {self.message}"


def read_table(path: Path) -> tuple[list[tuple[int, dict[str, str]]], list[RowError]]:
    """The data rows of a CSV or XLSX file as (line, {column: text}), plus format errors."""
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return _read_xlsx(path)
    return _read_csv(path)


def _read_csv(path: Path) -> tuple[list[tuple[int, dict[str, str]]], list[RowError]]:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        return [], [RowError(line=line, column=None, message="not UTF-8 text (binary data?)")]
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        return [], [RowError(line=line, column=None, message="contains NUL bytes (binary data?)")]
    reader = csv.reader(io.StringIO(text, newline=""))
    rows: list[tuple[int, dict[str, str]]] = []
    errors: list[RowError] = []
    header: list[str] | None = None
    start = 1
    try:
        for record in reader:
            line, start = start, reader.line_num + 1
            if not any(cell.strip() for cell in record):
                continue  # empty lines are allowed anywhere
            if header is None:
                header = [cell.strip().casefold() for cell in record]
                errors.extend(_check_header(header))
                if errors:
                    return [], errors
                continue
            if len(record) != len(header):
                errors.append(
                    RowError(
                        line=line,
                        column=None,
                        message=f"expected {len(header)} columns, found {len(record)}",
                    )
                )
                continue
            rows.append((line, dict(zip(header, record, strict=True))))
    except csv.Error as error:
        errors.append(RowError(line=start, column=None, message=f"malformed CSV: {error}"))
    if header is None:
        errors.append(RowError(line=1, column=None, message="empty file: no header row"))
    return rows, errors


def _read_xlsx(path: Path) -> tuple[list[tuple[int, dict[str, str]]], list[RowError]]:
    import zipfile

    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError) as error:
        return [], [RowError(line=0, column=None, message=f"not a valid XLSX file ({error})")]
    try:
        sheet = workbook.worksheets[0]
        rows: list[tuple[int, dict[str, str]]] = []
        header: list[str] | None = None
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            cells = [_cell_text(v) for v in values]
            if not any(c.strip() for c in cells):
                continue
            if header is None:
                header = [c.strip().casefold() for c in cells]
                while header and not header[-1]:
                    header.pop()
                errors = _check_header(header)
                if errors:
                    return [], errors
                continue
            if any(c.strip() for c in cells[len(header) :]):
                return rows, [
                    RowError(line=number, column=None, message="values beyond the last column")
                ]
            cells = (cells + [""] * len(header))[: len(header)]
            rows.append((number, dict(zip(header, cells, strict=True))))
    finally:
        workbook.close()
    if header is None:
        return [], [RowError(line=1, column=None, message="empty sheet: no header row")]
    return rows, []


def _cell_text(value: Any) -> str:
    """Excel cells hold numbers and dates: turn them back into the import format."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _check_header(header: list[str]) -> list[RowError]:
    errors = []
    unknown = [h for h in header if h not in COLUMNS]
    if unknown:
        errors.append(
            RowError(
                line=1,
                column=None,
                message=f"unknown column(s) {', '.join(map(repr, unknown))}; "
                f"expected {', '.join(COLUMNS)}",
            )
        )
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        errors.append(
            RowError(line=1, column=None, message=f"missing column(s) {', '.join(missing)}")
        )
    duplicated = sorted({h for h in header if header.count(h) > 1})
    if duplicated:
        errors.append(
            RowError(line=1, column=None, message=f"repeated column(s) {', '.join(duplicated)}")
        )
    return errors


def write_table(path: Path, rows: Sequence[Sequence[str]]) -> None:
    """Write ``rows`` under the :data:`COLUMNS` header: XLSX for a .xlsx path, else CSV."""
    if path.suffix.lower() == ".xlsx":
        _write_xlsx(path, rows)
        return
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        writer.writerows(rows)


def _write_xlsx(path: Path, rows: Sequence[Sequence[str]]) -> None:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "agreements"
    sheet.append(list(COLUMNS))
    for number, row in enumerate(rows, start=2):
        for column, value in enumerate(row, start=1):
            cell = sheet.cell(row=number, column=column, value=value)
            cell.data_type = "s"  # text, never a formula: "=..." in a note stays a note
    workbook.save(path)
