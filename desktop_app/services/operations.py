"""The window's edits as typed operations, each answered with one `Changes` (as Anki's ops answer with
OpChanges): typed text, row operations, a 说明, the answer 本期无此项, undo and redo.

`apply` runs the operation through the same commands the command line uses (services.editing,
services.tables, the undo stack), turns a refusal or a storage fault into the Changes' `refused` text
(text the service refused stays listed as an error until replaced), and reads the answer once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from desktop_app.domain.text import Text
from desktop_app.services import answers, editing, tables
from desktop_app.services import period_data as data
from desktop_app.services.changes import EMPTY_CONFIRMED, Changes, EditResult
from desktop_app.services.edit_context import EditContext
from desktop_app.services.edits import (  # re-exported: the operations are named here too
    OP_NAMES,
    AddRow,
    ConfirmCarried,
    ConfirmEmpty,
    Edit,
    Explain,
    MoveRow,
    RemoveRow,
    SetText,
    Undo,
)
from desktop_app.services.refusals import EditRefused
from desktop_app.services.refused_text import Place
from desktop_app.services.undo import Step

if TYPE_CHECKING:
    from desktop_app.storage.store import ReportKey


EMPTY_CONFIRMED_TEXT = Text("本期无此项", "None this period")

# Refusals about where the text went (not about the text itself): nothing to keep in the field.
_NOT_THE_TEXT = frozenset(
    {
        "unknown_category",
        "unknown_field",
        "unknown_period",
        "wrong_period_kind",
        "report_submitted",
        "not_a_table",
        "unknown_column",
        "unknown_row",
        "not_editable",
    }
)


def apply(context: EditContext, op: Edit, period: str, source: str = "gui") -> Changes:
    """Carry out one edit in `period` (the window's) and answer with what changed."""
    from desktop_app.storage.errors import StorageError

    name = OP_NAMES[type(op)]
    try:
        touched, edit, row = _run(context, op, period, source)
    except (EditRefused, StorageError) as refusal:
        return _refused(context, op, period, refusal)
    return answers.changes(context, name, period, touched, edit=edit, row=row)


def _run(
    context: EditContext, op: Edit, period: str, source: str
) -> tuple[set[ReportKey], EditResult | None, str | None]:
    if isinstance(op, SetText):
        edit = editing.set_text(context, op.category, op.field, op.text, period, op.row, op.column, False, source)
        report = _report(context, op.category, period)
        context.refused.release(Place(report, op.field, edit.row if op.row is not None else None, op.column))
        return {report}, edit, None
    if isinstance(op, AddRow):
        uid = tables.add_row(context, op.category, op.field, period, dict(op.values), op.position, source)
        return {_report(context, op.category, period)}, None, uid
    if isinstance(op, RemoveRow):
        tables.remove_row(context, op.category, op.field, period, op.row, source)
        return {_report(context, op.category, period)}, None, None
    if isinstance(op, MoveRow):
        tables.move_row(context, op.category, op.field, period, op.row, op.to, source)
        return {_report(context, op.category, period)}, None, None
    if isinstance(op, Explain):
        editing.set_explanation(context, op.category, op.rule_id, op.text, period, source)
        return {_report(context, op.category, period)}, None, None
    if isinstance(op, ConfirmEmpty):
        text = EMPTY_CONFIRMED_TEXT.get(context.lang) if op.confirmed else ""
        editing.set_explanation(context, op.category, EMPTY_CONFIRMED, text, period, source)
        return {_report(context, op.category, period)}, None, None
    if isinstance(op, ConfirmCarried):
        from desktop_app.services.carry import confirm

        confirm(context, op.category, period, [op.field])
        return {_report(context, op.category, period)}, None, None
    steps = undo(context) if isinstance(op, Undo) else redo(context)
    touched = {step.key for step in steps}
    context.refused.release_reports(touched)  # the fields show what the store holds now
    return touched, None, None


def undo(context: EditContext) -> list[Step]:
    if not context.undo_stack.can_undo:
        raise EditRefused("nothing_to_undo")
    return context.undo_stack.undo(context.store, lambda step: _check_step(context, step))


def redo(context: EditContext) -> list[Step]:
    if not context.undo_stack.can_redo:
        raise EditRefused("nothing_to_redo")
    return context.undo_stack.redo(context.store, lambda step: _check_step(context, step))


def _check_step(context: EditContext, step: Step) -> None:
    """A step is undone or redone only where an edit could be made now (not into a submitted report)."""
    context.writable(context.category(step.key.category), step.key.period or None)


def _report(context: EditContext, category: str, period: str) -> ReportKey:
    target = context.category(category)
    return data.report_key(target, context.period_key(target, period))


def _refused(context: EditContext, op: Edit, period: str, refusal: Exception) -> Changes:
    """Nothing was written: typed text is kept as refused (listed as an error until replaced)."""
    from desktop_app.services.faults import clerk_text

    name = OP_NAMES[type(op)]
    said = clerk_text(refusal, context.lang)
    touched: set[ReportKey] = set()
    if isinstance(op, SetText) and getattr(refusal, "code", "") not in _NOT_THE_TEXT:
        place = _place(context, op, period)
        if place is not None:
            message = Text(clerk_text(refusal, "zh"), clerk_text(refusal, "en"))
            context.refused.hold(place, op.text, message)
            touched.add(place.report)
    return answers.changes(context, name, period, touched, refused=said)


def _place(context: EditContext, op: SetText, period: str) -> Place | None:
    try:
        category = context.category(op.category)
        report = _report(context, op.category, period)
        if op.row is None:
            return Place(report, op.field, None, None)
        uid = context.resolve_row(category, context.field(category, op.field), report.period, op.row)
    except EditRefused:
        return None
    return Place(report, op.field, uid, op.column)
