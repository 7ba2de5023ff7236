"""The registry: evidence date, verification, formality, DPRD window, curators' marks.

Adds to ``agreements`` the columns ``as_of``, ``verified``, ``formal``, ``dprd_received``
and ``curated_at``, the stages ``unknown``, ``proposed`` and ``awaiting_dprd``, the table
``shipped_agreements`` (what each release of ``knowledge/agreements.csv`` wanted) and
``seed_log.digest`` (which release was applied last).

Rows written after the first seed (imports and edits of the release before this one) are
marked as curated, so the new release's corrections never overwrite them.

Revision ID: 0005_registry
Revises: 0004_provider_ids
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from bot.storage.base import UTCDateTime

revision = "0005_registry"
down_revision = "0004_provider_ids"
branch_labels = None
depends_on = None

COLUMNS = ("curated_at", "dprd_received", "formal", "verified", "as_of")
OLD_STAGES = "'exploring', 'loi', 'mou', 'active', 'expired', 'terminated'"
NEW_STAGES = (
    "'unknown', 'proposed', 'exploring', 'loi', 'awaiting_dprd', 'mou', 'active', "
    "'expired', 'terminated'"
)


def upgrade() -> None:
    """Add the columns and the table; mark the rows curators wrote."""
    with op.batch_alter_table("agreements") as batch:
        batch.add_column(sa.Column("as_of", sa.String(length=10), nullable=True))
        batch.add_column(
            sa.Column("verified", sa.Boolean(), server_default=sa.true(), nullable=False)
        )
        batch.add_column(
            sa.Column("formal", sa.Boolean(), server_default=sa.true(), nullable=False)
        )
        batch.add_column(sa.Column("dprd_received", sa.Date(), nullable=True))
        batch.add_column(sa.Column("curated_at", UTCDateTime(), nullable=True))
        batch.drop_constraint(op.f("ck_agreements_stage"), type_="check")
        batch.create_check_constraint(op.f("ck_agreements_stage"), f"stage IN ({NEW_STAGES})")
    # The release before this one loaded its seed once (seed_log) and never touched those
    # rows again: a row updated after that, or with no seed at all, is a curator's.
    op.execute(
        "UPDATE agreements SET curated_at = updated_at "
        "WHERE NOT EXISTS (SELECT 1 FROM seed_log WHERE seed_log.name = 'agreements') "
        "OR updated_at > (SELECT applied_at FROM seed_log WHERE seed_log.name = 'agreements')"
    )
    with op.batch_alter_table("seed_log") as batch:
        batch.add_column(sa.Column("digest", sa.String(length=64), nullable=True))
    op.create_table(
        "shipped_agreements",
        sa.Column("region_code", sa.String(length=16), nullable=False),
        sa.Column("partner_key", sa.String(length=200), nullable=False),
        sa.Column("wanted", sa.Text(), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("recorded_at", UTCDateTime(), nullable=False),
        sa.CheckConstraint(
            "state IN ('applied', 'conflict')", name=op.f("ck_shipped_agreements_state")
        ),
        sa.PrimaryKeyConstraint("region_code", "partner_key", name=op.f("pk_shipped_agreements")),
    )


def downgrade() -> None:
    """Drop the table and the columns (rows at the new stages become ``exploring``).

    On SQLite the columns are dropped in place and the wider stage constraint stays: the
    only way to change a constraint there rebuilds the table, and rebuilding ``agreements``
    with foreign keys on (a downgrade run by hand) would cascade-delete their reminders.
    """
    op.drop_table("shipped_agreements")
    op.execute(
        "UPDATE agreements SET stage = 'exploring' "
        "WHERE stage IN ('unknown', 'proposed', 'awaiting_dprd')"
    )
    if op.get_bind().dialect.name == "sqlite":
        for table, column in [("seed_log", "digest"), *(("agreements", c) for c in COLUMNS)]:
            op.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
        return
    with op.batch_alter_table("seed_log") as batch:
        batch.drop_column("digest")
    with op.batch_alter_table("agreements") as batch:
        batch.drop_constraint(op.f("ck_agreements_stage"), type_="check")
        batch.create_check_constraint(op.f("ck_agreements_stage"), f"stage IN ({OLD_STAGES})")
        for column in COLUMNS:
            batch.drop_column(column)
