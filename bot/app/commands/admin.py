"""``sisterbot admin link --admin CHANNEL:ID``: a one-time sign-in link for the console."""

from __future__ import annotations

import argparse
import sys


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``admin`` subcommand."""
    parser = subparsers.add_parser(
        "admin",
        help="console tools for operators (link)",
        description="Tools for operators of the curators' console.",
    )
    actions = parser.add_subparsers(dest="admin_action", metavar="ACTION", required=True)
    link = actions.add_parser(
        "link",
        help="print a one-time sign-in link to the console",
        description="Print a sign-in link to the curators' console for an admin listed in "
        "SISTERBOT_ADMINS (the same link /masuk gives in the bot): single use, valid for 10 "
        "minutes, under SISTERBOT_PUBLIC_URL (default http://127.0.0.1:SISTERBOT_HTTP_PORT).",
    )
    link.add_argument("--admin", required=True, metavar="CHANNEL:ID", help="e.g. telegram:12345")
    link.set_defaults(func=run_link)


def run_link(args: argparse.Namespace) -> int:
    """Print the link, or one line saying why not."""
    from bot.admin import console_links
    from bot.app.root import opened_database
    from bot.config import Settings
    from bot.core.clock import SystemClock

    settings = Settings.from_env()
    admin = "".join(args.admin.split())
    if admin not in settings.admins:
        print(
            f"sisterbot admin link: {admin!r} is not in SISTERBOT_ADMINS "
            f"({', '.join(sorted(settings.admins)) or 'none set'})",
            file=sys.stderr,
        )
        return 2
    with opened_database(settings) as database:
        print(console_links(settings, database).issue(admin, SystemClock().now()))
    return 0
