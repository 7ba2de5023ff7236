"""TelegramNotifier: the :class:`~bot.core.ports.Notifier` for reminders and admin notices.

It sends through the same Bot (rate limiter included) and retry logic as the replies,
and turns every delivery error into a :class:`~bot.core.models.SendResult`: a user who
blocked the bot, or a chat that is gone, is a permanent failure (the subscription gets
paused); anything else is temporary (tried again later, with ``retry_after`` when
Telegram gave one).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import timedelta

from telegram import Bot, Message
from telegram.error import BadRequest, ChatMigrated, Forbidden, RetryAfter, TelegramError

from bot.channels.tg._sending import ReplySender
from bot.core.models import ChatAddress, Reply, SendResult

log = logging.getLogger(__name__)

CAPTION_LIMIT = 1024  # Telegram's limit for a photo's caption
_GONE = ("chat not found", "user is deactivated", "peer_id_invalid", "chat_id is empty")


class TelegramNotifier:
    """Delivers replies to Telegram chats outside a conversation."""

    def __init__(self, bot: Bot, *, attempts: int = 6, backoff: float = 0.25) -> None:
        self._sender = ReplySender(bot, attempts=attempts, backoff=backoff)

    async def send(self, address: ChatAddress, reply: Reply) -> SendResult:
        """Deliver one message; never raises for delivery errors."""
        return await self._delivered(
            address, lambda: self._sender.send_reply(address.chat_id, reply)
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

        return await self._delivered(address, call)

    async def _delivered(
        self, address: ChatAddress, call: Callable[[], Awaitable[list[Message]]]
    ) -> SendResult:
        if address.channel != "telegram":
            return SendResult(ok=False, permanent=True, error=f"not a Telegram chat: {address}")
        try:
            messages = await call()
        except Forbidden as error:
            return SendResult(ok=False, permanent=True, error=str(error))
        except ChatMigrated as error:
            return SendResult(ok=False, permanent=True, error=f"chat moved to {error.new_chat_id}")
        except BadRequest as error:
            gone = any(marker in str(error).casefold() for marker in _GONE)
            return SendResult(ok=False, permanent=gone, error=str(error))
        except RetryAfter as error:
            delay = error.retry_after
            seconds = delay.total_seconds() if isinstance(delay, timedelta) else float(delay)
            return SendResult(ok=False, error=str(error), retry_after=seconds)
        except TelegramError as error:
            log.warning("reminder to a Telegram chat not delivered: %s", error)
            return SendResult(ok=False, error=str(error))
        return SendResult(ok=True, provider_message_id=str(messages[-1].message_id))
