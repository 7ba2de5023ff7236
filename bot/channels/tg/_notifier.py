"""TelegramNotifier: the :class:`~bot.core.ports.Notifier` for reminders and admin notices.

It sends through the same Bot (rate limiter included) as the replies, and turns every
delivery outcome into a :class:`~bot.core.models.SendResult`:

* not delivered, for good: a user who blocked the bot, a chat that is gone (the
  subscription gets paused);
* not delivered, for now: a refused connection, a 429 (with ``retry_after``), a 5xx the
  Bot API answered (retried here with backoff, then later by the outbox);
* maybe delivered: a timeout after the request went out, an answer the client could not
  parse, any unexpected error once the request was on its way, a reply of several
  messages cut off after the first. Those are never retried, here or later: a reminder
  must not arrive twice; the outbox records them as unknown and the admins are told.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import timedelta

from telegram import Bot, Message
from telegram.error import BadRequest, ChatMigrated, Forbidden, RetryAfter

from bot.channels.tg._sending import ReplySender, maybe_delivered
from bot.core.models import ChatAddress, Reply, SendResult

log = logging.getLogger(__name__)

CAPTION_LIMIT = 1024  # Telegram's limit for a photo's caption
_GONE = ("chat not found", "user is deactivated", "peer_id_invalid", "chat_id is empty")


class TelegramNotifier:
    """Delivers replies to Telegram chats outside a conversation."""

    def __init__(self, bot: Bot, *, attempts: int = 6, backoff: float = 0.25) -> None:
        self._sender = ReplySender(bot, attempts=attempts, backoff=backoff, retry_timeouts=False)

    async def send(self, address: ChatAddress, reply: Reply) -> SendResult:
        """Deliver one message; never raises for delivery errors."""
        sent: list[Message] = []
        return await self._delivered(
            address,
            lambda: self._sender.send_reply(address.chat_id, reply, sent=sent),
            partly_sent=lambda: bool(sent),
        )

    async def send_photo(self, address: ChatAddress, png: bytes, caption: str) -> SendResult:
        """Deliver one picture with a short caption (the weekly recap's chart)."""

        async def call() -> list[Message]:
            message = await self._sender.retrying(
                lambda: self._sender.bot.send_photo(
                    chat_id=address.chat_id, photo=png, caption=caption[:CAPTION_LIMIT]
                )
            )
            return [message]

        return await self._delivered(address, call, partly_sent=lambda: False)

    async def _delivered(
        self,
        address: ChatAddress,
        call: Callable[[], Awaitable[list[Message]]],
        *,
        partly_sent: Callable[[], bool],
    ) -> SendResult:
        if address.channel != "telegram":
            return SendResult(ok=False, permanent=True, error=f"not a Telegram chat: {address}")
        try:
            messages = await call()
        except Exception as error:
            return _failure(error, partly_sent=partly_sent())
        return SendResult(ok=True, provider_message_id=str(messages[-1].message_id))


def _failure(error: Exception, *, partly_sent: bool) -> SendResult:
    """What a send that raised means: not delivered (for good or for now), or maybe."""
    if partly_sent:
        # the first messages of the reply arrived: sending it again would repeat them
        return SendResult(ok=False, maybe_delivered=True, error=f"cut off: {error}"[:500])
    if isinstance(error, Forbidden):
        return SendResult(ok=False, permanent=True, error=str(error))
    if isinstance(error, ChatMigrated):
        return SendResult(ok=False, permanent=True, error=f"chat moved to {error.new_chat_id}")
    if isinstance(error, BadRequest):
        gone = any(marker in str(error).casefold() for marker in _GONE)
        return SendResult(ok=False, permanent=gone, error=str(error))
    if isinstance(error, RetryAfter):
        delay = error.retry_after
        seconds = delay.total_seconds() if isinstance(delay, timedelta) else float(delay)
        return SendResult(ok=False, error=str(error), retry_after=seconds)
    if maybe_delivered(error):
        log.warning("a Telegram send may have been delivered: %r", error)
        return SendResult(ok=False, maybe_delivered=True, error=repr(error)[:500])
    log.warning("reminder to a Telegram chat not delivered: %s", error)
    return SendResult(ok=False, error=str(error))
