"""``sisterbot ask``: answer one question, or one question per stdin line, from the knowledge base.

Only the knowledge base and the retrieval engine are loaded (no database, no channel
library), so the first answer comes fast from a cold start. A question about the registry
("kerjasama jatim dg osaka msh aktif ga", "jepang") is no knowledge-base question: as in
the chat, it is told apart first (with the region index and the seed agreements,
``knowledge/agreements.csv``), the knowledge base does not answer it (``entry_id`` null)
and the reply points to ``sisterbot status`` (``"feature": "status"`` in JSON).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, TextIO

from bot.app.commands._stdin import add_json_modes, printable, stdin_lines
from bot.core.texts import Text

if TYPE_CHECKING:
    from bot.config import Settings
    from bot.core.answers import AnswerEngine, KnowledgeBase
    from bot.core.models import Answer, Language
    from bot.core.status import StatusLookup

REGISTRY_HINT = Text(
    id="Ini pertanyaan tentang data kerja sama, bukan prosedur. Jawabannya dari data "
    'kerja sama sisterbot: sisterbot status "{query}" (atau tanyakan di chat).',
    en="This is a question about the agreements on record, not about procedure. The "
    'registry answers it: sisterbot status "{query}" (or ask in the chat).',
)
TEXTS: Mapping[str, Text] = {
    "source": Text(id="Sumber: {source}", en="Source: {source}"),
    "no_answer": Text(
        id="Maaf, saya belum punya jawaban untuk pertanyaan itu.",
        en="Sorry, I don't have an answer to that.",
    ),
    "closest": Text(id="Topik terdekat:", en="Closest topics:"),
}


class RegistryQuestions:
    """Tells registry questions apart, as the chat does (built on first use)."""

    def __init__(self, settings: Settings) -> None:
        self._settings = settings
        self._lookup: StatusLookup | None = None
        self._unavailable = False

    def asks(self, question: str) -> bool:
        """Whether ``question`` asks about a region's, partner's or country's agreements.

        A knowledge directory without a readable registry (only ``kb/``, say) has no
        registry questions: every question goes to the knowledge base.
        """
        if self._lookup is None and not self._unavailable:
            from bot.agreement_files.rows import ImportFailed, read_agreements
            from bot.core.status import AgreementList, RegionIndex, StatusLookup

            folder = self._settings.knowledge_dir
            try:
                regions = RegionIndex.load(folder / "regions.csv")
                seed = read_agreements(folder / "agreements.csv", regions)
            except (OSError, ValueError, KeyError, ImportFailed):
                self._unavailable = True
                return False
            self._lookup = StatusLookup(regions=regions, agreements=AgreementList(seed))
        return self._lookup is not None and self._lookup.understand(question) is not None


NOT_RECORDED = (
    "sisterbot: not recorded as a knowledge gap (questions asked with sisterbot ask never "
    "are; questions asked in a chat are: sisterbot kb gaps)"
)


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``ask`` subcommand."""
    parser = subparsers.add_parser(
        "ask",
        help="answer a question from the knowledge base",
        description="Answer a question from the knowledge base, or abstain honestly. "
        "With --json, print one JSON object {query, entry_id, score, answer, source, "
        "suggestions}; with --jsonl, read one question per line from standard input and "
        "print one JSON object per line. Questions asked here are not recorded as knowledge "
        "gaps (see sisterbot kb gaps --help).",
    )
    parser.add_argument("question", nargs="*", help="the question (quote it or not)")
    add_json_modes(parser, "question")
    parser.add_argument(
        "--full",
        action="store_true",
        help="print the fuller text of the entry after the short answer "
        '(with --json/--jsonl: a "full" field)',
    )
    parser.add_argument(
        "--lang",
        choices=("auto", "id", "en"),
        default="auto",
        help="answer language (default: English for English questions, else Indonesian)",
    )
    parser.set_defaults(func=run)


def _language(engine: AnswerEngine, question: str, choice: str) -> Language:
    if choice in ("id", "en"):
        return "en" if choice == "en" else "id"
    return engine.detect_language(question) or "id"


def as_json(
    answer: Answer, language: Language, *, full: bool = False, registry: bool = False
) -> dict[str, Any]:
    """The ``ask --json`` object of DESIGN.md (with ``full``: the fuller text too).

    A registry question (``registry``) is not answered from the knowledge base:
    ``entry_id`` null, no suggestions, and ``"feature": "status"``.
    """
    if registry:
        return {
            "query": answer.query,
            "entry_id": None,
            "score": 0.0,
            "answer": None,
            "source": None,
            "suggestions": [],
            "feature": "status",
        } | ({"full": None} if full else {})
    entry = answer.entry
    payload: dict[str, Any] = {
        "query": answer.query,
        "entry_id": entry.id if entry else None,
        "score": answer.score,
        "answer": entry.short.get(language) if entry else None,
        "source": entry.source.get(language) if entry else None,
        "suggestions": [{"entry_id": s.entry_id, "score": s.score} for s in answer.suggestions],
    }
    if full:
        payload["full"] = entry.full.get(language) if entry else None
    return payload


def as_text(
    answer: Answer, knowledge: KnowledgeBase, language: Language, *, full: bool = False
) -> str:
    """A readable answer for the terminal (with ``full``: the fuller text after the short one)."""
    entry = answer.entry
    if entry is not None:
        source = TEXTS["source"](language, source=entry.source.get(language))
        more = f"\n\n{entry.full.get(language)}" if full else ""
        return f"{entry.title.get(language)}\n\n{entry.short.get(language)}{more}\n\n{source}"
    lines = [TEXTS["no_answer"](language)]
    suggested = [(knowledge.get(s.entry_id), s.score) for s in answer.suggestions]
    if suggested:
        lines.append(TEXTS["closest"](language))
        lines.extend(
            f"  - {e.title.get(language)} [{e.id}]" for e, _score in suggested if e is not None
        )
    return "\n".join(lines)


def _answer_lines(
    engine: AnswerEngine,
    registry: RegistryQuestions,
    lines: Iterable[str],
    args: argparse.Namespace,
    out: TextIO,
) -> None:
    for line in lines:
        question = printable(line.rstrip("\r\n"))
        answer = engine.answer(question)
        language = _language(engine, question, args.lang)
        payload = as_json(answer, language, full=args.full, registry=registry.asks(question))
        out.write(json.dumps(payload, ensure_ascii=False) + "\n")
        out.flush()


def run(args: argparse.Namespace) -> int:
    """Answer and print."""
    from bot.config import Settings
    from bot.core.answers import AnswerEngine, KnowledgeError, load_knowledge

    settings = Settings.from_env()
    try:
        knowledge = load_knowledge(settings.knowledge_dir)
        engine = AnswerEngine(knowledge)  # also loads knowledge/lexicon (LexiconError)
    except KnowledgeError as error:
        print(f"sisterbot: knowledge base error: {error}", file=sys.stderr)
        return 1
    registry = RegistryQuestions(settings)
    if args.jsonl:
        _answer_lines(engine, registry, stdin_lines(), args, sys.stdout)
        return 0
    question = printable(" ".join(args.question))
    if not question.strip():
        print(
            'sisterbot: give a question, e.g. sisterbot ask "perlu persetujuan DPRD?"',
            file=sys.stderr,
        )
        return 2
    answer = engine.answer(question)
    language = _language(engine, question, args.lang)
    asks_registry = registry.asks(question)
    if args.json:
        payload = as_json(answer, language, full=args.full, registry=asks_registry)
        print(json.dumps(payload, ensure_ascii=False))
    elif asks_registry:
        print(REGISTRY_HINT(language, query=question))
    else:
        print(as_text(answer, knowledge, language, full=args.full))
    if answer.entry is None:
        # Decided: `ask` records nothing (no database, a fast cold start; evaluation sets
        # run through it would bury the officers' questions). Say so where a curator looks.
        print(NOT_RECORDED, file=sys.stderr)
    return 0
