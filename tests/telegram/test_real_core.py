"""Conversations with the whole bot: the real core (build_app on a temporary SQLite file),
the real Application and HTTP stack, the local Bot API server."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import replace

import pytest
from sqlalchemy import text

from bot.app.root import App
from bot.channels.tg import TelegramService
from bot.stand_ins.telegram_bot_api import FloodLimits, TelegramBotApiStandIn

from .conftest import FAST, running_bot, settled


@pytest.fixture
async def real_bot(api: TelegramBotApiStandIn, core: App) -> AsyncIterator[TelegramService]:
    async with running_bot(api, core.dialogue.handle, core.dialogue.command_names) as service:
        yield service


async def test_menu_lists_every_command_in_both_languages(
    api: TelegramBotApiStandIn, real_bot: TelegramService
) -> None:
    names = {lang: [c["command"] for c in cmds] for lang, cmds in api.commands.items()}
    assert names["id"] == [
        "start", "bantuan", "rekomendasi", "status", "langganan", "berhenti", "pengingat",
        "daftar", "bahasa",
    ]  # fmt: skip
    assert names["en"] == [
        "start", "help", "recommendations", "status", "subscribe", "unsubscribe", "reminders",
        "daftar", "language",
    ]  # fmt: skip


async def test_a_whole_conversation(
    api: TelegramBotApiStandIn, real_bot: TelegramService, core: App
) -> None:
    chat = 501
    api.post_message(chat_id=chat, text="/start", first_name="Sari")
    [greeting] = await api.wait_for_sent(1, chat_id=chat)
    assert greeting.text.startswith("Halo Sari! Saya sisterbot")

    # a question: an answer with feedback buttons, and the feedback stored for curators
    api.post_message(chat_id=chat, text="perlu persetujuan DPRD?")
    answer = (await api.wait_for_sent(2, chat_id=chat))[-1]
    assert answer.text.startswith("Rekomendasi 2")
    thumbs_up = next(d for d in answer.button_data() if d.startswith("fb:u:"))
    api.press_button(chat_id=chat, data=thumbs_up, message_id=answer.message_id)
    await api.wait_for_sent(3, chat_id=chat)
    assert api.callback_answers[-1]["text"] == "👍"
    with core.database.engine.connect() as connection:
        rows = connection.execute(text("SELECT entry_id, helpful FROM feedback")).all()
    assert [tuple(r) for r in rows] == [("rec-2", True)]

    # an ambiguous region, then the button for one of them
    api.post_message(chat_id=chat, text="status pasuruan")
    choice = (await api.wait_for_sent(4, chat_id=chat))[-1]
    assert set(choice.button_data()) == {"rg:35.75", "rg:35.14"}
    api.press_button(chat_id=chat, data="rg:35.75", message_id=choice.message_id)
    status = (await api.wait_for_sent(5, chat_id=chat))[-1]
    assert "Kota Pasuruan" in status.text

    # a status with agreements
    api.post_message(chat_id=chat, text="/status surabaya")
    surabaya = (await api.wait_for_sent(6, chat_id=chat))[-1]
    assert surabaya.text.startswith("Kota Surabaya (35.78)")

    # language switch, remembered in the database
    api.post_message(chat_id=chat, text="/bahasa en")
    api.post_message(chat_id=chat, text="perlu persetujuan DPRD?")
    switched, english = (await api.wait_for_sent(8, chat_id=chat))[-2:]
    assert switched.text == "OK, I will answer in English."
    assert english.text.startswith("Recommendation 2")
    profile = core.database.users.get("telegram", str(chat))
    assert profile is not None and profile.language == "en"

    # the ten recommendations as buttons; one pressed
    api.post_message(chat_id=chat, text="/recommendations")
    listing = (await api.wait_for_sent(9, chat_id=chat))[-1]
    assert [d for d in listing.button_data() if d.startswith("kb:rec-")] == [
        f"kb:rec-{n}" for n in range(1, 11)
    ]
    api.press_button(chat_id=chat, data="kb:rec-7", message_id=listing.message_id)
    rec7 = (await api.wait_for_sent(10, chat_id=chat))[-1]
    assert rec7.text.startswith("Recommendation 7")
    await settled(api, real_bot)
    assert len(api.sent(chat)) == 10


@pytest.mark.parametrize(
    "data",
    ["fb:u:rec-99", "kb:../../etc/passwd", "rg:99.99", "ag:999999", "x" * 64, "lang:xx", ":"],
)
async def test_forged_buttons_against_the_real_core(
    api: TelegramBotApiStandIn, real_bot: TelegramService, core: App, data: str
) -> None:
    api.press_button(chat_id=502, data=data)
    [reply] = await api.wait_for_sent(1, chat_id=502)
    assert reply.text
    assert len(api.callback_answers) == 1
    with core.database.engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM feedback")).scalar() == 0


async def test_hostile_question_against_the_real_core(
    api: TelegramBotApiStandIn, real_bot: TelegramService
) -> None:
    hostile = "<script>alert(1)</script>&amp; \x00\x1b " + "status " * 1500
    api.post_message(chat_id=503, text=hostile)
    api.post_message(chat_id=503, text="/status <b>jatim</b>")
    await api.wait_for_sent(2, chat_id=503)
    assert api.calls("sendMessage", ok_only=False) == api.calls("sendMessage")


async def test_a_429_storm_with_the_real_core_loses_nothing(core: App) -> None:
    """300 questions from 30 chats against flood limits: each chat gets exactly its 10."""
    limits = FloodLimits(overall_per_second=60, per_chat_per_second=3, retry_after=1)
    options = replace(FAST, throttle_burst=10, overall_max_rate=0, core_threads=1)
    questions = ["perlu persetujuan DPRD?", "status surabaya", "apa itu LoI?", "halo", "/status"]
    chats = [2000 + n for n in range(30)]
    async with (
        TelegramBotApiStandIn(limits=limits) as api,
        running_bot(api, core.dialogue.handle, core.dialogue.command_names, options=options) as bot,
    ):
        for i in range(10):
            for chat in chats:
                api.post_message(chat_id=chat, text=questions[(chat + i) % len(questions)])
        await api.wait_for_sent(300, within=120)
        await settled(api, bot)
        assert any(r.status == 429 for r in api.requests)
        delivered = [r.params["chat_id"] for r in api.calls("sendMessage")]
        assert sorted(delivered) == sorted(str(chat) for chat in chats for _ in range(10))
