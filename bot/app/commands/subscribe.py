"""``sisterbot subscribe``: register a chat for a region's reminders (for admins)."""

from __future__ import annotations

import argparse
import re
import sys


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``subscribe`` subcommand."""
    parser = subparsers.add_parser(
        "subscribe",
        help="subscribe a chat to a region's reminders (admin)",
        description="Register an officer's chat for a region's report and review reminders, "
        "as /langganan would from that chat. The region is a code (35.78) or a name that "
        "means one region (for an ambiguous name such as bandung the candidates' codes are "
        "listed). Telegram chat ids are numbers; WhatsApp's are phone numbers in digits.",
    )
    parser.add_argument(
        "--channel", required=True, choices=("telegram", "whatsapp", "console"), help="channel"
    )
    parser.add_argument("--chat-id", required=True, help="the chat id on that channel")
    parser.add_argument("--region", required=True, help="region code or name")
    parser.add_argument("--user-id", help="the officer's user id (default: the chat id)")
    parser.add_argument("--remove", action="store_true", help="unsubscribe instead")
    parser.set_defaults(func=run)


PLAUSIBLE_SCORE = 70.0  # candidates below this share only a few letters with the name


def chat_id_problem(channel: str, chat_id: str) -> str | None:
    """Why ``chat_id`` cannot be a chat on ``channel``, or None when it can.

    Telegram chat ids are integers (negative for groups); WhatsApp's are phone numbers in
    digits. A wrong id would be stored and every reminder to it would fail later.
    """
    if not chat_id or len(chat_id) > 64:
        return "must be 1 to 64 characters"
    if channel == "telegram" and not re.fullmatch(r"-?[0-9]{1,20}", chat_id):
        return f"{chat_id!r} is not a Telegram chat id (a number, such as 123456789)"
    if channel == "whatsapp" and not re.fullmatch(r"[0-9]{6,20}", chat_id):
        return f"{chat_id!r} is not a WhatsApp number (digits with the country code, 628...)"
    return None


def run(args: argparse.Namespace) -> int:
    """Subscribe (or unsubscribe) and say what happened."""
    from bot.app.root import build_regions, opened_database
    from bot.config import Settings
    from bot.core.models import ChatAddress

    chat_id = args.chat_id.strip()
    problem = chat_id_problem(args.channel, chat_id)
    if problem is not None:
        print(f"sisterbot: --chat-id {problem}", file=sys.stderr)
        return 2
    settings = Settings.from_env()
    regions = build_regions(settings)
    match = regions.resolve(args.region)
    if match.kind not in ("exact", "fuzzy") or match.region is None:
        plausible = [c for c in match.candidates if c.score >= PLAUSIBLE_SCORE]
        names = ", ".join(f"{c.region.code} ({c.region.display_name})" for c in plausible)
        if match.kind == "ambiguous":
            why = f"could mean several regions; use --region with one of: {names}"
        else:
            why = "is no region we know" + (f"; did you mean one of: {names}" if names else "")
        print(f"sisterbot: --region {args.region!r} {why}", file=sys.stderr)
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
