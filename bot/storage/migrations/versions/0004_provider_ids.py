"""Reminder outbox: provider message ids, failure times and admin notices of failures.

Revision ID: rm_0003_provider_ids
Revises: rm_0002_reminders
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from bot.storage.base import UTCDateTime

revision = "0004_provider_ids"
down_revision = "0003_reminders"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add the columns; failures recorded before get their best-known failure time."""
    with op.batch_alter_table("reminder_outbox") as batch:
        batch.add_column(sa.Column("provider_message_id", sa.String(length=128), nullable=True))
        batch.add_column(sa.Column("failed_at", UTCDateTime(), nullable=True))
        batch.add_column(sa.Column("admins_notified_at", UTCDateTime(), nullable=True))
        batch.create_index(
            "ix_reminder_outbox_provider", ["channel", "provider_message_id"], unique=False
        )
        batch.create_index("ix_reminder_outbox_failed", ["status", "failed_at"], unique=False)
    op.execute(
        "UPDATE reminder_outbox SET failed_at = COALESCE(next_attempt_at, send_at) "
        "WHERE status = 'failed'"
    )


def downgrade() -> None:
    """Drop the columns."""
    with op.batch_alter_table("reminder_outbox") as batch:
        batch.drop_index("ix_reminder_outbox_failed")
        batch.drop_index("ix_reminder_outbox_provider")
        batch.drop_column("admins_notified_at")
        batch.drop_column("failed_at")
        batch.drop_column("provider_message_id")
