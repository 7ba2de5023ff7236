"""The WhatsApp channel's tables (revision ``0002_whatsapp``): its inbox and delivery statuses.

``whatsapp_inbox`` holds one row per message id WhatsApp delivered: the row is written
before the webhook answers 200, so a redelivery is recognised even after a restart, and
a message whose answer was not finished when the process stopped is answered on the
next start. The message content is kept only until it is answered.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from bot.storage.base import Base, UTCDateTime, utcnow


class WhatsAppInboxRow(Base):
    """A message received on the webhook, by WhatsApp message id."""

    __tablename__ = "whatsapp_inbox"

    message_id: Mapped[str] = mapped_column(String(128), primary_key=True)
    state: Mapped[str] = mapped_column(String(12), default="pending", index=True)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # the parsed message as JSON until it is answered, then NULL (no personal data kept)
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
