"""汇总: district totals of every field, pure functions over received Submissions and the pack.

integer/decimal → exact sums (Decimal for decimals); choice → schools per answer (and their names);
boolean → schools answering 是 (names too); multichoice → schools per option; table → rows, sums per
numeric column, and per value of each choice/boolean column; derived → recomputed by district.py.
Everything is broken down by 镇街 and by school type (from the register, else the school's profile).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from desktop_app.bureau.district import NUMERIC, DistrictEnvironment, derived_total
from desktop_app.bureau.records import SchoolEntry
from desktop_app.domain.pack import PROFILE_CATEGORY, Field, FieldType, FormPack
from desktop_app.domain.periods import kind_of
from desktop_app.domain.submission import Submission
from desktop_app.domain.values import is_empty

COUNTED = (FieldType.CHOICE, FieldType.BOOLEAN)


@dataclass
class FieldTotal:
    """One field's district figure; which parts are filled depends on the field's type."""

    category: str
    key: str
    type: str
    answered: int = 0  # schools that gave a value
    total: Any = None  # numeric sum, or the recomputed derived value
    options: dict[str, int] = field(default_factory=dict)  # choice/boolean/multichoice: schools per key
    names: dict[str, list[str]] = field(default_factory=dict)  # choice/boolean: school names per key
    rows: int = 0  # tables: rows over all schools
    columns: dict[str, Any] = field(default_factory=dict)  # tables: numeric column sums
    by_value: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)  # column → value → {rows, sums}


@dataclass
class Totals:
    schools: int
    fields: dict[tuple[str, str], FieldTotal]

    def get(self, category: str, key: str) -> FieldTotal:
        return self.fields[(category, key)]


@dataclass
class Consolidation:
    period: str
    district: Totals
    by_town: dict[str, Totals]
    by_type: dict[str, Totals]


def _key(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _add(a: Any, b: Any) -> Any:
    return b if a is None else a + b


def _fields(pack: FormPack, period: str) -> Iterable[tuple[str, Field]]:
    for category in pack.categories_for(kind_of(period)):
        for item in category.fields:
            yield category.key, item


def totals(pack: FormPack, period: str, submissions: Iterable[Submission]) -> Totals:
    items = list(_fields(pack, period))
    result = {(c, f.key): FieldTotal(c, f.key, f.type.value) for c, f in items}
    sums: dict[tuple[str, str], Any] = {}
    rows: dict[tuple[str, str], list[dict[str, Any]]] = {}
    count = 0
    for submission in submissions:
        count += 1
        name = submission.school_name
        for category_key, item in items:
            if item.type is FieldType.DERIVED:
                continue
            value = submission.values.get(category_key, {}).get(item.key)
            if is_empty(value) and item.type is not FieldType.TABLE:
                continue
            entry = result[(category_key, item.key)]
            entry.answered += 1
            _accumulate(entry, item, value, name)
            if item.type in NUMERIC:
                sums[(category_key, item.key)] = entry.total
            elif item.type is FieldType.TABLE:
                rows.setdefault((category_key, item.key), []).extend(value or [])
    for category_key, item in items:
        if item.type is FieldType.DERIVED:
            env = DistrictEnvironment(pack, pack.category(category_key), sums, rows)
            result[(category_key, item.key)].total = derived_total(item, env)
    return Totals(count, result)


def _accumulate(entry: FieldTotal, item: Field, value: Any, school_name: str) -> None:
    kind = item.type
    if kind in NUMERIC:
        entry.total = _add(entry.total, value)
    elif kind in COUNTED:
        key = _key(value)
        entry.options[key] = entry.options.get(key, 0) + 1
        entry.names.setdefault(key, []).append(school_name)
    elif kind is FieldType.MULTICHOICE:
        for option in value:
            entry.options[option] = entry.options.get(option, 0) + 1
    elif kind is FieldType.TABLE:
        entry.rows += len(value or [])
        for row in value or []:
            _table_row(entry, item, row)


def _table_row(entry: FieldTotal, item: Field, row: Mapping[str, Any]) -> None:
    numeric = [c for c in item.columns if c.type in NUMERIC]
    for column in numeric:
        if not is_empty(row.get(column.key)):
            entry.columns[column.key] = _add(entry.columns.get(column.key), row[column.key])
    for column in item.columns:
        if column.type not in COUNTED or is_empty(row.get(column.key)):
            continue
        bucket = entry.by_value.setdefault(column.key, {}).setdefault(_key(row[column.key]), {"rows": 0, "sums": {}})
        bucket["rows"] += 1
        for other in numeric:
            if not is_empty(row.get(other.key)):
                bucket["sums"][other.key] = _add(bucket["sums"].get(other.key), row[other.key])


def group_of(submission: Submission, register: Mapping[str, SchoolEntry], what: str) -> str:
    """The school's 镇街 or type: the register's word first, else what the school's profile says."""
    entry = register.get(submission.school_code)
    if entry is not None:
        return entry.town if what == "town" else entry.school_type
    profile = submission.values.get(PROFILE_CATEGORY, {})
    return str(profile.get("town" if what == "town" else "school_type") or "")


def consolidate(
    pack: FormPack, period: str, submissions: Iterable[Submission], register: Mapping[str, SchoolEntry]
) -> Consolidation:
    received = list(submissions)
    by_town: dict[str, list[Submission]] = {}
    by_type: dict[str, list[Submission]] = {}
    for submission in received:
        by_town.setdefault(group_of(submission, register, "town"), []).append(submission)
        by_type.setdefault(group_of(submission, register, "type"), []).append(submission)
    return Consolidation(
        period,
        totals(pack, period, received),
        {key: totals(pack, period, group) for key, group in sorted(by_town.items())},
        {key: totals(pack, period, group) for key, group in sorted(by_type.items())},
    )


def _json(value: Any) -> Any:
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, dict):
        return {k: _json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_json(v) for v in value]
    return value


def field_json(entry: FieldTotal) -> dict[str, Any]:
    """The JSON form of one figure (decimals as strings), with only the parts its type uses."""
    data: dict[str, Any] = {"type": entry.type, "answered": entry.answered}
    if entry.type in ("integer", "decimal", "derived"):
        data["total"] = _json(entry.total)
    if entry.type in ("choice", "boolean", "multichoice"):
        data["options"] = dict(sorted(entry.options.items()))
    if entry.type in ("choice", "boolean"):
        data["names"] = {k: sorted(v) for k, v in sorted(entry.names.items())}
    if entry.type == "table":
        data.update(rows=entry.rows, columns=_json(entry.columns), by_value=_json(entry.by_value))
    return data


def totals_json(result: Totals) -> dict[str, Any]:
    categories: dict[str, dict[str, Any]] = {}
    for (category, key), entry in result.fields.items():
        categories.setdefault(category, {})[key] = field_json(entry)
    return {"schools": result.schools, "categories": categories}


def consolidation_json(result: Consolidation) -> dict[str, Any]:
    return {
        "period": result.period,
        "district": totals_json(result.district),
        "by_town": {key: totals_json(value) for key, value in result.by_town.items()},
        "by_type": {key: totals_json(value) for key, value in result.by_type.items()},
    }
