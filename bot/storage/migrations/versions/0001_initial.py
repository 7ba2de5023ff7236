"""Initial schema: agreements, users, feedback, knowledge gaps, seed log.

Revision ID: 0001_initial
Revises:
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from bot.storage.base import UTCDateTime

revision = "0001_initial"
down_revision = None
branch_labels = None
depends_on = None

KINDS = "'sister_city', 'sister_province', 'technical', 'other'"
STAGES = "'exploring', 'loi', 'mou', 'active', 'expired', 'terminated'"


def upgrade() -> None:
    """Create the tables."""
    op.create_table(
        "agreements",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("region_code", sa.String(length=16), nullable=False),
        sa.Column("partner", sa.String(length=200), nullable=False),
        sa.Column("partner_key", sa.String(length=200), nullable=False),
        sa.Column("country", sa.String(length=100), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("stage", sa.String(length=20), nullable=False),
        sa.Column("loi_date", sa.String(length=10), nullable=True),
        sa.Column("mou_date", sa.String(length=10), nullable=True),
        sa.Column("valid_until", sa.String(length=10), nullable=True),
        sa.Column("last_report_date", sa.String(length=10), nullable=True),
        sa.Column("next_report_due", sa.Date(), nullable=True),
        sa.Column("next_review_due", sa.Date(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.CheckConstraint(f"kind IN ({KINDS})", name=op.f("ck_agreements_kind")),
        sa.CheckConstraint(f"stage IN ({STAGES})", name=op.f("ck_agreements_stage")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agreements")),
        sa.UniqueConstraint("region_code", "partner_key", name="uq_agreements_region_partner"),
    )
    op.create_index(op.f("ix_agreements_region_code"), "agreements", ["region_code"])
    op.create_index(op.f("ix_agreements_partner_key"), "agreements", ["partner_key"])
    op.create_table(
        "users",
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("user_id", sa.String(length=64), nullable=False),
        sa.Column("language", sa.String(length=2), nullable=True),
        sa.Column("last_inbound_at", UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("channel", "user_id", name=op.f("pk_users")),
    )
    op.create_table(
        "feedback",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("user_id", sa.String(length=64), nullable=False),
        sa.Column("entry_id", sa.String(length=64), nullable=False),
        sa.Column("helpful", sa.Boolean(), nullable=False),
        sa.Column("query", sa.Text(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feedback")),
    )
    op.create_index(op.f("ix_feedback_entry_id"), "feedback", ["entry_id"])
    op.create_table(
        "knowledge_gaps",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("user_id", sa.String(length=64), nullable=False),
        sa.Column("query", sa.Text(), nullable=False),
        sa.Column("best_entry_id", sa.String(length=64), nullable=True),
        sa.Column("best_score", sa.Float(), nullable=False),
        sa.Column("asked_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_knowledge_gaps")),
    )
    op.create_index(op.f("ix_knowledge_gaps_asked_at"), "knowledge_gaps", ["asked_at"])
    op.create_table(
        "seed_log",
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("applied_at", UTCDateTime(), nullable=False),
        sa.Column("rows", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_seed_log")),
    )


def downgrade() -> None:
    """Drop the tables."""
    op.drop_table("seed_log")
    op.drop_index(op.f("ix_knowledge_gaps_asked_at"), table_name="knowledge_gaps")
    op.drop_table("knowledge_gaps")
    op.drop_index(op.f("ix_feedback_entry_id"), table_name="feedback")
    op.drop_table("feedback")
    op.drop_table("users")
    op.drop_index(op.f("ix_agreements_partner_key"), table_name="agreements")
    op.drop_index(op.f("ix_agreements_region_code"), table_name="agreements")
    op.drop_table("agreements")
