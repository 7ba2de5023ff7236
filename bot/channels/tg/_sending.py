"""Sending replies so that none is lost: retries around python-telegram-bot's calls.

PTB's :class:`~telegram.ext.AIORateLimiter` keeps under Telegram's rates and waits out a
429 (``RetryAfter``) up to its ``max_retries``, but it does not retry timeouts or server
errors: ``TimedOut``, and 5xx answers, which PTB raises as ``NetworkError``. This module
retries those with exponential backoff, and a ``RetryAfter`` that got past the limiter.
``BadRequest`` (a subclass of ``NetworkError``) and ``Forbidden`` are final: repeating
the same request cannot help.

A timed-out request may have reached Telegram; the Bot API has no idempotency key, so a
retry after a timeout can, rarely, deliver a message twice. For a conversation's reply
losing it would be worse; a reminder is sent with ``retry_timeouts=False``: only errors
that prove the message was not delivered (:func:`maybe_delivered` is False) are retried.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import TypeVar

import httpx
from telegram import Bot, InlineKeyboardMarkup, LinkPreviewOptions, Message, ReplyParameters
from telegram.constants import ParseMode
from telegram.error import BadRequest, InvalidToken, NetworkError, RetryAfter, TimedOut

from bot.channels.tg._render import render_reply
from bot.core.models import Reply

log = logging.getLogger(__name__)

T = TypeVar("T")
NOTICE_LIMIT = 200  # answerCallbackQuery's text limit
_NO_PREVIEW = LinkPreviewOptions(is_disabled=True)


# Failures before the request left: nothing can have reached Telegram.
_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout, httpx.UnsupportedProtocol)


def maybe_delivered(error: BaseException) -> bool:
    """Whether the request that raised ``error`` may have reached Telegram.

    No for errors Telegram answered (4xx, 429, 5xx: python-telegram-bot raises those
    without an httpx cause) and for a connection that never opened; yes for a timeout or
    a broken connection after sending, and for anything unexpected (such as an answer
    that could not be parsed).
    """
    if isinstance(error, BadRequest | RetryAfter | InvalidToken):
        return False
    if isinstance(error, TimedOut | NetworkError):
        cause = error.__cause__
        if isinstance(cause, _NOT_SENT):
            return False
        if isinstance(error, TimedOut):  # a pool timeout says the request was not sent
            return not (cause is None and "pool" in str(error).casefold())
        return cause is not None  # None: Telegram answered with an error (5xx, ...)
    return not isinstance(error, NetworkError)


def _retry_after_seconds(error: RetryAfter) -> float:
    value = error.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


class ReplySender:
    """Sends rendered replies and callback answers through ``bot``, retrying faults."""

    def __init__(
        self,
        bot: Bot,
        *,
        attempts: int = 6,
        backoff: float = 0.25,
        sleep: Callable[[float], Awaitable[object]] = asyncio.sleep,
        retry_timeouts: bool = True,
    ) -> None:
        self._bot = bot
        self.bot = bot
        self._retry_timeouts = retry_timeouts
        self._attempts = attempts
        self._backoff = backoff
        self._sleep = sleep

    async def retrying(self, call: Callable[[], Awaitable[T]]) -> T:
        """Await ``call()``, again after timeouts, 5xx and 429, up to ``attempts`` times."""
        for attempt in range(1, self._attempts + 1):
            try:
                return await call()
            except BadRequest:
                raise
            except RetryAfter as error:
                if attempt == self._attempts:
                    raise
                await self._sleep(_retry_after_seconds(error) + 0.1)
            except NetworkError as error:  # TimedOut and 5xx included
                if attempt == self._attempts:
                    raise
                if not self._retry_timeouts and maybe_delivered(error):
                    raise
                delay = self._backoff * 2 ** (attempt - 1)
                log.warning("Telegram call failed (%s); retry %d in %.2fs", error, attempt, delay)
                await self._sleep(delay)
        raise AssertionError("unreachable")  # pragma: no cover

    async def send_reply(
        self,
        chat_id: int | str,
        reply: Reply,
        *,
        reply_to: int | None = None,
        sent: list[Message] | None = None,
    ) -> list[Message]:
        """Send every part of ``reply`` in order; in groups as a reply to ``reply_to``.

        ``sent`` collects the parts as they are accepted, so a caller whose send raised
        part-way knows that some of the reply already arrived.
        """
        sent = [] if sent is None else sent
        for index, part in enumerate(render_reply(reply)):
            parameters = (
                ReplyParameters(message_id=reply_to, allow_sending_without_reply=True)
                if reply_to is not None and index == 0
                else None
            )

            async def call(
                html: str = part.html,
                markup: InlineKeyboardMarkup | None = part.markup,
                replying: ReplyParameters | None = parameters,
            ) -> Message:
                return await self._bot.send_message(
                    chat_id=chat_id,
                    text=html,
                    parse_mode=ParseMode.HTML,
                    reply_markup=markup,
                    reply_parameters=replying,
                    link_preview_options=_NO_PREVIEW,
                )

            sent.append(await self.retrying(call))
        return sent

    async def answer_button(self, query_id: str, notice: str | None) -> None:
        """Acknowledge a button press (stops the client's spinner), with an optional toast."""
        toast = notice[:NOTICE_LIMIT] if notice else None
        try:
            await self.retrying(
                lambda: self._bot.answer_callback_query(callback_query_id=query_id, text=toast)
            )
        except BadRequest as error:  # e.g. "query is too old": the reply still goes out
            log.info("could not answer a button press: %s", error)
