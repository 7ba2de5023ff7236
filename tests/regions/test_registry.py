"""The shipped registry as a user meets it: 20 regions drawn from the research file answer
with their partners and say where each fact comes from; Taipei is not a formal KSDPL; a bad
shipped row is one clear line; ``kb check``, ``db upgrade`` and ``delete agreement``.
"""

from __future__ import annotations

import csv
import io
import json
import random
import shutil
from pathlib import Path

import pytest

from bot.app import cli
from bot.config import bundled_knowledge_dir

DATA = Path(__file__).resolve().parent.parent / "data" / "registry"
# Names in the research file that the region index cannot read alone (checked by hand).
BY_HAND = {
    "Otorita Ibu Kota Nusantara": "64",
    "Kabupaten Gianyar (Desa Mas)": "51.04",
    "Kabupaten Pidie (Sigli)": "11.07",
    "Provinsi DKI Jakarta (Kota Tua)": "31",
}
RENAMED = {"George Town (Penang Island)": "George Town"}  # the known row's name is kept


@pytest.fixture(autouse=True)
def fresh_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "data" / "sisterbot.db"
    monkeypatch.setenv("SISTERBOT_DATABASE_URL", f"sqlite:///{path}")
    return path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = cli.main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def research_rows() -> list[dict[str, str]]:
    with (DATA / "agreements-more.csv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def sampled_rows() -> list[dict[str, str]]:
    """20 rows, one per region, drawn with a fixed seed (Taiwan's three always among them)."""
    rows = research_rows()
    by_region: dict[str, dict[str, str]] = {}
    for row in random.Random(11).sample(rows, len(rows)):
        by_region.setdefault(row["region"], row)
    taiwan = [r for r in rows if r["country"] == "Taiwan"]
    chosen = taiwan + [r for r in by_region.values() if r["region"] not in
                       {t["region"] for t in taiwan}]  # fmt: skip
    return chosen[:20]


def card_of(text: str, partner: str) -> str:
    """The card (paragraph) of ``partner`` in a status reply printed in full."""
    cards = [p for p in text.split("\n\n") if f"– {partner} (" in p.split("\n")[0]]
    assert len(cards) == 1, (partner, text)
    return cards[0]


def test_twenty_regions_from_the_research_file_answer_with_where_each_fact_comes_from(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, database_url: str
) -> None:
    monkeypatch.setenv("SISTERBOT_DATABASE_URL", database_url)  # SQLite and PostgreSQL
    rows = sampled_rows()
    english_checked: list[str] = []
    assert len(rows) == 20 and len({r["region"] for r in rows}) == 20
    for row in rows:
        query = BY_HAND.get(row["region"], row["region"])
        partner = RENAMED.get(row["partner"], row["partner"])
        status, out, err = run(capsys, "status", query)
        assert status == 0 and not err
        card = card_of(out, partner)
        source_line = next(line for line in card.split("\n") if line.startswith("• Sumber: "))
        assert row["source"].split(";")[0].replace("ksdl-facts.md s.5: ", "") in source_line
        assert source_line.endswith(")") and (
            "(per " in source_line or "(tanggal bukti tidak tercatat)" in source_line
        )
        if "Hekman/twincities" in row["source"]:
            assert "belum terverifikasi (hanya dari daftar tanpa rujukan" in card
        if row["stage"] == "unknown" and "Tahap: " in card:
            assert "Tahap: tidak diketahui" in card or "Tahap: usulan" in card
        if row["country"] == "Taiwan":
            assert "bukan KSDPL formal (tidak ada hubungan diplomatik" in card
        if len(english_checked) < 5:  # the same in English, for a few
            status, out, _ = run(capsys, "status", "--lang", "en", query)
            english = card_of(out, partner)
            assert "• Source: " in english
            assert "(as of " in english or "(date of the evidence not recorded)" in english
            english_checked.append(query)
    # --json carries the new fields: one query per stdin line.
    queries = [BY_HAND.get(r["region"], r["region"]) for r in rows]
    monkeypatch.setattr("sys.stdin", io.StringIO("\n".join(queries) + "\n"))
    status, out, _ = run(capsys, "status", "--jsonl")
    for row, line in zip(rows, out.splitlines(), strict=True):
        partner = RENAMED.get(row["partner"], row["partner"])
        (found,) = [a for a in json.loads(line)["agreements"] if a["partner"] == partner]
        assert {"as_of", "verified", "formal", "dprd_received", "source"} <= set(found)
        assert found["verified"] is ("Hekman/twincities" not in row["source"]) or (
            "low reliability" in found["notes"]
        )
        village = "Village-level" in row["notes"]  # Desa Mas: not a region's agreement
        assert found["formal"] is (row["country"] != "Taiwan" and not village)


def test_taipei_is_not_presented_as_a_formal_agreement(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, database_url: str
) -> None:
    monkeypatch.setenv("SISTERBOT_DATABASE_URL", database_url)
    status, out, _ = run(capsys, "status", "taipei")
    assert status == 0
    assert out.index("Belum ditandatangani, atau bukan KSDPL formal (1):") < out.index(
        "Kota Makassar – Taipei (Taiwan)"
    )
    assert "bukan KSDPL formal (tidak ada hubungan diplomatik; PP 28/2018 Pasal 27)" in out
    status, out, _ = run(capsys, "status", "makassar")
    signed, apart = out.split("Belum ditandatangani, atau bukan KSDPL formal (1):")
    assert "5 kerja sama tercatat" in signed and "Taipei" not in signed
    assert "Taipei" in apart
    _, out, _ = run(capsys, "status", "--json", "taipei")
    (taipei,) = json.loads(out)["agreements"]
    assert taipei["formal"] is False and taipei["country"] == "Taiwan"


def knowledge_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of knowledge/ the test may break, in SISTERBOT_KNOWLEDGE_DIR."""
    copy = tmp_path / "knowledge"
    shutil.copytree(bundled_knowledge_dir(), copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setenv("SISTERBOT_KNOWLEDGE_DIR", str(copy))
    return copy


def break_row(knowledge: Path) -> None:
    path = knowledge / "agreements.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[3] = lines[3].replace(",unknown,", ",signed,", 1)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_kb_check_validates_the_shipped_registry(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    status, out, _ = run(capsys, "kb", "check")
    assert status == 0
    assert "registry OK:" in out and "agreements: 177" in out and "unverified: 39" in out
    break_row(knowledge_copy(tmp_path, monkeypatch))
    status, out, err = run(capsys, "kb", "check")
    assert status == 1
    assert "line 4, column stage: 'signed' is not one of" in err


def test_a_bad_shipped_row_is_one_clear_line_at_start(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    break_row(knowledge_copy(tmp_path, monkeypatch))
    for argv in (["status", "surabaya"], ["db", "upgrade"], ["export", "agreements", "x.csv"]):
        status, out, err = run(capsys, *argv)
        assert status == 2 and not out
        assert err.count("\n") == 1 and "Traceback" not in err
        assert "agreements.csv: line 4, column stage: 'signed' is not one of" in err
        assert "`sisterbot kb check` lists every problem" in err


def test_db_upgrade_lists_what_it_kept_for_curators(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    status, out, _ = run(capsys, "db", "upgrade")
    assert status == 0 and "registry: 177 added, 0 corrected, 0 unchanged" in out
    edit = tmp_path / "edit.csv"
    status, _, _ = run(capsys, "export", "agreements", str(edit))
    lines = edit.read_text(encoding="utf-8").splitlines()
    (kochi,) = [n for n, line in enumerate(lines) if line.startswith("35.78,Kochi,")]
    lines[kochi] = lines[kochi].replace(",active,", ",expired,")
    edit.write_text("\n".join([lines[0], lines[kochi]]) + "\n", encoding="utf-8")
    status, out, _ = run(capsys, "import", "agreements", str(edit))
    assert "0 new, 1 changed, 0 unchanged" in out
    # A release that corrects Kochi (and Seattle): Seattle is corrected, Kochi is kept.
    shipped = knowledge_copy(tmp_path, monkeypatch) / "agreements.csv"
    text = shipped.read_text(encoding="utf-8")
    text = text.replace("surabaya.go.id: 7 cooperation", "surabaya.go.id: seven cooperation")
    text = text.replace("surabaya.go.id: cooperation since 1992", "since 1992 (checked)")
    shipped.write_text(text, encoding="utf-8")
    status, out, _ = run(capsys, "db", "upgrade")
    assert "registry: 0 added, 1 corrected, 175 unchanged, 1 kept as curators left them" in out
    assert "35.78 Kochi: changed by a curator; this release wants stage: 'active', notes: " in out
    _, out, _ = run(capsys, "status", "--json", "surabaya")
    stages = {a["partner"]: (a["stage"], a["notes"]) for a in json.loads(out)["agreements"]}
    assert stages["Kochi"][0] == "expired"
    assert stages["Seattle"][1].startswith("since 1992 (checked)")


def test_delete_agreement(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "delete", "agreement", "kota surabaya", "KAOHSIUNG")
    assert status == 0 and out == "deleted: 35.78 Kota Surabaya – Kaohsiung\n"
    status, _, err = run(capsys, "delete", "agreement", "35.78", "Kaohsiung")
    assert status == 1 and "has no agreement with 'Kaohsiung' (its partners: Kochi," in err
    status, _, err = run(capsys, "delete", "agreement", "bandung", "Suwon")
    assert status == 2 and "is not one region" in err and "32.73 Kota Bandung" in err
    _, out, _ = run(capsys, "db", "upgrade")  # a release does not bring it back
    assert "176 unchanged" in out
    _, out, _ = run(capsys, "status", "--json", "kaohsiung")
    assert json.loads(out)["agreements"] == []
