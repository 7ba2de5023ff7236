"""Announcements and their outbox, the weekly recap's deliveries; the reminder outbox
accepts the kind ``dprd``.

``announcements`` holds each admin's announcement (text, audience); ``announcement_outbox``
one row per (announcement, chat), its primary key, so a chat gets it once.

Revision ID: 0008_announcements
Revises: 0005_registry (``0004_provider_ids`` on the issue-12 branch before the registry
    merge; chained after the other branches' revisions at merge)
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from bot.storage.base import UTCDateTime

revision = "0008_announcements"
down_revision = "0007_digests"
branch_labels = None
depends_on = None

OLD_KINDS = "'report', 'review'"
NEW_KINDS = "'report', 'review', 'dprd'"


def upgrade() -> None:
    """Create the announcement tables; allow the outbox kind ``dprd``."""
    op.create_table(
        "announcements",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("scope", sa.String(length=10), nullable=False),
        sa.Column("target_code", sa.String(length=16), nullable=False),
        sa.Column("target_name", sa.String(length=200), nullable=False),
        sa.Column("created_by", sa.String(length=100), nullable=False),
        sa.Column("state", sa.String(length=10), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.CheckConstraint(
            "scope IN ('all', 'province', 'region')", name=op.f("ck_announcements_scope")
        ),
        sa.CheckConstraint(
            "state IN ('draft', 'confirmed', 'discarded')", name=op.f("ck_announcements_state")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_announcements")),
    )
    op.create_table(
        "announcement_outbox",
        sa.Column("announcement_id", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("chat_id", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("claim_token", sa.String(length=32), nullable=True),
        sa.Column("claimed_until", UTCDateTime(), nullable=True),
        sa.Column("next_attempt_at", UTCDateTime(), nullable=True),
        sa.Column("finished_at", UTCDateTime(), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("provider_message_id", sa.String(length=128), nullable=True),
        sa.CheckConstraint(
            "status IN ('pending', 'sending', 'sent', 'retry', 'failed', 'cancelled', 'unknown')",
            name=op.f("ck_announcement_outbox_status"),
        ),
        sa.ForeignKeyConstraint(
            ["announcement_id"],
            ["announcements.id"],
            name=op.f("fk_announcement_outbox_announcement_id_announcements"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "announcement_id", "channel", "chat_id", name=op.f("pk_announcement_outbox")
        ),
    )
    op.create_table(
        "recap_deliveries",
        sa.Column("week", sa.Date(), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("chat_id", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("claimed_at", UTCDateTime(), nullable=False),
        sa.Column("finished_at", UTCDateTime(), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "status IN ('sending', 'sent', 'failed', 'unknown')",
            name=op.f("ck_recap_deliveries_status"),
        ),
        sa.PrimaryKeyConstraint("week", "channel", "chat_id", name=op.f("pk_recap_deliveries")),
    )
    op.create_index(
        "ix_announcement_outbox_status",
        "announcement_outbox",
        ["status", "next_attempt_at"],
        unique=False,
    )
    with op.batch_alter_table("reminder_outbox") as batch:
        batch.drop_constraint(op.f("ck_reminder_outbox_kind"), type_="check")
        batch.create_check_constraint(op.f("ck_reminder_outbox_kind"), f"kind IN ({NEW_KINDS})")


def downgrade() -> None:
    """Drop the announcement tables and the DPRD reminders; restore the old kinds."""
    op.drop_index("ix_announcement_outbox_status", table_name="announcement_outbox")
    op.drop_table("recap_deliveries")
    op.drop_table("announcement_outbox")
    op.drop_table("announcements")
    op.execute("DELETE FROM reminder_outbox WHERE kind = 'dprd'")
    with op.batch_alter_table("reminder_outbox") as batch:
        batch.drop_constraint(op.f("ck_reminder_outbox_kind"), type_="check")
        batch.create_check_constraint(op.f("ck_reminder_outbox_kind"), f"kind IN ({OLD_KINDS})")
