"""The reminder outbox in SQL (:class:`~bot.core.reminders._outbox.OutboxRepository`).

The claim is the heart of "never lost, never doubled": UPDATE ... RETURNING over the
rows picked in the same transaction, which on PostgreSQL are locked FOR UPDATE SKIP
LOCKED, so concurrent dispatchers each get different chats; on SQLite the transaction
holds the write lock, which is atomic by itself. A claim takes whole chats (every due
row of each chat it touches), so a chat's items go out in one digest. Every later change
is conditional on the claim token (:mod:`bot.storage.outbox_base`); what happens after a
send (unknown outcomes, late failures, admin notices) is in :mod:`bot.storage.outbox_outcomes`.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from datetime import date, datetime
from typing import Any, cast

from sqlalchemy import and_, case, func, literal, or_, select, tuple_, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from bot.core.models import ChatAddress
from bot.core.reminders import CHAT_WINDOW, Delivery, DeliveryKey, DeliveryStatus, NewDelivery
from bot.storage.base import utcnow
from bot.storage.outbox_base import CHUNK, OUTBOX, delivery_of, per_row, unheld
from bot.storage.outbox_outcomes import OutboxOutcomes


class SqlOutbox(OutboxOutcomes):
    """The reminder outbox (:class:`~bot.core.reminders._outbox.OutboxRepository`)."""

    def add_many(self, deliveries: Sequence[NewDelivery]) -> int:
        """Insert new keys; ON CONFLICT DO NOTHING. Returns how many were inserted."""
        if not deliveries:
            return 0
        module: Any = postgresql if self._dialect == "postgresql" else sqlite
        now = utcnow()
        values = [
            {
                "agreement_id": d.agreement_id,
                "region_code": d.region_code,
                "kind": d.kind,
                "due": d.due,
                "lead_days": d.lead_days,
                "channel": d.channel,
                "chat_id": d.chat_id,
                "user_id": d.user_id,
                "send_at": d.send_at,
                "status": d.status,
                "attempts": 0,
                "created_at": now,
            }
            for d in deliveries
        ]
        key = ["agreement_id", "kind", "due", "lead_days", "channel", "chat_id"]

        def work(session: Session) -> int:
            inserted = 0
            for start in range(0, len(values), CHUNK):
                statement = (
                    module.insert(OUTBOX)
                    .on_conflict_do_nothing(index_elements=key)
                    .returning(OUTBOX.c.id)
                )
                result = session.execute(statement, values[start : start + CHUNK])
                inserted += len(result.all())
            return inserted

        # Re-running after an unknown commit outcome is safe: conflicts are skipped.
        return int(self._run(work))

    def keys_since(self, since: datetime) -> set[DeliveryKey]:
        """Keys of every delivery with ``send_at >= since``."""
        columns = [OUTBOX.c[n] for n in ("agreement_id", "kind", "due", "lead_days")]

        def work(session: Session) -> set[DeliveryKey]:
            query = select(*columns, OUTBOX.c.channel, OUTBOX.c.chat_id).where(
                OUTBOX.c.send_at >= since
            )
            return {cast(DeliveryKey, tuple(r)) for r in session.execute(query)}

        return cast(set[DeliveryKey], self._run(work))

    def pending(self) -> list[Delivery]:
        """Every pending delivery, oldest first."""
        return self._select(OUTBOX.c.status == "pending")

    def get(self, delivery_id: int) -> Delivery | None:
        """One delivery."""
        found = self._select(OUTBOX.c.id == delivery_id)
        return found[0] if found else None

    def all(self) -> list[Delivery]:
        """Every delivery (tests and benchmarks)."""
        return self._select()

    def set_status(
        self, ids: Collection[int], status: DeliveryStatus, now: datetime, reason: str = ""
    ) -> int:
        """Move pending rows not held by a live lease to ``status``."""
        id_list = sorted(ids)

        def work(session: Session) -> int:
            changed = 0
            for start in range(0, len(id_list), CHUNK):
                result = session.execute(
                    update(OUTBOX)
                    .where(
                        OUTBOX.c.id.in_(id_list[start : start + CHUNK]),
                        OUTBOX.c.status == "pending",
                        OUTBOX.c.sending_since.is_(None),
                        unheld(now),
                    )
                    .values(status=status, claim_token=None, last_error=reason[:500] or None)
                )
                changed += int(cast(Any, result).rowcount or 0)
            return changed

        return int(self._run(work)) if id_list else 0

    def claim(
        self,
        *,
        now: datetime,
        token: str,
        lease_until: datetime,
        limit: int,
        channels: Collection[str],
    ) -> list[Delivery]:
        """Claim up to ``limit`` due rows, oldest first, with the rest of their chats' due rows.

        Two steps in one transaction: the oldest claimable rows, then every claimable row
        of their chats. On PostgreSQL both lock FOR UPDATE SKIP LOCKED, so a concurrent
        claimer skips what this one takes (and takes the next chats) instead of waiting.
        """

        def claimable(until: datetime) -> Any:
            return and_(
                OUTBOX.c.status == "pending",
                OUTBOX.c.send_at <= until,
                OUTBOX.c.channel.in_(list(channels)),
                OUTBOX.c.sending_since.is_(None),
                or_(OUTBOX.c.next_attempt_at.is_(None), OUTBOX.c.next_attempt_at <= now),
                unheld(now),
            )

        oldest = (
            select(OUTBOX.c.channel, OUTBOX.c.chat_id)
            .where(claimable(now))
            .order_by(OUTBOX.c.send_at, OUTBOX.c.id)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )

        def work(session: Session) -> list[Delivery]:
            chats = sorted({(str(c), str(i)) for c, i in session.execute(oldest)})
            claimed: list[Delivery] = []
            for start in range(0, len(chats), CHUNK):
                chunk = chats[start : start + CHUNK]
                ids = (
                    select(OUTBOX.c.id)
                    .where(
                        claimable(now + CHAT_WINDOW),
                        tuple_(OUTBOX.c.channel, OUTBOX.c.chat_id).in_(chunk),
                    )
                    .with_for_update(skip_locked=True)
                    .scalar_subquery()
                )
                statement = (
                    update(OUTBOX)
                    .where(OUTBOX.c.id.in_(ids))
                    .values(claim_token=token, claimed_until=lease_until)
                    .returning(*OUTBOX.c)
                )
                claimed.extend(delivery_of(r) for r in session.execute(statement))
            return sorted(claimed, key=lambda d: (d.send_at, d.id))

        # Not retried after an unknown commit outcome: the claims would sit out their lease.
        return cast(list[Delivery], self._run(work, idempotent=False))

    def renew(self, token: str, *, now: datetime, lease_until: datetime) -> int:
        """Extend the lease on the pending rows ``token`` still holds."""
        return self._update(
            and_(
                OUTBOX.c.claim_token == token,
                OUTBOX.c.status == "pending",
                OUTBOX.c.claimed_until > now,
            ),
            claimed_until=lease_until,
        )

    def begin_send(
        self, ids: Collection[int], token: str, at: datetime, *, lease_until: datetime
    ) -> list[int]:
        """Mark the rows as in flight (and renew their lease), where ``token`` holds them."""
        id_list = sorted(ids)
        if not id_list:
            return []
        statement = (
            update(OUTBOX)
            .where(
                OUTBOX.c.id.in_(id_list),
                OUTBOX.c.claim_token == token,
                OUTBOX.c.status == "pending",
            )
            .values(sending_since=at, claimed_until=lease_until)
            .returning(OUTBOX.c.id)
        )

        def work(session: Session) -> list[int]:
            return sorted(int(r[0]) for r in session.execute(statement))

        return cast(list[int], self._run(work))

    def abort_send(self, ids: Collection[int], token: str) -> int:
        """Clear the in-flight mark: the send did not start."""
        return self._update_held(
            ids,
            token,
            sending_since=None,
        )

    def mark_sent(
        self, delivery_id: int, token: str, at: datetime, provider_message_id: str | None = None
    ) -> bool:
        """Sent, if ``token`` still holds the row; keeps the provider's message id."""
        return bool(self.mark_sent_each(token, {delivery_id: (at, provider_message_id)}))

    def mark_sent_many(
        self, ids: Collection[int], token: str, at: datetime, provider_message_id: str | None
    ) -> int:
        """Sent (one message carried them all), where ``token`` still holds the rows."""
        return len(self.mark_sent_each(token, dict.fromkeys(ids, (at, provider_message_id))))

    def mark_sent_each(
        self, token: str, sent: Mapping[int, tuple[datetime, str | None]]
    ) -> list[int]:
        """Sent, each row at its time with its provider message id, where ``token`` still
        holds it: one statement for a whole batch of digests. Returns the ids marked."""
        id_list = sorted(sent)

        def work(session: Session) -> list[int]:
            marked: list[int] = []
            for start in range(0, len(id_list), CHUNK):
                chunk = id_list[start : start + CHUNK]
                provider_ids = {i: p[:128] if (p := sent[i][1]) else None for i in chunk}
                statement = (
                    update(OUTBOX)
                    .where(
                        OUTBOX.c.id.in_(chunk),
                        OUTBOX.c.claim_token == token,
                        OUTBOX.c.status == "pending",
                    )
                    .values(
                        status="sent",
                        sent_at=per_row(OUTBOX.c.sent_at, {i: sent[i][0] for i in chunk}),
                        provider_message_id=per_row(OUTBOX.c.provider_message_id, provider_ids),
                        claim_token=None,
                        claimed_until=None,
                        sending_since=None,
                    )
                    .returning(OUTBOX.c.id)
                )
                marked.extend(int(r[0]) for r in session.execute(statement))
            return sorted(marked)

        return cast(list[int], self._run(work)) if id_list else []

    def release(
        self,
        delivery_id: int,
        token: str,
        *,
        retry_at: datetime,
        error: str,
        max_attempts: int,
        at: datetime,
    ) -> bool:
        """Count a failed attempt; retry at ``retry_at``, or fail after ``max_attempts``."""
        released = self.release_many(
            [delivery_id], token, retry_at=retry_at, error=error, max_attempts=max_attempts, at=at
        )
        return delivery_id in released

    def release_many(
        self,
        ids: Collection[int],
        token: str,
        *,
        retry_at: datetime,
        error: str,
        max_attempts: int,
        at: datetime,
    ) -> dict[int, DeliveryStatus]:
        """Count a failed attempt on each row ``token`` holds, in one statement: retry at
        ``retry_at``, or fail after ``max_attempts``. Returns each released row's status."""
        id_list = sorted(ids)
        final = OUTBOX.c.attempts + 1 >= max_attempts

        def work(session: Session) -> dict[int, DeliveryStatus]:
            released: dict[int, DeliveryStatus] = {}
            for start in range(0, len(id_list), CHUNK):
                statement = (
                    update(OUTBOX)
                    .where(
                        OUTBOX.c.id.in_(id_list[start : start + CHUNK]),
                        OUTBOX.c.claim_token == token,
                        OUTBOX.c.status == "pending",
                    )
                    .values(
                        attempts=OUTBOX.c.attempts + 1,
                        status=case((final, "failed"), else_="pending"),
                        failed_at=case((final, literal(at, OUTBOX.c.failed_at.type))),
                        claim_token=None,
                        claimed_until=None,
                        next_attempt_at=retry_at,
                        last_error=error[:500],
                        sending_since=None,
                    )
                    .returning(OUTBOX.c.id, OUTBOX.c.status)
                )
                for row_id, status in session.execute(statement):
                    released[int(row_id)] = cast(DeliveryStatus, status)
            return released

        # Safe to retry after an unknown commit outcome: a committed release freed the rows
        # from the claim, so the retry finds none (no attempt is counted twice).
        return cast(dict[int, DeliveryStatus], self._run(work)) if id_list else {}

    def mark_failed(self, delivery_id: int, token: str, error: str, at: datetime) -> bool:
        """Failed for good, if ``token`` still holds the row."""
        return bool(self.mark_failed_many([delivery_id], token, error, at))

    def mark_failed_many(self, ids: Collection[int], token: str, error: str, at: datetime) -> int:
        """Failed for good, where ``token`` still holds the rows."""
        return self._update_held(
            ids,
            token,
            status="failed",
            last_error=error[:500],
            failed_at=at,
            claim_token=None,
            claimed_until=None,
            sending_since=None,
        )

    def mark_cancelled(self, delivery_id: int, token: str, reason: str) -> bool:
        """Not to be sent after all, if ``token`` still holds the row."""
        return bool(self.mark_cancelled_each(token, {delivery_id: reason}))

    def mark_cancelled_each(self, token: str, reasons: Mapping[int, str]) -> int:
        """Not to be sent after all, each row for its reason, where ``token`` holds it."""
        return self._update_held(
            reasons,
            token,
            status="cancelled",
            last_error=per_row(OUTBOX.c.last_error, {i: r[:500] for i, r in reasons.items()}),
            claim_token=None,
            claimed_until=None,
            sending_since=None,
        )

    def fail_chat(self, address: ChatAddress, error: str, at: datetime) -> int:
        """Fail the chat's pending rows that nobody holds."""
        return self._update(
            and_(
                OUTBOX.c.status == "pending",
                OUTBOX.c.claim_token.is_(None),
                OUTBOX.c.channel == address.channel,
                OUTBOX.c.chat_id == address.chat_id,
            ),
            status="failed",
            last_error=error[:500],
            failed_at=at,
        )

    def cancel_due(self, agreement_id: int, kind: str, due: date, reason: str) -> int:
        """Cancel every pending row of one due date."""
        return self._update(
            and_(
                OUTBOX.c.status == "pending",
                OUTBOX.c.agreement_id == agreement_id,
                OUTBOX.c.kind == kind,
                OUTBOX.c.due == due,
            ),
            status="cancelled",
            claim_token=None,
            last_error=reason[:500],
        )

    def counts(self) -> dict[str, int]:
        """Rows per status."""

        def work(session: Session) -> dict[str, int]:
            query = select(OUTBOX.c.status, func.count()).group_by(OUTBOX.c.status)
            return {str(status): int(n) for status, n in session.execute(query)}

        return cast(dict[str, int], self._run(work))


__all__ = ["SqlOutbox"]
