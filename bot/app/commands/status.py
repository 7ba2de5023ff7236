"""``sisterbot status``: look up a region's (or a partner's) agreements.

Prints the same reply the chat gives, or with --json one object ``{query, match, region,
candidates, agreements}`` (DESIGN.md); with --jsonl one query per stdin line and one
JSON object per line.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING, Any

from bot.app.commands._stdin import add_json_modes, stdin_lines

if TYPE_CHECKING:
    from datetime import date

    from bot.core.models import Language
    from bot.core.reminders import ReminderPolicy
    from bot.core.status import StatusResult


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``status`` subcommand."""
    parser = subparsers.add_parser(
        "status",
        help="look up a region's or a partner's agreements",
        description="Look up agreements by region (name, alias, code; typos tolerated), "
        "by partner name (exonyms too: tokio) or by country (jepang, korea selatan, japan), "
        "or ask as in the chat (kerjasama jatim dg osaka msh aktif ga). With --json print "
        "one JSON object {query, match, region, candidates, agreements} (and country, when "
        "partners in one country were asked for); with --jsonl read one query per stdin "
        "line and print "
        "one JSON object per line.",
    )
    parser.add_argument(
        "query", nargs="*", help="region, partner or country, e.g. jatim, 35.78, tokio, jepang"
    )
    add_json_modes(parser, "query")
    parser.add_argument(
        "--lang", choices=("id", "en"), default="id", help="reply language (default: id)"
    )
    parser.set_defaults(func=run)


def as_json(result: StatusResult, policy: ReminderPolicy, today: date) -> dict[str, Any]:
    """The ``status --json`` object of DESIGN.md."""
    from bot.core.status import agreement_json

    region = result.region
    candidates = result.match.candidates if region is None or result.match.kind != "exact" else ()
    payload: dict[str, Any] = {
        "query": result.query,
        "match": result.match.kind,
        "region": (
            {"code": region.code, "name": region.name, "level": region.level.value}
            if region
            else None
        ),
        "candidates": [
            {"code": c.region.code, "name": c.region.name, "score": c.score} for c in candidates
        ],
        "agreements": [agreement_json(a, policy, today) for a in result.agreements],
    }
    if result.country is not None:
        payload["country"] = result.country  # partners in one country were asked for
    return payload


def run(args: argparse.Namespace) -> int:
    """Look up and print."""
    from bot.app.root import build_policy, build_regions, opened_database
    from bot.config import Settings
    from bot.core.clock import SystemClock
    from bot.core.dialogue import Turn
    from bot.core.models import Incoming
    from bot.core.status import StatusFeature, local_today

    if not args.jsonl and not " ".join(args.query).strip():
        print(
            "sisterbot status: give a region or partner name, e.g. sisterbot status jatim "
            "(or --jsonl to read one per line)",
            file=sys.stderr,
        )
        return 2
    settings = Settings.from_env()
    regions = build_regions(settings)
    policy = build_policy(settings)
    clock = SystemClock()
    language: Language = "en" if args.lang == "en" else "id"

    def turn_for(query: str) -> Turn:
        incoming = Incoming(channel="console", user_id="cli", chat_id="cli", text=query)
        return Turn(
            incoming=incoming,
            text=query,
            language=language,
            language_chosen=True,
            now=clock.now(),
            is_admin=False,
        )

    queries = (
        (line.rstrip("\n") for line in stdin_lines()) if args.jsonl else [" ".join(args.query)]
    )
    with opened_database(settings, regions) as database:
        feature = StatusFeature(regions=regions, agreements=database.agreements, policy=policy)
        for query in queries:
            # A question as officers write it ("kerjasama jatim dg osaka msh aktif ga",
            # "jepang"), else the query as a name.
            result = feature.understand(query) or feature.lookup(query)
            turn = turn_for(query)
            if args.json or args.jsonl:
                today = local_today(turn, result.region)
                print(json.dumps(as_json(result, policy, today), ensure_ascii=False), flush=True)
            else:
                # A terminal has no message-size limit: every card in full.
                reply = feature.render(turn, result, max_cards=10_000)
                print(reply.text)
                for button in reply.all_buttons():
                    if button.data.startswith("rg:"):
                        print(f"  [{button.label}] -> sisterbot status {button.data[3:]}")
    return 0
