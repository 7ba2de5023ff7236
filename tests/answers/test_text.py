"""Normalisation: informal Indonesian, variants, synonyms, English; never crashes, idempotent."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.app.bench.answers import DEV_QUESTIONS, heldout_files, read_questions
from bot.config import bundled_knowledge_dir
from bot.core.answers import AnswerEngine, language_detector, load_knowledge
from bot.core.answers._lexicon import BUNDLED_DIR, lexicon_at
from bot.core.answers._text import MAX_CHARS, Normaliser


@pytest.fixture(scope="module")
def text() -> Normaliser:
    """A normaliser of the bundled word lists."""
    return Normaliser(lexicon_at(BUNDLED_DIR))


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Gmn caranya?", "bagaimana caranya"),
        ("gimana", "bagaimana"),
        ("ga perlu", "tidak perlu"),
        ("nggak", "tidak"),
        ("tdk bisa", "tidak bisa"),
        ("yg dgn aja", "yang dengan saja"),
        ("krn utk", "karena untuk"),
        ("sdh blm", "sudah belum"),
        ("KERJA SAMA", "kerjasama"),
        ("kerja-sama", "kerjasama"),
        ("Kerjasama", "kerjasama"),
        ("Sister City", "sister"),
        ("sister-province", "sister"),
        ("kota kembar", "sister"),
        ("Dewan Perwakilan Rakyat Daerah", "dprd"),
        ("nota kesepahaman", "mou"),
        ("Memorandum of Understanding", "mou"),
        ("monitoring dan evaluasi", "pantau evaluasi"),
        ("Kementerian Dalam Negeri", "kemendagri"),
        ("Ministry of Home Affairs", "kemendagri"),
        ("kemlu", "kemenlu"),
        ("pemerintah daerah", "pemda"),
        ("pemkot", "pemda"),
        ("perangkat daerah", "opd"),
        ("rencana aksi", "actionplan"),
        ("action plan", "actionplan"),
        ("rencana kerja sama", "actionplan"),
        ("langkah-langkah", "langkah"),
        ("langkah2", "langkah"),
        ("perundang2an", "peraturan"),
        ("peraturan perundang2an", "peraturan"),
        ("langkah2nya", "langkahnya"),
        ("ksdpl", "kerjasama luarnegeri"),
        ("bangettt", "banget"),
        ("  DPRD???!!!  ", "dprd"),
        ("Revitalisasí", "revitalisasi"),
    ],
)
def test_normalise_examples(text: Normaliser, raw: str, expected: str) -> None:
    assert text.normalise(raw) == expected


def test_informal_and_formal_questions_meet_on_the_same_concepts(text: Normaliser) -> None:
    formal = set(text.analyse("Apakah kerja sama sister city memerlukan persetujuan DPRD?"))
    informal = set(text.analyse("sister city perlu persetujuan dprd ga"))
    english = set(text.analyse("Does a sister city need approval of the regional parliament?"))
    assert {"sister", "setuju", "dprd"} <= formal
    assert {"sister", "setuju", "dprd"} <= informal
    assert {"sister", "setuju", "dprd"} <= english


def test_stemming_maps_affixed_forms_together(text: Normaliser) -> None:
    assert text.analyse("pelaporan") == text.analyse("laporan") == text.analyse("report")
    assert text.analyse("menyetujui") == text.analyse("persetujuan") == ["setuju"]
    # Sastrawi stems both of these to "tuju"; the lexicon keeps them apart.
    assert text.analyse("tujuan") != text.analyse("persetujuan")


def test_stopwords_and_question_words(text: Normaliser) -> None:
    assert text.analyse("apa yang dan di ke") == []
    assert text.analyse("mengapa") == text.analyse("why") == ["qwhy"]
    assert text.analyse("siapa") == text.analyse("who") == ["qwho"]


@pytest.mark.parametrize(
    ("question", "language"),
    [
        ("What does revitalisation mean?", "en"),
        ("Who has to approve the MoU?", "en"),
        ("Steps to prepare a revitalisation", "en"),
        ("apa itu revitalisasi", "id"),
        ("dprd harus setuju dulu?", "id"),
        ("gimana caranya", "id"),
        ("sister city", None),
        ("", None),
        ("🙂🙂🙂", None),
        ("DPRD", None),
    ],
)
def test_detect_language(text: Normaliser, question: str, language: str | None) -> None:
    assert text.detect_language(question) == language


def test_long_input_is_cut(text: Normaliser) -> None:
    assert len(text.normalise("kerja sama " * 5000)) <= MAX_CHARS


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_normalise_never_crashes_and_is_idempotent(text: Normaliser, raw: str) -> None:
    once = text.normalise(raw)
    assert text.normalise(once) == once
    assert once == once.strip()
    assert "  " not in once


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "kerja",
                "sama",
                "sister",
                "city",
                "gmn",
                "yg",
                "dprd",
                "ga",
                "action",
                "plan",
                "rencana",
                "aksi",
                "dll",
                "luar",
                "negeri",
                "dalam",
                "-",
                "!",
                "2",
                "kota",
                "kembar",
                "pemerintah",
                "daerah",
                "pusat",
                "fasilitasi",
                "sesama",
                "how",
                "long",
                "has",
                "sign",
                "off",
                "langkah2",
                "m",
                "e",
                "o",
                "u",
                "maksudnya",
                "bagaimana",
                "apa",
                "itu",
                "one",
                "gate",
                "policy",
            ]
        ),
        max_size=12,
    )
)
def test_normalise_idempotent_on_domain_words(text: Normaliser, words: list[str]) -> None:
    once = text.normalise(" ".join(words))
    assert text.normalise(once) == once


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=0x2FFFF), max_size=300))
def test_analyse_never_crashes(text: Normaliser, raw: str) -> None:
    for concept in text.analyse(raw):
        assert concept and " " not in concept


def test_normalisers_of_different_lexicons_do_not_share_tables(text: Normaliser) -> None:
    bundled = text.lexicon
    edited = Normaliser(
        replace(
            bundled,
            slang={**bundled.slang, "kpn": "revitalisasi"},
            concepts={**bundled.concepts, "kapan": "qwhy"},
        )
    )
    # alternately: each keeps its own slang, concepts and caches
    for _ in range(2):
        assert text.normalise("kpn") == "kapan"
        assert edited.normalise("kpn") == "revitalisasi"
        assert text.analyse("kapan") == ["kapan"]
        assert edited.analyse("kapan") == ["qwhy"]


def test_the_language_detector_agrees_with_the_engine(engine: AnswerEngine) -> None:
    """The dialogue's detector (no entries loaded) says what the engine would, question by
    question."""
    questions = [q for path in _question_files() for _, q in read_questions(path)]
    assert len(questions) > 200
    detect = language_detector(bundled_knowledge_dir())
    assert [detect(q) for q in questions] == [engine.detect_language(q) for q in questions]
    assert {detect(q) for q in questions} == {"id", "en", None}


def test_the_language_detector_reads_the_knowledge_dirs_own_word_lists(kb_copy: Path) -> None:
    shutil.copytree(bundled_knowledge_dir() / "lexicon", kb_copy / "lexicon")
    markers = kb_copy / "lexicon" / "language-markers.yaml"
    markers.write_text(
        markers.read_text(encoding="utf-8").replace("english: |\n", "english: |\n  zork blorb\n"),
        encoding="utf-8",
    )
    assert language_detector(kb_copy)("zork blorb sister") == "en"
    assert AnswerEngine(load_knowledge(kb_copy)).detect_language("zork blorb sister") == "en"
    assert language_detector(bundled_knowledge_dir())("zork blorb sister") is None


def _question_files() -> list[Path]:
    return [DEV_QUESTIONS, *heldout_files()]
