"""Colloquial Indonesian -> standard words: the Kamus Alay lexicon and colloquial verb forms.

Two sources, both applied by :meth:`bot.core.answers._text.Normaliser.normalise`:

* **Kamus Alay** (Salsabila et al., MIT), the colloquial lexicon the ``indoNLP`` package
  ships: several thousand informal word -> standard form pairs ("sampe" -> sampai, "kerjaan"
  -> pekerjaan, "taun" -> tahun). It is read once per process (:func:`kamus_alay`) and merged
  under the curated lists of ``knowledge/lexicon/`` (:func:`merged_slang`): our lists win, a
  word our lists use keeps its meaning, and so does a standard root word (the Kamus maps
  "kaya" to "kayak" and "konsul" to "konsultasi"; neither is slang) and anything in
  ``colloquial.yaml``'s ``keep`` list.
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


def merged_slang(
    ours: Mapping[str, str],
    colloquial: Mapping[str, str],
    *,
    protected: Collection[str],
    tokens: Callable[[str], list[str]],
    is_root: Callable[[str], bool],
    min_chars: int,
) -> dict[str, tuple[str, ...]]:
    """One table word -> standard tokens: ``ours``, then the ``colloquial`` pairs we accept.

    ``tokens`` splits a text as normalisation does (so keys and values are in normal form);
    a colloquial pair is left out when its word is ``protected`` (a word our lists use), a
    root word (``is_root``), not one plain word of ``min_chars`` letters or more once
    normalised ("waaa" is "wa"), part of its own standard form
    ("masing" -> masing-masing), or when following the table from it runs in a circle.
    Chains are followed to their end (``ngga`` -> enggak -> tidak), so one pass of the
    table is final. (A standard affixed word the Kamus lists, "baiknya", is left alone when
    the table is used: see :func:`is_standard`.)
    """
    table: dict[str, tuple[str, ...]] = {}
    for word, standard in ours.items():
        table[word] = tuple(tokens(standard))
    for raw, standard in colloquial.items():
        keys = tokens(raw)
        if len(keys) != 1 or not keys[0].isalpha() or len(keys[0]) < min_chars:
            continue
        word = keys[0]
        if word in table or word in protected or is_root(word):
            continue
        value = tuple(tokens(standard))
        if value and word not in value:
            table[word] = value
    resolved: dict[str, tuple[str, ...]] = {}
    for word in table:
        final = _follow(word, table, ())
        if final is not None and final != (word,):
            resolved[word] = final
    return resolved


def _follow(
    word: str, table: Mapping[str, tuple[str, ...]], seen: tuple[str, ...]
) -> tuple[str, ...] | None:
    """``word`` expanded through ``table`` to the end; None when it runs in a circle."""
    if word in seen:
        return None
    value = table.get(word)
    if value is None:
        return (word,)
    out: list[str] = []
    for token in value:
        expanded = (token,) if token == word else _follow(token, table, (*seen, word))
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
