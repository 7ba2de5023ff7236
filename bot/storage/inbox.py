"""The conversation inbox and WhatsApp's delivery statuses in SQL.

The port is :class:`bot.core.ports.MessageInbox`; one :class:`SqlMessageInbox` per
channel (``telegram``, ``whatsapp``) over the one ``inbox`` table. A row is written
before the platform is told the message arrived, and keeps the channel's serialisation of
it until it is answered; a reply that failed is tried again when ``next_attempt_at`` comes.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.exc import DataError, IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from bot.core.models import PlatformStatus
from bot.storage.inbox_tables import InboxRow, WhatsAppStatusRow
from bot.storage.retry import run_in_transaction


def storable(text: str) -> str:
    """``text`` with what no database column takes (lone surrogates, NUL) replaced."""
    if text.isascii() and "\x00" not in text:
        return text
    return (
        text.encode("utf-16", "surrogatepass").decode("utf-16", "replace").replace("\x00", "\ufffd")
    )


class SqlMessageInbox:
    """One channel's rows of the ``inbox`` table, and the ``whatsapp_statuses`` table."""

    def __init__(self, sessions: sessionmaker[Session], channel: str) -> None:
        self._sessions = sessions
        self.channel = channel

    def claim(self, message_id: str, content: str, now: datetime) -> bool:
        """Insert the row; a duplicate key means the message was seen before.

        ValueError when the database refuses the values themselves (no retry can help).
        """
        row_content = storable(content)

        def work(session: Session) -> None:
            session.add(
                InboxRow(
                    channel=self.channel,
                    message_id=storable(message_id),
                    state="pending",
                    received_at=now,
                    attempts=0,
                    next_attempt_at=now,
                    content=row_content,
                )
            )
            session.flush()

        try:
            # not idempotent: a retried insert whose first commit went through would look
            # like a duplicate; such a row is still pending and found by the retry sweep
            run_in_transaction(self._sessions, work, idempotent=False)
        except IntegrityError:
            return False
        except DataError as error:  # no retry or redelivery can store this one
            raise ValueError(f"message {message_id[:40]!r} cannot be stored") from error
        return True

    def finish(self, message_id: str, state: str, now: datetime) -> None:
        """Mark the row finished and drop its content."""

        def work(session: Session) -> None:
            session.execute(
                update(InboxRow)
                .where(InboxRow.channel == self.channel, InboxRow.message_id == message_id)
                .values(state=state, finished_at=now, content=None)
            )

        run_in_transaction(self._sessions, work)

    def defer(self, message_id: str, now: datetime, delays: Sequence[float]) -> int:
        """Count a failed attempt and set when the next is due; the attempts so far."""

        def work(session: Session) -> int:
            row = session.get(InboxRow, (self.channel, message_id))
            if row is None:
                return 0
            row.attempts += 1
            delay = delays[min(row.attempts, len(delays)) - 1] if delays else 0.0
            row.next_attempt_at = now + timedelta(seconds=delay)
            return row.attempts

        # not idempotent: a retried increment could count one failure twice
        return run_in_transaction(self._sessions, work, idempotent=False)

    def pending(self, due_by: datetime | None = None) -> list[str]:
        """The contents of unfinished messages (due by ``due_by`` if given), oldest first."""

        def work(session: Session) -> list[str]:
            query = select(InboxRow.content).where(
                InboxRow.channel == self.channel, InboxRow.state == "pending"
            )
            if due_by is not None:
                query = query.where(InboxRow.next_attempt_at <= due_by)
            rows = session.scalars(query.order_by(InboxRow.received_at, InboxRow.message_id))
            return [row for row in rows if row]

        return run_in_transaction(self._sessions, work)

    def record_status(self, status: PlatformStatus, now: datetime) -> bool:
        """Insert the status unless that (message, status) pair is known."""

        def work(session: Session) -> bool:
            known = session.scalar(
                select(WhatsAppStatusRow.id).where(
                    WhatsAppStatusRow.message_id == status.message_id,
                    WhatsAppStatusRow.status == status.status,
                )
            )
            if known is not None:
                return False
            session.add(
                WhatsAppStatusRow(
                    message_id=storable(status.message_id),
                    status=storable(status.status),
                    at=status.at,
                    error_code=status.error_code,
                    error_title=storable(status.error_title) if status.error_title else None,
                    recorded_at=now,
                )
            )
            session.flush()
            return True

        try:
            return run_in_transaction(self._sessions, work)
        except IntegrityError:  # the same status arrived twice at the same moment
            return False

    def failures(self, since: datetime) -> list[PlatformStatus]:
        """Failed deliveries recorded since ``since``, oldest first."""

        def work(session: Session) -> list[PlatformStatus]:
            rows = session.scalars(
                select(WhatsAppStatusRow)
                .where(
                    WhatsAppStatusRow.status == "failed",
                    WhatsAppStatusRow.recorded_at >= since,
                )
                .order_by(WhatsAppStatusRow.recorded_at, WhatsAppStatusRow.id)
            )
            return [
                PlatformStatus(
                    message_id=row.message_id,
                    status=row.status,
                    at=row.at,
                    error_code=row.error_code,
                    error_title=row.error_title,
                )
                for row in rows
            ]

        return run_in_transaction(self._sessions, work)

    def prune(self, before: datetime) -> int:
        """Delete finished rows received before ``before`` (Meta retries for 7 days)."""

        def work(session: Session) -> int:
            result = session.execute(
                delete(InboxRow).where(
                    InboxRow.channel == self.channel,
                    InboxRow.state != "pending",
                    InboxRow.received_at < before,
                )
            )
            return int(getattr(result, "rowcount", 0) or 0)

        return run_in_transaction(self._sessions, work)
