"""``sisterbot chat``: the interactive console chat."""

from __future__ import annotations

import argparse
import atexit
import gc
import signal
import sys
from collections.abc import Callable, Iterable, Iterator
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
    # Starting up allocates a great deal and frees little: collecting garbage before the
    # prompt would only rescan what stays. The collector waits for the greeting (_chat).
    gc.disable()
    # Nor need the exiting process scan every object one last time (atexit runs before that
    # final collection); an in-process caller only gets this when its own process ends.
    atexit.register(gc.freeze)
    try:
        return _chat(args)
    finally:
        gc.unfreeze()
        gc.enable()


def _chat(args: argparse.Namespace) -> int:
    from bot.app.commands._stdin import printable, stdin_lines
    from bot.app.root import build_app
    from bot.channels.console import ConsoleChat, terminal_lines
    from bot.config import Settings

    # SIGTERM ends the chat like Ctrl-C does: through the `finally` below, promptly.
    signal.signal(signal.SIGTERM, _exit_on_sigterm)
    # The prompt needs the database and the dialogue, not the knowledge base and its index:
    # they are built in the background once the greeting is out, while the user types.
    core = build_app(Settings.from_env(), answers_now=False)
    try:
        chat = ConsoleChat(core.dialogue.respond)

        def write(text: str) -> None:
            print(text, flush=True)

        def after_greeting() -> None:
            # What start-up built lives as long as the chat: the collector need not scan it.
            gc.freeze()
            gc.enable()
            core.prepare_answers()

        if args.jsonl:
            messages = (printable(line) for line in stdin_lines())
            chat.run_jsonl(_first_calling(after_greeting, messages), write)
        else:
            typed = terminal_lines(sys.stdin.isatty(), write)
            chat.run(_first_calling(after_greeting, typed), write)
    finally:
        core.database.dispose()
    return 0


def _exit_on_sigterm(_signum: int, _frame: FrameType | None) -> None:
    raise SystemExit(128 + signal.SIGTERM)


def _first_calling(start: Callable[[], None], lines: Iterable[str]) -> Iterator[str]:
    """``lines``, with ``start()`` called when the first one is asked for: after the greeting
    (the chat writes it before reading), so that it never waits for what ``start`` begins."""
    start()
    yield from lines
