"""The first released schema: schools, periods, reports, values, table rows, 说明, audit, snapshots.

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
        "schools",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("created_at", sa.String(40), nullable=False),
    )
    op.create_table(
        "periods",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("key", sa.String(20), nullable=False, unique=True),
        sa.Column("kind", sa.String(20), nullable=False),
    )
    op.create_table(
        "reports",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("school_id", sa.Integer, sa.ForeignKey("schools.id", ondelete="CASCADE"), nullable=False),
        sa.Column("category", sa.String(60), nullable=False),
        sa.Column("period_id", sa.Integer, sa.ForeignKey("periods.id", ondelete="CASCADE"), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("revision", sa.Integer, nullable=False),
        sa.UniqueConstraint("school_id", "category", "period_id", name="uq_reports_school_category_period"),
    )
    op.create_table(
        "field_values",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("report_id", sa.Integer, sa.ForeignKey("reports.id", ondelete="CASCADE"), nullable=False),
        sa.Column("field", sa.String(60), nullable=False),
        sa.Column("value_json", sa.Text, nullable=False),
        sa.UniqueConstraint("report_id", "field", name="uq_field_values_report_field"),
    )
    op.create_table(
        "table_rows",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("report_id", sa.Integer, sa.ForeignKey("reports.id", ondelete="CASCADE"), nullable=False),
        sa.Column("field", sa.String(60), nullable=False),
        sa.Column("uid", sa.String(40), nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.UniqueConstraint("report_id", "field", "uid", name="uq_table_rows_uid"),
    )
    op.create_index("ix_table_rows_order", "table_rows", ["report_id", "field", "position"])
    op.create_table(
        "cell_values",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("row_id", sa.Integer, sa.ForeignKey("table_rows.id", ondelete="CASCADE"), nullable=False),
        sa.Column("column", sa.String(60), nullable=False),
        sa.Column("value_json", sa.Text, nullable=False),
        sa.UniqueConstraint("row_id", "column", name="uq_cell_values_row_column"),
    )
    op.create_table(
        "explanations",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("report_id", sa.Integer, sa.ForeignKey("reports.id", ondelete="CASCADE"), nullable=False),
        sa.Column("rule_id", sa.String(120), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("updated_at", sa.String(40), nullable=False),
        sa.UniqueConstraint("report_id", "rule_id", name="uq_explanations_report_rule"),
    )
    op.create_table(
        "audit",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("at", sa.String(40), nullable=False),
        sa.Column("category", sa.String(60), nullable=False),
        sa.Column("period_key", sa.String(20), nullable=False),
        sa.Column("field", sa.String(120), nullable=False),
        sa.Column("row_uid", sa.String(40)),
        sa.Column("column", sa.String(60)),
        sa.Column("old_json", sa.Text),
        sa.Column("new_json", sa.Text),
        sa.Column("revision", sa.Integer, nullable=False),
        sa.Column("source", sa.String(20), nullable=False),
    )
    op.create_index("ix_audit_category_period", "audit", ["category", "period_key"])
    op.create_table(
        "snapshots",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("school_id", sa.Integer, sa.ForeignKey("schools.id", ondelete="CASCADE"), nullable=False),
        sa.Column("period_key", sa.String(20), nullable=False),
        sa.Column("revision", sa.Integer, nullable=False),
        sa.Column("document_json", sa.Text, nullable=False),
        sa.Column("fingerprint", sa.String(64), nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("created_at", sa.String(40), nullable=False),
        sa.UniqueConstraint("school_id", "period_key", "revision", name="uq_snapshots_revision"),
    )
    op.create_table(
        "attachments",
        sa.Column("sha256", sa.String(64), primary_key=True),
        sa.Column("data", sa.LargeBinary, nullable=False),
        sa.Column("size", sa.Integer, nullable=False),
        sa.Column("created_at", sa.String(40), nullable=False),
    )
    op.create_table(
        "meta",
        sa.Column("key", sa.String(60), primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
    )


def downgrade() -> None:
    for table in ("meta", "attachments", "snapshots", "audit", "explanations", "cell_values",
                  "table_rows", "field_values", "reports", "periods", "schools"):
        op.drop_table(table)
