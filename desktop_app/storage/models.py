"""The tables (SQLAlchemy 2 typed ORM). Values are kept as the exact JSON text of domain.values.to_json.

The profile is the report of category "profile" in the period with key "" (it is carried into
every period). Table fields keep each row with a stable id (`uid`) and a position, and one cell per
column, so an edit of one cell touches one row of the database and moving a row keeps its cells.
Schema changes go through Alembic (storage/migrations); this module always describes the newest one.

No `from __future__ import annotations` here: with it, the ORM evaluates every `Mapped[...]` from a
string, which doubles the cost of importing this module — paid on the way to the window being ready.
"""

from sqlalchemy import (
    CheckConstraint,
    ForeignKey,
    Index,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

PROFILE_PERIOD = ""


class Base(DeclarativeBase):
    pass


class School(Base):
    __tablename__ = "schools"
    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[str] = mapped_column(String(40))


class Period(Base):
    __tablename__ = "periods"
    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(20), unique=True)  # "" is the profile's
    kind: Mapped[str] = mapped_column(String(20))
    pack_id: Mapped[str | None] = mapped_column(String(80))  # the form pack the period is kept under
    pack_version: Mapped[str | None] = mapped_column(String(40))


class Report(Base):
    __tablename__ = "reports"
    __table_args__ = (
        UniqueConstraint("school_id", "category", "period_id", name="uq_reports_school_category_period"),
        CheckConstraint("status in ('draft', 'submitted')", name="ck_reports_status"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id", ondelete="CASCADE"))
    category: Mapped[str] = mapped_column(String(60))
    period_id: Mapped[int] = mapped_column(ForeignKey("periods.id", ondelete="CASCADE"))
    status: Mapped[str] = mapped_column(String(20), default="draft")
    revision: Mapped[int] = mapped_column(default=1)
    updated_at: Mapped[str] = mapped_column(String(40), server_default="")


class FieldValue(Base):
    __tablename__ = "field_values"
    __table_args__ = (UniqueConstraint("report_id", "field", name="uq_field_values_report_field"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id", ondelete="CASCADE"))
    field: Mapped[str] = mapped_column(String(60))
    value_json: Mapped[str] = mapped_column(Text)


class TableRow(Base):
    __tablename__ = "table_rows"
    __table_args__ = (
        UniqueConstraint("report_id", "field", "uid", name="uq_table_rows_uid"),
        Index("ix_table_rows_order", "report_id", "field", "position"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id", ondelete="CASCADE"))
    field: Mapped[str] = mapped_column(String(60))
    uid: Mapped[str] = mapped_column(String(40))
    position: Mapped[int]


class CellValue(Base):
    __tablename__ = "cell_values"
    __table_args__ = (UniqueConstraint("row_id", "column", name="uq_cell_values_row_column"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    row_id: Mapped[int] = mapped_column(ForeignKey("table_rows.id", ondelete="CASCADE"))
    column: Mapped[str] = mapped_column(String(60))
    value_json: Mapped[str] = mapped_column(Text)


class Carried(Base):
    """A value filled from last year's submission, to be checked by the clerk (上年数据，请核对)."""

    __tablename__ = "carried"
    __table_args__ = (UniqueConstraint("report_id", "field", name="uq_carried_report_field"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id", ondelete="CASCADE"))
    field: Mapped[str] = mapped_column(String(60))
    from_period: Mapped[str] = mapped_column(String(20))
    from_revision: Mapped[int]
    at: Mapped[str] = mapped_column(String(40))


class Explanation(Base):
    __tablename__ = "explanations"
    __table_args__ = (UniqueConstraint("report_id", "rule_id", name="uq_explanations_report_rule"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id", ondelete="CASCADE"))
    rule_id: Mapped[str] = mapped_column(String(120))
    text: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[str] = mapped_column(String(40))


class AuditEntry(Base):
    __tablename__ = "audit"
    __table_args__ = (Index("ix_audit_category_period", "category", "period_key"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[str] = mapped_column(String(40))
    category: Mapped[str] = mapped_column(String(60))
    period_key: Mapped[str] = mapped_column(String(20))
    field: Mapped[str] = mapped_column(String(120))  # a field key, or "说明:<rule id>" for a 说明
    row_uid: Mapped[str | None] = mapped_column(String(40))
    column: Mapped[str | None] = mapped_column(String(60))
    old_json: Mapped[str | None] = mapped_column(Text)
    new_json: Mapped[str | None] = mapped_column(Text)
    revision: Mapped[int]
    source: Mapped[str] = mapped_column(String(20))  # gui | cli | undo | redo | import | demo


class Snapshot(Base):
    """What was submitted: the canonical document of one submission revision and its fingerprint."""

    __tablename__ = "snapshots"
    __table_args__ = (UniqueConstraint("school_id", "period_key", "revision", name="uq_snapshots_revision"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id", ondelete="CASCADE"))
    period_key: Mapped[str] = mapped_column(String(20))
    revision: Mapped[int]
    document_json: Mapped[str] = mapped_column(Text)
    fingerprint: Mapped[str] = mapped_column(String(64))
    reason: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[str] = mapped_column(String(40))


class Attachment(Base):
    __tablename__ = "attachments"
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    data: Mapped[bytes] = mapped_column(LargeBinary)
    size: Mapped[int]
    created_at: Mapped[str] = mapped_column(String(40))


class Question(Base):
    """退回修改意见 imported from the bureau: one question, and the clerk's reply until a revision carries it."""

    __tablename__ = "questions"
    __table_args__ = (Index("ix_questions_period", "period_key"),)
    uid: Mapped[str] = mapped_column(String(24), primary_key=True)
    period_key: Mapped[str] = mapped_column(String(20))
    revision: Mapped[int]  # the submitted revision the bureau asked about
    category: Mapped[str] = mapped_column(String(60))
    field: Mapped[str] = mapped_column(String(60), default="")  # "" for the whole category
    row: Mapped[int | None]  # 1-based row of a table field
    text: Mapped[str] = mapped_column(Text)
    value_json: Mapped[str | None] = mapped_column(Text)  # the value asked about, from our own snapshot
    reason: Mapped[str] = mapped_column(Text, default="")  # the bureau's reason given with the file
    file_sha256: Mapped[str] = mapped_column(String(64))
    imported_at: Mapped[str] = mapped_column(String(40))
    reply: Mapped[str] = mapped_column(Text, default="")
    replied_at: Mapped[str] = mapped_column(String(40), default="")
    answered_revision: Mapped[int | None]  # the revision that carried the answer to the bureau


class Meta(Base):
    """Facts about the file itself (which pack last wrote it)."""

    __tablename__ = "meta"
    key: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


SCHEMA_TABLES = tuple(Base.metadata.tables)
