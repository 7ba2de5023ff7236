"""The question's type decides between near ties (see :mod:`bot.core.answers._engine`).

Some question types ask for one kind of fact: a duration ("berapa lama", "how many days"), a
date ("kapan"), a number ("berapa banyak"), a place ("di mana"): the lexicon's
``fact-types``. When the best entry does not answer that type and a runner-up within
``TYPE_MARGIN`` of its score does, the runner-up comes first: "how many days does the
regional parliament have to approve our plan" asks for the deadline (the entry on the DPRD's
45 working days), not whether approval is needed, though both share every other word. "Why"
and "how" are no such types: nearly every entry gives reasons or steps, whether its
phrasings say so or not.
"""

from __future__ import annotations

from collections.abc import Sequence

TYPE_MARGIN = 0.05


def asked_type_first(
    ranked: Sequence[tuple[int, float]],
    concepts: Sequence[str],
    *,
    fact_types: frozenset[str],
    entry_vocab: Sequence[frozenset[str]],
) -> list[tuple[int, float]]:
    """``ranked`` (entry index, score), best first, with a near tie settled by question type.

    The scores stay as they were: only the order changes, and only within ``TYPE_MARGIN``.
    """
    order = list(ranked)
    asked = fact_types.intersection(concepts)
    if len(order) < 2 or not asked or asked <= entry_vocab[order[0][0]]:
        return order
    best_score = order[0][1]
    for position, (index, score) in enumerate(order[1:], start=1):
        if best_score - score > TYPE_MARGIN:
            break
        if asked <= entry_vocab[index]:
            return [order[position], *order[:position], *order[position + 1 :]]
    return order
