"""An in-memory outbox with the same uniqueness and claiming rules as the SQL one."""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Callable, Collection, Mapping, Sequence
from datetime import UTC, date, datetime
from typing import Protocol

from bot.core.models import (
    ChatAddress,
)
from bot.core.reminders import (
    CHAT_WINDOW,
    REPORTED_STATUSES,
    Delivery,
    DeliveryKey,
    DeliveryStatus,
    NewDelivery,
    OutboxRepository,
)


class ListedOutbox(OutboxRepository, Protocol):
    """The outbox port plus the listing of every row that tests read (SQL and fake)."""

    def all(self) -> list[Delivery]:
        """Every row, by id."""
        ...


class InMemoryOutbox:
    """The reminder outbox in a dict, with the SQL table's unique key and claim rules.

    Thread-safe (a lock around every call) like the database it stands in for.
    """

    def __init__(self) -> None:
        self._rows: dict[int, Delivery] = {}
        self._keys: dict[DeliveryKey, int] = {}
        self._next_id = 1
        self._lock = threading.Lock()

    def add_many(self, deliveries: Sequence[NewDelivery]) -> int:
        """Insert the new keys; existing keys are left alone."""
        added = 0
        with self._lock:
            for new in deliveries:
                if new.key in self._keys:
                    continue
                row = Delivery(
                    id=self._next_id, **{f.name: getattr(new, f.name) for f in _NEW_FIELDS}
                )
                self._rows[row.id] = row
                self._keys[new.key] = row.id
                self._next_id += 1
                added += 1
        return added

    def keys_since(self, since: datetime) -> set[DeliveryKey]:
        """Keys of deliveries sent (or to send) at or after ``since``."""
        with self._lock:
            return {r.key for r in self._rows.values() if r.send_at >= since}

    def pending(self) -> list[Delivery]:
        """Pending rows, oldest first."""
        with self._lock:
            rows = [r for r in self._rows.values() if r.status == "pending"]
        return sorted(rows, key=lambda r: (r.send_at, r.id))

    def get(self, delivery_id: int) -> Delivery | None:
        """One row."""
        with self._lock:
            return self._rows.get(delivery_id)

    def all(self) -> list[Delivery]:
        """Every row (tests)."""
        with self._lock:
            return sorted(self._rows.values(), key=lambda r: r.id)

    def set_status(
        self, ids: Collection[int], status: DeliveryStatus, now: datetime, reason: str = ""
    ) -> int:
        """Move pending rows not held by a live lease."""
        changed = 0
        with self._lock:
            for row_id in ids:
                row = self._rows.get(row_id)
                if (
                    row is None
                    or row.status != "pending"
                    or row.sending_since is not None
                    or _held(row, now)
                ):
                    continue
                self._rows[row_id] = dataclasses.replace(
                    row, status=status, claim_token=None, last_error=_error(reason) or None
                )
                changed += 1
        return changed

    def claim(
        self,
        *,
        now: datetime,
        token: str,
        lease_until: datetime,
        limit: int,
        channels: Collection[str],
    ) -> list[Delivery]:
        """Claim due rows, oldest first, with the rest of their chats' due rows."""
        with self._lock:
            due = sorted(
                (
                    r
                    for r in self._rows.values()
                    if r.status == "pending"
                    and r.channel in channels
                    and r.send_at <= now + CHAT_WINDOW
                    and r.sending_since is None
                    and (r.next_attempt_at is None or r.next_attempt_at <= now)
                    and not _held(r, now)
                ),
                key=lambda r: (r.send_at, r.id),
            )
            # the chats of the first ``limit`` rows due now, with their rows due soon
            chats = {r.address for r in [r for r in due if r.send_at <= now][:limit]}
            return self._claim([r for r in due if r.address in chats], token, lease_until)

    def renew(self, token: str, *, now: datetime, lease_until: datetime) -> int:
        """Extend the live leases ``token`` holds."""
        with self._lock:
            rows = [
                r
                for r in self._rows.values()
                if r.claim_token == token and r.status == "pending" and _held(r, now)
            ]
            self._claim(rows, token, lease_until)
            return len(rows)

    def begin_send(
        self, ids: Collection[int], token: str, at: datetime, *, lease_until: datetime
    ) -> list[int]:
        """Mark held rows as in flight, renewing their lease."""
        marked: list[int] = []
        with self._lock:
            for row_id in sorted(ids):
                row = self._rows.get(row_id)
                if row is None or row.status != "pending" or row.claim_token != token:
                    continue
                self._rows[row_id] = dataclasses.replace(
                    row, sending_since=at, claimed_until=lease_until
                )
                marked.append(row_id)
        return marked

    def abort_send(self, ids: Collection[int], token: str) -> int:
        """Clear the in-flight mark of held rows."""
        changed = 0
        with self._lock:
            for row_id in ids:
                row = self._rows.get(row_id)
                if row is None or row.status != "pending" or row.claim_token != token:
                    continue
                self._rows[row_id] = dataclasses.replace(row, sending_since=None)
                changed += 1
        return changed

    def settle_in_flight(self, now: datetime) -> list[Delivery]:
        """In-flight rows whose claim lapsed become unknown."""
        settled: list[Delivery] = []
        with self._lock:
            for row in list(self._rows.values()):
                lapsed = row.claimed_until is None or row.claimed_until <= now
                if row.status != "pending" or row.sending_since is None or not lapsed:
                    continue
                unknown = dataclasses.replace(
                    row,
                    status="unknown",
                    claim_token=None,
                    claimed_until=None,
                    failed_at=now,
                    last_error="in flight when its process stopped: may have been delivered",
                )
                self._rows[row.id] = unknown
                settled.append(unknown)
        return settled

    def mark_unknown(self, ids: Collection[int], token: str, error: str, at: datetime) -> int:
        """Unknown outcome, where still held by ``token``."""
        return sum(
            self._finish(
                row_id,
                token,
                lambda row: dataclasses.replace(
                    row, status="unknown", last_error=_error(error), failed_at=at
                ),
            )
            for row_id in ids
        )

    def mark_sent(
        self, delivery_id: int, token: str, at: datetime, provider_message_id: str | None = None
    ) -> bool:
        """Sent, if still held by ``token``."""
        return self._finish(
            delivery_id,
            token,
            lambda row: dataclasses.replace(
                row,
                status="sent",
                sent_at=at,
                provider_message_id=_provider_id(provider_message_id),
            ),
        )

    def mark_sent_many(
        self, ids: Collection[int], token: str, at: datetime, provider_message_id: str | None
    ) -> int:
        """Sent, where still held by ``token``."""
        return sum(self.mark_sent(i, token, at, provider_message_id) for i in ids)

    def mark_sent_each(
        self, token: str, sent: Mapping[int, tuple[datetime, str | None]]
    ) -> list[int]:
        """Sent, each at its time with its provider id, where still held by ``token``."""
        return [
            i
            for i, (at, provider) in sorted(sent.items())
            if self.mark_sent(i, token, at, provider)
        ]

    def release(
        self,
        delivery_id: int,
        token: str,
        *,
        retry_at: datetime,
        error: str,
        max_attempts: int,
        at: datetime,
    ) -> bool:
        """Count a failed attempt; retry later or give up."""
        with self._lock:
            row = self._rows.get(delivery_id)
            if row is None or row.status != "pending" or row.claim_token != token:
                return False
            attempts = row.attempts + 1
            final = attempts >= max_attempts
            self._rows[delivery_id] = dataclasses.replace(
                row,
                attempts=attempts,
                status="failed" if final else "pending",
                failed_at=at if final else None,
                claim_token=None,
                claimed_until=None,
                next_attempt_at=retry_at,
                last_error=_error(error),
                sending_since=None,
            )
            return True

    def release_many(
        self,
        ids: Collection[int],
        token: str,
        *,
        retry_at: datetime,
        error: str,
        max_attempts: int,
        at: datetime,
    ) -> dict[int, DeliveryStatus]:
        """:meth:`release` of each row; the new status of those released."""
        released = [
            i
            for i in sorted(ids)
            if self.release(
                i, token, retry_at=retry_at, error=error, max_attempts=max_attempts, at=at
            )
        ]
        with self._lock:
            return {i: self._rows[i].status for i in released}

    def mark_failed_many(self, ids: Collection[int], token: str, error: str, at: datetime) -> int:
        """Failed for good, where still held by ``token``."""
        return sum(self.mark_failed(i, token, error, at) for i in ids)

    def mark_cancelled_each(self, token: str, reasons: Mapping[int, str]) -> int:
        """Cancelled, each for its reason, where still held by ``token``."""
        return sum(self.mark_cancelled(i, token, reason) for i, reason in reasons.items())

    def mark_failed(self, delivery_id: int, token: str, error: str, at: datetime) -> bool:
        """Failed for good, if still held by ``token``."""
        return self._finish(
            delivery_id,
            token,
            lambda row: dataclasses.replace(
                row, status="failed", last_error=_error(error), failed_at=at
            ),
        )

    def mark_cancelled(self, delivery_id: int, token: str, reason: str) -> bool:
        """Cancelled, if still held by ``token``."""
        return self._finish(
            delivery_id,
            token,
            lambda row: dataclasses.replace(row, status="cancelled", last_error=_error(reason)),
        )

    def fail_chat(self, address: ChatAddress, error: str, at: datetime) -> int:
        """Fail the chat's pending, unclaimed rows."""
        with self._lock:
            rows = [
                r
                for r in self._rows.values()
                if r.status == "pending" and r.claim_token is None and r.address == address
            ]
            for row in rows:
                self._rows[row.id] = dataclasses.replace(
                    row, status="failed", last_error=_error(error), failed_at=at
                )
            return len(rows)

    def fail_sent(
        self, channel: str, provider_message_id: str, error: str, at: datetime
    ) -> Delivery | None:
        """Fail the sent row with that provider message id."""
        with self._lock:
            for row in self._rows.values():
                if (row.channel, row.provider_message_id, row.status) == (
                    channel,
                    provider_message_id,
                    "sent",
                ):
                    failed = dataclasses.replace(
                        row, status="failed", last_error=_error(error), failed_at=at
                    )
                    self._rows[row.id] = failed
                    return failed
            return None

    def replace_provider_id(self, channel: str, old: str, new: str, note: str) -> bool:
        """Point a sent row at its replacement message."""
        with self._lock:
            for row in self._rows.values():
                if (row.channel, row.provider_message_id, row.status) == (channel, old, "sent"):
                    self._rows[row.id] = dataclasses.replace(
                        row, provider_message_id=_provider_id(new), last_error=_error(note)
                    )
                    return True
            return False

    def recent_failures(self, limit: int) -> list[Delivery]:
        """Failed and unknown rows, newest first."""
        with self._lock:
            rows = [r for r in self._rows.values() if r.status in REPORTED_STATUSES]
        never = datetime.min.replace(tzinfo=UTC)
        # newest first, rows without a failure time last (as SQL's NULLS LAST)
        rows.sort(key=lambda r: (r.failed_at is not None, r.failed_at or never, r.id), reverse=True)
        return rows[:limit]

    def claim_failure_notices(
        self, *, now: datetime, token: str, lease_until: datetime, limit: int
    ) -> list[Delivery]:
        """Claim failed rows whose admin notice is unsent."""
        with self._lock:
            due = sorted(
                (
                    r
                    for r in self._rows.values()
                    if r.status in REPORTED_STATUSES
                    and r.admins_notified_at is None
                    and not _held(r, now)
                ),
                key=lambda r: (r.failed_at or r.send_at, r.id),
            )[:limit]
            return self._claim(due, token, lease_until)

    def _claim(self, rows: list[Delivery], token: str, lease_until: datetime) -> list[Delivery]:
        """Hold ``rows`` for ``token`` until ``lease_until``; the caller holds the lock."""
        claimed = [
            dataclasses.replace(row, claim_token=token, claimed_until=lease_until) for row in rows
        ]
        self._rows.update((row.id, row) for row in claimed)
        return claimed

    def mark_failures_noticed(self, ids: Collection[int], token: str, at: datetime) -> int:
        """Record the notice sent, where ``token`` holds the row."""
        changed = 0
        with self._lock:
            for row_id in ids:
                row = self._rows.get(row_id)
                if row is None or row.status not in REPORTED_STATUSES or row.claim_token != token:
                    continue
                self._rows[row_id] = dataclasses.replace(
                    row, admins_notified_at=at, claim_token=None, claimed_until=None
                )
                changed += 1
        return changed

    def cancel_due(self, agreement_id: int, kind: str, due: date, reason: str) -> int:
        """Cancel the pending rows of one due date."""
        with self._lock:
            rows = [
                r
                for r in self._rows.values()
                if r.status == "pending"
                and (r.agreement_id, r.kind, r.due) == (agreement_id, kind, due)
            ]
            for row in rows:
                self._rows[row.id] = dataclasses.replace(
                    row, status="cancelled", claim_token=None, last_error=_error(reason)
                )
            return len(rows)

    def counts(self) -> dict[str, int]:
        """Rows per status."""
        with self._lock:
            counts: dict[str, int] = {}
            for row in self._rows.values():
                counts[row.status] = counts.get(row.status, 0) + 1
            return counts

    def _finish(self, delivery_id: int, token: str, finish: Callable[[Delivery], Delivery]) -> bool:
        """Apply ``finish`` and release the claim, if ``token`` holds the pending row."""
        with self._lock:
            row = self._rows.get(delivery_id)
            if row is None or row.status != "pending" or row.claim_token != token:
                return False
            released = dataclasses.replace(
                row, claim_token=None, claimed_until=None, sending_since=None
            )
            self._rows[delivery_id] = finish(released)
            return True


_NEW_FIELDS = [f for f in dataclasses.fields(NewDelivery) if f.name != "estimate"]


def _error(text: str) -> str:
    """An error or note as the SQL outbox keeps it (the first 500 characters)."""
    return text[:500]


def _provider_id(message_id: str | None) -> str | None:
    """A provider's message id as the SQL outbox keeps it (128 characters, empty as None)."""
    return message_id[:128] if message_id else None


def _held(row: Delivery, now: datetime) -> bool:
    return row.claim_token is not None and (row.claimed_until is None or row.claimed_until > now)
