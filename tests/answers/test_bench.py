"""The answers benchmark's parts, on small inputs (the figures themselves live in bench)."""

from __future__ import annotations

from pathlib import Path

from bot.bench import answers as bench
from bot.core.answers import AnswerEngine, KnowledgeBase


def test_question_files_name_real_entries(knowledge: KnowledgeBase) -> None:
    paths = [bench.DEV_QUESTIONS, *sorted(bench.HELDOUT_DIR.glob("heldout*.tsv"))]
    assert len(paths) >= 2
    for path in paths:
        rows = bench.read_questions(path)
        assert rows, path
        for expected, question in rows:
            assert question.strip(), path
            assert expected == "none" or knowledge.get(expected) is not None, (path, expected)


def test_heldout_questions_are_not_copied_from_the_evaluation_file() -> None:
    dev = {q.casefold().strip() for _, q in bench.read_questions(bench.DEV_QUESTIONS)}
    for path in bench.HELDOUT_DIR.glob("heldout*.tsv"):
        for _, question in bench.read_questions(path):
            assert question.casefold().strip() not in dev, (path.name, question)


def test_accuracy_counts_hits_and_abstentions(engine: AnswerEngine) -> None:
    rows = [
        ("rec-8", "apa itu one gate policy"),
        ("rec-1", "apa itu one gate policy"),  # a wrong expectation counts as a miss
        ("none", "resep sambal matah"),
        ("none", "dasar hukum sister city"),  # answered: not an abstention
    ]
    figures = bench.accuracy(engine, rows)
    assert figures == {"in_scope_top1": 0.5, "abstention": 0.5, "questions": 4.0}


def test_everyday_word_kept_counts_only_right_answers(engine: AnswerEngine) -> None:
    rows = [
        ("rec-8", "apa itu one gate policy"),
        ("rec-1", "apa itu one gate policy"),  # wrong already: not counted
        ("none", "resep sambal matah"),  # out of scope: not counted
        ("rec-9", "monev"),  # one word: an added word may change it, but it is counted
    ]
    kept = bench.everyday_word_kept(engine, rows)
    assert kept in (0.0, 0.5, 1.0)
    assert bench.everyday_word_kept(engine, rows[:1]) == 1.0


def test_synthetic_knowledge_base(knowledge: KnowledgeBase) -> None:
    synthetic = bench.synthetic_knowledge(knowledge, size=40)
    ids = [entry.id for entry in synthetic.entries]
    assert len(ids) == len(set(ids)) == 40
    engine = AnswerEngine(synthetic)
    p50, p99 = bench.latency_ms(engine, ["dprd harus setuju?", "cara mengurus SIM"])
    assert 0 < p50 <= p99


def test_the_dev_copy_is_in_the_project() -> None:
    assert bench.DEV_QUESTIONS.is_file()
    assert Path(bench.__file__).resolve().parents[2] in bench.DEV_QUESTIONS.resolve().parents
