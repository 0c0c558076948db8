"""Sealed papers received (bureau_paper) and the questions sent back to schools (bureau_question).

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "bureau_paper",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("school_code", sa.String(20), nullable=False),
        sa.Column("period", sa.String(16), nullable=False),
        sa.Column("revision", sa.Integer, nullable=False),
        sa.Column("fingerprint", sa.String(64), nullable=False),
        sa.Column("outcome", sa.String(16), nullable=False),
        sa.Column("file_name", sa.String(260), nullable=False),
        sa.Column("file_sha256", sa.String(64), nullable=False),
        sa.Column("received_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_bureau_paper_school", "bureau_paper", ["school_code", "period"])
    op.create_table(
        "bureau_question",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("uid", sa.String(24), nullable=False),
        sa.Column("school_code", sa.String(10), nullable=False),
        sa.Column("period", sa.String(16), nullable=False),
        sa.Column("revision", sa.Integer, nullable=False),
        sa.Column("category", sa.String(60), nullable=False),
        sa.Column("field", sa.String(60), nullable=False),
        sa.Column("row", sa.Integer, nullable=True),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("origin", sa.String(80), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("parent_uid", sa.String(24), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("exported_at", sa.DateTime(), nullable=True),
        sa.Column("answered_revision", sa.Integer, nullable=True),
        sa.Column("old_json", sa.Text, nullable=True),
        sa.Column("new_json", sa.Text, nullable=True),
        sa.Column("reply", sa.Text, nullable=False),
        sa.Column("answered_at", sa.DateTime(), nullable=True),
        sa.Column("closed_at", sa.DateTime(), nullable=True),
        sa.UniqueConstraint("uid", name="uq_bureau_question_uid"),
    )
    op.create_index("ix_bureau_question_school", "bureau_question", ["school_code", "period"])


def downgrade() -> None:
    op.drop_index("ix_bureau_question_school", "bureau_question")
    op.drop_table("bureau_question")
    op.drop_index("ix_bureau_paper_school", "bureau_paper")
    op.drop_table("bureau_paper")
