"""The bureau's own database: the school register, received submissions and the import ledger.

Typed SQLAlchemy 2 ORM, the same on SQLite and PostgreSQL. Values are stored as the canonical JSON
text of the submission (decimals as strings), so consolidation is exact and identical on both.
Times are naive UTC (SQLite keeps no time zone; storing UTC everywhere keeps both databases alike).
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


class Base(DeclarativeBase):
    pass


class School(Base):
    """A school the bureau expects to report (学校名单)."""

    __tablename__ = "bureau_school"

    code: Mapped[str] = mapped_column(String(10), primary_key=True)  # 学校标识码
    name: Mapped[str] = mapped_column(String(80))
    school_type: Mapped[str] = mapped_column(String(24))  # choice key of school_type
    town: Mapped[str] = mapped_column(String(24))  # choice key of town (镇街)
    contact: Mapped[str] = mapped_column(String(40), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    updated_at: Mapped[datetime] = mapped_column(DateTime(), default=utcnow)


class StoredSubmission(Base):
    """One accepted revision of one school's submission for one period; older revisions stay as history."""

    __tablename__ = "bureau_submission"
    __table_args__ = (
        # Two imports of the same revision at once: the second insert fails here, never duplicates.
        UniqueConstraint("school_code", "period", "revision", name="uq_bureau_submission_revision"),
        Index("ix_bureau_submission_period", "period", "school_code"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    school_code: Mapped[str] = mapped_column(String(10))
    period: Mapped[str] = mapped_column(String(16))
    revision: Mapped[int] = mapped_column(Integer)
    fingerprint: Mapped[str] = mapped_column(String(64))
    pack_id: Mapped[str] = mapped_column(String(64))
    pack_version: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16))
    school_name: Mapped[str] = mapped_column(String(80))
    values_json: Mapped[str] = mapped_column(Text)
    explanations_json: Mapped[str] = mapped_column(Text, default="{}")
    signatories_json: Mapped[str] = mapped_column(Text, default="{}")
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime(), nullable=True)
    received_at: Mapped[datetime] = mapped_column(DateTime(), default=utcnow)
    file_name: Mapped[str] = mapped_column(String(260))
    file_sha256: Mapped[str] = mapped_column(String(64))


class LedgerEntry(Base):
    """What happened to one file in one import: its SHA-256, the decision and the reason."""

    __tablename__ = "bureau_ledger"
    __table_args__ = (Index("ix_bureau_ledger_sha", "file_sha256"), Index("ix_bureau_ledger_school", "school_code"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    file_name: Mapped[str] = mapped_column(String(260))
    file_sha256: Mapped[str] = mapped_column(String(64))
    file_size: Mapped[int] = mapped_column(Integer)
    decision: Mapped[str] = mapped_column(String(16))  # accepted|replaced|duplicate|older|conflict|rejected
    reason_code: Mapped[str] = mapped_column(String(40), default="")
    reason_zh: Mapped[str] = mapped_column(Text, default="")
    reason_en: Mapped[str] = mapped_column(Text, default="")
    school_code: Mapped[str | None] = mapped_column(String(10), nullable=True)
    period: Mapped[str | None] = mapped_column(String(16), nullable=True)
    revision: Mapped[int | None] = mapped_column(Integer, nullable=True)
    submission_id: Mapped[int | None] = mapped_column(ForeignKey("bureau_submission.id"), nullable=True)
    at: Mapped[datetime] = mapped_column(DateTime(), default=utcnow)


class PaperReceipt(Base):
    """A scan of a school's sealed paper, checked against the imported files (`bureau verify-paper`).

    The code read from the paper is kept as it was read; whether it matches the file imported now is
    decided when shown (a paper may arrive before its workbook)."""

    __tablename__ = "bureau_paper"
    __table_args__ = (Index("ix_bureau_paper_school", "school_code", "period"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    school_code: Mapped[str] = mapped_column(String(20))
    period: Mapped[str] = mapped_column(String(16))
    revision: Mapped[int] = mapped_column(Integer)
    fingerprint: Mapped[str] = mapped_column(String(64))
    outcome: Mapped[str] = mapped_column(String(16))  # match|older|not_imported|differs|not_in_register
    file_name: Mapped[str] = mapped_column(String(260))
    file_sha256: Mapped[str] = mapped_column(String(64))
    received_at: Mapped[datetime] = mapped_column(DateTime(), default=utcnow)


class Question(Base):
    """退回修改意见: the bureau's question on one school's figure (or row, or category) of one revision."""

    __tablename__ = "bureau_question"
    __table_args__ = (
        UniqueConstraint("uid", name="uq_bureau_question_uid"),
        Index("ix_bureau_question_school", "school_code", "period"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    uid: Mapped[str] = mapped_column(String(24))  # travels to the school and back
    school_code: Mapped[str] = mapped_column(String(10))
    period: Mapped[str] = mapped_column(String(16))
    revision: Mapped[int] = mapped_column(Integer)  # the revision asked about
    category: Mapped[str] = mapped_column(String(60))
    field: Mapped[str] = mapped_column(String(60), default="")  # "" for the whole category
    row: Mapped[int | None] = mapped_column(Integer, nullable=True)  # 1-based row of a table field
    text: Mapped[str] = mapped_column(Text)
    origin: Mapped[str] = mapped_column(String(80), default="hand")  # hand | quality:<kind> | note:<rule>
    state: Mapped[str] = mapped_column(String(16), default="open")  # open|answered|accepted|reasked
    parent_uid: Mapped[str] = mapped_column(String(24), default="")  # the question this one asks again
    created_at: Mapped[datetime] = mapped_column(DateTime(), default=utcnow)
    exported_at: Mapped[datetime | None] = mapped_column(DateTime(), nullable=True)
    answered_revision: Mapped[int | None] = mapped_column(Integer, nullable=True)
    old_json: Mapped[str | None] = mapped_column(Text, nullable=True)  # the value asked about
    new_json: Mapped[str | None] = mapped_column(Text, nullable=True)  # the value in the answering revision
    reply: Mapped[str] = mapped_column(Text, default="")
    answered_at: Mapped[datetime | None] = mapped_column(DateTime(), nullable=True)
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(), nullable=True)
