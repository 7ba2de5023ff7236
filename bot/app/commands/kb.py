"""``sisterbot kb check|gaps|feedback``: validate the knowledge base; curators' reports."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``kb`` subcommand."""
    parser = subparsers.add_parser(
        "kb",
        help="knowledge-base tools (check, gaps, feedback)",
        description="Knowledge-base tools.",
    )
    actions = parser.add_subparsers(dest="kb_action", metavar="ACTION", required=True)
    check = actions.add_parser(
        "check",
        help="validate knowledge/ and print entry counts",
        description="Validate every entry of knowledge/kb/*.yaml (fields, languages, "
        "required ids, related entries), the word lists of knowledge/lexicon/*.yaml and the "
        "shipped registry knowledge/agreements.csv (every row, as an import is checked), and "
        "print the counts. Exit status 1 with the file and field (or line and column) of "
        "the problems.",
    )
    check.set_defaults(func=run)
    gaps = actions.add_parser(
        "gaps",
        help="questions the bot could not answer, most asked first",
        description="For curators: the questions the bot abstained on in a chat "
        "(Telegram, WhatsApp, sisterbot chat; recorded in the database), grouped by their "
        "text, most asked first, with the closest entry the bot suggested. Use them to write "
        "new phrasings or entries from the sources. Questions asked with sisterbot ask are "
        "not recorded: it is the curators' and the benchmark's tool, and evaluation sets "
        "run through it would bury the officers' questions.",
    )
    gaps.add_argument(
        "--limit",
        type=non_negative,
        default=50,
        help="how many questions to list (default 50; 0 prints only the totals)",
    )
    gaps.add_argument("--json", action="store_true", help="print one JSON list")
    gaps.set_defaults(func=run_gaps)
    feedback = actions.add_parser(
        "feedback",
        help="thumbs up / down per entry",
        description="For curators: how often each entry's answer was marked helpful or "
        "not helpful, the least helpful first, with the questions that got a thumbs down.",
    )
    feedback.add_argument("--json", action="store_true", help="print one JSON list")
    feedback.set_defaults(func=run_feedback)


def run(_args: argparse.Namespace) -> int:
    """Validate and print counts."""
    from bot.config import Settings
    from bot.core.answers import (
        AnswerEngine,
        KnowledgeError,
        directory_for,
        load_knowledge,
        load_lexicon,
    )

    settings = Settings.from_env()
    try:
        knowledge = load_knowledge(settings.knowledge_dir)
        lexicon = load_lexicon(directory_for(settings.knowledge_dir))
        # Building the engine checks what needs both: each entry's subject concepts.
        AnswerEngine(knowledge, lexicon=lexicon)
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
    return check_registry(settings.knowledge_dir)


def check_registry(knowledge_dir: Path) -> int:
    """Validate ``agreements.csv`` like an import; print its counts, or every problem."""
    from collections import Counter

    from bot.agreement_files.rows import ImportFailed, parse_agreements
    from bot.agreement_files.shipped import SHIPPED_FILE
    from bot.core.models import NOT_SIGNED_STAGES
    from bot.core.status import RegionIndex

    path = knowledge_dir / SHIPPED_FILE
    if not path.is_file():
        print(f"registry: none shipped ({path} does not exist)")
        return 0
    try:
        agreements = parse_agreements(path, RegionIndex.load(knowledge_dir / "regions.csv"))
    except ImportFailed as failed:
        print(f"sisterbot: registry error: {failed}", file=sys.stderr)
        return 1
    stages = Counter(a.stage.value for a in agreements)
    print(f"registry OK: {path}")
    print(
        f"  agreements: {len(agreements)} in {len({a.region_code for a in agreements})} "
        f"regions; unverified: {sum(not a.verified for a in agreements)}, not a formal "
        f"KSDPL: {sum(not a.formal for a in agreements)}, not signed: "
        f"{sum(a.stage in NOT_SIGNED_STAGES for a in agreements)}, without an evidence date: "
        f"{sum(a.as_of is None for a in agreements)}"
    )
    print("  stages: " + ", ".join(f"{stage}: {n}" for stage, n in stages.most_common()))
    return 0


def run_gaps(args: argparse.Namespace) -> int:
    """Print the recorded knowledge gaps, grouped and counted."""
    from bot.app.root import opened_database
    from bot.config import Settings
    from bot.core.answers import gap_report

    with opened_database(Settings.from_env()) as database:
        every = gap_report(database.curator.gaps(), limit=None)
    rows = every[: args.limit]
    if args.json:
        print(json.dumps([row.to_json() for row in rows], ensure_ascii=False, indent=2))
        return 0
    if not every:
        print("no unanswered questions recorded")
        return 0
    print(
        f"{len(every)} distinct unanswered question(s), {sum(r.count for r in every)} asked "
        f"in all; showing {len(rows)}, most asked first"
    )
    if rows:
        print(f"{'asked':>5}  question  (closest entry)")
    for row in rows:
        closest = f"  (closest: {row.best_entry_id})" if row.best_entry_id else ""
        print(f"{row.count:5d}  {row.query}{closest}")
    return 0


def non_negative(text: str) -> int:
    """An argparse type: a whole number of 0 or more."""
    if not (text.isascii() and text.isdigit()):
        raise argparse.ArgumentTypeError(f"must be a whole number of 0 or more, got {text!r}")
    return int(text)


def run_feedback(args: argparse.Namespace) -> int:
    """Print thumbs up / down per entry."""
    from bot.app.root import opened_database
    from bot.config import Settings
    from bot.core.answers import feedback_report

    with opened_database(Settings.from_env()) as database:
        rows = feedback_report(database.curator.feedback())
    if args.json:
        print(json.dumps([row.to_json() for row in rows], ensure_ascii=False, indent=2))
        return 0
    if not rows:
        print("no feedback recorded")
    for row in rows:
        print(f"{row.entry_id:12s} 👍 {row.helpful:3d}  👎 {row.not_helpful:3d}")
        for query in row.unhelpful_queries:
            print(f"             👎 {query}")
    return 0
