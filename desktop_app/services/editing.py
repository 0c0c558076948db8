"""Saving one value: parse what was typed (or check a value given), store it, audit it, push its undo step.

parse → check → store (committed at once) → audit → undo stack. The command line and the window take
this one path, so they can never disagree about what was saved.
"""

from __future__ import annotations

from typing import Any

from desktop_app.domain.messages import ValueProblem
from desktop_app.domain.pack import Category, Field, FieldType
from desktop_app.domain.values import (
    Value,
    field_problems,
    from_json,
    parse_text,
    refuse_hidden_characters,
    to_json,
)
from desktop_app.services import tables
from desktop_app.services.changes import EditResult
from desktop_app.services.edit_context import EditContext, RowRef
from desktop_app.services.refusals import EditRefused
from desktop_app.services.undo import Step
from desktop_app.storage import writes


def set_text(
    context: EditContext,
    category: str,
    field: str,
    text: str,
    period: str | None,
    row: RowRef | None,
    column: str | None,
    strict: bool,
    source: str,
) -> EditResult:
    """Parse what was typed and save it; refuses unparseable text (and, if strict, failed checks)."""
    target_category, target, cell = target_of(context, category, field, row, column)
    try:
        value = parse_text(cell, text, context.pack)
    except ValueProblem as error:
        raise EditRefused.from_value_problem(error) from None
    return save(context, target_category, target, cell, value, period, row, strict, source)


def set_value(
    context: EditContext,
    category: str,
    field: str,
    value: Value,
    period: str | None,
    row: RowRef | None,
    column: str | None,
    strict: bool,
    source: str,
) -> EditResult:
    """Save an already-typed value (a whole table: a list of row dicts, replacing every row)."""
    target_category, target, cell = target_of(context, category, field, row, column)
    if cell.type is FieldType.DERIVED:
        raise EditRefused("not_editable", label=cell.label.zh)
    try:
        value = from_json(cell, to_json(cell, value), context.pack)
    except (ValueProblem, AttributeError, TypeError, KeyError) as error:
        raise EditRefused("wrong_value_type", label=cell.label.zh, text=repr(value)[:60]) from error
    try:  # the same characters are refused as in typed text
        for holder, item in _text_cells(cell, value):
            refuse_hidden_characters(holder, item)
    except ValueProblem as error:
        raise EditRefused.from_value_problem(error) from None
    if cell.type is FieldType.TABLE:
        return tables.replace_rows(context, target_category, target, value, period, strict, source)
    return save(context, target_category, target, cell, value, period, row, strict, source)


def target_of(
    context: EditContext, category: str, field: str, row: RowRef | None, column: str | None
) -> tuple[Category, Field, Field]:
    """(category, field, the cell's field): the field itself, or a table's column."""
    target_category = context.category(category)
    target = context.field(target_category, field)
    if row is None and column is None:
        return target_category, target, target
    if target.type is not FieldType.TABLE:
        raise EditRefused("not_a_table", label=target.label.zh)
    if column is None or not any(c.key == column for c in target.columns):
        raise EditRefused("unknown_column", label=target.label.zh, key=column or "")
    return target_category, target, target.column(column)


def save(
    context: EditContext,
    category: Category,
    target: Field,
    cell: Field,
    value: Value,
    period: str | None,
    row: RowRef | None,
    strict: bool,
    source: str,
) -> EditResult:
    problems = field_problems(cell, value)
    if strict and problems:
        raise EditRefused.from_problem(problems[0])
    key, kind = context.writable(category, period)
    store = context.store
    new = to_json(cell, value)
    with context.changing(category, target.key, key):  # a carried mark on the field goes with it
        if row is None:
            step = Step(key, kind, "field", target.key, None, new)
            old = writes.set_field(store, key, kind, target.key, new, source)
            uid = None
        elif context.is_new_row(category, target, key.period, row):
            # One past the last row: the value starts a new row (how a clerk types into the empty line).
            uid = store.new_row_uid()
            cells = {cell.key: new} if new is not None else {}
            at = writes.insert_row(store, key, kind, target.key, None, uid, cells, source)
            step = Step(key, kind, "insert", target.key, None, {"position": at, "cells": cells}, uid)
            old = None
        else:
            uid = context.resolve_row(category, target, key.period, row)
            step = Step(key, kind, "cell", target.key, None, new, row=uid, column=cell.key)
            old = writes.set_cell(store, key, kind, target.key, uid, cell.key, new, source)
    if step.op == "insert" or old != new or type(old) is not type(new):
        context.undo_stack.push([step if step.op == "insert" else _with_old(step, old)])
    return EditResult(
        category.key,
        target.key,
        key.period,
        from_json(cell, old, None) if old is not None else None,
        value,
        uid,
        cell.key if row is not None else None,
        problems,
    )


def set_explanation(
    context: EditContext, category: str, rule_id: str, text: str, period: str | None, source: str
) -> None:
    target = context.category(category)
    key, kind = context.writable(target, period)
    old = writes.set_explanation(context.store, key, kind, rule_id, text.strip(), source)
    context.undo_stack.push([Step(key, kind, "explanation", rule_id, old or None, text.strip() or None)])


def _text_cells(cell: Field, value: Value) -> list[tuple[Field, Value]]:
    """(field, value) of a scalar, or of every cell of a table's rows."""
    if cell.type is not FieldType.TABLE:
        return [(cell, value)]
    return [(column, row.get(column.key)) for row in value or [] for column in cell.columns]


def _with_old(step: Step, old: Any) -> Step:
    return Step(step.key, step.kind, step.op, step.field, old, step.new, step.row, step.column)
