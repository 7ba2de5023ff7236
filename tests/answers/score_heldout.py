"""Score held-out question files and list the misses.

Usage:
``.venv/bin/python -m tests.answers.score_heldout bot/app/bench/data/heldout/heldout-blind2.tsv``
(a measuring aid, not a test: the figures belong in ``sisterbot bench``).
"""

from __future__ import annotations

import sys
from pathlib import Path

from bot.app.bench import officer
from bot.app.bench.answers import read_questions
from bot.config import bundled_knowledge_dir
from bot.core.answers import AnswerEngine, load_knowledge


def main(paths: list[str]) -> None:
    """Print in-scope top-1, abstention and every miss for each file."""
    engine = AnswerEngine(load_knowledge(bundled_knowledge_dir()))
    for path in paths:
        if Path(path).name.startswith(officer.OFFICER_PREFIX):
            continue  # scored by content: bot.app.bench.officer
        rows = read_questions(Path(path))
        hits = kept_out = in_scope = 0
        misses: list[str] = []
        for expected, question in rows:
            answer = engine.answer(question)
            got = answer.entry.id if answer.entry is not None else "none"
            if expected == "none":
                kept_out += got == "none"
            else:
                in_scope += 1
                hits += got == expected
            if got != expected:
                misses.append(f"  want {expected:12} got {got:12} {question}")
        out = len(rows) - in_scope
        print(
            f"{path}: in-scope top-1 {hits}/{in_scope} = {hits / max(in_scope, 1):.1%}, "
            f"abstention {kept_out}/{out} = {kept_out / max(out, 1):.1%}"
        )
        print("\n".join(misses))


if __name__ == "__main__":
    main(sys.argv[1:])
