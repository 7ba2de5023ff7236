"""Build the python-telegram-bot Application around the core's ``handle``.

Updates of different chats are processed concurrently (a slow answer in one chat does
not hold up the others); updates of one chat in the order they came
(:class:`PerChatUpdateProcessor`), so "/bahasa en" takes effect before the question
typed after it. Sends go through PTB's AIORateLimiter (Telegram's rates, 429s waited
out) and :class:`~bot.channels.tg._sending.ReplySender` (timeouts and 5xx retried).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Collection, Coroutine
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from telegram import Update
from telegram.ext import (
    AIORateLimiter,
    Application,
    BaseUpdateProcessor,
    CallbackQueryHandler,
    MessageHandler,
    filters,
)
from telegram.request import HTTPXRequest

from bot.channels.tg._gate import MEDIA, FloodGate
from bot.channels.tg._handlers import HandleFn, TelegramHandlers
from bot.channels.tg._inbox import UpdateInbox
from bot.channels.tg._sending import ReplySender
from bot.channels.tg._texts import menu
from bot.channels.throttle import TokenBucketThrottle

ALLOWED_UPDATES = ["message", "edited_message", "callback_query"]
AnyApplication = Application[Any, Any, Any, Any, Any, Any]
PostHook = Callable[[AnyApplication], Coroutine[Any, Any, None]]
AfterUpdate = Callable[[Update], Awaitable[None]]


@dataclass(frozen=True, slots=True, kw_only=True)
class TelegramOptions:
    """Tuning knobs; the defaults suit production."""

    max_concurrent_updates: int = 32
    connection_pool_size: int = 32  # >= the above; httpcore scans its pool on every request
    read_timeout: float = 10.0
    connect_timeout: float = 5.0
    pool_timeout: float = 5.0
    rate_limiter_retries: int = 10
    overall_max_rate: float = 30.0  # Telegram's ~30 messages/s; 0 turns the limit off
    send_attempts: int = 6
    retry_backoff: float = 0.25
    throttle_burst: int = 12
    throttle_per_second: float = 0.5
    polling_timeout: int = 10
    retry_sweep_seconds: float = 5.0  # how often stored, unfinished updates are looked at
    core_threads: int = 4  # worker threads for the core; 1 suits SQLite (one writer)


class PerChatUpdateProcessor(BaseUpdateProcessor):
    """Concurrent across chats, in order within a chat.

    An update first waits for its chat's turn, and only then for one of the
    ``max_concurrent_updates`` slots: a chat flooding the bot queues behind itself without
    taking the slots other chats need.
    """

    def __init__(
        self,
        max_concurrent_updates: int,
        *,
        max_pending: int = 100_000,
        after: AfterUpdate | None = None,
    ) -> None:
        super().__init__(max_pending)
        self._slots = asyncio.Semaphore(max_concurrent_updates)
        self._locks: dict[int, tuple[asyncio.Lock, int]] = {}
        self.after = after

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        """Await ``coroutine`` holding the lock of the update's chat and a slot, then ``after``."""
        chat = update.effective_chat if isinstance(update, Update) else None
        if chat is None:
            async with self._slots:
                await coroutine
                await self._after(update)
            return
        lock, users = self._locks.get(chat.id, (asyncio.Lock(), 0))
        self._locks[chat.id] = (lock, users + 1)
        try:
            async with lock, self._slots:
                await coroutine
                # still holding the chat's lock: a retried update keeps its place in line
                await self._after(update)
        finally:
            lock, users = self._locks[chat.id]
            if users == 1:
                del self._locks[chat.id]
            else:
                self._locks[chat.id] = (lock, users - 1)

    async def _after(self, update: object) -> None:
        if self.after is not None and isinstance(update, Update):
            await self.after(update)

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to release."""


def api_urls(api_base_url: str) -> tuple[str, str]:
    """PTB's base_url and base_file_url for a Bot API root (TELEGRAM_API_BASE_URL)."""
    root = api_base_url.rstrip("/")
    return f"{root}/bot{{token}}", f"{root}/file/bot{{token}}"


def _http(options: TelegramOptions) -> HTTPXRequest:
    return HTTPXRequest(
        connection_pool_size=options.connection_pool_size,
        read_timeout=options.read_timeout,
        write_timeout=options.read_timeout,
        connect_timeout=options.connect_timeout,
        pool_timeout=options.pool_timeout,
        httpx_kwargs={"trust_env": False},  # only TELEGRAM_API_BASE_URL decides where to go
    )


def polling_request(options: TelegramOptions) -> HTTPXRequest:
    """The HTTP client of :class:`~bot.channels.tg._polling.StoringPoller` (one long poll)."""
    return HTTPXRequest(
        connection_pool_size=1,
        read_timeout=options.polling_timeout + 10,
        connect_timeout=options.connect_timeout,
        pool_timeout=options.pool_timeout,
        httpx_kwargs={"trust_env": False},
    )


def _command_registrar(command_names: Collection[str]) -> PostHook:
    async def register_commands(application: AnyApplication) -> None:
        """setMyCommands: Indonesian (also the default), and English with its aliases."""
        bot = application.bot
        await bot.set_my_commands(menu("id", command_names))
        await bot.set_my_commands(menu("id", command_names), language_code="id")
        await bot.set_my_commands(menu("en", command_names), language_code="en")

    return register_commands


def _thread_releaser(threads: ThreadPoolExecutor) -> PostHook:
    async def release_threads(_application: AnyApplication) -> None:
        threads.shutdown(wait=False)

    return release_threads


def build_application(
    *,
    token: str,
    api_base_url: str,
    handle: HandleFn,
    command_names: Collection[str],
    inbox: UpdateInbox,
    options: TelegramOptions | None = None,
    throttle_clock: Callable[[], float] = time.monotonic,
    on_throttled: Callable[[], None] = lambda: None,
) -> AnyApplication:
    """The Application with its handlers, handling updates from ``inbox``.

    It has no Updater: the webhook and :class:`~bot.channels.tg._polling.StoringPoller`
    store each update in ``inbox`` and then feed the Application's queue; the inbox is
    guarded by the per-user :class:`~bot.channels.tg._gate.FloodGate`, so a flood is dropped
    before it is stored (``on_throttled`` is called for each message dropped). Once an
    update is handled it is finished in the inbox, or (handling failed) tried again later,
    with one apology when it is given up.
    """
    options = options or TelegramOptions()
    # httpx logs every request's URL at INFO, and the URL carries the bot token.
    logging.getLogger("httpx").setLevel(max(logging.WARNING, logging.getLogger("httpx").level))
    base_url, base_file_url = api_urls(api_base_url)
    core_threads = ThreadPoolExecutor(options.core_threads, thread_name_prefix="sisterbot-core")
    limiter = AIORateLimiter(
        overall_max_rate=options.overall_max_rate, max_retries=options.rate_limiter_retries
    )
    processor = PerChatUpdateProcessor(options.max_concurrent_updates)
    builder = (
        Application.builder()
        .token(token)
        .base_url(base_url)
        .base_file_url(base_file_url)
        .request(_http(options))
        .get_updates_request(_http(options))
        .rate_limiter(limiter)
        .concurrent_updates(processor)
        .job_queue(None)  # reminders run on the APScheduler of bot/scheduler.py
        .post_init(_command_registrar(command_names))
        .post_shutdown(_thread_releaser(core_threads))
        .updater(None)
    )
    application = builder.build()
    gate = FloodGate(
        TokenBucketThrottle(
            burst=options.throttle_burst,
            per_second=options.throttle_per_second,
            clock=throttle_clock,
        ),
        application.bot,
        command_names=command_names,
        on_throttled=on_throttled,
    )
    inbox.guard(gate.check)
    handlers = TelegramHandlers(
        handle,
        gate=gate,
        sender=ReplySender(
            application.bot, attempts=options.send_attempts, backoff=options.retry_backoff
        ),
        core_threads=core_threads,
        command_names=command_names,
        failed=inbox.mark_failed,
        replying=inbox.replying,
    )

    async def after(update: Update) -> None:
        if await inbox.processed(update.update_id):
            await handlers.apologise(update)

    processor.after = after
    messages = filters.UpdateType.MESSAGES
    application.add_handler(MessageHandler(messages & filters.TEXT, handlers.on_text))
    application.add_handler(MessageHandler(messages & MEDIA, handlers.on_media))
    application.add_handler(CallbackQueryHandler(handlers.on_button))
    application.add_error_handler(handlers.on_error)
    return application
