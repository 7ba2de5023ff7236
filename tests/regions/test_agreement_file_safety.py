"""Agreement files that are hostile or merely unusual: formulas, zip bombs, lying or broken
XLSX, other encodings and delimiters, and exports to places that cannot take a file."""

from __future__ import annotations

import csv
import dataclasses
import re
import tempfile
import tracemalloc
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.agreement_files.formats import COLUMNS, write_table
from bot.agreement_files.rows import (
    ImportFailed,
    check_agreements,
    export_agreements,
    parse_agreements,
)
from bot.agreement_files.safety import (
    FORMULA_LEADS,
    MAX_XLSX_UNPACKED,
    neutralise_formula,
    restore_formula,
)
from bot.app import cli
from bot.core.status import RegionIndex
from bot.storage.database import Database

# DESIGN.md's thirteen columns: the rows written by hand below have just these.
DESIGN_COLUMNS = COLUMNS[: COLUMNS.index("source") + 1]
HEADER = ",".join(DESIGN_COLUMNS)
GOOD = "35.78,Kochi,Japan,sister_city,mou,,1997,,,,,,test"


def errors_of(path: Path, regions: RegionIndex) -> list[str]:
    with pytest.raises(ImportFailed) as failed:
        parse_agreements(path, regions)
    return [str(e) for e in failed.value.errors]


def row(partner: str, notes: str = "") -> list[str]:
    """A valid row in :data:`COLUMNS` order (the optional columns left empty)."""
    cells = dict.fromkeys(COLUMNS, "")
    cells.update(
        region="35.78", partner=partner, country="Japan", kind="sister_city", stage="mou",
        mou_date="1997", notes=notes, source="s",
    )  # fmt: skip
    return [cells[column] for column in COLUMNS]


# --- CSV formulas -------------------------------------------------------------------------


@pytest.mark.parametrize("lead", FORMULA_LEADS)
def test_csv_export_defuses_formula_cells_and_imports_them_back(
    tmp_path: Path, regions: RegionIndex, database: Database, lead: str
) -> None:
    from bot.agreement_files.rows import import_agreements

    dangerous = f'{lead}HYPERLINK("http://evil.example","x")'
    path = tmp_path / "seed.csv"
    write_table(path, [row("Kochi"), row(f"{lead}1+1")])
    import_agreements(path, regions, database.agreements)
    kochi = database.agreements.find_by_partner("Kochi")[0]
    database.agreements.save(dataclasses.replace(kochi, notes=dangerous, source=dangerous))
    stored = database.agreements.all()
    out = tmp_path / "out.csv"
    export_agreements(out, stored)
    with out.open(encoding="utf-8", newline="") as handle:
        cells = [cell for record in csv.reader(handle) for cell in record]
    assert not [c for c in cells if c.startswith(FORMULA_LEADS)]
    assert cells.count("'" + dangerous) == 2
    again = parse_agreements(out, regions)
    if not lead.isspace():  # the import trims spaces, tabs and line ends around a cell
        assert again == [dataclasses.replace(a, id=None) for a in stored]


@given(st.text())
def test_formula_escaping_is_safe_and_reversible(cell: str) -> None:
    escaped = neutralise_formula(cell)
    assert not escaped.startswith(FORMULA_LEADS)
    assert restore_formula(escaped) == cell


# --- XLSX ---------------------------------------------------------------------------------


def xlsx_with(tmp_path: Path, rows: int = 3) -> Path:
    path = tmp_path / "in.xlsx"
    write_table(path, [row(f"Partner {n}") for n in range(rows)])
    return path


def rewrite_part(path: Path, name: str, change: bytes | None = None, **replace: bytes) -> Path:
    """A copy of the XLSX at ``path`` with part ``name`` replaced or edited."""
    with zipfile.ZipFile(path) as source:
        parts = {info.filename: source.read(info) for info in source.infolist()}
    if change is not None:
        parts[name] = change
    for old, new in replace.items():
        parts[name] = re.sub(old.encode(), new, parts[name])
    out = path.with_name("crafted.xlsx")
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for part, data in parts.items():
            target.writestr(part, data)
    return out


SHEET = "xl/worksheets/sheet1.xml"


def rewrite_dimension(path: Path) -> Path:
    return rewrite_part(path, SHEET, **{'<dimension ref="[^"]*" ?/>': b'<dimension ref="A1:M2"/>'})


@pytest.fixture
def lying(tmp_path: Path) -> Path:
    return rewrite_dimension(xlsx_with(tmp_path, rows=5))


def test_an_xlsx_whose_dimension_says_fewer_rows_imports_every_row(
    lying: Path, regions: RegionIndex
) -> None:
    with zipfile.ZipFile(lying) as archive:
        assert b'<dimension ref="A1:M2"/>' in archive.read(SHEET)
    assert [a.partner for a in parse_agreements(lying, regions)] == [
        f"Partner {n}" for n in range(5)
    ]


def bomb(tmp_path: Path, size: int) -> Path:
    """A valid-looking XLSX whose sheet unpacks to ``size`` bytes of blanks."""
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(xlsx_with(tmp_path)) as source:
        parts = {info.filename: source.read(info) for info in source.infolist()}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target:
        for name, data in parts.items():
            if name == SHEET:
                data = data.replace(b"<sheetData>", b"<sheetData>" + b" " * size, 1)
            target.writestr(name, data)
    return path


def test_a_zip_bomb_is_refused_from_its_directory_before_any_parsing(
    tmp_path: Path, regions: RegionIndex, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = bomb(tmp_path, MAX_XLSX_UNPACKED + 1)
    assert path.stat().st_size < 1024 * 1024
    import openpyxl

    def never(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("openpyxl must not open a bomb")

    monkeypatch.setattr(openpyxl, "load_workbook", never)
    [error] = errors_of(path, regions)
    assert error.startswith("file: refused: its parts unpack to 50 MB (more than 50 MB)")


def test_a_part_that_unpacks_far_beyond_its_size_is_refused(
    tmp_path: Path, regions: RegionIndex
) -> None:
    [error] = errors_of(bomb(tmp_path, 4 * 1024 * 1024), regions)
    assert "refused: part 'xl/worksheets/sheet1.xml' unpacks" in error
    assert "times its size (a zip bomb?)" in error


def test_a_part_larger_than_its_directory_says_is_an_error_not_a_bomb(
    tmp_path: Path, regions: RegionIndex
) -> None:
    """The directory claims a small sheet; zipfile stops at the claim and the CRC fails."""
    path = xlsx_with(tmp_path, rows=50)
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo(SHEET)
        real_size = info.file_size
    data = bytearray(path.read_bytes())
    # The central directory (at the end) records the size; shrink it to a tenth.
    old = real_size.to_bytes(4, "little")
    at = data.rindex(old)
    data[at : at + 4] = (real_size // 10).to_bytes(4, "little")
    path.write_bytes(bytes(data))
    [error] = errors_of(path, regions)
    assert error.startswith("file: not a valid XLSX file (")


MALFORMED_SHEETS = {
    "unclosed tag": b"<worksheet><sheetData><row>",
    "not xml": b"\x00\x01garbage",
    "billion laughs": b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
<row r="1"><c r="A1" t="inlineStr"><is><t>&lol4;</t></is></c></row></sheetData></worksheet>""",
    "external entity": b"""<?xml version="1.0"?>
<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
<row r="1"><c r="A1" t="inlineStr"><is><t>&xxe;</t></is></c></row></sheetData></worksheet>""",
}


@pytest.mark.parametrize("sheet", MALFORMED_SHEETS.values(), ids=list(MALFORMED_SHEETS))
def test_a_malformed_or_entity_laden_xlsx_is_one_line_of_error(
    tmp_path: Path, regions: RegionIndex, sheet: bytes
) -> None:
    path = rewrite_part(xlsx_with(tmp_path), SHEET, sheet)
    [error] = errors_of(path, regions)
    assert error.startswith("file: not a valid XLSX file (")
    assert "\n" not in error and "root:" not in error


def test_a_broken_workbook_part_is_one_line_of_error(tmp_path: Path, regions: RegionIndex) -> None:
    path = rewrite_part(xlsx_with(tmp_path), "xl/workbook.xml", b"<workbook><sheets>")
    [error] = errors_of(path, regions)
    assert error.startswith("file: not a valid XLSX file (")


def test_openpyxl_parses_through_defusedxml() -> None:
    import openpyxl

    assert openpyxl.DEFUSEDXML is True


def valid_xlsx_bytes() -> bytes:
    with tempfile.TemporaryDirectory() as tmp:
        return xlsx_with(Path(tmp)).read_bytes()


VALID_XLSX = valid_xlsx_bytes()


def damaged(changes: dict[int, int]) -> bytes:
    data = bytearray(VALID_XLSX)
    for at, value in changes.items():
        data[at] = value
    return bytes(data)


CENTRAL_DIRECTORY = VALID_XLSX.index(b"PK\x01\x02")


@pytest.mark.parametrize(
    "data",
    [
        damaged({364: 0}),  # deflate data damaged: zlib.error while reading the sheet
        damaged({CENTRAL_DIRECTORY + 6: 92}),  # "needs zip version 9.2": NotImplementedError
        VALID_XLSX[: len(VALID_XLSX) // 2],  # cut short
    ],
    ids=["damaged deflate", "zip version", "truncated"],
)
def test_damage_found_by_fuzzing_is_one_line_of_error(
    tmp_path: Path, regions: RegionIndex, data: bytes
) -> None:
    path = tmp_path / "damaged.xlsx"
    path.write_bytes(data)
    [error] = errors_of(path, regions)
    assert error.startswith("file: not a valid XLSX file (")


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, len(VALID_XLSX) - 1), st.integers(0, 255)), max_size=8))
def test_a_damaged_xlsx_is_an_import_error_never_a_crash(
    regions: RegionIndex, damage: list[tuple[int, int]]
) -> None:
    data = bytearray(VALID_XLSX)
    for at, value in damage:
        data[at] = value
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "damaged.xlsx"
        path.write_bytes(bytes(data))
        try:
            parse_agreements(path, regions)
        except ImportFailed as failed:
            assert all("\n" not in str(e) for e in failed.errors)


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=600) | st.text(max_size=300).map(lambda t: (HEADER + "\n" + t).encode()))
def test_any_bytes_as_csv_are_an_import_error_never_a_crash(
    regions: RegionIndex, content: bytes
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "any.csv"
        path.write_bytes(content)
        try:
            parse_agreements(path, regions)
        except ImportFailed as failed:
            assert all("\n" not in str(e) for e in failed.errors)


# --- CSV from Excel in other locales ----------------------------------------------------


@pytest.mark.parametrize("delimiter", [";", "\t", ","])
def test_the_delimiter_is_found_from_the_header(
    tmp_path: Path, regions: RegionIndex, delimiter: str
) -> None:
    path = tmp_path / "excel.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=delimiter)
        writer.writerow([])
        writer.writerow(COLUMNS)
        writer.writerow(row("Kochi"))
        writer.writerow(row("Seattle", notes="satu, dua; tiga"))
    agreements = parse_agreements(path, regions)
    assert [(a.partner, a.notes) for a in agreements] == [
        ("Kochi", ""),
        ("Seattle", "satu, dua; tiga"),
    ]


@pytest.mark.parametrize("encoding", ["cp1252", "latin-1"])
def test_a_windows_1252_file_is_decoded(
    tmp_path: Path, regions: RegionIndex, encoding: str
) -> None:
    path = tmp_path / "excel.csv"
    cells = "35.78;Düsseldorf;Jérman;sister_city;mou;;1997;;;;;Café;s"
    text = f"{';'.join(DESIGN_COLUMNS)}\r\n{cells}\r\n"
    path.write_bytes(text.encode(encoding))
    [agreement] = parse_agreements(path, regions)
    assert (agreement.partner, agreement.country, agreement.notes) == (
        "Düsseldorf",
        "Jérman",
        "Café",
    )


def test_an_xlsx_named_csv_is_told_apart(tmp_path: Path, regions: RegionIndex) -> None:
    path = xlsx_with(tmp_path).rename(tmp_path / "really-xlsx.csv")
    assert errors_of(path, regions) == [
        "line 1: a zip file (an XLSX?), not CSV text; name an XLSX file .xlsx"
    ]


def test_utf8_wins_when_the_file_is_utf8(tmp_path: Path, regions: RegionIndex) -> None:
    path = tmp_path / "utf8.csv"
    path.write_text(f"{HEADER}\n35.78,Düsseldorf,Jérman,other,mou,,,,,,,Ā ē,s\n", encoding="utf-8")
    [agreement] = parse_agreements(path, regions)
    assert (agreement.partner, agreement.notes) == ("Düsseldorf", "Ā ē")


# --- streaming ----------------------------------------------------------------------------


def peak_bytes_checking(path: Path, regions: RegionIndex) -> int:
    tracemalloc.start()
    try:
        check_agreements(path, regions)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_checking_a_file_keeps_only_a_little_per_row(tmp_path: Path, regions: RegionIndex) -> None:
    """Memory per row is the (region, partner) kept to find repeats, not the row itself."""
    notes = "catatan " * 40  # a realistic row: about 400 bytes

    def generated(count: int) -> Path:
        path = tmp_path / f"{count}.csv"
        write_table(path, [row(f"Partner {n:06d}", notes=notes) for n in range(count)])
        return path

    small, large = generated(1_000), generated(6_000)
    peak_bytes_checking(small, regions)  # warm: region lookups cached, modules imported
    growth = peak_bytes_checking(large, regions) - peak_bytes_checking(small, regions)
    assert growth / 5_000 < 300  # bytes per extra row; a list of rows takes over 3,000


def test_writing_a_file_keeps_only_a_chunk_of_rows_in_memory(
    tmp_path: Path, regions: RegionIndex
) -> None:
    """The second pass stores rows a chunk at a time; nothing grows with the file."""
    from bot.agreement_files.rows import import_agreements

    def peak_bytes_importing(count: int) -> int:
        path = tmp_path / f"{count}.csv"
        write_table(path, [row(f"Partner {n:06d}", notes="catatan " * 40) for n in range(count)])
        database = Database.connect(f"sqlite:///{tmp_path / f'{count}.db'}")
        database.upgrade()
        tracemalloc.start()
        try:
            assert import_agreements(path, regions, database.agreements).inserted == count
            return tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
            database.dispose()

    small = peak_bytes_importing(1_000)
    growth = peak_bytes_importing(4_000) - small
    assert growth / 3_000 < 300  # bytes per extra row; all rows at once take over 3,000


# --- the command line ---------------------------------------------------------------------


@pytest.fixture
def cli_database(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path_factory.mktemp("data") / "sisterbot.db"  # away from the files tested
    monkeypatch.setenv("SISTERBOT_DATABASE_URL", f"sqlite:///{path}")
    return path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = cli.main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_importing_a_directory_says_so(
    tmp_path: Path, cli_database: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, _, err = run(capsys, "import", "agreements", str(tmp_path))
    assert status == 2
    assert err == f"sisterbot import: {tmp_path} is a directory, not a file\n"


def test_importing_something_that_is_not_a_file_says_so(
    cli_database: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, _, err = run(capsys, "import", "agreements", "/dev/null")
    assert (status, err) == (2, "sisterbot import: /dev/null is not a regular file\n")
    status, _, err = run(capsys, "import", "agreements", "/nonexistent/x.csv")
    assert (status, err) == (2, "sisterbot import: no such file: /nonexistent/x.csv\n")


def test_a_semicolon_windows_1252_file_imports_from_the_command_line(
    tmp_path: Path, cli_database: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "excel.csv"
    text = f"{';'.join(DESIGN_COLUMNS)}\r\n35.78;Düsseldorf;Jerman;sister_city;mou;;1997;;;;;;s\r\n"
    path.write_bytes(text.encode("cp1252"))
    status, out, err = run(capsys, "import", "agreements", str(path))
    assert (status, err) == (0, f"{path}: not UTF-8; read as Windows-1252\n")
    assert "1 row(s): 1 new, 0 changed" in out
    status, out, _ = run(capsys, "status", "--json", "35.78")
    assert "Düsseldorf" in out


@pytest.mark.parametrize(
    ("target", "message"),
    [
        ("/proc/version", "/proc/version: the file name must end in .csv or .xlsx"),
        ("/proc/version.csv", "/proc/version.csv: cannot create a file in /proc ("),
        ("{tmp}/x.json", "{tmp}/x.json: cannot export as .json; the file name must end in .csv"),
        ("{tmp}/file.txt/x.csv", "{tmp}/file.txt/x.csv: {tmp}/file.txt is a file, not a directory"),
        ("{tmp}/a/b/x.csv", "{tmp}/a/b/x.csv: no such directory {tmp}/a/b (create it first)"),
        ("{tmp}", "{tmp}: is a directory; give a file name inside it"),
    ],
)
def test_an_export_that_cannot_be_written_is_one_line_and_creates_nothing(
    tmp_path: Path,
    cli_database: Path,
    capsys: pytest.CaptureFixture[str],
    target: str,
    message: str,
) -> None:
    (tmp_path / "file.txt").write_text("not a folder")
    before = sorted(tmp_path.rglob("*"))
    status, out, err = run(capsys, "export", "agreements", target.format(tmp=tmp_path))
    assert status == 2 and out == ""
    assert err.startswith(f"sisterbot export: {message.format(tmp=tmp_path)}")
    assert err.count("\n") == 1
    assert sorted(tmp_path.rglob("*")) == before  # no folder, no file, no leftover


def test_an_export_replaces_the_file_whole(
    tmp_path: Path, cli_database: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "out.csv"
    path.write_text("old")
    status, out, _ = run(capsys, "export", "agreements", str(path))
    assert status == 0 and "exported 177 agreement(s)" in out
    assert path.read_text(encoding="utf-8").startswith(HEADER)
    assert [p.name for p in tmp_path.iterdir() if p.is_file()] == ["out.csv"]
