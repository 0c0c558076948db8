"""The bureau's questions (退回修改意见) imported at the school, with the clerk's replies.

A new table only: no rebuild of an existing one, nothing can cascade.

Revision ID: 0004
Revises: 0003
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "questions",
        sa.Column("uid", sa.String(24), primary_key=True),
        sa.Column("period_key", sa.String(20), nullable=False),
        sa.Column("revision", sa.Integer, nullable=False),
        sa.Column("category", sa.String(60), nullable=False),
        sa.Column("field", sa.String(60), nullable=False),
        sa.Column("row", sa.Integer, nullable=True),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("value_json", sa.Text, nullable=True),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("file_sha256", sa.String(64), nullable=False),
        sa.Column("imported_at", sa.String(40), nullable=False),
        sa.Column("reply", sa.Text, nullable=False),
        sa.Column("replied_at", sa.String(40), nullable=False),
        sa.Column("answered_revision", sa.Integer, nullable=True),
    )
    op.create_index("ix_questions_period", "questions", ["period_key"])


def downgrade() -> None:
    op.drop_index("ix_questions_period", "questions")
    op.drop_table("questions")
