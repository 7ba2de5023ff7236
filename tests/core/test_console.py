"""The console channel: numbered buttons, exit words, a greeting first."""

from __future__ import annotations

import json

from bot.channels.console import ConsoleChat, render_reply
from bot.core.dialogue import Handled
from bot.core.models import Button, Incoming, Reply, button_rows


class Recorder:
    def __init__(self) -> None:
        self.seen: list[Incoming] = []

    def __call__(self, incoming: Incoming) -> Handled:
        self.seen.append(incoming)
        reply = Reply(
            text=f"got {incoming.text or incoming.button_data}",
            buttons=button_rows(
                [Button(label="Satu", data="x:1"), Button(label="Dua", data="x:2")]
            ),
        )
        return Handled(reply=reply, feature="x" if incoming.button_data else "answers")


def test_render_numbers_buttons_from_one() -> None:
    reply = Reply(text="Pilih:", buttons=button_rows([Button(label="A", data="a:")]))
    assert render_reply(reply) == "Pilih:\n  [1] A"


def test_a_number_presses_the_button_of_the_last_reply() -> None:
    recorder = Recorder()
    chat = ConsoleChat(recorder)
    chat.respond("halo")
    chat.respond("2")
    chat.respond("3")  # no third button: plain text
    assert recorder.seen[1].button_data == "x:2"
    assert recorder.seen[2].button_data is None and recorder.seen[2].text == "3"


def test_run_greets_then_stops_at_an_exit_word() -> None:
    recorder = Recorder()
    out: list[str] = []
    ConsoleChat(recorder).run(iter(["apa itu mou", "/keluar", "never"]), out.append)
    assert [i.text for i in recorder.seen] == ["/start", "apa itu mou"]
    assert "/keluar" in out[0]


def test_jsonl_writes_one_object_per_message_and_presses_numbered_buttons() -> None:
    recorder = Recorder()
    out: list[str] = []
    ConsoleChat(recorder).run_jsonl(iter(["apa itu mou\n", "2\n", "/keluar\n"]), out.append)
    lines = [json.loads(line) for line in out]
    assert [line["message"] for line in lines] == ["apa itu mou", "2", "/keluar"]
    assert lines[0] == {
        "message": "apa itu mou",
        "feature": "answers",
        "text": "got apa itu mou",
        "buttons": [{"label": "Satu", "data": "x:1"}, {"label": "Dua", "data": "x:2"}],
        "language": "id",
    }
    assert lines[1]["feature"] == "x" and recorder.seen[1].button_data == "x:2"
