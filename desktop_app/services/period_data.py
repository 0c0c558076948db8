"""Reading typed values back from the store: one category, or every category of a period.

A stored value that no longer fits its field (say, a choice the pack has since dropped) reads as
empty here and is left in the database untouched, so a pack correction can bring it back.

What is read is cached against the store's writes: a whole period is read in one go the first time,
and after an edit only the report it changed is read again (`Store.changed_since`).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from typing import Any, TypeVar, cast

from desktop_app.domain.messages import ValueProblem
from desktop_app.domain.pack import Category, FieldType, FormPack, PeriodKind
from desktop_app.domain.periods import Period, PeriodKeyError
from desktop_app.domain.values import Value, from_json
from desktop_app.storage.models import PROFILE_PERIOD
from desktop_app.storage.store import PeriodContents, ReportKey, Store

T = TypeVar("T")


def report_key(category: Category, period: str) -> ReportKey:
    if category.period_kind is PeriodKind.PROFILE:
        return ReportKey(category.key, PROFILE_PERIOD)
    return ReportKey(category.key, period)


def cached(
    store: Store, key: tuple[str, str], load: Callable[[], T], reports: Collection[ReportKey] | None = None
) -> T:
    """What `load` gives, remembered until a committed write changes one of `reports` (any write, when
    `reports` is None)."""
    hit = store.cache.get(key)
    if hit is not None and not store.changed_since(hit[0], reports):
        return cast(T, hit[1])
    value = load()
    store.cache[key] = (store.generation, value)
    return value


def _part(store: Store, name: str, key: ReportKey, whole: Callable[[str], T], alone: Callable[[ReportKey], T]) -> T:
    """A report's part of a whole period's read: the period read at once the first time (and after a
    write that may change anything), then only the report an edit changed, read alone."""
    hit = store.cache.get((name, key.period))
    if hit is None or store.wide_generation > hit[0]:
        value = whole(key.period)
        store.cache[(name, key.period)] = (store.generation, value)
        return value
    if not store.changed_since(hit[0], (key,)):
        return cast(T, hit[1])
    return alone(key)


def _contents(store: Store, key: ReportKey) -> PeriodContents:
    return _part(
        store, "contents", key, store.period_contents, lambda one: store.period_contents(one.period, one.category)
    )


def _typed_category(store: Store, pack: FormPack, category: Category, period: str) -> dict[str, Value]:
    key = report_key(category, period)
    contents = _contents(store, key)
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


def _copy(values: Mapping[str, Value]) -> dict[str, Value]:
    """Callers may change what they get; the cached values must stay as stored."""
    return {key: [dict(row) for row in value] if isinstance(value, list) else value for key, value in values.items()}


def category_values(store: Store, pack: FormPack, category: Category, period: str) -> dict[str, Value]:
    """Every input field of the category: its stored value, None (or [] for a table) when empty."""
    return _copy(_typed(store, pack, category, period))


def table_value(store: Store, pack: FormPack, category: Category, period: str, field: str) -> list[dict[str, Any]]:
    value = category_values(store, pack, category, period).get(field)
    return value if isinstance(value, list) else []


def row_ids(store: Store, category: Category, period: str, field: str) -> list[str]:
    key = report_key(category, period)
    return [uid for uid, _cells in _contents(store, key).tables.get(category.key, {}).get(field, [])]


def _read(target: Any, data: Any, pack: FormPack) -> Value:
    try:
        return from_json(target, data, pack)
    except ValueProblem:
        return None


def period_values(store: Store, pack: FormPack, period: str) -> dict[str, dict[str, Value]]:
    """Every category reported in the period, with the profile under "profile" (a copy: callers may
    change it)."""
    return {key: _copy(values) for key, values in shared_period_values(store, pack, period).items()}


def shared_period_values(store: Store, pack: FormPack, period: str) -> Mapping[str, Mapping[str, Value]]:
    """The period's values as cached, for readers that only read them (validation, derived values,
    relevance): never to be changed."""
    categories = list(pack.categories_for(Period.parse(period).kind))
    reports = [report_key(category, period) for category in categories]

    def read() -> dict[str, dict[str, Value]]:
        return {category.key: _typed(store, pack, category, period) for category in categories}

    return cached(store, ("period", f"{period}#{pack.version}"), read, reports)


def _typed(store: Store, pack: FormPack, category: Category, period: str) -> dict[str, Value]:
    key = report_key(category, period)
    return cached(
        store,
        ("category", f"{category.key}@{key.period}#{pack.version}"),
        lambda: _typed_category(store, pack, category, period),
        (key,),
    )


def previous_values(store: Store, pack: FormPack, period: str) -> Mapping[str, Mapping[str, Value]] | None:
    """The school's values of the period before, if it saved any (the comparison rules use them)."""
    from desktop_app.domain.periods import previous

    try:
        before = previous(period)
    except PeriodKeyError:
        return None
    if before not in cached(store, ("periods", ""), store.periods, ()):
        return None
    return shared_period_values(store, pack, before)


def earlier_values(store: Store, pack: FormPack, period: str) -> dict[str, Mapping[str, Mapping[str, Value]]]:
    """The school's values of every earlier period its rules compare with (e.g. the end of last year for
    the guards target), for the periods it saved; a period it never filled is absent, not zeros."""
    from desktop_app.domain.validation import baselines_needed

    saved = cached(store, ("periods", ""), store.periods, ())
    needed = cached(
        store, ("baselines", f"{period}#{pack.version}"), lambda: sorted(baselines_needed(pack, period)), ()
    )
    return {key: shared_period_values(store, pack, key) for key in needed if key in saved}


def period_explanations(store: Store, pack: FormPack, period: str) -> dict[str, dict[str, str]]:
    """Every 说明 of the period's categories (the profile's live in the profile's own period)."""
    found = {
        category.key: category_explanations(store, category, period)
        for category in pack.categories_for(Period.parse(period).kind)
    }
    return {category: notes for category, notes in found.items() if notes}


def category_explanations(store: Store, category: Category, period: str) -> dict[str, str]:
    key = report_key(category, period)

    def read() -> dict[str, str]:
        notes = _part(
            store, "explanations", key, store.period_explanations, lambda one: {one.category: store.explanations(one)}
        )
        return dict(notes.get(category.key, {}))

    return dict(cached(store, ("notes", f"{category.key}@{key.period}"), read, (key,)))
