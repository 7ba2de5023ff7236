"""Deduplication and durability for incoming WhatsApp messages, and delivery statuses.

Meta redelivers a webhook it thinks failed (slow answer, 5xx, network), sometimes days
later, so every message id is claimed once: in a bounded in-process set first (cheap,
catches the burst of retries) and then in the database (survives a restart). The
claimed row keeps the message until it is answered, so a message accepted with a 200
is answered even if the process stops in between (:meth:`SqlInbox.pending`).

Both stores are synchronous, like the repositories; callers use ``asyncio.to_thread``.
"""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from dataclasses import asdict, replace
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from bot.channels.wa.tables import WhatsAppInboxRow, WhatsAppStatusRow
from bot.channels.wa.updates import InboundMessage, StatusUpdate
from bot.storage.retry import run_in_transaction

RECENT_IDS_MAX = 20_000


class Inbox(Protocol):
    """Where message ids are claimed and statuses recorded."""

    def claim(self, message: InboundMessage, now: datetime) -> bool:
        """Store the message as pending; False when its id was seen before."""
        ...

    def finish(self, message_id: str, state: str, now: datetime) -> None:
        """Mark a claimed message ``done`` or ``failed`` and forget its content."""
        ...

    def pending(self) -> list[InboundMessage]:
        """Messages claimed but not finished, oldest first (answered on start)."""
        ...

    def record_status(self, status: StatusUpdate, now: datetime) -> bool:
        """Store a delivery status; False when this status of that message was known."""
        ...

    def failures(self, since: datetime) -> list[StatusUpdate]:
        """``failed`` statuses recorded since ``since``, for the admins."""
        ...


class RecentIds:
    """A bounded, thread-safe set of recently seen ids (oldest forgotten first)."""

    def __init__(self, limit: int = RECENT_IDS_MAX) -> None:
        self._ids: OrderedDict[str, None] = OrderedDict()
        self._limit = limit
        self._lock = threading.Lock()

    def add(self, item: str) -> bool:
        """Remember ``item``; False when it was already there."""
        with self._lock:
            if item in self._ids:
                self._ids.move_to_end(item)
                return False
            self._ids[item] = None
            if len(self._ids) > self._limit:
                self._ids.popitem(last=False)
            return True

    def discard(self, item: str) -> None:
        """Forget ``item`` (its claim did not reach the database)."""
        with self._lock:
            self._ids.pop(item, None)

    def __contains__(self, item: object) -> bool:
        with self._lock:
            return item in self._ids


def message_to_json(message: InboundMessage) -> str:
    """The message as JSON (datetimes in ISO 8601)."""
    data = asdict(message)
    data["sent_at"] = message.sent_at.isoformat() if message.sent_at else None
    return json.dumps(data, ensure_ascii=False)


def message_from_json(text: str) -> InboundMessage:
    """The inverse of :func:`message_to_json`."""
    data: dict[str, Any] = json.loads(text)
    sent_at = data.pop("sent_at", None)
    message = InboundMessage(**data)
    return replace(message, sent_at=datetime.fromisoformat(sent_at) if sent_at else None)


class SqlInbox:
    """The inbox in the ``whatsapp_inbox`` and ``whatsapp_statuses`` tables."""

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def claim(self, message: InboundMessage, now: datetime) -> bool:
        """Insert the row; a duplicate key means the message was seen before."""

        def work(session: Session) -> None:
            session.add(
                WhatsAppInboxRow(
                    message_id=message.message_id,
                    state="pending",
                    received_at=now,
                    content=message_to_json(message),
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

    def pending(self) -> list[InboundMessage]:
        """Unfinished messages, oldest first."""

        def work(session: Session) -> list[str]:
            rows = session.scalars(
                select(WhatsAppInboxRow.content)
                .where(WhatsAppInboxRow.state == "pending")
                .order_by(WhatsAppInboxRow.received_at, WhatsAppInboxRow.message_id)
            )
            return [row for row in rows if row]

        return [message_from_json(text) for text in run_in_transaction(self._sessions, work)]

    def record_status(self, status: StatusUpdate, now: datetime) -> bool:
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

    def failures(self, since: datetime) -> list[StatusUpdate]:
        """Failed deliveries recorded since ``since``, oldest first."""

        def work(session: Session) -> list[StatusUpdate]:
            rows = session.scalars(
                select(WhatsAppStatusRow)
                .where(
                    WhatsAppStatusRow.status == "failed",
                    WhatsAppStatusRow.recorded_at >= since,
                )
                .order_by(WhatsAppStatusRow.recorded_at, WhatsAppStatusRow.id)
            )
            return [
                StatusUpdate(
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


class MemoryInbox:
    """The same behaviour in memory, for tests and the console-free benchmarks."""

    def __init__(self) -> None:
        self._messages: dict[str, tuple[str, InboundMessage | None]] = {}
        self._statuses: dict[tuple[str, str], tuple[datetime, StatusUpdate]] = {}
        self._lock = threading.Lock()

    def claim(self, message: InboundMessage, now: datetime) -> bool:
        """Store as pending unless seen."""
        with self._lock:
            if message.message_id in self._messages:
                return False
            self._messages[message.message_id] = ("pending", message)
            return True

    def finish(self, message_id: str, state: str, now: datetime) -> None:
        """Mark finished."""
        with self._lock:
            if message_id in self._messages:
                self._messages[message_id] = (state, None)

    def pending(self) -> list[InboundMessage]:
        """Unfinished messages in arrival order."""
        with self._lock:
            return [m for state, m in self._messages.values() if state == "pending" and m]

    def record_status(self, status: StatusUpdate, now: datetime) -> bool:
        """Store unless known."""
        key = (status.message_id, status.status)
        with self._lock:
            if key in self._statuses:
                return False
            self._statuses[key] = (now, status)
            return True

    def failures(self, since: datetime) -> list[StatusUpdate]:
        """Failed statuses since ``since``."""
        with self._lock:
            return [s for at, s in self._statuses.values() if s.status == "failed" and at >= since]

    def statuses(self) -> list[tuple[str, str]]:
        """(message id, status) pairs recorded, in order (for tests)."""
        with self._lock:
            return list(self._statuses)

    def states(self) -> dict[str, str]:
        """Message id -> state (for tests)."""
        with self._lock:
            return {key: state for key, (state, _m) in self._messages.items()}
