"""The tables of revision ``0003_reminders``: subscriptions, officers, reminder outbox.

Revision ``0004_provider_ids`` added the outbox's provider message id, failure time and
admin-notice columns; ``0007_digests`` the status ``unknown`` and ``sending_since``.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from bot.storage.base import Base, UTCDateTime, utcnow

DELIVERY_STATUSES = "'pending', 'sent', 'superseded', 'cancelled', 'failed', 'unknown'"
OFFICER_STATUSES = "'pending', 'approved', 'rejected'"


class SubscriptionRow(Base):
    """A chat subscribed to a region's reminders."""

    __tablename__ = "subscriptions"
    __table_args__ = (
        UniqueConstraint("channel", "chat_id", "region_code", name="uq_subscriptions_chat_region"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    channel: Mapped[str] = mapped_column(String(16))
    chat_id: Mapped[str] = mapped_column(String(64))
    region_code: Mapped[str] = mapped_column(String(16), index=True)
    user_id: Mapped[str | None] = mapped_column(String(64))
    paused: Mapped[bool] = mapped_column(Boolean, default=False)
    paused_reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # 0007_digests: no reminder whose send time came before this (None: every one)
    since: Mapped[datetime | None] = mapped_column(UTCDateTime)


class OfficerRequestRow(Base):
    """An officer's request to be verified for a region, and the admins' decision."""

    __tablename__ = "officer_requests"
    __table_args__ = (
        CheckConstraint(f"status IN ({OFFICER_STATUSES})", name="status"),
        Index("ix_officer_requests_user", "channel", "user_id", "region_code"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    channel: Mapped[str] = mapped_column(String(16))
    user_id: Mapped[str] = mapped_column(String(64))
    chat_id: Mapped[str] = mapped_column(String(64))
    region_code: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(10), default="pending", index=True)
    display_name: Mapped[str | None] = mapped_column(String(100))
    # the status last announced (to the admins when pending, to the officer once decided)
    announced_status: Mapped[str | None] = mapped_column(String(10))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class OutboxRow(Base):
    """One reminder delivery; the unique key makes every delivery happen once."""

    __tablename__ = "reminder_outbox"
    __table_args__ = (
        UniqueConstraint(
            "agreement_id",
            "kind",
            "due",
            "lead_days",
            "channel",
            "chat_id",
            name="uq_reminder_outbox_delivery",
        ),
        CheckConstraint(f"status IN ({DELIVERY_STATUSES})", name="status"),
        CheckConstraint("kind IN ('report', 'review', 'dprd')", name="kind"),
        Index("ix_reminder_outbox_due", "status", "send_at"),
        Index("ix_reminder_outbox_provider", "channel", "provider_message_id"),
        Index("ix_reminder_outbox_failed", "status", "failed_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    agreement_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("agreements.id", ondelete="CASCADE")
    )
    region_code: Mapped[str] = mapped_column(String(16))
    kind: Mapped[str] = mapped_column(String(10))
    due: Mapped[date] = mapped_column(Date)
    lead_days: Mapped[int] = mapped_column(Integer)
    channel: Mapped[str] = mapped_column(String(16))
    chat_id: Mapped[str] = mapped_column(String(64))
    user_id: Mapped[str | None] = mapped_column(String(64))
    send_at: Mapped[datetime] = mapped_column(UTCDateTime)
    status: Mapped[str] = mapped_column(String(12), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    claim_token: Mapped[str | None] = mapped_column(String(32))
    claimed_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # 0004_provider_ids: the channel's id of the sent message, so a late failure finds its row
    provider_message_id: Mapped[str | None] = mapped_column(String(128))
    failed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    admins_notified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # 0007_digests: set while a send is in flight; a lapsed claim with it set is unknown
    sending_since: Mapped[datetime | None] = mapped_column(UTCDateTime)
