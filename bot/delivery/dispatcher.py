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
serves the chat never waits on the database, and the pace never waits on it either. The
rows are marked in flight a group of chats at a time, one group ahead of the sends, and
the outcomes are written in batches (:mod:`bot.delivery.outcomes`): a few writes a
second, whatever the rate.
"""

from __future__ import annotations

import asyncio
import logging
import math
import uuid
from collections.abc import Callable, Mapping
from datetime import timedelta
from typing import TypeVar

from bot.core.models import Agreement, SendResult
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
from bot.delivery.dispatch_stats import (
    BatchContext,
    DispatchStats,
    RegionGetter,
    by_chat,
    load_context,
)
from bot.delivery.outcomes import OutcomeRecorder
from bot.delivery.ratelimit import RateLimiter

log = logging.getLogger(__name__)

T = TypeVar("T")
# A chat's claimed rows and its digest's parts, the first part marked in flight.
Prepared = tuple[list[Delivery], list[DigestPart]]
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
        context = await self._sync(
            lambda: load_context(rows, self._subscriptions, self._agreements, self._users)
        )
        recorder = OutcomeRecorder(
            outbox=self._outbox,
            subscriptions=self._subscriptions,
            token=token,
            stats=stats,
            max_attempts=self._max_attempts,
        )
        renew_every = self._lease.total_seconds() / 3
        renewed_at = self._limiter.now()
        slots = asyncio.Semaphore(IN_FLIGHT)
        tasks: list[asyncio.Task[None]] = []
        chats = by_chat(rows)
        # Rows are marked in flight about a tenth of a second of sends at a time: one write
        # for many chats. Each group is built and marked while the one before is paced out,
        # so the pace never waits on the database; a crash leaves at most two groups unsure.
        size = max(1, math.ceil(self._limiter.rate / 10))
        groups = [chats[start : start + size] for start in range(0, len(chats), size)]
        ahead: asyncio.Task[list[Prepared]] | None = asyncio.create_task(
            self._prepare(groups[0], token, context, stats)
        )
        try:
            for number in range(len(groups)):
                if self._limiter.now() - renewed_at >= renew_every:
                    if not await self._renew(token):
                        log.warning("reminder claims lapsed; the rest go to the next pass")
                        break
                    renewed_at = self._limiter.now()
                assert ahead is not None
                task_ahead, ahead = ahead, None
                prepared = await task_ahead
                if number + 1 < len(groups):
                    following = self._prepare(groups[number + 1], token, context, stats)
                    ahead = asyncio.create_task(following)
                for chat_rows, parts in prepared:
                    await slots.acquire()
                    # Paced here, one chat after another, so the limiter's slots are taken in
                    # order; the sends themselves overlap.
                    chat = chat_rows[0]
                    await self._limiter.wait_turn(chat.address)
                    by_id = {r.id: r for r in chat_rows}
                    task = asyncio.create_task(
                        self._send_parts(chat, parts, by_id, token, recorder, stats)
                    )
                    task.add_done_callback(lambda _t: slots.release())
                    tasks.append(task)
            await asyncio.gather(*tasks)
        finally:
            if ahead is not None:
                await self._unprepare(ahead, token)
            await recorder.close()
        return len(rows)

    async def _prepare(
        self, chats: list[list[Delivery]], token: str, context: BatchContext, stats: DispatchStats
    ) -> list[Prepared]:
        """The chats' digests, their first parts marked in flight (those that may be sent)."""
        prepared: list[Prepared] = []
        cancelled: dict[int, str] = {}
        for chat_rows in chats:
            parts = self._digest(chat_rows, context, cancelled)
            if parts:  # else nothing is due for this chat after all: it gets nothing
                prepared.append((chat_rows, parts))
            await asyncio.sleep(0)  # the sends being paced meanwhile go first
        if cancelled:
            done = await self._sync(lambda: self._outbox.mark_cancelled_each(token, cancelled))
            stats.cancelled += done
            stats.lost_claims += len(cancelled) - done
        begun = await self._begin([parts[0] for _, parts in prepared], token, stats)
        return [chat for chat, ok in zip(prepared, begun, strict=True) if ok]

    async def _unprepare(self, ahead: asyncio.Task[list[Prepared]], token: str) -> None:
        """A group marked in flight whose sends never started: unmark it, for the next pass."""
        try:
            prepared = await ahead
        except Exception:
            log.exception("preparing reminder digests failed")
            return
        ids = [i for _, parts in prepared for i in parts[0].delivery_ids]
        if ids:
            await self._sync(lambda: self._outbox.abort_send(ids, token))

    async def _renew(self, token: str) -> bool:
        now = self._clock.now()
        until = now + self._lease
        renewed = await self._sync(lambda: self._outbox.renew(token, now=now, lease_until=until))
        return renewed > 0

    def _digest(
        self, rows: list[Delivery], context: BatchContext, cancelled: dict[int, str]
    ) -> list[DigestPart]:
        """One chat's digest: the items still due (the others added to ``cancelled``)."""
        items: list[DigestItem] = []
        now = self._clock.now()
        for row in rows:
            agreement = context.agreements.get(row.agreement_id)
            reason = self._why_not(row, agreement, context)
            if reason is not None or agreement is None:
                cancelled[row.id] = reason or ""
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
        recorder: OutcomeRecorder,
        stats: DispatchStats,
    ) -> None:
        """Send a chat's digest parts in order (the first already paced and in flight)."""
        for index, part in enumerate(parts):
            if index > 0:
                await self._limiter.wait_turn(chat.address)
                if not (await self._begin([part], token, stats))[0]:
                    return
            rows = [by_id[i] for i in part.delivery_ids]
            rest = [by_id[i] for p in parts[index + 1 :] for i in p.delivery_ids]
            result = await self._deliver_part(chat, part, stats)
            if result.ok:
                recorder.sent(part.delivery_ids, self._clock.now(), result.provider_message_id)
                stats.digests += 1
                continue
            await recorder.failed(chat, rows, rest, result, self._clock.now())
            return

    async def _deliver_part(
        self, chat: Delivery, part: DigestPart, stats: DispatchStats
    ) -> SendResult:
        """Send one digest message (its rows in flight), waiting out 429s."""
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
            stats.errors.append(f"{list(part.delivery_ids)}: {error!r}")
            result = SendResult(ok=False, maybe_delivered=True, error=repr(error)[:500])
        return result

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


__all__ = ["DispatchStats", "Dispatcher", "RegionGetter"]
