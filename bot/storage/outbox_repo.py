"""The reminder outbox in SQL (:class:`~bot.core.reminders._outbox.OutboxRepository`).

The claim is the heart of "never lost, never doubled": one UPDATE ... RETURNING over the
ids a sub-select picks, which on PostgreSQL locks them FOR UPDATE SKIP LOCKED, so
concurrent dispatchers each get different rows; on SQLite the single statement runs in
one write transaction, which is atomic by itself. Every later change is conditional on
the claim token, so a dispatcher whose lease ran out cannot overwrite another's work.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from datetime import date, datetime
from typing import Any, cast

from sqlalchemy import Row, Select, Table, and_, func, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session, sessionmaker

from bot.core.models import Channel, ChatAddress
from bot.core.reminders import Delivery, DeliveryKey, DeliveryStatus, NewDelivery, ReminderKind
from bot.storage.base import utcnow
from bot.storage.reminder_tables import OutboxRow
from bot.storage.retry import run_in_transaction

_CHUNK = 500
_OUTBOX = cast(Table, OutboxRow.__table__)


def _delivery(row: Row[Any]) -> Delivery:
    m = row._mapping
    return Delivery(
        id=m["id"],
        agreement_id=m["agreement_id"],
        region_code=m["region_code"],
        kind=cast(ReminderKind, m["kind"]),
        due=m["due"],
        lead_days=m["lead_days"],
        channel=cast(Channel, m["channel"]),
        chat_id=m["chat_id"],
        user_id=m["user_id"],
        send_at=m["send_at"],
        status=cast(DeliveryStatus, m["status"]),
        attempts=m["attempts"],
        claim_token=m["claim_token"],
        claimed_until=m["claimed_until"],
        next_attempt_at=m["next_attempt_at"],
        sent_at=m["sent_at"],
        last_error=m["last_error"],
        provider_message_id=m["provider_message_id"],
        failed_at=m["failed_at"],
        admins_notified_at=m["admins_notified_at"],
    )


class SqlOutbox:
    """The reminder outbox (:class:`~bot.core.reminders._outbox.OutboxRepository`)."""

    def __init__(self, sessions: sessionmaker[Session], dialect: str) -> None:
        self._sessions = sessions
        self._dialect = dialect

    def _run(self, work: Any, *, idempotent: bool = True) -> Any:
        return run_in_transaction(self._sessions, work, idempotent=idempotent)

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
            for start in range(0, len(values), _CHUNK):
                statement = (
                    module.insert(_OUTBOX)
                    .on_conflict_do_nothing(index_elements=key)
                    .returning(_OUTBOX.c.id)
                )
                result = session.execute(statement, values[start : start + _CHUNK])
                inserted += len(result.all())
            return inserted

        # Re-running after an unknown commit outcome is safe: conflicts are skipped.
        return int(self._run(work))

    def keys_since(self, since: datetime) -> set[DeliveryKey]:
        """Keys of every delivery with ``send_at >= since``."""
        columns = [_OUTBOX.c[n] for n in ("agreement_id", "kind", "due", "lead_days")]

        def work(session: Session) -> set[DeliveryKey]:
            query = select(*columns, _OUTBOX.c.channel, _OUTBOX.c.chat_id).where(
                _OUTBOX.c.send_at >= since
            )
            return {cast(DeliveryKey, tuple(r)) for r in session.execute(query)}

        return cast(set[DeliveryKey], self._run(work))

    def pending(self) -> list[Delivery]:
        """Every pending delivery, oldest first."""
        return self._select(_OUTBOX.c.status == "pending")

    def get(self, delivery_id: int) -> Delivery | None:
        """One delivery."""
        found = self._select(_OUTBOX.c.id == delivery_id)
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
            for start in range(0, len(id_list), _CHUNK):
                result = session.execute(
                    update(_OUTBOX)
                    .where(
                        _OUTBOX.c.id.in_(id_list[start : start + _CHUNK]),
                        _OUTBOX.c.status == "pending",
                        _unheld(now),
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
        """Claim up to ``limit`` due rows, oldest first (SKIP LOCKED on PostgreSQL)."""
        picked = (
            select(_OUTBOX.c.id)
            .where(
                _OUTBOX.c.status == "pending",
                _OUTBOX.c.send_at <= now,
                _OUTBOX.c.channel.in_(list(channels)),
                or_(_OUTBOX.c.next_attempt_at.is_(None), _OUTBOX.c.next_attempt_at <= now),
                _unheld(now),
            )
            .order_by(_OUTBOX.c.send_at, _OUTBOX.c.id)
            .limit(limit)
        )
        return self._claim(picked, token, lease_until, order=lambda d: (d.send_at, d.id))

    def mark_sent(
        self, delivery_id: int, token: str, at: datetime, provider_message_id: str | None = None
    ) -> bool:
        """Sent, if ``token`` still holds the row; keeps the provider's message id."""
        return self._finish(
            delivery_id,
            token,
            status="sent",
            sent_at=at,
            provider_message_id=provider_message_id[:128] if provider_message_id else None,
        )

    def release(
        self,
        delivery_id: int,
        token: str,
        *,
        retry_at: datetime,
        error: str,
        max_attempts: int,
        at: datetime | None = None,
    ) -> bool:
        """Count a failed attempt; retry at ``retry_at``, or fail after ``max_attempts``."""

        def work(session: Session) -> bool:
            row = session.execute(
                select(_OUTBOX.c.attempts).where(
                    _OUTBOX.c.id == delivery_id,
                    _OUTBOX.c.claim_token == token,
                    _OUTBOX.c.status == "pending",
                )
            ).first()
            if row is None:
                return False
            attempts = int(row[0]) + 1
            final = attempts >= max_attempts
            session.execute(
                update(_OUTBOX)
                .where(_OUTBOX.c.id == delivery_id, _OUTBOX.c.claim_token == token)
                .values(
                    attempts=attempts,
                    status="failed" if final else "pending",
                    failed_at=(at or utcnow()) if final else None,
                    claim_token=None,
                    claimed_until=None,
                    next_attempt_at=retry_at,
                    last_error=error[:500],
                )
            )
            return True

        return bool(self._run(work))

    def mark_failed(
        self, delivery_id: int, token: str, error: str, at: datetime | None = None
    ) -> bool:
        """Failed for good, if ``token`` still holds the row."""
        return self._finish(
            delivery_id, token, status="failed", last_error=error[:500], failed_at=at or utcnow()
        )

    def mark_cancelled(self, delivery_id: int, token: str, reason: str) -> bool:
        """Not to be sent after all, if ``token`` still holds the row."""
        return self._finish(delivery_id, token, status="cancelled", last_error=reason[:500])

    def fail_chat(self, address: ChatAddress, error: str, at: datetime | None = None) -> int:
        """Fail the chat's pending rows that nobody holds."""
        return self._update(
            and_(
                _OUTBOX.c.status == "pending",
                _OUTBOX.c.claim_token.is_(None),
                _OUTBOX.c.channel == address.channel,
                _OUTBOX.c.chat_id == address.chat_id,
            ),
            status="failed",
            last_error=error[:500],
            failed_at=at or utcnow(),
        )

    def fail_sent(
        self, channel: str, provider_message_id: str, error: str, at: datetime
    ) -> Delivery | None:
        """Fail the sent row with that provider message id; None if there is none."""
        statement = (
            update(_OUTBOX)
            .where(
                _OUTBOX.c.channel == channel,
                _OUTBOX.c.provider_message_id == provider_message_id,
                _OUTBOX.c.status == "sent",
            )
            .values(status="failed", last_error=error[:500], failed_at=at)
            .returning(*_OUTBOX.c)
        )

        def work(session: Session) -> Delivery | None:
            rows = [_delivery(r) for r in session.execute(statement)]
            return rows[0] if rows else None

        return cast(Delivery | None, self._run(work))

    def replace_provider_id(self, channel: str, old: str, new: str, note: str) -> bool:
        """Point a sent row at the message that replaced its first one."""
        return bool(
            self._update(
                and_(
                    _OUTBOX.c.channel == channel,
                    _OUTBOX.c.provider_message_id == old,
                    _OUTBOX.c.status == "sent",
                ),
                provider_message_id=new[:128],
                last_error=note[:500],
            )
        )

    def recent_failures(self, limit: int) -> list[Delivery]:
        """The latest failed rows, newest first."""

        def work(session: Session) -> list[Delivery]:
            query = (
                select(_OUTBOX)
                .where(_OUTBOX.c.status == "failed")
                .order_by(_OUTBOX.c.failed_at.desc().nulls_last(), _OUTBOX.c.id.desc())
                .limit(limit)
            )
            return [_delivery(r) for r in session.execute(query)]

        return cast(list[Delivery], self._run(work))

    def claim_failure_notices(
        self, *, now: datetime, token: str, lease_until: datetime, limit: int
    ) -> list[Delivery]:
        """Claim failed rows whose admin notice is unsent (SKIP LOCKED on PostgreSQL)."""
        picked = (
            select(_OUTBOX.c.id)
            .where(
                _OUTBOX.c.status == "failed",
                _OUTBOX.c.admins_notified_at.is_(None),
                _unheld(now),
            )
            .order_by(_OUTBOX.c.failed_at, _OUTBOX.c.id)
            .limit(limit)
        )
        return self._claim(
            picked, token, lease_until, order=lambda d: (d.failed_at or d.send_at, d.id)
        )

    def mark_failures_noticed(self, ids: Collection[int], token: str, at: datetime) -> int:
        """The admins were told: release the claim and record when."""
        id_list = sorted(ids)
        if not id_list:
            return 0
        return self._update(
            and_(
                _OUTBOX.c.id.in_(id_list),
                _OUTBOX.c.claim_token == token,
                _OUTBOX.c.status == "failed",
            ),
            admins_notified_at=at,
            claim_token=None,
            claimed_until=None,
        )

    def cancel_due(self, agreement_id: int, kind: str, due: date, reason: str) -> int:
        """Cancel every pending row of one due date."""
        return self._update(
            and_(
                _OUTBOX.c.status == "pending",
                _OUTBOX.c.agreement_id == agreement_id,
                _OUTBOX.c.kind == kind,
                _OUTBOX.c.due == due,
            ),
            status="cancelled",
            claim_token=None,
            last_error=reason[:500],
        )

    def counts(self) -> dict[str, int]:
        """Rows per status."""

        def work(session: Session) -> dict[str, int]:
            query = select(_OUTBOX.c.status, func.count()).group_by(_OUTBOX.c.status)
            return {str(status): int(n) for status, n in session.execute(query)}

        return cast(dict[str, int], self._run(work))

    def _claim(
        self,
        picked: Select[tuple[int]],
        token: str,
        lease_until: datetime,
        *,
        order: Callable[[Delivery], tuple[Any, ...]],
    ) -> list[Delivery]:
        """Claim the rows ``picked`` selects (locked SKIP LOCKED on PostgreSQL), in ``order``."""
        statement = (
            update(_OUTBOX)
            .where(_OUTBOX.c.id.in_(picked.with_for_update(skip_locked=True).scalar_subquery()))
            .values(claim_token=token, claimed_until=lease_until)
            .returning(*_OUTBOX.c)
        )

        def work(session: Session) -> list[Delivery]:
            return sorted((_delivery(r) for r in session.execute(statement)), key=order)

        # Not retried after an unknown commit outcome: the claims would sit out their lease.
        return cast(list[Delivery], self._run(work, idempotent=False))

    def _finish(self, delivery_id: int, token: str, **values: Any) -> bool:
        return bool(
            self._update(
                and_(
                    _OUTBOX.c.id == delivery_id,
                    _OUTBOX.c.claim_token == token,
                    _OUTBOX.c.status == "pending",
                ),
                claim_token=None,
                claimed_until=None,
                **values,
            )
        )

    def _update(self, condition: Any, **values: Any) -> int:
        def work(session: Session) -> int:
            result = session.execute(update(_OUTBOX).where(condition).values(**values))
            return int(cast(Any, result).rowcount or 0)

        return int(self._run(work))

    def _select(self, *conditions: Any) -> list[Delivery]:
        def work(session: Session) -> list[Delivery]:
            query = select(_OUTBOX).where(*conditions).order_by(_OUTBOX.c.send_at, _OUTBOX.c.id)
            return [_delivery(r) for r in session.execute(query)]

        return cast(list[Delivery], self._run(work))


def _unheld(now: datetime) -> Any:
    return or_(_OUTBOX.c.claim_token.is_(None), _OUTBOX.c.claimed_until <= now)


__all__ = ["SqlOutbox"]
