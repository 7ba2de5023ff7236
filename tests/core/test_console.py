"""The console channel: numbered buttons, exit words, a greeting first."""

from __future__ import annotations

import io
import json

import pytest

from bot.channels.console import ConsoleChat, render_reply, terminal_lines
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
    assert recorder.seen[1].button_data == "x:2"


@pytest.mark.parametrize("typed", ["3", "0", "99", " 7 "])
def test_a_number_with_no_such_button_says_which_numbers_exist(typed: str) -> None:
    recorder = Recorder()
    chat = ConsoleChat(recorder)
    chat.respond("halo")
    said = chat.respond(typed)
    assert len(recorder.seen) == 1  # never sent to the core as a question
    assert f"nomor {typed.strip()}" in said and "1 sampai 2" in said
    chat.respond("1")  # the last reply's buttons still work
    assert recorder.seen[-1].button_data == "x:1"


def test_a_number_before_any_button_is_answered_here() -> None:
    chat = ConsoleChat(lambda incoming: Handled(reply=Reply(text="ok"), feature="test"))
    chat.respond("halo")
    assert "Tidak ada tombol" in chat.respond("5")


def test_piped_input_is_echoed_after_the_prompt(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("apa itu mou\n/keluar\n"))
    out: list[str] = []
    ConsoleChat(Recorder()).run(terminal_lines(False, out.append), out.append)
    transcript = "\n".join(out)
    assert "anda> apa itu mou\ngot apa itu mou" in transcript
    assert transcript.rstrip().endswith("anda> /keluar")


def test_the_hint_follows_the_users_language() -> None:
    out: list[str] = []
    english = ConsoleChat(
        lambda incoming: Handled(reply=Reply(text="Hello", language="en"), feature="test")
    )
    english.run(iter([]), out.append)
    assert "(type /exit to quit)" in out[0] and "ketik" not in out[0]


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
