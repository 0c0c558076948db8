"""Form packs per period, and values carried over from last year until the clerk checks them.

`periods.pack_id` / `pack_version`: the form pack a period is kept under (a new year may come with a
new pack version; earlier years stay under theirs). `carried`: a value filled from last year's
submission, marked 上年数据，请核对 until the clerk confirms or changes it. Adding columns and a table
needs no table rebuild, so no cascade can touch existing rows.

Revision ID: 0003
Revises: 0002
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("periods", sa.Column("pack_id", sa.String(80), nullable=True))
    op.add_column("periods", sa.Column("pack_version", sa.String(40), nullable=True))
    op.create_table(
        "carried",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("report_id", sa.Integer, sa.ForeignKey("reports.id", ondelete="CASCADE"), nullable=False),
        sa.Column("field", sa.String(60), nullable=False),
        sa.Column("from_period", sa.String(20), nullable=False),
        sa.Column("from_revision", sa.Integer, nullable=False),
        sa.Column("at", sa.String(40), nullable=False),
        sa.UniqueConstraint("report_id", "field", name="uq_carried_report_field"),
    )


def downgrade() -> None:
    op.drop_table("carried")
    with op.batch_alter_table("periods") as batch:
        batch.drop_column("pack_version")
        batch.drop_column("pack_id")
