"""The WhatsApp inbox and delivery statuses in SQL (the port: :class:`bot.core.ports.MessageInbox`).

One row per message id WhatsApp delivered, written before the webhook answers 200: a
redelivery is recognised even after a restart, and a message whose answer was not
finished when the process stopped is answered on the next start. The channel keeps the
message's content as JSON here until it is answered.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from bot.core.models import PlatformStatus
from bot.storage.retry import run_in_transaction
from bot.storage.whatsapp_tables import WhatsAppInboxRow, WhatsAppStatusRow


class SqlWhatsAppInbox:
    """The inbox in the ``whatsapp_inbox`` and ``whatsapp_statuses`` tables."""

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def claim(self, message_id: str, content: str, now: datetime) -> bool:
        """Insert the row; a duplicate key means the message was seen before."""

        def work(session: Session) -> None:
            session.add(
                WhatsAppInboxRow(
                    message_id=message_id, state="pending", received_at=now, content=content
                )
            )
            session.flush()

        try:
            # not idempotent: a retried insert whose first commit went through would
            # look like a duplicate and the message would never be answered
            run_in_transaction(self._sessions, work, idempotent=False)
        except IntegrityError:
            return False
        return True

    def finish(self, message_id: str, state: str, now: datetime) -> None:
        """Mark the row finished and drop its content."""

        def work(session: Session) -> None:
            session.execute(
                update(WhatsAppInboxRow)
                .where(WhatsAppInboxRow.message_id == message_id)
                .values(state=state, finished_at=now, content=None)
            )

        run_in_transaction(self._sessions, work)

    def pending(self) -> list[str]:
        """The contents of unfinished messages, oldest first."""

        def work(session: Session) -> list[str]:
            rows = session.scalars(
                select(WhatsAppInboxRow.content)
                .where(WhatsAppInboxRow.state == "pending")
                .order_by(WhatsAppInboxRow.received_at, WhatsAppInboxRow.message_id)
            )
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
                    message_id=status.message_id,
                    status=status.status,
                    at=status.at,
                    error_code=status.error_code,
                    error_title=status.error_title,
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
                delete(WhatsAppInboxRow).where(
                    WhatsAppInboxRow.state != "pending", WhatsAppInboxRow.received_at < before
                )
            )
            return int(getattr(result, "rowcount", 0) or 0)

        return run_in_transaction(self._sessions, work)
