"""The tables of ``0001_initial`` (agreements, users, curator log, seed log) and the registry.

Other features add their tables in their own modules (deriving from the same
:class:`~bot.storage.base.Base`) and in a later Alembic revision.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    Float,
    Integer,
    String,
    Text,
    UniqueConstraint,
    true,
)
from sqlalchemy.orm import Mapped, mapped_column

from bot.core.models import AgreementKind, AgreementStage
from bot.storage.base import Base, UTCDateTime, utcnow


def _in(column: str, values: list[str]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class AgreementRow(Base):
    """One agreement. Partial dates are text in their given form (``1989``, ``1989-11``)."""

    __tablename__ = "agreements"
    __table_args__ = (
        UniqueConstraint("region_code", "partner_key", name="uq_agreements_region_partner"),
        CheckConstraint(_in("kind", [k.value for k in AgreementKind]), name="kind"),
        CheckConstraint(_in("stage", [s.value for s in AgreementStage]), name="stage"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    region_code: Mapped[str] = mapped_column(String(16), index=True)
    partner: Mapped[str] = mapped_column(String(200))
    # casefolded, whitespace-collapsed partner: the identity used for upserts and search
    partner_key: Mapped[str] = mapped_column(String(200), index=True)
    country: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(20))
    stage: Mapped[str] = mapped_column(String(20))
    loi_date: Mapped[str | None] = mapped_column(String(10))
    mou_date: Mapped[str | None] = mapped_column(String(10))
    valid_until: Mapped[str | None] = mapped_column(String(10))
    last_report_date: Mapped[str | None] = mapped_column(String(10))
    next_report_due: Mapped[date | None] = mapped_column(Date)
    next_review_due: Mapped[date | None] = mapped_column(Date)
    notes: Mapped[str] = mapped_column(Text, default="")
    source: Mapped[str] = mapped_column(Text, default="")
    as_of: Mapped[str | None] = mapped_column(String(10))  # date of the evidence
    verified: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    formal: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    dprd_received: Mapped[date | None] = mapped_column(Date)
    # Set by every write that is not the shipped registry: a release never overwrites it.
    curated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class UserRow(Base):
    """What the bot remembers per user of a channel."""

    __tablename__ = "users"

    channel: Mapped[str] = mapped_column(String(16), primary_key=True)
    user_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    language: Mapped[str | None] = mapped_column(String(2))
    last_inbound_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class FeedbackRow(Base):
    """A thumbs up or down on an answer."""

    __tablename__ = "feedback"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    channel: Mapped[str] = mapped_column(String(16))
    user_id: Mapped[str] = mapped_column(String(64))
    entry_id: Mapped[str] = mapped_column(String(64), index=True)
    helpful: Mapped[bool] = mapped_column(Boolean)
    query: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class KnowledgeGapRow(Base):
    """A question the bot could not answer."""

    __tablename__ = "knowledge_gaps"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    channel: Mapped[str] = mapped_column(String(16))
    user_id: Mapped[str] = mapped_column(String(64))
    query: Mapped[str] = mapped_column(Text)
    best_entry_id: Mapped[str | None] = mapped_column(String(64))
    best_score: Mapped[float] = mapped_column(Float, default=0.0)
    asked_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)


class ShippedAgreementRow(Base):
    """What the shipped registry (``knowledge/agreements.csv``) last wanted for a pair.

    ``state`` is ``applied`` when the stored row took it, ``conflict`` when a curator's
    version was kept instead (``wanted`` then shows what the release would have written).
    """

    __tablename__ = "shipped_agreements"
    __table_args__ = (CheckConstraint("state IN ('applied', 'conflict')", name="state"),)

    region_code: Mapped[str] = mapped_column(String(16), primary_key=True)
    partner_key: Mapped[str] = mapped_column(String(200), primary_key=True)
    wanted: Mapped[str] = mapped_column(Text)  # the shipped agreement as JSON
    state: Mapped[str] = mapped_column(String(16))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class SeedRow(Base):
    """Seed data sets already loaded (so a curator's later edit is never overwritten)."""

    __tablename__ = "seed_log"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    applied_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    rows: Mapped[int] = mapped_column(Integer, default=0)
    # sha256 of the data set last applied: an unchanged release costs one query at start
    digest: Mapped[str | None] = mapped_column(String(64))
