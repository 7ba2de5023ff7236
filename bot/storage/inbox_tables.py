"""The conversation channels' tables: the inbox (``0011_inbox``) and WhatsApp's statuses.

``inbox`` holds one row per (channel, platform id) received: a Telegram update or a
WhatsApp message. The row is written before the webhook answers 2xx (or before long
polling advances its offset), so a redelivery is recognised even after a restart, and a
message whose answer was not finished when the process stopped is answered on the next
start. The content is kept only until it is answered.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from bot.storage.base import Base, UTCDateTime, utcnow


class InboxRow(Base):
    """A message or update received from a channel, by the platform's id."""

    __tablename__ = "inbox"
    __table_args__ = (Index("ix_inbox_due", "channel", "state", "next_attempt_at"),)

    channel: Mapped[str] = mapped_column(String(16), primary_key=True)
    message_id: Mapped[str] = mapped_column(String(128), primary_key=True)
    state: Mapped[str] = mapped_column(String(12), default="pending")
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    # failed attempts to answer so far, and when the next one is due
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # the channel's own serialisation until answered, then NULL (no personal data kept)
    content: Mapped[str | None] = mapped_column(Text)


class WhatsAppStatusRow(Base):
    """A delivery status WhatsApp reported for a message the bot sent."""

    __tablename__ = "whatsapp_statuses"
    __table_args__ = (
        UniqueConstraint("message_id", "status", name="uq_whatsapp_statuses_message_status"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    message_id: Mapped[str] = mapped_column(String(128), index=True)
    status: Mapped[str] = mapped_column(String(20))
    at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    error_code: Mapped[int | None] = mapped_column(Integer)
    error_title: Mapped[str | None] = mapped_column(String(200))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
