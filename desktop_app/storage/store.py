"""The repository: every read and write of reports, values, table rows, 说明 and the audit trail.

Values cross this boundary in their JSON form (domain.values.to_json), stored as JSON text; the
service turns them into typed values. Each public write method is one transaction, committed before
it returns (autosave), and writes its own audit entries in that same transaction.
"""

from __future__ import annotations

import functools
import json
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from sqlalchemy import bindparam, delete, func, select, update
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from desktop_app.domain.values import now_iso
from desktop_app.storage.errors import DatabaseBusy, DiskFull, ReadOnlyFile, ReadOnlyLocation, WriteFailed
from desktop_app.storage.models import (
    PROFILE_PERIOD,
    AuditEntry,
    CellValue,
    Explanation,
    FieldValue,
    Meta,
    Period,
    Report,
    School,
    TableRow,
)

if TYPE_CHECKING:
    from desktop_app.storage.database import Database

Json = Any
T = TypeVar("T")


def dumps(value: Json) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def loads(text: str | None) -> Json:
    return None if text is None else json.loads(text)


@dataclass(frozen=True, slots=True)
class ReportKey:
    category: str
    period: str  # "" for the profile


@dataclass(frozen=True, slots=True)
class AuditRecord:
    """One entry of the audit trail, with its values in JSON form."""

    at: str
    category: str
    period: str
    field: str
    row: str | None
    column: str | None
    old: Json
    new: Json
    revision: int
    source: str


@dataclass(frozen=True)
class PeriodContents:
    """A period's stored JSON values: category → field → value, and category → table → [(uid, cells)]."""

    scalars: dict[str, dict[str, Json]]
    tables: dict[str, dict[str, list[tuple[str, dict[str, Json]]]]]


# The reads an edit repeats (one report's values and 说明, read again after it) are built once.
_SCALARS = (
    select(Report.category, FieldValue.field, FieldValue.value_json)
    .join(Report, FieldValue.report_id == Report.id)
    .join(Period, Report.period_id == Period.id)
    .where(Period.key == bindparam("period"))
)
_SCALARS_OF_ONE = _SCALARS.where(Report.category == bindparam("category"))
_ROWS = (
    select(Report.category, TableRow.field, TableRow.uid, CellValue.column, CellValue.value_json)
    .join(Report, TableRow.report_id == Report.id)
    .join(Period, Report.period_id == Period.id)
    .outerjoin(CellValue, CellValue.row_id == TableRow.id)
    .where(Period.key == bindparam("period"))
    .order_by(Report.category, TableRow.field, TableRow.position, TableRow.id)
)
_ROWS_OF_ONE = _ROWS.where(Report.category == bindparam("category"))
_NOTES_OF_REPORT = select(Explanation.rule_id, Explanation.text).where(Explanation.report_id == bindparam("report_id"))


def _reading(method: Callable[..., T]) -> Callable[..., T]:
    @functools.wraps(method)
    def wrapper(self: Store, *args: Any, **kwargs: Any) -> T:
        try:
            return method(self, *args, **kwargs)
        finally:
            self.end_read()

    return wrapper


class Store:
    def __init__(self, database: Database) -> None:
        self.database = database
        self._session = Session(database.engine, expire_on_commit=False, autoflush=False)
        self._reports: dict[ReportKey, int] = {}
        self._school_id: int | None = None
        self._depth = 0
        self._status: dict[ReportKey, tuple[str, int]] = {}
        self._all_statuses = False  # every report's state is in _status (read at once, see report_status)
        # Bumped by every committed write: readers cache what they read against it (one writer: us).
        self.generation = 0
        self.cache: dict[Any, tuple[int, Any]] = {}
        # Which reports each write changed, so a reader can keep what it read of the others: a write
        # names its report (`write(key)`); one that names none (states, restores, a rollback) is "wide"
        # and changes everything as far as readers know.
        self.wide_generation = 0
        self.report_generations: dict[ReportKey, int] = {}
        self._touched: set[ReportKey] = set()
        self._wide = False
        # Kept across writes by the code that changes it (this process is the only writer); cleared on rollback.
        self.lasting: dict[Any, Any] = {}

    def close(self) -> None:
        self._session.close()
        self.database.close()

    # transactions ---------------------------------------------------------------------------

    @contextmanager
    def write(self, key: ReportKey | None = None) -> Iterator[Session]:
        """One committed transaction; a failure rolls back everything and leaves saved data as it was.

        Nested uses join the outer transaction, which commits once at its end (all or nothing).
        `key`: the one report this write changes (see `changed_since`); without it, any data may change.
        """
        session = self._session
        if self.database.read_only:
            raise ReadOnlyLocation(self.database.target)  # before anything: viewing only
        if key is None:
            self._wide = True
        else:
            self._touched.add(key)
        if self._depth:
            self._depth += 1
            try:
                yield session
                self.generation += 1  # what was read before this write is out of date, even uncommitted
                self._committed()  # and readers inside the transaction see which reports it changed
            finally:
                self._depth -= 1
            return
        self._depth = 1
        try:
            yield session
            session.flush()
            session.commit()
            self.generation += 1
            self._committed()
        except OperationalError as error:
            session.rollback()
            self._forget()
            message = str(error.orig)
            if "full" in message:
                raise DiskFull(self.database.target) from error
            if "readonly" in message:
                raise ReadOnlyFile(self.database.target) from error
            if "locked" in message or "busy" in message:
                raise DatabaseBusy(self.database.target) from error
            raise WriteFailed(self.database.target, detail=message) from error
        except BaseException:
            session.rollback()
            self._forget()
            raise
        finally:
            self._depth = 0
            self._touched.clear()
            self._wide = False

    def _committed(self) -> None:
        if self._wide:
            self.wide_generation = self.generation
        for key in self._touched:
            self.report_generations[key] = self.generation

    def changed_since(self, generation: int, keys: Iterable[ReportKey] | None = None) -> bool:
        """Whether a committed write after `generation` may have changed these reports (any data, when
        `keys` is None): what a reader read at `generation` of the other reports still holds."""
        if self.generation == generation:
            return False
        if keys is None or self.wide_generation > generation:
            return True
        return any(self.report_generations.get(key, 0) > generation for key in keys)

    def _forget(self) -> None:
        """After a rollback: ids and states learnt in the rolled-back transaction may be gone."""
        self.generation += 1
        self.wide_generation = self.generation
        self.lasting.clear()
        self._reports.clear()
        self._status.clear()
        self._all_statuses = False
        self._school_id = None

    def read(self) -> Session:
        return self._session

    def end_read(self) -> None:
        """End a read outside any write, so no transaction stays open between edits."""
        if not self._depth and self._session.in_transaction():
            self._session.rollback()

    # reports --------------------------------------------------------------------------------

    def _school(self, session: Session) -> int:
        if self._school_id is None:
            found = session.scalar(select(School.id).order_by(School.id).limit(1))
            if found is None:
                school = School(created_at=now_iso())
                session.add(school)
                session.flush()
                found = school.id
            self._school_id = found
        return self._school_id

    def _period_id(self, session: Session, key: str, kind: str) -> int:
        found = session.scalar(select(Period.id).where(Period.key == key))
        if found is None:
            period = Period(key=key, kind=kind)
            session.add(period)
            session.flush()
            found = period.id
            self._wide = True  # a new period: what readers know of the periods is out of date
        return found

    def ensure_period(self, session: Session, key: str, kind: str) -> int:
        """The id of a period's row, made when it is first used (in the caller's transaction)."""
        return self._period_id(session, key, kind)

    def report_id(self, session: Session, key: ReportKey, create: bool = False, kind: str = "") -> int | None:
        if key in self._reports:
            return self._reports[key]
        found = session.scalar(
            select(Report.id)
            .join(Period, Report.period_id == Period.id)
            .where(Report.category == key.category, Period.key == key.period)
        )
        if found is None and create:
            report = Report(
                school_id=self._school(session),
                category=key.category,
                period_id=self._period_id(session, key.period, kind or "profile"),
                status="draft",
                revision=1,
                updated_at=now_iso(),
            )
            session.add(report)
            session.flush()
            found = report.id
        if found is not None:
            self._reports[key] = found
        return found

    @_reading
    def report_state(self, key: ReportKey) -> tuple[str, int, str] | None:
        """(status, revision, updated_at) of a report, or None when nothing was ever saved."""
        session = self.read()
        report_id = self.report_id(session, key)
        if report_id is None:
            return None
        report = session.get(Report, report_id)
        assert report is not None
        return report.status, report.revision, report.updated_at

    def report_status(self, key: ReportKey) -> tuple[str, int]:
        """(status, revision), remembered: this process is the only writer, so it cannot go stale.

        The first call reads every report's state in one query (the window shows them all at start);
        a report never saved is a draft of revision 1."""
        if not self._all_statuses:
            self._read_statuses()
        return self._status.get(key, ("draft", 1))

    @_reading
    def _read_statuses(self) -> None:
        rows = self.read().execute(
            select(Report.category, Period.key, Report.status, Report.revision).join(
                Period, Report.period_id == Period.id
            )
        )
        for category, period, status, revision in rows:
            self._status.setdefault(ReportKey(category, period), (status, revision))
        self._all_statuses = True

    def set_report_state(self, key: ReportKey, status: str, revision: int, kind: str = "") -> None:
        with self.write() as session:
            report_id = self.report_id(session, key, create=True, kind=kind)
            session.execute(update(Report).where(Report.id == report_id).values(status=status, revision=revision))
        self._status[key] = (status, revision)

    @_reading
    def periods(self) -> list[str]:
        keys = self.read().scalars(select(Period.key).where(Period.key != PROFILE_PERIOD).order_by(Period.key))
        return list(keys)

    # scalar values ------------------------------------------------------------------------

    @_reading
    def values(self, key: ReportKey) -> dict[str, Json]:
        session = self.read()
        report_id = self.report_id(session, key)
        if report_id is None:
            return {}
        rows = session.execute(select(FieldValue.field, FieldValue.value_json).where(FieldValue.report_id == report_id))
        return {field: loads(text) for field, text in rows}

    @_reading
    def rows(self, key: ReportKey, field: str) -> list[tuple[str, dict[str, Json]]]:
        """The rows of a table field in order: (row uid, column → JSON value)."""
        session = self.read()
        report_id = self.report_id(session, key)
        if report_id is None:
            return []
        result: dict[str, dict[str, Json]] = {}
        query = (
            select(TableRow.uid, CellValue.column, CellValue.value_json)
            .outerjoin(CellValue, CellValue.row_id == TableRow.id)
            .where(TableRow.report_id == report_id, TableRow.field == field)
            .order_by(TableRow.position, TableRow.id)
        )
        for uid, column, text in session.execute(query):
            cells = result.setdefault(uid, {})
            if column is not None:
                cells[column] = loads(text)
        return list(result.items())

    @_reading
    def period_contents(self, period: str, category: str | None = None) -> PeriodContents:
        """Every stored value of one period (scalars and table cells), read in two queries; with
        `category`, only that category's (one report: what an edit changed, read again after it)."""
        session = self.read()
        scalars: dict[str, dict[str, Json]] = {}
        params = {"period": period, "category": category}
        one = category is not None
        for owner, field, text in session.execute(_SCALARS_OF_ONE if one else _SCALARS, params):
            scalars.setdefault(owner, {})[field] = loads(text)
        tables: dict[str, dict[str, dict[str, dict[str, Json]]]] = {}
        for owner, field, uid, column, text in session.execute(_ROWS_OF_ONE if one else _ROWS, params):
            cells = tables.setdefault(owner, {}).setdefault(field, {}).setdefault(uid, {})
            if column is not None:
                cells[column] = loads(text)
        return PeriodContents(
            scalars,
            {c: {f: list(r.items()) for f, r in fields.items()} for c, fields in tables.items()},
        )

    @_reading
    def period_explanations(self, period: str) -> dict[str, dict[str, str]]:
        """Every 说明 of one period: category → rule id → text, in one query."""
        query = (
            select(Report.category, Explanation.rule_id, Explanation.text)
            .join(Report, Explanation.report_id == Report.id)
            .join(Period, Report.period_id == Period.id)
            .where(Period.key == period)
        )
        result: dict[str, dict[str, str]] = {}
        for category, rule_id, text in self.read().execute(query):
            result.setdefault(category, {})[rule_id] = text
        return result

    @_reading
    def table_fields(self, key: ReportKey) -> list[str]:
        session = self.read()
        report_id = self.report_id(session, key)
        if report_id is None:
            return []
        return list(session.scalars(select(TableRow.field).where(TableRow.report_id == report_id).distinct()))

    @_reading
    def explanations(self, key: ReportKey) -> dict[str, str]:
        session = self.read()
        report_id = self.report_id(session, key)
        if report_id is None:
            return {}
        rows = session.execute(_NOTES_OF_REPORT, {"report_id": report_id})
        return {rule_id: text for rule_id, text in rows}

    @_reading
    def audit(self, key: ReportKey) -> list[AuditRecord]:
        query = (
            select(AuditEntry)
            .where(AuditEntry.category == key.category, AuditEntry.period_key == key.period)
            .order_by(AuditEntry.id)
        )
        return [
            AuditRecord(
                entry.at,
                entry.category,
                entry.period_key,
                entry.field,
                entry.row_uid,
                entry.column,
                loads(entry.old_json),
                loads(entry.new_json),
                entry.revision,
                entry.source,
            )
            for entry in self.read().scalars(query)
        ]

    @_reading
    def meta(self, name: str) -> str | None:
        return self.read().scalar(select(Meta.value).where(Meta.key == name))

    def set_meta(self, name: str, value: str) -> None:
        with self.write() as session:
            session.merge(Meta(key=name, value=value))

    @_reading
    def has_any_value(self) -> bool:
        session = self.read()
        return bool(
            session.scalar(select(func.count(FieldValue.id))) or session.scalar(select(func.count(TableRow.id)))
        )

    @staticmethod
    def new_row_uid() -> str:
        return uuid.uuid4().hex

    def delete_report_values(self, session: Session, report_id: int) -> None:
        session.execute(delete(FieldValue).where(FieldValue.report_id == report_id))
        session.execute(delete(TableRow).where(TableRow.report_id == report_id))
