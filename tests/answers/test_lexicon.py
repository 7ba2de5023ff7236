"""The word lists in knowledge/lexicon/: loaded, validated, and used by the engine."""

from __future__ import annotations

import shutil
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path

import pytest

from bot.config import bundled_knowledge_dir
from bot.core.answers import (
    AnswerEngine,
    KnowledgeBase,
    KnowledgeError,
    load_knowledge,
    load_lexicon,
)
from bot.core.answers import _lexicon as lexicon
from bot.core.answers._lexicon import LexiconError
from bot.core.models import Answer


@pytest.fixture
def lexicon_copy(tmp_path: Path) -> Path:
    """A writable knowledge/ with kb/ and lexicon/, to break or extend on purpose."""
    target = tmp_path / "knowledge"
    shutil.copytree(bundled_knowledge_dir() / "kb", target / "kb")
    shutil.copytree(bundled_knowledge_dir() / "lexicon", target / "lexicon")
    return target


def _append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def test_the_bundled_lexicon_loads_with_every_list() -> None:
    loaded = load_lexicon(lexicon.BUNDLED_DIR)
    assert loaded.slang["gmn"] == "bagaimana"
    assert "nota kesepahaman" in loaded.phrases["mou"]
    assert loaded.concepts["approval"] == "setuju"
    assert "sister" in loaded.strong_anchors and "sister" in loaded.anchors
    assert "dprd" in loaded.actors and loaded.actors <= loaded.anchors
    assert all(count > 0 for count in loaded.counts().values())


@pytest.mark.parametrize(
    ("file", "text", "where"),
    [
        ("slang.yaml", "\nsebab: [gmn]\n", "sebab[0]"),  # gmn is already under bagaimana
        ("slang.yaml", "\nbagus: [no]\n", "bagus[0]"),  # YAML reads `no` as False
        ("slang.yaml", "\nbagus: [Bgs]\n", "bagus[0]"),
        ("slang.yaml", "\nbagus: [bgs dong]\n", "bagus[0]"),
        ("concepts.yaml", "\nsetujui: []\n", "setujui"),
        ("concepts.yaml", "\nsetuju: [ok]\n", "line"),  # a key twice: YAML keeps the last
        ("phrases.yaml", "\nnota: [nota kesepahaman]\n", "nota[0]"),
        ("concept-roles.yaml", "\nanchor: sister\n", "anchor"),
        ("stopwords.yaml", "\nstopwords: [a, b]\n", "stopwords"),
        ("other-topics.yaml", "\nbroken: [\n", "line"),
        ("later-events.yaml", "\nsoon: [besok]\n", "soon"),
        ("later-events.yaml", "\nlater: [lusa]\n", "line"),  # a key twice
    ],
)
def test_a_malformed_list_names_file_and_entry(
    lexicon_copy: Path, file: str, text: str, where: str
) -> None:
    path = lexicon_copy / "lexicon" / file
    if file == "stopwords.yaml":
        path.write_text("stopwords: [a, b]\ngeneric-english: two\n", encoding="utf-8")
    else:
        _append(path, text)
    with pytest.raises(LexiconError) as raised:
        load_lexicon(lexicon_copy / "lexicon")
    assert file in str(raised.value) and where in str(raised.value)
    assert isinstance(raised.value, KnowledgeError)


def test_the_later_events_list_is_optional(lexicon_copy: Path) -> None:
    (lexicon_copy / "lexicon" / "later-events.yaml").unlink()
    loaded = load_lexicon(lexicon_copy / "lexicon")
    assert loaded.past_events == frozenset() and loaded.later == ()
    engine = AnswerEngine(load_knowledge(lexicon_copy))
    answer = engine.answer("kapan bimtek berikutnya")  # without the list: the 2019 one
    assert answer.entry is not None and answer.entry.id == "bimtek"


def test_a_missing_file_is_named(lexicon_copy: Path) -> None:
    (lexicon_copy / "lexicon" / "concepts.yaml").unlink()
    with pytest.raises(LexiconError, match=r"concepts\.yaml"):
        load_lexicon(lexicon_copy / "lexicon")


def test_the_engine_reads_the_lexicon_beside_its_knowledge(lexicon_copy: Path) -> None:
    question = "ragu perlu persetujuan dprd"
    _append(lexicon_copy / "lexicon" / "slang.yaml", "\nsetuju: [ragu]\n")
    edited = load_knowledge(lexicon_copy)
    assert "ragu" in AnswerEngine(load_knowledge(bundled_knowledge_dir())).query_concepts(question)
    engine = AnswerEngine(edited)
    assert engine.query_concepts(question).count("setuju") >= 1
    assert "ragu" not in engine.query_concepts(question)


def test_an_explicit_lexicon_wins_and_engines_do_not_mix(knowledge: KnowledgeBase) -> None:
    bundled_words = load_lexicon(lexicon.BUNDLED_DIR)
    custom = replace(bundled_words, slang={**bundled_words.slang, "ragu": "setuju"})
    bundled = AnswerEngine(knowledge)
    other = AnswerEngine(knowledge, lexicon=custom)
    # each engine holds its own normaliser: using one never changes the other
    for _ in range(2):
        assert "setuju" in other.query_concepts("ragu dprd")
        assert "setuju" not in bundled.query_concepts("ragu dprd")


# "kpn" (kapan, "when") turned into "revitalisasi" in the copy: the engines disagree on these.
SWAPPED_QUESTIONS = ("apa itu kpn", "langkah kpn", "kpn mou ditandatangani", "kpn dprd setuju")


@pytest.fixture
def two_engines(lexicon_copy: Path) -> tuple[AnswerEngine, AnswerEngine]:
    """The bundled engine and one whose lexicon has one slang line changed."""
    slang = lexicon_copy / "lexicon" / "slang.yaml"
    lines = slang.read_text(encoding="utf-8")
    assert "\nkapan: [kpn, kapn]\n" in lines
    slang.write_text(lines.replace("\nkapan: [kpn,", "\nrevitalisasi: [kpn,"), encoding="utf-8")
    return AnswerEngine(load_knowledge(bundled_knowledge_dir())), AnswerEngine(
        load_knowledge(lexicon_copy)
    )


def _answers(engine: AnswerEngine, rounds: int = 1) -> list[Answer]:
    return [engine.answer(q) for _ in range(rounds) for q in SWAPPED_QUESTIONS]


def test_engines_with_different_lexicons_keep_their_own_answers(
    two_engines: tuple[AnswerEngine, AnswerEngine],
) -> None:
    bundled, edited = two_engines
    alone = _answers(bundled), _answers(edited)
    revitalisation = edited.answer("apa itu revitalisasi").entry
    assert revitalisation is not None
    assert alone[1][0].entry == revitalisation
    assert alone[0][0].entry != revitalisation
    assert sum(a != b for a, b in zip(*alone, strict=True)) >= 3
    # alternately, question by question
    for index, question in enumerate(SWAPPED_QUESTIONS * 3):
        assert bundled.answer(question) == alone[0][index % len(SWAPPED_QUESTIONS)]
        assert edited.answer(question) == alone[1][index % len(SWAPPED_QUESTIONS)]


def test_engines_with_different_lexicons_run_in_two_threads_at_once(
    lexicon_copy: Path, two_engines: tuple[AnswerEngine, AnswerEngine]
) -> None:
    rounds = 40
    expected = [_answers(e) * rounds for e in two_engines]
    # fresh engines: their caches fill while both threads run
    bundled, edited = (
        AnswerEngine(load_knowledge(bundled_knowledge_dir())),
        AnswerEngine(load_knowledge(lexicon_copy)),
    )
    start = threading.Barrier(2)

    def run(engine: AnswerEngine) -> list[Answer]:
        start.wait(timeout=30)
        return _answers(engine, rounds)

    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # switch threads often, mid-answer: shared state would show
    try:
        with ThreadPoolExecutor(max_workers=2) as pool:
            results = list(pool.map(run, (bundled, edited)))
    finally:
        sys.setswitchinterval(interval)
    assert results == expected


def test_kb_check_counts_the_lexicon(
    lexicon_copy: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from bot.app.cli import main

    monkeypatch.setenv("SISTERBOT_KNOWLEDGE_DIR", str(lexicon_copy))
    assert main(["kb", "check"]) == 0
    assert "lexicon OK" in capsys.readouterr().out
    _append(lexicon_copy / "lexicon" / "concepts.yaml", "\nsetujui: [tujuan]\n")
    assert main(["kb", "check"]) == 1
    err = capsys.readouterr().err
    assert "concepts.yaml" in err and "setujui[0]" in err
