"""An entry's optional ``subject``: it answers only questions that mention its subject."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from bot.core.answers import AnswerEngine, KnowledgeBase, KnowledgeError, load_knowledge


def _set_subject(kb_dir: Path, entry: str, words: list[str]) -> None:
    path = kb_dir / "kb" / f"{entry}.yaml"
    text = path.read_text(encoding="utf-8")
    # Drop the file's own subject (if any), then write the one under test.
    lines = text.splitlines()
    if "subject:" in lines:
        start = lines.index("subject:")
        end = start + 1
        while end < len(lines) and lines[end].startswith("  - "):
            end += 1
        lines = lines[:start] + lines[end:]
    lines.append("subject:")
    lines.extend(f"  - {word}" for word in words)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_the_subject_field_is_loaded(knowledge: KnowledgeBase) -> None:
    assert "bimtek" in knowledge.subjects["bimtek"]
    assert "revitalisasi" in knowledge.subjects["rec-7"]
    assert "history" not in knowledge.subjects


def test_an_unknown_subject_concept_names_the_file_and_field(kb_copy: Path) -> None:
    _set_subject(kb_copy, "bimtek", ["bimtek", "stunting"])
    with pytest.raises(KnowledgeError, match=r"bimtek\.yaml: subject\.1: unknown concept"):
        AnswerEngine(load_knowledge(kb_copy))


def test_a_question_type_is_no_subject(kb_copy: Path) -> None:
    _set_subject(kb_copy, "rec-7", ["revitalisasi", "bagaimana"])
    with pytest.raises(KnowledgeError, match=r"rec-7\.yaml: subject\.1: .*question type"):
        AnswerEngine(load_knowledge(kb_copy))


def test_an_empty_subject_word_is_refused(kb_copy: Path) -> None:
    _set_subject(kb_copy, "rec-6", ["' '"])
    with pytest.raises(KnowledgeError, match=r"rec-6\.yaml: subject\.0:"):
        load_knowledge(kb_copy)


def test_an_entry_whose_subject_is_absent_is_not_chosen(knowledge: KnowledgeBase) -> None:
    question = "siapa narasumber dari kemenlu"
    open_engine = AnswerEngine(dataclasses.replace(knowledge, subjects={}))
    assert _entry(open_engine, question) == "bimtek"
    narrow = AnswerEngine(dataclasses.replace(knowledge, subjects={"bimtek": ("bimtek",)}))
    assert _entry(narrow, question) != "bimtek"
    assert "bimtek" not in {s.entry_id for s in narrow.answer(question).suggestions}
    # Named, the subject carries the entry again.
    assert _entry(narrow, "siapa narasumber bimtek dari kemenlu") == "bimtek"


def test_question_types_alone_do_not_carry_a_narrow_entry(engine: AnswerEngine) -> None:
    # "langkah" is what rec-7 (steps to prepare a revitalisation) asks about, but the
    # question is about the procedure of a cooperation, not about revitalising one.
    assert _entry(engine, "apa saja tahapan mengajukan kerja sama sister province") != "rec-7"
    assert _entry(engine, "tahapan revitalisasi sister province") == "rec-7"


def _entry(engine: AnswerEngine, question: str) -> str | None:
    answer = engine.answer(question)
    return answer.entry.id if answer.entry is not None else None


def test_kb_check_reports_a_bad_subject(
    kb_copy: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from bot.app.cli import main

    _set_subject(kb_copy, "bimtek", ["bimtek", "stunting"])
    monkeypatch.setenv("SISTERBOT_KNOWLEDGE_DIR", str(kb_copy))
    assert main(["kb", "check"]) == 1
    assert "bimtek.yaml: subject.1" in capsys.readouterr().err
