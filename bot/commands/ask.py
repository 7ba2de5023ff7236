"""``sisterbot ask``: answer one question, or one question per stdin line, from the knowledge base.

Only the knowledge base and the retrieval engine are loaded (no database, no channel
library), so the first answer comes fast from a cold start.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, TextIO

from bot.commands._stdin import add_json_modes, printable, stdin_lines

if TYPE_CHECKING:
    from bot.core.answers import AnswerEngine, KnowledgeBase
    from bot.core.models import Answer, Language


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


def as_json(answer: Answer, language: Language) -> dict[str, Any]:
    """The ``ask --json`` object of DESIGN.md."""
    entry = answer.entry
    return {
        "query": answer.query,
        "entry_id": entry.id if entry else None,
        "score": answer.score,
        "answer": entry.short.get(language) if entry else None,
        "source": entry.source.get(language) if entry else None,
        "suggestions": [{"entry_id": s.entry_id, "score": s.score} for s in answer.suggestions],
    }


def as_text(answer: Answer, knowledge: KnowledgeBase, language: Language) -> str:
    """A readable answer for the terminal."""
    entry = answer.entry
    if entry is not None:
        source = "Source" if language == "en" else "Sumber"
        return (
            f"{entry.title.get(language)}\n\n{entry.short.get(language)}\n\n"
            f"{source}: {entry.source.get(language)}"
        )
    if language == "en":
        lines = ["Sorry, I don't have an answer to that."]
        heading = "Closest topics:"
    else:
        lines = ["Maaf, saya belum punya jawaban untuk pertanyaan itu."]
        heading = "Topik terdekat:"
    suggested = [(knowledge.get(s.entry_id), s.score) for s in answer.suggestions]
    if suggested:
        lines.append(heading)
        lines.extend(
            f"  - {e.title.get(language)} [{e.id}]" for e, _score in suggested if e is not None
        )
    return "\n".join(lines)


def _answer_lines(engine: AnswerEngine, lines: Iterable[str], choice: str, out: TextIO) -> None:
    for line in lines:
        question = printable(line.rstrip("\r\n"))
        answer = engine.answer(question)
        payload = as_json(answer, _language(engine, question, choice))
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
    if args.jsonl:
        _answer_lines(engine, stdin_lines(), args.lang, sys.stdout)
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
    if args.json:
        print(json.dumps(as_json(answer, language), ensure_ascii=False))
    else:
        print(as_text(answer, knowledge, language))
    if answer.entry is None:
        # Decided: `ask` records nothing (no database, a fast cold start; evaluation sets
        # run through it would bury the officers' questions). Say so where a curator looks.
        print(NOT_RECORDED, file=sys.stderr)
    return 0
