"""How officers ask, and the rules that answer them (or decline): written for these rules,
not taken from any evaluation set."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from bot.core.answers import AnswerEngine, KnowledgeBase, load_lexicon
from bot.core.answers._lexicon import BUNDLED_DIR
from bot.core.answers._ranking import TYPE_MARGIN, asked_type_first


def _entry_id(engine: AnswerEngine, question: str) -> str | None:
    entry = engine.answer(question).entry
    return entry.id if entry is not None else None


def _shown(engine: AnswerEngine, question: str) -> str:
    """The answer text an officer sees (short answer and source, in the question's language)."""
    entry = engine.answer(question).entry
    assert entry is not None, question
    language = engine.detect_language(question) or "id"
    return f"{entry.short.get(language)} {entry.source.get(language)}"


# --- the Foreign Ministry's confirmation letter is a term of its own ------------------------


def test_the_confirmation_letter_is_not_the_word_unconfirmed(engine: AnswerEngine) -> None:
    # "belum terkonfirmasi" is in half the entries; the letter of PP 28/2018 Pasal 33 is not.
    assert "suratkonfirmasi" in engine.query_concepts("surat konfirmasi dikeluarkan oleh siapa")
    assert "suratkonfirmasi" not in engine.query_concepts("datanya belum terkonfirmasi")


@pytest.mark.parametrize(
    "question",
    [
        "surat konfirmasi dikeluarkan oleh siapa",
        "mou sister city kami perlu surat konfirmasi?",
        "naskahnya di-nego siapa dengan pemda mitra",
    ],
)
def test_the_confirmation_letter_and_negotiation_reach_the_foreign_ministry(
    engine: AnswerEngine, question: str
) -> None:
    assert _entry_id(engine, question) == "kemlu-role"


# --- an institution with its everyday business is that business -----------------------------


@pytest.mark.parametrize(
    "question",
    [
        "cara mengajukan proposal hibah ke pemkab",
        "dprd minta proposal dana ke pemda",
        "kemendagri menerbitkan surat edaran tentang libur nasional",
    ],
)
def test_an_institution_with_its_everyday_business_is_declined(
    engine: AnswerEngine, question: str
) -> None:
    assert _entry_id(engine, question) is None


def test_a_grant_from_a_partner_abroad_is_still_answered(engine: AnswerEngine) -> None:
    question = "pemda terima hibah dari mitra di luar negeri, aturannya apa"
    assert _entry_id(engine, question) == "grants-and-goods"


# --- the domestic procedure itself is not in this knowledge base ----------------------------


@pytest.mark.parametrize(
    "question",
    [
        "bagaimana prosedur kerja sama antar provinsi di indonesia",
        "langkah-langkah kerja sama dengan pihak ketiga",
    ],
)
def test_a_domestic_procedure_is_declined_with_the_entry_that_tells_them_apart(
    engine: AnswerEngine, question: str
) -> None:
    answer = engine.answer(question)
    assert answer.entry is None
    assert "kinds-of-cooperation" in {s.entry_id for s in answer.suggestions}


@pytest.mark.parametrize(
    "question",
    [
        "tahapan ksdd berbeda dari ksdpl?",
        "prosedur kerja sama antar daerah sama dengan ksdpl?",
    ],
)
def test_comparing_the_domestic_procedure_with_this_one_is_answered(
    engine: AnswerEngine, question: str
) -> None:
    assert _entry_id(engine, question) == "kinds-of-cooperation"


# --- a question type asking for one kind of fact settles a near tie -------------------------


def test_asking_how_many_days_gets_the_deadline(engine: AnswerEngine) -> None:
    question = "berapa hari dewan harus memutuskan rencana sister province kami?"
    assert _entry_id(engine, question) == "dprd-approval"
    assert "45" in _shown(engine, question)


_VOCAB = [frozenset({"dprd", "setuju"}), frozenset({"dprd", "setuju", "durasi"})]


def test_a_runner_up_answering_the_type_comes_first_within_the_margin() -> None:
    ranked = [(0, 0.76), (1, 0.76 - TYPE_MARGIN / 2)]
    found = asked_type_first(
        ranked, ["durasi", "dprd"], fact_types=frozenset({"durasi"}), entry_vocab=_VOCAB
    )
    assert found == [ranked[1], ranked[0]]


@pytest.mark.parametrize(
    ("ranked", "concepts"),
    [
        ([(0, 0.76), (1, 0.76 - 2 * TYPE_MARGIN)], ["durasi", "dprd"]),  # beyond the margin
        ([(0, 0.76), (1, 0.75)], ["qwhy", "dprd"]),  # "why" is no fact type
        ([(1, 0.76), (0, 0.75)], ["durasi", "dprd"]),  # the best answers the type already
    ],
)
def test_the_order_stays_otherwise(ranked: list[tuple[int, float]], concepts: list[str]) -> None:
    found = asked_type_first(ranked, concepts, fact_types=frozenset({"durasi"}), entry_vocab=_VOCAB)
    assert found == ranked


# --- the answer shown carries the fact asked -------------------------------------------------


@pytest.mark.parametrize(
    ("question", "fact"),
    [
        # PP 28/2018 Pasal 27 ayat (2): science and technology must be transferable
        ("kerja sama bidang teknologi dengan kota mitra, ada syarat khusus?", "SDM"),
        # Permendagri 25/2020 repealed the older rules
        ("peraturan apa yang dicabut oleh permendagri 25/2020", "3/2008"),
        # the region's coordination team
        ("apa itu TKKSD", "TKKSD"),
        # every KSDPL needs the DPRD, whatever pays for it (Pasal 30 ayat (1))
        ("kalau kegiatan sister city pakai APBD, tetap perlu persetujuan DPRD?", "DPRD"),
        # no office abroad, for promotion either (Pasal 27 ayat (1) huruf c)
        ("pemda boleh buka kantor promosi di luar negeri?", "kantor perwakilan"),
    ],
)
def test_the_answer_shown_carries_the_fact(engine: AnswerEngine, question: str, fact: str) -> None:
    assert fact in _shown(engine, question)


def test_after_receiving_the_plan_the_ministry_verifies_it(engine: AnswerEngine) -> None:
    question = "Kemendagri melakukan apa sesudah menerima rencana kerja sama"
    assert _entry_id(engine, question) == "kemendagri-role"


def test_language_test_scores_are_another_topic(engine: AnswerEngine) -> None:
    question = "skor TOEFL minimal untuk staf yang ikut pertukaran budaya ke luar negeri"
    assert _entry_id(engine, question) is None


# --- older lexicon directories ---------------------------------------------------------------


def test_lexicons_without_the_new_roles_still_load(
    tmp_path: Path, knowledge: KnowledgeBase
) -> None:
    copy = tmp_path / "lexicon"
    shutil.copytree(BUNDLED_DIR, copy)
    roles = copy / "concept-roles.yaml"
    data = yaml.safe_load(roles.read_text(encoding="utf-8"))
    for key in ("everyday-business", "procedure", "comparison", "fact-types"):
        del data[key]
    roles.write_text(yaml.safe_dump(data), encoding="utf-8")
    lexicon = load_lexicon(copy)
    assert lexicon.everyday_business == lexicon.procedure == lexicon.fact_types == frozenset()
    assert AnswerEngine(knowledge, lexicon=lexicon).answer("dprd harus setuju?").entry
