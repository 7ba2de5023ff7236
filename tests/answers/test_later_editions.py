"""A later edition of a past event: the knowledge base knows the 2019 Bimtek, not the next."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.core.answers import AnswerEngine
from bot.core.answers._later import LaterEditions


@pytest.mark.parametrize(
    "question",
    [
        "kapan bimtek berikutnya?",
        "bimtek selanjutnya kapan ya",
        "jadwal bimtek tahun depan",
        "apakah ada bimtek lagi tahun ini",
        "bimtek sister city yg akan datang diadakan dimana",
        "kapan diadakan lagi bimteknya",
        "bimtek 2024 kapan",
        "when is the next bimtek",
        "is there an upcoming bimtek on sister cities",
    ],
)
def test_the_next_bimtek_is_not_answered_with_the_2019_one(
    engine: AnswerEngine, question: str
) -> None:
    answer = engine.answer(question)
    assert answer.entry is None, question
    # the one it knows is offered as the nearest topic
    assert "bimtek" in [suggestion.entry_id for suggestion in answer.suggestions]


@pytest.mark.parametrize(
    "question",
    [
        "kapan bimtek sister city diadakan?",
        "bimtek 2019 dimana",
        "bimtek tahun 2019 pesertanya berapa",
        "langkah selanjutnya setelah bimtek apa",
        "when was the bimtek held",
    ],
)
def test_the_2019_bimtek_is_still_answered(engine: AnswerEngine, question: str) -> None:
    answer = engine.answer(question)
    assert answer.entry is not None and answer.entry.id == "bimtek", question


def _editions() -> LaterEditions:
    later = [["berikutnya"], ["tahun", "depan"], ["next"]]
    return LaterEditions(["bimtek"], later, concept_of=lambda t: t, known={"2019"})


WORDS = st.sampled_from(["apa", "kapan", "langkah", "hasil", "dimana", "setelah", "sister"])


@given(st.lists(WORDS, max_size=8), st.lists(WORDS, max_size=8))
def test_without_a_later_word_or_another_year_nothing_is_a_later_edition(
    before: list[str], after: list[str]
) -> None:
    assert not _editions().asked([*before, "bimtek", "2019", *after])


@given(st.lists(WORDS, max_size=8), st.integers(0, 2), st.lists(WORDS, max_size=8))
def test_a_later_word_just_after_the_event_always_is(
    before: list[str], gap: int, after: list[str]
) -> None:
    tokens = [*before, "bimtek", *["sister"] * gap, "tahun", "depan", *after]
    assert _editions().asked(tokens)


def test_a_later_word_far_from_the_event_is_about_something_else() -> None:
    editions = _editions()
    assert not editions.asked(["langkah", "berikutnya", "setelah", "bimtek"])
    assert not editions.asked(["bimtek", "apa", "hasil", "dan", "langkah", "berikutnya"])
    assert editions.asked(["next", "bimtek"])
    assert editions.asked(["bimtek", "2024"])
