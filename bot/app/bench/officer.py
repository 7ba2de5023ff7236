"""Officer questions scored by what the answer says (as ``../shared/eval/score_content.py``).

An officer's question counts as answered only when the answer shown (short answer and
source, in the question's language) carries the fact asked; an answer that does not is a
*confident wrong answer*, the worst outcome, counted apart. Expectation files have the
columns ``expect`` and ``question``; ``expect`` is ``none`` (the bot must abstain),
``re:A && B`` (it must answer, and its text must match every regular expression,
case-insensitive) or ``none-or-re:A`` (abstaining is fine; an answer must match).

The files: ``bot/app/bench/data/officer-dev.tsv`` (a copy of the shared development file:
measured, never pasted into the knowledge base or the lexicon) and the team's own sets
written blind from the sources, ``bot/app/bench/data/heldout/heldout-officer*.tsv``.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from bot.core.answers import AnswerEngine

DATA_DIR = Path(__file__).resolve().parent / "data"
OFFICER_DEV = DATA_DIR / "officer-dev.tsv"
HELDOUT_DIR = DATA_DIR / "heldout"
OFFICER_PREFIX = "heldout-officer"
# The goals of issue 10: answered with the fact asked, right to abstain, confident wrong.
GOAL_ANSWERED = 0.90
GOAL_ABSTAINED = 0.95
GOAL_WRONG_PER_32 = 1


@dataclass(frozen=True, slots=True, kw_only=True)
class ContentScore:
    """How a set of officer questions fared."""

    answered: int  # answered with the fact asked
    to_answer: int
    abstained: int  # right to abstain (or answered with the fact, where that is allowed)
    to_abstain: int
    wrong: int  # confident wrong answers
    total: int

    def figures(self, name: str) -> dict[str, object]:
        """``name_*`` figures, each with its goal and pass/fail."""
        answered = self.answered / max(self.to_answer, 1)
        abstained = self.abstained / max(self.to_abstain, 1)
        allowed = GOAL_WRONG_PER_32 * self.total / 32
        return {
            f"{name}_answered_with_fact": f"{answered:.1%} ({self.answered}/{self.to_answer}); "
            f"goal >= {GOAL_ANSWERED:.0%}: {_verdict(answered >= GOAL_ANSWERED)}",
            f"{name}_right_to_abstain": f"{abstained:.1%} ({self.abstained}/{self.to_abstain}); "
            f"goal >= {GOAL_ABSTAINED:.0%}: {_verdict(abstained >= GOAL_ABSTAINED)}",
            f"{name}_confident_wrong": f"{self.wrong}/{self.total}; goal <= "
            f"{GOAL_WRONG_PER_32} in 32: {_verdict(self.wrong <= allowed)}",
        }


def _verdict(ok: bool) -> str:
    return "pass" if ok else "FAIL"


def read_expectations(path: Path) -> list[tuple[str, str]]:
    """(expect, question) rows of an expectation file with a header."""
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle, delimiter="\t")
        return [(row["expect"].strip(), row["question"]) for row in reader]


def officer_files() -> list[Path]:
    """The team's blind officer sets (``heldout-officer*.tsv``)."""
    return sorted(HELDOUT_DIR.glob(f"{OFFICER_PREFIX}*.tsv"))


def _matches(spec: str, text: str) -> bool:
    return all(re.search(part.strip(), text, re.IGNORECASE) for part in spec.split("&&"))


def content_score(engine: AnswerEngine, rows: Sequence[tuple[str, str]]) -> ContentScore:
    """Score ``rows`` as ``score_content.py`` does, on the text ``sisterbot ask`` shows."""
    answered = to_answer = abstained = to_abstain = wrong = 0
    for expect, question in rows:
        entry = engine.answer(question).entry
        language = engine.detect_language(question) or "id"
        text = f"{entry.short.get(language)} {entry.source.get(language)}" if entry else ""
        if expect == "none":
            to_abstain += 1
            ok = entry is None
            abstained += ok
            wrong += not ok
        elif expect.startswith("none-or-re:"):
            to_abstain += 1
            ok = entry is None or _matches(expect.removeprefix("none-or-re:"), text)
            abstained += ok
            wrong += not ok
        else:
            to_answer += 1
            ok = entry is not None and _matches(expect.removeprefix("re:"), text)
            answered += ok
            wrong += entry is not None and not ok
    return ContentScore(
        answered=answered,
        to_answer=to_answer,
        abstained=abstained,
        to_abstain=to_abstain,
        wrong=wrong,
        total=len(rows),
    )


def figures(engine: AnswerEngine) -> dict[str, object]:
    """The officer figures: the development copy, then each blind set."""
    found = content_score(engine, read_expectations(OFFICER_DEV)).figures("officer_dev")
    for path in officer_files():
        name = path.stem.removeprefix("heldout-").replace("-", "_")
        found |= content_score(engine, read_expectations(path)).figures(name)
    return found
