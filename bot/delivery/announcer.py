"""Sends announcements from their outbox: paced like reminders, each chat once, counted.

One row at a time: claimed (``sending``, committed), paced by the same
:class:`~bot.delivery.ratelimit.RateLimiter` reminders use, sent, and its outcome recorded.
A proven-not-delivered error is retried later (``retry``); a permanent one is ``failed``;
a row a dead process left ``sending`` becomes ``unknown`` once its lease has passed, and
is never resent (see :mod:`bot.storage.announcements_repo`).
"""

from __future__ import annotations

import asyncio
import secrets
from collections import Counter
from collections.abc import Awaitable, Callable, Mapping, Sequence
from datetime import datetime, timedelta
from typing import Protocol

from bot.core.ports import Clock, Notifier
from bot.core.reminders import AnnouncementDelivery, announcement_reply
from bot.delivery.ratelimit import RateLimiter

# A send finishes well within this (the HTTP clients time out sooner); a row still
# ``sending`` after it belonged to a process that died.
SEND_LEASE = timedelta(seconds=15)
MAX_ATTEMPTS = 5
RETRY_DELAY = timedelta(seconds=30)


class AnnouncementOutbox(Protocol):
    """What the sender needs of the store (``bot.storage.announcements_repo``)."""

    def claim_next(
        self, *, now: datetime, token: str, lease_until: datetime, channels: Sequence[str]
    ) -> AnnouncementDelivery | None: ...

    def finish(
        self,
        delivery: AnnouncementDelivery,
        token: str,
        *,
        status: str,
        now: datetime,
        error: str | None = None,
        retry_at: datetime | None = None,
        provider_message_id: str | None = None,
    ) -> bool: ...

    def expire_interrupted(self, now: datetime) -> int: ...

    def earliest_lease(self) -> datetime | None: ...


class Announcer:
    """Drains the announcement outbox through the channels' notifiers."""

    def __init__(
        self,
        store: AnnouncementOutbox,
        notifiers: Mapping[str, Notifier],
        *,
        clock: Clock,
        limiter: RateLimiter,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self._store = store
        self._notifiers = notifiers
        self._clock = clock
        self._limiter = limiter
        self._token = secrets.token_hex(8)
        self._sleep = sleep

    async def send_due(
        self, *, limit: int | None = None, wait_for_interrupted: bool = True
    ) -> Counter[str]:
        """Send every row due now (at most ``limit``); the outcomes counted.

        ``wait_for_interrupted``: then wait out the lease of rows another process left
        ``sending`` (the command line does; the running bot's job looks again next run).
        """
        outcomes: Counter[str] = Counter()
        outcomes["unknown"] += await asyncio.to_thread(
            self._store.expire_interrupted, self._clock.now()
        )
        channels = sorted(self._notifiers)
        while limit is None or outcomes.total() - outcomes["unknown"] < limit:
            now = self._clock.now()
            delivery = await asyncio.to_thread(
                self._store.claim_next,
                now=now,
                token=self._token,
                lease_until=now + SEND_LEASE,
                channels=channels,
            )
            if delivery is None:
                break
            outcomes[await self._send(delivery)] += 1
        if wait_for_interrupted:
            outcomes["unknown"] += await self._settle_interrupted()
        return +outcomes

    async def _settle_interrupted(self) -> int:
        """Wait out the lease of rows another process left ``sending``; they are unknown.

        This sender finishes each row before it claims the next, so at this point any row
        still ``sending`` is another process's: if that process lives, it finishes within
        the lease; if it died, the row is marked unknown when the lease has passed.
        """
        lease = await asyncio.to_thread(self._store.earliest_lease)
        if lease is None:
            return 0
        wait = (lease - self._clock.now()).total_seconds()
        if wait > 0:
            await self._sleep(min(wait, SEND_LEASE.total_seconds()) + 0.1)
        return await asyncio.to_thread(self._store.expire_interrupted, self._clock.now())

    async def _send(self, delivery: AnnouncementDelivery) -> str:
        address = delivery.address
        await self._limiter.wait_turn((address.channel, address.chat_id))
        result = await self._notifiers[address.channel].send(
            address, announcement_reply(delivery.text)
        )
        now = self._clock.now()
        if result.ok:
            status, retry_at = "sent", None
        elif result.permanent or delivery.attempts >= MAX_ATTEMPTS:
            status, retry_at = "failed", None
        else:
            if result.retry_after:
                self._limiter.pause(result.retry_after)
            wait = timedelta(seconds=result.retry_after) if result.retry_after else RETRY_DELAY
            status, retry_at = "retry", now + wait
        await asyncio.to_thread(
            self._store.finish,
            delivery,
            self._token,
            status=status,
            now=now,
            error=result.error,
            retry_at=retry_at,
            provider_message_id=result.provider_message_id,
        )
        return status
