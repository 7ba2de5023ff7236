"""``sisterbot chat``: the interactive console chat."""

from __future__ import annotations

import argparse
import signal
import sys
from types import FrameType


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``chat`` subcommand."""
    parser = subparsers.add_parser(
        "chat",
        help="chat with the bot in the terminal (SQLite by default, no token needed)",
        description="Interactive console chat. Buttons are shown as numbers: type the "
        "number to press one. Type /keluar (or /exit) to quit; Ctrl-C, Ctrl-D and SIGTERM "
        "stop it too. With input piped in, each line is echoed after the prompt. With --jsonl, "
        "read one message per stdin line and print the whole reply as one JSON line: {message, "
        "feature, text, buttons: [{label, data}], language}; a number presses a button of the "
        "last reply.",
    )
    parser.add_argument(
        "--jsonl",
        action="store_true",
        help="script the dialogue: one message per stdin line, one JSON reply per line",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Start the chat."""
    from bot.app.commands._stdin import printable, stdin_lines
    from bot.app.root import build_app
    from bot.channels.console import ConsoleChat, terminal_lines
    from bot.config import Settings

    # SIGTERM ends the chat like Ctrl-C does: through the `finally` below, promptly.
    signal.signal(signal.SIGTERM, _exit_on_sigterm)
    core = build_app(Settings.from_env())
    try:
        chat = ConsoleChat(core.dialogue.respond)

        def write(text: str) -> None:
            print(text, flush=True)

        if args.jsonl:
            chat.run_jsonl((printable(line) for line in stdin_lines()), write)
        else:
            chat.run(terminal_lines(sys.stdin.isatty(), write), write)
    finally:
        core.database.dispose()
    return 0


def _exit_on_sigterm(_signum: int, _frame: FrameType | None) -> None:
    raise SystemExit(128 + signal.SIGTERM)
