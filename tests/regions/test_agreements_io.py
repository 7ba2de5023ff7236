"""Agreement import and export: validation by row and column, all or nothing, upserts."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.agreement_files.formats import COLUMNS
from bot.agreement_files.rows import (
    YES,
    ImportFailed,
    export_agreements,
    import_agreements,
    parse_agreements,
    read_agreements,
    tqdm_progress,
)
from bot.core.models import AgreementStage, PartialDate
from bot.core.status import RegionIndex
from bot.storage.database import Database

# The 13 columns from before the registry's; files written in that format still import.
HEADER = ",".join(COLUMNS[:13])
GOOD = "35.78,Kochi,Japan,sister_city,mou,,1997,,,,,,test"


def write(tmp_path: Path, *lines: str, name: str = "in.csv", bom: bool = False) -> Path:
    path = tmp_path / name
    path.write_text(("\ufeff" if bom else "") + "\n".join(lines) + "\n", encoding="utf-8")
    return path


def errors_of(path: Path, regions: RegionIndex) -> list[str]:
    with pytest.raises(ImportFailed) as failed:
        parse_agreements(path, regions)
    return [str(e) for e in failed.value.errors]


def test_the_seed_file_is_valid_and_keeps_partial_dates(
    regions: RegionIndex, seed_csv: Path
) -> None:
    agreements = read_agreements(seed_csv, regions)
    assert len(agreements) == 177
    assert all(a.source for a in agreements)
    by_partner = {a.partner: a for a in agreements}
    assert by_partner["Tokyo"].region_code == "31"
    assert by_partner["Tokyo"].mou_date == PartialDate(year=1989)
    assert by_partner["Ichikawa"].mou_date == PartialDate(year=1989, month=11)
    assert by_partner["Kyoto Prefecture"].mou_date == PartialDate(year=1985, month=7, day=16)
    assert by_partner["Kobe"].mou_date is None  # unknown stays unknown
    assert by_partner["Kobe"].stage is AgreementStage.UNKNOWN
    assert by_partner["Melbourne"].stage is AgreementStage.ACTIVE  # MoU signed April 2024
    recommendation_5 = {"Tokyo", "Kyoto Prefecture", "Kochi", "Ichikawa", "Osaka Prefecture"}
    assert recommendation_5 | {"Yamagata Prefecture", "Kitakyushu", "Kobe"} <= set(by_partner)


def test_the_shipped_registry_says_how_sure_each_row_is(
    regions: RegionIndex, seed_csv: Path
) -> None:
    agreements = read_agreements(seed_csv, regions)
    wikipedia_only = [a for a in agreements if "Hekman/twincities" in a.source]
    assert len(wikipedia_only) == 36
    assert all(not a.verified for a in wikipedia_only)
    # The rest of the unverified rows rest on a forum post or a passing mention.
    unverified = [a for a in agreements if not a.verified]
    assert len(unverified) == 39
    assert all("Hekman" in a.source or "low reliability" in a.notes for a in unverified)
    taiwan = [a for a in agreements if a.country == "Taiwan"]
    assert {a.partner for a in taiwan} == {"Taipei", "Taoyuan", "Kaohsiung"}
    assert not any(a.formal for a in taiwan)
    proposals = [a for a in agreements if "no LoI found" in a.notes or "Plan only" in a.notes]
    assert proposals and all(
        a.stage in (AgreementStage.PROPOSED, AgreementStage.EXPLORING) for a in proposals
    )
    assert sum(a.as_of is not None for a in agreements) >= 170  # the evidence's date
    keys = [(a.region_code, a.partner.casefold()) for a in agreements]
    assert len(keys) == len(set(keys))


def test_every_problem_is_named_by_line_and_column(tmp_path: Path, regions: RegionIndex) -> None:
    path = write(
        tmp_path,
        HEADER,
        GOOD,
        "bandung,Braunschweig,Germany,sister_city,mou,,1960-05-24,,,,,,x",
        "35.78,Seattle,United States,twin_town,signed,,1992-13,,,,,,x",
        "99.99,Nowhere,Japan,other,mou,,,,,2027-02-30,,,x",
        ",,,,,,,,,,,,",
        "surabya,Busan,South Korea,sister_city,mou,,1994-08-24,,,2027-01,,,x",
    )
    errors = errors_of(path, regions)
    assert "line 3, column region: 'bandung' could be several regions" in errors[0]
    assert any(e.startswith("line 4, column kind: 'twin_town' is not one of") for e in errors)
    assert any(e.startswith("line 4, column stage: 'signed'") for e in errors)
    assert any(e.startswith("line 4, column mou_date: '1992-13' is not a date") for e in errors)
    assert any(e.startswith("line 5, column region: '99.99' is not a known region") for e in errors)
    assert any(e.startswith("line 5, column next_report_due: '2027-02-30'") for e in errors)
    assert any(
        "line 7, column region: 'surabya'" in e and "did you mean 35.78" in e for e in errors
    )
    assert any(e.startswith("line 7, column next_report_due: '2027-01'") for e in errors)
    assert not any(e.startswith("line 6") for e in errors)  # an empty row is skipped


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty file"),
        (b"region,partner\n", "missing column(s) country, kind, stage"),
        (b"region,partner,country,kind,stage,colour\n", "unknown column(s) 'colour'"),
        (HEADER.encode() + b"\n35.78,Kochi,Japan\n", "line 2: expected 13 columns, found 3"),
        (HEADER.encode() + b"\n" + GOOD.encode() + b",extra\n", "line 2: expected 13 columns"),
        (HEADER.encode() + b"\n\xff\xfe\x00junk\x89PNG\n", "line 2: contains NUL"),
        (HEADER.encode() + b"\n" + GOOD.encode() + b"\x00\n", "line 2: contains NUL"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary data"),
        (HEADER.encode() + b"\n\x81\x8d\x90\n", "line 2: neither UTF-8 nor Windows-1252"),
        (b"\xff\xfer\x00e\x00", "UTF-16 text is not supported; save it from Excel as 'CSV UTF-8"),
        (HEADER.encode() + b'\n35.78,"Kochi,Japan\n', "line 2"),
    ],
)
def test_malformed_files_get_a_clear_error(
    tmp_path: Path, regions: RegionIndex, content: bytes, message: str
) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    errors = errors_of(path, regions)
    assert any(message in e for e in errors), errors


def test_a_bom_and_blank_lines_are_fine(tmp_path: Path, regions: RegionIndex) -> None:
    path = write(tmp_path, "", HEADER, "", GOOD, "", bom=True)
    assert [a.partner for a in parse_agreements(path, regions)] == ["Kochi"]


def test_a_repeated_region_and_partner_is_an_error(tmp_path: Path, regions: RegionIndex) -> None:
    path = write(tmp_path, HEADER, GOOD, GOOD.replace("Kochi", "KOCHI"))
    assert errors_of(path, regions) == ["line 3, column partner: same region and partner as line 2"]


def generated_rows(count: int) -> list[list[str]]:
    """``count`` valid rows spread over many regions."""
    codes = ["35.78", "31", "32.73", "12.71", "51.03", "34", "73.71", "64", "91.71"]
    return [
        [
            codes[n % len(codes)],
            f"Partner {n:05d}",
            "Japan",
            "sister_city",
            "mou",
            "",
            f"{1990 + n % 30}-{1 + n % 12:02d}",
            "",
            "",
            "",
            "",
            f"note {n}",
            "generated",
        ]
        for n in range(count)
    ]


def write_rows(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS[:13])
        writer.writerows(rows)
    return path


def test_ten_thousand_rows_import_with_progress(
    tmp_path: Path, regions: RegionIndex, database: Database, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_rows(tmp_path / "big.csv", generated_rows(10_000))
    result = import_agreements(path, regions, database.agreements, progress=tqdm_progress)
    assert (result.rows, result.inserted, result.updated) == (10_000, 10_000, 0)
    assert "10000/10000" in capsys.readouterr().err
    stored = database.agreements.all()
    assert len(stored) == 10_000
    assert {a.partner for a in stored} == {f"Partner {n:05d}" for n in range(10_000)}
    assert database.agreements.find_by_partner("Partner 04321")[0].notes == "note 4321"


def test_one_bad_row_in_the_middle_writes_nothing_and_is_named(
    tmp_path: Path, regions: RegionIndex, database: Database
) -> None:
    rows = generated_rows(10_000)
    rows[5_000][4] = "signed"
    path = write_rows(tmp_path / "bad.csv", rows)
    with pytest.raises(ImportFailed) as failed:
        import_agreements(path, regions, database.agreements)
    assert [str(e) for e in failed.value.errors] == [
        "line 5002, column stage: 'signed' is not one of "
        "unknown, proposed, exploring, loi, awaiting_dprd, mou, active, expired, terminated"
    ]
    assert "line 5002" in str(failed.value)
    assert database.agreements.all() == []


def test_reimport_updates_instead_of_duplicating(
    tmp_path: Path, regions: RegionIndex, database: Database
) -> None:
    first = write(
        tmp_path, HEADER, GOOD, "kota medan,Ichikawa,Japan,sister_city,mou,,1989-11,,,,,,s"
    )
    assert import_agreements(first, regions, database.agreements).inserted == 2
    second = write(
        tmp_path,
        HEADER,
        "Kota Surabaya,kochi,Japan,sister_city,active,,1997,,2026-06,,,renewed,s2",
        name="second.csv",
    )
    result = import_agreements(second, regions, database.agreements)
    assert (result.inserted, result.updated) == (0, 1)
    stored = {a.partner.casefold(): a for a in database.agreements.all()}
    assert len(stored) == 2
    assert stored["kochi"].stage is AgreementStage.ACTIVE
    assert stored["kochi"].last_report_date == PartialDate(year=2026, month=6)


def test_reimporting_an_identical_file_changes_nothing(
    tmp_path: Path, regions: RegionIndex, seed_csv: Path, database: Database
) -> None:
    first = import_agreements(seed_csv, regions, database.agreements)
    assert first.inserted == first.rows
    again = import_agreements(seed_csv, regions, database.agreements)
    assert (again.inserted, again.updated, again.unchanged) == (0, 0, first.rows)
    exported = tmp_path / "out.xlsx"
    export_agreements(exported, database.agreements.all())
    from_export = import_agreements(exported, regions, database.agreements)
    assert (from_export.inserted, from_export.updated) == (0, 0)


def test_registry_columns_are_read_and_checked(tmp_path: Path, regions: RegionIndex) -> None:
    header = HEADER + ",as_of,verified,formal,dprd_received"
    path = write(
        tmp_path,
        header,
        GOOD + ",2019-02,no,,",
        "35.78,Kaohsiung,Taiwan,sister_city,unknown,,,,,,,,wiki,2026-02,no,,",
        "33,Perth,Australia,sister_province,awaiting_dprd,,,,,,,,x,,ya,ya,2026-11-02",
    )
    kochi, kaohsiung, perth = parse_agreements(path, regions)
    assert kochi.as_of == PartialDate(year=2019, month=2)
    assert (kochi.verified, kochi.formal) == (False, True)
    assert (kaohsiung.verified, kaohsiung.formal) == (False, False)  # no diplomatic relations
    assert perth.dprd_received == date(2026, 11, 2) and perth.formal
    bad = write(
        tmp_path,
        header,
        "35.78,Kaohsiung,Taiwan,sister_city,unknown,,,,,,,,wiki,2026,no,yes,",
        "33,Perth,Australia,sister_province,awaiting_dprd,,,,,,,,x,last year,maybe,,",
        name="bad.csv",
    )
    assert errors_of(bad, regions) == [
        "line 2, column formal: Indonesia has no diplomatic relations with Taiwan: not a "
        "formal KSDPL (PP 28/2018 Pasal 27); write no or leave it empty",
        "line 3, column as_of: 'last year' is not a date (YYYY, YYYY-MM or YYYY-MM-DD)",
        "line 3, column verified: 'maybe' is not yes or no",
        "line 3, column dprd_received: stage awaiting_dprd needs the day the DPRD received "
        "the request",
    ]


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_export_then_import_round_trips(
    tmp_path: Path, regions: RegionIndex, seed_csv: Path, database: Database, suffix: str
) -> None:
    import_agreements(seed_csv, regions, database.agreements)
    formula = database.agreements.all()[0]
    import dataclasses

    database.agreements.save(dataclasses.replace(formula, notes='=HYPERLINK("x")'))
    before = database.agreements.all()
    path = tmp_path / f"out{suffix}"
    assert export_agreements(path, before) == 177
    again = parse_agreements(path, regions)
    assert [dataclasses.replace(a, id=None) for a in before] == again
    assert again[0].notes == '=HYPERLINK("x")'  # text stays text, never a formula


def test_xlsx_with_numbers_and_dates_in_cells(tmp_path: Path, regions: RegionIndex) -> None:
    from datetime import datetime

    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(COLUMNS))
    sheet.append(
        [35.78, "Kochi", "Japan", "sister_city", "mou", None, 1997, None, None,
         datetime(2027, 1, 31), None, None, "x"]
    )  # fmt: skip
    sheet.append([None] * 13)
    sheet.append(["bandung", "X", "Japan", "other", "mou"])
    path = tmp_path / "in.xlsx"
    workbook.save(path)
    errors = errors_of(path, regions)
    assert len(errors) == 1 and errors[0].startswith("line 4, column region: 'bandung'")


def test_a_file_that_is_not_xlsx(tmp_path: Path, regions: RegionIndex) -> None:
    path = tmp_path / "fake.xlsx"
    path.write_bytes(b"not a zip at all")
    assert "not a valid XLSX file" in errors_of(path, regions)[0]


REGISTRY_CELLS = st.text(
    alphabet=st.characters(blacklist_categories=["Cs"], blacklist_characters="\x00"),
    max_size=20,
)


@settings(max_examples=200, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    as_of=REGISTRY_CELLS,
    verified=REGISTRY_CELLS,
    formal=REGISTRY_CELLS,
    dprd=REGISTRY_CELLS,
    country=st.sampled_from(["Japan", "Taiwan", " taiwan ", "Israel"]),
)
def test_any_registry_cells_are_read_or_named_by_column(
    tmp_path: Path,
    regions: RegionIndex,
    as_of: str,
    verified: str,
    formal: str,
    dprd: str,
    country: str,
) -> None:
    path = tmp_path / "messy.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        cells = ["35.78", "Kochi", country, "sister_city", "unknown", *[""] * 6, "n", "s"]
        writer.writerow([*cells, as_of, verified, formal, dprd])
    try:
        (agreement,) = parse_agreements(path, regions)
    except ImportFailed as failed:
        assert failed.errors
        assert {e.column for e in failed.errors} <= {"as_of", "verified", "formal", "dprd_received"}
        return
    given_formal = " ".join(formal.split()).casefold()
    expected = (country == "Japan") if not given_formal else given_formal in YES
    assert agreement.formal is expected
    given_verified = " ".join(verified.split()).casefold()
    assert agreement.verified is (not given_verified or given_verified in YES)
