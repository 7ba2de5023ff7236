"""``sisterbot announce``: an admin's message to all subscribers, a province's or a region's.

``--to all|PROVINCE|REGION TEXT`` stores the announcement with one outbox row per chat
(each chat once) and sends it, paced like reminders; ``--send`` resumes what a stopped run
left; ``--cancel ID`` cancels what is not sent yet; ``--status ID`` counts every outcome.
The exit status is 1 when a delivery failed, is unknown, or is left waiting.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.app.root import App
    from bot.core.reminders import Audience
    from bot.core.status import RegionIndex


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``announce`` subcommand."""
    parser = subparsers.add_parser(
        "announce",
        help="send an announcement to subscribers (all, a province or a region)",
        description="Store an announcement and send it to every subscribed chat of the "
        "audience, each chat exactly once, paced like reminders. Telegram chats need "
        "TELEGRAM_BOT_TOKEN, WhatsApp chats WHATSAPP_PHONE_ID and WHATSAPP_TOKEN; console "
        "chats are printed.",
    )
    action = parser.add_mutually_exclusive_group(required=True)
    action.add_argument("--to", metavar="AUDIENCE", help="all, a province or a region")
    action.add_argument("--send", action="store_true", help="send what earlier runs left")
    action.add_argument("--cancel", type=int, metavar="ID", help="cancel what is not sent")
    action.add_argument("--status", type=int, metavar="ID", help="count every outcome")
    parser.add_argument("text", nargs="*", help="the announcement (with --to)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Create and send, resume, cancel or count."""
    import asyncio

    from bot.app.root import build_app
    from bot.config import Settings
    from bot.core.reminders import MAX_ANNOUNCEMENT_CHARS, recipients, status_line

    text = " ".join(args.text).strip()
    if args.to is not None and not text:
        return _fail("the announcement has no text: sisterbot announce --to all TEXT")
    if args.to is None and text:
        return _fail("text is only given with --to")
    if len(text) > MAX_ANNOUNCEMENT_CHARS:
        return _fail(f"the text is {len(text)} characters; at most {MAX_ANNOUNCEMENT_CHARS}")
    app = build_app(Settings.from_env())
    try:
        store = app.database.announcements
        if args.status is not None or args.cancel is not None:
            wanted = args.status if args.status is not None else args.cancel
            if store.get(wanted) is None:
                return _fail(f"no announcement {wanted}")
            if args.cancel is not None:
                cancelled = store.cancel(wanted, app.clock.now())
                print(f"announcement {wanted}: {cancelled} delivery(ies) cancelled")
            announcement = store.get(wanted)
            assert announcement is not None
            print(status_line(announcement, "en"))
            return 0
        if args.to is not None:
            audience = _audience(args.to, app.regions)
            if audience is None:
                return 2
            addresses = recipients(audience, app.database.subscriptions.active())
            if not addresses:
                return _fail(f"no subscribed chat in {args.to!r}: nothing to send")
            new_id = store.create(
                text=text,
                audience=audience,
                created_by="cli",
                addresses=addresses,
                now=app.clock.now(),
            )
            print(f"announcement {new_id}: {len(addresses)} chat(s)", flush=True)
        return asyncio.run(_send(app))
    finally:
        app.close()


def _fail(message: str) -> int:
    print(f"sisterbot: {message}", file=sys.stderr)
    return 2


def _audience(query: str, regions: RegionIndex) -> Audience | None:
    from bot.core.models import RegionLevel
    from bot.core.reminders import Audience

    if query.strip().casefold() in ("all", "semua"):
        return Audience(scope="all")
    match = regions.resolve(query)
    if match.kind not in ("exact", "fuzzy") or match.region is None:
        names = ", ".join(f"{c.region.code} {c.region.display_name}" for c in match.candidates)
        detail = f" (candidates: {names})" if names else ""
        _fail(f"audience {query!r} is not all or one region{detail}")
        return None
    region = match.region
    if region.level is RegionLevel.PROVINSI:
        return Audience(scope="province", code=region.code, name=region.display_name)
    return Audience(scope="region", code=region.code, name=region.display_name)


async def _send(app: App) -> int:
    from contextlib import AsyncExitStack

    from bot.app.commands.reminders import telegram_notifier
    from bot.core.ports import Notifier
    from bot.core.reminders import status_line
    from bot.delivery.announcer import Announcer
    from bot.delivery.console_notifier import ConsoleNotifier
    from bot.delivery.ratelimit import RateLimiter

    notifiers: dict[str, Notifier] = {"console": ConsoleNotifier(sys.stdout)}
    async with AsyncExitStack() as stack:
        settings = app.settings
        if settings.telegram_bot_token:
            notifiers["telegram"] = await stack.enter_async_context(
                telegram_notifier(settings.telegram_bot_token, settings.telegram_api_base_url)
            )
        if settings.whatsapp_phone_id and settings.whatsapp_token:
            from bot.channels.wa.channel import open_notifier

            notifiers["whatsapp"] = await stack.enter_async_context(
                open_notifier(settings, users=app.database.users, clock=app.clock)
            )
        limiter = RateLimiter(
            app.policy.delivery_rate_per_second, app.policy.per_chat_interval_seconds
        )
        announcer = Announcer(
            app.database.announcements, notifiers, clock=app.clock, limiter=limiter
        )
        outcomes = await announcer.send_due()
    store = app.database.announcements
    print(
        f"sent {outcomes['sent']}, retry later {outcomes['retry']}, failed "
        f"{outcomes['failed']}, unknown {outcomes['unknown']}"
    )
    left = 0
    for announcement_id in store.open_ids():
        announcement = store.get(announcement_id)
        if announcement is not None:
            print(status_line(announcement, "en"))
            left += announcement.pending
    if left:
        print(
            f"sisterbot: {left} delivery(ies) still waiting (no notifier here for their "
            "channel, or retrying later); run sisterbot announce --send again",
            file=sys.stderr,
        )
    return 1 if left or outcomes["failed"] or outcomes["unknown"] else 0
