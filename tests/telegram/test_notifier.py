"""TelegramNotifier: the reminders' way out, with its failures sorted for the caller."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from telegram import Bot

from bot.channels.tg import TelegramNotifier, api_urls
from bot.core.models import Button, ChatAddress, Reply, button_rows
from bot.stand_ins.telegram_bot_api import TelegramBotApiStandIn


@pytest.fixture
async def notifier(api: TelegramBotApiStandIn) -> AsyncIterator[TelegramNotifier]:
    base_url, base_file_url = api_urls(api.base_url)
    async with Bot(api.token, base_url=base_url, base_file_url=base_file_url) as bot:
        yield TelegramNotifier(bot, backoff=0.01)


async def test_delivers_and_reports_the_message_id(
    api: TelegramBotApiStandIn, notifier: TelegramNotifier
) -> None:
    reply = Reply(
        text="Laporan <Kota Surabaya> jatuh tempo 2026-12-01",
        buttons=button_rows([Button(label="Sudah", data="rem:done:1")]),
    )
    api.fail_next("sendMessage", status=502)
    result = await notifier.send(ChatAddress(channel="telegram", chat_id="77"), reply)
    assert result.ok and result.provider_message_id == str(api.sent(77)[0].message_id)
    assert api.sent(77)[0].text == reply.text
    assert api.sent(77)[0].button_data() == ["rem:done:1"]


async def test_blocked_user_is_a_permanent_failure(
    api: TelegramBotApiStandIn, notifier: TelegramNotifier
) -> None:
    api.blocked_chats.add(78)
    result = await notifier.send(ChatAddress(channel="telegram", chat_id="78"), Reply(text="x"))
    assert not result.ok and result.permanent and "blocked" in (result.error or "")


async def test_other_channels_are_refused(notifier: TelegramNotifier) -> None:
    result = await notifier.send(ChatAddress(channel="whatsapp", chat_id="62811"), Reply(text="x"))
    assert not result.ok and result.permanent


async def test_server_down_is_a_temporary_failure(
    api: TelegramBotApiStandIn, notifier: TelegramNotifier
) -> None:
    api.fail_next("sendMessage", status=500, count=10)
    result = await notifier.send(ChatAddress(channel="telegram", chat_id="79"), Reply(text="x"))
    assert not result.ok and not result.permanent
