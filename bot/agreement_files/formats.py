"""The agreement table file formats: CSV (header row) and XLSX (first sheet).

Reading turns a file into a stream of (line, {column: text}) rows and format problems
with their line; writing is the reverse. What keeps both safe (encodings, delimiters,
formulas, zip bombs, where a file may be written) is :mod:`bot.agreement_files.safety`.
What the cells mean is checked in :mod:`bot.agreement_files.rows`.
"""

from __future__ import annotations

import csv
import itertools
import struct
import zipfile
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import ParseError

from bot.agreement_files.safety import (
    TextProblem,
    check_xlsx_archive,
    detect_encoding,
    neutralise_formula,
    restore_formula,
    sniff_delimiter,
    write_atomically,
)

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
# What a broken XLSX raises inside openpyxl: a bad zip or CRC, damaged compressed data
# (zlib.error), an encrypted or oddly compressed part (RuntimeError, NotImplementedError),
# missing parts, malformed XML (ParseError), forbidden entities (defusedxml's errors are
# ValueErrors), odd values.
_MALFORMED = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    zlib.error,
    struct.error,
    RuntimeError,
    NotImplementedError,
    OSError,
    KeyError,
    IndexError,
    ValueError,
    TypeError,
    AttributeError,
    ParseError,
    EOFError,
)


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


Item = tuple[int, dict[str, str]] | RowError  # a row by its line, or a problem


def read_table(path: Path) -> Iterator[Item]:
    """The rows of a CSV or XLSX file as (line, {column: text}), and its format errors,
    in file order. Streams: one row at a time is in memory, whatever the file's size.
    """
    if path.is_dir():
        yield RowError(line=0, column=None, message="is a directory, not a file")
        return
    try:
        if is_xlsx(path):
            yield from _read_xlsx(path)
        else:
            yield from _read_csv(path)
    except OSError as error:
        yield RowError(line=0, column=None, message=f"cannot read ({error.strerror or error})")


def is_xlsx(path: Path) -> bool:
    """Whether ``path`` is read as XLSX (by its name); anything else is read as CSV."""
    return path.suffix.lower() in (".xlsx", ".xlsm")


def estimated_rows(path: Path) -> int | None:
    """About how many rows a CSV has (its lines, less the header), for a progress bar;
    None for an XLSX or a file that cannot be read."""
    if is_xlsx(path):
        return None
    lines = 0
    try:
        with path.open("rb") as handle:
            while chunk := handle.read(1024 * 1024):
                lines += chunk.count(b"\n")
    except OSError:
        return None
    return max(lines - 1, 0)


def _read_csv(path: Path) -> Iterator[Item]:
    encoding = detect_encoding(path)
    if isinstance(encoding, TextProblem):
        yield RowError(line=encoding.line, column=None, message=encoding.message)
        return
    with path.open(encoding=encoding, newline="") as handle:
        leading: list[str] = []  # blank lines, then the header line, whose delimiter rules
        for text in handle:
            leading.append(text)
            if text.strip():
                break
        delimiter = sniff_delimiter(leading[-1].strip("\r\n") if leading else "")
        reader = csv.reader(itertools.chain(leading, handle), delimiter=delimiter)
        header: list[str] | None = None
        start = 1
        try:
            for record in reader:
                line, start = start, reader.line_num + 1
                if not any(cell.strip() for cell in record):
                    continue  # empty lines are allowed anywhere
                if header is None:
                    header = [cell.strip().casefold() for cell in record]
                    errors = _check_header(header)
                    if errors:
                        yield from errors
                        return
                    continue
                if len(record) != len(header):
                    yield RowError(
                        line=line,
                        column=None,
                        message=f"expected {len(header)} columns, found {len(record)}",
                    )
                    continue
                cells = [restore_formula(cell) for cell in record]
                yield (line, dict(zip(header, cells, strict=True)))
        except csv.Error as error:
            yield RowError(line=start, column=None, message=f"malformed CSV: {error}")
    if header is None:
        yield RowError(line=1, column=None, message="empty file: no header row")


def _read_xlsx(path: Path) -> Iterator[Item]:
    refused = check_xlsx_archive(path)
    if refused:
        yield RowError(line=0, column=None, message=refused)
        return
    from openpyxl import load_workbook

    # Our own handle: closed here however parsing ends (openpyxl's readers may linger).
    with path.open("rb") as handle:
        try:
            workbook = load_workbook(handle, read_only=True, data_only=True)
        except _MALFORMED as error:
            yield RowError(
                line=0, column=None, message=f"not a valid XLSX file ({_one_line(error)})"
            )
            return
        try:
            yield from _xlsx_rows(workbook)
        except _MALFORMED as error:
            yield RowError(
                line=0, column=None, message=f"not a valid XLSX file ({_one_line(error)})"
            )
        finally:
            workbook.close()


def _xlsx_rows(workbook: Any) -> Iterator[Item]:
    sheet = workbook.worksheets[0]
    # The <dimension> a file declares may be wrong (or a lie): read every row there is.
    sheet.reset_dimensions()
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
                yield from errors
                return
            continue
        if any(c.strip() for c in cells[len(header) :]):
            yield RowError(line=number, column=None, message="values beyond the last column")
            return
        cells = (cells + [""] * len(header))[: len(header)]
        yield (number, dict(zip(header, cells, strict=True)))
    if header is None:
        yield RowError(line=1, column=None, message="empty sheet: no header row")


def _one_line(error: BaseException) -> str:
    text = " ".join(str(error).split()) or type(error).__name__
    return text[:200]


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
    """Write ``rows`` under the :data:`COLUMNS` header: XLSX for a .xlsx path, else CSV.

    Only ``.csv`` and ``.xlsx`` are accepted, into an existing folder; the file appears
    whole or not at all. Raises :class:`~bot.agreement_files.safety.FileProblem`.
    """
    if path.suffix.lower() == ".xlsx":
        write_atomically(path, lambda target: _write_xlsx(target, rows))
    else:
        write_atomically(path, lambda target: _write_csv(target, rows))


def _write_csv(path: Path, rows: Sequence[Sequence[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        for row in rows:
            writer.writerow([neutralise_formula(cell) for cell in row])


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
