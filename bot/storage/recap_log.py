"""The weekly recap's deliveries: one row per (week, admin chat), so each admin gets the
recap once a week, whatever restarts, replicas or repeated runs.

A row is inserted (``sending``) before the recap goes out; a second process or run finds
it and sends nothing. A row left ``sending`` by a process that died is not resent: it is
reported as ``unknown`` (the platform may have the message).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from bot.core.models import ChatAddress
from bot.storage.announcement_tables import RecapDeliveryRow
from bot.storage.retry import run_in_transaction


class SqlRecapLog:
    """Which admin chats got which week's recap."""

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def claim(self, week: date, address: ChatAddress, now: datetime) -> bool:
        """Record that this week's recap to ``address`` is being sent; False if it was."""

        def work(session: Session) -> None:
            session.add(
                RecapDeliveryRow(
                    week=week,
                    channel=address.channel,
                    chat_id=address.chat_id,
                    status="sending",
                    claimed_at=now,
                )
            )

        try:
            run_in_transaction(self._sessions, work, idempotent=False)
        except IntegrityError:
            return False
        return True

    def finish(
        self, week: date, address: ChatAddress, status: str, now: datetime, error: str | None
    ) -> None:
        """Record how the send ended: ``sent`` or ``failed``."""

        def work(session: Session) -> None:
            session.execute(
                update(RecapDeliveryRow)
                .where(
                    RecapDeliveryRow.week == week,
                    RecapDeliveryRow.channel == address.channel,
                    RecapDeliveryRow.chat_id == address.chat_id,
                )
                .values(status=status, finished_at=now, last_error=error[:500] if error else None)
            )

        run_in_transaction(self._sessions, work)

    def statuses(self, week: date) -> dict[str, str]:
        """``channel:chat`` -> status, for one week."""
        with self._sessions() as session:
            rows = session.execute(
                select(
                    RecapDeliveryRow.channel, RecapDeliveryRow.chat_id, RecapDeliveryRow.status
                ).where(RecapDeliveryRow.week == week)
            ).all()
            return {f"{channel}:{chat}": status for channel, chat, status in rows}
