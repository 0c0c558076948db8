"""The register, received submissions and the import ledger.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "bureau_school",
        sa.Column("code", sa.String(10), primary_key=True),
        sa.Column("name", sa.String(80), nullable=False),
        sa.Column("school_type", sa.String(24), nullable=False),
        sa.Column("town", sa.String(24), nullable=False),
        sa.Column("contact", sa.String(40), nullable=False),
        sa.Column("phone", sa.String(40), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
    )
    op.create_table(
        "bureau_submission",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("school_code", sa.String(10), nullable=False),
        sa.Column("period", sa.String(16), nullable=False),
        sa.Column("revision", sa.Integer, nullable=False),
        sa.Column("fingerprint", sa.String(64), nullable=False),
        sa.Column("pack_id", sa.String(64), nullable=False),
        sa.Column("pack_version", sa.String(32), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("school_name", sa.String(80), nullable=False),
        sa.Column("values_json", sa.Text, nullable=False),
        sa.Column("explanations_json", sa.Text, nullable=False),
        sa.Column("signatories_json", sa.Text, nullable=False),
        sa.Column("submitted_at", sa.DateTime(), nullable=True),
        sa.Column("received_at", sa.DateTime(), nullable=False),
        sa.Column("file_name", sa.String(260), nullable=False),
        sa.Column("file_sha256", sa.String(64), nullable=False),
        sa.UniqueConstraint("school_code", "period", "revision", name="uq_bureau_submission_revision"),
    )
    op.create_index("ix_bureau_submission_period", "bureau_submission", ["period", "school_code"])
    op.create_table(
        "bureau_ledger",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("file_name", sa.String(260), nullable=False),
        sa.Column("file_sha256", sa.String(64), nullable=False),
        sa.Column("file_size", sa.Integer, nullable=False),
        sa.Column("decision", sa.String(16), nullable=False),
        sa.Column("reason_code", sa.String(40), nullable=False),
        sa.Column("reason_zh", sa.Text, nullable=False),
        sa.Column("reason_en", sa.Text, nullable=False),
        sa.Column("school_code", sa.String(10), nullable=True),
        sa.Column("period", sa.String(16), nullable=True),
        sa.Column("revision", sa.Integer, nullable=True),
        sa.Column("submission_id", sa.Integer, sa.ForeignKey("bureau_submission.id"), nullable=True),
        sa.Column("at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_bureau_ledger_sha", "bureau_ledger", ["file_sha256"])
    op.create_index("ix_bureau_ledger_school", "bureau_ledger", ["school_code"])


def downgrade() -> None:
    op.drop_table("bureau_ledger")
    op.drop_table("bureau_submission")
    op.drop_table("bureau_school")
