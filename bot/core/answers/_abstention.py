"""When the answer engine answers and when it abstains (see :mod:`bot.core.answers._engine`).

The engine answers only when the question shows in-domain evidence (an anchor concept such
as sister, MoU, DPRD, revitalisasi), the score clears a threshold, the knowledge base knows
most of the question's content words and the best entry covers a fair part of them
("kerja sama dengan bank untuk kredit usaha" has an anchor but is mostly unknown words).
In these checks an anchor weighs at least ``KNOWN_ANCHOR_WEIGHT`` (it is in every entry, so
its IDF is low, yet it shows the knowledge base knows what is asked); an unknown word of
everyday language ("ragu", "kemarin", "honestly": a PySastrawi root word or one of
``everyday-words.yaml``) weighs much less than an unknown domain-like word ("polres",
"stunting"), but only while the question's known content outnumbers such words ("menlu
siapa sekarang" stays declined). A partner's name as the only anchor is no evidence once
the question holds an unknown word ("makanan khas Kyoto"), nor is an institution (an
``actors`` concept: DPRD, Kemendagri, pemda) that does much else ("dprd bahas jalan rusak").

Before that, a question about another topic that shares a word with this one is declined:
it holds an other-topic word the knowledge base does not use ("laporan keuangan pemda",
"cuaca di Osaka", "sister school") or an action whose object the knowledge base does not
know ("revitalisasi pasar", "roadmap hilirisasi"), and no word that names this subject
itself (sister, one gate policy, Pusat Fasilitasi Kerja Sama).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping, Sequence

from bot.core.answers._lexicon import Lexicon
from bot.core.answers._text import is_dictionary_word

PLACE_WEIGHT = 0.3  # a partner's name is often context, not the question
MIN_KNOWN = 0.5  # the knowledge base must know most of what is asked...
MIN_COVERAGE = 0.4  # ...and the best entry a fair part of it
# Without an anchor concept, only a near-certain match is answered ("Japanese partner cities").
STRONG_SCORE = 0.7
STRONG_COVERAGE = 0.8
UNKNOWN_COVERAGE_WEIGHT = 0.75  # words the KB never uses count, a little less than rare ones
# An unknown word of everyday language ("ragu", "kemarin", "worried") counts much less than an
# unknown domain-like word in the coverage checks (see AbstentionRules.ordinary_unknowns).
ORDINARY_COVERAGE_WEIGHT = 0.3
KNOWN_ANCHOR_WEIGHT = 1.0  # the least an anchor weighs when judging if the KB knows a question
# A concept held by few entries (setuju, lapor; not pelaksanaan) shows what is asked.
DISTINCTIVE_IDF = 1.0


class AbstentionRules:
    """The evidence checks of one engine's index (see the module doc)."""

    def __init__(
        self,
        *,
        lexicon: Lexicon,
        idf: Mapping[str, float],
        unknown_idf: float,
        off_topic: frozenset[str],
        entry_vocab: Sequence[frozenset[str]],
    ) -> None:
        """``idf`` of the concepts the knowledge base uses, ``entry_vocab`` per entry."""
        self._lexicon = lexicon
        self._idf = idf
        self._unknown_idf = unknown_idf
        self._off_topic = off_topic
        self._entry_vocab = entry_vocab

    def other_topic(self, concepts: Sequence[str]) -> bool:
        """Whether the question is about another topic that shares a word with this one.

        Either it has an other-topic word ("laporan keuangan pemda"), or an action whose
        object the knowledge base does not know ("revitalisasi pasar", "roadmap hilirisasi").
        """
        if any(t in self._off_topic for t in concepts):
            return True
        actions = self._lexicon.actions
        return any(
            action in actions and following not in self._idf
            for action, following in itertools.pairwise(concepts)
        )

    def vetoed(self, concepts: Sequence[str]) -> bool:
        """Another topic, and no word that names this subject itself ("sister", "one gate").

        A word of another topic ("laporan keuangan pemda", "cuaca di Osaka") outweighs
        a shared domain word; only the subject itself outweighs it, and only when something
        about it is asked too ("sister city Jepang, makanan khasnya apa" is declined).
        """
        if not self.other_topic(concepts):
            return False
        strong = self._lexicon.strong_anchors
        if not any(t in strong for t in concepts):
            return True
        # The subject named, but nothing asked about it beyond a place: "sister city Jepang,
        # makanan khasnya apa" is about the food.
        roles = self._lexicon.places | self._lexicon.intents | strong
        return not any(t in self._idf and t not in roles for t in concepts)

    def domestic(self, concepts: Sequence[str]) -> bool:
        """Whether a question is about cooperation within Indonesia and nothing abroad."""
        asked = frozenset(concepts)
        lexicon = self._lexicon
        return bool(lexicon.domestic_kinds and asked & lexicon.domestic) and not (
            asked & lexicon.foreign
        )

    def domestic_procedure(self, concepts: Sequence[str]) -> bool:
        """Whether a domestic question asks for its own procedure, comparing nothing.

        "tata cara kerja sama antar kabupaten" asks for a procedure this knowledge base does
        not hold (KSDD, Permendagri 22/2020); "prosedur kerja sama antar daerah bedanya apa
        dengan sister city" compares it with the one it holds.
        """
        asked = frozenset(concepts)
        lexicon = self._lexicon
        return (
            self.domestic(concepts)
            and bool(asked & lexicon.procedure)
            and not asked & lexicon.comparison
        )

    def ordinary_unknowns(self, concepts: Sequence[str]) -> frozenset[str]:
        """Unknown words of everyday language, when the known content outnumbers them.

        An ordinary word the knowledge base does not use ("ragu", "kemarin", "worried")
        is weak evidence that a question is about something else, unlike an unknown
        domain-like word ("polres", "stunting"). It is discounted only when the question's
        known content outnumbers such words, so a short "menlu siapa sekarang" still counts
        "sekarang" in full.
        """
        intents = self._lexicon.intents
        unknown = [t for t in concepts if t not in self._idf and t not in self._off_topic]
        ordinary = frozenset(
            t
            for t in unknown
            if t not in intents and (t in self._lexicon.everyday_english or is_dictionary_word(t))
        )
        known = sum(1 for t in concepts if t in self._idf and t not in intents)
        return ordinary if known > len(ordinary) else frozenset()

    def coverage(self, concepts: Iterable[str], index: int | None = None) -> float:
        """Share (IDF-weighted) of the question's content concepts that the entry knows.

        With ``index`` None: the share the knowledge base knows at all.
        """
        # The other-topic marker is judged by the veto, not counted again here.
        intents = self._lexicon.intents
        content = [t for t in concepts if t not in intents and t not in self._off_topic]
        places = self._lexicon.places
        ordinary = self.ordinary_unknowns(content)
        unknown = UNKNOWN_COVERAGE_WEIGHT * self._unknown_idf
        weights = [
            self._idf.get(t, unknown * (ORDINARY_COVERAGE_WEIGHT if t in ordinary else 1.0))
            * (PLACE_WEIGHT if t in places else 1.0)
            for t in content
        ]
        # An anchor ("sister", "pemda") is in every entry, so it tells entries apart poorly
        # (low IDF) but is strong evidence that the knowledge base, and an entry holding
        # it, knows what is asked ("pemkab kami ragu, boleh punya sister city?").
        anchors = self._lexicon.anchors
        weights = [
            max(w, KNOWN_ANCHOR_WEIGHT) if t in anchors else w
            for t, w in zip(content, weights, strict=True)
        ]
        total = sum(weights)
        if total <= 0:
            return 0.0
        known = self._idf if index is None else self._entry_vocab[index]
        return sum(w for t, w in zip(content, weights, strict=True) if t in known) / total

    def _shares_distinctive(self, concepts: Sequence[str], index: int) -> bool:
        """Whether entry ``index`` holds a concept of the question that few entries hold.

        A concept of a region's everyday business ("hibah", "apbd") does not count: shared
        with an institution alone, it is that institution's other business.
        """
        vocab = self._entry_vocab[index]
        lexicon = self._lexicon
        plain = lexicon.anchors | lexicon.intents | lexicon.everyday_business
        return any(
            t in vocab and t not in plain and self._idf.get(t, 0.0) >= DISTINCTIVE_IDF
            for t in concepts
        )

    def answers(self, concepts: Sequence[str], best: int, score: float, threshold: float) -> bool:
        """Whether entry ``best``, scored ``score``, answers a question (not vetoed)."""
        intents = self._lexicon.intents
        anchors = [t for t in concepts if t in self._lexicon.anchors]
        # A place name alone is weak evidence: "makanan khas Kyoto" is about Kyoto, not about
        # its partnership, once the question holds a word the knowledge base does not know.
        only_places = bool(anchors) and all(t in self._lexicon.places for t in anchors)
        # So is an institution alone ("dprd bahas jalan rusak" is the DPRD's other business),
        # unless the question shares a distinctive concept with the entry ("dprd ...
        # persetujuan", "kemendagri ... dilapori").
        only_actors = (
            bool(anchors)
            and all(t in self._lexicon.actors for t in anchors)
            and not self._shares_distinctive(concepts, best)
        )
        # An institution with its everyday business ("cara bikin proposal hibah ke pemprov")
        # asks about that business even when every word is known here.
        everyday = only_actors and any(t in self._lexicon.everyday_business for t in concepts)
        in_domain = (
            bool(anchors)
            and not everyday
            and not (
                (only_places or only_actors)
                and any(t not in self._idf for t in concepts if t not in intents)
            )
        )
        coverage = self.coverage(concepts, best)
        known = self.coverage(concepts)
        return (
            in_domain and score >= threshold and known >= MIN_KNOWN and coverage >= MIN_COVERAGE
        ) or (
            # one word alone ("kakak saya di Jepang") is too little to answer without an anchor
            score >= STRONG_SCORE
            and coverage >= STRONG_COVERAGE
            and sum(t not in intents for t in concepts) >= 2
        )
