"""Text normalisation for retrieval: how officers write -> comparable concept tokens.

A :class:`Normaliser` is built from one :class:`~bot.core.answers._lexicon.Lexicon` and owns the
tables and caches derived from it, so engines with different word lists never share state
(the core runs in worker threads). Two steps, both pure functions of the text:

* :meth:`Normaliser.normalise` cleans a message into space-separated standard tokens:
  Unicode folded, lower case, punctuation gone, stretched letters squeezed ("bangettt"),
  informal words expanded (gmn -> bagaimana, ga -> tidak, yg -> yang; our lists first,
  then Kamus Alay, see :mod:`bot.core.answers._colloquial`), colloquial verbs made standard
  ("ngajuin" -> mengajukan, "dikirimin" -> dikirimkan), reduplication collapsed
  ("langkah-langkah") and multi-word synonyms joined into one token ("kerja sama" ->
  kerjasama, "nota kesepahaman" -> mou, "sister province" -> sister).
  It never raises and it is idempotent.
* :meth:`Normaliser.concepts` maps those tokens into the concept space shared by
  Indonesian and English (PySastrawi stems plus the lexicon), dropping stopwords.
  :meth:`Normaliser.analyse` does both.

PySastrawi is slow per call and loads a 30,000-word dictionary, so the stemmer is built
on first use and every stem is cached. Stems do not depend on the lexicon, so that cache
is shared by every normaliser.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from bot.core.answers._colloquial import SlangTable, is_standard, standard_form
from bot.core.answers._lexicon import Lexicon, directory_for, lexicon_at
from bot.core.models import Language

MAX_CHARS = 2000  # longer input is cut: no real question is longer, and latency stays bounded
MAX_CONCEPTS_CACHED = 65536
# Kamus Alay's one- and two-letter words ("u", "to", "in", "do") are too often English or
# something else; our own lists hold the short ones that matter (yg, dg, sy).
MIN_COLLOQUIAL_CHARS = 3
_WORD = re.compile(r"[^\W\d_]+|\d+")
_STRETCH = re.compile(r"(.)\1{2,}")
_PARTICLES = ("nya", "kah", "lah")
_REDUPLICATION = re.compile(r"([^\W\d_]{3,})2(?![\w])")  # "langkah2" = langkah-langkah
# "perundang2an" = perundang-undangan: the prefix stays on the first half only
_AFFIXED_REDUPLICATION = re.compile(r"\b(per|pe|ke)([^\W\d_]{3,})2an\b")
_SUFFIXED_REDUPLICATION = re.compile(r"([^\W\d_]{3,})2(nya)\b")  # "langkah2nya"


def _fold(text: str) -> str:
    """NFKD without accents, then case-folded and recomposed."""
    decomposed = unicodedata.normalize("NFKD", text[: MAX_CHARS * 2])
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return unicodedata.normalize("NFKC", stripped.casefold())


def _raw_tokens(text: str) -> list[str]:
    folded = _fold(text)
    if "2" in folded:  # "langkah2", "perundang2an": reduplication written with a 2
        folded = _AFFIXED_REDUPLICATION.sub(r"\1\2-\2an", folded)
        folded = _SUFFIXED_REDUPLICATION.sub(r"\1\2", folded)
        folded = _REDUPLICATION.sub(r"\1", folded)
    return _WORD.findall(_STRETCH.sub(r"\1", folded))


_PLAIN = re.compile(r"[a-z]+(?: [a-z]+)*")
_TRIPLE = re.compile(r"(.)\1\1")


def _lexicon_tokens(text: str) -> list[str]:
    """:func:`_raw_tokens` of a word list's entry, with a fast path for plain words."""
    if _PLAIN.fullmatch(text) and not _TRIPLE.search(text):
        return text.split()
    return _raw_tokens(text)


def _proper_name_tokens(text: str) -> frozenset[str]:
    """The tokens of runs of two or more capitalised words after the first word.

    Only when the text is not capitalised throughout: in Title Case Text every word
    would look like a name.
    """
    words = text.split()
    capitalised = [word[:1].isupper() for word in words]
    if len(words) < 3 or all(capitalised[1:]):
        return frozenset()
    named: set[str] = set()
    run: list[str] = []
    for word, upper in zip([*words[1:], ""], [*capitalised[1:], False], strict=True):
        if upper:
            run.append(word)
            continue
        if len(run) >= 2:
            named.update(token for part in run for token in _raw_tokens(part))
        run = []
    return frozenset(named)


def _dedupe(tokens: Sequence[str]) -> list[str]:
    return [t for i, t in enumerate(tokens) if i == 0 or t != tokens[i - 1]]


@lru_cache(maxsize=1)
def _stemmer() -> Any:
    from Sastrawi.Dictionary.ArrayDictionary import ArrayDictionary
    from Sastrawi.Stemmer.Stemmer import Stemmer
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

    return Stemmer(ArrayDictionary(StemmerFactory().get_words()))


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """The Indonesian stem of one lower-case word (PySastrawi, cached)."""
    if len(word) < 4 or not word.isalpha() or not word.isascii():
        return word
    result: str = _stemmer().stem_word(word)
    return result or word


def is_dictionary_word(word: str) -> bool:
    """Whether ``word`` or its stem is a root word in PySastrawi's dictionary."""
    dictionary = _stemmer().get_dictionary()
    return bool(dictionary.contains(word) or dictionary.contains(stem(word)))


def _is_standard(word: str) -> bool:
    return is_standard(word, stem=stem)


def is_root(word: str) -> bool:
    """Whether ``word`` itself is a root word in PySastrawi's dictionary."""
    return bool(_stemmer().get_dictionary().contains(word))


@lru_cache(maxsize=1)
def _sastrawi_stopwords() -> frozenset[str]:
    from Sastrawi.StopWordRemover.StopWordRemoverFactory import StopWordRemoverFactory

    return frozenset(StopWordRemoverFactory().get_stop_words())


def _phrase_table(
    phrases: Mapping[str, tuple[str, ...]],
) -> tuple[dict[tuple[str, ...], tuple[str, ...]], int]:
    table: dict[tuple[str, ...], tuple[str, ...]] = {}
    for replacement, sources in phrases.items():
        for phrase in sources:
            table[tuple(_raw_tokens(phrase))] = tuple(replacement.split())
            if "kerjasama" in phrase.split():
                # Also the spelling with a space, which a shorter phrase could otherwise
                # split first ("rencana kerja" + "sama").
                spaced = phrase.replace("kerjasama", "kerja sama")
                table[tuple(_raw_tokens(spaced))] = tuple(replacement.split())
    return table, max(len(key) for key in table)


class Normaliser:
    """Normalisation and concepts under one lexicon (see the module doc).

    Safe to share between threads: its tables are read-only after construction and its
    cache only ever maps a token to the same pure result.
    """

    def __init__(self, lexicon: Lexicon) -> None:
        """Build the tables derived from ``lexicon``."""
        self.lexicon = lexicon
        self._phrases, self._longest = _phrase_table(lexicon.phrases)
        self._concept_cache: dict[str, str] = {}
        #: Every concept the lists define (targets of concept and phrase lines, and intents).
        self.concept_names: frozenset[str] = (
            frozenset(lexicon.concepts.values()) | frozenset(lexicon.phrases) | lexicon.intents
        )
        words = set(lexicon.slang) | set(lexicon.concepts) | lexicon.off_topic
        words.update(w for sources in lexicon.phrases.values() for p in sources for w in p.split())
        #: Every word the lists know (slang, phrase and concept words).
        self.lexicon_words: frozenset[str] = frozenset(words)
        # "Now" words stay: "siapa menlu sekarang" asks for news the knowledge base cannot have.
        now = {"sekarang", "kini", "sekaranglah", "kinilah", "saat", "saatnya"}
        #: Function words of both languages (PySastrawi's Indonesian list plus English ones).
        self.generic_words: frozenset[str] = (_sastrawi_stopwords() | lexicon.generic_english) - now
        # Kamus Alay never rewrites a word our lists use or name, nor an English word.
        protected = (
            words
            | self.concept_names
            | {w for v in lexicon.slang.values() for w in v.split()}
            | lexicon.stopwords
            | lexicon.generic_english
            | lexicon.english_markers
            | lexicon.everyday_english
            | lexicon.keep
        )
        self._slang = SlangTable(
            lexicon.slang,
            lexicon.colloquial,
            protected=protected,
            tokens=_lexicon_tokens,
            is_root=is_root,
            is_standard=_is_standard,
            min_chars=MIN_COLLOQUIAL_CHARS,
        )
        self._standard_cache: dict[str, str] = {}

    # --- normalise -----------------------------------------------------------------------

    def _expand_slang(self, tokens: Sequence[str]) -> list[str]:
        out: list[str] = []
        for token in tokens:
            expanded = self._slang.get(token)
            if expanded is None:
                out.append(self._standard(token))
            else:
                out.extend(expanded)
        return out

    def _standard(self, token: str) -> str:
        """A colloquial verb in its standard form ("ngajuin" -> mengajukan), else the token."""
        cached = self._standard_cache.get(token)
        if cached is None:
            cached = token
            if token not in self.lexicon_words:
                known = self.lexicon.concepts.__contains__
                cached = standard_form(token, stem=stem, is_root=is_root, known=known) or token
            if len(self._standard_cache) < MAX_CONCEPTS_CACHED:
                self._standard_cache[token] = cached
        return cached

    def _join_phrases(self, tokens: Sequence[str]) -> list[str]:
        table, longest = self._phrases, self._longest
        out: list[str] = []
        i = 0
        while i < len(tokens):
            for size in range(min(longest, len(tokens) - i), 0, -1):
                replacement = table.get(tuple(tokens[i : i + size]))
                if replacement is not None:
                    out.extend(replacement)
                    i += size
                    break
            else:
                out.append(tokens[i])
                i += 1
        return out

    def _normalise_once(self, text: str) -> str:
        tokens = _raw_tokens(text)
        tokens = _dedupe(self._join_phrases(self._expand_slang(tokens)))
        return " ".join(tokens)[:MAX_CHARS].rstrip()

    def normalise(self, text: str) -> str:
        """Clean ``text`` into standard tokens separated by single spaces (see module doc)."""
        result = self._normalise_once(text)
        # Joining can create a new phrase next to a replacement; repeat until nothing changes.
        for _ in range(4):
            again = self._normalise_once(result)
            if again == result:
                break
            result = again
        return result

    # --- concepts ------------------------------------------------------------------------

    def concept_of(self, token: str) -> str:
        """The concept a normalised token stands for ("" for a stopword)."""
        concept = self._concept_cache.get(token)
        if concept is None:
            concept = self._concept_of(token)
            if len(self._concept_cache) < MAX_CONCEPTS_CACHED:
                self._concept_cache[token] = concept
        return concept

    def _concept_of(self, token: str) -> str:
        stopwords = self.lexicon.stopwords
        if token in stopwords or (len(token) == 1 and token.isalpha()):
            return ""
        table = self.lexicon.concepts
        concept = table.get(token)
        if concept is None:
            # Particles and the possessive: "tujuannya", "bolehkah", "apalah" -> the listed word.
            for suffix in _PARTICLES:
                if token.endswith(suffix) and len(token) - len(suffix) >= 4:
                    concept = table.get(token[: -len(suffix)])
                    if concept is not None:
                        break
        if concept is None:
            stemmed = stem(token)
            concept = table.get(stemmed)
            if concept is None and token.endswith("s") and len(token) > 4:
                concept = table.get(token[:-1])  # English plurals of lexicon words
            if concept is None:
                concept = stemmed
        return "" if concept in stopwords else concept

    def level_match(self, tokens: Sequence[str]) -> frozenset[str]:
        """The level-match concept when normalised ``tokens`` name two levels of government.

        "kabupaten ... dengan provinsi di luar negeri" asks whether the levels may differ; the
        level words themselves are stopwords, so without this the question loses its point.
        """
        table = self.lexicon.concepts
        named = {table.get(t) or table.get(stem(t), "") for t in tokens} & self.lexicon.levels
        return self.lexicon.level_match if len(named) >= 2 else frozenset()

    def concepts(self, tokens: Sequence[str]) -> list[str]:
        """Concept tokens of normalised tokens, stopwords dropped, order kept."""
        out: list[str] = []
        for token in tokens:
            concept = self.concept_of(token)
            if concept:
                out.append(concept)
        return out

    def analyse(self, text: str) -> list[str]:
        """:meth:`normalise` then :meth:`concepts`."""
        return self.concepts(self.normalise(text).split())

    def detect_language(self, text: str) -> Language | None:
        """``en`` when the text is clearly English, ``id`` when clearly Indonesian, else None."""
        text = text[:MAX_CHARS]
        tokens = [t for raw in _raw_tokens(text) for t in self._slang.get(raw) or (raw,)]
        # An Indonesian name inside an English question ("the Pusat Fasilitasi Kerja Sama")
        # says nothing about the asker's language: its words do not count as Indonesian.
        named = _proper_name_tokens(text)
        english = sum(1 for t in tokens if t in self.lexicon.english_markers)
        indonesian = sum(
            1 for t in tokens if t in self.lexicon.indonesian_markers and t not in named
        )
        if english >= 2 and english >= 2 * indonesian + 1:
            return "en"
        if english == 1 and indonesian == 0 and len(tokens) <= 2:
            return "en"
        if indonesian >= 1 and indonesian >= english:
            return "id"
        return None


def language_detector(knowledge_dir: Path) -> Callable[[str], Language | None]:
    """What the answer engine of the knowledge base in ``knowledge_dir`` says of a text's
    language, from its word lists alone (``knowledge_dir/lexicon``, else the bundled ones).

    The dialogue looks at every message's language, the greeting's too; the word lists are
    enough for that, so a chat can greet before the entries are loaded and indexed.
    """
    return Normaliser(lexicon_at(directory_for(knowledge_dir))).detect_language
