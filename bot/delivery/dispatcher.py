"""The dispatcher: claims due outbox rows and sends them as digests, once each, in limits.

Each pass claims a batch of rows with a token and a short lease (on PostgreSQL with FOR
UPDATE SKIP LOCKED, so replicas never claim the same row), taking every due row of each
chat it touches, so a chat's items go out together: **one digest per chat** (split into
parts of whole items when long). Every row is re-checked against the current data (the
agreement still exists and still has that due date, the chat is still subscribed), the
digest is rendered in the recipient's language and sent through the channel's
:class:`~bot.core.ports.Notifier`, paced by the :class:`RateLimiter`.

Every row ends in one counted outcome (:class:`DispatchStats`):

* **sent** -- the platform accepted the message carrying it;
* **retry later** -- proven not delivered (connection refused, 429, 5xx before
  acceptance): the whole digest part is released and tried again;
* **failed** -- permanent (the user blocked the bot), or too many attempts;
* **cancelled** -- no longer due (done, unsubscribed, due date changed);
* **unknown** -- the request may have reached the platform (a timeout after it went
  out, an answer the client could not parse, an unexpected error mid-send). Never
  resent blindly: recorded as ``unknown`` and reported to the admins like a failure.

Crash safety: the lease is short (:data:`LEASE`) and renewed while the pass works, so rows
held by a dead process come back within seconds. Just before a send its rows are marked
in flight (``begin_send``); a row whose claim lapsed with that mark set is settled as
unknown by the next pass (:meth:`OutboxRepository.settle_in_flight`), never sent again.

Storage calls run in a worker thread (``asyncio.to_thread``): the event loop that also
serves the chat never waits on the database.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import math
import uuid
from collections.abc import Callable, Mapping
from datetime import datetime, timedelta
from typing import TypeVar

from bot.core.models import Agreement, Language, SendResult
from bot.core.ports import (
    AgreementRepository,
    Clock,
    Notifier,
    SubscriptionRepository,
    UserRepository,
)
from bot.core.reminders import (
    Delivery,
    DigestItem,
    DigestPart,
    OutboxRepository,
    ReminderPolicy,
    WhatIsDue,
    calendar_for,
    digest_parts,
    is_explicit,
)
from bot.delivery.dispatch_stats import BatchContext, DispatchStats, RegionGetter, by_chat
from bot.delivery.ratelimit import RateLimiter

log = logging.getLogger(__name__)

T = TypeVar("T")
MAX_429_RETRIES = 5
IN_FLIGHT = 64
# Rows held by a dead process come back after this; a live one renews it every third.
LEASE = timedelta(seconds=30)


class Dispatcher:
    """Sends what the outbox holds, one digest per chat (see the module docstring)."""

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
        lease: timedelta = LEASE,
        max_attempts: int = 8,
        due: WhatIsDue | None = None,
    ) -> None:
        self._outbox = outbox
        self._agreements = agreements
        self._subscriptions = subscriptions
        self._users = users
        self._regions = regions
        self._policy = policy
        self._due = due or WhatIsDue(
            policy=policy,
            calendar=calendar_for(policy),
            timezone_of=lambda code: r.timezone if (r := regions.get(code)) else None,
        )
        self._notifiers = dict(notifiers)
        self._clock = clock
        self._limiter = limiter or RateLimiter(
            policy.delivery_rate_per_second, policy.per_chat_interval_seconds
        )
        # A batch takes about a minute at the configured rate; the lease is renewed meanwhile.
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

    async def settle_in_flight(self, stats: DispatchStats) -> int:
        """Rows left in flight by a dead process become unknown (reported, never resent)."""
        now = self._clock.now()
        settled = await self._sync(lambda: self._outbox.settle_in_flight(now))
        if settled:
            log.warning("%d reminder(s) were in flight when a process stopped", len(settled))
        stats.unknown += len(settled)
        return len(settled)

    async def dispatch_batch(self, stats: DispatchStats) -> int:
        """Claim one batch and send it, a digest per chat; returns how many rows were claimed."""
        if not self._notifiers:
            return 0
        await self.settle_in_flight(stats)
        token = uuid.uuid4().hex
        now = self._clock.now()
        rows = await self._sync(
            lambda: self._outbox.claim(
                now=now,
                token=token,
                lease_until=now + self._lease,
                limit=self._batch_size,
                channels=tuple(self._notifiers),
            )
        )
        if not rows:
            return 0
        stats.claimed += len(rows)
        context = await self._sync(lambda: self._context(rows))
        renew_every = self._lease.total_seconds() / 3
        renewed_at = self._limiter.now()
        slots = asyncio.Semaphore(IN_FLIGHT)
        tasks: list[asyncio.Task[None]] = []
        chats = by_chat(rows)
        # Rows are marked in flight about a tenth of a second of sends at a time: one
        # write for many chats, and a crash leaves at most that many more unsure.
        group = max(1, math.ceil(self._limiter.rate / 10))
        for start in range(0, len(chats), group):
            if self._limiter.now() - renewed_at >= renew_every:
                if not await self._renew(token):
                    log.warning("reminder claims lapsed; the rest go to the next pass")
                    break
                renewed_at = self._limiter.now()
            prepared = []
            for chat_rows in chats[start : start + group]:
                parts = await self._digest(chat_rows, token, context, stats)
                if parts:  # else nothing is due for this chat after all: it gets nothing
                    prepared.append((chat_rows, parts))
            begun = await self._begin([parts[0] for _, parts in prepared], token, stats)
            for (chat_rows, parts), ok in zip(prepared, begun, strict=True):
                if not ok:
                    continue
                await slots.acquire()
                # Paced here, one chat after another, so the limiter's slots are taken in
                # order; the sends themselves overlap.
                chat = chat_rows[0]
                await self._limiter.wait_turn(chat.address)
                by_id = {r.id: r for r in chat_rows}
                task = asyncio.create_task(self._send_parts(chat, parts, by_id, token, stats))
                task.add_done_callback(lambda _t: slots.release())
                tasks.append(task)
        await asyncio.gather(*tasks)
        return len(rows)

    async def _renew(self, token: str) -> bool:
        now = self._clock.now()
        until = now + self._lease
        renewed = await self._sync(lambda: self._outbox.renew(token, now=now, lease_until=until))
        return renewed > 0

    def _context(self, rows: list[Delivery]) -> BatchContext:
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
        return BatchContext(subscribed=subscribed, agreements=agreements, languages=languages)

    async def _digest(
        self, rows: list[Delivery], token: str, context: BatchContext, stats: DispatchStats
    ) -> list[DigestPart]:
        """One chat's digest: the items still due (the others cancelled), in parts."""
        items: list[DigestItem] = []
        now = self._clock.now()
        for row in rows:
            agreement = context.agreements.get(row.agreement_id)
            reason = self._why_not(row, agreement, context)
            if reason is not None or agreement is None:
                cancel = functools.partial(self._outbox.mark_cancelled, row.id, token, reason or "")
                await self._sync(cancel)
                stats.cancelled += 1
                continue
            region = self._regions.get(row.region_code)
            items.append(
                DigestItem(
                    delivery_id=row.id,
                    agreement=agreement,
                    region_name=region.display_name if region else row.region_code,
                    kind=row.kind,
                    due=row.due,
                    estimate=not is_explicit(agreement, row.kind),
                )
            )
        if not items:
            return []
        first = rows[0]
        language = context.languages.get((first.channel, first.user_id or ""), "id")
        today = self._due.today(first.region_code, now)
        return digest_parts(
            items, today=today, language=language, as_list=first.channel == "whatsapp"
        )

    async def _begin(self, parts: list[DigestPart], token: str, stats: DispatchStats) -> list[bool]:
        """Mark parts' rows in flight (renewing their lease); for each, whether to send it."""
        if not parts:
            return []
        now = self._clock.now()
        lease_until = now + self._lease
        wanted = [i for part in parts for i in part.delivery_ids]
        marked = set(
            await self._sync(
                lambda: self._outbox.begin_send(wanted, token, now, lease_until=lease_until)
            )
        )
        ok = [all(i in marked for i in part.delivery_ids) for part in parts]
        # Another process took rows over (our lease lapsed), or one was marked done
        # meanwhile: leave such a part to whoever holds it now, or to the next pass.
        stray = [i for part, sent in zip(parts, ok, strict=True) if not sent
                 for i in part.delivery_ids if i in marked]  # fmt: skip
        stats.lost_claims += len(wanted) - len(marked)
        if stray:
            await self._sync(lambda: self._outbox.abort_send(stray, token))
        return ok

    async def _send_parts(
        self,
        chat: Delivery,
        parts: list[DigestPart],
        by_id: Mapping[int, Delivery],
        token: str,
        stats: DispatchStats,
    ) -> None:
        """Send a chat's digest parts in order (the first already paced and in flight)."""
        for index, part in enumerate(parts):
            if index > 0:
                await self._limiter.wait_turn(chat.address)
                if not (await self._begin([part], token, stats))[0]:
                    return
            rest = [by_id[i] for p in parts[index + 1 :] for i in p.delivery_ids]
            if not await self._deliver_part(chat, part, rest, token, stats):
                return

    async def _deliver_part(
        self,
        chat: Delivery,
        part: DigestPart,
        rest: list[Delivery],
        token: str,
        stats: DispatchStats,
    ) -> bool:
        """Send one digest message (its rows in flight); whether the next part may follow."""
        wanted = list(part.delivery_ids)
        notifier = self._notifiers[chat.channel]
        try:
            result = await notifier.send(chat.address, part.reply)
            retries = 0
            while (
                not result.ok
                and not result.maybe_delivered
                and result.retry_after is not None
                and retries < MAX_429_RETRIES
            ):
                stats.rate_limited += 1
                retries += 1
                self._limiter.pause(result.retry_after)
                await self._limiter.wait_turn(chat.address)
                result = await notifier.send(chat.address, part.reply)
        except Exception as error:  # the request may have gone out: never resend blindly
            log.exception("reminder digest to a %s chat ended unexpectedly", chat.channel)
            stats.errors.append(f"{wanted}: {error!r}")
            result = SendResult(ok=False, maybe_delivered=True, error=repr(error)[:500])
        return await self._record(chat, wanted, rest, token, result, stats)

    def _why_not(
        self, row: Delivery, agreement: Agreement | None, context: BatchContext
    ) -> str | None:
        if agreement is None:
            return "agreement removed"
        if (row.channel, row.chat_id, row.region_code) not in context.subscribed:
            return "chat no longer subscribed"
        if not self._due.still_due(row, agreement, self._clock.now()):
            return "due date met or changed"
        return None

    async def _record(
        self,
        chat: Delivery,
        ids: list[int],
        rest: list[Delivery],
        token: str,
        result: SendResult,
        stats: DispatchStats,
    ) -> bool:
        now = self._clock.now()
        outbox = self._outbox
        if result.ok:
            # the provider's id lets a later failure report (WhatsApp's webhook) find the rows
            sent_id = result.provider_message_id

            marked = await self._sync(lambda: outbox.mark_sent_many(ids, token, now, sent_id))
            stats.sent += marked
            stats.digests += 1
            if marked < len(ids):
                stats.lost_claims += len(ids) - marked
                log.error("a digest was sent after some of its claims lapsed")
            return True
        error = (result.error or "send failed")[:500]
        if result.maybe_delivered:
            log.warning(
                "reminder digest to a %s chat may have been delivered: %s", chat.channel, error
            )
            unknown = await self._sync(lambda: outbox.mark_unknown(ids, token, error, now))
            stats.unknown += unknown
            # the rest of the digest waits: this chat's state is unclear until admins look
            await self._release(rest, token, now, error, stats)
            return False
        if result.permanent:
            log.info("chat on %s refuses reminders; pausing its subscriptions", chat.channel)
            every = [*ids, *(r.id for r in rest)]

            def fail_chat() -> int:
                failed = sum(outbox.mark_failed(i, token, error, now) for i in every)
                self._subscriptions.pause(chat.address, error)
                return failed + outbox.fail_chat(chat.address, error, now)

            stats.failed += await self._sync(fail_chat)
            return False
        rows = [r for r in (await self._sync(lambda: [outbox.get(i) for i in ids])) if r]
        await self._release(
            [*rows, *rest], token, now, error, stats, retry_after=result.retry_after
        )
        return False

    async def _release(
        self,
        rows: list[Delivery],
        token: str,
        now: datetime,
        error: str,
        stats: DispatchStats,
        *,
        retry_after: float | None = None,
    ) -> None:
        """Not delivered: the rows go back, to be retried together (a digest retried whole)."""
        if not rows:
            return
        attempts = max(r.attempts for r in rows)
        delay = retry_after or min(3600.0, 30.0 * 2**attempts)
        retry_at = now + timedelta(seconds=delay)

        def release() -> tuple[int, int]:
            released = 0
            for row in rows:
                released += self._outbox.release(
                    row.id,
                    token,
                    retry_at=retry_at,
                    error=error,
                    max_attempts=self._max_attempts,
                    at=now,
                )
            failed = sum(
                1
                for row in rows
                if (stored := self._outbox.get(row.id)) and stored.status == "failed"
            )
            return released - failed, failed

        retried, failed = await self._sync(release)
        stats.retried += retried
        stats.failed += failed


__all__ = ["DispatchStats", "Dispatcher", "RegionGetter"]
