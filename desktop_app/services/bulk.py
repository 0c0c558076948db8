"""`load`: many values at once, each through the same path as typing it (ReportingService: parsing, field
checks, the audit trail with source "load"), in ONE transaction.

First every value is placed (its period, category and field must exist under the pack of its period): a
file naming an unknown period, category, field or column is refused whole, and nothing is stored. Then
each value is stored, found unchanged (no write, no audit entry), or refused with its reason while the
others go on. With `dry_run` the transaction is rolled back: the same answers, nothing stored.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop_app.domain.messages import ValueProblem
from desktop_app.domain.pack import PROFILE_CATEGORY, Category, Field, PeriodKind
from desktop_app.domain.text import Text
from desktop_app.domain.values import from_json, parse_text, to_json
from desktop_app.services.bulk_read import BulkRefused, Item, read_items
from desktop_app.services.refusals import EditRefused

if TYPE_CHECKING:
    from desktop_app.services.reporting import ReportingService

SOURCE = "load"
STORED, UNCHANGED, REFUSED, COMPUTED = "stored", "unchanged", "refused", "computed"


@dataclass(frozen=True, slots=True)
class Outcome:
    item: Item
    period: str  # "" for the profile
    status: str  # stored | unchanged | refused | computed (a computed field: read, never loaded)
    reason: Text | None = None  # why it was refused, or the field check it fails (stored anyway, as typed)

    def as_json(self, lang: str = "zh") -> dict[str, Any]:
        return {
            "where": self.item.where, "period": self.period, "category": self.item.category,
            "field": None if self.item.explanation else self.item.field,
            "rule_id": self.item.field if self.item.explanation else None, "row": self.item.row,
            "column": self.item.column, "status": self.status,
            "reason": self.reason.get(lang) if self.reason is not None else None,
        }  # fmt: skip


@dataclass
class LoadResult:
    outcomes: list[Outcome] = field(default_factory=list)
    dry_run: bool = False

    def count(self, status: str) -> int:
        return sum(1 for outcome in self.outcomes if outcome.status == status)


@dataclass(frozen=True, slots=True)
class _Placed:
    item: Item
    service: ReportingService  # the service of the period's pack
    period: str
    category: Category
    target: Field | None  # None for a 说明


class _DryRun(Exception):
    """Raised inside the transaction to roll it back."""


def load_file(service: ReportingService, path: Path, period: str | None = None, dry_run: bool = False) -> LoadResult:
    items = read_items(Path(path), service, period)
    placed = [_place(service, item, period) for item in items]
    result = LoadResult(dry_run=dry_run)
    saved_stacks = {id(s): s.undo_stack for s in _services(service)}
    before: dict[tuple[str, str, str], dict[str, Any]] = {}
    for entry in placed:  # every category as it is, read before the first write (a few queries in all)
        _current(entry, before)
    try:
        with service.store.write():
            for entry in placed:
                result.outcomes.append(_apply(entry, before))
            if dry_run:
                raise _DryRun
    except _DryRun:
        for each in _services(service):
            each.undo_stack = saved_stacks.get(id(each), each.undo_stack)
            each.undo_stack.clear()
            each.assigned.clear()
    return result


def _services(service: ReportingService) -> list[ReportingService]:
    return [service, *service._siblings.values()]


def _place(service: ReportingService, item: Item, option: str | None) -> _Placed:
    period = item.period or option
    try:
        key = service.period_key(None, period) if period else None
        own = service.for_period(key) if key else service
        category = own.category(item.category)
        target = None if item.explanation else own.field(category, item.field)
        period_key = own.period_key(category, key)
        columns = {c.key for c in target.columns} if target is not None else set()
        if target is not None and item.column is not None and item.column not in columns:
            raise EditRefused("unknown_column", label=target.label.zh, key=item.column)
    except EditRefused as refusal:
        raise BulkRefused("unknown", where=item.where, detail=Text(refusal.text("zh"), refusal.text("en"))) from None
    return _Placed(item, own, period_key, category, target)


def _current(entry: _Placed, before: dict[tuple[str, str, str], dict[str, Any]]) -> dict[str, Any]:
    """The category's values as they were before this load touched them."""
    key = (entry.service.pack.version, entry.period, entry.category.key)
    if key not in before:
        before[key] = entry.service.values(entry.category.key, entry.period or None)
    return before[key]


def _apply(entry: _Placed, before: dict[tuple[str, str, str], dict[str, Any]]) -> Outcome:
    item, service = entry.item, entry.service
    profile = entry.category.period_kind is PeriodKind.PROFILE or entry.category.key == PROFILE_CATEGORY
    period = "" if profile else entry.period
    try:
        if item.explanation:
            return _explanation(entry, period)
        assert entry.target is not None
        if not entry.target.is_input:
            return Outcome(item, period, COMPUTED)
        if item.text:
            return _typed(entry, period)
        current = _current(entry, before).get(entry.target.key)
        if to_json(entry.target, current) == item.value:
            return Outcome(item, period, UNCHANGED)
        value = from_json(entry.target, item.value, service.pack)
        edit = service.set_value(entry.category.key, entry.target.key, value, period=entry.period or None,
                                 source=SOURCE)  # fmt: skip
    except ValueProblem as problem:
        refusal = EditRefused.from_value_problem(problem)
        return Outcome(item, period, REFUSED, Text(refusal.text("zh"), refusal.text("en")))
    except EditRefused as refusal:
        return Outcome(item, period, REFUSED, Text(refusal.text("zh"), refusal.text("en")))
    return Outcome(item, period, STORED, _problem(edit.problems))


def _typed(entry: _Placed, period: str) -> Outcome:
    """CSV text: parsed as the window parses what a clerk types."""
    item, service = entry.item, entry.service
    assert entry.target is not None
    cell = entry.target.column(item.column) if item.column else entry.target
    parsed = parse_text(cell, str(item.value), service.pack)
    current = service.values(entry.category.key, entry.period or None).get(entry.target.key)
    if item.row is None:
        if to_json(cell, current) == to_json(cell, parsed):
            return Outcome(item, period, UNCHANGED)
        row = None
    else:
        rows = current if isinstance(current, list) else []
        row = item.row - 1
        if row < len(rows) and to_json(cell, rows[row].get(cell.key)) == to_json(cell, parsed):
            return Outcome(item, period, UNCHANGED)
    edit = service.set_text(entry.category.key, entry.target.key, str(item.value), period=entry.period or None,
                            row=row, column=item.column, source=SOURCE)  # fmt: skip
    return Outcome(item, period, STORED, _problem(edit.problems))


def _explanation(entry: _Placed, period: str) -> Outcome:
    item, service = entry.item, entry.service
    text = str(item.value).strip()
    if service.explanations(entry.category.key, entry.period or None).get(item.field, "") == text:
        return Outcome(item, period, UNCHANGED)
    service.set_explanation(entry.category.key, item.field, text, period=entry.period or None, source=SOURCE)
    return Outcome(item, period, STORED)


def _problem(problems: list[Any]) -> Text | None:
    """The first field check a stored value fails (stored anyway, as the window keeps what was typed)."""
    if not problems:
        return None
    from desktop_app.services.refusals import message_text

    return Text(message_text(problems[0], "zh"), message_text(problems[0], "en"))
