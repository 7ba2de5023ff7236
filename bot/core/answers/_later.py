"""Questions about a later edition of an event the knowledge base tells as past.

The knowledge base knows the Bimtek of July 2019; "kapan bimtek berikutnya" asks about one
it does not know, and the 2019 facts would be a confident wrong answer. The words are in
``knowledge/lexicon/later-events.yaml`` (its header says how they are matched).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Sequence

from bot.core.answers._lexicon import Lexicon
from bot.core.answers._text import Normaliser

AFTER = 3  # an Indonesian modifier starts within this many words after the event's noun
YEARS = range(1900, 2100)


class LaterEditions:
    """Tells whether a question asks about another edition of a past event."""

    def __init__(
        self,
        events: Collection[str],
        later: Collection[Sequence[str]],
        *,
        concept_of: Callable[[str], str],
        known: Collection[str],
    ) -> None:
        """``events`` are concepts, ``later`` normalised token sequences; a year in ``known``
        is one the knowledge base speaks of (the event's own)."""
        self._events = frozenset(events)
        self._later = tuple(tuple(expression) for expression in later if expression)
        self._concept_of = concept_of
        self._known = known

    def asked(self, tokens: Sequence[str]) -> bool:
        """Whether normalised, corrected ``tokens`` ask about a later edition of an event."""
        if not self._events:
            return False
        return any(
            self._later_beside(tokens, position) or self._other_year(tokens, position)
            for position, token in enumerate(tokens)
            if token in self._events or self._concept_of(token) in self._events
        )

    def _later_beside(self, tokens: Sequence[str], event: int) -> bool:
        for expression in self._later:
            size = len(expression)
            for start in range(len(tokens) - size + 1):
                if tuple(tokens[start : start + size]) != expression:
                    continue
                if event < start <= event + AFTER or start + size == event:
                    return True
        return False

    def _other_year(self, tokens: Sequence[str], event: int) -> bool:
        nearby = tokens[max(0, event - 1) : event + AFTER + 1]
        return any(
            t.isdigit() and len(t) == 4 and int(t) in YEARS and t not in self._known for t in nearby
        )


def later_editions(lexicon: Lexicon, text: Normaliser, titles: Iterable[str]) -> LaterEditions:
    """The lexicon's later editions; an event's own years are those of the titles naming it
    ("Bimtek Sister City/Province 2019"): any other year asks about another edition."""
    events = lexicon.past_events
    known = {
        token
        for title in titles
        if events.intersection(text.analyse(title))
        for token in text.normalise(title).split()
        if token.isdigit()
    }
    later = [text.normalise(expression).split() for expression in lexicon.later]
    return LaterEditions(events, later, concept_of=text.concept_of, known=known)
