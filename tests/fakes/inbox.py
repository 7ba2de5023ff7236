"""An in-memory WhatsApp inbox with the behaviour of the stored one."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from datetime import datetime, timedelta

from bot.channels.wa.updates import InboundMessage, StatusUpdate


class MemoryInbox:
    """The same behaviour in memory, for tests and the console-free benchmarks."""

    def __init__(self) -> None:
        self._messages: dict[str, tuple[str, InboundMessage | None]] = {}
        self._statuses: dict[tuple[str, str], tuple[datetime, StatusUpdate]] = {}
        self._attempts: dict[str, tuple[int, datetime]] = {}
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

    def defer(self, message_id: str, now: datetime, delays: Sequence[float]) -> int:
        """Count a failed attempt."""
        with self._lock:
            attempts = self._attempts.get(message_id, (0, now))[0] + 1
            delay = delays[min(attempts, len(delays)) - 1] if delays else 0.0
            self._attempts[message_id] = (attempts, now + timedelta(seconds=delay))
            return attempts

    def pending(self, due_by: datetime | None = None) -> list[InboundMessage]:
        """Unfinished messages (due by ``due_by``) in arrival order."""
        with self._lock:
            return [
                m
                for key, (state, m) in self._messages.items()
                if state == "pending"
                and m
                and (
                    due_by is None or key not in self._attempts or self._attempts[key][1] <= due_by
                )
            ]

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


class MemoryMessageInbox:
    """:class:`bot.core.ports.MessageInbox` in memory (contents as the channel wrote them)."""

    def __init__(self) -> None:
        self.rows: dict[str, dict[str, object]] = {}
        self.fail_claims = False  # the database is away
        self.fail_finishes = False
        self._lock = threading.Lock()

    def claim(self, message_id: str, content: str, now: datetime) -> bool:
        """Store as pending unless seen."""
        if self.fail_claims:
            raise ConnectionError("the database is away")
        with self._lock:
            if message_id in self.rows:
                return False
            self.rows[message_id] = {
                "state": "pending",
                "content": content,
                "attempts": 0,
                "due": now,
                "received": now,
            }
            return True

    def finish(self, message_id: str, state: str, now: datetime) -> None:
        """Mark finished."""
        if self.fail_finishes:
            raise ConnectionError("the database is away")
        with self._lock:
            self.rows[message_id].update(state=state, content=None)

    def defer(self, message_id: str, now: datetime, delays: Sequence[float]) -> int:
        """Count a failed attempt."""
        with self._lock:
            row = self.rows[message_id]
            attempts = int(str(row["attempts"])) + 1
            delay = delays[min(attempts, len(delays)) - 1] if delays else 0.0
            row.update(attempts=attempts, due=now + timedelta(seconds=delay))
            return attempts

    def pending(self, due_by: datetime | None = None) -> list[str]:
        """Unfinished contents in arrival order."""
        with self._lock:
            return [
                str(row["content"])
                for row in self.rows.values()
                if row["state"] == "pending" and (due_by is None or row["due"] <= due_by)  # type: ignore[operator]
            ]

    def states(self) -> dict[str, str]:
        """Id -> state (for tests)."""
        with self._lock:
            return {key: str(row["state"]) for key, row in self.rows.items()}

    def record_status(self, status: object, now: datetime) -> bool:
        """Statuses are WhatsApp's: not kept here."""
        return True

    def failures(self, since: datetime) -> list[object]:
        """None."""
        return []

    def prune(self, before: datetime) -> int:
        """Nothing to prune."""
        return 0
