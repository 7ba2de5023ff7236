"""The tables of revision ``0008_announcements``: announcements and their outbox, and the
weekly recap's deliveries (one row per week and admin chat: sent once per week).

The outbox's primary key is (announcement, channel, chat): a chat can hold one row per
announcement, so it is sent at most once whatever restarts or repeats.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from bot.storage.base import Base, UTCDateTime, utcnow

SCOPES = "'all', 'province', 'region'"
# draft: previewed in a chat, waiting for the admin's confirm; its rows exist once confirmed
STATES = "'draft', 'confirmed', 'discarded'"
RECAP_STATUSES = "'sending', 'sent', 'failed', 'unknown'"
ROW_STATUSES = "'pending', 'sending', 'sent', 'retry', 'failed', 'cancelled', 'unknown'"


class AnnouncementRow(Base):
    """One announcement: its text and audience."""

    __tablename__ = "announcements"
    __table_args__ = (
        CheckConstraint(f"scope IN ({SCOPES})", name="scope"),
        CheckConstraint(f"state IN ({STATES})", name="state"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    text: Mapped[str] = mapped_column(Text)
    scope: Mapped[str] = mapped_column(String(10))
    target_code: Mapped[str] = mapped_column(String(16), default="")
    target_name: Mapped[str] = mapped_column(String(200), default="")
    created_by: Mapped[str] = mapped_column(String(100))
    state: Mapped[str] = mapped_column(String(10), default="confirmed")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class AnnouncementOutboxRow(Base):
    """One announcement to one chat, and how its delivery ended."""

    __tablename__ = "announcement_outbox"
    __table_args__ = (
        CheckConstraint(f"status IN ({ROW_STATUSES})", name="status"),
        Index("ix_announcement_outbox_status", "status", "next_attempt_at"),
    )

    announcement_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("announcements.id", ondelete="CASCADE"), primary_key=True
    )
    channel: Mapped[str] = mapped_column(String(16), primary_key=True)
    chat_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    status: Mapped[str] = mapped_column(String(10), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    claim_token: Mapped[str | None] = mapped_column(String(32))
    claimed_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(Text)
    provider_message_id: Mapped[str | None] = mapped_column(String(128))


class RecapDeliveryRow(Base):
    """The weekly recap to one admin chat in one week (keyed by the week's Monday)."""

    __tablename__ = "recap_deliveries"
    __table_args__ = (CheckConstraint(f"status IN ({RECAP_STATUSES})", name="status"),)

    week: Mapped[date] = mapped_column(Date, primary_key=True)
    channel: Mapped[str] = mapped_column(String(16), primary_key=True)
    chat_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    status: Mapped[str] = mapped_column(String(10), default="sending")
    claimed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(Text)
