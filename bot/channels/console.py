"""The console channel: a chat in the terminal, buttons shown as numbered choices.

It is the default main job: no token, no network, an embedded SQLite database. With
``sisterbot chat --jsonl`` the same conversation is scripted: one message per input line,
the whole reply (text, buttons, the feature that answered) as one JSON line.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable, Iterator

from bot.core.dialogue import Handled
from bot.core.models import Button, Incoming, Reply
from bot.core.numbers import whole_number

PROMPT = "anda> "
EXIT_WORDS = frozenset({"/keluar", "/exit", "/quit", "keluar", "exit", "quit"})


def terminal_lines(interactive: bool) -> Iterator[str]:
    """The user's lines: prompted at a terminal, read plainly from a pipe, until EOF."""
    while True:
        try:
            line = input(PROMPT) if interactive else sys.stdin.readline()
        except EOFError:
            return
        if not interactive and not line:
            return
        yield line


def render_reply(reply: Reply) -> str:
    """The reply as terminal text, buttons numbered from 1."""
    lines = [reply.text]
    for number, button in enumerate(reply.all_buttons(), start=1):
        lines.append(f"  [{number}] {button.label}")
    return "\n".join(lines)


def reply_json(message: str, handled: Handled) -> dict[str, object]:
    """One line of ``sisterbot chat --jsonl``: the message, the feature, the whole reply."""
    reply = handled.reply
    return {
        "message": message,
        "feature": handled.feature,
        "text": reply.text,
        "buttons": [{"label": b.label, "data": b.data} for b in reply.all_buttons()],
        "language": reply.language,
    }


class ConsoleChat:
    """One console conversation: lines in, rendered replies (or JSON lines) out."""

    def __init__(self, respond: Callable[[Incoming], Handled], user_id: str = "console") -> None:
        self._respond = respond
        self._user_id = user_id
        self._buttons: tuple[Button, ...] = ()

    def incoming_for(self, line: str) -> Incoming:
        """A typed number presses the matching button of the last reply."""
        number = whole_number(line.strip(), 6)
        if number is not None and 1 <= number <= len(self._buttons):
            data = self._buttons[number - 1].data
            return Incoming(
                channel="console", user_id=self._user_id, chat_id=self._user_id, button_data=data
            )
        return Incoming(channel="console", user_id=self._user_id, chat_id=self._user_id, text=line)

    def exchange(self, line: str) -> Handled:
        """Handle one typed line (a number presses a button of the last reply)."""
        handled = self._respond(self.incoming_for(line))
        self._buttons = handled.reply.all_buttons()
        return handled

    def respond(self, line: str) -> str:
        """Handle one typed line and return what to print."""
        return render_reply(self.exchange(line).reply)

    def run_jsonl(self, lines: Iterable[str], write: Callable[[str], object]) -> None:
        """One JSON reply per line, no greeting; every line is a message (no exit words)."""
        for line in lines:
            message = line.rstrip("\r\n")
            write(json.dumps(reply_json(message, self.exchange(message)), ensure_ascii=False))

    def run(self, lines: Iterable[str], write: Callable[[str], object]) -> None:
        """The loop: a greeting, then one reply per line until an exit word or EOF."""
        write(self.respond("/start") + "\n(ketik /keluar untuk selesai)\n")
        for line in lines:
            if line.strip().casefold() in EXIT_WORDS:
                break
            write(self.respond(line) + "\n")
