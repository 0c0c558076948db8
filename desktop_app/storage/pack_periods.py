"""Which form pack each period is kept under, and the values carried over from last year (storage side).

A period's pack is written once, when the period is first used, and never changed by a later pack: an
earlier year stays under the pack it was reported with. A carried mark (上年数据，请核对) is removed by
the clerk's confirmation or by any change of that field, in the same transaction as the change.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from desktop_app.domain.values import now_iso
from desktop_app.storage.models import Carried, Period, Report
from desktop_app.storage.store import ReportKey, Store


@dataclass(frozen=True, slots=True)
class CarriedMark:
    category: str
    field: str
    from_period: str
    from_revision: int


def assign_pack(store: Store, period: str, kind: str, pack_id: str, version: str) -> None:
    """Record the pack a period is kept under, unless it already has one."""
    with store.write() as session:
        period_id = store.ensure_period(session, period, kind)
        session.execute(
            update(Period)
            .where(Period.id == period_id, Period.pack_id.is_(None))
            .values(pack_id=pack_id, pack_version=version)
        )


def period_packs(store: Store) -> dict[str, tuple[str, str]]:
    """period key → (pack id, version) of every period with a recorded pack."""
    session = store.read()
    try:
        query = select(Period.key, Period.pack_id, Period.pack_version).where(Period.pack_id.is_not(None))
        rows = session.execute(query)
        return {key: (str(pack_id), str(version)) for key, pack_id, version in rows}
    finally:
        store.end_read()


def marks(store: Store, period: str) -> dict[tuple[str, str], CarriedMark]:
    """The carried values of a period not yet checked, by (category, field); read once, then kept up to
    date by mark() and clear() (every autosave asks, so this costs no query)."""
    found = store.lasting.get(("carried", period))
    if found is None:
        found = store.lasting[("carried", period)] = _read_marks(store, period)
    return dict(found)


def _read_marks(store: Store, period: str) -> dict[tuple[str, str], CarriedMark]:
    session = store.read()
    try:
        query = (
            select(Report.category, Carried.field, Carried.from_period, Carried.from_revision)
            .join(Report, Carried.report_id == Report.id)
            .join(Period, Report.period_id == Period.id)
            .where(Period.key == period)
        )
        return {(c, f): CarriedMark(c, f, p, r) for c, f, p, r in session.execute(query)}
    finally:
        store.end_read()


def mark(store: Store, session: Session, key: ReportKey, kind: str, field: str, from_period: str,
         from_revision: int) -> None:  # fmt: skip
    """Inside the caller's transaction: the field's value came from last year."""
    report_id = store.report_id(session, key, create=True, kind=kind)
    session.add(Carried(report_id=report_id, field=field, from_period=from_period, from_revision=from_revision,
                        at=now_iso()))  # fmt: skip
    store.lasting.pop(("carried", key.period), None)  # read again after this transaction


def clear(store: Store, key: ReportKey, fields: list[str]) -> int:
    """Remove the marks of these fields (checked or changed); returns how many there were."""
    with store.write(key) as session:  # the report's views are read again, no other
        report_id = store.report_id(session, key)
        if report_id is None or not fields:
            return 0
        result = session.execute(delete(Carried).where(Carried.report_id == report_id, Carried.field.in_(fields)))
        store.lasting.pop(("carried", key.period), None)
        return int(getattr(result, "rowcount", 0) or 0)


def peek_period_packs(path: Path) -> dict[str, tuple[str, str]]:
    """The recorded pack of each period, read from the file without opening it for writing (no lock, no
    migration); empty when the file does not exist or predates the record."""
    import sqlite3

    if not path.is_file():
        return {}
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error:
        return {}
    try:
        rows = connection.execute("SELECT key, pack_id, pack_version FROM periods WHERE pack_id IS NOT NULL").fetchall()
    except sqlite3.Error:
        return {}
    finally:
        connection.close()
    return {str(key): (str(pack_id), str(version)) for key, pack_id, version in rows}
