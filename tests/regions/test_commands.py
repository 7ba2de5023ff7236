"""``sisterbot status``, ``db upgrade``, ``import agreements`` and ``export agreements``."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from bot.agreement_files.formats import COLUMNS
from bot.app import cli


@pytest.fixture(autouse=True)
def fresh_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every command runs on its own new SQLite file (created on first use)."""
    path = tmp_path / "data" / "sisterbot.db"
    monkeypatch.setenv("SISTERBOT_DATABASE_URL", f"sqlite:///{path}")
    return path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = cli.main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_status_json_has_exactly_the_design_fields(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "status", "--json", "kota", "surabaya")
    assert status == 0
    result = json.loads(out)
    assert list(result) == ["query", "match", "region", "candidates", "agreements"]
    assert result["query"] == "kota surabaya"
    assert result["match"] == "exact"
    assert result["region"] == {"code": "35.78", "name": "Kota Surabaya", "level": "kota"}
    assert result["candidates"] == []
    kochi = next(a for a in result["agreements"] if a["partner"] == "Kochi")
    assert kochi["mou_date"] == "1997"
    assert kochi["loi_date"] is None
    assert kochi["next_report_due_from"] == "policy"
    for key in ("country", "kind", "stage", "next_report_due", "next_review_due", "source"):
        assert key in kochi


def test_status_json_for_ambiguous_unknown_and_partner(
    capsys: pytest.CaptureFixture[str],
) -> None:
    _, out, _ = run(capsys, "status", "--json", "bandung")
    ambiguous = json.loads(out)
    assert ambiguous["match"] == "ambiguous" and ambiguous["region"] is None
    assert [c["code"] for c in ambiguous["candidates"]][:2] == ["32.73", "32.04"]
    _, out, _ = run(capsys, "status", "--json", "springfield")
    unknown = json.loads(out)
    assert (unknown["match"], unknown["region"], unknown["agreements"]) == ("none", None, [])
    _, out, _ = run(capsys, "status", "--json", "tokyo")
    partner = json.loads(out)
    assert partner["region"]["code"] == "31"
    assert [a["partner"] for a in partner["agreements"]] == ["Tokyo"]


def test_status_jsonl_reads_one_query_per_line(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("jatim\nsurabya\n\n35.78\n"))
    status, out, _ = run(capsys, "status", "--jsonl")
    assert status == 0
    lines = [json.loads(line) for line in out.splitlines()]
    assert [(r["query"], r["match"]) for r in lines] == [
        ("jatim", "exact"),
        ("surabya", "fuzzy"),
        ("", "none"),
        ("35.78", "exact"),
    ]


def test_status_text_shows_cards(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "status", "--lang", "en", "medan")
    assert status == 0
    assert "Kota Medan – Ichikawa (Japan)" in out
    assert "MoU: November 1989" in out


def test_db_upgrade_creates_the_database(
    capsys: pytest.CaptureFixture[str], fresh_database: Path
) -> None:
    status, out, _ = run(capsys, "db", "upgrade")
    assert status == 0 and "revision" in out
    assert fresh_database.is_file()
    status, out, _ = run(capsys, "db", "current")
    assert status == 0 and out.strip()


def test_import_export_round_trip(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    source = tmp_path / "new.csv"
    source.write_text(
        ",".join(COLUMNS[:13]) + "\nkab. badung,Testville,Japan,sister_city,loi,2026-05,,,,,,,t\n",
        encoding="utf-8",
    )
    status, out, _ = run(capsys, "import", "agreements", str(source))
    assert status == 0 and "1 new" in out
    status, out, _ = run(capsys, "import", "agreements", str(source))
    assert status == 0 and "0 new, 0 changed, 1 unchanged" in out  # nothing to change
    exported = tmp_path / "all.xlsx"
    status, out, _ = run(capsys, "export", "agreements", str(exported))
    assert status == 0 and "exported 178" in out  # the shipped 177 and the new one
    status, out, _ = run(capsys, "import", "agreements", "--dry-run", str(exported))
    assert status == 0 and "178 row(s) valid" in out
    status, out, _ = run(capsys, "import", "agreements", str(exported))
    assert status == 0 and "0 new, 0 changed, 178 unchanged" in out


def test_import_reports_errors_and_exits_1(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    source = tmp_path / "bad.csv"
    source.write_text(
        ",".join(COLUMNS[:13]) + "\nbandung,X,Japan,sister_city,mou,,,,,,,,t\n", encoding="utf-8"
    )
    status, _, err = run(capsys, "import", "agreements", str(source))
    assert status == 1
    assert "line 2, column region" in err
    assert "nothing was imported" in err
    status, _, err = run(capsys, "import", "agreements", str(tmp_path / "missing.csv"))
    assert status == 2 and "no such file" in err


@pytest.mark.parametrize("argv", [["status", ""], ["status", "  "], ["status"]])
def test_status_without_a_name_asks_for_one_in_one_line(
    capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    status, out, err = run(capsys, *argv)
    assert status == 2 and out == ""
    assert err.count("\n") == 1 and "give a region or partner name" in err
