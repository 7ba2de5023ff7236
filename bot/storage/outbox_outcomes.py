"""After the send: unknown outcomes, failures the provider reported late, admin notices.

A row whose send may have reached the platform is ``unknown`` (never resent); a row in
flight whose claim lapsed (its process died mid-send) is settled as unknown by the next
dispatcher. Failed and unknown rows are listed for the admins (/gagal) and claimed, with
the same lease rules as sending, for their one admin notice.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from typing import cast

from sqlalchemy import and_, or_, select, update
from sqlalchemy.orm import Session

from bot.core.reminders import REPORTED_STATUSES, Delivery
from bot.storage.outbox_base import OUTBOX, OutboxBase, delivery_of, unheld


class OutboxOutcomes(OutboxBase):
    """Unknown and failed deliveries, and their admin notices."""

    def settle_in_flight(self, now: datetime) -> list[Delivery]:
        """Rows in flight whose claim lapsed (their process died) become unknown."""
        statement = (
            update(OUTBOX)
            .where(
                OUTBOX.c.status == "pending",
                OUTBOX.c.sending_since.is_not(None),
                or_(OUTBOX.c.claimed_until.is_(None), OUTBOX.c.claimed_until <= now),
            )
            .values(
                status="unknown",
                claim_token=None,
                claimed_until=None,
                failed_at=now,
                last_error="in flight when its process stopped: may have been delivered",
            )
            .returning(*OUTBOX.c)
        )

        def work(session: Session) -> list[Delivery]:
            return [delivery_of(r) for r in session.execute(statement)]

        return cast(list[Delivery], self._run(work))

    def mark_unknown(self, ids: Collection[int], token: str, error: str, at: datetime) -> int:
        """Unknown outcome, where ``token`` still holds the rows."""
        return self._update_held(
            ids,
            token,
            status="unknown",
            claim_token=None,
            claimed_until=None,
            sending_since=None,
            last_error=error[:500],
            failed_at=at,
        )

    def fail_sent(
        self, channel: str, provider_message_id: str, error: str, at: datetime
    ) -> Delivery | None:
        """Fail the sent row with that provider message id; None if there is none."""
        statement = (
            update(OUTBOX)
            .where(
                OUTBOX.c.channel == channel,
                OUTBOX.c.provider_message_id == provider_message_id,
                OUTBOX.c.status == "sent",
            )
            .values(status="failed", last_error=error[:500], failed_at=at)
            .returning(*OUTBOX.c)
        )

        def work(session: Session) -> Delivery | None:
            rows = [delivery_of(r) for r in session.execute(statement)]
            return rows[0] if rows else None

        return cast(Delivery | None, self._run(work))

    def replace_provider_id(self, channel: str, old: str, new: str, note: str) -> bool:
        """Point a sent row at the message that replaced its first one."""
        return bool(
            self._update(
                and_(
                    OUTBOX.c.channel == channel,
                    OUTBOX.c.provider_message_id == old,
                    OUTBOX.c.status == "sent",
                ),
                provider_message_id=new[:128],
                last_error=note[:500],
            )
        )

    def recent_failures(self, limit: int) -> list[Delivery]:
        """The latest failed rows, newest first."""

        def work(session: Session) -> list[Delivery]:
            query = (
                select(OUTBOX)
                .where(OUTBOX.c.status.in_(REPORTED_STATUSES))
                .order_by(OUTBOX.c.failed_at.desc().nulls_last(), OUTBOX.c.id.desc())
                .limit(limit)
            )
            return [delivery_of(r) for r in session.execute(query)]

        return cast(list[Delivery], self._run(work))

    def claim_failure_notices(
        self, *, now: datetime, token: str, lease_until: datetime, limit: int
    ) -> list[Delivery]:
        """Claim failed or unknown rows whose admin notice is unsent (SKIP LOCKED on PG)."""
        picked = (
            select(OUTBOX.c.id)
            .where(
                OUTBOX.c.status.in_(REPORTED_STATUSES),
                OUTBOX.c.admins_notified_at.is_(None),
                unheld(now),
            )
            .order_by(OUTBOX.c.failed_at, OUTBOX.c.id)
            .limit(limit)
        )
        return self._claim(
            picked, token, lease_until, order=lambda d: (d.failed_at or d.send_at, d.id)
        )

    def mark_failures_noticed(self, ids: Collection[int], token: str, at: datetime) -> int:
        """The admins were told: release the claim and record when."""
        return self._update_held(
            ids,
            token,
            statuses=REPORTED_STATUSES,
            admins_notified_at=at,
            claim_token=None,
            claimed_until=None,
        )
