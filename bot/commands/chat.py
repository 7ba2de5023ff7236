"""``sisterbot chat``: the interactive console chat."""

from __future__ import annotations

import argparse
import sys


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``chat`` subcommand."""
    parser = subparsers.add_parser(
        "chat",
        help="chat with the bot in the terminal (SQLite by default, no token needed)",
        description="Interactive console chat. Buttons are shown as numbers: type the "
        "number to press one. Type /keluar to quit. With --jsonl, read one message per "
        "stdin line and print the whole reply as one JSON line: {message, feature, text, "
        "buttons: [{label, data}], language}; a number presses a button of the last reply.",
    )
    parser.add_argument(
        "--jsonl",
        action="store_true",
        help="script the dialogue: one message per stdin line, one JSON reply per line",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Start the chat."""
    from bot.app import build_app
    from bot.channels.console import ConsoleChat, terminal_lines
    from bot.commands._stdin import printable, stdin_lines
    from bot.config import Settings

    core = build_app(Settings.from_env())
    try:
        chat = ConsoleChat(core.dialogue.respond)
        if args.jsonl:
            lines = (printable(line) for line in stdin_lines())
            chat.run_jsonl(lines, lambda text: print(text, flush=True))
        else:
            chat.run(terminal_lines(sys.stdin.isatty()), lambda text: print(text, flush=True))
    finally:
        core.database.dispose()
    return 0
