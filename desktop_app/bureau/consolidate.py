"""汇总: the district figure of every field, as its pack declares (`aggregate:`, the type's default otherwise).

sum → Σ over the schools that gave a value (a derived field: Σ of the schools' own computed values);
count → schools per answer, named; distribution → min / median / max and schools per value, never a sum;
list → which school gave what (dates, names); ratio → Σ numerator ÷ Σ denominator over the applicable
schools that gave both parts, naming those that left a part blank; none → only how many answered.
Tables: rows, sums per numeric column, and per value of each choice/boolean column. Blank is never 0.
Everything is broken down by 镇街 and by school type (from the register, else the school's profile).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from desktop_app.bureau.records import SchoolEntry
from desktop_app.bureau.schools import SchoolFacts, group_of, period_fields, school_facts
from desktop_app.domain.aggregation import Distribution, RatioFigure, RatioPart, distribution, ratio_figure
from desktop_app.domain.evaluation import applies_to_school
from desktop_app.domain.field_types import kind_of_type
from desktop_app.domain.pack import Aggregation, DerivedFormat, Field, FieldType, FormPack, Ratio
from desktop_app.domain.periods import PeriodKeyed
from desktop_app.domain.submission import Submission
from desktop_app.domain.values import is_empty

__all__ = [
    "Consolidation", "FieldTotal", "Totals", "consolidate", "consolidation_json", "field_total", "group_of",
    "ratio_total", "totals",
]  # fmt: skip

NUMERIC = (FieldType.INTEGER, FieldType.DECIMAL)
COUNTED = (FieldType.CHOICE, FieldType.BOOLEAN)


@dataclass
class FieldTotal:
    """One field's district figure; which parts are filled depends on its aggregation and type."""

    category: str
    key: str
    type: str
    aggregation: str = Aggregation.NONE.value
    answered: int = 0  # schools that gave a value (a ratio: schools counted, both parts given)
    applicable: int = 0  # schools the field was on the form of (a ratio: of the types it applies to)
    total: Any = None  # sum, or the ratio's value; None for distribution, count, list and none
    options: dict[str, int] = field(default_factory=dict)  # count: schools per answer key
    names: dict[str, list[str]] = field(default_factory=dict)  # count: school names per answer key
    rows: int = 0  # tables: rows over all schools
    columns: dict[str, Any] = field(default_factory=dict)  # tables: numeric column sums
    column_rows: dict[str, int] = field(default_factory=dict)  # tables: rows that gave each numeric column
    by_value: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)  # column → value → {rows, sums}
    distribution: Distribution | None = None
    ratio: RatioFigure | None = None
    declared: Ratio | None = None  # the pack's ratio: numerator, denominator, school types
    listed: list[tuple[str, str, Any]] = field(default_factory=list)  # list: (code, name, value) by value


@dataclass
class Totals:
    schools: int
    fields: dict[tuple[str, str], FieldTotal]

    def get(self, category: str, key: str) -> FieldTotal:
        return self.fields[(category, key)]


@dataclass
class Consolidation(PeriodKeyed):
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


def ratio_places(item: Field) -> int:
    return item.places + (2 if item.derived_format is DerivedFormat.PERCENT else 0)


def ratio_total(category: str, item: Field, schools: list[SchoolFacts]) -> FieldTotal:
    """A declared ratio over the given schools: those of its types that sent both categories count if
    they gave both parts; the others are named with the part they left blank."""
    assert item.ratio is not None
    entry = FieldTotal(category, item.key, item.type.value, Aggregation.RATIO.value)
    parts = []
    for school in schools:
        if not (school.sent(item.ratio.numerator.owner) and school.sent(item.ratio.denominator.owner)):
            continue
        if not applies_to_school(item.ratio.applies_to, school.school_type):
            continue
        parts.append(RatioPart(school.code, school.name, school.ref(item.ratio.numerator),
                               school.ref(item.ratio.denominator)))  # fmt: skip
    figure = ratio_figure(parts, ratio_places(item))
    entry.ratio, entry.total, entry.declared = figure, figure.value, item.ratio
    entry.answered, entry.applicable = figure.schools, figure.applicable
    return entry


def field_total(category: str, item: Field, schools: list[SchoolFacts]) -> FieldTotal:
    if item.aggregate is Aggregation.RATIO:
        return ratio_total(category, item, schools)
    entry = FieldTotal(category, item.key, item.type.value, item.aggregate.value)
    given: list[tuple[SchoolFacts, Any]] = []
    for school in schools:
        if not school.relevant(category, item):
            continue
        entry.applicable += 1
        value = school.value(category, item.key)
        if item.type is FieldType.TABLE:
            entry.answered += 1
            given.append((school, value or []))
        elif not is_empty(value):
            entry.answered += 1
            given.append((school, value))
    _aggregate(entry, item, given)
    return entry


def _aggregate(entry: FieldTotal, item: Field, given: list[tuple[SchoolFacts, Any]]) -> None:
    kind, how = item.type, item.aggregate
    if how is Aggregation.SUM and kind is FieldType.TABLE:
        for _school, rows in given:
            entry.rows += len(rows)
            for row in rows:
                _table_row(entry, item, row)
    elif how is Aggregation.SUM:
        for _school, value in given:
            entry.total = _add(entry.total, value)
    elif how is Aggregation.DISTRIBUTION:
        entry.distribution = distribution(value for _school, value in given)
    elif how is Aggregation.COUNT:
        for school, value in given:
            for key in value if kind is FieldType.MULTICHOICE else (_key(value),):
                entry.options[key] = entry.options.get(key, 0) + 1
                entry.names.setdefault(key, []).append(school.name)
    elif how is Aggregation.LIST:
        entry.listed = sorted(((s.code, s.name, v) for s, v in given), key=lambda item: (str(item[2]), item[0]))


def _table_row(entry: FieldTotal, item: Field, row: Mapping[str, Any]) -> None:
    numeric = [c for c in item.columns if c.type in NUMERIC]
    for column in numeric:
        if not is_empty(row.get(column.key)):
            entry.columns[column.key] = _add(entry.columns.get(column.key), row[column.key])
            entry.column_rows[column.key] = entry.column_rows.get(column.key, 0) + 1
    for column in item.columns:
        if column.type not in COUNTED or is_empty(row.get(column.key)):
            continue
        bucket = entry.by_value.setdefault(column.key, {}).setdefault(_key(row[column.key]), {"rows": 0, "sums": {}})
        bucket["rows"] += 1
        for other in numeric:
            if not is_empty(row.get(other.key)):
                bucket["sums"][other.key] = _add(bucket["sums"].get(other.key), row[other.key])


def totals_of(pack: FormPack, period: str, schools: list[SchoolFacts]) -> Totals:
    result = {(c, f.key): field_total(c, f, schools) for c, f in period_fields(pack, period)}
    return Totals(len(schools), result)


def totals(pack: FormPack, period: str, submissions: Iterable[Submission],
           register: Mapping[str, SchoolEntry] | None = None) -> Totals:  # fmt: skip
    return totals_of(pack, period, school_facts(pack, period, submissions, register or {}))


def consolidate_facts(pack: FormPack, period: str, schools: list[SchoolFacts]) -> Consolidation:
    by_town: dict[str, list[SchoolFacts]] = {}
    by_type: dict[str, list[SchoolFacts]] = {}
    for school in schools:
        by_town.setdefault(school.town, []).append(school)
        by_type.setdefault(school.school_type, []).append(school)
    return Consolidation(
        period,
        totals_of(pack, period, schools),
        {key: totals_of(pack, period, group) for key, group in sorted(by_town.items())},
        {key: totals_of(pack, period, group) for key, group in _type_order(pack, by_type)},
    )


def _type_order(pack: FormPack, groups: dict[str, list[SchoolFacts]]) -> list[tuple[str, list[SchoolFacts]]]:
    order = {key: index for index, key in enumerate(pack.choice_list("school_type").keys)}
    return sorted(groups.items(), key=lambda item: (order.get(item[0], len(order)), item[0]))


def consolidate(
    pack: FormPack, period: str, submissions: Iterable[Submission], register: Mapping[str, SchoolEntry]
) -> Consolidation:
    return consolidate_facts(pack, period, school_facts(pack, period, submissions, register))


# --- JSON ------------------------------------------------------------------------------------------


def _json(value: Any) -> Any:
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, dict):
        return {k: _json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_json(v) for v in value]
    return value


def _ratio_json(figure: RatioFigure, item_ratio: Ratio) -> dict[str, Any]:
    return {
        "numerator_field": str(item_ratio.numerator),
        "denominator_field": str(item_ratio.denominator),
        "applies_to": sorted(item_ratio.applies_to) if item_ratio.applies_to is not None else None,
        "numerator": _json(figure.numerator),
        "denominator": _json(figure.denominator),
        "schools": figure.schools,
        "applicable": figure.applicable,
        "value": _json(figure.value),
        "incomplete": [{"code": p.code, "name": p.name, "missing": list(p.missing)} for p in figure.incomplete],
    }


def field_json(entry: FieldTotal) -> dict[str, Any]:
    """The JSON form of one figure (decimals as strings), with the parts its aggregation uses."""
    data: dict[str, Any] = {"type": entry.type, "aggregation": entry.aggregation, "answered": entry.answered,
                            "applicable": entry.applicable}  # fmt: skip
    part = kind_of_type(FieldType(entry.type)).district_part  # what the type's figure holds
    if part == "total":
        data["total"] = _json(entry.total)  # null unless the field is summed or a ratio
    if part == "options":
        data["options"] = dict(sorted(entry.options.items()))
        data["names"] = {k: sorted(v) for k, v in sorted(entry.names.items())}
    if part == "rows":
        data.update(
            rows=entry.rows,
            columns=_json(entry.columns),
            by_value=_json(entry.by_value),
            column_rows=dict(entry.column_rows),
        )
    if entry.distribution is not None:
        dist = entry.distribution
        data["distribution"] = {
            "schools": dist.count, "min": _plain(dist.minimum), "median": _json(dist.median),
            "max": _plain(dist.maximum), "schools_per_value": {str(_plain(k)): v for k, v in dist.per_value.items()},
        }  # fmt: skip
    if entry.ratio is not None and entry.declared is not None:
        data["ratio"] = _ratio_json(entry.ratio, entry.declared)
    if entry.aggregation == Aggregation.LIST.value:
        data["values"] = [{"code": code, "name": name, "value": _plain(value)} for code, name, value in entry.listed]
    return data


def _plain(value: Any) -> Any:
    """A value in its JSON form (dates as ISO text, decimals as strings, integers as numbers)."""
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, date):
        return value.isoformat()
    return value


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
