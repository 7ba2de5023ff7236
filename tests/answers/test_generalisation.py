"""The parts of retrieval that make it generalise: other-topic words, numbered
recommendations, function words, partner names as context, protected acronyms.

Questions here are written for these tests (not taken from the evaluation or held-out files).
"""

from __future__ import annotations

import pytest

from bot.core.answers import AnswerEngine
from bot.core.answers import _lexicon as lexicon


def answered(engine: AnswerEngine, question: str) -> str | None:
    entry = engine.answer(question).entry
    return entry.id if entry else None


@pytest.mark.parametrize(
    "question",
    [
        "neraca keuangan pemprov tahun lalu",  # finance, with "pemprov"
        "persetujuan dewan atas pinjaman daerah",  # DPRD approval of something else
        "berita kerja sama luar negeri minggu ini",  # news
        "jadwal kampanye pilkada kota",
        "kerja sama pemkab dengan perusahaan swasta untuk CSR",
        "revitalisasi pasar kota lama",  # revitalisation of something else
        "tiket pesawat ke Osaka",  # a partner's name in a travel question
        "sister school di Korea",  # "sister" in another sense
        "siapa menteri dalam negeri",  # a person in office today
    ],
)
def test_other_topics_sharing_a_domain_word_are_not_answered(
    engine: AnswerEngine, question: str
) -> None:
    assert answered(engine, question) is None


def test_the_subject_itself_outweighs_an_other_topic_word(engine: AnswerEngine) -> None:
    # "anggaran" is an other-topic word, but this asks about sister cities themselves.
    assert answered(engine, "apa manfaat sister city buat anggaran daerah") == "rec-1"
    assert answered(engine, "anggaran daerah buat apa") is None


def test_other_topic_phrases_become_one_marker(engine: AnswerEngine) -> None:
    assert engine.query_concepts("sister school") == [lexicon.OFF_TOPIC]
    assert lexicon.OFF_TOPIC not in engine.query_concepts("sister city pemda")
    assert engine.query_concepts("cuaca") == ["cuaca"]  # a word stays itself (and known)


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("rekomendasi 7", "rec-7"),
        ("isi rekomendasi no 3 apa ya", "rec-3"),
        ("Rekomendasi ke-10?", "rec-10"),
        ("please explain recommendation number 2", "rec-2"),
        ("rekom 9", "rec-9"),
    ],
)
def test_a_recommendation_named_by_number_is_that_entry(
    engine: AnswerEngine, question: str, expected: str
) -> None:
    answer = engine.answer(question)
    assert answer.entry is not None
    assert answer.entry.id == expected


def test_a_number_without_an_entry_is_not_invented(engine: AnswerEngine) -> None:
    assert answered(engine, "rekomendasi 12") != "rec-12"
    assert answered(engine, "rekomendasi 0") != "rec-0"


def test_function_words_the_knowledge_base_never_uses_are_dropped(
    engine: AnswerEngine,
) -> None:
    concepts = engine.query_concepts("can two cities in indonesia twin with each other")
    assert "two" not in concepts
    assert "antardaerah" in concepts
    # "now" words stay: a question about today is not answered from a 2019 snapshot.
    assert "sekarang" in engine.query_concepts("siapa ketua sekarang")


def test_a_partner_name_given_as_context_does_not_decide(engine: AnswerEngine) -> None:
    question = "mou kami dengan kota di Korea sudah lama vakum, kenapa harus direvitalisasi"
    assert answered(engine, question) == "rec-6"
    assert answered(engine, "sister city Jawa Timur dengan prefektur apa") == "rec-5"


def test_government_acronyms_are_not_corrected_into_domain_words(
    engine: AnswerEngine,
) -> None:
    assert "pemda" not in engine.query_concepts("perda")
    assert answered(engine, "tata cara menyusun perda") is None


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("sistercity itu buat apa", "rec-1"),
        ("ttd mou tp ga ada tindaklanjutnya", "rec-3"),
        ("narsum bimtek siapa", "bimtek"),
        ("kerma LN harus lapor kemana hasilnya", "rec-9"),
    ],
)
def test_abbreviations_and_joined_words(engine: AnswerEngine, question: str, expected: str) -> None:
    assert answered(engine, question) == expected


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("atasan saya penasaran, apa arti revitalisasi kerja sama sister city", "rec-6"),
        ("teman saya bingung, perlu persetujuan dprd utk sister city?", "rec-2"),
        ("honestly, what is the one gate policy for regional cooperation", "rec-8"),
    ],
)
def test_an_ordinary_unknown_word_does_not_block_an_answer(
    engine: AnswerEngine, question: str, expected: str
) -> None:
    assert answered(engine, question) == expected


@pytest.mark.parametrize(
    "question",
    [
        "kerja sama pemda dengan koperasi simpan pinjam",  # an unknown domain-like subject
        "menlu siapa sekarang",  # as many ordinary unknown words as known ones
        "makanan khas kyoto",  # a place name is the only domain word
    ],
)
def test_ordinary_words_are_discounted_only_with_enough_known_content(
    engine: AnswerEngine, question: str
) -> None:
    assert answered(engine, question) is None


def test_a_place_name_with_known_words_still_answers(engine: AnswerEngine) -> None:
    assert answered(engine, "surabaya kochi") == "rec-5"


def test_particles_and_possessives_reach_the_listed_word(engine: AnswerEngine) -> None:
    assert "tujuan" in engine.query_concepts("tujuannya apa")
    assert engine.query_concepts("tujuannya apa") == engine.query_concepts("tujuan apa")


def test_a_polite_opener_is_not_a_permission(engine: AnswerEngine) -> None:
    assert "setuju" not in engine.query_concepts("izin bertanya pak, revitalisasi itu apa")
    assert "setuju" in engine.query_concepts("izin dprd untuk sister city")
