"""Whole conversations over WhatsApp with the real core (build_app on a SQLite file).

The user's side is played through signed webhooks, the bot's answers are read from the
Graph API stand-in, and each choice is made by sending back the id of a row or button
the bot actually offered.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from bot.app.root import App, build_app
from bot.core.clock import FakeClock
from bot.stand_ins.whatsapp_graph_api import LocalServer, SentMessage, WhatsAppGraphApiStandIn
from bot.stand_ins.whatsapp_webhooks import button_reply_payload, list_reply_payload, text_payload
from bot.web import build_web_app

from .conftest import RunningBot, whatsapp_settings

USER = "6281234567811"


class Conversation:
    """One user talking to the running bot."""

    def __init__(self, bot: RunningBot, user: str = USER) -> None:
        self.bot = bot
        self.user = user
        self._seen = 0

    async def say(self, words: str) -> list[SentMessage]:
        """Send a text message; return the bot's answer messages."""
        await self.bot.post(text_payload(self.user, words))
        return await self._answer()

    async def choose(self, message: SentMessage, data: str) -> list[SentMessage]:
        """Press the offered choice with id ``data`` of ``message``."""
        offered = dict(message.choices)
        assert data in offered, f"{data!r} not offered in {message.choices}"
        build = list_reply_payload if message.interactive_type == "list" else button_reply_payload
        await self.bot.post(build(self.user, data, offered[data]))
        return await self._answer()

    async def _answer(self) -> list[SentMessage]:
        await self.bot.settle()
        sent = self.bot.graph.sent_to(self.user)
        new, self._seen = sent[self._seen :], len(sent)
        assert new, "the bot answered"
        return new


@pytest.fixture
async def core(tmp_path: Path, clock: FakeClock, graph: WhatsAppGraphApiStandIn) -> App:
    settings = whatsapp_settings(graph)
    settings = replace(settings, database_url=f"sqlite:///{tmp_path / 'bot.db'}")
    return build_app(settings, clock=clock)


@pytest.fixture
async def bot(core: App, graph: WhatsAppGraphApiStandIn) -> AsyncIterator[RunningBot]:
    import httpx

    channel = core.whatsapp_channel()
    server = LocalServer(build_web_app(channel.routes()))
    async with server, httpx.AsyncClient(timeout=30) as client:
        await channel.start()
        try:
            yield RunningBot(url=server.url, channel=channel, graph=graph, client=client)
        finally:
            await channel.stop(grace=15)
    core.database.dispose()


async def test_a_question_then_feedback(bot: RunningBot, core: App) -> None:
    talk = Conversation(bot)
    (answer,) = await talk.say("kalau mau bikin sister city harus ada persetujuan dprd ga sih")
    assert answer.type == "interactive"
    assert "DPRD" in answer.text
    assert len(answer.text) <= 1024
    ids = [choice for choice, _title in answer.choices]
    helpful = next(i for i in ids if i.startswith("fb:u:"))
    (thanks,) = await talk.choose(answer, helpful)
    assert thanks.type == "text"
    with core.database.engine.connect() as connection:
        rows = connection.execute(
            text("SELECT channel, user_id, entry_id, helpful FROM feedback")
        ).all()
    assert rows == [("whatsapp", USER, helpful.split(":", 2)[2], True)]


async def test_status_of_an_ambiguous_region_answered_from_a_list(bot: RunningBot) -> None:
    talk = Conversation(bot)
    (question,) = await talk.say("status bandung")
    assert question.interactive_type == "list"  # "Kabupaten Bandung Barat" is too long a title
    titles = [title for _id, title in question.choices]
    assert "Kota Bandung" in titles and "Kabupaten Bandung" in titles
    answer = await talk.choose(question, "rg:32.73")  # Kota Bandung
    assert "Bandung" in answer[0].text
    assert all(m.to == USER for m in answer)


async def test_the_ten_recommendations_are_one_list(bot: RunningBot) -> None:
    talk = Conversation(bot)
    (menu,) = await talk.say("/rekomendasi")
    assert menu.interactive_type == "list"
    assert [i for i, _t in menu.choices] == [f"kb:rec-{n}" for n in range(1, 11)]
    rows = menu.body["interactive"]["action"]["sections"][0]["rows"]
    assert all(len(r["title"]) <= 24 for r in rows)
    assert rows[0]["description"].startswith("1. Tujuan")
    shown = await talk.choose(menu, "kb:rec-9")
    assert "Rekomendasi 9" in shown[0].text


async def test_greeting_language_switch_and_help(bot: RunningBot) -> None:
    talk = Conversation(bot)
    (start,) = await talk.say("/start")
    assert start.type == "interactive"
    (switched,) = await talk.choose(start, "lang:en")
    assert switched.text == "OK, I will answer in English."
    (helped,) = await talk.say("help")
    assert helped.text.startswith("Commands (")


async def test_answers_open_the_24_hour_window(bot: RunningBot, core: App, clock: Any) -> None:
    talk = Conversation(bot)
    await talk.say("halo")
    profile = core.database.users.get("whatsapp", USER)
    assert profile is not None and profile.last_inbound_at == clock.now()
    assert await bot.channel.notifier.window_open(USER)
