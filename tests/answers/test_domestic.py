"""Cooperation within Indonesia is another procedure: never answered with the rule for abroad."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from bot.core.answers import AnswerEngine, KnowledgeBase, load_lexicon
from bot.core.answers._lexicon import BUNDLED_DIR

# Entries that state the procedure for cooperation abroad, and nothing about the domestic one.
FOREIGN_RULES = {"rec-2", "rec-8", "rec-9", "dprd-approval", "reporting", "kemendagri-role"}


@pytest.mark.parametrize(
    "question",
    [
        "kerja sama antar daerah perlu persetujuan DPRD?",
        "kerja sama antar provinsi harus lapor kemendagri?",
        "kerjasama pemkot dengan kabupaten tetangga perlu persetujuan dprd ga",
        "kerja sama pemda dengan swasta perlu persetujuan dprd?",
        "does cooperation between two Indonesian regions need DPRD approval?",
    ],
)
def test_a_domestic_question_never_gets_the_rule_for_abroad(
    engine: AnswerEngine, question: str
) -> None:
    answer = engine.answer(question)
    assert answer.entry is None or answer.entry.id not in FOREIGN_RULES, answer.entry
    suggested = {s.entry_id for s in answer.suggestions}
    assert not suggested & FOREIGN_RULES


def test_a_domestic_question_is_answered_by_the_entry_that_tells_them_apart(
    engine: AnswerEngine,
) -> None:
    answer = engine.answer("kerja sama antar daerah perlu persetujuan DPRD?")
    assert answer.entry is not None and answer.entry.id == "kinds-of-cooperation"


def test_a_question_abroad_that_mentions_other_regions_is_not_domestic(
    engine: AnswerEngine,
) -> None:
    answer = engine.answer("sister city dengan kota di jepang perlu persetujuan dprd?")
    assert answer.entry is not None and answer.entry.id in {"dprd-approval", "rec-2"}


def test_lexicons_without_the_domestic_lists_still_load(
    tmp_path: Path, knowledge: KnowledgeBase
) -> None:
    copy = tmp_path / "lexicon"
    shutil.copytree(BUNDLED_DIR, copy)
    roles = copy / "concept-roles.yaml"
    data = yaml.safe_load(roles.read_text(encoding="utf-8"))
    for key in ("domestic", "foreign", "domestic-kinds"):
        del data[key]
    roles.write_text(yaml.safe_dump(data), encoding="utf-8")
    lexicon = load_lexicon(copy)
    assert lexicon.domestic == lexicon.domestic_kinds == frozenset()
    assert AnswerEngine(knowledge, lexicon=lexicon).answer("dprd harus setuju?").entry
