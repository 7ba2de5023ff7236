"""The Telegram channel: python-telegram-bot as a thin adapter over the core.

Update -> :class:`~bot.core.models.Incoming` (:mod:`._translate`), the core's
:class:`~bot.core.models.Reply` -> escaped HTML and an inline keyboard (:mod:`._render`),
sends that survive timeouts, 5xx and 429 (:mod:`._sending`), the Application and its
handlers (:mod:`._application`, :mod:`._handlers`), the durable inbox every update goes
through (:mod:`._inbox`), the webhook route (:mod:`._webhook`) and the long-polling loop
(:mod:`._polling`) that store an update before Telegram is told it arrived, the running
service (:mod:`._service`) and the reminders' notifier (:mod:`._notifier`).
"""

from bot.channels.tg._application import (
    ALLOWED_UPDATES,
    PerChatUpdateProcessor,
    TelegramOptions,
    api_urls,
    build_application,
)
from bot.channels.tg._inbox import RETRY_DELAYS, UpdateInbox
from bot.channels.tg._notifier import TelegramNotifier
from bot.channels.tg._polling import StoringPoller
from bot.channels.tg._render import RenderedPart, render_keyboard, render_reply, split_text
from bot.channels.tg._sending import ReplySender
from bot.channels.tg._service import TelegramChannel, TelegramService
from bot.channels.tg._webhook import SECRET_HEADER, WEBHOOK_PATH, webhook_route
from bot.channels.throttle import TokenBucketThrottle, Verdict

__all__ = [
    "ALLOWED_UPDATES",
    "RETRY_DELAYS",
    "SECRET_HEADER",
    "WEBHOOK_PATH",
    "PerChatUpdateProcessor",
    "RenderedPart",
    "ReplySender",
    "StoringPoller",
    "TelegramChannel",
    "TelegramNotifier",
    "TelegramOptions",
    "TelegramService",
    "TokenBucketThrottle",
    "UpdateInbox",
    "Verdict",
    "api_urls",
    "build_application",
    "render_keyboard",
    "render_reply",
    "split_text",
    "webhook_route",
]
