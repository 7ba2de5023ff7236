"""``sisterbot reminders plan|send|recap``: what would go out on a day; send what is due
now; the admins' weekly recap.

``send`` plans the outbox and dispatches it, exactly as the running bot's scheduler does,
so running it twice (or next to a running bot) sends nothing twice. Telegram rows need
``TELEGRAM_BOT_TOKEN`` (sent through ``TELEGRAM_API_BASE_URL``); console chats' reminders
are printed. Rows for a channel this command cannot reach stay pending for the running
bot, and the command says so and exits with status 1. Every outcome is counted (sent,
retry later, failed, cancelled, unknown); the exit status is 1 when any delivery failed
or may have been delivered without confirmation (unknown). ``--dry-run`` writes nothing
and lists what is due, with the partners' names.
"""

from __future__ import annotations

import argparse
import json
import sys
from contextlib import AbstractAsyncContextManager
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.app.root import App
    from bot.core.ports import Notifier


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``reminders`` subcommand with ``plan`` and ``send``."""
    parser = subparsers.add_parser(
        "reminders",
        help="plan or send report and review reminders",
        description="Reminders follow knowledge/reminder-policy.yaml (configurable "
        "defaults, not law) and the agreements' own due dates.",
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    plan = actions.add_parser(
        "plan",
        help="list the reminders whose send day is DATE, without sending",
        description="One line (or JSON object) per delivery whose send time falls on DATE "
        "in its region's timezone; regions without subscribers are listed with no chat.",
    )
    plan.add_argument("--date", required=True, type=_day, help="YYYY-MM-DD")
    plan.add_argument(
        "--json",
        action="store_true",
        help="print a JSON list, one object per delivery: region (its code), partner, kind "
        "(report or review), due (YYYY-MM-DD), lead_days (30, 7, 1, 0, or negative for an "
        "overdue repeat), send_at (ISO 8601 with the region's UTC offset), channel and "
        "chat_id (null when the region has no subscriber)",
    )
    plan.set_defaults(func=run_plan)
    send = actions.add_parser(
        "send",
        help="send every reminder due as of now (idempotent)",
        description="Plan the outbox and send what is due. A second run sends nothing "
        "new. Needs TELEGRAM_BOT_TOKEN for Telegram chats; console chats are printed.",
    )
    send.add_argument("--now", type=_instant, help="ISO-8601 instant (default: now)")
    send.add_argument("--dry-run", action="store_true", help="list what is due; write nothing")
    send.set_defaults(func=run_send)
    recap = actions.add_parser(
        "recap",
        help="the admins' weekly recap: overdue and upcoming reports and reviews by province",
        description="The numbers the Monday recap sends admins (and the console's overview "
        "shows): reports and reviews overdue and due in the next 30 days, by province. "
        "--png writes the recap's chart.",
    )
    recap.add_argument("--png", metavar="FILE", help="write the chart as a PNG to FILE")
    recap.add_argument("--date", type=_day, help="YYYY-MM-DD (default: today in WIB)")
    recap.add_argument("--json", action="store_true", help="print the numbers as JSON")
    recap.add_argument("--lang", choices=("id", "en"), default="id", help="language (id)")
    recap.set_defaults(func=_run_recap)


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def _instant(text: str) -> datetime:
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an ISO-8601 instant: {text!r}") from None
    # A naive instant is read as UTC.
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def run_plan(args: argparse.Namespace) -> int:
    """Print the day's plan."""
    from bot.app.root import build_policy, build_regions, opened_database
    from bot.config import Settings
    from bot.core.reminders import WhatIsDue, by_region, calendar_for

    settings = Settings.from_env()
    regions = build_regions(settings)
    policy = build_policy(settings)
    due = WhatIsDue(policy=policy, calendar=calendar_for(policy), timezone_of=regions.timezone_of)
    with opened_database(settings, regions) as database:
        planned = due.on_day(
            args.date,
            agreements=database.agreements.all(),
            subscriptions=by_region(database.subscriptions.active()),
        )
    if args.json:
        json.dump([p.to_json() for p in planned], sys.stdout, ensure_ascii=False, indent=2)
        print()
        return 0
    if not planned:
        print(f"no reminders on {args.date.isoformat()}")
    for p in planned:
        to = f"{p.address.channel}:{p.address.chat_id}" if p.address else "(no subscriber)"
        print(
            f"{p.send_at.isoformat()}  {p.region_code:<6} {p.partner[:30]:<30} {p.kind:<6} "
            f"due {p.due.isoformat()} lead {p.lead_days:>4}  {to}"
        )
    return 0


def run_send(args: argparse.Namespace) -> int:
    """Plan and send (or list, with --dry-run)."""
    import asyncio

    from bot.app.root import build_app
    from bot.config import Settings
    from bot.core.clock import FakeClock, SystemClock

    settings = Settings.from_env()
    clock = FakeClock(args.now) if args.now else SystemClock()
    core = build_app(settings, clock=clock)
    try:
        if args.dry_run:
            return _dry_run(core)
        return asyncio.run(_send(core))
    finally:
        core.database.dispose()


def _dry_run(core: App) -> int:
    from bot.core.reminders import WhatIsDue, by_region

    database = core.database
    agreements = database.agreements.all()
    partners = {a.id: a.partner for a in agreements}
    what_is_due = WhatIsDue(
        policy=core.policy, calendar=core.calendar, timezone_of=core.regions.timezone_of
    )
    deliveries, _ = what_is_due.as_of(
        core.clock.now(),
        agreements=agreements,
        subscriptions=by_region(database.subscriptions.active()),
    )
    done = {d.key for d in database.outbox.all() if d.status != "pending"}
    due = [d for d in deliveries if d.status == "pending" and d.key not in done]
    for d in due:
        partner = partners.get(d.agreement_id, f"agreement {d.agreement_id}")[:30]
        estimate = " (estimate)" if d.estimate else ""
        print(
            f"{d.send_at.isoformat()}  {d.region_code:<6} {partner:<30} {d.kind:<6} "
            f"due {d.due.isoformat()}{estimate} lead {d.lead_days:>4}  {d.channel}:{d.chat_id}"
        )
    chats = len({(d.channel, d.chat_id) for d in due})
    print(
        f"{len(due)} reminder(s) due in {chats} chat digest(s) (dry run: nothing sent or written)"
    )
    return 0


async def _send(core: App) -> int:
    from contextlib import AsyncExitStack

    from bot.delivery.console_notifier import ConsoleNotifier

    notifiers: dict[str, Notifier] = {"console": ConsoleNotifier(sys.stdout)}
    async with AsyncExitStack() as stack:
        token = core.settings.telegram_bot_token
        if token:
            notifiers["telegram"] = await stack.enter_async_context(
                telegram_notifier(token, core.settings.telegram_api_base_url)
            )
        if core.settings.whatsapp_phone_id and core.settings.whatsapp_token:
            from bot.channels.wa.channel import open_notifier

            notifiers["whatsapp"] = await stack.enter_async_context(
                open_notifier(core.settings, users=core.database.users, clock=core.clock)
            )
        service = core.reminder_service(notifiers)
        planned, sent = await service.run_once()
    print(
        f"planned {planned.inserted} new, sent {sent.sent} ({sent.digests} digest message(s)), "
        f"retry later {sent.retried}, failed {sent.failed}, "
        f"cancelled {sent.cancelled + planned.cancelled}, unknown {sent.unknown}, "
        f"superseded {planned.superseded}"
    )
    status = 0
    if sent.failed or sent.unknown:
        print(
            f"sisterbot: {sent.failed} reminder(s) failed and {sent.unknown} may or may not "
            "have been delivered (not resent); the admins are told, /gagal lists them",
            file=sys.stderr,
        )
        status = 1
    waiting = [d for d in core.database.outbox.pending() if d.channel not in notifiers]
    if waiting:
        channels = sorted({d.channel for d in waiting})
        hints = {
            "telegram": "TELEGRAM_BOT_TOKEN",
            "whatsapp": "WHATSAPP_PHONE_ID and WHATSAPP_TOKEN",
        }
        needed = [hints[c] for c in channels if c in hints]
        hint = f" (set {'; '.join(needed)})" if needed else ""
        print(
            f"sisterbot: {len(waiting)} reminder(s) for {', '.join(channels)} not sent: "
            f"no notifier for that channel here{hint}; they stay pending",
            file=sys.stderr,
        )
        return 1
    return status


def telegram_notifier(token: str, api_base_url: str) -> AbstractAsyncContextManager[Notifier]:
    from collections.abc import AsyncIterator
    from contextlib import asynccontextmanager

    from telegram import Bot
    from telegram.request import HTTPXRequest

    from bot.channels.tg import TelegramNotifier, api_urls

    @asynccontextmanager
    async def opened() -> AsyncIterator[Notifier]:
        base_url, base_file_url = api_urls(api_base_url)
        request = HTTPXRequest(connection_pool_size=16, httpx_kwargs={"trust_env": False})
        bot = Bot(token, base_url=base_url, base_file_url=base_file_url, request=request)
        async with bot:
            yield TelegramNotifier(bot)

    return opened()


def _run_recap(args: argparse.Namespace) -> int:
    from bot.app.commands.reminders_recap import run_recap

    return run_recap(args)
