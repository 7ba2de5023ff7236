"""The word lists behind :mod:`bot.core.answers._text`: slang, phrases, concepts, stopwords, roles.

Officers write Indonesian with abbreviations and typos, and sometimes English. Both are
mapped into one space of *concepts* (mostly Indonesian stems), so that "persetujuan DPRD",
"dprd harus setuju" and "does the regional parliament approve" meet on the same tokens.

The lists are curated data in ``knowledge/lexicon/*.yaml`` (each file says what it is for and
how to write it), written from the seed document and the research sheet, never from the
evaluation questions. :func:`load_lexicon` reads and validates them; a malformed file is
reported with its file and entry (:class:`LexiconError`, a
:class:`~bot.core.answers._knowledge.KnowledgeError`).

A :class:`Lexicon` is a value, never changed once loaded: nothing here is global state. The
tables and caches derived from it belong to a :class:`bot.core.answers._text.Normaliser` built from
it, one per answer engine, so engines with different word lists can run side by side in
threads.
"""

from __future__ import annotations

import importlib.resources
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from bot.core.answers._colloquial import kamus_alay
from bot.core.answers._knowledge import KnowledgeBase, KnowledgeError

# The word lists shipped in the ``knowledge`` package (data, not code: reading it is no I/O port).
BUNDLED_DIR = Path(str(importlib.resources.files("knowledge"))) / "lexicon"
OFF_TOPIC = "xoff"  # the concept of the other-topic phrases ("sister school", "dana desa")

# file -> the keys it holds (a mapping file holds target -> list of sources instead)
_MAPPING_FILES = ("slang.yaml", "phrases.yaml", "concepts.yaml")
_WORD_FILES: dict[str, tuple[str, ...]] = {
    "other-topics.yaml": ("words",),
    "concept-roles.yaml": ("intents", "places", "anchors", "strong-anchors", "actions", "actors"),
    "stopwords.yaml": ("stopwords", "generic-english"),
    "language-markers.yaml": ("english", "indonesian"),
    "everyday-words.yaml": ("english",),
}
# Keys a file may hold but need not (older lexicon directories lack them).
_OPTIONAL_KEYS: dict[str, tuple[str, ...]] = {
    "concept-roles.yaml": (
        "domestic",
        "foreign",
        "domestic-kinds",
        "levels",
        "level-match",
        "everyday-business",
        "procedure",
        "comparison",
        "fact-types",
    ),
}
# Optional: words the colloquial lexicon (Kamus Alay) must leave as they are.
_KEEP_FILE = "colloquial.yaml"
# Optional: past events and the expressions asking for a later edition of one.
_LATER_FILE = "later-events.yaml"
_WORD = re.compile(r"^[^\W_]+$")


class LexiconError(KnowledgeError):
    """A lexicon file is malformed; the message names the file and the entry."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Lexicon:
    """The validated word lists (see the files in ``knowledge/lexicon/`` for each one)."""

    directory: Path
    slang: Mapping[str, str]  # informal word -> standard form (one or more words)
    phrases: Mapping[str, tuple[str, ...]]  # canonical token(s) -> expressions
    concepts: Mapping[str, str]  # word -> concept
    off_topic: frozenset[str]
    intents: frozenset[str]
    places: frozenset[str]
    anchors: frozenset[str]
    strong_anchors: frozenset[str]
    actions: frozenset[str]
    actors: frozenset[str]
    domestic: frozenset[str] = frozenset()  # cooperation within Indonesia (another procedure)
    foreign: frozenset[str] = frozenset()  # what puts a question abroad
    domestic_kinds: frozenset[str] = frozenset()  # an entry that tells the procedures apart
    levels: frozenset[str] = frozenset()  # levels of government (city, province)
    level_match: frozenset[str] = frozenset()  # joins a question naming two levels
    # a region's ordinary business as well as this domain's (grants, the budget)
    everyday_business: frozenset[str] = frozenset()
    procedure: frozenset[str] = frozenset()  # asking how something is done
    comparison: frozenset[str] = frozenset()  # comparing two things
    fact_types: frozenset[str] = frozenset()  # question types asking for one kind of fact
    past_events: frozenset[str] = frozenset()  # events told as past (the 2019 Bimtek)
    later: tuple[str, ...] = ()  # expressions asking for a later edition ("tahun depan")
    stopwords: frozenset[str]
    generic_english: frozenset[str]
    english_markers: frozenset[str]
    indonesian_markers: frozenset[str]
    everyday_english: frozenset[str]
    # Kamus Alay (indoNLP): informal word -> standard form, under our own lists.
    colloquial: Mapping[str, str] = field(default_factory=dict)
    keep: frozenset[str] = frozenset()  # words colloquial.yaml keeps from Kamus Alay

    def counts(self) -> dict[str, int]:
        """How many entries each list holds (for ``sisterbot kb check``)."""
        return {
            "slang": len(self.slang),
            "Kamus Alay pairs": len(self.colloquial),
            "phrases": sum(len(p) for p in self.phrases.values()),
            "concept words": len(self.concepts),
            "concepts": len(set(self.concepts.values())),
            "other-topic words": len(self.off_topic),
            "anchors": len(self.anchors),
            "stopwords": len(self.stopwords) + len(self.generic_english),
        }


def _read(path: Path) -> dict[str, Any]:
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)  # noqa: S506 (a safe loader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark is not None else "YAML"
        problem = getattr(error, "problem", None) or error.__class__.__name__
        raise LexiconError(path, where, f"not valid YAML ({problem})") from None
    except (OSError, UnicodeDecodeError) as error:
        raise LexiconError(path, "", f"cannot read: {error}") from None
    if not isinstance(data, dict):
        raise LexiconError(path, "", "must be a mapping")
    return data


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """The fast safe loader, refusing a key written twice (YAML would keep the last)."""


def _unique_mapping(loader: Any, node: yaml.MappingNode) -> dict[Any, Any]:
    seen: set[object] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"{key!r} is written twice: merge the lists", key_node.start_mark
            )
        seen.add(key)
    return dict(loader.construct_mapping(node))


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _unique_mapping)


def _text(path: Path, entry: str, value: object, *, words: int | None = None) -> str:
    """One source string, checked: lower case words (exactly ``words`` of them if given)."""
    if not isinstance(value, str) or not value.strip():
        raise LexiconError(path, entry, f"{value!r} is not a word (quote it if YAML changed it)")
    parts = value.split()
    if value != " ".join(parts) or value != value.casefold():
        raise LexiconError(path, entry, f"{value!r}: write lower case, single spaces")
    if not all(_WORD.match(part) for part in parts):
        raise LexiconError(path, entry, f"{value!r}: only letters and digits")
    if words is not None and len(parts) != words:
        raise LexiconError(path, entry, f"{value!r}: must be {words} word(s)")
    return value


def _mapping(path: Path, *, source_words: int | None) -> dict[str, list[str]]:
    """target -> sources, each source under one target only."""
    table: dict[str, list[str]] = {}
    owner: dict[str, str] = {}
    for target, sources in _read(path).items():
        target = _text(path, str(target), target)
        if not isinstance(sources, list) or not sources:
            raise LexiconError(path, target, "must be a non-empty list [word, word, ...]")
        for index, source in enumerate(sources):
            source = _text(path, f"{target}[{index}]", source, words=source_words)
            if owner.get(source, target) != target:
                raise LexiconError(
                    path, f"{target}[{index}]", f"{source!r} is already under {owner[source]!r}"
                )
            owner[source] = target
            table.setdefault(target, []).append(source)
    return table


def _word_sets(
    path: Path, keys: tuple[str, ...], optional: tuple[str, ...] = ()
) -> dict[str, frozenset[str]]:
    data = _read(path)
    unknown = sorted(set(map(str, data)) - set(keys) - set(optional))
    if unknown:
        allowed = ", ".join((*keys, *optional))
        raise LexiconError(path, unknown[0], f"unknown key (expected: {allowed})")
    sets: dict[str, frozenset[str]] = {}
    for key in (*keys, *(k for k in optional if k in data)):
        value = data.get(key)
        if not isinstance(value, str) or not value.split():
            raise LexiconError(path, key, "missing, or not words separated by spaces")
        for word in value.split():
            _text(path, key, word, words=1)
        sets[key] = frozenset(value.split())
    return sets


def _later_editions(path: Path) -> tuple[frozenset[str], tuple[str, ...]]:
    """``later-events.yaml``: its events (one word each) and later expressions, if any."""
    if not path.is_file():
        return frozenset(), ()
    table = _mapping(path, source_words=None)
    unknown = sorted(set(table) - {"events", "later"})
    if unknown:
        raise LexiconError(path, unknown[0], "unknown key (expected: events, later)")
    for index, event in enumerate(table.get("events", [])):
        _text(path, f"events[{index}]", event, words=1)
    return frozenset(table.get("events", [])), tuple(table.get("later", []))


def load_lexicon(directory: Path) -> Lexicon:
    """Read and validate ``directory/*.yaml`` (the files of ``knowledge/lexicon/``).

    Raises :class:`LexiconError` naming the file and entry of the first problem.
    """
    if not directory.is_dir():
        raise LexiconError(directory, "", "lexicon directory not found")
    paths = {name: directory / name for name in (*_MAPPING_FILES, *_WORD_FILES)}
    for name, path in paths.items():
        if not path.is_file():
            raise LexiconError(path, "", f"missing lexicon file {name}")
    slang = _mapping(paths["slang.yaml"], source_words=1)
    phrases = _mapping(paths["phrases.yaml"], source_words=None)
    concepts = _mapping(paths["concepts.yaml"], source_words=1)
    sets = {
        name: _word_sets(paths[name], keys, _OPTIONAL_KEYS.get(name, ()))
        for name, keys in _WORD_FILES.items()
    }
    keep_path = directory / _KEEP_FILE
    keep = _word_sets(keep_path, ("keep",))["keep"] if keep_path.is_file() else frozenset()
    past_events, later = _later_editions(directory / _LATER_FILE)
    roles, stop = sets["concept-roles.yaml"], sets["stopwords.yaml"]
    markers = sets["language-markers.yaml"]
    return Lexicon(
        directory=directory,
        slang={source: target for target, sources in slang.items() for source in sources},
        phrases={target: tuple(sources) for target, sources in phrases.items()},
        concepts={source: target for target, sources in concepts.items() for source in sources},
        off_topic=sets["other-topics.yaml"]["words"],
        intents=roles["intents"],
        places=roles["places"],
        anchors=roles["anchors"],
        strong_anchors=roles["strong-anchors"],
        actions=roles["actions"],
        actors=roles["actors"],
        domestic=roles.get("domestic", frozenset()),
        foreign=roles.get("foreign", frozenset()),
        domestic_kinds=roles.get("domestic-kinds", frozenset()),
        levels=roles.get("levels", frozenset()),
        level_match=roles.get("level-match", frozenset()),
        everyday_business=roles.get("everyday-business", frozenset()),
        procedure=roles.get("procedure", frozenset()),
        comparison=roles.get("comparison", frozenset()),
        fact_types=roles.get("fact-types", frozenset()),
        past_events=past_events,
        later=later,
        stopwords=stop["stopwords"],
        generic_english=stop["generic-english"],
        english_markers=markers["english"],
        indonesian_markers=markers["indonesian"],
        everyday_english=sets["everyday-words.yaml"]["english"],
        colloquial=kamus_alay(),
        keep=keep,
    )


def directory_for(knowledge_dir: Path | None) -> Path:
    """``knowledge_dir/lexicon`` when it exists, else the bundled lexicon."""
    if knowledge_dir is not None and (knowledge_dir / "lexicon").is_dir():
        return knowledge_dir / "lexicon"
    return BUNDLED_DIR


@lru_cache(maxsize=8)
def lexicon_at(directory: Path) -> Lexicon:
    """:func:`load_lexicon`, loaded once per directory (engines share it)."""
    return load_lexicon(directory)


def lexicon_for(knowledge: KnowledgeBase) -> Lexicon:
    """The lexicon beside a knowledge base's files (``<knowledge dir>/lexicon``), else the
    bundled one (a knowledge base built in memory has no files)."""
    first = next(iter(knowledge.files.values()), None)
    if first is None:
        return lexicon_at(BUNDLED_DIR)
    kb_dir = first.parent
    return lexicon_at(directory_for(kb_dir.parent if kb_dir.name == "kb" else kb_dir))
