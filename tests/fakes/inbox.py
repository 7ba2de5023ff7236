"""The message inbox in memory, with the behaviour of the SQL one.

:class:`MemoryMessageInbox` is :class:`bot.core.ports.MessageInbox` in memory; the contract
suite (``tests/contracts/test_inbox_contract.py``) runs the same tests against it and the
SQL inbox. :class:`MemoryInbox` is WhatsApp's inbox over it, as the bot builds it over SQL,
so there is one state machine to keep true, not two.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.channels.wa.inbox import StoredInbox
from bot.core.models import PlatformStatus


@dataclass(slots=True)
class _Message:
    """One inbox row (mutable, like the SQL row it stands for)."""

    state: str
    content: str | None
    received_at: datetime
    next_attempt_at: datetime
    attempts: int = 0


class MemoryMessageInbox:
    """:class:`bot.core.ports.MessageInbox` in memory (contents as the channel wrote them).

    ``fail_claims`` and ``fail_finishes`` make those calls raise, as when the database is away.
    """

    def __init__(self) -> None:
        self._messages: dict[str, _Message] = {}
        self._statuses: dict[tuple[str, str], tuple[datetime, PlatformStatus]] = {}
        self.fail_claims = False
        self.fail_finishes = False
        self._lock = threading.Lock()

    def claim(self, message_id: str, content: str, now: datetime) -> bool:
        """Store as pending; False when the id was seen before."""
        if self.fail_claims:
            raise ConnectionError("the database is away")
        with self._lock:
            if message_id in self._messages:
                return False
            self._messages[message_id] = _Message(
                state="pending", content=content, received_at=now, next_attempt_at=now
            )
            return True

    def finish(self, message_id: str, state: str, now: datetime) -> None:
        """Mark finished and drop the content (an unknown id changes nothing)."""
        if self.fail_finishes:
            raise ConnectionError("the database is away")
        with self._lock:
            row = self._messages.get(message_id)
            if row is not None:
                row.state, row.content = state, None

    def defer(self, message_id: str, now: datetime, delays: Sequence[float]) -> int:
        """Count a failed attempt; the attempts so far (0: no such message)."""
        with self._lock:
            row = self._messages.get(message_id)
            if row is None:
                return 0
            row.attempts += 1
            delay = delays[min(row.attempts, len(delays)) - 1] if delays else 0.0
            row.next_attempt_at = now + timedelta(seconds=delay)
            return row.attempts

    def pending(self, due_by: datetime | None = None) -> list[str]:
        """Unfinished contents (due by ``due_by`` if given), oldest first."""
        with self._lock:
            rows = sorted(self._messages.items(), key=lambda item: (item[1].received_at, item[0]))
            return [
                row.content
                for _id, row in rows
                if row.state == "pending"
                and row.content
                and (due_by is None or row.next_attempt_at <= due_by)
            ]

    def record_status(self, status: PlatformStatus, now: datetime) -> bool:
        """Store a delivery status; False when that status of that message was known."""
        key = (status.message_id, status.status)
        with self._lock:
            if key in self._statuses:
                return False
            self._statuses[key] = (now, status)
            return True

    def failures(self, since: datetime) -> list[PlatformStatus]:
        """``failed`` statuses recorded since ``since``, oldest first."""
        with self._lock:
            recorded = list(self._statuses.values())  # in order of recording, as SQL's ids
        ordered = sorted(enumerate(recorded), key=lambda item: (item[1][0], item[0]))
        return [s for _, (at, s) in ordered if s.status == "failed" and at >= since]

    def prune(self, before: datetime) -> int:
        """Delete finished messages received before ``before``; how many."""
        with self._lock:
            old = [
                key
                for key, row in self._messages.items()
                if row.state != "pending" and row.received_at < before
            ]
            for key in old:
                del self._messages[key]
            return len(old)

    def states(self) -> dict[str, str]:
        """Id -> state (for tests)."""
        with self._lock:
            return {key: row.state for key, row in self._messages.items()}

    def attempts(self, message_id: str) -> int:
        """Failed attempts counted for a message; 0 for an unknown one (for tests)."""
        with self._lock:
            row = self._messages.get(message_id)
            return row.attempts if row is not None else 0

    def statuses(self) -> list[tuple[str, str]]:
        """(message id, status) pairs recorded, in order (for tests)."""
        with self._lock:
            return list(self._statuses)


class MemoryInbox(StoredInbox):
    """WhatsApp's inbox over a :class:`MemoryMessageInbox`, as the bot has it over SQL."""

    def __init__(self, store: MemoryMessageInbox | None = None) -> None:
        self.store = store if store is not None else MemoryMessageInbox()
        super().__init__(self.store)

    def states(self) -> dict[str, str]:
        """Message id -> state (for tests)."""
        return self.store.states()

    def statuses(self) -> list[tuple[str, str]]:
        """(message id, status) pairs recorded, in order (for tests)."""
        return self.store.statuses()
