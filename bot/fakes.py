"""In-memory implementations of the core's ports, for tests and for trying things out.

They behave like the SQLAlchemy repositories (same uniqueness rules, same ordering),
so a test written against a fake says something true about the real thing.
"""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Collection, Sequence
from datetime import UTC, date, datetime

from bot.core.models import (
    Agreement,
    ChatAddress,
    Feedback,
    KnowledgeGap,
    Language,
    OfficerRequest,
    OfficerStatus,
    Reply,
    SendResult,
    Subscription,
    UserProfile,
)
from bot.core.outbox import Delivery, DeliveryKey, DeliveryStatus, NewDelivery


class InMemoryAgreements:
    """Agreements in a dict; (region, partner) is unique, case-insensitively."""

    def __init__(self, agreements: Sequence[Agreement] = ()) -> None:
        self._rows: dict[int, Agreement] = {}
        self._next_id = 1
        self.upsert_many(agreements)

    def for_region(self, region_code: str) -> list[Agreement]:
        """The region's agreements, in insertion order."""
        return [a for a in self._rows.values() if a.region_code == region_code]

    def find_by_partner(self, text: str) -> list[Agreement]:
        """Agreements whose partner contains ``text``."""
        needle = text.casefold().strip()
        if not needle:
            return []
        return [a for a in self._rows.values() if needle in a.partner.casefold()]

    def get(self, agreement_id: int) -> Agreement | None:
        """One agreement."""
        return self._rows.get(agreement_id)

    def all(self) -> list[Agreement]:
        """Every agreement."""
        return list(self._rows.values())

    def upsert_many(self, agreements: Sequence[Agreement]) -> tuple[int, int]:
        """Insert or update by (region, partner)."""
        inserted = updated = 0
        for agreement in agreements:
            existing = self._find(agreement.region_code, agreement.partner)
            if existing is None:
                self._rows[self._next_id] = dataclasses.replace(agreement, id=self._next_id)
                self._next_id += 1
                inserted += 1
            else:
                self._rows[existing] = dataclasses.replace(agreement, id=existing)
                updated += 1
        return inserted, updated

    def save(self, agreement: Agreement) -> Agreement:
        """Replace a stored agreement."""
        if agreement.id is None or agreement.id not in self._rows:
            raise KeyError(agreement.id)
        self._rows[agreement.id] = agreement
        return agreement

    def _find(self, region_code: str, partner: str) -> int | None:
        for row_id, row in self._rows.items():
            if row.region_code == region_code and row.partner.casefold() == partner.casefold():
                return row_id
        return None


class InMemoryUsers:
    """User profiles in a dict."""

    def __init__(self) -> None:
        self.profiles: dict[tuple[str, str], UserProfile] = {}

    def get(self, channel: str, user_id: str) -> UserProfile | None:
        """The profile, if any."""
        return self.profiles.get((channel, user_id))

    def set_language(self, channel: str, user_id: str, language: Language) -> None:
        """Remember the language."""
        profile = self._profile(channel, user_id)
        self.profiles[(channel, user_id)] = dataclasses.replace(profile, language=language)

    def touch(self, channel: str, user_id: str, at: datetime) -> None:
        """Remember when the user last wrote."""
        profile = self._profile(channel, user_id)
        self.profiles[(channel, user_id)] = dataclasses.replace(profile, last_inbound_at=at)

    def _profile(self, channel: str, user_id: str) -> UserProfile:
        existing = self.profiles.get((channel, user_id))
        return existing or UserProfile(channel=channel, user_id=user_id)  # type: ignore[arg-type]


class InMemoryCuratorLog:
    """Feedback and knowledge gaps in lists."""

    def __init__(self) -> None:
        self.feedback: list[Feedback] = []
        self.gaps: list[KnowledgeGap] = []

    def record_feedback(self, feedback: Feedback) -> None:
        """Keep it."""
        self.feedback.append(feedback)

    def record_gap(self, gap: KnowledgeGap) -> None:
        """Keep it."""
        self.gaps.append(gap)


class InMemorySubscriptions:
    """Subscriptions keyed by (chat, region)."""

    def __init__(self) -> None:
        self._rows: dict[tuple[ChatAddress, str], Subscription] = {}
        self._next_id = 1

    def subscribe(self, address: ChatAddress, region_code: str, user_id: str | None) -> bool:
        """Subscribe or un-pause; False when already active."""
        key = (address, region_code)
        existing = self._rows.get(key)
        if existing is not None and not existing.paused:
            return False
        row_id = existing.id if existing else self._next_id
        if existing is None:
            self._next_id += 1
        self._rows[key] = Subscription(
            id=row_id, address=address, region_code=region_code, user_id=user_id
        )
        return True

    def unsubscribe(self, address: ChatAddress, region_code: str | None = None) -> int:
        """Remove one or all of a chat's subscriptions."""
        keys = [k for k in self._rows if k[0] == address and region_code in (None, k[1])]
        for key in keys:
            del self._rows[key]
        return len(keys)

    def for_chat(self, address: ChatAddress) -> list[Subscription]:
        """The chat's subscriptions."""
        return [s for (a, _), s in self._rows.items() if a == address]

    def for_region(self, region_code: str) -> list[Subscription]:
        """Active subscriptions of the region."""
        return [s for s in self._rows.values() if s.region_code == region_code and not s.paused]

    def active(self) -> list[Subscription]:
        """Every active subscription."""
        return [s for s in self._rows.values() if not s.paused]

    def pause(self, address: ChatAddress, reason: str) -> None:
        """Pause the chat's subscriptions."""
        for key, sub in self._rows.items():
            if key[0] == address:
                self._rows[key] = dataclasses.replace(sub, paused=True, paused_reason=reason)


class InMemoryOfficers:
    """Officer verification requests."""

    def __init__(self) -> None:
        self._rows: dict[int, OfficerRequest] = {}
        self._next_id = 1
        self._announced: dict[int, OfficerStatus] = {}

    def request(self, request: OfficerRequest) -> OfficerRequest:
        """Store a pending request, or return the open one for the same user and region."""
        for row in self._rows.values():
            if (row.channel, row.user_id, row.region_code) == (
                request.channel,
                request.user_id,
                request.region_code,
            ) and row.status is not OfficerStatus.REJECTED:
                return row
        stored = dataclasses.replace(request, id=self._next_id, status=OfficerStatus.PENDING)
        self._rows[self._next_id] = stored
        self._next_id += 1
        return stored

    def get(self, request_id: int) -> OfficerRequest | None:
        """One request."""
        return self._rows.get(request_id)

    def decide(self, request_id: int, status: OfficerStatus) -> OfficerRequest | None:
        """Approve or reject a pending request; None when there is none pending."""
        row = self._rows.get(request_id)
        if row is None or row.status is not OfficerStatus.PENDING:
            return None
        decided = dataclasses.replace(row, status=status)
        self._rows[request_id] = decided
        return decided

    def is_officer(self, channel: str, user_id: str, region_code: str) -> bool:
        """Whether an approved request exists."""
        return any(
            (r.channel, r.user_id, r.region_code, r.status)
            == (channel, user_id, region_code, OfficerStatus.APPROVED)
            for r in self._rows.values()
        )

    def pending(self) -> list[OfficerRequest]:
        """Requests waiting for an admin."""
        return [r for r in self._rows.values() if r.status is OfficerStatus.PENDING]

    def unannounced(self) -> list[OfficerRequest]:
        """Requests whose current status nobody was told about yet."""
        return [
            r
            for r in self._rows.values()
            if r.id is None or self._announced.get(r.id) is not r.status
        ]

    def mark_announced(self, request_id: int, status: OfficerStatus) -> bool:
        """Remember that ``status`` was announced, if it is still the current one."""
        row = self._rows.get(request_id)
        if row is None or row.status is not status:
            return False
        self._announced[request_id] = status
        return True


class RecordingNotifier:
    """A notifier that keeps what it was asked to send; can be told to fail."""

    def __init__(self) -> None:
        self.sent: list[tuple[ChatAddress, Reply]] = []
        self.fail_permanently: set[ChatAddress] = set()

    async def send(self, address: ChatAddress, reply: Reply) -> SendResult:
        """Record the message (or fail for blocked chats)."""
        if address in self.fail_permanently:
            return SendResult(ok=False, permanent=True, error="Forbidden: bot was blocked")
        self.sent.append((address, reply))
        return SendResult(ok=True, provider_message_id=str(len(self.sent)))


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
                if row is None or row.status != "pending" or _held(row, now):
                    continue
                self._rows[row_id] = dataclasses.replace(
                    row, status=status, claim_token=None, last_error=reason or row.last_error
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
        """Claim due rows, oldest first."""
        with self._lock:
            due = sorted(
                (
                    r
                    for r in self._rows.values()
                    if r.status == "pending"
                    and r.channel in channels
                    and r.send_at <= now
                    and (r.next_attempt_at is None or r.next_attempt_at <= now)
                    and not _held(r, now)
                ),
                key=lambda r: (r.send_at, r.id),
            )[:limit]
            claimed = []
            for row in due:
                held = dataclasses.replace(row, claim_token=token, claimed_until=lease_until)
                self._rows[row.id] = held
                claimed.append(held)
            return claimed

    def mark_sent(
        self, delivery_id: int, token: str, at: datetime, provider_message_id: str | None = None
    ) -> bool:
        """Sent, if still held by ``token``."""
        return self._finish(
            delivery_id, token, status="sent", sent_at=at, provider_message_id=provider_message_id
        )

    def release(
        self,
        delivery_id: int,
        token: str,
        *,
        retry_at: datetime,
        error: str,
        max_attempts: int,
        at: datetime | None = None,
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
                failed_at=(at or datetime.now(UTC)) if final else None,
                claim_token=None,
                claimed_until=None,
                next_attempt_at=retry_at,
                last_error=error,
            )
            return True

    def mark_failed(
        self, delivery_id: int, token: str, error: str, at: datetime | None = None
    ) -> bool:
        """Failed for good, if still held by ``token``."""
        return self._finish(
            delivery_id, token, status="failed", last_error=error, failed_at=at or datetime.now(UTC)
        )

    def mark_cancelled(self, delivery_id: int, token: str, reason: str) -> bool:
        """Cancelled, if still held by ``token``."""
        return self._finish(delivery_id, token, status="cancelled", last_error=reason)

    def fail_chat(self, address: ChatAddress, error: str, at: datetime | None = None) -> int:
        """Fail the chat's pending, unclaimed rows."""
        with self._lock:
            rows = [
                r
                for r in self._rows.values()
                if r.status == "pending" and r.claim_token is None and r.address == address
            ]
            for row in rows:
                self._rows[row.id] = dataclasses.replace(
                    row, status="failed", last_error=error, failed_at=at or datetime.now(UTC)
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
                        row, status="failed", last_error=error, failed_at=at
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
                        row, provider_message_id=new, last_error=note
                    )
                    return True
            return False

    def recent_failures(self, limit: int) -> list[Delivery]:
        """Failed rows, newest first."""
        with self._lock:
            rows = [r for r in self._rows.values() if r.status == "failed"]
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
                    if r.status == "failed" and r.admins_notified_at is None and not _held(r, now)
                ),
                key=lambda r: (r.failed_at or r.send_at, r.id),
            )[:limit]
            claimed = []
            for row in due:
                held = dataclasses.replace(row, claim_token=token, claimed_until=lease_until)
                self._rows[row.id] = held
                claimed.append(held)
            return claimed

    def mark_failures_noticed(self, ids: Collection[int], token: str, at: datetime) -> int:
        """Record the notice sent, where ``token`` holds the row."""
        changed = 0
        with self._lock:
            for row_id in ids:
                row = self._rows.get(row_id)
                if row is None or row.status != "failed" or row.claim_token != token:
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
                    row, status="cancelled", claim_token=None, last_error=reason
                )
            return len(rows)

    def counts(self) -> dict[str, int]:
        """Rows per status."""
        with self._lock:
            counts: dict[str, int] = {}
            for row in self._rows.values():
                counts[row.status] = counts.get(row.status, 0) + 1
            return counts

    def _finish(self, delivery_id: int, token: str, **changes: object) -> bool:
        with self._lock:
            row = self._rows.get(delivery_id)
            if row is None or row.status != "pending" or row.claim_token != token:
                return False
            self._rows[delivery_id] = dataclasses.replace(
                row,
                claim_token=None,
                claimed_until=None,
                **changes,  # type: ignore[arg-type]
            )
            return True


_NEW_FIELDS = dataclasses.fields(NewDelivery)


def _held(row: Delivery, now: datetime) -> bool:
    return row.claim_token is not None and (row.claimed_until is None or row.claimed_until > now)
