"""What the SQL outbox's parts share: the table, row mapping, and conditional updates.

Every change to a claimed row is conditional on its claim token
(:meth:`OutboxBase._update_held`), so a dispatcher whose lease ran out cannot overwrite
another's work.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Column, Row, Select, Table, and_, case, literal, or_, select, update
from sqlalchemy.orm import Session, sessionmaker

from bot.core.models import Channel
from bot.core.reminders import Delivery, DeliveryStatus, ReminderKind
from bot.storage.reminder_tables import OutboxRow
from bot.storage.retry import run_in_transaction

CHUNK = 500
OUTBOX = cast(Table, OutboxRow.__table__)


def delivery_of(row: Row[Any]) -> Delivery:
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
        sending_since=m["sending_since"],
    )


def unheld(now: datetime) -> Any:
    return or_(OUTBOX.c.claim_token.is_(None), OUTBOX.c.claimed_until <= now)


def per_row(column: Column[Any], values: Mapping[int, object]) -> Any:
    """The value to SET ``column`` to, row by row (by id): a plain value when all agree,
    else one CASE over the ids, so a batch of rows is updated in one statement."""
    distinct = set(values.values())
    if len(distinct) == 1:
        return distinct.pop()
    return case(
        {row_id: literal(value, column.type) for row_id, value in values.items()},
        value=OUTBOX.c.id,
        else_=column,
    )


class OutboxBase:
    """The session factory and the conditional-update helpers of the SQL outbox."""

    def __init__(self, sessions: sessionmaker[Session], dialect: str) -> None:
        self._sessions = sessions
        self._dialect = dialect

    def _run(self, work: Any, *, idempotent: bool = True) -> Any:
        return run_in_transaction(self._sessions, work, idempotent=idempotent)

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
            update(OUTBOX)
            .where(OUTBOX.c.id.in_(picked.with_for_update(skip_locked=True).scalar_subquery()))
            .values(claim_token=token, claimed_until=lease_until)
            .returning(*OUTBOX.c)
        )

        def work(session: Session) -> list[Delivery]:
            return sorted((delivery_of(r) for r in session.execute(statement)), key=order)

        # Not retried after an unknown commit outcome: the claims would sit out their lease.
        return cast(list[Delivery], self._run(work, idempotent=False))

    def _update(self, condition: Any, **values: Any) -> int:
        def work(session: Session) -> int:
            result = session.execute(update(OUTBOX).where(condition).values(**values))
            return int(cast(Any, result).rowcount or 0)

        return int(self._run(work))

    def _update_held(
        self,
        ids: Collection[int],
        token: str,
        *,
        statuses: Collection[str] = ("pending",),
        **values: Any,
    ) -> int:
        """Update the rows of ``ids`` that ``token`` still holds in one of ``statuses``."""
        id_list = sorted(ids)
        if not id_list:
            return 0
        return self._update(
            and_(
                OUTBOX.c.id.in_(id_list),
                OUTBOX.c.claim_token == token,
                OUTBOX.c.status.in_(sorted(statuses)),
            ),
            **values,
        )

    def _select(self, *conditions: Any) -> list[Delivery]:
        def work(session: Session) -> list[Delivery]:
            query = select(OUTBOX).where(*conditions).order_by(OUTBOX.c.send_at, OUTBOX.c.id)
            return [delivery_of(r) for r in session.execute(query)]

        return cast(list[Delivery], self._run(work))
