"""``sisterbot subscribe``: register a chat for a region's reminders (for admins)."""

from __future__ import annotations

import argparse
import sys


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``subscribe`` subcommand."""
    parser = subparsers.add_parser(
        "subscribe",
        help="subscribe a chat to a region's reminders (admin)",
        description="Register an officer's chat for a region's report and review reminders, "
        "as /langganan would from that chat. The region is a code (35.78) or a name the "
        "region resolver accepts unambiguously.",
    )
    parser.add_argument(
        "--channel", required=True, choices=("telegram", "whatsapp", "console"), help="channel"
    )
    parser.add_argument("--chat-id", required=True, help="the chat id on that channel")
    parser.add_argument("--region", required=True, help="region code or name")
    parser.add_argument("--user-id", help="the officer's user id (default: the chat id)")
    parser.add_argument("--remove", action="store_true", help="unsubscribe instead")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Subscribe (or unsubscribe) and say what happened."""
    from bot.app import build_regions, opened_database
    from bot.config import Settings
    from bot.core.models import ChatAddress

    chat_id = args.chat_id.strip()
    if not chat_id or len(chat_id) > 64:
        print("sisterbot: --chat-id must be 1 to 64 characters", file=sys.stderr)
        return 2
    settings = Settings.from_env()
    regions = build_regions(settings)
    match = regions.resolve(args.region)
    if match.kind not in ("exact", "fuzzy") or match.region is None:
        names = ", ".join(f"{c.region.code} {c.region.display_name}" for c in match.candidates)
        detail = f" (candidates: {names})" if names else ""
        print(f"sisterbot: region {args.region!r} is not unambiguous{detail}", file=sys.stderr)
        return 2
    region = match.region
    address = ChatAddress(channel=args.channel, chat_id=chat_id)
    with opened_database(settings, regions) as database:
        if args.remove:
            removed = database.subscriptions.unsubscribe(address, region.code)
            print(f"unsubscribed {args.channel}:{chat_id} from {region.code} "
                  f"{region.display_name} ({removed} removed)")  # fmt: skip
            return 0
        added = database.subscriptions.subscribe(address, region.code, args.user_id or chat_id)
    state = "subscribed" if added else "already subscribed"
    print(f"{state}: {args.channel}:{chat_id} to {region.code} {region.display_name}")
    return 0
