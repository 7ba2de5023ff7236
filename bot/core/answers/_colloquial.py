"""Colloquial Indonesian -> standard words: the Kamus Alay lexicon and colloquial verb forms.

Two sources, both applied by :meth:`bot.core.answers._text.Normaliser.normalise`:

* **Kamus Alay** (Salsabila et al., MIT), the colloquial lexicon the ``indoNLP`` package
  ships: several thousand informal word -> standard form pairs ("sampe" -> sampai, "kerjaan"
  -> pekerjaan, "taun" -> tahun). It is read once per process (:func:`kamus_alay`) and merged
  under the curated lists of ``knowledge/lexicon/`` (:class:`SlangTable`): our lists win, a
  word our lists use keeps its meaning, and so does a standard root word (the Kamus maps
  "kaya" to "kayak" and "konsul" to "konsultasi"; neither is slang) and anything in
  ``colloquial.yaml``'s ``keep`` list. (Its stretched spellings, "akuuu", are reached by
  squeezing the letters first; its entries with digits or quotes are not used.)
* **Colloquial verb forms** (:func:`standard_form`): Jakarta-style verbs drop ``me-`` and
  write ``-in`` for ``-kan``/``-i`` ("ngajuin" -> mengajukan, "nyiapin" -> menyiapkan,
  "dikirimin" -> dikirimkan, "ngecek" -> mengecek, "ngurusinnya" -> mengurusinya), which no
  finite list covers. A form is rewritten only when PySastrawi then finds a root word in it.

Both are pure functions of their input and idempotent: a rewritten word is standard, so it
is never rewritten again.
"""

from __future__ import annotations

import importlib.util
import logging
from collections.abc import Callable, Collection, Mapping
from functools import lru_cache
from pathlib import Path

log = logging.getLogger(__name__)

_MIN_CHARS = 5  # shorter words are too often something else ("nih", "ngk")
_MAX_CACHED = 65536
_CLITIC = "nya"


@lru_cache(maxsize=1)
def kamus_alay() -> Mapping[str, str]:
    """indoNLP's ``SLANG_DATA`` (Kamus Alay), read once; empty if indoNLP is missing.

    Only its data module is loaded: importing the package would also import its dataset
    downloader (``urllib``, ``http.client``), a tenth of a second of every cold start of
    ``sisterbot ask`` for nothing used here.
    """
    spec = importlib.util.find_spec("indoNLP")
    locations = list(spec.submodule_search_locations or []) if spec is not None else []
    if not locations:
        log.warning("indoNLP is not installed: colloquial words rely on knowledge/lexicon only")
        return {}
    path = Path(locations[0]) / "preprocessing" / "slang_data.py"
    module_spec = importlib.util.spec_from_file_location("_indonlp_slang_data", path)
    if module_spec is None or module_spec.loader is None:
        return {}
    module = importlib.util.module_from_spec(module_spec)
    module_spec.loader.exec_module(module)
    data = getattr(module, "SLANG_DATA", {})
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}


class SlangTable:
    """Informal word -> standard tokens: ``ours`` first, then the ``colloquial`` pairs we accept.

    A colloquial pair is left out when its word is ``protected`` (a word our lists use),
    shorter than ``min_chars``, a root word (``is_root``), a standard affixed word
    (``is_standard``: "baiknya"), part of its own standard form ("masing" ->
    masing-masing), or when following the table from it runs in a circle. Chains are
    followed to their end (``ngga`` -> enggak -> tidak), so the tokens returned are final.
    Words are resolved on first use and remembered: building the table costs nothing at
    start, and thousands of pairs no question uses are never looked at.
    """

    def __init__(
        self,
        ours: Mapping[str, str],
        colloquial: Mapping[str, str],
        *,
        protected: Collection[str],
        tokens: Callable[[str], list[str]],
        is_root: Callable[[str], bool],
        is_standard: Callable[[str], bool],
        min_chars: int,
    ) -> None:
        """``tokens`` splits a text as normalisation does (values come out in normal form)."""
        self._ours = {word: tuple(value.split()) for word, value in ours.items()}
        self._colloquial = colloquial
        self._protected = protected
        self._tokens = tokens
        self._is_root = is_root
        self._is_standard = is_standard
        self._min_chars = min_chars
        self._resolved: dict[str, tuple[str, ...] | None] = {}

    def get(self, word: str) -> tuple[str, ...] | None:
        """The standard tokens for ``word``, or None when it stays as written."""
        if word in self._resolved:
            return self._resolved[word]
        found = self._follow(word, ())
        result = None if found is None or found == (word,) else found
        if len(self._resolved) < _MAX_CACHED:
            self._resolved[word] = result
        return result

    def _pair(self, word: str) -> tuple[str, ...] | None:
        """The table's own entry for ``word`` (unresolved), or None."""
        ours = self._ours.get(word)
        if ours is not None:
            return ours
        standard = self._colloquial.get(word)
        if (
            standard is None
            or len(word) < self._min_chars
            or word in self._protected
            or self._is_root(word)
            or self._is_standard(word)
        ):
            return None
        value = tuple(self._tokens(standard))
        return value if value and word not in value else None

    def _follow(self, word: str, seen: tuple[str, ...]) -> tuple[str, ...] | None:
        """``word`` expanded to the end; None when that runs in a circle."""
        if word in seen:
            return None
        value = self._pair(word)
        if value is None:
            return (word,)
        out: list[str] = []
        for token in value:
            expanded = (token,) if token == word else self._follow(token, (*seen, word))
            if expanded is None:
                return None
            out.extend(expanded)
        return tuple(out)


def is_standard(word: str, *, stem: Callable[[str], str]) -> bool:
    """Whether PySastrawi reads ``word`` as an affixed standard word ("baiknya", "berbeda")."""
    return stem(word) != word


def _me_forms(body: str) -> list[str]:
    """Standard ``me-`` forms of a colloquial verb without its ``me-``."""
    if body.startswith("nge") and len(body) > _MIN_CHARS:
        return ["me" + body[3:], "menge" + body[3:]]  # ngelapor -> melapor, ngecek -> mengecek
    if body.startswith(("ng", "ny", "m", "n")) and not body.startswith("me"):
        return ["me" + body]  # ngurus -> mengurus, nyiapkan -> menyiapkan, nulis -> menulis
    return [body]  # dikirimkan, bikinkan: the form itself


def standard_form(
    token: str,
    *,
    stem: Callable[[str], str],
    is_root: Callable[[str], bool],
    known: Callable[[str], bool],
) -> str | None:
    """The standard form of a colloquial verb ("ngajuin" -> mengajukan), or None.

    None for a word that is standard already (a root, or one PySastrawi can stem) and for
    anything whose candidate forms hold no root word. A form the lexicon ``known`` lists
    wins ("disetujuin" -> disetujui, not "disetujukan").
    """
    if len(token) < _MIN_CHARS or not token.isalpha() or not token.isascii():
        return None
    if is_root(token) or is_standard(token, stem=stem):
        return None
    body, clitic = token, ""
    if body.endswith(_CLITIC) and len(body) - len(_CLITIC) >= _MIN_CHARS - 1:
        body, clitic = body[: -len(_CLITIC)], _CLITIC
    bodies = [body[:-2] + "kan", body[:-2] + "i"] if body.endswith("in") else [body]
    candidates = [c for form in bodies for c in _me_forms(form)]
    found = next((c for c in candidates if known(c)), None)
    if found is None:
        found = next((c for c in candidates if stem(c) != c and is_root(stem(c))), None)
    return None if found is None else found + clitic
