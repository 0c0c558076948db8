"""Opening the bureau database (SQLite file or any SQLAlchemy URL) and reading what it holds.

The same migrations and the same queries run on SQLite and PostgreSQL. On SQLite every transaction
begins IMMEDIATE (one writer at a time, readers unaffected in WAL mode) and foreign keys are on for
every pooled connection (reliability-notes #1, #3, #7).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, func, select
from sqlalchemy.orm import Session, sessionmaker

from desktop_app.bureau.models import LedgerEntry, School, StoredSubmission, utcnow
from desktop_app.bureau.records import Received, Rejection, SchoolEntry
from desktop_app.domain.pack import FormPack
from desktop_app.domain.submission import Signatories, Status, Submission
from desktop_app.domain.values import from_json

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def database_url(target: str | Path | None) -> str:
    """A SQLAlchemy URL from a URL, a file path, or None (the default bureau file)."""
    if target is None or str(target) == "":
        from desktop_app.services.settings import default_database_path

        path = default_database_path("bureau")
        path.parent.mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{path}"
    text = str(target)
    if "://" in text:
        return text
    return f"sqlite:///{Path(text).resolve()}"


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 30})

        @event.listens_for(engine, "connect")
        def _on_connect(dbapi_connection: Any, record: Any) -> None:
            dbapi_connection.isolation_level = None  # SQLAlchemy's recipe: we emit BEGIN ourselves
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            # The mode actually in force: a folder that cannot hold WAL's shared memory keeps DELETE.
            record.info["wal"] = str(cursor.execute("PRAGMA journal_mode=WAL").fetchone()[0]).lower() == "wal"
            cursor.execute("PRAGMA synchronous=FULL")
            record.info["synchronous"] = "FULL"
            cursor.execute("PRAGMA busy_timeout=30000")
            cursor.close()

        @event.listens_for(engine, "begin")
        def _on_begin(connection: Any) -> None:
            # The safety level cannot change inside a transaction: choose it for each one, then begin.
            level = synchronous_level(connection.info, connection.get_execution_options().get("fast_commit", False))
            driver = connection.connection.driver_connection  # two statements per file: skip SQLAlchemy's layers
            if connection.info.get("synchronous") != level:
                driver.execute(f"PRAGMA synchronous={level}")
                connection.info["synchronous"] = level
            driver.execute("BEGIN IMMEDIATE")

        return engine
    return create_engine(url, pool_pre_ping=True)


def synchronous_level(info: dict[Any, Any], fast_commit: bool) -> str:
    """FULL, except an import's per-file commit in WAL mode: NORMAL there is still atomic and survives a
    killed process, and a power cut can only undo the last files whole (reliability-notes #6). Outside
    WAL, NORMAL could corrupt the database on a power cut, so FULL always."""
    return "NORMAL" if fast_commit and info.get("wal") else "FULL"


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest revision (idempotent); serialised on PostgreSQL by an advisory lock."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.exec_driver_sql("SELECT pg_advisory_xact_lock(74170115)")
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


class BureauStore:
    """The bureau database: sessions for the pipeline, look-ups for the views."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    @classmethod
    def open(cls, target: str | Path | None = None) -> BureauStore:
        engine = make_engine(database_url(target))
        migrate(engine)
        return cls(engine)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def close(self) -> None:
        self.engine.dispose()

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One unit of work (register edits): committed whole and durably, or rolled back whole."""
        with self._sessions() as session, session.begin():
            yield session

    @contextmanager
    def import_connection(self) -> Iterator[Connection]:
        """One connection for a batch of imported files (each file still gets its own transaction, from
        `connection.begin()`). On SQLite in WAL mode the commits do not wait for fsync: see
        synchronous_level. One connection also keeps the batch's writes on one writer (#7)."""
        with self.engine.connect() as connection:
            connection.execution_options(fast_commit=True)
            yield connection

    @contextmanager
    def import_transaction(self) -> Iterator[Connection]:
        """One imported file's unit of work on a connection of its own."""
        with self.import_connection() as connection, connection.begin():
            yield connection

    # The register -------------------------------------------------------------------------------
    def schools(self) -> list[SchoolEntry]:
        with self._sessions() as session:
            rows = session.scalars(select(School).order_by(School.town, School.school_type, School.code))
            return [_entry(row) for row in rows]

    def school(self, code: str) -> SchoolEntry | None:
        with self._sessions() as session:
            row = session.get(School, code)
            return _entry(row) if row else None

    def save_schools(self, entries: list[SchoolEntry]) -> tuple[int, int]:
        """Add or update schools by code; returns (added, updated). One transaction."""
        added = updated = 0
        with self.transaction() as session:
            codes = sorted({entry.code for entry in entries})
            rows: dict[str, School] = {}
            for start in range(0, len(codes), 500):  # one query per 500 codes, not one per school
                chunk = codes[start : start + 500]
                rows.update((row.code, row) for row in session.scalars(select(School).where(School.code.in_(chunk))))
            for entry in entries:
                row = rows.get(entry.code)
                if row is None:
                    row = rows[entry.code] = School(code=entry.code)
                    session.add(row)
                    added += 1
                else:
                    updated += 1
                row.name, row.school_type, row.town = entry.name, entry.school_type, entry.town
                row.contact, row.phone, row.updated_at = entry.contact, entry.phone, utcnow()
        return added, updated

    def remove_school(self, code: str) -> bool:
        with self.transaction() as session:
            row = session.get(School, code)
            if row is None:
                return False
            session.delete(row)
            return True

    # Submissions and the ledger -----------------------------------------------------------------
    def periods(self) -> list[str]:
        with self._sessions() as session:
            return list(session.scalars(select(StoredSubmission.period).distinct().order_by(StoredSubmission.period)))

    def current(self, pack: FormPack, period: str) -> list[Received]:
        """The highest accepted revision of every school for the period, as Submissions."""
        latest = (
            select(StoredSubmission.school_code, func.max(StoredSubmission.revision).label("revision"))
            .where(StoredSubmission.period == period)
            .group_by(StoredSubmission.school_code)
            .subquery()
        )
        query = (
            select(StoredSubmission)
            .join(
                latest,
                (StoredSubmission.school_code == latest.c.school_code)
                & (StoredSubmission.revision == latest.c.revision),
            )
            .where(StoredSubmission.period == period)
            .order_by(StoredSubmission.school_code)
        )
        with self._sessions() as session:
            return [to_received(pack, row) for row in session.scalars(query)]

    def count_submissions(self) -> int:
        with self._sessions() as session:
            return int(session.scalar(select(func.count()).select_from(StoredSubmission)) or 0)

    def history(self, school_code: str, period: str) -> list[tuple[int, str, datetime]]:
        query = (
            select(StoredSubmission.revision, StoredSubmission.fingerprint, StoredSubmission.received_at)
            .where(StoredSubmission.school_code == school_code, StoredSubmission.period == period)
            .order_by(StoredSubmission.revision)
        )
        with self._sessions() as session:
            return [(r, f, t) for r, f, t in session.execute(query)]

    def ledger(self, limit: int | None = None) -> list[LedgerEntry]:
        query = select(LedgerEntry).order_by(LedgerEntry.id.desc())
        if limit:
            query = query.limit(limit)
        with self._sessions() as session:
            return list(session.scalars(query))

    def rejections(self, period: str) -> list[Rejection]:
        """Rejected files of the period (or naming no period), newest first."""
        query = (
            select(LedgerEntry)
            .where(LedgerEntry.decision == "rejected")
            .where((LedgerEntry.period == period) | (LedgerEntry.period.is_(None)))
            .order_by(LedgerEntry.id.desc())
        )
        with self._sessions() as session:
            return [
                Rejection(row.file_name, row.school_code, row.period, row.reason_zh, row.reason_en, row.at)
                for row in session.scalars(query)
            ]

    def settled_hashes(self) -> set[str]:
        """SHA-256 of files already taken in (a re-run skips them without parsing)."""
        query = select(StoredSubmission.file_sha256).distinct()
        with self._sessions() as session:
            return set(session.scalars(query))


def _entry(row: School) -> SchoolEntry:
    return SchoolEntry(row.code, row.name, row.school_type, row.town, row.contact, row.phone)


def to_received(pack: FormPack, row: StoredSubmission) -> Received:
    values: dict[str, dict[str, Any]] = {}
    stored = json.loads(row.values_json)
    if (row.pack_id, row.pack_version) != (pack.id, pack.version):  # an earlier year's file: in pack's terms
        from desktop_app.bureau.versions import in_terms_of

        stored = in_terms_of(pack, row.pack_version, stored)
    for category_key, fields in stored.items():
        category = pack.category(category_key)
        values[category_key] = {key: from_json(category.field(key), data) for key, data in fields.items()}
    signatories = json.loads(row.signatories_json or "{}")
    submission = Submission(
        pack_id=row.pack_id,
        pack_version=row.pack_version,
        period=row.period,
        school_code=row.school_code,
        school_name=row.school_name,
        revision=row.revision,
        status=Status(row.status),
        values=values,
        explanations=json.loads(row.explanations_json or "{}"),
        signatories=Signatories(**{k: v for k, v in signatories.items() if k in _SIGNATORY_TEXT}),
        submitted_at=row.submitted_at,
    )
    return Received(submission, row.fingerprint, row.received_at, row.file_name)


_SIGNATORY_TEXT = ("head", "statistician", "preparer", "phone", "reviewer")
