"""ReportingService: the one path every edit takes, from the command line and the window alike.

parse → check → store (committed at once) → audit → undo stack. Reading, validation and progress
are here too, so that the GUI and the CLI can never disagree about what was saved or what is wrong.
"""

from __future__ import annotations

import contextlib
import dataclasses
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop_app.domain.messages import Problem, ValueProblem
from desktop_app.domain.pack import Category, Field, FieldType, FormPack, PeriodKind
from desktop_app.domain.periods import PeriodKeyError, kind_of
from desktop_app.domain.values import (
    Value,
    field_problems,
    from_json,
    parse_text,
    refuse_hidden_characters,
    to_json,
)
from desktop_app.services import period_data as data
from desktop_app.services.refusals import EditRefused
from desktop_app.services.undo import Step, UndoStack
from desktop_app.storage import writes

if TYPE_CHECKING:
    from desktop_app.domain.submission import Submission
    from desktop_app.domain.validation import Issue
    from desktop_app.services.carry import CarryResult
    from desktop_app.services.packs import PackShelf
    from desktop_app.services.progress import CategoryState
    from desktop_app.storage.store import AuditRecord, Store

RowRef = int | str  # a 0-based index, or a row's stable id


@dataclass(frozen=True, slots=True)
class EditResult:
    category: str
    field: str
    period: str
    old: Value
    new: Value
    row: str | None = None  # the row's stable id, for table cells and row operations
    column: str | None = None
    problems: list[Problem] = dataclasses.field(default_factory=list)  # field checks that failed (saved anyway)


class ReportingService:
    def __init__(self, store: Store, pack: FormPack, lang: str = "zh") -> None:
        self.store = store
        self.pack = pack
        self.lang = lang
        self.undo_stack = UndoStack()
        # Whether the PDF prints a character: this machine's fonts unless injected (tests, another machine).
        self.printable: Callable[[str], bool] | None = None
        self.shelf: PackShelf | None = None  # the installed packs: earlier years open under their own
        self.assigned: set[str] = set()  # periods whose pack is known to be recorded
        self._siblings: dict[str, ReportingService] = {}

    @classmethod
    def open(cls, db: str | Path | None = None, pack: FormPack | None = None, lang: str = "zh",
             read_only: bool = False, shelf: PackShelf | None = None) -> ReportingService:
        """The service over a database; `read_only`: a file in a read-only place (view and export only)."""
        from desktop_app.storage.database import open_database, open_read_only
        from desktop_app.storage.store import Store

        if pack is None:  # the shipped pack, parsed once and then read from its cache
            from desktop_app.services.pack_cache import load_pack_cached

            pack = load_pack_cached()
        if db is None:
            from desktop_app.services.settings import default_database_path

            database = open_database(default_database_path(), create_folder=True)
        elif read_only:
            database = open_read_only(Path(db))
        else:
            database = open_database(db)
        store = Store(database)
        try:
            if not read_only and store.meta("pack") != f"{pack.id} {pack.version}":
                store.set_meta("pack", f"{pack.id} {pack.version}")
            store.end_read()
        except BaseException as error:
            store.close()
            from sqlalchemy.exc import OperationalError

            if isinstance(error, OperationalError) and database.path is not None:
                # SQLite could not open it (a full disk stops the -shm file): said, never called damage
                from desktop_app.storage.errors import open_failure

                raise open_failure(database.path, str(error.orig)) from error
            raise
        service = cls(store, pack, lang)
        service.shelf = shelf
        return service

    def close(self) -> None:
        self.store.close()

    # form packs per period -------------------------------------------------------------------

    def for_period(self, period: str | None) -> ReportingService:
        """The service for a period kept under another pack version (an earlier year), sharing this
        database; this service itself for its own pack's periods."""
        from desktop_app.services.pack_years import pack_for

        pack = pack_for(self, period)
        if pack is self.pack or (pack.id, pack.version) == (self.pack.id, self.pack.version):
            return self
        sibling = self._siblings.get(pack.version)
        if sibling is None:
            sibling = self._siblings[pack.version] = ReportingService(self.store, pack, self.lang)
            sibling.shelf, sibling.printable = self.shelf, self.printable
        return sibling

    def start_period(self, period: str | None = None) -> CarryResult | None:
        """A new period's first opening: last year's carried values filled in and marked (once)."""
        from desktop_app.services.carry import start_period

        return start_period(self, self._period_of(period))

    def carried(self, category: str, period: str | None = None) -> list[str]:
        """The fields of the category still marked 上年数据，请核对."""
        from desktop_app.services.carry import marks

        target = self.category(category)
        key = data.report_key(target, self.period_key(target, period))
        return [field for (owner, field) in marks(self, key.period) if owner == target.key]

    def confirm_carried(self, category: str, period: str | None = None, fields: list[str] | None = None) -> list[str]:
        """The clerk has checked carried values: their marks go (with an audit entry each)."""
        from desktop_app.services.carry import confirm

        return confirm(self, category, period, fields)

    @contextlib.contextmanager
    def changing(self, category: Category, field: str, key: Any) -> Iterator[None]:
        """Around a change of a field: a carried mark on it goes in the same transaction."""
        from desktop_app.services.carry import marks

        if (category.key, field) not in marks(self, key.period):
            yield
            return
        from desktop_app.storage import pack_periods

        with self.store.write():
            yield
            pack_periods.clear(self.store, key, [field])

    # look-ups --------------------------------------------------------------------------------

    def category(self, key: str) -> Category:
        if not self.pack.has_category(key):
            raise EditRefused("unknown_category", key=key)
        return self.pack.category(key)

    def field(self, category: Category, key: str) -> Field:
        if not category.has_field(key):
            raise EditRefused("unknown_field", category=category.label.zh, key=key)
        return category.field(key)

    def period_key(self, category: Category | None, period: str | None) -> str:
        """The period a category's values live in ("" for the profile); refuses a wrong kind."""
        if category is not None and category.period_kind is PeriodKind.PROFILE:
            return ""
        key = period or self.default_period_for(category)
        try:
            kind = kind_of(key)
        except PeriodKeyError:
            raise EditRefused("unknown_period", key=key) from None
        if category is not None and category.period_kind is not kind:
            expected = "学年学期" if category.period_kind is PeriodKind.SEMESTER else "年度"
            raise EditRefused("wrong_period_kind", category=category.label.zh, expected=expected, period=key)
        return key

    def default_period_for(self, category: Category | None) -> str:
        """The pack's period of the category's kind (the annual one when no category is given)."""
        if category is not None:
            for spec in self.pack.periods:
                if spec.kind is category.period_kind:
                    return spec.key
        return self.pack.default_period.key

    def _period_of(self, period: str | None) -> str:
        return self.period_key(None, period)

    # reading ---------------------------------------------------------------------------------

    def profile(self) -> dict[str, Value]:
        return data.category_values(self.store, self.pack, self.pack.profile, "")

    def school_type(self) -> str | None:
        value = self.profile().get("school_type")
        return value if isinstance(value, str) else None

    def values(self, category: str, period: str | None = None) -> dict[str, Value]:
        target = self.category(category)
        return data.category_values(self.store, self.pack, target, self.period_key(target, period))

    def period_values(self, period: str | None = None) -> dict[str, dict[str, Value]]:
        return data.period_values(self.store, self.pack, self._period_of(period))

    def derived(self, category: str, period: str | None = None) -> dict[str, Value]:
        from desktop_app.domain.evaluation import compute_derived

        target = self.category(category)
        key = self.period_key(target, period) or self.pack.default_period.key  # the profile: any period
        values = data.period_values(self.store, self.pack, key)
        from desktop_app.services.pack_years import previous_values

        return compute_derived(self.pack, target.key, values, previous_values(self, key))

    def row_ids(self, category: str, table_field: str, period: str | None = None) -> list[str]:
        target = self.category(category)
        return data.row_ids(self.store, target, self.period_key(target, period), table_field)

    def explanations(self, category: str, period: str | None = None) -> dict[str, str]:
        target = self.category(category)
        return self.store.explanations(data.report_key(target, self.period_key(target, period)))

    def periods(self) -> list[str]:
        return self.store.periods()

    def audit(self, category: str, period: str | None = None) -> list[AuditRecord]:
        target = self.category(category)
        return self.store.audit(data.report_key(target, self.period_key(target, period)))

    def status(self, category: str, period: str | None = None) -> tuple[str, int]:
        """(status, revision) of a report: ("draft", 1) when nothing was saved yet."""
        target = self.category(category)
        state = self.store.report_state(data.report_key(target, self.period_key(target, period)))
        return (state[0], state[1]) if state else ("draft", 1)

    # editing ---------------------------------------------------------------------------------

    def set_text(
        self, category: str, field: str, text: str, period: str | None = None, row: RowRef | None = None,
        column: str | None = None, strict: bool = False, source: str = "gui",
    ) -> EditResult:
        """Parse what was typed and save it; refuses unparseable text (and, if strict, failed checks)."""
        target_category, target, cell = self._target(category, field, row, column)
        try:
            value = parse_text(cell, text, self.pack)
        except ValueProblem as error:
            raise EditRefused.from_value_problem(error) from None
        return self._save(target_category, target, cell, value, period, row, strict, source)

    def set_value(
        self, category: str, field: str, value: Value, period: str | None = None, row: RowRef | None = None,
        column: str | None = None, strict: bool = False, source: str = "gui",
    ) -> EditResult:
        """Save an already-typed value (a whole table: a list of row dicts, replacing every row)."""
        target_category, target, cell = self._target(category, field, row, column)
        if cell.type is FieldType.DERIVED:
            raise EditRefused("not_editable", label=cell.label.zh)
        try:
            value = from_json(cell, to_json(cell, value), self.pack)
        except (ValueProblem, AttributeError, TypeError, KeyError) as error:
            raise EditRefused("wrong_value_type", label=cell.label.zh, text=repr(value)[:60]) from error
        try:  # the same characters are refused as in typed text
            for holder, item in _text_cells(cell, value):
                refuse_hidden_characters(holder, item)
        except ValueProblem as error:
            raise EditRefused.from_value_problem(error) from None
        if cell.type is FieldType.TABLE:
            from desktop_app.services.tables import replace_rows

            return replace_rows(self, target_category, target, value, period, strict, source)
        return self._save(target_category, target, cell, value, period, row, strict, source)

    def _target(
        self, category: str, field: str, row: RowRef | None, column: str | None
    ) -> tuple[Category, Field, Field]:
        target_category = self.category(category)
        target = self.field(target_category, field)
        if row is None and column is None:
            return target_category, target, target
        if target.type is not FieldType.TABLE:
            raise EditRefused("not_a_table", label=target.label.zh)
        if column is None or not any(c.key == column for c in target.columns):
            raise EditRefused("unknown_column", label=target.label.zh, key=column or "")
        return target_category, target, target.column(column)

    def _save(
        self, category: Category, target: Field, cell: Field, value: Value, period: str | None,
        row: RowRef | None, strict: bool, source: str,
    ) -> EditResult:
        problems = field_problems(cell, value)
        if strict and problems:
            raise EditRefused.from_problem(problems[0])
        key, kind = self.writable(category, period)
        new = to_json(cell, value)
        with self.changing(category, target.key, key):
            if row is None:
                step = Step(key, kind, "field", target.key, None, new)
                old = writes.set_field(self.store, key, kind, target.key, new, source)
                uid = None
            elif self._is_new_row(category, target, key.period, row):
                # One past the last row: the value starts a new row (how a clerk types into the empty line).
                uid = self.store.new_row_uid()
                cells = {cell.key: new} if new is not None else {}
                at = writes.insert_row(self.store, key, kind, target.key, None, uid, cells, source)
                step = Step(key, kind, "insert", target.key, None, {"position": at, "cells": cells}, uid)
                old = None
            else:
                uid = self.resolve_row(category, target, key.period, row)
                step = Step(key, kind, "cell", target.key, None, new, row=uid, column=cell.key)
                old = writes.set_cell(self.store, key, kind, target.key, uid, cell.key, new, source)
        if step.op == "insert" or old != new or type(old) is not type(new):
            self.undo_stack.push([step if step.op == "insert" else _with_old(step, old)])
        return EditResult(
            category.key, target.key, key.period, from_json(cell, old, None) if old is not None else None,
            value, uid, cell.key if row is not None else None, problems,
        )

    def writable(self, category: Category, period: str | None) -> tuple[Any, str]:
        """The report key of an edit, refusing a submitted report."""
        period_key = self.period_key(category, period)
        key = data.report_key(category, period_key)
        if self.store.report_status(key)[0] == "submitted":
            raise EditRefused("report_submitted", category=category.label.zh, period=period_key)
        if key.period and key.period not in self.assigned:
            from desktop_app.services.pack_years import record

            record(self, key.period, category.period_kind.value)
        return key, category.period_kind.value

    def resolve_row(self, category: Category, target: Field, period: str, row: RowRef) -> str:
        uids = data.row_ids(self.store, category, period, target.key)
        if isinstance(row, str) and row in uids:
            return row
        if isinstance(row, int) and 0 <= row < len(uids):
            return uids[row]
        shown = row + 1 if isinstance(row, int) else row
        raise EditRefused("unknown_row", label=target.label.zh, row=shown, count=len(uids))

    def _is_new_row(self, category: Category, target: Field, period: str, row: RowRef) -> bool:
        return isinstance(row, int) and row == len(data.row_ids(self.store, category, period, target.key))

    def add_row(self, category: str, table_field: str, period: str | None = None,
                values: dict[str, Value] | None = None, position: int | None = None, source: str = "gui") -> str:
        from desktop_app.services.tables import add_row

        return add_row(self, category, table_field, period, values or {}, position, source)

    def remove_row(self, category: str, table_field: str, period: str | None, row: RowRef, source: str = "gui") -> None:
        from desktop_app.services.tables import remove_row

        remove_row(self, category, table_field, period, row, source)

    def move_row(self, category: str, table_field: str, period: str | None, row: RowRef, position: int,
                 source: str = "gui") -> None:
        from desktop_app.services.tables import move_row

        move_row(self, category, table_field, period, row, position, source)

    def set_explanation(self, category: str, rule_id: str, text: str, period: str | None = None,
                        source: str = "gui") -> None:
        target = self.category(category)
        key, kind = self.writable(target, period)
        old = writes.set_explanation(self.store, key, kind, rule_id, text.strip(), source)
        self.undo_stack.push([Step(key, kind, "explanation", rule_id, old or None, text.strip() or None)])

    def record_attachment(self, content: bytes) -> str:
        from desktop_app.services.attachments import record

        return record(self.store, content)

    def attachments(self, digests: set[str]) -> dict[str, bytes]:
        """The stored photos with these content hashes (missing ones are left out)."""
        from desktop_app.services.attachments import fetch

        return fetch(self.store, digests)

    # undo ------------------------------------------------------------------------------------

    def undo(self) -> list[Step]:
        if not self.undo_stack.can_undo:
            raise EditRefused("nothing_to_undo")
        return self.undo_stack.undo(self.store, self._check_step)

    def redo(self) -> list[Step]:
        if not self.undo_stack.can_redo:
            raise EditRefused("nothing_to_redo")
        return self.undo_stack.redo(self.store, self._check_step)

    def _check_step(self, step: Step) -> None:
        self.writable(self.category(step.key.category), step.key.period or None)

    # checking --------------------------------------------------------------------------------

    def validate(self, period: str | None = None, category: str | None = None,
                 for_submission: bool = False) -> list[Issue]:
        from desktop_app.services.progress import validate

        return validate(self, self._period_of(period), category, for_submission)

    def print_check(self) -> Callable[[str], bool]:
        """The font data validation checks text against, so that 上报 never prints a blank gap."""
        if self.printable is None:
            from desktop_app.exporters.pdf.fonts import font_set

            self.printable = font_set().prints
        return self.printable

    def prepare_checks(self) -> None:
        """Load ahead what checking needs (the coverage of the fonts the PDF prints with): slow once
        per process, so the window does it on a worker; it does not touch the database."""
        self.print_check()("中")

    def category_state(self, category: str, period: str | None = None) -> CategoryState:
        from desktop_app.services.progress import category_state

        return category_state(self, self.category(category), period)

    def build_submission(self, period: str | None = None) -> Submission:
        from desktop_app.services.progress import build_submission

        return build_submission(self, self._period_of(period))


def _text_cells(cell: Field, value: Value) -> list[tuple[Field, Value]]:
    """(field, value) of a scalar, or of every cell of a table's rows."""
    if cell.type is not FieldType.TABLE:
        return [(cell, value)]
    return [(column, row.get(column.key)) for row in value or [] for column in cell.columns]


def _with_old(step: Step, old: Any) -> Step:
    return Step(step.key, step.kind, step.op, step.field, old, step.new, step.row, step.column)
