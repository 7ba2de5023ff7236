"""The answers benchmark's parts, on small inputs (the figures themselves live in bench)."""

from __future__ import annotations

from pathlib import Path

from bot.app.bench import answers as bench
from bot.app.bench import officer
from bot.core.answers import AnswerEngine, KnowledgeBase


def test_question_files_name_real_entries(knowledge: KnowledgeBase) -> None:
    paths = [bench.DEV_QUESTIONS, *bench.heldout_files()]
    assert len(paths) >= 2
    for path in paths:
        rows = bench.read_questions(path)
        assert rows, path
        for expected, question in rows:
            assert question.strip(), path
            assert expected == "none" or knowledge.get(expected) is not None, (path, expected)


def test_heldout_questions_are_not_copied_from_the_evaluation_file() -> None:
    dev = {q.casefold().strip() for _, q in bench.read_questions(bench.DEV_QUESTIONS)}
    dev |= {q.casefold().strip() for _, q in officer.read_expectations(officer.OFFICER_DEV)}
    for path in bench.heldout_files():
        for _, question in bench.read_questions(path):
            assert question.casefold().strip() not in dev, (path.name, question)
    for path in officer.officer_files():
        for _, question in officer.read_expectations(path):
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


def test_officer_questions_are_scored_by_what_the_answer_says(engine: AnswerEngine) -> None:
    rows = [
        ("re:45 && hari kerja", "DPRD punya waktu berapa hari untuk menyetujui sister city?"),
        ("re:Osaka", "DPRD punya waktu berapa hari untuk menyetujui sister city?"),  # wrong
        ("none", "resep sambal matah"),
        ("none-or-re:nothing like this", "dasar hukum sister city"),  # answered, wrong
    ]
    score = officer.content_score(engine, rows)
    assert (score.answered, score.to_answer) == (1, 2)
    assert (score.abstained, score.to_abstain) == (1, 2)
    assert score.wrong == 2 and score.total == 4
    figures = score.figures("x")
    answered = figures["x_answered_with_fact"]
    assert isinstance(answered, str) and answered.startswith("50.0% (1/2); goal >= 90%: FAIL")
    assert figures["x_confident_wrong"] == "2/4; goal <= 1 in 32: FAIL"


def test_the_officer_files_are_in_the_project() -> None:
    assert officer.read_expectations(officer.OFFICER_DEV)
    assert officer.officer_files(), "at least one blind officer set"
    for path in officer.officer_files():
        for expect, question in officer.read_expectations(path):
            assert question.strip() and expect.startswith(("none", "re:")), (path, expect)
