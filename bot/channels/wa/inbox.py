"""Deduplication and durability for incoming WhatsApp messages, and delivery statuses.

Meta redelivers a webhook it thinks failed (slow answer, 5xx, network), sometimes days
later, so every message id is claimed once: in a bounded in-process set first (cheap,
catches the burst of retries) and then in the database (survives a restart). The
claimed row keeps the message until it is answered, so a message accepted with a 200
is answered even if the process stops in between (:meth:`StoredInbox.pending`).

The database side is :class:`bot.core.ports.MessageInbox` (SQL in :mod:`bot.storage`);
:class:`StoredInbox` adapts it to this channel's messages. Synchronous, like the
repositories; callers use ``asyncio.to_thread``.
"""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import asdict, replace
from datetime import datetime
from typing import Any, Protocol

from bot.channels.wa.updates import InboundMessage, StatusUpdate
from bot.core.ports import MessageInbox

RECENT_IDS_MAX = 20_000


class Inbox(Protocol):
    """Where message ids are claimed and statuses recorded."""

    def claim(self, message: InboundMessage, now: datetime) -> bool:
        """Store the message as pending; False when its id was seen before."""
        ...

    def finish(self, message_id: str, state: str, now: datetime) -> None:
        """Mark a claimed message ``done`` or ``failed`` and forget its content."""
        ...

    def defer(self, message_id: str, now: datetime, delays: Sequence[float]) -> int:
        """Count a failed attempt to answer (next one ``delays[attempts - 1]`` s later)."""
        ...

    def pending(self, due_by: datetime | None = None) -> list[InboundMessage]:
        """Messages claimed but not finished (due by ``due_by`` if given), oldest first."""
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


class StoredInbox:
    """The channel's :class:`Inbox` over the database's message inbox (content as JSON)."""

    def __init__(self, store: MessageInbox) -> None:
        self._store = store

    def claim(self, message: InboundMessage, now: datetime) -> bool:
        """Store the message as pending; False when its id was seen before."""
        return self._store.claim(message.message_id, message_to_json(message), now)

    def finish(self, message_id: str, state: str, now: datetime) -> None:
        """Mark a claimed message finished and forget its content."""
        self._store.finish(message_id, state, now)

    def defer(self, message_id: str, now: datetime, delays: Sequence[float]) -> int:
        """Count a failed attempt to answer; the attempts so far."""
        return self._store.defer(message_id, now, delays)

    def pending(self, due_by: datetime | None = None) -> list[InboundMessage]:
        """Messages claimed but not finished (due by ``due_by`` if given), oldest first."""
        return [message_from_json(text) for text in self._store.pending(due_by)]

    def record_status(self, status: StatusUpdate, now: datetime) -> bool:
        """Store a delivery status; False when this status of that message was known."""
        return self._store.record_status(status, now)

    def failures(self, since: datetime) -> list[StatusUpdate]:
        """``failed`` statuses recorded since ``since``."""
        return self._store.failures(since)

    def prune(self, before: datetime) -> int:
        """Forget finished messages received before ``before``."""
        return self._store.prune(before)
