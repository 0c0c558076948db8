"""Reading typed values back from the store: one category, or every category of a period.

A stored value that no longer fits its field (say, a choice the pack has since dropped) reads as
empty here and is left in the database untouched, so a pack correction can bring it back.
"""

from __future__ import annotations

from typing import Any

from desktop_app.domain.messages import ValueProblem
from desktop_app.domain.pack import Category, FieldType, FormPack, PeriodKind
from desktop_app.domain.periods import PeriodKeyError, kind_of
from desktop_app.domain.values import Value, from_json
from desktop_app.storage.models import PROFILE_PERIOD
from desktop_app.storage.store import ReportKey, Store


def report_key(category: Category, period: str) -> ReportKey:
    if category.period_kind is PeriodKind.PROFILE:
        return ReportKey(category.key, PROFILE_PERIOD)
    return ReportKey(category.key, period)


def category_values(store: Store, pack: FormPack, category: Category, period: str) -> dict[str, Value]:
    """Every input field of the category: its stored value, None (or [] for a table) when empty."""
    key = report_key(category, period)
    stored = store.values(key)
    tables = set(store.table_fields(key))
    result: dict[str, Value] = {}
    for target in category.input_fields:
        if target.type is FieldType.TABLE:
            result[target.key] = table_value(store, pack, category, period, target.key) if target.key in tables else []
            continue
        result[target.key] = _read(target, stored.get(target.key), pack)
    return result


def table_value(store: Store, pack: FormPack, category: Category, period: str, field: str) -> list[dict[str, Any]]:
    target = category.field(field)
    rows = []
    for _uid, cells in store.rows(report_key(category, period), field):
        rows.append({column.key: _read(column, cells.get(column.key), pack) for column in target.columns})
    return rows


def row_ids(store: Store, category: Category, period: str, field: str) -> list[str]:
    return [uid for uid, _cells in store.rows(report_key(category, period), field)]


def _read(target: Any, data: Any, pack: FormPack) -> Value:
    try:
        return from_json(target, data, pack)
    except ValueProblem:
        return None


def period_values(store: Store, pack: FormPack, period: str) -> dict[str, dict[str, Value]]:
    """Every category reported in the period, with the profile under "profile"."""
    kind = kind_of(period)
    return {
        category.key: category_values(store, pack, category, period)
        for category in pack.categories_for(kind)
    }


def previous_values(store: Store, pack: FormPack, period: str) -> dict[str, dict[str, Value]] | None:
    """The school's values of the period before, if it saved any (the comparison rules use them)."""
    from desktop_app.domain.periods import previous

    try:
        before = previous(period)
    except PeriodKeyError:
        return None
    if before not in store.periods():
        return None
    return period_values(store, pack, before)


def period_explanations(store: Store, pack: FormPack, period: str) -> dict[str, dict[str, str]]:
    result = {}
    for category in pack.categories_for(kind_of(period)):
        notes = store.explanations(report_key(category, period))
        if notes:
            result[category.key] = notes
    return result
