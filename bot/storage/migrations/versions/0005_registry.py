"""The registry: evidence date, verification, formality, DPRD window, curators' marks.

Adds to ``agreements`` the columns ``as_of``, ``verified``, ``formal``, ``dprd_received``
and ``curated_at``, the stages ``unknown``, ``proposed`` and ``awaiting_dprd``, and the
table ``shipped_agreements`` (what each release of ``knowledge/agreements.csv`` wanted).

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
    """Drop the table and the columns (rows at the new stages become ``exploring``)."""
    op.drop_table("shipped_agreements")
    op.execute(
        "UPDATE agreements SET stage = 'exploring' "
        "WHERE stage IN ('unknown', 'proposed', 'awaiting_dprd')"
    )
    with op.batch_alter_table("agreements") as batch:
        batch.drop_constraint(op.f("ck_agreements_stage"), type_="check")
        batch.create_check_constraint(op.f("ck_agreements_stage"), f"stage IN ({OLD_STAGES})")
        batch.drop_column("curated_at")
        batch.drop_column("dprd_received")
        batch.drop_column("formal")
        batch.drop_column("verified")
        batch.drop_column("as_of")
