"""The reminder outbox: one row per delivery, the database as the source of truth.

Each delivery is keyed by (agreement, kind, due date, lead, recipient); the key is unique
in storage, so a restart, a second replica or a repeated ``reminders send`` never sends a
delivery twice. The scheduler only triggers planning and dispatching; nothing lives in
its memory. A dispatcher *claims* rows with a token and a lease before sending: a process
that dies after claiming leaves rows that another (or the restarted) process reclaims
once the lease has run out, so a crash never silently drops a reminder.

Statuses: ``pending`` (to send; ``claim_token`` set while a dispatcher holds it),
``sent``, ``superseded`` (a later reminder for the same due date replaced it),
``cancelled`` (marked done, unsubscribed, or the due date changed) and ``failed``
(a permanent error such as the user blocking the bot, too many attempts, or a failure
the provider reported after accepting the message, such as WhatsApp's re-engagement
error on its webhook), and ``unknown`` (the send may have reached the platform: a
timeout after the request went out, an answer the client could not parse, or a process
that died with the send in flight). An unknown row is never sent again blindly: like a
failed one, it is reported to the admins.

Claims are short (a lease of seconds) and renewed by the live dispatcher while it works,
so rows held by a dead process come back within a lease. Just before a send starts its
rows get ``sending_since``; a row whose claim lapsed with that mark still set was in
flight at a crash and is settled as ``unknown`` rather than claimed again.

A sent row keeps the provider's message id, so such a late failure finds its delivery.
Failures are never dropped silently: admins list them (/gagal) and get one notice per
failed row, sent by the delivery side. A failed row is never claimed for sending again,
so its ``claim_token`` and ``claimed_until`` then hold the claim on that admin notice,
with the same lease rules: a process that dies before marking the notice sent leaves it
to be sent again after the lease, never forgotten.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Literal, Protocol

from bot.core.models import Channel, ChatAddress
from bot.core.reminders._policy import ReminderKind

DeliveryStatus = Literal["pending", "sent", "superseded", "cancelled", "failed", "unknown"]
STATUSES: tuple[DeliveryStatus, ...] = (
    "pending",
    "sent",
    "superseded",
    "cancelled",
    "failed",
    "unknown",
)
# A chat's rows due within this of its first due row go out with it, so a chat subscribed
# to regions in WIB, WITA and WIT gets one digest, at 08:00 of its easternmost region.
CHAT_WINDOW = timedelta(hours=2)
# Both are told to the admins and listed in /gagal; neither is ever sent again.
REPORTED_STATUSES: tuple[DeliveryStatus, ...] = ("failed", "unknown")


@dataclass(frozen=True, slots=True, kw_only=True)
class NewDelivery:
    """A delivery the planner wants in the outbox."""

    agreement_id: int
    region_code: str
    kind: ReminderKind
    due: date
    lead_days: int
    channel: Channel
    chat_id: str
    user_id: str | None = None
    send_at: datetime  # aware
    status: DeliveryStatus = "pending"
    estimate: bool = False  # the due date is the policy's estimate (not stored)

    @property
    def key(self) -> DeliveryKey:
        """The unique key."""
        return (self.agreement_id, self.kind, self.due, self.lead_days, self.channel, self.chat_id)


DeliveryKey = tuple[int, str, date, int, str, str]


@dataclass(frozen=True, slots=True, kw_only=True)
class Delivery:
    """A stored delivery."""

    id: int
    agreement_id: int
    region_code: str
    kind: ReminderKind
    due: date
    lead_days: int
    channel: Channel
    chat_id: str
    user_id: str | None
    send_at: datetime
    status: DeliveryStatus
    attempts: int = 0
    claim_token: str | None = None
    claimed_until: datetime | None = None
    next_attempt_at: datetime | None = None
    sent_at: datetime | None = None
    last_error: str | None = None
    provider_message_id: str | None = None  # the channel's id of the sent message
    failed_at: datetime | None = None
    admins_notified_at: datetime | None = None  # the failure was told to the admins
    sending_since: datetime | None = None  # a send of this row is (or was) in flight

    @property
    def address(self) -> ChatAddress:
        """Where it goes."""
        return ChatAddress(channel=self.channel, chat_id=self.chat_id)

    @property
    def key(self) -> DeliveryKey:
        """The unique key."""
        return (self.agreement_id, self.kind, self.due, self.lead_days, self.channel, self.chat_id)

    @property
    def group(self) -> tuple[int, str, date, str, str]:
        """Deliveries of one due date to one chat: only the latest of them is sent."""
        return (self.agreement_id, self.kind, self.due, self.channel, self.chat_id)


class OutboxRepository(Protocol):
    """Stored deliveries. Every state change is conditional, so racing callers are safe."""

    def add_many(self, deliveries: Sequence[NewDelivery]) -> int:
        """Insert those whose key is new (ON CONFLICT DO NOTHING); returns how many."""
        ...

    def keys_since(self, since: datetime) -> set[DeliveryKey]:
        """Keys of every delivery with ``send_at >= since`` (any status)."""
        ...

    def pending(self) -> list[Delivery]:
        """Every pending delivery (claimed or not), oldest first."""
        ...

    def get(self, delivery_id: int) -> Delivery | None:
        """One delivery."""
        ...

    def set_status(
        self, ids: Collection[int], status: DeliveryStatus, now: datetime, reason: str = ""
    ) -> int:
        """Move pending, unclaimed (or lease-expired) rows to ``status``; returns how many."""
        ...

    def claim(
        self,
        *,
        now: datetime,
        token: str,
        lease_until: datetime,
        limit: int,
        channels: Collection[str],
    ) -> list[Delivery]:
        """Claim up to ``limit`` due rows (send_at and next attempt <= now), oldest first,
        and every other due row of the same chats (``send_at`` up to :data:`CHAT_WINDOW`
        ahead: the same morning in another timezone), so that one chat's items go out in
        one digest.

        A row is claimable when pending, not in flight and not held by an unexpired lease. On
        PostgreSQL concurrent claimers skip each other's rows (FOR UPDATE SKIP LOCKED).
        """
        ...

    def renew(self, token: str, *, now: datetime, lease_until: datetime) -> int:
        """Extend the lease of every pending row ``token`` holds; returns how many."""
        ...

    def begin_send(
        self, ids: Collection[int], token: str, at: datetime, *, lease_until: datetime
    ) -> list[int]:
        """Mark rows ``token`` holds as in flight (renewing the lease), just before their
        send; returns the ids marked."""
        ...

    def abort_send(self, ids: Collection[int], token: str) -> int:
        """Clear the in-flight mark of rows whose send did not start after all."""
        ...

    def settle_in_flight(self, now: datetime) -> list[Delivery]:
        """Rows whose claim lapsed while in flight become ``unknown``; returns them."""
        ...

    def mark_sent(
        self, delivery_id: int, token: str, at: datetime, provider_message_id: str | None = None
    ) -> bool:
        """Record the delivery as sent (with the provider's message id), if ``token`` holds it."""
        ...

    def mark_sent_many(
        self, ids: Collection[int], token: str, at: datetime, provider_message_id: str | None
    ) -> int:
        """Record the rows of one message (a digest) as sent, where ``token`` holds them."""
        ...

    def mark_sent_each(
        self, token: str, sent: Mapping[int, tuple[datetime, str | None]]
    ) -> list[int]:
        """Record rows as sent, each at its time with its provider message id (many digests
        at once), where ``token`` holds them; returns the ids marked."""
        ...

    def mark_unknown(self, ids: Collection[int], token: str, error: str, at: datetime) -> int:
        """The send may have reached the platform: never resend, report; returns how many."""
        ...

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
        """A transient failure: count the attempt and retry at ``retry_at`` (or fail at ``at``)."""
        ...

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
        """:meth:`release` for every row of ``ids`` ``token`` holds, at once; returns each
        released row's new status (``pending``, or ``failed`` after ``max_attempts``)."""
        ...

    def mark_failed(self, delivery_id: int, token: str, error: str, at: datetime) -> bool:
        """A permanent failure, if ``token`` still holds it."""
        ...

    def mark_failed_many(self, ids: Collection[int], token: str, error: str, at: datetime) -> int:
        """A permanent failure of the rows ``token`` still holds; returns how many."""
        ...

    def mark_cancelled(self, delivery_id: int, token: str, reason: str) -> bool:
        """Not to be sent after all (done, unsubscribed, due date changed)."""
        ...

    def mark_cancelled_each(self, token: str, reasons: Mapping[int, str]) -> int:
        """:meth:`mark_cancelled` for many rows at once, each for its reason; returns how
        many ``token`` still held."""
        ...

    def fail_chat(self, address: ChatAddress, error: str, at: datetime) -> int:
        """Fail every pending, unclaimed delivery to a chat (it blocked the bot)."""
        ...

    def fail_sent(
        self, channel: str, provider_message_id: str, error: str, at: datetime
    ) -> Delivery | None:
        """A sent delivery the provider reported failed later: mark it failed.

        Returns the delivery as now stored, or None when no *sent* delivery has that
        provider message id (not a reminder, or already failed: repeating is harmless).
        """
        ...

    def replace_provider_id(self, channel: str, old: str, new: str, note: str) -> bool:
        """A sent delivery went out again as another message (WhatsApp's template)."""
        ...

    def recent_failures(self, limit: int) -> list[Delivery]:
        """The latest failed or unknown deliveries, newest first."""
        ...

    def claim_failure_notices(
        self, *, now: datetime, token: str, lease_until: datetime, limit: int
    ) -> list[Delivery]:
        """Claim failed or unknown deliveries whose admin notice is unsent, oldest first."""
        ...

    def mark_failures_noticed(self, ids: Collection[int], token: str, at: datetime) -> int:
        """Record the admin notice of these failures as sent, where ``token`` holds them."""
        ...

    def cancel_due(self, agreement_id: int, kind: str, due: date, reason: str) -> int:
        """Cancel every pending delivery of one due date (it was marked done)."""
        ...

    def counts(self) -> dict[str, int]:
        """How many deliveries per status."""
        ...
