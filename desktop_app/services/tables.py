"""Row operations of table fields (add, remove, move, replace all), each undoable as one step."""

from __future__ import annotations

from typing import Any

from desktop_app.domain.messages import ValueProblem
from desktop_app.domain.pack import Category, Field, FieldType
from desktop_app.domain.values import Value, field_problems, from_json, to_json
from desktop_app.services import period_data as data
from desktop_app.services.changes import EditResult
from desktop_app.services.edit_context import EditContext, RowRef
from desktop_app.services.refusals import EditRefused
from desktop_app.services.undo import Step
from desktop_app.storage import writes


def _table(service: EditContext, category: str, table_field: str) -> tuple[Category, Field]:
    target_category = service.category(category)
    target = service.field(target_category, table_field)
    if target.type is not FieldType.TABLE:
        raise EditRefused("not_a_table", label=target.label.zh)
    return target_category, target


def row_cells(service: EditContext, target: Field, values: dict[str, Value]) -> dict[str, Any]:
    """The JSON cells of a new row, each checked for its column's type."""
    cells: dict[str, Any] = {}
    for column_key, value in values.items():
        if not any(column.key == column_key for column in target.columns):
            raise EditRefused("unknown_column", label=target.label.zh, key=column_key)
        column = target.column(column_key)
        try:
            cells[column_key] = to_json(column, from_json(column, to_json(column, value), service.pack))
        except (ValueProblem, AttributeError, TypeError) as error:
            raise EditRefused("wrong_value_type", label=column.label.zh, text=repr(value)[:60]) from error
    return {key: value for key, value in cells.items() if value is not None}


def add_row(
    service: EditContext,
    category: str,
    table_field: str,
    period: str | None,
    values: dict[str, Value],
    position: int | None,
    source: str,
) -> str:
    target_category, target = _table(service, category, table_field)
    cells = row_cells(service, target, values)
    key, kind = service.writable(target_category, period)
    uid = service.store.new_row_uid()
    with service.changing(target_category, target.key, key):
        at = writes.insert_row(service.store, key, kind, target.key, position, uid, cells, source)
    service.undo_stack.push([Step(key, kind, "insert", target.key, None, {"position": at, "cells": cells}, uid)])
    return uid


def remove_row(
    service: EditContext, category: str, table_field: str, period: str | None, row: RowRef, source: str
) -> None:
    target_category, target = _table(service, category, table_field)
    key, kind = service.writable(target_category, period)
    uid = service.resolve_row(target_category, target, key.period, row)
    with service.changing(target_category, target.key, key):
        position, cells = writes.delete_row(service.store, key, kind, target.key, uid, source)
    service.undo_stack.push([Step(key, kind, "delete", target.key, {"position": position, "cells": cells}, None, uid)])


def move_row(
    service: EditContext,
    category: str,
    table_field: str,
    period: str | None,
    row: RowRef,
    position: int,
    source: str,
) -> None:
    target_category, target = _table(service, category, table_field)
    key, kind = service.writable(target_category, period)
    uid = service.resolve_row(target_category, target, key.period, row)
    with service.changing(target_category, target.key, key):
        old, new = writes.move_row(service.store, key, kind, target.key, uid, position, source)
    service.undo_stack.push([Step(key, kind, "move", target.key, old, new, uid, "#position")])


def replace_rows(
    service: EditContext,
    category: Category,
    target: Field,
    rows: list[dict[str, Value]],
    period: str | None,
    strict: bool,
    source: str,
) -> EditResult:
    """Replace every row of a table (import, demo data): one undo step."""
    problems = field_problems(target, rows)
    if strict and problems:
        raise EditRefused.from_problem(problems[0])
    key, kind = service.writable(category, period)
    old_rows = data.table_value(service.store, service.pack, category, key.period, target.key)
    with service.store.write(key), service.changing(category, target.key, key):  # all or nothing
        steps = _replace(service, key, kind, target, rows, source)
    service.undo_stack.push(steps)
    return EditResult(category.key, target.key, key.period, old_rows, rows, problems=problems)


def _replace(
    service: EditContext, key: Any, kind: str, target: Field, rows: list[dict[str, Value]], source: str
) -> list[Step]:
    steps = []
    for uid, _cells in service.store.rows(key, target.key):
        position, cells = writes.delete_row(service.store, key, kind, target.key, uid, source)
        steps.append(Step(key, kind, "delete", target.key, {"position": position, "cells": cells}, None, uid))
    for index, row in enumerate(rows):
        cells = row_cells(service, target, row)
        uid = service.store.new_row_uid()
        writes.insert_row(service.store, key, kind, target.key, index, uid, cells, source)
        steps.append(Step(key, kind, "insert", target.key, None, {"position": index, "cells": cells}, uid))
    return steps
