"""The write operations of the store: each one transaction with its audit entry, committed at once.

Table rows keep positions 0…n-1 without gaps; inserting or removing shifts the rows after it.
Audit of row operations: adding and removing record {"position", "cells"}; moving records the
positions under the column "#position".
"""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import Table, bindparam, delete, insert, select, update
from sqlalchemy.orm import Session

from desktop_app.domain.values import now_iso
from desktop_app.storage.models import AuditEntry, CellValue, Explanation, FieldValue, Report, TableRow
from desktop_app.storage.store import ReportKey, Store, dumps, loads

Json = Any
POSITION_COLUMN = "#position"
EXPLANATION_PREFIX = "说明:"


# The autosave path (one scalar field) runs on every edit: its statements are built once, on the
# tables rather than the ORM classes, so that an edit costs little more than SQLite's own commit.
_REPORTS = cast(Table, Report.__table__)
_VALUES = cast(Table, FieldValue.__table__)
_TOUCH_REPORT = (
    update(_REPORTS)
    .where(_REPORTS.c.id == bindparam("report_id"))
    .values(updated_at=bindparam("at"))
    .returning(_REPORTS.c.revision)
)
_FIND_VALUE = select(_VALUES.c.id, _VALUES.c.value_json).where(
    _VALUES.c.report_id == bindparam("report_id"), _VALUES.c.field == bindparam("field")
)
_INSERT_VALUE = insert(_VALUES)
_UPDATE_VALUE = update(_VALUES).where(_VALUES.c.id == bindparam("value_id")).values(value_json=bindparam("json"))
_DELETE_VALUE = delete(_VALUES).where(_VALUES.c.id == bindparam("value_id"))
_INSERT_AUDIT = insert(cast(Table, AuditEntry.__table__))


def _begin(store: Store, session: Session, key: ReportKey, kind: str) -> tuple[int, int]:
    report_id = store.report_id(session, key, create=True, kind=kind)
    assert report_id is not None
    revision = session.connection().execute(_TOUCH_REPORT, {"report_id": report_id, "at": now_iso()}).scalar()
    return report_id, int(revision or 1)


def _audit(
    session: Session,
    key: ReportKey,
    revision: int,
    source: str,
    field: str,
    old: Json,
    new: Json,
    row: str | None = None,
    column: str | None = None,
) -> None:
    session.connection().execute(
        _INSERT_AUDIT,
        {
            "at": now_iso(), "category": key.category, "period_key": key.period, "field": field, "row_uid": row,
            "column": column, "old_json": None if old is None else dumps(old),
            "new_json": None if new is None else dumps(new), "revision": revision, "source": source,
        },
    )  # fmt: skip


def set_field(store: Store, key: ReportKey, kind: str, field: str, new: Json, source: str) -> Json:
    """Store a scalar field's JSON value (None removes it); returns the old JSON value."""
    with store.write(key) as session:
        report_id, revision = _begin(store, session, key, kind)
        connection = session.connection()
        found = connection.execute(_FIND_VALUE, {"report_id": report_id, "field": field}).first()
        old = loads(found.value_json) if found is not None else None
        if old == new and type(old) is type(new):
            return old  # nothing changed: no write, no audit entry
        if found is None:
            connection.execute(_INSERT_VALUE, {"report_id": report_id, "field": field, "value_json": dumps(new)})
        elif new is None:
            connection.execute(_DELETE_VALUE, {"value_id": found.id})
        else:
            connection.execute(_UPDATE_VALUE, {"value_id": found.id, "json": dumps(new)})
        _audit(session, key, revision, source, field, old, new)
    return old


def audit_note(store: Store, key: ReportKey, kind: str, field: str, value: Json, source: str) -> None:
    """An audit entry that changes nothing: the clerk checked a value (e.g. one carried from last year)."""
    with store.write() as session:
        _report_id, revision = _begin(store, session, key, kind)
        _audit(session, key, revision, source, field, value, value)


def _row(session: Session, report_id: int, field: str, uid: str) -> TableRow:
    found = session.scalars(
        select(TableRow).where(TableRow.report_id == report_id, TableRow.field == field, TableRow.uid == uid)
    ).first()
    if found is None:
        raise KeyError(uid)
    return found


_ROWS = cast(Table, TableRow.__table__)
_CELLS = cast(Table, CellValue.__table__)
_FIND_ROW = select(_ROWS.c.id).where(
    _ROWS.c.report_id == bindparam("report_id"), _ROWS.c.field == bindparam("field"), _ROWS.c.uid == bindparam("uid")
)
_FIND_CELL = select(_CELLS.c.id, _CELLS.c.value_json).where(
    _CELLS.c.row_id == bindparam("row_id"), _CELLS.c.column == bindparam("column")
)
_INSERT_CELL = insert(_CELLS)
_UPDATE_CELL = update(_CELLS).where(_CELLS.c.id == bindparam("cell_id")).values(value_json=bindparam("json"))
_DELETE_CELL = delete(_CELLS).where(_CELLS.c.id == bindparam("cell_id"))


def set_cell(
    store: Store, key: ReportKey, kind: str, field: str, uid: str, column: str, new: Json, source: str
) -> Json:
    with store.write(key) as session:
        report_id, revision = _begin(store, session, key, kind)
        connection = session.connection()
        row_id = connection.execute(_FIND_ROW, {"report_id": report_id, "field": field, "uid": uid}).scalar()
        if row_id is None:
            raise KeyError(uid)
        cell = connection.execute(_FIND_CELL, {"row_id": row_id, "column": column}).first()
        old = loads(cell.value_json) if cell is not None else None
        if old == new and type(old) is type(new):
            return old
        if cell is None and new is not None:
            connection.execute(_INSERT_CELL, {"row_id": row_id, "column": column, "value_json": dumps(new)})
        elif cell is not None and new is None:
            connection.execute(_DELETE_CELL, {"cell_id": cell.id})
        elif cell is not None:
            connection.execute(_UPDATE_CELL, {"cell_id": cell.id, "json": dumps(new)})
        _audit(session, key, revision, source, field, old, new, row=uid, column=column)
    return old


def _count(session: Session, report_id: int, field: str) -> int:
    return len(
        session.scalars(select(TableRow.id).where(TableRow.report_id == report_id, TableRow.field == field)).all()
    )


def _shift(session: Session, report_id: int, field: str, start: int, by: int) -> None:
    session.execute(
        update(TableRow)
        .where(TableRow.report_id == report_id, TableRow.field == field, TableRow.position >= start)
        .values(position=TableRow.position + by)
    )


def insert_row(
    store: Store,
    key: ReportKey,
    kind: str,
    field: str,
    position: int | None,
    uid: str,
    cells: dict[str, Json],
    source: str,
) -> int:
    """Insert a row at `position` (None: at the end); returns the position used."""
    with store.write(key) as session:
        report_id, revision = _begin(store, session, key, kind)
        count = _count(session, report_id, field)
        at = count if position is None else max(0, min(position, count))
        _shift(session, report_id, field, at, 1)
        table_row = TableRow(report_id=report_id, field=field, uid=uid, position=at)
        session.add(table_row)
        session.flush()
        for column, value in cells.items():
            if value is not None:
                session.add(CellValue(row_id=table_row.id, column=column, value_json=dumps(value)))
        _audit(session, key, revision, source, field, None, {"position": at, "cells": cells}, row=uid)
    return at


def delete_row(
    store: Store, key: ReportKey, kind: str, field: str, uid: str, source: str
) -> tuple[int, dict[str, Json]]:
    """Remove a row; returns its position and cells (what undo needs to put it back)."""
    with store.write(key) as session:
        report_id, revision = _begin(store, session, key, kind)
        table_row = _row(session, report_id, field, uid)
        position = table_row.position
        cells = {
            column: loads(text)
            for column, text in session.execute(
                select(CellValue.column, CellValue.value_json).where(CellValue.row_id == table_row.id)
            )
        }
        session.execute(delete(CellValue).where(CellValue.row_id == table_row.id))
        session.delete(table_row)
        session.flush()
        _shift(session, report_id, field, position + 1, -1)
        _audit(session, key, revision, source, field, {"position": position, "cells": cells}, None, row=uid)
    return position, cells


def move_row(
    store: Store, key: ReportKey, kind: str, field: str, uid: str, position: int, source: str
) -> tuple[int, int]:
    """Move a row to `position` (clamped to the table); returns its old and new positions."""
    with store.write(key) as session:
        report_id, revision = _begin(store, session, key, kind)
        table_row = _row(session, report_id, field, uid)
        old = table_row.position
        count = _count(session, report_id, field)
        new = max(0, min(position, count - 1))
        if new != old:
            _shift(session, report_id, field, old + 1, -1)
            _shift(session, report_id, field, new, 1)
            session.execute(update(TableRow).where(TableRow.id == table_row.id).values(position=new))
        _audit(session, key, revision, source, field, old, new, row=uid, column=POSITION_COLUMN)
    return old, new


def set_explanation(store: Store, key: ReportKey, kind: str, rule_id: str, text: str, source: str) -> str:
    """Store the 说明 for a warning ("" removes it); returns the old text ("" when none)."""
    with store.write(key) as session:
        report_id, revision = _begin(store, session, key, kind)
        found = session.scalars(
            select(Explanation).where(Explanation.report_id == report_id, Explanation.rule_id == rule_id)
        ).first()
        old = found.text if found is not None else ""
        if found is None and text:
            session.add(Explanation(report_id=report_id, rule_id=rule_id, text=text, updated_at=now_iso()))
        elif found is not None and not text:
            session.delete(found)
        elif found is not None:
            found.text = text
            found.updated_at = now_iso()
        _audit(session, key, revision, source, EXPLANATION_PREFIX + rule_id, old or None, text or None)
    return old
