"""One inbox for every conversation channel: Telegram updates join WhatsApp messages.

The rows of ``whatsapp_inbox`` move to ``inbox`` under the channel ``whatsapp``; each row
also counts its failed attempts and says when the next is due, so a reply that failed is
tried again from the store.

Revision ID: 0011_inbox
Revises: 0004_provider_ids
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from bot.storage.base import UTCDateTime

revision = "0011_inbox"
down_revision = "0008_announcements"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create ``inbox``, move the WhatsApp rows into it, drop ``whatsapp_inbox``."""
    op.create_table(
        "inbox",
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("message_id", sa.String(length=128), nullable=False),
        sa.Column("state", sa.String(length=12), nullable=False),
        sa.Column("received_at", UTCDateTime(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", UTCDateTime(), nullable=False),
        sa.Column("finished_at", UTCDateTime(), nullable=True),
        sa.Column("content", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("channel", "message_id", name=op.f("pk_inbox")),
    )
    op.create_index("ix_inbox_due", "inbox", ["channel", "state", "next_attempt_at"])
    op.create_index(op.f("ix_inbox_received_at"), "inbox", ["received_at"])
    op.execute(
        "INSERT INTO inbox (channel, message_id, state, received_at, attempts, "
        "next_attempt_at, finished_at, content) "
        "SELECT 'whatsapp', message_id, state, received_at, 0, received_at, finished_at, "
        "content FROM whatsapp_inbox"
    )
    op.drop_index("ix_whatsapp_inbox_received_at", table_name="whatsapp_inbox")
    op.drop_index("ix_whatsapp_inbox_state", table_name="whatsapp_inbox")
    op.drop_table("whatsapp_inbox")


def downgrade() -> None:
    """Move the WhatsApp rows back; Telegram's are dropped (nothing older read them)."""
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
    op.execute(
        "INSERT INTO whatsapp_inbox (message_id, state, received_at, finished_at, content) "
        "SELECT message_id, state, received_at, finished_at, content FROM inbox "
        "WHERE channel = 'whatsapp'"
    )
    op.drop_index(op.f("ix_inbox_received_at"), table_name="inbox")
    op.drop_index("ix_inbox_due", table_name="inbox")
    op.drop_table("inbox")
