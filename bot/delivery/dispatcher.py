"""The dispatcher: claims due outbox rows and sends them, once each, within the limits.

Each pass claims a batch (a token and a lease; on PostgreSQL with FOR UPDATE SKIP LOCKED,
so replicas never claim the same row), re-checks every row against the current data
(the agreement still exists and still has that due date, the chat is still subscribed),
renders the reminder in the recipient's language and sends it through the channel's
:class:`~bot.core.ports.Notifier`, paced by the :class:`RateLimiter`. A row is marked
sent right after the provider accepted it. A 429 pauses every send for its
``retry_after`` and the row is tried again; a permanent error (the user blocked the bot)
fails the chat's rows and pauses its subscriptions. A process that dies holding claims
leaves them to be reclaimed when the lease expires: late, never lost. A sent row keeps
the provider's message id, so a failure reported later (WhatsApp) marks it failed; every
failed row is told to the admins by :class:`~bot.delivery.failure_notices.FailureNotices`.

Storage calls run in a worker thread (``asyncio.to_thread``): the event loop that also
serves the chat never waits on the database.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Protocol, TypeVar

from bot.core.models import Agreement, Language, Region, SendResult
from bot.core.ports import (
    AgreementRepository,
    Clock,
    Notifier,
    SubscriptionRepository,
    UserRepository,
)
from bot.core.reminders import (
    DEFAULT_TIMEZONE,
    Delivery,
    OutboxRepository,
    ReminderPolicy,
    due_date,
    reminder_reply,
    zone,
)
from bot.delivery.ratelimit import RateLimiter

log = logging.getLogger(__name__)

T = TypeVar("T")
MAX_429_RETRIES = 5
IN_FLIGHT = 64


class RegionGetter(Protocol):
    """What the dispatcher needs of the region index: names and timezones by code."""

    def get(self, code: str) -> Region | None:
        """The region with that code."""
        ...


@dataclass(slots=True)
class DispatchStats:
    """What one dispatch pass did."""

    claimed: int = 0
    sent: int = 0
    retried: int = 0
    failed: int = 0
    cancelled: int = 0
    rate_limited: int = 0
    lost_claims: int = 0  # sent, but the lease had been taken over meanwhile
    errors: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class _BatchContext:
    subscribed: frozenset[tuple[str, str, str]]
    agreements: dict[int, Agreement | None]
    languages: dict[tuple[str, str], Language]


class Dispatcher:
    """Sends what the outbox holds (see the module docstring)."""

    def __init__(
        self,
        *,
        outbox: OutboxRepository,
        agreements: AgreementRepository,
        subscriptions: SubscriptionRepository,
        users: UserRepository | None,
        regions: RegionGetter,
        policy: ReminderPolicy,
        notifiers: Mapping[str, Notifier],
        clock: Clock,
        limiter: RateLimiter | None = None,
        batch_size: int | None = None,
        lease: timedelta = timedelta(minutes=10),
        max_attempts: int = 8,
    ) -> None:
        self._outbox = outbox
        self._agreements = agreements
        self._subscriptions = subscriptions
        self._users = users
        self._regions = regions
        self._policy = policy
        self._notifiers = dict(notifiers)
        self._clock = clock
        self._limiter = limiter or RateLimiter(
            policy.delivery_rate_per_second, policy.per_chat_interval_seconds
        )
        # A batch takes about a minute at the configured rate: well inside the lease.
        self._batch_size = batch_size or max(50, int(self._limiter.rate * 60))
        self._lease = lease
        self._max_attempts = max_attempts

    async def _sync(self, call: Callable[[], T]) -> T:
        return await asyncio.to_thread(call)

    async def dispatch_due(self, *, max_batches: int | None = None) -> DispatchStats:
        """Send every row due now, batch after batch, until none is left."""
        stats = DispatchStats()
        batches = 0
        while max_batches is None or batches < max_batches:
            claimed = await self.dispatch_batch(stats)
            batches += 1
            if claimed == 0:
                break
        return stats

    async def dispatch_batch(self, stats: DispatchStats) -> int:
        """Claim one batch and send it; returns how many rows were claimed."""
        if not self._notifiers:
            return 0
        token = uuid.uuid4().hex
        now = self._clock.now()
        lease_until = now + self._lease
        rows = await self._sync(
            lambda: self._outbox.claim(
                now=now,
                token=token,
                lease_until=lease_until,
                limit=self._batch_size,
                channels=tuple(self._notifiers),
            )
        )
        if not rows:
            return 0
        stats.claimed += len(rows)
        context = await self._sync(lambda: self._context(rows))
        # Stop starting sends well before the lease runs out: past it, another process
        # may reclaim a row and send it too.
        deadline = self._limiter.now() + self._lease.total_seconds() * 0.8
        slots = asyncio.Semaphore(IN_FLIGHT)
        tasks: list[asyncio.Task[None]] = []
        for row in _interleave_chats(rows):
            if self._limiter.now() >= deadline:
                break  # the rest stay claimed until the lease expires, then are retried
            await slots.acquire()
            await self._limiter.wait_turn(row.address)
            task = asyncio.create_task(self._deliver(row, token, context, stats))
            task.add_done_callback(lambda _t: slots.release())
            tasks.append(task)
        await asyncio.gather(*tasks)
        return len(rows)

    def _context(self, rows: list[Delivery]) -> _BatchContext:
        subscribed = frozenset(
            (s.address.channel, s.address.chat_id, s.region_code)
            for s in self._subscriptions.active()
        )
        agreements = {i: self._agreements.get(i) for i in {r.agreement_id for r in rows}}
        languages: dict[tuple[str, str], Language] = {}
        if self._users is not None:
            for channel, user_id in {(r.channel, r.user_id) for r in rows if r.user_id}:
                profile = self._users.get(channel, user_id)
                if profile is not None and profile.language is not None:
                    languages[(channel, user_id)] = profile.language
        return _BatchContext(subscribed=subscribed, agreements=agreements, languages=languages)

    async def _deliver(
        self, row: Delivery, token: str, context: _BatchContext, stats: DispatchStats
    ) -> None:
        try:
            await self._deliver_checked(row, token, context, stats)
        except Exception as error:  # one bad row must not stop the fan-out
            log.exception("reminder delivery %s failed unexpectedly", row.id)
            stats.errors.append(f"{row.id}: {error!r}")
            now = self._clock.now()
            retry_at = now + timedelta(minutes=5)
            text = repr(error)[:500]

            def release() -> bool:
                return self._outbox.release(
                    row.id,
                    token,
                    retry_at=retry_at,
                    error=text,
                    max_attempts=self._max_attempts,
                    at=now,
                )

            await self._sync(release)

    async def _deliver_checked(
        self, row: Delivery, token: str, context: _BatchContext, stats: DispatchStats
    ) -> None:
        agreement = context.agreements.get(row.agreement_id)
        region = self._regions.get(row.region_code)
        timezone = region.timezone if region else DEFAULT_TIMEZONE
        today = self._clock.now().astimezone(zone(timezone)).date()
        reason = self._why_not(row, agreement, context, today)
        if reason is not None or agreement is None:
            await self._sync(lambda: self._outbox.mark_cancelled(row.id, token, reason or ""))
            stats.cancelled += 1
            return
        language = context.languages.get((row.channel, row.user_id or ""), "id")
        reply = reminder_reply(
            delivery_id=row.id,
            agreement=agreement,
            region_name=region.display_name if region else row.region_code,
            kind=row.kind,
            due=row.due,
            today=today,
            language=language,
        )
        notifier = self._notifiers[row.channel]
        result = await notifier.send(row.address, reply)
        retries = 0
        while not result.ok and result.retry_after is not None and retries < MAX_429_RETRIES:
            stats.rate_limited += 1
            retries += 1
            self._limiter.pause(result.retry_after)
            await self._limiter.wait_turn(row.address)
            result = await notifier.send(row.address, reply)
        await self._record(row, token, result, stats)

    def _why_not(
        self, row: Delivery, agreement: Agreement | None, context: _BatchContext, today: date
    ) -> str | None:
        if agreement is None:
            return "agreement removed"
        if (row.channel, row.chat_id, row.region_code) not in context.subscribed:
            return "chat no longer subscribed"
        if due_date(agreement, row.kind, self._policy, today) != row.due:
            return "due date met or changed"
        return None

    async def _record(
        self, row: Delivery, token: str, result: SendResult, stats: DispatchStats
    ) -> None:
        now = self._clock.now()
        if result.ok:
            # the provider's id lets a later failure report (WhatsApp's webhook) find the row
            sent_id = result.provider_message_id
            if await self._sync(lambda: self._outbox.mark_sent(row.id, token, now, sent_id)):
                stats.sent += 1
            else:
                stats.lost_claims += 1
                log.error("delivery %s was sent after its claim lapsed", row.id)
            return
        error = (result.error or "send failed")[:500]
        if result.permanent:
            stats.failed += 1
            log.info("chat on %s refuses reminders; pausing its subscriptions", row.channel)

            def fail_chat() -> None:
                self._outbox.mark_failed(row.id, token, error, now)
                self._subscriptions.pause(row.address, error)
                self._outbox.fail_chat(row.address, error, now)

            await self._sync(fail_chat)
            return
        stats.retried += 1
        delay = result.retry_after or min(3600.0, 30.0 * 2**row.attempts)
        retry_at = now + timedelta(seconds=delay)
        await self._sync(
            lambda: self._outbox.release(
                row.id,
                token,
                retry_at=retry_at,
                error=error,
                max_attempts=self._max_attempts,
                at=now,
            )
        )


def _interleave_chats(rows: list[Delivery]) -> list[Delivery]:
    """Round-robin over chats, so one chat's many rows do not hold up everyone else."""
    queues: dict[tuple[str, str], list[Delivery]] = {}
    for row in rows:
        queues.setdefault((row.channel, row.chat_id), []).append(row)
    ordered: list[Delivery] = []
    depth = 0
    while len(ordered) < len(rows):
        ordered.extend(q[depth] for q in queues.values() if depth < len(q))
        depth += 1
    return ordered
