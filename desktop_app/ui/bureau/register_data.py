"""The register's checks and its database work, without Qt: run on the window's serial worker thread.

Every save is one transaction that re-checks what the table checked (another clerk may share the
PostgreSQL database), so a duplicate code or a renamed school with submissions is refused, never
written. The ledger is read here too, filtered in SQL so a city's thousands of lines stay cheap.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from desktop_app.bureau.records import SchoolEntry
from desktop_app.domain.identifiers import is_phone, is_school_code
from desktop_app.ui.i18n import tr

if TYPE_CHECKING:
    from desktop_app.bureau.store import BureauStore

COLUMNS = ("code", "name", "school_type", "town", "contact", "phone")
LEDGER_LIMIT = 5000  # the newest lines; older ones stay in the database


class Refused(Exception):
    """A save the database-side check refused; `column` is the cell to mark, the message says why."""

    def __init__(self, column: str, message: str) -> None:
        super().__init__(message)
        self.column = column


def check_entry(entry: SchoolEntry, others: Mapping[str, str]) -> dict[str, str]:
    """Messages by column for what is wrong with `entry`; `others` maps the other rows' codes to names."""
    problems: dict[str, str] = {}
    if not is_school_code(entry.code):
        problems["code"] = tr("register.bad_code", value=entry.code)
    elif entry.code in others:
        problems["code"] = tr("register.duplicate", value=entry.code, name=others[entry.code])
    if not entry.name:
        problems["name"] = tr("register.no_name")
    if not entry.school_type:
        problems["school_type"] = tr("register.no_type")
    if not entry.town:
        problems["town"] = tr("register.no_town")
    if entry.phone and not is_phone(entry.phone):
        problems["phone"] = tr("register.bad_phone", value=entry.phone)
    return problems


class StoreAccess:
    """One bureau store for the window's lifetime, opened (and migrated) on first use by a worker."""

    def __init__(self, target: str) -> None:
        self.target = target
        self._store: BureauStore | None = None
        self._lock = threading.Lock()

    def get(self) -> BureauStore:
        with self._lock:
            if self._store is None:
                from desktop_app.bureau.store import BureauStore

                self._store = BureauStore.open(self.target)
            return self._store

    def close(self) -> None:
        with self._lock:
            if self._store is not None:
                self._store.close()
                self._store = None


def submission_count(store: BureauStore, code: str) -> int:
    from sqlalchemy import func, select

    from desktop_app.bureau.models import StoredSubmission

    query = select(func.count()).select_from(StoredSubmission).where(StoredSubmission.school_code == code)
    with store.transaction() as session:
        return int(session.scalar(query) or 0)


def save_entry(store: BureauStore, entry: SchoolEntry, original: str | None) -> None:
    """Add (original None), update, or re-code a school, in one transaction; raise Refused if not allowed."""
    from sqlalchemy import func, select

    from desktop_app.bureau.models import School, StoredSubmission, utcnow

    with store.transaction() as session:
        if original != entry.code:
            taken = session.get(School, entry.code)
            if taken is not None:
                raise Refused("code", tr("register.duplicate", value=entry.code, name=taken.name))
        row = session.get(School, original) if original else None
        if row is not None and original != entry.code:
            count_query = select(func.count()).select_from(StoredSubmission)
            count = int(session.scalar(count_query.where(StoredSubmission.school_code == original)) or 0)
            if count:
                raise Refused("code", tr("register.code_locked", name=row.name, count=count))
            session.delete(row)
            session.flush()  # the old key goes before the new one arrives
            row = None
        if row is None:
            row = School(code=entry.code)
            session.add(row)
        row.name, row.school_type, row.town = entry.name, entry.school_type, entry.town
        row.contact, row.phone, row.updated_at = entry.contact, entry.phone, utcnow()


@dataclass(frozen=True, slots=True)
class LedgerLine:
    at: datetime  # local time, for display
    file_name: str
    sha256: str
    school_code: str | None
    period: str | None
    revision: int | None
    decision: str
    reason: str


PAPERS = "paper"  # the filter of every verified paper; "paper:<outcome>" of one outcome (paper.RECORDED)


def ledger_lines(store: BureauStore, decision: str | None, lang: str = "zh") -> tuple[list[LedgerLine], int]:
    """The newest lines of the import log (of one decision, or all) and how many it holds in all: the files
    imported (bureau_ledger) and the sealed papers verified (bureau_paper, decision "paper:<outcome>"),
    newest first."""
    from sqlalchemy import func, select

    from desktop_app.bureau.models import LedgerEntry
    from desktop_app.bureau.paper_log import paper_count, paper_log

    papers_only = decision is not None and (decision == PAPERS or decision.startswith(PAPERS + ":"))
    lines: list[LedgerLine] = []
    with store.transaction() as session:
        total = int(session.scalar(select(func.count()).select_from(LedgerEntry)) or 0)
        if not papers_only:
            query = select(LedgerEntry).order_by(LedgerEntry.id.desc()).limit(LEDGER_LIMIT)
            if decision:
                query = query.where(LedgerEntry.decision == decision)
            rows: list[Any] = list(session.scalars(query))
            lines = [
                LedgerLine(_local(row.at), row.file_name, row.file_sha256, row.school_code, row.period, row.revision,
                           row.decision, row.reason_en if lang == "en" else row.reason_zh)
                for row in rows
            ]  # fmt: skip
    if decision is None or papers_only:
        outcome = decision.partition(":")[2] if decision else None
        lines += [
            LedgerLine(_local(p.at), p.file_name, p.sha256, p.school_code, p.period, p.revision,
                       f"{PAPERS}:{p.outcome}", p.reason_en if lang == "en" else p.reason_zh)
            for p in paper_log(store, outcome or None, LEDGER_LIMIT)
        ]  # fmt: skip
        lines.sort(key=lambda line: line.at, reverse=True)
    return lines[:LEDGER_LIMIT], total + paper_count(store)


def _local(at: datetime) -> datetime:
    """Stored times are naive UTC (models.py); the clerk reads local time."""
    return at.replace(tzinfo=UTC).astimezone().replace(tzinfo=None)
