"""The local Bot API server itself: it must be as strict as Telegram where it matters."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import timedelta

import httpx
import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import BadRequest, InvalidToken, RetryAfter

from bot.channels.tg import api_urls
from bot.stand_ins.telegram_bot_api import FloodLimits, TelegramBotApiStandIn


@pytest.fixture
async def bot(api: TelegramBotApiStandIn) -> AsyncIterator[Bot]:
    base_url, base_file_url = api_urls(api.base_url)
    async with Bot(api.token, base_url=base_url, base_file_url=base_file_url) as client:
        yield client


async def test_edits_replace_what_the_user_sees(api: TelegramBotApiStandIn, bot: Bot) -> None:
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("a", callback_data="x:1")]])
    sent = await bot.send_message(chat_id=5, text="<b>lama</b>", parse_mode="HTML",
                                  reply_markup=keyboard)  # fmt: skip
    await bot.edit_message_text(chat_id=5, message_id=sent.message_id, text="baru &amp; benar",
                                parse_mode="HTML")  # fmt: skip
    assert [(m.text, m.button_data()) for m in api.sent(5)] == [("baru & benar", [])]
    await bot.edit_message_reply_markup(chat_id=5, message_id=sent.message_id,
                                        reply_markup=keyboard)  # fmt: skip
    assert api.sent(5)[0].button_data() == ["x:1"] and api.sent(5)[0].text == "baru & benar"
    with pytest.raises(BadRequest, match="not found"):
        await bot.edit_message_text(chat_id=6, message_id=sent.message_id, text="x")


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("<script>x</script>", "unsupported start tag"),
        ("<b>unclosed", "unclosed"),
        ("a < b", "unescaped"),
        ("   ", "empty"),
        ("x" * 4097, "too long"),
    ],
)
async def test_rejects_what_telegram_rejects(bot: Bot, text: str, error: str) -> None:
    with pytest.raises(BadRequest, match=error):
        await bot.send_message(chat_id=5, text=text, parse_mode="HTML")


async def test_rejects_oversized_button_data(bot: Bot) -> None:
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("a", callback_data="x" * 65)]])
    with pytest.raises(BadRequest, match=r"(?i)button_data_invalid"):
        await bot.send_message(chat_id=5, text="x", reply_markup=keyboard)


async def test_wrong_token_is_refused(api: TelegramBotApiStandIn) -> None:
    base_url, base_file_url = api_urls(api.base_url)
    with pytest.raises(InvalidToken):
        async with Bot("999:wrong", base_url=base_url, base_file_url=base_file_url):
            pass


async def test_updates_offset_allowed_updates_and_webhook_conflict(
    api: TelegramBotApiStandIn, bot: Bot
) -> None:
    first = api.post_message(chat_id=5, text="/start")
    api.press_button(chat_id=5, data="x:1")
    updates = await bot.get_updates(allowed_updates=["message"])
    assert [u.update_id for u in updates] == [first["update_id"]]
    assert updates[0].message is not None and updates[0].message.text == "/start"
    assert updates[0].message.entities[0].type == "bot_command"
    assert await bot.get_updates(offset=first["update_id"] + 1, allowed_updates=[]) != ()
    assert await bot.get_updates(offset=first["update_id"] + 2, timeout=0) == ()
    await bot.set_webhook("http://127.0.0.1:9/telegram", secret_token="s")
    assert (await bot.get_webhook_info()).url == "http://127.0.0.1:9/telegram"
    with pytest.raises(BadRequest, match="Conflict"):
        await bot.get_updates()


async def test_flood_limits_answer_429_with_retry_after() -> None:
    limits = FloodLimits(per_chat_per_second=1, retry_after=3)
    async with TelegramBotApiStandIn(limits=limits) as api:
        base_url, base_file_url = api_urls(api.base_url)
        async with Bot(api.token, base_url=base_url, base_file_url=base_file_url) as bot:
            await bot.send_message(chat_id=5, text="satu")
            await bot.send_message(chat_id=6, text="lain chat")
            with pytest.raises(RetryAfter) as refused:
                await bot.send_message(chat_id=5, text="dua")
        retry_after = refused.value.retry_after
        assert isinstance(retry_after, timedelta) and retry_after.total_seconds() == 3
        assert [r.status for r in api.requests if r.method == "sendmessage"] == [200, 200, 429]


async def test_long_poll_waits_for_a_message(api: TelegramBotApiStandIn) -> None:
    async with httpx.AsyncClient(base_url=api.base_url, trust_env=False) as client:
        poll = asyncio.create_task(client.post(f"/bot{api.token}/getUpdates", json={"timeout": 10}))
        await api.wait_until(lambda: True)
        api.post_message(chat_id=5, text="halo")
        response = await asyncio.wait_for(poll, timeout=5)
    assert [u["message"]["text"] for u in response.json()["result"]] == ["halo"]
