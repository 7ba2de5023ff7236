"""Whole conversations through the real python-telegram-bot stack and the local Bot API."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest

from bot.channels.tg import RETRY_DELAYS, TelegramService
from bot.core.clock import FakeClock
from bot.stand_ins.telegram_bot_api import TelegramBotApiStandIn
from tests.fakes.inbox import MemoryMessageInbox

from .conftest import ProbeCore, running_bot, settled


async def test_start_registers_commands_and_greets(
    api: TelegramBotApiStandIn, bot: TelegramService
) -> None:
    api.post_message(chat_id=42, text="/start", first_name="<b>Budi</b>")
    [greeting] = await api.wait_for_sent(1, chat_id=42)
    assert greeting.text.startswith("Halo <b>Budi</b>!")  # the name is shown, not rendered
    assert "&lt;b&gt;Budi" in greeting.html
    assert greeting.button_data() == ["kb:list", "help:", "lang:id", "lang:en"]
    names = {lang: [c["command"] for c in cmds] for lang, cmds in api.commands.items()}
    assert names["id"] == ["start", "bantuan", "status", "bahasa"]
    assert names["en"] == ["start", "help", "status", "language"]
    assert names[""] == names["id"]
    assert api.calls("getMe") and api.calls("deleteWebhook")


async def test_question_and_feedback_button(
    api: TelegramBotApiStandIn, bot: TelegramService, probe: ProbeCore
) -> None:
    api.post_message(chat_id=7, text="perlu persetujuan DPRD?")
    [answer] = await api.wait_for_sent(1, chat_id=7)
    assert answer.text == "Q: perlu persetujuan DPRD?"
    api.press_button(chat_id=7, data="fb:up", message_id=answer.message_id)
    await api.wait_until(lambda: len(api.callback_answers) == 1)
    assert api.callback_answers[0]["text"] == "thanks up"
    await settled(api, bot)
    assert len(api.sent(7)) == 1  # a toast, no extra message
    assert probe.seen[-1].button_data == "fb:up" and probe.seen[-1].chat_id == "7"


async def test_ambiguous_region_then_button(
    api: TelegramBotApiStandIn, bot: TelegramService
) -> None:
    api.post_message(chat_id=8, text="/status sura")
    [choice] = await api.wait_for_sent(1, chat_id=8)
    assert choice.button_data() == ["region:35.78", "region:35.15"]
    api.press_button(chat_id=8, data="region:35.78")
    [_, status] = await api.wait_for_sent(2, chat_id=8)
    assert status.text == "Status of Kota Surabaya"
    assert api.callback_answers[-1]["text"] == "Kota Surabaya"


async def test_language_switch_is_remembered(
    api: TelegramBotApiStandIn, bot: TelegramService, probe: ProbeCore
) -> None:
    api.post_message(chat_id=9, text="/bantuan")
    api.post_message(chat_id=9, text="/language en")
    api.post_message(chat_id=9, text="/bantuan")
    help_id, switched, help_en = await api.wait_for_sent(3, chat_id=9)
    assert help_id.text.startswith("Perintah (")
    assert switched.text == "OK, I will answer in English."
    assert help_en.text.startswith("Commands (")
    profile = probe.users.get("telegram", "9")
    assert profile is not None and profile.language == "en"
    api.press_button(chat_id=9, data="lang:id")
    await api.wait_for_sent(4, chat_id=9)
    assert api.sent(9)[-1].text.startswith("Baik")


async def test_telegram_language_code_picks_english(
    api: TelegramBotApiStandIn, bot: TelegramService
) -> None:
    api.post_message(chat_id=10, text="/start", language_code="en-GB")
    [greeting] = await api.wait_for_sent(1, chat_id=10)
    assert greeting.text.startswith("Hello Budi!")


async def test_long_reply_is_split_with_buttons_on_the_last_part(
    api: TelegramBotApiStandIn, bot: TelegramService
) -> None:
    api.post_message(chat_id=11, text="/long")
    await api.wait_for_sent(1, chat_id=11)
    await settled(api, bot)
    parts = api.sent(11)
    assert len(parts) >= 3
    assert all(len(p.text) <= 4096 for p in parts)
    assert [p.reply_markup is not None for p in parts] == [False] * (len(parts) - 1) + [True]
    joined = "\n\n".join(p.text for p in parts)
    assert joined.startswith("000 kerja sama & <daerah>") and "029 kerja" in joined
    assert [line[:3] for line in joined.split("\n\n")] == [f"{i:03d}" for i in range(30)]


@pytest.mark.parametrize(
    "hostile",
    [
        "<script>alert('x')</script> & <b>tebal</b> </i>",
        "x" * 10_000,
        "\x00\x01\x07\x1b[31mmerah\x7f\u202e\ufeff?",
        bytes(range(32, 256)).decode("latin-1"),
        "🙂" * 3000,
        "&amp; &lt; &#60;script&#62;",
    ],
    ids=["html", "10k", "control", "binary", "emoji", "entities"],
)
async def test_hostile_text_is_answered_safely(
    api: TelegramBotApiStandIn, bot: TelegramService, hostile: str
) -> None:
    api.post_message(chat_id=12, text=hostile)
    [reply] = await api.wait_for_sent(1, chat_id=12)
    if hostile.startswith("🙂"):  # emoji only: the general manners answer it, not a question
        assert reply.text.startswith("Terima kasih!")
    else:
        assert reply.text.startswith("Q: ")
    assert api.calls("sendMessage", ok_only=False) == api.calls("sendMessage")  # no 400s
    if hostile.startswith("<script>"):
        assert reply.text == "Q: " + hostile


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("region:99.99", "unknown region"),
        ("region:" + "9" * 57, "unknown region"),
        ("admin:approve:1", "That button is no longer valid"),
        ("fb:<script>", "bad feedback"),
        ("", "That button is no longer valid"),
    ],
)
async def test_forged_button_data_is_checked_by_the_core(
    api: TelegramBotApiStandIn, bot: TelegramService, data: str, expected: str
) -> None:
    api.post_message(chat_id=13, text="/language en")
    await api.wait_for_sent(1, chat_id=13)
    api.press_button(chat_id=13, data=data)
    [_, reply] = await api.wait_for_sent(2, chat_id=13)
    assert reply.text.startswith(expected)
    assert len(api.callback_answers) == 1


@pytest.mark.parametrize("kind", ["sticker", "photo", "voice", "document"])
async def test_non_text_gets_a_polite_text_only_reply(
    api: TelegramBotApiStandIn, bot: TelegramService, probe: ProbeCore, kind: str
) -> None:
    api.post_message(chat_id=14, kind=kind)
    [reply] = await api.wait_for_sent(1, chat_id=14)
    assert reply.text.startswith("Maaf, saya hanya bisa membaca pesan teks")
    assert probe.seen == []


async def test_edited_message_is_answered_again(
    api: TelegramBotApiStandIn, bot: TelegramService
) -> None:
    original = api.post_message(chat_id=15, text="status surabya")
    await api.wait_for_sent(1, chat_id=15)
    api.post_message(chat_id=15, text="status surabaya", edit_of=original["message"]["message_id"])
    [_, again] = await api.wait_for_sent(2, chat_id=15)
    assert again.text == "Q: status surabaya"


async def test_group_answers_only_when_addressed(
    api: TelegramBotApiStandIn, bot: TelegramService, probe: ProbeCore
) -> None:
    group = -100200
    api.post_message(chat_id=group, user_id=5, group=True, text="rapat jam berapa?")
    api.post_message(chat_id=group, user_id=5, group=True, text="/status@other_bot jatim")
    api.post_message(chat_id=group, user_id=5, group=True, text="/poll siapa ikut?")
    api.post_message(chat_id=group, user_id=5, group=True, kind="sticker")
    api.post_message(chat_id=group, user_id=5, group=True, text="@sisterbot_test_bot apa itu LoI?")
    [first] = await api.wait_for_sent(1, chat_id=group)
    assert first.text == "Q: apa itu LoI?"
    api.post_message(
        chat_id=group, user_id=6, group=True, text="dan MoU?", reply_to_message_id=first.message_id
    )
    api.post_message(chat_id=group, user_id=6, group=True, text="/bantuan@SisterBot_Test_Bot")
    await api.wait_for_sent(3, chat_id=group)
    await settled(api, bot)
    texts = [m.text for m in api.sent(group)]
    assert texts[1] == "Q: dan MoU?" and texts[2].startswith("Perintah (")
    assert len(texts) == 3
    assert [i.text for i in probe.seen] == [
        "apa itu LoI?",
        "dan MoU?",
        "/bantuan@SisterBot_Test_Bot",
    ]
    replies = [r for r in api.calls("sendMessage") if r.params["chat_id"] == str(group)]
    assert all("reply_parameters" in r.params for r in replies)


async def test_a_failing_update_is_tried_again_from_the_store_then_apologised_once(
    api: TelegramBotApiStandIn, probe: ProbeCore, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.ERROR, logger="bot.channels.tg")
    clock = FakeClock(datetime(2026, 11, 28, 1, 0, tzinfo=UTC))
    inbox = MemoryMessageInbox()
    async with running_bot(
        api, probe.handle, probe.dialogue.command_names, inbox=inbox, clock=clock
    ) as bot:
        api.post_message(chat_id=16, text="boom")
        for attempt, delay in enumerate(RETRY_DELAYS, start=1):
            # the condition is awaited within this iteration: it sees this ``attempt``
            await _wait(lambda: inbox.attempts("1") == attempt)  # noqa: B023
            assert api.sent(16) == []  # no apology while it will be tried again
            clock.advance(timedelta(seconds=delay))
        [apology] = await api.wait_for_sent(1, chat_id=16)
        assert apology.text.startswith("Maaf, terjadi kesalahan")
        assert inbox.states()["1"] == "failed"
        records = [r for r in caplog.records if r.name == "bot.channels.tg._handlers"]
        assert len(records) == len(RETRY_DELAYS) + 1
        assert records[0].exc_info is not None and "a handler fails" in str(records[0].exc_info[1])
        api.post_message(chat_id=16, text="masih hidup?")
        _, alive = await api.wait_for_sent(2, chat_id=16)
        assert alive.text == "Q: masih hidup?"
        await settled(api, bot)
    assert len(api.sent(16)) == 2


async def _wait(condition: Callable[[], bool]) -> None:
    for _ in range(1000):
        if condition():
            return
        await asyncio.sleep(0.01)
    raise AssertionError("condition not met in time")


async def test_a_flooding_user_is_throttled_politely(
    api: TelegramBotApiStandIn, probe: ProbeCore
) -> None:
    now = [0.0]
    async with running_bot(
        api, probe.handle, probe.dialogue.command_names, throttle_clock=lambda: now[0]
    ) as bot:
        for i in range(30):
            api.post_message(chat_id=17, text=f"pertanyaan {i}")
        api.post_message(chat_id=18, text="saya juga")
        await api.wait_for_sent(13, chat_id=17)
        await api.wait_for_sent(1, chat_id=18)
        await settled(api, bot)
        texts = [m.text for m in api.sent(17)]
        assert texts[:12] == [f"Q: pertanyaan {i}" for i in range(12)]
        assert len(texts) == 13 and texts[12].startswith("Pesan Anda terlalu cepat")
        now[0] += 10.0  # five tokens back at 0.5 per second
        api.post_message(chat_id=17, text="sudah sabar")
        assert (await api.wait_for_sent(14, chat_id=17))[-1].text == "Q: sudah sabar"


async def test_no_personal_data_is_logged_at_info(
    api: TelegramBotApiStandIn, bot: TelegramService, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    for _ in range(14):  # a flood, to include the throttle's log line
        api.post_message(chat_id=424242, text="rahasia-Xq7", first_name="Siti-Zr9")
    api.press_button(chat_id=424242, data="fb:<Zr9>")
    await api.wait_for_sent(13, chat_id=424242)
    await settled(api, bot)
    # the bot's records (the stand-in's uvicorn access log shows the token in its URLs)
    logged = "\n".join(r.getMessage() for r in caplog.records if not r.name.startswith("uvicorn"))
    for secret in ("rahasia-Xq7", "Siti-Zr9", "424242", "Zr9", api.token.split(":")[1]):
        assert secret not in logged
