"""Reminders: subscriptions, officer requests and the reminder outbox.

Revision ID: rm_0002_reminders
Revises: wa_0001_whatsapp
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from bot.storage.base import UTCDateTime

revision = "0003_reminders"
down_revision = "0002_whatsapp"
branch_labels = None
depends_on = None

DELIVERY_STATUSES = "'pending', 'sent', 'superseded', 'cancelled', 'failed'"
OFFICER_STATUSES = "'pending', 'approved', 'rejected'"


def upgrade() -> None:
    """Create the tables."""
    op.create_table(
        "subscriptions",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("chat_id", sa.String(length=64), nullable=False),
        sa.Column("region_code", sa.String(length=16), nullable=False),
        sa.Column("user_id", sa.String(length=64), nullable=True),
        sa.Column("paused", sa.Boolean(), nullable=False),
        sa.Column("paused_reason", sa.Text(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_subscriptions")),
        sa.UniqueConstraint(
            "channel", "chat_id", "region_code", name="uq_subscriptions_chat_region"
        ),
    )
    op.create_index(op.f("ix_subscriptions_region_code"), "subscriptions", ["region_code"])
    op.create_table(
        "officer_requests",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("user_id", sa.String(length=64), nullable=False),
        sa.Column("chat_id", sa.String(length=64), nullable=False),
        sa.Column("region_code", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("display_name", sa.String(length=100), nullable=True),
        sa.Column("announced_status", sa.String(length=10), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("decided_at", UTCDateTime(), nullable=True),
        sa.CheckConstraint(
            f"status IN ({OFFICER_STATUSES})", name=op.f("ck_officer_requests_status")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_officer_requests")),
    )
    op.create_index(
        "ix_officer_requests_user", "officer_requests", ["channel", "user_id", "region_code"]
    )
    op.create_index(op.f("ix_officer_requests_status"), "officer_requests", ["status"])
    op.create_table(
        "reminder_outbox",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("agreement_id", sa.Integer(), nullable=False),
        sa.Column("region_code", sa.String(length=16), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("due", sa.Date(), nullable=False),
        sa.Column("lead_days", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("chat_id", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.String(length=64), nullable=True),
        sa.Column("send_at", UTCDateTime(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("claim_token", sa.String(length=32), nullable=True),
        sa.Column("claimed_until", UTCDateTime(), nullable=True),
        sa.Column("next_attempt_at", UTCDateTime(), nullable=True),
        sa.Column("sent_at", UTCDateTime(), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.CheckConstraint(
            f"status IN ({DELIVERY_STATUSES})", name=op.f("ck_reminder_outbox_status")
        ),
        sa.CheckConstraint("kind IN ('report', 'review')", name=op.f("ck_reminder_outbox_kind")),
        sa.ForeignKeyConstraint(
            ["agreement_id"],
            ["agreements.id"],
            name=op.f("fk_reminder_outbox_agreement_id_agreements"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reminder_outbox")),
        sa.UniqueConstraint(
            "agreement_id",
            "kind",
            "due",
            "lead_days",
            "channel",
            "chat_id",
            name="uq_reminder_outbox_delivery",
        ),
    )
    op.create_index("ix_reminder_outbox_due", "reminder_outbox", ["status", "send_at"])


def downgrade() -> None:
    """Drop the tables."""
    op.drop_index("ix_reminder_outbox_due", table_name="reminder_outbox")
    op.drop_table("reminder_outbox")
    op.drop_index(op.f("ix_officer_requests_status"), table_name="officer_requests")
    op.drop_index("ix_officer_requests_user", table_name="officer_requests")
    op.drop_table("officer_requests")
    op.drop_index(op.f("ix_subscriptions_region_code"), table_name="subscriptions")
    op.drop_table("subscriptions")
