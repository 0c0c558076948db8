"""Evaluating pack expressions over a school's values: derived fields and relevance.

A period's values are a mapping category key → field key → value, with the school profile under
"profile". Expressions see the fields of their own category by name, other categories as
`category.field`, `school_type`, and the previous period through `prev()`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from desktop_app.domain.expressions import PERIOD_NAMES, ExpressionError, compile_expression
from desktop_app.domain.pack import (
    PROFILE_CATEGORY,
    SCHOOL_TYPE_FIELD,
    Category,
    DerivedFormat,
    Field,
    FieldType,
    FormPack,
)
from desktop_app.domain.periods import period_span
from desktop_app.domain.values import Value, quantum

PeriodValues = Mapping[str, Mapping[str, Value]]


@dataclass
class ValuesEnvironment:
    """The Environment of domain.expressions over one period's values."""

    pack: FormPack
    category: Category
    values: PeriodValues
    previous_values: PeriodValues | None = None  # what prev() reads: the rule's baseline period
    zero_empty: bool = False
    period: str | None = None  # the period checked (period_start / period_end)
    _derived_stack: set[tuple[str, str]] = field(default_factory=set)

    def for_category(self, category: Category, zero_empty: bool = False) -> ValuesEnvironment:
        return ValuesEnvironment(self.pack, category, self.values, self.previous_values, zero_empty, self.period)

    def with_previous(self, previous_values: PeriodValues | None) -> ValuesEnvironment:
        return ValuesEnvironment(self.pack, self.category, self.values, previous_values, self.zero_empty, self.period)

    def school_type(self) -> Any:
        return self.values.get(PROFILE_CATEGORY, {}).get(SCHOOL_TYPE_FIELD)

    def _value_of(self, category: Category, key: str) -> Any:
        if not category.has_field(key):
            raise ExpressionError(f"“{category.label.zh}”中没有字段 {key}")
        target = category.field(key)
        if target.type is FieldType.DERIVED:
            return self._derived(category, target)
        return self.values.get(category.key, {}).get(key)

    def _derived(self, category: Category, target: Field) -> Any:
        marker = (category.key, target.key)
        if marker in self._derived_stack:
            raise ExpressionError(f"派生字段 {category.key}.{target.key} 循环引用")
        self._derived_stack.add(marker)
        try:
            env = self.for_category(category)
            env._derived_stack = self._derived_stack
            return derived_value(target, env)
        finally:
            self._derived_stack.discard(marker)

    def name(self, key: str) -> Any:
        if self.category.has_field(key):
            return self._value_of(self.category, key)
        if key == SCHOOL_TYPE_FIELD:
            return self.school_type()
        if key in PERIOD_NAMES:
            return None if self.period is None else period_span(self.period)[PERIOD_NAMES.index(key)]
        raise ExpressionError(f"“{self.category.label.zh}”中没有字段 {key}")

    def attribute(self, owner: str, key: str) -> Any:
        if not self.pack.has_category(owner):
            raise ExpressionError(f"没有报送类别 {owner}")
        return self._value_of(self.pack.category(owner), key)

    def rows(self, table: str) -> list[dict[str, Any]]:
        value = self.values.get(self.category.key, {}).get(table)
        return list(value or [])

    def column(self, table: str, column: str) -> list[Any]:
        return [row.get(column) for row in self.rows(table)]

    def previous(self, key: str, owner: str | None) -> Any:
        if not self.previous_values:
            return None
        return self.previous_values.get(owner or self.category.key, {}).get(key)


def derived_value(target: Field, env: ValuesEnvironment) -> Value:
    """The value of a derived field, rounded to its places (a percent keeps places + 2 as a ratio)."""
    result = compile_expression(target.formula or "").evaluate(env)
    if result is None or isinstance(result, bool):
        return result
    places = target.places + (2 if target.derived_format is DerivedFormat.PERCENT else 0)
    return Decimal(result).quantize(quantum(places))


def compute_derived(
    pack: FormPack,
    category_key: str,
    values: PeriodValues,
    previous: PeriodValues | None = None,
    period: str | None = None,
) -> dict[str, Value]:
    """Every derived field of a category, computed from the period's values."""
    category = pack.category(category_key)
    env = ValuesEnvironment(pack, category, values, previous, period=period)
    return {f.key: derived_value(f, env) for f in category.fields if f.type is FieldType.DERIVED}


def applies_to_school(scope: frozenset[str] | None, school_type: Any) -> bool:
    """Relevant to this school type (an unknown school type sees everything)."""
    return scope is None or school_type is None or school_type in scope


def category_applies(category: Category, school_type: Any) -> bool:
    return applies_to_school(category.applies_to, school_type)


def is_relevant(pack: FormPack, category: Category, target: Field, values: PeriodValues) -> bool:
    """A field is relevant when it applies to the school type and its visible_when condition holds."""
    if target.applies_to is None and target.visible_when is None:
        return True  # most fields: no environment to build (validation asks this of every field)
    env = ValuesEnvironment(pack, category, values)
    if not applies_to_school(target.applies_to, env.school_type()):
        return False
    if target.visible_when is None:
        return True
    return compile_expression(target.visible_when).evaluate(env) is True


def relevant_fields(pack: FormPack, category_key: str, values: PeriodValues) -> list[Field]:
    category = pack.category(category_key)
    return [f for f in category.fields if is_relevant(pack, category, f, values)]


def relevant_values(pack: FormPack, category_key: str, values: PeriodValues) -> dict[str, Value]:
    """The category's input values restricted to relevant fields (every relevant field, empty or not)."""
    own = values.get(category_key, {})
    return {
        f.key: own.get(f.key, [] if f.type is FieldType.TABLE else None)
        for f in relevant_fields(pack, category_key, values)
        if f.is_input
    }
