"""``/masuk`` | ``/signin`` in the core dialogue: a link for admins, a refusal for others."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.core.clock import FakeClock
from bot.core.console import SignInFeature
from bot.core.dialogue import Dialogue
from bot.core.general import GeneralFeature, empty_message, unknown_command
from bot.core.models import Channel, Incoming
from tests.fakes import InMemoryUsers

NOW = datetime(2026, 11, 30, 1, 0, tzinfo=UTC)


class RecordingLinks:
    """Makes fake links and remembers for whom and when."""

    def __init__(self) -> None:
        self.issued: list[tuple[str, datetime]] = []

    def issue(self, admin: str, now: datetime) -> str:
        self.issued.append((admin, now))
        return f"http://console.test/admin/masuk?t=token{len(self.issued)}"


def dialogue(links: RecordingLinks | None) -> Dialogue:
    users = InMemoryUsers()
    return Dialogue(
        features=[GeneralFeature(users), SignInFeature(links)],
        users=users,
        clock=FakeClock(NOW),
        admins=frozenset({"telegram:42", "whatsapp:6281234567890"}),
        detect_language=lambda _text: None,
        unknown_command=unknown_command,
        empty_message=empty_message,
    )


def say(bot: Dialogue, text: str, *, channel: Channel = "telegram", user: str = "42") -> str:
    return bot.handle(Incoming(channel=channel, user_id=user, chat_id=user, text=text)).text


def test_an_admin_gets_a_one_time_link_on_every_channel() -> None:
    links = RecordingLinks()
    bot = dialogue(links)
    assert "http://console.test/admin/masuk?t=token1" in say(bot, "/masuk")
    assert "10 menit" in say(bot, "/masuk@sisterbot")
    reply = say(bot, "/signin", channel="whatsapp", user="6281234567890")
    assert "token3" in reply
    assert links.issued == [
        ("telegram:42", NOW),
        ("telegram:42", NOW),
        ("whatsapp:6281234567890", NOW),
    ]


def test_others_are_refused_and_get_no_link() -> None:
    links = RecordingLinks()
    bot = dialogue(links)
    for user in ("7", "420"):
        reply = say(bot, "/masuk", user=user)
        assert "hanya untuk admin" in reply and "http" not in reply
    assert "hanya untuk admin" in say(bot, "/masuk", channel="whatsapp", user="42")
    assert links.issued == []


def test_english_and_a_bot_without_a_console() -> None:
    bot = dialogue(None)
    say(bot, "/bahasa en")
    assert "not set up" in say(bot, "/signin")
