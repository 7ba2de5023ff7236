"""Reminder outbox: the ``unknown`` outcome, the in-flight mark; a subscription's start.

``sending_since`` is set on a row just before its send starts and cleared when the send
ends; a row whose claim lapsed while it was still set was in flight when its process
died, so it may have reached the platform: it becomes ``unknown`` (reported to the
admins), never sent again blindly. ``subscriptions.since``: a chat that subscribes gets
no reminder whose send time came before (its welcome summary covers those).

Revision ID: 0007_digests
Revises: 0004_provider_ids
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from bot.storage.base import UTCDateTime

revision = "0007_digests"
down_revision = "0006_console"
branch_labels = None
depends_on = None

_OLD = "'pending', 'sent', 'superseded', 'cancelled', 'failed'"
_NEW = "'pending', 'sent', 'superseded', 'cancelled', 'failed', 'unknown'"


def upgrade() -> None:
    """Add ``sending_since`` and allow the status ``unknown``."""
    with op.batch_alter_table("reminder_outbox") as batch:
        batch.add_column(sa.Column("sending_since", UTCDateTime(), nullable=True))
        batch.drop_constraint(op.f("ck_reminder_outbox_status"), type_="check")
        batch.create_check_constraint(op.f("ck_reminder_outbox_status"), f"status IN ({_NEW})")
    with op.batch_alter_table("subscriptions") as batch:
        batch.add_column(sa.Column("since", UTCDateTime(), nullable=True))


def downgrade() -> None:
    """Unknown outcomes become failures (both are reported); drop the column."""
    with op.batch_alter_table("subscriptions") as batch:
        batch.drop_column("since")
    op.execute("UPDATE reminder_outbox SET status = 'failed' WHERE status = 'unknown'")
    with op.batch_alter_table("reminder_outbox") as batch:
        batch.drop_constraint(op.f("ck_reminder_outbox_status"), type_="check")
        batch.create_check_constraint(op.f("ck_reminder_outbox_status"), f"status IN ({_OLD})")
        batch.drop_column("sending_since")
