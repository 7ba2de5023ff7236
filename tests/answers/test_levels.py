"""Two levels of government in one question ask whether they may cooperate (Pasal 27(3)a)."""

from __future__ import annotations

import pytest

from bot.core.answers import AnswerEngine


@pytest.mark.parametrize(
    "question",
    [
        "kabupaten boleh gak kerja sama dengan provinsi di luar negeri?",
        "kota kami mau kerjasama sama prefektur, bisa ga?",
        "can a regency partner with a province abroad?",
        "may a city cooperate with a state government overseas",
    ],
)
def test_a_city_and_a_province_in_one_question_get_the_equivalence_rule(
    engine: AnswerEngine, question: str
) -> None:
    answer = engine.answer(question)
    assert answer.entry is not None and answer.entry.id == "requirements", question
    assert "setara" in answer.entry.short.id or "kesetaraan" in answer.entry.short.id


@pytest.mark.parametrize(
    "question",
    [
        "kabupaten kami sudah punya sister city dengan kota di jepang",
        "provinsi kami mau lapor kerja sama ke siapa",
    ],
)
def test_one_level_named_as_context_asks_nothing_about_levels(
    engine: AnswerEngine, question: str
) -> None:
    assert "setara" not in engine.query_concepts(question)


def test_a_question_that_never_names_the_loi_is_not_answered_by_it(engine: AnswerEngine) -> None:
    answer = engine.answer("mau konsultasi soal sister city ke siapa ya?")
    assert answer.entry is None or answer.entry.id != "loi"
    named = engine.answer("sebelum teken surat minat harus konsultasi ke siapa?")
    assert named.entry is not None and named.entry.id == "loi"
