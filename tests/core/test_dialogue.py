"""The dialogue router with the general feature and a recording test feature."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.core.clock import FakeClock
from bot.core.dialogue import (
    MAX_INPUT_CHARS,
    ButtonHandler,
    CommandHandler,
    Dialogue,
    Turn,
    clean_text,
    parse_command,
)
from bot.core.general import GeneralFeature, empty_message, unknown_command
from bot.core.models import Incoming, Language, Reply
from tests.fakes import InMemoryUsers

NOW = datetime(2026, 11, 28, 1, 0, tzinfo=UTC)


class EchoFeature:
    """Answers everything, recording the turns it saw."""

    def __init__(self) -> None:
        self.turns: list[Turn] = []

    def commands(self) -> Mapping[str, CommandHandler]:
        return {"echo": lambda turn, args: Reply(text=f"echo {args}", language=turn.language)}

    def buttons(self) -> Mapping[str, ButtonHandler]:
        return {"e": lambda turn, payload: Reply(text=f"pressed {payload}")}

    def claim_text(self, turn: Turn) -> Reply | None:
        self.turns.append(turn)
        return Reply(text=f"answer: {turn.text}", language=turn.language)


def detect(text: str) -> Language | None:
    return "en" if text.startswith("what") else None


@pytest.fixture
def users() -> InMemoryUsers:
    return InMemoryUsers()


@pytest.fixture
def echo() -> EchoFeature:
    return EchoFeature()


@pytest.fixture
def dialogue(users: InMemoryUsers, echo: EchoFeature) -> Dialogue:
    return Dialogue(
        features=[GeneralFeature(users), echo],
        users=users,
        clock=FakeClock(NOW),
        admins=frozenset({"telegram:42"}),
        detect_language=detect,
        unknown_command=unknown_command,
        empty_message=empty_message,
    )


def say(
    dialogue: Dialogue, text: str = "", *, data: str | None = None, hint: str | None = None
) -> Reply:
    return dialogue.handle(
        Incoming(
            channel="telegram",
            user_id="7",
            chat_id="7",
            text=text,
            button_data=data,
            language_hint=hint,
        )
    )


def test_start_greets_and_offers_buttons(dialogue: Dialogue) -> None:
    reply = say(dialogue, "/start")
    assert "sisterbot" in reply.text
    assert reply.language == "id"
    assert {b.data for b in reply.all_buttons()} >= {"lang:id", "lang:en", "kb:list"}


def test_greetings_and_thanks_never_reach_later_features(
    dialogue: Dialogue, echo: EchoFeature
) -> None:
    for text in ("halo", "Selamat pagi!", "hai bot", "terima kasih banyak", "thanks", "makasih"):
        reply = say(dialogue, text)
        assert not reply.text.startswith("answer:"), text
    assert echo.turns == []


def test_questions_fall_through_to_the_last_feature(dialogue: Dialogue, echo: EchoFeature) -> None:
    reply = say(dialogue, "halo, apa itu revitalisasi?")
    assert reply.text == "answer: halo, apa itu revitalisasi?"
    assert echo.turns[0].language == "id"


def test_language_follows_the_text_then_the_hint_then_the_choice(dialogue: Dialogue) -> None:
    assert say(dialogue, "what is an MoU").language == "en"
    assert say(dialogue, "apa itu mou", hint="en-GB").language == "en"
    assert say(dialogue, "apa itu mou").language == "id"
    say(dialogue, "/language en")
    assert say(dialogue, "apa itu mou").language == "en"
    say(dialogue, "", data="lang:id")
    assert say(dialogue, "what is an MoU").language == "id"  # a choice beats detection


def test_language_without_argument_offers_buttons(dialogue: Dialogue) -> None:
    reply = say(dialogue, "/bahasa")
    assert [b.data for b in reply.all_buttons()] == ["lang:id", "lang:en"]


def test_commands_are_routed_with_bot_suffix_and_case(dialogue: Dialogue) -> None:
    assert say(dialogue, "/ECHO@sisterbot  hi there").text == "echo hi there"


def test_unknown_command_and_forged_buttons_get_a_clear_reply(dialogue: Dialogue) -> None:
    assert "/bantuan" in say(dialogue, "/frobnicate").text
    for data in ("nope:1", "", "e" * 65, "x:" + "y" * 80, "lang"):
        reply = say(dialogue, data=data)
        assert reply.text, data
    assert say(dialogue, data="e:1").text == "pressed 1"


@pytest.mark.parametrize("text", ["", "   ", "\x00\x01\x02", "\u200b", "\n\n\t"], ids=repr)
def test_empty_messages_get_a_clear_reply(dialogue: Dialogue, text: str) -> None:
    assert "kosong" in say(dialogue, text).text or say(dialogue, text).text


def test_long_messages_are_cut(dialogue: Dialogue, echo: EchoFeature) -> None:
    say(dialogue, "kata " * 5000)
    assert len(echo.turns[-1].text) <= MAX_INPUT_CHARS


def test_every_message_touches_the_user(dialogue: Dialogue, users: InMemoryUsers) -> None:
    say(dialogue, "halo")
    profile = users.get("telegram", "7")
    assert profile is not None and profile.last_inbound_at == NOW


def test_admins_are_recognised(users: InMemoryUsers, echo: EchoFeature) -> None:
    dialogue = Dialogue(
        features=[echo],
        users=users,
        clock=FakeClock(NOW),
        admins=frozenset({"telegram:7"}),
        detect_language=detect,
        unknown_command=unknown_command,
        empty_message=empty_message,
    )
    say(dialogue, "siapa saya")
    assert echo.turns[-1].is_admin


def test_a_command_claimed_twice_is_refused(users: InMemoryUsers) -> None:
    with pytest.raises(ValueError, match="claimed twice"):
        Dialogue(
            features=[EchoFeature(), EchoFeature()],
            users=users,
            clock=FakeClock(NOW),
            admins=frozenset(),
            detect_language=detect,
            unknown_command=unknown_command,
            empty_message=empty_message,
        )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("/status jatim", ("status", "jatim")),
        ("/Status@SisterBot   kab badung ", ("status", "kab badung")),
        ("/", None),
        ("/ status", None),
        ("status", None),
        ("/a-b", None),
    ],
)
def test_parse_command(text: str, expected: tuple[str, str] | None) -> None:
    assert parse_command(text) == expected


@given(st.text())
def test_clean_text_is_printable_bounded_and_idempotent(raw: str) -> None:
    cleaned = clean_text(raw)
    assert len(cleaned) <= MAX_INPUT_CHARS
    assert all(ch.isprintable() for ch in cleaned)
    assert clean_text(cleaned) == cleaned
