"""Retrieval: a question -> the knowledge-base entry that answers it, or an honest abstention.

How a question is scored against the entries:

0. A recommendation named by number ("rekomendasi 7", "recommendation no 3") is that entry.
1. :meth:`~bot.core.answers._text.Normaliser.normalise`, then words the knowledge base does not know
   (and that are not Indonesian root words) are fuzzy-corrected with rapidfuzz against the
   knowledge base's own vocabulary ("revitalisai" -> revitalisasi, "persetujuaan" ->
   persetujuan; a five-letter word only to a longer one: "perda" is no typo of "pemda");
   function words the knowledge base never uses are dropped (PySastrawi's stopword list plus
   English ones: "langsung", "tanpa", "two"); then
   :meth:`~bot.core.answers._text.Normaliser.concepts` maps Indonesian and English into shared
   concepts. A partner named after "dengan"/"with" that the knowledge base does not know
   ("kerja sama pemda dengan polres") marks the question as another topic.
2. BM25F over each entry's weighted fields (phrasings, keywords, title, short, full);
   question-type concepts and partner/region names count at reduced weight (a name is
   often context: "mou kami dengan kota di Korea sudah vakum"). An entry with a ``subject``
   list (bimtek, revitalisasi) is left out unless the question mentions one of them.
3. The nearest single phrasing (or title) by IDF-weighted cosine, because a
   question usually resembles one way of asking more than the whole entry.
4. The score mixes both; a near tie is settled by the question's type
   (:mod:`bot.core.answers._ranking`). Whether it answers or abstains (offering the closest
   entries as suggestions) is decided by :class:`bot.core.answers._abstention.AbstentionRules`:
   in-domain evidence, a threshold, and how much of the question the knowledge base and the
   best entry know; a question about another topic that shares a word with this one is declined.
   A question about cooperation within Indonesia (``domestic`` concepts, nothing ``foreign``)
   is answered only by an entry that tells the procedures apart, or not at all; one asking
   for its own procedure, comparing nothing, gets such entries only as suggestions; one
   about a later edition of a past event ("bimtek berikutnya") too (:mod:`._later`).

The word lists live in ``knowledge/lexicon/`` (:mod:`bot.core.answers._lexicon`); each engine holds
its own :class:`~bot.core.answers._text.Normaliser` built from them, so engines never share state.
The thresholds were calibrated by sweeping them over the team's own paraphrases and
out-of-scope questions (``bot/app/bench/data/heldout/``), never over the evaluation file;
``sisterbot bench --only answers`` reports the result on both.
"""

from __future__ import annotations

import heapq
import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from bot.core.answers._abstention import PLACE_WEIGHT, AbstentionRules
from bot.core.answers._knowledge import KnowledgeBase, KnowledgeError
from bot.core.answers._later import later_editions
from bot.core.answers._lexicon import OFF_TOPIC, Lexicon, lexicon_for
from bot.core.answers._numbered import numbered_recommendation
from bot.core.answers._ranking import asked_type_first
from bot.core.answers._text import MAX_CHARS, Normaliser, is_dictionary_word
from bot.core.models import Answer, Entry, Language, Suggestion

FIELD_WEIGHTS: dict[str, float] = {
    "phrasings": 3.0,
    "keywords": 2.5,
    "title": 2.0,
    "short": 1.0,
    "full": 0.6,
}
K1 = 1.2
B = 0.5
INTENT_WEIGHT = 0.5
NEAREST_WEIGHT = 0.55  # share of the nearest-phrasing similarity in the final score
ANSWER_THRESHOLD = 0.28
# An unknown word of everyday language ("ragu", "kemarin", "worried") counts much less than an
# unknown domain-like word in the ranking (see AbstentionRules.ordinary_unknowns).
ORDINARY_RANK_WEIGHT = 0.5
SUGGESTION_FLOOR = 0.08
MAX_SUGGESTIONS = 3
MAX_CORRECTIONS_CACHED = 20000
# A shorter word is only corrected to a longer one (a dropped letter: "sistr"): one letter
# changed in a five-letter word is often another word ("perda" is no typo of "pemda").
MIN_SUBSTITUTED = 6
# Words that introduce the other party of a cooperation ("kerja sama dengan ...").
_WITH = frozenset({"dengan", "with", "bersama", "bareng"})
_SKIP_IDF = 0.1  # near-ubiquitous concepts add ~nothing to a score: skip them for speed


@dataclass(frozen=True, slots=True)
class _Unit:
    """One phrasing or title of an entry, as a concept set."""

    entry: int
    tokens: frozenset[str]
    norm: float


def _entry_fields(entry: Entry) -> dict[str, list[str]]:
    return {
        "phrasings": list(entry.phrasings),
        "keywords": list(entry.keywords),
        "title": [entry.title.id, entry.title.en],
        "short": [entry.short.id, entry.short.en],
        "full": [entry.full.id, entry.full.en],
    }


class AnswerEngine:
    """Answers questions from a :class:`KnowledgeBase` (see the module doc)."""

    def __init__(
        self,
        knowledge: KnowledgeBase,
        *,
        threshold: float = ANSWER_THRESHOLD,
        lexicon: Lexicon | None = None,
    ) -> None:
        """Index ``knowledge``; ``lexicon`` defaults to the lexicon beside its files.

        That is ``<knowledge dir>/lexicon`` when the knowledge base was loaded from a
        directory that has one, else the bundled ``knowledge/lexicon``.
        """
        self._lexicon = lexicon if lexicon is not None else lexicon_for(knowledge)
        self._text = Normaliser(self._lexicon)
        self._knowledge = knowledge
        self._entries = knowledge.entries
        self._threshold = threshold
        self._corrections: dict[str, str] = {}
        self._build()

    # --- index -------------------------------------------------------------------------

    def _build(self) -> None:
        n = len(self._entries)
        field_tokens: list[dict[str, list[str]]] = []
        surface: set[str] = set()
        for entry in self._entries:
            per_field: dict[str, list[str]] = {}
            for name, texts in _entry_fields(entry).items():
                tokens: list[str] = []
                for item in texts:
                    normalised = self._text.normalise(item).split()
                    surface.update(normalised)
                    tokens.extend(self._text.concepts(normalised))
                per_field[name] = tokens
            field_tokens.append(per_field)
        avg_len = {
            name: max(1.0, sum(len(f[name]) for f in field_tokens) / max(1, n))
            for name in FIELD_WEIGHTS
        }
        document_frequency: dict[str, int] = defaultdict(int)
        self._entry_vocab: list[frozenset[str]] = []
        for entry, per_field in zip(self._entries, field_tokens, strict=True):
            vocab = frozenset(t for tokens in per_field.values() for t in tokens)
            for token in vocab:
                document_frequency[token] += 1
            # An entry also knows the words of its source line ("menurut rekomendasi bimtek"),
            # for the coverage checks only: they would blur the ranking.
            source = self._text.analyse(entry.source.id) + self._text.analyse(entry.source.en)
            self._entry_vocab.append(vocab | frozenset(source))
        self._idf = {
            token: math.log(1 + (n - df + 0.5) / (df + 0.5))
            for token, df in document_frequency.items()
        }
        self._unknown_idf = math.log(1 + (n - 0.5) / 1.5)
        self._postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
        for index, per_field in enumerate(field_tokens):
            weighted: dict[str, float] = defaultdict(float)
            for name, tokens in per_field.items():
                length_norm = 1 - B + B * len(tokens) / avg_len[name]
                for token in tokens:
                    weighted[token] += FIELD_WEIGHTS[name] / length_norm
            for token, tf in weighted.items():
                self._postings[token].append((index, tf / (K1 + tf)))
        self._units: list[_Unit] = []
        self._unit_postings: dict[str, list[int]] = defaultdict(list)
        for index, entry in enumerate(self._entries):
            # Keywords stay out: a one-word unit would match any question containing it.
            for item in (*entry.phrasings, entry.title.id, entry.title.en):
                tokens_set = frozenset(self._text.analyse(item))
                if not tokens_set:
                    continue
                norm = math.sqrt(sum(self._idf.get(t, 0.0) ** 2 for t in tokens_set)) or 1.0
                unit_id = len(self._units)
                self._units.append(_Unit(entry=index, tokens=tokens_set, norm=norm))
                for token in tokens_set:
                    if self._idf.get(token, 0.0) >= _SKIP_IDF:
                        self._unit_postings[token].append(unit_id)
        # Other-topic words stop being that once the knowledge base itself uses them (a
        # curator's entry on grants makes "hibah" a word of this domain).
        off_topic = {self._text.concept_of(w) for w in self._lexicon.off_topic} | {OFF_TOPIC}
        self._off_topic = frozenset(off_topic - set(self._idf) - {""})
        self._rules = AbstentionRules(
            lexicon=self._lexicon,
            idf=self._idf,
            unknown_idf=self._unknown_idf,
            off_topic=self._off_topic,
            entry_vocab=self._entry_vocab,
        )
        self._subjects = self._subject_concepts()
        # The entries that speak to cooperation within Indonesia: those naming its kinds
        # (they tell the procedures apart) and those about it by title (recommendation 10).
        self._domestic_entries = frozenset(
            index
            for index, entry in enumerate(self._entries)
            if self._entry_vocab[index] & self._lexicon.domestic_kinds
            or self._lexicon.domestic.intersection(
                self._text.analyse(f"{entry.title.id} {entry.title.en}")
            )
        )
        lexicon_words = self._text.lexicon_words
        self._known = frozenset(surface | lexicon_words | self._lexicon.stopwords)
        titles = [f"{entry.title.id} {entry.title.en}" for entry in self._entries]
        self._later = later_editions(self._lexicon, self._text, titles)
        # Typos rarely hit the first letter: candidates share it (and the search is faster).
        self._vocabulary: dict[str, list[str]] = defaultdict(list)
        for word in sorted(surface | lexicon_words):
            if len(word) >= 4 and word.isalpha() and word.isascii():
                self._vocabulary[word[0]].append(word)

    def _subject_concepts(self) -> dict[int, tuple[frozenset[str], ...]]:
        """Entry index -> the concept sets of its ``subject`` words, checked.

        A subject word must name a concept of the entry's own text, and no question type
        ("cara", "berapa lama"): a question type alone must never carry an entry.
        """
        found: dict[int, tuple[frozenset[str], ...]] = {}
        intents = self._lexicon.intents
        for index, entry in enumerate(self._entries):
            items: list[frozenset[str]] = []
            for number, word in enumerate(self._knowledge.subjects.get(entry.id, ())):
                concepts = frozenset(self._text.analyse(word))
                where = self._knowledge.files.get(entry.id, Path(entry.id))
                if not concepts or not concepts <= self._entry_vocab[index]:
                    problem = f"unknown concept {word!r}: not in the entry's own text"
                    raise KnowledgeError(where, f"subject.{number}", problem)
                if concepts & intents:
                    problem = f"{word!r} is a question type, not a subject"
                    raise KnowledgeError(where, f"subject.{number}", problem)
                items.append(concepts)
            if items:
                found[index] = tuple(items)
        return found

    def _off_subject(self, index: int, asked: frozenset[str]) -> bool:
        """Whether entry ``index`` has a subject and the question mentions none of it."""
        items = self._subjects.get(index)
        return items is not None and not any(item <= asked for item in items)

    # --- query -------------------------------------------------------------------------

    def _correct(self, token: str) -> str:
        if token in self._known or len(token) < 5 or not token.isalpha():
            return token
        cached = self._corrections.get(token)
        if cached is not None:
            return cached
        corrected = token
        if token.isascii() and not is_dictionary_word(token):
            from rapidfuzz import fuzz, process

            cutoff = 80.0 if len(token) <= 6 else 84.0
            candidates = self._vocabulary.get(token[0], [])
            if len(token) < MIN_SUBSTITUTED:
                candidates = [word for word in candidates if len(word) > len(token)]
            found = process.extractOne(token, candidates, scorer=fuzz.ratio, score_cutoff=cutoff)
            if found is not None:
                corrected = str(found[0])
        if len(self._corrections) < MAX_CORRECTIONS_CACHED:
            self._corrections[token] = corrected
        return corrected

    def _query_tokens(self, question: str) -> list[str]:
        tokens = self._text.normalise(question).split()
        corrected = [self._correct(t) for t in tokens]
        return self._text.normalise(" ".join(corrected)).split() if corrected != tokens else tokens

    def query_concepts(self, question: str, tokens: list[str] | None = None) -> list[str]:
        """The question's concepts after normalisation and spelling correction."""
        tokens = self._query_tokens(question) if tokens is None else tokens
        # A function word the knowledge base never uses is no evidence either way: dropped,
        # it neither scores nor counts as an unknown word against the coverage checks.
        generic = self._text.generic_words
        named = self._text.concept_names
        kept = [
            t
            for t in tokens
            if (t not in generic and not (t.isdigit() and len(t) <= 2))
            or self._text.concept_of(t) in named
            or (t.isdigit() and t in self._idf)
        ]
        concepts = list(dict.fromkeys(self._text.concepts(kept)))
        concepts += [c for c in self._text.level_match(tokens) if c not in concepts]
        if self._unknown_partner(tokens):
            concepts.append(OFF_TOPIC)
        return concepts

    def _unknown_partner(self, tokens: Sequence[str]) -> bool:
        """Whether the question pairs with ("dengan", "with") something the KB does not know.

        "kerja sama pemda dengan polres", "kerja sama dengan universitas lokal": the partner
        named is the subject, and this knowledge base knows nothing about it (a partner it
        knows, "dengan pemda di luar negeri", "with Kyoto", is fine).
        """
        generic = self._text.generic_words
        for index, token in enumerate(tokens[:-1]):
            if token not in _WITH:
                continue
            following = next((t for t in tokens[index + 1 :] if t not in generic), None)
            if following is None or not following.isalpha():
                continue
            if following in self._known:
                continue
            concept = self._text.concept_of(following)
            if concept not in self._idf and concept not in self._lexicon.places:
                return True
        return False

    def _idf_of(self, token: str) -> float:
        return self._idf.get(token, self._unknown_idf)

    def rank(self, concepts: Sequence[str], limit: int | None = None) -> list[tuple[int, float]]:
        """(entry index, score) of the entries that match, best first (``limit`` of them)."""
        places = self._lexicon.places
        intents = self._lexicon.intents
        ordinary = self._rules.ordinary_unknowns(concepts)
        weights = {
            t: INTENT_WEIGHT
            if t in intents
            else PLACE_WEIGHT
            if t in places
            else ORDINARY_RANK_WEIGHT
            if t in ordinary
            else 1.0
            for t in concepts
        }
        if not weights:
            return []
        total = sum(w * self._idf_of(t) for t, w in weights.items())
        bm25: dict[int, float] = defaultdict(float)
        for token, weight in weights.items():
            idf = self._idf.get(token, 0.0)
            if idf < _SKIP_IDF:
                continue
            for index, saturated in self._postings.get(token, ()):
                bm25[index] += weight * idf * saturated
        query_norm = math.sqrt(sum(w * self._idf_of(t) ** 2 for t, w in weights.items()))
        dots: dict[int, float] = defaultdict(float)
        for token, weight in weights.items():
            contribution = weight * self._idf.get(token, 0.0) ** 2
            for unit_id in self._unit_postings.get(token, ()):
                dots[unit_id] += contribution
        nearest: dict[int, float] = defaultdict(float)
        for unit_id, dot in dots.items():
            unit = self._units[unit_id]
            cosine = dot / (query_norm * unit.norm)
            if cosine > nearest[unit.entry]:
                nearest[unit.entry] = cosine
        asked = frozenset(concepts)
        # An entry about a narrow subject ("bimtek", "revitalisasi") is no answer to a
        # question that never mentions it, whatever question type or generic word they share.
        scores = {
            index: NEAREST_WEIGHT * nearest.get(index, 0.0)
            + (1 - NEAREST_WEIGHT) * bm25.get(index, 0.0) / total
            for index in set(bm25) | set(nearest)
            if not self._off_subject(index, asked)
        }
        if limit is None:
            return sorted(scores.items(), key=lambda item: (-item[1], item[0]))
        return heapq.nsmallest(limit, scores.items(), key=lambda item: (-item[1], item[0]))

    def coverage(self, concepts: Iterable[str], index: int | None = None) -> float:
        """Share (IDF-weighted) of the question's content concepts that the entry knows.

        With ``index`` None: the share the knowledge base knows at all.
        """
        return self._rules.coverage(concepts, index)

    def answer(self, question: str) -> Answer:
        """The best entry for ``question``, or an abstention (``entry`` None) with suggestions."""
        query = question[:MAX_CHARS]
        numbered = numbered_recommendation(self._text.normalise(query), self._entries)
        if numbered is not None:
            suggestion = Suggestion(entry_id=numbered.id, score=1.0)
            return Answer(query=question, entry=numbered, score=1.0, suggestions=(suggestion,))
        tokens = self._query_tokens(query)
        concepts = self.query_concepts(query, tokens)
        if self._rules.domestic(concepts):
            # Cooperation within Indonesia is another procedure: only an entry that tells
            # the procedures apart may answer ("kerja sama antar daerah perlu persetujuan
            # DPRD?" must never get the rule for cooperation abroad).
            ranked = [(i, sc) for i, sc in self.rank(concepts) if i in self._domestic_entries]
            ranked = ranked[:MAX_SUGGESTIONS]
        else:
            ranked = self.rank(concepts, limit=MAX_SUGGESTIONS)
        ranked = asked_type_first(
            ranked,
            concepts,
            fact_types=self._lexicon.fact_types,
            entry_vocab=self._entry_vocab,
        )
        # An entry matched only by a question word ("cara ...") is no suggestion.
        suggestions = tuple(
            Suggestion(entry_id=self._entries[i].id, score=round(score, 4))
            for i, score in ranked[:MAX_SUGGESTIONS]
            if score >= SUGGESTION_FLOOR and self.coverage(concepts, i) > 0
        )
        if not ranked:
            return Answer(query=question, entry=None, score=0.0, suggestions=suggestions)
        best, score = ranked[0]
        if self._rules.vetoed(concepts):
            return Answer(query=question, entry=None, score=round(score, 4), suggestions=())
        # A domestic question asking for its own procedure gets the entries that tell the
        # procedures apart as suggestions, not as its answer.
        answered = (
            self._rules.answers(concepts, best, score, self._threshold)
            and not self._rules.domestic_procedure(concepts)
            and not self._later.asked(tokens)  # "bimtek berikutnya": only 2019's is known
        )
        return Answer(
            query=question,
            entry=self._entries[best] if answered else None,
            score=round(score, 4),
            suggestions=suggestions,
        )

    def detect_language(self, question: str) -> Language | None:
        """``en`` for clearly English text, ``id`` for clearly Indonesian, None if unsure."""
        return self._text.detect_language(question)
