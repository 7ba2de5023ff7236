"""``sisterbot kb check``: validate the knowledge base and print its counts."""

from __future__ import annotations

import argparse
import sys


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``kb`` subcommand."""
    parser = subparsers.add_parser(
        "kb",
        help="knowledge-base tools (check)",
        description="Knowledge-base tools.",
    )
    actions = parser.add_subparsers(dest="kb_action", metavar="ACTION", required=True)
    check = actions.add_parser(
        "check",
        help="validate knowledge/ and print entry counts",
        description="Validate every entry of knowledge/kb/*.yaml (fields, languages, "
        "required ids, related entries) and the word lists of knowledge/lexicon/*.yaml, and "
        "print the counts. Exit status 1 with the file and field of the first problem.",
    )
    check.set_defaults(func=run)


def run(_args: argparse.Namespace) -> int:
    """Validate and print counts."""
    from bot.config import Settings
    from bot.core.knowledge import KnowledgeError, load_knowledge
    from bot.core.lexicon import directory_for, load_lexicon

    settings = Settings.from_env()
    try:
        knowledge = load_knowledge(settings.knowledge_dir)
        lexicon = load_lexicon(directory_for(settings.knowledge_dir))
    except KnowledgeError as error:
        print(f"sisterbot: knowledge base error: {error}", file=sys.stderr)
        return 1
    counts = knowledge.counts()
    print(f"knowledge base OK: {settings.knowledge_dir}")
    print(f"  entries: {counts['entries']}")
    for language in ("id", "en"):
        print(
            f"  {language}: {counts[f'phrasings_{language}']} phrasings, "
            f"{counts[f'keywords_{language}']} keywords"
        )
    print(f"lexicon OK: {lexicon.directory}")
    print("  " + ", ".join(f"{name}: {count}" for name, count in lexicon.counts().items()))
    return 0
