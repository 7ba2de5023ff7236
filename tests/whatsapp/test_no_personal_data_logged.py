"""Phone numbers, names and message texts never reach the logs at INFO or above."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

import pytest

from bot.channels.wa.notifier import WhatsAppNotifier
from bot.core.models import ChatAddress, Reply
from bot.stand_ins.whatsapp_webhooks import (
    button_reply_payload,
    message_payload,
    status_payload,
    text_payload,
)

PHONE = "6289876543210"
NAME = "Rahasia Namanya"
SECRET_TEXT = "kalimat rahasia tentang MoU Kota Contoh"


async def test_no_phone_number_name_or_text_at_info(
    start_bot: Any, caplog: pytest.LogCaptureFixture, clock: Any, users: Any
) -> None:
    caplog.set_level(logging.INFO)
    async with start_bot() as bot:
        await bot.post(text_payload(PHONE, SECRET_TEXT, name=NAME))
        await bot.post(text_payload(PHONE, SECRET_TEXT, name=NAME, message_id="wamid.same"))
        await bot.post(text_payload(PHONE, SECRET_TEXT, name=NAME, message_id="wamid.same"))
        await bot.post(button_reply_payload(PHONE, "lang:en", name=NAME))
        await bot.post(message_payload(PHONE, {"type": "image", "image": {"id": "1"}}, name=NAME))
        await bot.post(status_payload("wamid.x", "delivered", PHONE))
        await bot.post(status_payload("wamid.y", "failed", PHONE, error_code=131047))
        await bot.post(b"not json")
        await bot.post(text_payload(PHONE, SECRET_TEXT), signed=False)
        bot.graph.fail_next(1, status=500)
        await bot.post(text_payload(PHONE, SECRET_TEXT + " 2", name=NAME))
        await bot.graph.wait_for_sent(4)
        await bot.settle()
        notifier: WhatsAppNotifier = bot.channel.notifier
        await notifier.send(ChatAddress(channel="whatsapp", chat_id=PHONE), Reply(text=SECRET_TEXT))
        clock.advance(timedelta(days=2))
        bot.graph.undeliverable.add(PHONE)
        await notifier.send(
            ChatAddress(channel="whatsapp", chat_id=PHONE),
            Reply(text=SECRET_TEXT, template_params=(SECRET_TEXT,)),
        )
    shown = [r for r in caplog.records if r.levelno >= logging.INFO]
    assert shown, "the channel logs what it does"
    for record in shown:
        line = record.getMessage()
        assert PHONE not in line, line
        assert NAME not in line, line
        assert "rahasia" not in line, line
        if record.exc_info:
            assert PHONE not in str(record.exc_info[1])
