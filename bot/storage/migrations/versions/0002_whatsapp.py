"""WhatsApp channel: the webhook inbox (deduplication by message id) and delivery statuses.

Revision ID: wa_0001_whatsapp
Revises: 0001_initial
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from bot.storage.base import UTCDateTime

revision = "0002_whatsapp"
down_revision = "0001_initial"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create the tables."""
    op.create_table(
        "whatsapp_inbox",
        sa.Column("message_id", sa.String(length=128), nullable=False),
        sa.Column("state", sa.String(length=12), nullable=False),
        sa.Column("received_at", UTCDateTime(), nullable=False),
        sa.Column("finished_at", UTCDateTime(), nullable=True),
        sa.Column("content", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("message_id", name=op.f("pk_whatsapp_inbox")),
    )
    op.create_index(op.f("ix_whatsapp_inbox_state"), "whatsapp_inbox", ["state"])
    op.create_index(op.f("ix_whatsapp_inbox_received_at"), "whatsapp_inbox", ["received_at"])
    op.create_table(
        "whatsapp_statuses",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("message_id", sa.String(length=128), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("at", UTCDateTime(), nullable=True),
        sa.Column("error_code", sa.Integer(), nullable=True),
        sa.Column("error_title", sa.String(length=200), nullable=True),
        sa.Column("recorded_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_whatsapp_statuses")),
        sa.UniqueConstraint("message_id", "status", name="uq_whatsapp_statuses_message_status"),
    )
    op.create_index(op.f("ix_whatsapp_statuses_message_id"), "whatsapp_statuses", ["message_id"])
    op.create_index(op.f("ix_whatsapp_statuses_recorded_at"), "whatsapp_statuses", ["recorded_at"])


def downgrade() -> None:
    """Drop the tables."""
    op.drop_index(op.f("ix_whatsapp_statuses_recorded_at"), table_name="whatsapp_statuses")
    op.drop_index(op.f("ix_whatsapp_statuses_message_id"), table_name="whatsapp_statuses")
    op.drop_table("whatsapp_statuses")
    op.drop_index(op.f("ix_whatsapp_inbox_received_at"), table_name="whatsapp_inbox")
    op.drop_index(op.f("ix_whatsapp_inbox_state"), table_name="whatsapp_inbox")
    op.drop_table("whatsapp_inbox")
