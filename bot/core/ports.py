"""The ports the core needs, as Protocols.

Each has a real implementation (SQLAlchemy in :mod:`bot.storage`, the system clock,
Telegram and WhatsApp notifiers) and a fake one (:mod:`tests.fakes`) that tests use
instead of mocks, the way httpx pairs its network transport with ``MockTransport``.

Repositories are synchronous: channels run the core in a worker thread
(``asyncio.to_thread``) so that database I/O never blocks the event loop.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Protocol

from bot.core.models import (
    Agreement,
    ChatAddress,
    Feedback,
    KnowledgeGap,
    Language,
    OfficerRequest,
    OfficerStatus,
    PlatformStatus,
    Reply,
    SendResult,
    Subscription,
    UpsertResult,
    UserProfile,
)


class Clock(Protocol):
    """Where time comes from. ``now`` is timezone-aware (UTC)."""

    def now(self) -> datetime:
        """The current instant."""
        ...


class AgreementRepository(Protocol):
    """Agreements between regions and partners abroad."""

    def for_region(self, region_code: str) -> list[Agreement]:
        """The region's agreements, oldest first."""
        ...

    def find_by_partner(self, text: str) -> list[Agreement]:
        """Agreements whose partner name contains ``text`` (case-insensitive)."""
        ...

    def get(self, agreement_id: int) -> Agreement | None:
        """One agreement by id."""
        ...

    def all(self) -> list[Agreement]:
        """Every agreement."""
        ...

    def upsert_many(self, agreements: Iterable[Agreement], *, curated: bool = True) -> UpsertResult:
        """Insert or update (same region and partner) in one transaction; all or nothing.

        Rows that already say the same are left alone and counted as unchanged, so
        re-importing an identical file changes nothing. ``curated`` marks the rows written
        as a curator's (a later release of the shipped registry will not overwrite them).
        """
        ...

    def save(self, agreement: Agreement, *, curated: bool = True) -> Agreement:
        """Update one stored agreement (``id`` set) and return it; KeyError if it is gone."""
        ...

    def delete(self, agreement_id: int) -> bool:
        """Delete one agreement; False when there was none with that id."""
        ...


class UserRepository(Protocol):
    """What the bot remembers per user: language, last message time."""

    def get(self, channel: str, user_id: str) -> UserProfile | None:
        """The profile, or None for a user never seen."""
        ...

    def set_language(self, channel: str, user_id: str, language: Language) -> None:
        """Remember the user's chosen language."""
        ...

    def touch(self, channel: str, user_id: str, at: datetime) -> UserProfile:
        """Record that the user wrote at ``at`` (opens WhatsApp's 24-hour window).

        Returns the profile as stored, so a message costs one round trip.
        """
        ...


class CuratorLog(Protocol):
    """What the curators read: feedback on answers and questions left unanswered."""

    def record_feedback(self, feedback: Feedback) -> None:
        """Store a thumbs up or down."""
        ...

    def record_gap(self, gap: KnowledgeGap) -> None:
        """Store an unanswered question."""
        ...


class SubscriptionRepository(Protocol):
    """Chats subscribed to regions for reminders."""

    def subscribe(
        self,
        address: ChatAddress,
        region_code: str,
        user_id: str | None,
        since: datetime | None = None,
    ) -> bool:
        """Subscribe (or un-pause); False when it already was active.

        ``since``: reminders due to go out before it are not sent to this chat (a new
        subscriber gets a welcome summary instead of a backlog).
        """
        ...

    def unsubscribe(self, address: ChatAddress, region_code: str | None = None) -> int:
        """Remove one region's subscription, or all of the chat's; returns how many."""
        ...

    def for_chat(self, address: ChatAddress) -> list[Subscription]:
        """The chat's subscriptions."""
        ...

    def for_region(self, region_code: str) -> list[Subscription]:
        """Active (not paused) subscriptions of a region."""
        ...

    def active(self) -> list[Subscription]:
        """Every active subscription."""
        ...

    def pause(self, address: ChatAddress, reason: str) -> None:
        """Pause every subscription of a chat (e.g. the user blocked the bot)."""
        ...


class OfficerRepository(Protocol):
    """Officers verified for a region (they may mark reports submitted)."""

    def request(self, request: OfficerRequest) -> OfficerRequest:
        """Store a pending request (or return the existing one) with its id."""
        ...

    def get(self, request_id: int) -> OfficerRequest | None:
        """One request."""
        ...

    def decide(self, request_id: int, status: OfficerStatus) -> OfficerRequest | None:
        """Approve or reject a pending request."""
        ...

    def is_officer(self, channel: str, user_id: str, region_code: str) -> bool:
        """Whether the user is an approved officer of that region."""
        ...


class Notifier(Protocol):
    """Sends a reply to a chat outside a conversation (reminders, admin notices)."""

    async def send(self, address: ChatAddress, reply: Reply) -> SendResult:
        """Deliver one message; never raises for delivery errors, returns them."""
        ...


class MessageInbox(Protocol):
    """Incoming messages kept from before the platform's acknowledgement until answered.

    One per channel (Telegram updates, WhatsApp messages). Keyed by the platform's id, so a
    redelivery is recognised after a restart; the content is the channel's own
    serialisation (JSON), kept only until it is answered or given up.
    """

    def claim(self, message_id: str, content: str, now: datetime) -> bool:
        """Store as pending; False when the id was seen before."""
        ...

    def finish(self, message_id: str, state: str, now: datetime) -> None:
        """Mark the message ``done`` or ``failed`` and drop its content."""
        ...

    def defer(self, message_id: str, now: datetime, delays: Sequence[float]) -> int:
        """Count a failed attempt to answer; the next is due ``delays[attempts - 1]`` seconds
        after ``now`` (the last delay repeating); the attempts so far (0: no such message)."""
        ...

    def pending(self, due_by: datetime | None = None) -> list[str]:
        """The contents of unfinished messages (due by ``due_by`` if given), oldest first."""
        ...

    def record_status(self, status: PlatformStatus, now: datetime) -> bool:
        """Store a delivery status; False when that status of that message was known."""
        ...

    def failures(self, since: datetime) -> list[PlatformStatus]:
        """``failed`` statuses recorded since ``since``, oldest first."""
        ...

    def prune(self, before: datetime) -> int:
        """Delete finished messages received before ``before``; how many."""
        ...
