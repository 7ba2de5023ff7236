"""Recording each send's outcome on the outbox rows of one claim.

**Sent** outcomes are written many digests at a time (a group commit). At a thousand
messages a second, one transaction per digest is a thousand commits a second from many
worker threads, contending for the database's write lock: the sends then wait on the
recording and the fan-out falls behind its rate (each write costs a millisecond or two
of CPU, however few its rows). Each accepted send is queued here instead, and one
flusher writes the queue every :data:`GATHER_SECONDS`, one statement for everything
that arrived meanwhile (:meth:`OutboxRepository.mark_sent_each`).

No guarantee is weakened: until its write commits, a sent row is still held by the
claim and marked in flight (``sending_since``, set before the send). If the process
dies in between, the row is settled as ``unknown`` once its claim lapses (reported,
never sent again), as for a process that died during the send itself; the window grows
by a twentieth of a second.

**Failures** are rare and written at once, a whole digest in one statement: unknown
(maybe delivered), failed for good (the chat refuses the bot: its subscriptions are
paused), or released to be retried later, with a backoff.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Collection
from datetime import datetime, timedelta

from bot.core.models import SendResult
from bot.core.ports import SubscriptionRepository
from bot.core.reminders import Delivery, OutboxRepository
from bot.delivery.dispatch_stats import DispatchStats

log = logging.getLogger(__name__)

# How long sent outcomes are gathered before one write records them all.
GATHER_SECONDS = 0.05


class OutcomeRecorder:
    """Records the outcomes of one claim's sends (see the module docstring)."""

    def __init__(
        self,
        *,
        outbox: OutboxRepository,
        subscriptions: SubscriptionRepository,
        token: str,
        stats: DispatchStats,
        max_attempts: int,
    ) -> None:
        self._outbox = outbox
        self._subscriptions = subscriptions
        self._token = token
        self._stats = stats
        self._max_attempts = max_attempts
        self._queued: dict[int, tuple[datetime, str | None]] = {}
        self._flusher: asyncio.Task[None] | None = None

    def sent(self, ids: Collection[int], at: datetime, provider_message_id: str | None) -> None:
        """One message carrying ``ids`` was accepted at ``at``: record it soon."""
        for delivery_id in ids:
            self._queued[delivery_id] = (at, provider_message_id)
        if self._flusher is None or self._flusher.done():
            self._flusher = asyncio.create_task(self._flush())

    async def close(self) -> None:
        """Wait until every queued outcome is written."""
        if self._flusher is not None:
            # shielded: a pass cancelled meanwhile still records what it knows was sent
            await asyncio.shield(self._flusher)

    async def _flush(self) -> None:
        while self._queued:
            await asyncio.sleep(GATHER_SECONDS)
            batch, self._queued = self._queued, {}
            try:
                marked = await asyncio.to_thread(self._outbox.mark_sent_each, self._token, batch)
            except Exception as error:
                # The rows stay held and in flight: once the claim lapses they are settled
                # as unknown (reported to the admins), never sent again.
                log.exception("recording %d sent reminder(s) failed", len(batch))
                self._stats.errors.append(f"recording sent {sorted(batch)[:10]}: {error!r}")
                continue
            self._stats.sent += len(marked)
            if lapsed := len(batch) - len(marked):
                self._stats.lost_claims += lapsed
                log.error("%d reminder(s) were sent after their claims lapsed", lapsed)

    async def failed(
        self,
        chat: Delivery,
        rows: list[Delivery],
        rest: list[Delivery],
        result: SendResult,
        now: datetime,
    ) -> None:
        """A digest part not accepted (``rows``; ``rest``: the chat's later parts): unknown,
        failed for good, or released to be retried."""
        outbox, token, stats = self._outbox, self._token, self._stats
        ids = [r.id for r in rows]
        error = (result.error or "send failed")[:500]
        if result.maybe_delivered:
            log.warning(
                "reminder digest to a %s chat may have been delivered: %s", chat.channel, error
            )
            stats.unknown += await asyncio.to_thread(outbox.mark_unknown, ids, token, error, now)
            # the rest of the digest waits: this chat's state is unclear until admins look
            await self._release(rest, now, error)
            return
        if result.permanent:
            log.info("chat on %s refuses reminders; pausing its subscriptions", chat.channel)
            every = [*ids, *(r.id for r in rest)]

            def fail_chat() -> int:
                failed = outbox.mark_failed_many(every, token, error, now)
                self._subscriptions.pause(chat.address, error)
                return failed + outbox.fail_chat(chat.address, error, now)

            stats.failed += await asyncio.to_thread(fail_chat)
            return
        await self._release([*rows, *rest], now, error, retry_after=result.retry_after)

    async def _release(
        self,
        rows: list[Delivery],
        now: datetime,
        error: str,
        *,
        retry_after: float | None = None,
    ) -> None:
        """Not delivered: the rows go back, to be retried together (a digest retried whole)."""
        if not rows:
            return
        # attempts as claimed: nobody else changes a row while this claim holds it
        attempts = max(r.attempts for r in rows)
        delay = retry_after or min(3600.0, 30.0 * 2**attempts)
        released = await asyncio.to_thread(
            lambda: self._outbox.release_many(
                [r.id for r in rows],
                self._token,
                retry_at=now + timedelta(seconds=delay),
                error=error,
                max_attempts=self._max_attempts,
                at=now,
            )
        )
        failed = sum(1 for status in released.values() if status == "failed")
        self._stats.retried += len(released) - failed
        self._stats.failed += failed
