"""Reports remember when they last changed ("已保存 10:32"), and their status is checked by SQLite.

Both need the reports table rebuilt (batch mode). reports is the parent of field_values, table_rows
and explanations with ON DELETE CASCADE: the caller has turned foreign keys off before this runs,
or the rebuild would silently delete every value (reliability-notes #2).

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
    with op.batch_alter_table("reports", recreate="always") as batch:
        batch.add_column(sa.Column("updated_at", sa.String(40), nullable=False, server_default=""))
        batch.create_check_constraint("ck_reports_status", "status in ('draft', 'submitted')")


def downgrade() -> None:
    with op.batch_alter_table("reports", recreate="always") as batch:
        batch.drop_constraint("ck_reports_status", type_="check")
        batch.drop_column("updated_at")
