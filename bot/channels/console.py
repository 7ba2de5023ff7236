"""The console channel: a chat in the terminal, buttons shown as numbered choices.

It is the default main job: no token, no network, an embedded SQLite database. A typed
number presses a button of the last reply; a number with no such button is answered here
(with the numbers that exist), never sent to the core as a question. With input piped in,
each line is echoed after the prompt, so that the output reads as a transcript. With
``sisterbot chat --jsonl`` the same conversation is scripted: one message per input line,
the whole reply (text, buttons, the feature that answered) as one JSON line.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping

from bot.core.dialogue import Handled
from bot.core.models import Button, Incoming, Language, Reply
from bot.core.numbers import whole_number
from bot.core.texts import Text

PROMPT = "anda> "
EXIT_WORDS = frozenset({"/keluar", "/exit", "/quit", "keluar", "exit", "quit"})
_NUMBER_DIGITS = 6

TEXTS: Mapping[str, Text] = {
    "hint": Text(id="(ketik /keluar untuk selesai)", en="(type /exit to quit)"),
    "no_buttons": Text(
        id="Tidak ada tombol untuk dipilih saat ini. Tulis pertanyaan Anda, atau ketik /bantuan.",
        en="There are no buttons to choose right now. Type your question, or /help.",
    ),
    "no_such_button": Text(
        id="Tidak ada tombol nomor {number}. Pilih nomor {first} sampai {last}, atau tulis "
        "pertanyaan Anda.",
        en="There is no button {number}. Choose a number from {first} to {last}, or type "
        "your question.",
    ),
}


def terminal_lines(interactive: bool, write: Callable[[str], object]) -> Iterator[str]:
    """The user's lines until EOF: prompted at a terminal; from a pipe, echoed after the prompt."""
    while True:
        try:
            line = input(PROMPT) if interactive else sys.stdin.readline()
        except EOFError:
            return
        if not interactive:
            if not line:
                return
            write(PROMPT + line.rstrip("\n"))
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
        self._language: Language = "id"

    def incoming_for(self, line: str) -> Incoming:
        """A typed number presses the matching button of the last reply (see :meth:`respond`)."""
        number = whole_number(line.strip(), _NUMBER_DIGITS)
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
        self._language = handled.reply.language
        return handled

    def respond(self, line: str) -> str:
        """Handle one typed line and return what to print."""
        number = whole_number(line.strip(), _NUMBER_DIGITS)
        if number is not None and not 1 <= number <= len(self._buttons):
            # A number is a button press that missed, not a question: keep the buttons.
            return self._no_such_button(number)
        return render_reply(self.exchange(line).reply)

    def run_jsonl(self, lines: Iterable[str], write: Callable[[str], object]) -> None:
        """One JSON reply per line, no greeting; every line is a message (no exit words)."""
        for line in lines:
            message = line.rstrip("\r\n")
            write(json.dumps(reply_json(message, self.exchange(message)), ensure_ascii=False))

    def run(self, lines: Iterable[str], write: Callable[[str], object]) -> None:
        """The loop: a greeting, then one reply per line until an exit word or EOF."""
        greeting = self.respond("/start")
        write(f"{greeting}\n{TEXTS['hint'](self._language)}\n")
        for line in lines:
            if line.strip().casefold() in EXIT_WORDS:
                break
            write(self.respond(line) + "\n")

    def _no_such_button(self, number: int) -> str:
        if not self._buttons:
            return TEXTS["no_buttons"](self._language)
        return TEXTS["no_such_button"](self._language).format(
            number=number, first=1, last=len(self._buttons)
        )
