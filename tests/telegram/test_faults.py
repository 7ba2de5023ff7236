"""Telegram misbehaving: 5xx, timeouts and a 429 storm; no reply lost, none sent twice."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

from bot.stand_ins.telegram_bot_api import FloodLimits, TelegramBotApiStandIn

from .conftest import FAST, ProbeCore, running_bot, settled


async def test_server_errors_are_retried(api: TelegramBotApiStandIn, probe: ProbeCore) -> None:
    api.fail_next("sendMessage", status=502, count=2)
    api.fail_next("answerCallbackQuery", status=500, count=1)
    async with running_bot(api, probe.handle, probe.dialogue.command_names) as bot:
        api.post_message(chat_id=21, text="halo")
        [reply] = await api.wait_for_sent(1, chat_id=21)
        assert reply.text.startswith("Halo!")
        api.press_button(chat_id=21, data="fb:down")
        await api.wait_until(lambda: len(api.callback_answers) == 1)
        await settled(api, bot)
    statuses = [r.status for r in api.requests if r.method == "sendmessage"]
    assert statuses == [502, 502, 200]
    assert len(api.sent(21)) == 1


async def test_timeouts_are_retried(api: TelegramBotApiStandIn, probe: ProbeCore) -> None:
    options = replace(FAST, read_timeout=1.0)
    api.fail_next("sendMessage", status=504, stall_seconds=1.5, count=1)
    async with running_bot(api, probe.handle, probe.dialogue.command_names, options=options):
        api.post_message(chat_id=22, text="apa itu LoI?")
        [reply] = await api.wait_for_sent(1, chat_id=22)
        assert reply.text == "Q: apa itu LoI?"
        await api.wait_until(lambda: len(api.calls("sendMessage", ok_only=False)) == 2)
    assert len(api.sent(22)) == 1


async def test_a_429_storm_loses_nothing_and_repeats_nothing(probe: ProbeCore) -> None:
    limits = FloodLimits(overall_per_second=60, per_chat_per_second=3, retry_after=1)
    # Our throttle must let ten quick questions per user through; Telegram's limits bite.
    options = replace(FAST, throttle_burst=10, overall_max_rate=0)
    chats = [1000 + n for n in range(30)]
    async with (
        TelegramBotApiStandIn(limits=limits) as api,
        running_bot(api, probe.handle, probe.dialogue.command_names, options=options) as bot,
    ):
        for i in range(10):
            for chat in chats:
                api.post_message(chat_id=chat, text=f"pertanyaan {i} dari {chat}")
        await api.wait_for_sent(300, within=120)
        await settled(api, bot)
        refused = [r for r in api.requests if r.status == 429]
        assert refused, "the storm should have hit the flood limits"
        for chat in chats:
            texts = [m.text for m in api.sent(chat)]
            assert texts == [f"Q: pertanyaan {i} dari {chat}" for i in range(10)]
        assert len(api.sent()) == 300
        sent_ok = Counter(r.params["text"] for r in api.calls("sendMessage"))
        assert max(sent_ok.values()) == 1
