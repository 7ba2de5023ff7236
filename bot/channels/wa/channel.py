"""The WhatsApp channel assembled: webhook, background processor, notifier, Graph client.

Built from the settings and the ports it uses (a ``handle`` function, the user
repository, the clock, an inbox, the outbox); the composition root (:mod:`bot.app`) does
it. The caller serves :meth:`WhatsAppChannel.routes` on the bot's HTTP server and calls
:meth:`~WhatsAppChannel.start` and :meth:`~WhatsAppChannel.stop` around it, the lifecycle
every channel shares.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import timedelta
from typing import ClassVar

from starlette.routing import BaseRoute

from bot.channels.throttle import TokenBucketThrottle
from bot.channels.wa.delivery_status import DeliveryFailures
from bot.channels.wa.graph import GraphClient
from bot.channels.wa.inbox import Inbox
from bot.channels.wa.notifier import WhatsAppNotifier
from bot.channels.wa.processor import Processor, StatusListener
from bot.channels.wa.updates import StatusUpdate
from bot.channels.wa.webhook import WhatsAppWebhook
from bot.config import Settings
from bot.core.models import Incoming, Reply
from bot.core.ports import Clock, UserRepository
from bot.core.reminders import OutboxRepository

log = logging.getLogger(__name__)

REQUIRED_SETTINGS = (
    "WHATSAPP_PHONE_ID",
    "WHATSAPP_TOKEN",
    "WHATSAPP_APP_SECRET",
    "WHATSAPP_VERIFY_TOKEN",
)
# per sender, as on Telegram: a burst of 12, then one message every 2 seconds
THROTTLE_BURST = 12
THROTTLE_RATE = 0.5
# Meta retries a webhook for up to 7 days: ids are remembered a day longer.
INBOX_RETENTION = timedelta(days=8)


@dataclass(frozen=True, slots=True, kw_only=True)
class WhatsAppChannel:
    """Everything the WhatsApp channel runs."""

    name: ClassVar[str] = "whatsapp"
    webhook: WhatsAppWebhook
    processor: Processor
    notifier: WhatsAppNotifier
    graph: GraphClient
    inbox: Inbox
    failures: DeliveryFailures | None = None
    clock: Clock | None = None

    def routes(self) -> list[BaseRoute]:
        """The ``/whatsapp`` routes."""
        return self.webhook.routes()

    async def start(self) -> None:
        """Answer what a previous run left unanswered; apply failures it left unapplied."""
        if self.failures is not None and self.clock is not None:
            since = self.clock.now() - INBOX_RETENTION
            failed = await asyncio.to_thread(self.inbox.failures, since)
            await asyncio.to_thread(self.failures.reconcile, failed)
        await self.processor.recover()
        self.processor.start_retrying()

    def describe(self) -> str:
        """One line for the operator."""
        return "WhatsApp webhook at /whatsapp"

    async def stop(self, grace: float = 30.0) -> None:
        """Finish the answers in flight (up to ``grace`` seconds), then close connections."""
        await self.processor.stop_retrying()
        if not await self.processor.wait_idle(grace):
            log.warning("whatsapp: stopping with answers unfinished (answered on next start)")
        await self.webhook.wait_background()
        await self.graph.aclose()


def build_channel(
    settings: Settings,
    *,
    handle: Callable[[Incoming], Reply],
    users: UserRepository,
    clock: Clock,
    inbox: Inbox,
    status_listener: StatusListener | None = None,
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    concurrency: int = 8,
    outbox: OutboxRepository | None = None,
    throttle: TokenBucketThrottle | None = None,
    on_throttled: Callable[[], None] = lambda: None,
) -> WhatsAppChannel:
    """Wire the channel; ConfigError when a WhatsApp setting is missing.

    With ``outbox``, a ``failed`` status of a sent reminder marks its delivery failed.
    ``throttle`` limits each sender (default: Telegram's, 12 at once then one per 2 s);
    ``on_throttled`` is called for each message it drops (before it is stored).
    """
    settings.require(*REQUIRED_SETTINGS)
    assert settings.whatsapp_phone_id  # checked just above
    assert settings.whatsapp_app_secret and settings.whatsapp_verify_token
    graph = _graph_client(settings, sleep=sleep)
    notifier = _notifier(settings, graph=graph, users=users, clock=clock)
    failures = DeliveryFailures(outbox=outbox, clock=clock) if outbox is not None else None

    async def on_status(status: StatusUpdate) -> None:
        # a reminder WhatsApp refused late (131047) goes out again as the template; the
        # delivery's final outcome is recorded either way
        fallback = await notifier.on_status(status)
        if failures is not None:
            await failures.on_status(status, fallback)
        if status_listener is not None:
            await status_listener(status)

    processor = Processor(
        handle=handle,
        users=users,
        clock=clock,
        graph=graph,
        inbox=inbox,
        concurrency=concurrency,
        status_listener=on_status,
    )
    webhook = WhatsAppWebhook(
        app_secret=settings.whatsapp_app_secret,
        verify_token=settings.whatsapp_verify_token,
        inbox=inbox,
        processor=processor,
        clock=clock,
        phone_id=settings.whatsapp_phone_id,
        throttle=throttle or TokenBucketThrottle(burst=THROTTLE_BURST, per_second=THROTTLE_RATE),
        on_throttled=on_throttled,
    )
    return WhatsAppChannel(
        webhook=webhook,
        processor=processor,
        notifier=notifier,
        graph=graph,
        inbox=inbox,
        failures=failures,
        clock=clock,
    )


@asynccontextmanager
async def open_notifier(
    settings: Settings, *, users: UserRepository, clock: Clock
) -> AsyncIterator[WhatsAppNotifier]:
    """A WhatsApp notifier alone (``sisterbot reminders send``): no webhook needed.

    Needs WHATSAPP_PHONE_ID and WHATSAPP_TOKEN; closes its connections on exit.
    """
    settings.require("WHATSAPP_PHONE_ID", "WHATSAPP_TOKEN")
    graph = _graph_client(settings)
    try:
        yield _notifier(settings, graph=graph, users=users, clock=clock)
    finally:
        await graph.aclose()


def _graph_client(
    settings: Settings, *, sleep: Callable[[float], Awaitable[None]] = asyncio.sleep
) -> GraphClient:
    """The Graph API client; the caller has required WHATSAPP_PHONE_ID and WHATSAPP_TOKEN."""
    assert settings.whatsapp_phone_id and settings.whatsapp_token
    return GraphClient(
        base_url=settings.whatsapp_api_base_url,
        api_version=settings.whatsapp_api_version,
        phone_id=settings.whatsapp_phone_id,
        token=settings.whatsapp_token,
        sleep=sleep,
    )


def _notifier(
    settings: Settings, *, graph: GraphClient, users: UserRepository, clock: Clock
) -> WhatsAppNotifier:
    return WhatsAppNotifier(
        graph=graph,
        users=users,
        clock=clock,
        template_name=settings.whatsapp_template_name,
        template_language=settings.whatsapp_template_language,
    )
