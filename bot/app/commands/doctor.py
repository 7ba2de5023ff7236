"""``sisterbot doctor``: one line per check with a fix hint (settings, database, tokens)."""

from __future__ import annotations

import argparse


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``doctor`` subcommand."""
    parser = subparsers.add_parser(
        "doctor",
        help="check settings, database, knowledge, tokens and clock (one line each)",
        description="Check what the bot needs, one line per check (ok, FAIL with a fix, or "
        "skip when not configured): the settings; the database (reachable) and its "
        "migrations (at head); the knowledge base; the Telegram token (getMe) and webhook "
        "(getWebhookInfo); the WhatsApp phone number id and token (a Graph API call); the "
        "clock and the regions' timezones. Writes nothing. Exit status 1 when a check fails.",
    )
    parser.set_defaults(func=run)


def run(_args: argparse.Namespace) -> int:
    """Run every check and print its line."""
    from bot.config import Settings
    from bot.doctor import run_checks

    failed = False
    for check in run_checks(Settings.from_env):
        print(check.line(), flush=True)
        failed = failed or check.outcome == "FAIL"
    return 1 if failed else 0
