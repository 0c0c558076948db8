"""Reading typed values back from the store: one category, or every category of a period.

A stored value that no longer fits its field (say, a choice the pack has since dropped) reads as
empty here and is left in the database untouched, so a pack correction can bring it back.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar, cast

from desktop_app.domain.messages import ValueProblem
from desktop_app.domain.pack import Category, FieldType, FormPack, PeriodKind
from desktop_app.domain.periods import PeriodKeyError, kind_of
from desktop_app.domain.values import Value, from_json
from desktop_app.storage.models import PROFILE_PERIOD
from desktop_app.storage.store import PeriodContents, ReportKey, Store

T = TypeVar("T")


def report_key(category: Category, period: str) -> ReportKey:
    if category.period_kind is PeriodKind.PROFILE:
        return ReportKey(category.key, PROFILE_PERIOD)
    return ReportKey(category.key, period)


def cached(store: Store, key: tuple[str, str], load: Callable[[], T]) -> T:
    """What `load` gives, remembered until the store's next committed write."""
    hit = store.cache.get(key)
    if hit is not None and hit[0] == store.generation:
        return cast(T, hit[1])
    value = load()
    store.cache[key] = (store.generation, value)
    return value


def _contents(store: Store, period: str) -> PeriodContents:
    return cached(store, ("contents", period), lambda: store.period_contents(period))


def _typed_category(store: Store, pack: FormPack, category: Category, period: str) -> dict[str, Value]:
    key = report_key(category, period)
    contents = _contents(store, key.period)
    stored = contents.scalars.get(category.key, {})
    tables = contents.tables.get(category.key, {})
    result: dict[str, Value] = {}
    for target in category.input_fields:
        if target.type is FieldType.TABLE:
            result[target.key] = [
                {column.key: _read(column, cells.get(column.key), pack) for column in target.columns}
                for _uid, cells in tables.get(target.key, [])
            ]
        else:
            result[target.key] = _read(target, stored.get(target.key), pack)
    return result


def _copy(values: dict[str, Value]) -> dict[str, Value]:
    """Callers may change what they get; the cached values must stay as stored."""
    return {key: [dict(row) for row in value] if isinstance(value, list) else value for key, value in values.items()}


def category_values(store: Store, pack: FormPack, category: Category, period: str) -> dict[str, Value]:
    """Every input field of the category: its stored value, None (or [] for a table) when empty."""
    key = report_key(category, period)
    typed = cached(
        store, ("category", f"{category.key}@{key.period}#{pack.version}"),
        lambda: _typed_category(store, pack, category, period),
    )
    return _copy(typed)


def table_value(store: Store, pack: FormPack, category: Category, period: str, field: str) -> list[dict[str, Any]]:
    value = category_values(store, pack, category, period).get(field)
    return value if isinstance(value, list) else []


def row_ids(store: Store, category: Category, period: str, field: str) -> list[str]:
    key = report_key(category, period)
    return [uid for uid, _cells in _contents(store, key.period).tables.get(category.key, {}).get(field, [])]


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
    if before not in cached(store, ("periods", ""), store.periods):
        return None
    return period_values(store, pack, before)


def earlier_values(store: Store, pack: FormPack, period: str) -> dict[str, dict[str, dict[str, Value]]]:
    """The school's values of every earlier period its rules compare with (e.g. the end of last year for
    the guards target), for the periods it saved; a period it never filled is absent, not zeros."""
    from desktop_app.domain.validation import baselines_needed

    saved = cached(store, ("periods", ""), store.periods)
    return {key: period_values(store, pack, key) for key in sorted(baselines_needed(pack, period)) if key in saved}


def period_explanations(store: Store, pack: FormPack, period: str) -> dict[str, dict[str, str]]:
    notes = cached(store, ("explanations", period), lambda: _read_explanations(store, pack, period))
    return {category: dict(rules) for category, rules in notes.items()}


def _read_explanations(store: Store, pack: FormPack, period: str) -> dict[str, dict[str, str]]:
    wanted = {category.key for category in pack.categories_for(kind_of(period))}
    # The profile's notes live in the profile's own period.
    found = {**store.period_explanations(period), **store.period_explanations(PROFILE_PERIOD)}
    return {category: notes for category, notes in found.items() if category in wanted and notes}
