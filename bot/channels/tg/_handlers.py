"""The Telegram handlers: translate, ask the core, send the reply.

Every text (commands included) goes to the core, which routes commands itself; the
handlers only decide whether a message is for the bot, answer what the core cannot see
(stickers, photos, voice, documents), and say "slow down" for the update the
:class:`~bot.channels.tg._gate.FloodGate` marked as a flood's notice (the rest of the
flood never reached the store, nor them). The core runs in a
worker thread so its database I/O never blocks the event loop: a pool of its own, sized
for the database (SQLite takes one writer at a time; more threads only contend for it).
"""

from __future__ import annotations

import asyncio
import logging
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Collection
from concurrent.futures import ThreadPoolExecutor

from telegram import Message, Update, User
from telegram.ext import ContextTypes

from bot.channels.tg._gate import FloodGate
from bot.channels.tg._sending import ReplySender
from bot.channels.tg._texts import text
from bot.channels.tg._translate import (
    addressed_text,
    incoming_from_button,
    incoming_from_message,
    is_group,
    media_addressed,
)
from bot.core.dialogue import guess_language
from bot.core.models import Incoming, Language, Reply

log = logging.getLogger(__name__)

HandleFn = Callable[[Incoming], Reply]
Replying = Callable[[int], Awaitable[None]]


async def _reply_at_once(_update_id: int) -> None:
    return None


_LANGUAGE_MEMORY = 10_000


class TelegramHandlers:
    """The callbacks registered on the Application; one instance per bot."""

    def __init__(
        self,
        handle: HandleFn,
        *,
        gate: FloodGate,
        sender: ReplySender,
        core_threads: ThreadPoolExecutor | None = None,
        command_names: Collection[str] = (),
        failed: Callable[[int], None] = lambda _update_id: None,
        replying: Replying = _reply_at_once,
    ) -> None:
        self._handle = handle
        self._failed = failed
        # waited for before an update's first send (the inbox bounds what a crash can double)
        self._replying = replying
        self._commands = frozenset(name.casefold() for name in command_names)
        self._core_threads = core_threads
        self._gate = gate
        self._sender = sender
        # The language of the last reply per user, for what the adapter itself says; the
        # core remembers the user's choice in the database.
        self._languages: OrderedDict[int, Language] = OrderedDict()

    async def on_text(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A text message or command, new or edited: the core answers it."""
        message, user = update.effective_message, update.effective_user
        if message is None or user is None or user.is_bot or message.text is None:
            return
        if self._gate.take_notice(update):
            await self._slow_down(message, user)
            return
        bot = context.bot
        wanted = addressed_text(
            message,
            message.text,
            bot_username=bot.username,
            bot_id=bot.id,
            commands=self._commands,
        )
        if wanted is None:
            return
        reply = await self._ask_core(incoming_from_message(message, user, wanted))
        self._remember(user.id, reply.language)
        await self._replying(update.update_id)
        await self._sender.send_reply(message.chat.id, reply, reply_to=self._reply_to(message))

    async def on_media(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A sticker, photo, voice note, document...: ask politely for text."""
        message, user = update.effective_message, update.effective_user
        if message is None or user is None or user.is_bot:
            return
        if self._gate.take_notice(update):
            await self._slow_down(message, user)
            return
        if is_group(message.chat) and not media_addressed(
            message, bot_username=context.bot.username, bot_id=context.bot.id
        ):
            return
        reply = Reply(text=text("text_only", self._language(user)))
        await self._replying(update.update_id)
        await self._sender.send_reply(message.chat.id, reply, reply_to=self._reply_to(message))

    async def on_button(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A button press: the core checks the data and answers."""
        query = update.callback_query
        if query is None:
            return
        if self._gate.take_notice(update):
            notice = text("throttled", self._language(query.from_user))
            await self._sender.answer_button(query.id, notice)
            return
        incoming = incoming_from_button(query)
        reply = await self._ask_core(incoming)
        self._remember(query.from_user.id, reply.language)
        await self._replying(update.update_id)
        await self._sender.answer_button(query.id, reply.notice)
        if reply.text:
            await self._sender.send_reply(incoming.chat_id, reply)

    async def on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Log the failure with its traceback and report it; the inbox tries it again later."""
        update_id = update.update_id if isinstance(update, Update) else None
        log.error("error while handling update %s", update_id, exc_info=context.error)
        if update_id is not None:
            self._failed(update_id)

    async def apologise(self, update: Update) -> None:
        """One apology for an update given up after its last attempt."""
        if update.effective_chat is None:
            return
        user = update.effective_user
        language = self._language(user) if user is not None else "id"
        apology = Reply(text=text("apology", language))
        try:
            if update.callback_query is not None:
                await self._sender.answer_button(update.callback_query.id, None)
            await self._sender.send_reply(update.effective_chat.id, apology)
        except Exception:
            log.exception("could not send the apology for update %s", update.update_id)

    # --- helpers ------------------------------------------------------------------------

    async def _ask_core(self, incoming: Incoming) -> Reply:
        """The core's answer, computed in a worker thread."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._core_threads, self._handle, incoming)

    async def _slow_down(self, message: Message, user: User) -> None:
        """The one "slow down" of a flood (its other messages were dropped unstored)."""
        reply = Reply(text=text("throttled", self._language(user)))
        await self._sender.send_reply(message.chat.id, reply)

    @staticmethod
    def _reply_to(message: Message) -> int | None:
        """In groups the answer quotes the question, so it is clear whom it answers."""
        return message.message_id if is_group(message.chat) else None

    def _remember(self, user_id: int, language: Language) -> None:
        self._languages[user_id] = language
        self._languages.move_to_end(user_id)
        if len(self._languages) > _LANGUAGE_MEMORY:
            self._languages.popitem(last=False)

    def _language(self, user: User) -> Language:
        return self._languages.get(user.id) or guess_language(user.language_code)
