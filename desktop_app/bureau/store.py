"""The bureau database (SQLite file or any SQLAlchemy URL): opened by the storage recipe the school's
database uses, and what it holds read back.

storage/database.py opens it: the same engine factory with the pragma contract (WAL, synchronous=FULL,
foreign keys asserted, busy timeout, one writer: every transaction begins IMMEDIATE on the store's one
connection) and the same migration runner with a verified backup of a file before its migration; the
bureau keeps its own models (bureau/models.py) and its own Alembic history (bureau/migrations, recorded in
its own version table, so that the bureau may share a PostgreSQL server with other applications).
The same migrations and the same queries run on SQLite and PostgreSQL. Where the database is when none
is named is the settings' business (services/settings.py `database_target`), not the store's.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, func, select
from sqlalchemy.orm import Session, sessionmaker

from desktop_app.bureau.models import LedgerEntry, School, StoredSubmission, utcnow
from desktop_app.bureau.records import Received, Rejection, SchoolEntry
from desktop_app.domain.pack import FormPack
from desktop_app.domain.submission import Signatories, Status, Submission
from desktop_app.domain.values import from_json
from desktop_app.storage.database import Database, open_database
from desktop_app.storage.migrate import Migrations

# The bureau's Alembic history; its version table is its own (the school's is alembic_version).
MIGRATIONS = Migrations(Path(__file__).resolve().parent / "migrations", version_table="bureau_alembic_version",
                        advisory_lock=74170115)  # fmt: skip
# An import by another bureau process may hold the write lock for a whole file's commit: wait longer.
BUSY_TIMEOUT_S = 30.0


def open_bureau_database(target: str | Path, backups_keep: int = 10) -> Database:
    """The bureau's database at a file path or a SQLAlchemy URL, at the newest schema."""
    # Several workers of one process open it at once (the window's panels, an import): a sibling may be
    # creating it or hold locks on it (storage.engine.check_sqlite_path, shared).
    return open_database(target, create_folder=False, backups_keep=backups_keep, migrations=MIGRATIONS,
                         busy_timeout_s=BUSY_TIMEOUT_S, shared=True)  # fmt: skip


class BureauStore:
    """The bureau database: sessions for the pipeline, look-ups for the views."""

    def __init__(self, database: Database) -> None:
        self.database = database
        self.engine: Engine = database.engine
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    @classmethod
    def open(cls, target: str | Path) -> BureauStore:
        """The store over the database at `target` (a file path or a URL; see services.settings.database_target
        for the one chosen when the user names none)."""
        return cls(open_bureau_database(target))

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def close(self) -> None:
        self.database.close()

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One unit of work (register edits): committed whole and durably, or rolled back whole."""
        with self._sessions() as session, session.begin():
            yield session

    @contextmanager
    def import_connection(self) -> Iterator[Connection]:
        """One connection for a batch of imported files (each file still gets its own transaction, from
        `connection.begin()`). On SQLite in WAL mode the commits do not wait for fsync: see
        storage.engine.synchronous_level. It is the store's one connection, held for the batch (#7)."""
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
