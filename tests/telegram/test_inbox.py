"""Long polling stores each update before it confirms it; a restart handles what was left."""

from __future__ import annotations

import asyncio
import json
import threading
from datetime import UTC, datetime

from bot.stand_ins.telegram_bot_api import TelegramBotApiStandIn
from tests.fakes.inbox import MemoryMessageInbox

from .conftest import ProbeCore, running_bot, settled


async def test_polling_does_not_confirm_an_update_the_database_cannot_take(
    api: TelegramBotApiStandIn, probe: ProbeCore
) -> None:
    inbox = MemoryMessageInbox()
    inbox.fail_claims = True
    async with running_bot(api, probe.handle, probe.dialogue.command_names, inbox=inbox) as bot:
        api.post_message(chat_id=51, text="tersimpan?")
        await api.wait_until(lambda: len(api.calls("getUpdates")) >= 3, within=30)
        assert api.pending_updates == 1  # never confirmed: Telegram keeps it
        assert bot.channel.poller.offset == 0
        inbox.fail_claims = False  # the database is back
        [answer] = await api.wait_for_sent(1, chat_id=51, within=30)
        await settled(api, bot)
    assert answer.text == "Q: tersimpan?"
    assert inbox.states() == {"1": "done"}


async def test_a_restart_handles_what_was_stored_and_not_finished(
    api: TelegramBotApiStandIn, probe: ProbeCore
) -> None:
    inbox = MemoryMessageInbox()
    update = api.post_message(chat_id=52, text="dari kemarin")
    api._updates.clear()  # confirmed to Telegram by a process that then died
    inbox.claim(str(update["update_id"]), json.dumps(update), datetime.now(UTC))
    async with running_bot(api, probe.handle, probe.dialogue.command_names, inbox=inbox) as bot:
        [answer] = await api.wait_for_sent(1, chat_id=52, within=30)
        await settled(api, bot)
        await asyncio.sleep(0.1)
    assert answer.text == "Q: dari kemarin"
    assert inbox.states() == {str(update["update_id"]): "done"}


async def test_an_answer_the_database_did_not_hear_of_is_not_sent_again(
    api: TelegramBotApiStandIn, probe: ProbeCore
) -> None:
    inbox = MemoryMessageInbox()
    async with running_bot(api, probe.handle, probe.dialogue.command_names, inbox=inbox) as bot:
        inbox.fail_finishes = True
        api.post_message(chat_id=53, text="sekali saja")
        await api.wait_for_sent(1, chat_id=53)
        await asyncio.sleep(0.5)  # ten sweeps while the database is away
        assert inbox.states() == {"1": "pending"}
        inbox.fail_finishes = False
        for _ in range(200):
            if inbox.states() == {"1": "done"}:
                break
            await asyncio.sleep(0.02)
        await settled(api, bot)
    assert inbox.states() == {"1": "done"}
    assert len(api.sent(53)) == 1


class SlowRecordingInbox(MemoryMessageInbox):
    """Finishing an update waits until the test lets it: the database is slow to write."""

    def __init__(self) -> None:
        super().__init__()
        self.writes_go_through = threading.Event()

    def finish(self, message_id: str, state: str, now: datetime) -> None:
        self.writes_go_through.wait(timeout=60)
        super().finish(message_id, state, now)


async def test_no_more_than_two_answers_wait_to_be_recorded(
    api: TelegramBotApiStandIn, probe: ProbeCore
) -> None:
    # what a crash can send twice is what was answered and not yet recorded: however slow
    # the database, that is never more than two updates
    inbox = SlowRecordingInbox()
    chats = range(61, 71)
    async with running_bot(api, probe.handle, probe.dialogue.command_names, inbox=inbox) as bot:
        for chat in chats:
            api.post_message(chat_id=chat, text=f"pertanyaan {chat}")
        await api.wait_until(lambda: sum(bool(api.sent(chat)) for chat in chats) >= 2, within=30)
        await asyncio.sleep(0.5)  # time enough for the other eight to go out, were they let
        assert sum(bool(api.sent(chat)) for chat in chats) == 2
        assert set(inbox.states().values()) == {"pending"}
        inbox.writes_go_through.set()
        await api.wait_until(lambda: all(api.sent(chat) for chat in chats), within=30)
        await settled(api, bot)
    assert [len(api.sent(chat)) for chat in chats] == [1] * 10
    assert set(inbox.states().values()) == {"done"}
