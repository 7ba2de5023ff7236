"""SQLAlchemy repositories for subscriptions and officer requests (the outbox is in
:mod:`bot.storage.outbox_repo`)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast

from sqlalchemy import delete, or_, select, update
from sqlalchemy.orm import Session, sessionmaker

from bot.core.models import (
    Channel,
    ChatAddress,
    OfficerRequest,
    OfficerStatus,
    Subscription,
)
from bot.storage.base import utcnow
from bot.storage.reminder_tables import OfficerRequestRow, OutboxRow, SubscriptionRow
from bot.storage.retry import run_in_transaction

_CHUNK = 500
_OUTBOX = OutboxRow.__table__


def _subscription(row: SubscriptionRow) -> Subscription:
    return Subscription(
        id=row.id,
        address=ChatAddress(channel=cast(Channel, row.channel), chat_id=row.chat_id),
        region_code=row.region_code,
        user_id=row.user_id,
        paused=row.paused,
        paused_reason=row.paused_reason,
        since=row.since,
    )


class SqlSubscriptions:
    """Subscriptions in the ``subscriptions`` table."""

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def subscribe(
        self,
        address: ChatAddress,
        region_code: str,
        user_id: str | None,
        since: datetime | None = None,
    ) -> bool:
        """Subscribe (or un-pause); False when it already was active."""

        def work(session: Session) -> bool:
            row = session.scalar(
                select(SubscriptionRow).where(
                    SubscriptionRow.channel == address.channel,
                    SubscriptionRow.chat_id == address.chat_id,
                    SubscriptionRow.region_code == region_code,
                )
            )
            if row is not None and not row.paused:
                return False
            if row is None:
                row = SubscriptionRow(
                    channel=address.channel, chat_id=address.chat_id, region_code=region_code
                )
                session.add(row)
            row.user_id = user_id
            row.since = since
            row.paused = False
            row.paused_reason = None
            session.flush()
            return True

        return run_in_transaction(self._sessions, work)

    def unsubscribe(self, address: ChatAddress, region_code: str | None = None) -> int:
        """Remove one region's subscription, or all of the chat's; returns how many."""

        def work(session: Session) -> int:
            query = delete(SubscriptionRow).where(
                SubscriptionRow.channel == address.channel,
                SubscriptionRow.chat_id == address.chat_id,
            )
            if region_code is not None:
                query = query.where(SubscriptionRow.region_code == region_code)
            return int(cast(Any, session.execute(query)).rowcount or 0)

        return run_in_transaction(self._sessions, work)

    def for_chat(self, address: ChatAddress) -> list[Subscription]:
        """The chat's subscriptions."""
        return self._select(
            SubscriptionRow.channel == address.channel, SubscriptionRow.chat_id == address.chat_id
        )

    def for_region(self, region_code: str) -> list[Subscription]:
        """Active subscriptions of a region."""
        return self._select(
            SubscriptionRow.region_code == region_code, SubscriptionRow.paused.is_(False)
        )

    def active(self) -> list[Subscription]:
        """Every active subscription."""
        return self._select(SubscriptionRow.paused.is_(False))

    def pause(self, address: ChatAddress, reason: str) -> None:
        """Pause every subscription of a chat."""

        def work(session: Session) -> None:
            session.execute(
                update(SubscriptionRow)
                .where(
                    SubscriptionRow.channel == address.channel,
                    SubscriptionRow.chat_id == address.chat_id,
                )
                .values(paused=True, paused_reason=reason[:500])
            )

        run_in_transaction(self._sessions, work)

    def _select(self, *conditions: Any) -> list[Subscription]:
        def work(session: Session) -> list[Subscription]:
            query = select(SubscriptionRow).where(*conditions).order_by(SubscriptionRow.id)
            return [_subscription(r) for r in session.scalars(query)]

        return run_in_transaction(self._sessions, work)


def _request(row: OfficerRequestRow) -> OfficerRequest:
    return OfficerRequest(
        id=row.id,
        channel=cast(Channel, row.channel),
        user_id=row.user_id,
        chat_id=row.chat_id,
        region_code=row.region_code,
        status=OfficerStatus(row.status),
        display_name=row.display_name,
    )


class SqlOfficers:
    """Officer verification requests in ``officer_requests``."""

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def request(self, request: OfficerRequest) -> OfficerRequest:
        """Store a pending request, or return the open (or approved) one."""

        def work(session: Session) -> OfficerRequest:
            existing = session.scalar(
                select(OfficerRequestRow)
                .where(
                    OfficerRequestRow.channel == request.channel,
                    OfficerRequestRow.user_id == request.user_id,
                    OfficerRequestRow.region_code == request.region_code,
                    OfficerRequestRow.status != OfficerStatus.REJECTED.value,
                )
                .order_by(OfficerRequestRow.id)
            )
            if existing is not None:
                return _request(existing)
            row = OfficerRequestRow(
                channel=request.channel,
                user_id=request.user_id,
                chat_id=request.chat_id,
                region_code=request.region_code,
                status=OfficerStatus.PENDING.value,
                display_name=request.display_name,
            )
            session.add(row)
            session.flush()
            return _request(row)

        return run_in_transaction(self._sessions, work, idempotent=False)

    def get(self, request_id: int) -> OfficerRequest | None:
        """One request."""

        def work(session: Session) -> OfficerRequest | None:
            row = session.get(OfficerRequestRow, request_id)
            return _request(row) if row else None

        return run_in_transaction(self._sessions, work)

    def decide(self, request_id: int, status: OfficerStatus) -> OfficerRequest | None:
        """Approve or reject a pending request (None when none is pending)."""

        def work(session: Session) -> OfficerRequest | None:
            changed = session.execute(
                update(OfficerRequestRow)
                .where(
                    OfficerRequestRow.id == request_id,
                    OfficerRequestRow.status == OfficerStatus.PENDING.value,
                )
                .values(status=status.value, decided_at=utcnow())
            )
            if not cast(Any, changed).rowcount:
                return None
            row = session.get(OfficerRequestRow, request_id)
            return _request(row) if row else None

        return run_in_transaction(self._sessions, work)

    def is_officer(self, channel: str, user_id: str, region_code: str) -> bool:
        """Whether the user is an approved officer of the region."""

        def work(session: Session) -> bool:
            found = session.scalar(
                select(OfficerRequestRow.id).where(
                    OfficerRequestRow.channel == channel,
                    OfficerRequestRow.user_id == user_id,
                    OfficerRequestRow.region_code == region_code,
                    OfficerRequestRow.status == OfficerStatus.APPROVED.value,
                )
            )
            return found is not None

        return run_in_transaction(self._sessions, work)

    def pending(self) -> list[OfficerRequest]:
        """Requests waiting for an admin, oldest first."""
        return self._select(OfficerRequestRow.status == OfficerStatus.PENDING.value)

    def unannounced(self) -> list[OfficerRequest]:
        """Requests whose current status was not announced yet."""
        return self._select(
            or_(
                OfficerRequestRow.announced_status.is_(None),
                OfficerRequestRow.announced_status != OfficerRequestRow.status,
            )
        )

    def mark_announced(self, request_id: int, status: OfficerStatus) -> bool:
        """Record the announcement of ``status`` if it is still the request's status."""

        def work(session: Session) -> bool:
            changed = session.execute(
                update(OfficerRequestRow)
                .where(
                    OfficerRequestRow.id == request_id,
                    OfficerRequestRow.status == status.value,
                )
                .values(announced_status=status.value)
            )
            return bool(cast(Any, changed).rowcount)

        return run_in_transaction(self._sessions, work)

    def _select(self, *conditions: Any) -> list[OfficerRequest]:
        def work(session: Session) -> list[OfficerRequest]:
            query = select(OfficerRequestRow).where(*conditions).order_by(OfficerRequestRow.id)
            return [_request(r) for r in session.scalars(query)]

        return run_in_transaction(self._sessions, work)


__all__ = ["SqlOfficers", "SqlSubscriptions"]
