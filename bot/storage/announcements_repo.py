"""Announcements and their outbox (:class:`~bot.core.reminders.AnnouncementStore`).

A row is claimed one at a time and marked ``sending`` in its own committed transaction
*before* the request goes out: if the process dies during the send, the row stays
``sending`` and, once its lease has passed, becomes ``unknown`` (the platform may have the
message) instead of being sent a second time.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import cast

from sqlalchemy import ColumnElement, Table, func, insert, select, update
from sqlalchemy.orm import Session, sessionmaker

from bot.core.models import ChatAddress
from bot.core.reminders import Announcement, AnnouncementDelivery, Audience
from bot.storage.announcement_tables import AnnouncementOutboxRow, AnnouncementRow
from bot.storage.retry import run_in_transaction

_ROWS = cast(Table, AnnouncementOutboxRow.__table__)
_INSERT_CHUNK = 500


class SqlAnnouncements:
    """Announcements in SQL; every method is one transaction."""

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def create(
        self,
        *,
        text: str,
        audience: Audience,
        created_by: str,
        addresses: Sequence[ChatAddress],
        now: datetime,
    ) -> int:
        """Store the announcement and one pending row per chat (all or nothing); its id."""

        def work(session: Session) -> int:
            new_id = _add(session, text, audience, created_by, now, state="confirmed")
            _add_rows(session, new_id, addresses)
            return new_id

        return run_in_transaction(self._sessions, work, idempotent=False)

    def draft(self, *, text: str, audience: Audience, created_by: str, now: datetime) -> int:
        """Store an announcement to confirm later (no recipients yet); its id."""
        return run_in_transaction(
            self._sessions,
            lambda session: _add(session, text, audience, created_by, now, state="draft"),
            idempotent=False,
        )

    def confirm(self, announcement_id: int, addresses: Sequence[ChatAddress]) -> int | None:
        """Turn a draft into one pending row per chat; None if it is no longer a draft."""

        def work(session: Session) -> int | None:
            if not _leave_draft(session, announcement_id, "confirmed"):
                return None
            return _add_rows(session, announcement_id, addresses)

        return run_in_transaction(self._sessions, work, idempotent=False)

    def discard(self, announcement_id: int) -> bool:
        """Drop a draft; False if it is no longer a draft."""
        return run_in_transaction(
            self._sessions, lambda session: _leave_draft(session, announcement_id, "discarded")
        )

    def get(self, announcement_id: int) -> Announcement | None:
        """The announcement with its outcome counts, or None."""
        with self._sessions() as session:
            row = session.get(AnnouncementRow, announcement_id)
            if row is None:
                return None
            counts = session.execute(
                select(_ROWS.c.status, func.count())
                .where(_ROWS.c.announcement_id == announcement_id)
                .group_by(_ROWS.c.status)
            ).all()
            return Announcement(
                id=row.id,
                text=row.text,
                audience=Audience(
                    scope=row.scope,  # type: ignore[arg-type]
                    code=row.target_code,
                    name=row.target_name,
                ),
                created_by=row.created_by,
                created_at=row.created_at,
                state=row.state,  # type: ignore[arg-type]
                counts={status: n for status, n in counts},
            )

    def cancel(self, announcement_id: int, now: datetime) -> int:
        """Cancel the rows not yet sent or being sent; how many."""

        def work(session: Session) -> int:
            result = session.execute(
                update(_ROWS)
                .where(
                    _ROWS.c.announcement_id == announcement_id,
                    _ROWS.c.status.in_(("pending", "retry")),
                )
                .values(status="cancelled", finished_at=now)
            )
            return int(result.rowcount)  # type: ignore[attr-defined]

        return run_in_transaction(self._sessions, work)

    def claim_next(
        self, *, now: datetime, token: str, lease_until: datetime, channels: Sequence[str]
    ) -> AnnouncementDelivery | None:
        """Mark the next due row ``sending`` under ``token``; None when nothing is due."""

        def work(session: Session) -> AnnouncementDelivery | None:
            for _ in range(5):  # another process may take the row first: try the next
                picked = session.execute(
                    select(_ROWS.c.announcement_id, _ROWS.c.channel, _ROWS.c.chat_id)
                    .where(
                        _ROWS.c.channel.in_(list(channels)),
                        (_ROWS.c.status == "pending")
                        | ((_ROWS.c.status == "retry") & (_ROWS.c.next_attempt_at <= now)),
                    )
                    .order_by(_ROWS.c.announcement_id, _ROWS.c.channel, _ROWS.c.chat_id)
                    .limit(1)
                ).first()
                if picked is None:
                    return None
                key = _key(*picked)
                taken = session.execute(
                    update(_ROWS)
                    .where(key, _ROWS.c.status.in_(("pending", "retry")))
                    .values(
                        status="sending",
                        claim_token=token,
                        claimed_until=lease_until,
                        attempts=_ROWS.c.attempts + 1,
                    )
                )
                if taken.rowcount:  # type: ignore[attr-defined]
                    text = session.execute(
                        select(AnnouncementRow.text).where(AnnouncementRow.id == picked[0])
                    ).scalar_one()
                    attempts = session.execute(select(_ROWS.c.attempts).where(key)).scalar_one()
                    return AnnouncementDelivery(
                        announcement_id=picked[0],
                        address=ChatAddress(channel=picked[1], chat_id=picked[2]),
                        text=text,
                        attempts=attempts,
                    )
            return None

        return run_in_transaction(self._sessions, work, idempotent=False)

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
    ) -> bool:
        """Record the outcome (``sent``, ``retry``, ``failed``) if ``token`` still holds it."""
        key = _key(delivery.announcement_id, delivery.address.channel, delivery.address.chat_id)

        def work(session: Session) -> bool:
            result = session.execute(
                update(_ROWS)
                .where(key, _ROWS.c.status == "sending", _ROWS.c.claim_token == token)
                .values(
                    status=status,
                    claim_token=None,
                    claimed_until=None,
                    next_attempt_at=retry_at,
                    finished_at=None if status == "retry" else now,
                    last_error=error[:500] if error else None,
                    provider_message_id=provider_message_id,
                )
            )
            return bool(result.rowcount)  # type: ignore[attr-defined]

        return run_in_transaction(self._sessions, work)

    def expire_interrupted(self, now: datetime) -> int:
        """Rows left ``sending`` past their lease (their process died): ``unknown``."""

        def work(session: Session) -> int:
            result = session.execute(
                update(_ROWS)
                .where(_ROWS.c.status == "sending", _ROWS.c.claimed_until < now)
                .values(
                    status="unknown",
                    claim_token=None,
                    finished_at=now,
                    last_error="interrupted while sending: the platform may have it",
                )
            )
            return int(result.rowcount)  # type: ignore[attr-defined]

        return run_in_transaction(self._sessions, work)

    def earliest_lease(self) -> datetime | None:
        """When the first row still ``sending`` may be judged interrupted (None: none)."""
        with self._sessions() as session:
            value: datetime | None = session.execute(
                select(func.min(_ROWS.c.claimed_until)).where(_ROWS.c.status == "sending")
            ).scalar()
            return value

    def open_ids(self) -> list[int]:
        """Announcements with rows not yet at an outcome."""
        with self._sessions() as session:
            return list(
                session.execute(
                    select(_ROWS.c.announcement_id)
                    .where(_ROWS.c.status.in_(("pending", "retry", "sending")))
                    .distinct()
                    .order_by(_ROWS.c.announcement_id)
                ).scalars()
            )


def _add(
    session: Session, text: str, audience: Audience, created_by: str, now: datetime, *, state: str
) -> int:
    row = AnnouncementRow(
        text=text,
        scope=audience.scope,
        target_code=audience.code,
        target_name=audience.name[:200],
        created_by=created_by[:100],
        created_at=now,
        state=state,
    )
    session.add(row)
    session.flush()
    return row.id


def _add_rows(session: Session, announcement_id: int, addresses: Sequence[ChatAddress]) -> int:
    values = [
        {
            "announcement_id": announcement_id,
            "channel": a.channel,
            "chat_id": a.chat_id,
            "status": "pending",
            "attempts": 0,
        }
        for a in dict.fromkeys(addresses)
    ]
    for start in range(0, len(values), _INSERT_CHUNK):
        session.execute(insert(_ROWS), values[start : start + _INSERT_CHUNK])
    return len(values)


def _leave_draft(session: Session, announcement_id: int, state: str) -> bool:
    result = session.execute(
        update(AnnouncementRow)
        .where(AnnouncementRow.id == announcement_id, AnnouncementRow.state == "draft")
        .values(state=state)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


def _key(announcement_id: int, channel: str, chat_id: str) -> ColumnElement[bool]:
    return (
        (_ROWS.c.announcement_id == announcement_id)
        & (_ROWS.c.channel == channel)
        & (_ROWS.c.chat_id == chat_id)
    )
