"""``sisterbot ask`` and ``sisterbot kb check``, through the real command line."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from bot.app import cli
from bot.config import bundled_knowledge_dir
from bot.core.answers import KnowledgeBase

KEYS = {"query", "entry_id", "score", "answer", "source", "suggestions"}


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    status = cli.main(argv)
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_ask_prints_a_readable_answer(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(["ask", "aksi", "plan", "sister", "city", "gmn"], capsys)
    assert status == 0
    assert "action plan" in out and "Sumber: Rekomendasi 3," in out


def test_ask_json(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(
        ["ask", "--json", "siapa yang mengevaluasi kerja sama luar negeri pemda"], capsys
    )
    payload = json.loads(out)
    assert status == 0 and set(payload) == KEYS
    assert payload["entry_id"] == "rec-9"
    assert payload["answer"] and payload["source"].startswith("Rekomendasi 9,")
    assert payload["suggestions"][0] == {"entry_id": "rec-9", "score": payload["score"]}


def test_ask_json_in_english(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(["ask", "--json", "Who has to approve a sister province?"], capsys)
    payload = json.loads(out)
    assert payload["entry_id"] == "rec-2"
    assert payload["source"].startswith("Recommendation 2,")
    _, out, _ = run(
        ["ask", "--json", "--lang", "id", "Who has to approve a sister province?"], capsys
    )
    assert json.loads(out)["source"].startswith("Rekomendasi 2,")


def test_ask_abstains_with_null(capsys: pytest.CaptureFixture[str]) -> None:
    for question in ("halo apa kabar", "cara mengurus SIM"):
        _, out, _ = run(["ask", "--json", question], capsys)
        payload = json.loads(out)
        assert payload["entry_id"] is None and payload["answer"] is None
        assert payload["query"] == question
    status, out, _ = run(["ask", "cara mengurus SIM"], capsys)
    assert status == 0 and "belum punya jawaban" in out


def test_ask_jsonl(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    lines = ["dasar hukum sister city", "", "🙂", "x" * 10_000, "kota kembar jepang"]
    monkeypatch.setattr(sys, "stdin", io.StringIO("\n".join(lines) + "\n"))
    status, out, _ = run(["ask", "--jsonl"], capsys)
    results = [json.loads(line) for line in out.splitlines()]
    assert status == 0 and len(results) == len(lines)
    assert all(set(r) == KEYS for r in results)
    assert [r["query"] for r in results] == lines
    assert results[0]["entry_id"] == "legal-basis"
    assert results[1]["entry_id"] is None and results[2]["entry_id"] is None


def test_ask_without_a_question(capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(["ask", "   "], capsys)
    assert status == 2 and "give a question" in err


def test_kb_check(knowledge: KnowledgeBase, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(["kb", "check"], capsys)
    counts = knowledge.counts()
    assert status == 0
    assert f"entries: {counts['entries']}" in out
    assert f"id: {counts['phrasings_id']} phrasings, {counts['keywords_id']} keywords" in out
    assert "id: " in out and "en: " in out and "phrasings" in out and "keywords" in out


def test_kb_check_reports_file_and_field(
    kb_copy: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = kb_copy / "kb" / "rec-7.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    del data["source"]["id"]
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    monkeypatch.setenv("SISTERBOT_KNOWLEDGE_DIR", str(kb_copy))
    status, _, err = run(["kb", "check"], capsys)
    assert status == 1
    assert "rec-7.yaml: source.id:" in err
    status, _, err = run(["ask", "dprd"], capsys)
    assert status == 1 and "rec-7.yaml" in err


def test_ask_from_a_cold_process(tmp_path: Path) -> None:
    """The installed entry point answers without the database or channel libraries."""
    code = (
        "import sys; sys.argv = ['sisterbot', 'ask', '--json', 'dprd harus setuju?'];"
        "import bot.app.cli; status = bot.app.cli.main(sys.argv[1:]);"
        "heavy = [m for m in ('sqlalchemy', 'telegram', 'pywa', 'apscheduler')"
        " if m in sys.modules];"
        "print('HEAVY', heavy); sys.exit(status)"
    )
    completed = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path, timeout=60
    )
    assert completed.returncode == 0, completed.stderr
    first, heavy = completed.stdout.splitlines()
    assert json.loads(first)["entry_id"] == "rec-2"
    assert heavy == "HEAVY []"


def test_ask_jsonl_survives_binary_input(tmp_path: Path) -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "bot", "ask", "--jsonl"],
        input=b"dprd\xff\xfe harus setuju\n\x00\x01\xc3\n\n",
        capture_output=True,
        cwd=tmp_path,
        timeout=60,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    results = [json.loads(line) for line in completed.stdout.decode().splitlines()]
    assert [r["entry_id"] for r in results] == ["rec-2", None, None]


def test_ask_full_prints_the_fuller_text_after_the_short_answer(
    knowledge: KnowledgeBase, capsys: pytest.CaptureFixture[str]
) -> None:
    question = "siapa yang mengevaluasi kerja sama luar negeri pemda"
    entry = knowledge.get("rec-9")
    assert entry is not None
    status, out, _ = run(["ask", "--full", question], capsys)
    assert status == 0
    assert out.index(entry.short.id) < out.index(entry.full.id) < out.index("Sumber:")
    _, short_only, _ = run(["ask", question], capsys)
    assert entry.full.id not in short_only
    _, out, _ = run(["ask", "--json", "--full", question], capsys)
    payload = json.loads(out)
    assert set(payload) == KEYS | {"full"} and payload["full"] == entry.full.id
    _, out, _ = run(["ask", "--json", "--full", "cara mengurus SIM"], capsys)
    assert json.loads(out)["full"] is None


@pytest.mark.parametrize("broken", ["missing", "blank"])
def test_kb_check_fails_on_an_entry_without_a_source(
    broken: str,
    kb_copy: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = kb_copy / "kb" / "rec-4.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if broken == "missing":
        del data["source"]
    else:
        data["source"]["en"] = "   "
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    monkeypatch.setenv("SISTERBOT_KNOWLEDGE_DIR", str(kb_copy))
    status, _, err = run(["kb", "check"], capsys)
    assert status == 1
    assert "rec-4.yaml: source" in err and "Traceback" not in err


def test_ask_leaves_registry_questions_to_the_registry(
    capsys: pytest.CaptureFixture[str],
) -> None:
    for question in ("kerjasama jatim dg osaka msh aktif ga", "jepang", "tokio"):
        _, out, _ = run(["ask", "--json", question], capsys)
        payload = json.loads(out)
        assert payload["entry_id"] is None and payload["feature"] == "status", question
        assert set(payload) == KEYS | {"feature"}
    status, out, _ = run(["ask", "sister city jakarta sama kota apa aja"], capsys)
    assert status == 0 and 'sisterbot status "sister city jakarta sama kota apa aja"' in out
    # a procedural question that names a region, and a typo without a cue, stay here
    for question in ("DPRD jatim dikasih waktu berapa hari?", "mendagri sekarang siapa"):
        _, out, _ = run(["ask", "--json", question], capsys)
        assert "feature" not in json.loads(out), question


def test_ask_without_a_registry_beside_the_knowledge_base(
    kb_copy: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (kb_copy / "lexicon").symlink_to(Path(bundled_knowledge_dir()) / "lexicon")
    monkeypatch.setenv("SISTERBOT_KNOWLEDGE_DIR", str(kb_copy))  # kb/ only: no regions.csv
    status, out, err = run(["ask", "--json", "jepang"], capsys)
    assert status == 0 and "Traceback" not in err
    assert "feature" not in json.loads(out)
