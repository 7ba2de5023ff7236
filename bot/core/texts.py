"""What the bot says, in Indonesian and English: one style for every feature.

Each feature keeps a catalogue of :class:`Text` values (a module-level mapping named
``TEXTS``, named constants, or a tuple of them); a ``Text`` cannot be made without both
languages, and ``tests/core/test_texts.py`` checks every catalogue in the project: no
empty sentence, the same ``{placeholders}`` in both languages. The same test keeps the
style single: outside this module no code picks its words by comparing a language
(``"..." if language == "en" else "..."``) or keeps ``{"id": ..., "en": ...}`` pairs.
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from dataclasses import dataclass

from bot.core.models import Language


@dataclass(frozen=True, slots=True, kw_only=True)
class Text:
    """One sentence in Indonesian (``id``, the default) and English (``en``)."""

    id: str
    en: str

    def __call__(self, language: Language, **values: object) -> str:
        """The sentence in ``language``, its ``{placeholders}`` filled from ``values``."""
        sentence = self.en if language == "en" else self.id
        return sentence.format(**values) if values else sentence

    def placeholders(self, language: Language) -> frozenset[str]:
        """The names of the ``{placeholders}`` in one language's sentence."""
        sentence = self.en if language == "en" else self.id
        return frozenset(
            name for _, name, _, _ in string.Formatter().parse(sentence) if name is not None
        )


def lookup(catalogue: Mapping[str, Text], key: str, language: Language, **values: object) -> str:
    """``catalogue[key]`` in ``language``; a missing key is a programming error (KeyError)."""
    return catalogue[key](language, **values)
