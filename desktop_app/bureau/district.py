"""Derived figures at district level: the pack's own formula over summed numerators and denominators.

A rate is never an average of the schools' rates: "人均服务时长" is Σ hours ÷ Σ person-times. Tables are
seen as the concatenation of every school's rows, so `sum(t.c)` and `count(t, "c", v)` stay exact.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from desktop_app.domain.expressions import ExpressionError, compile_expression
from desktop_app.domain.pack import Category, DerivedFormat, Field, FieldType, FormPack
from desktop_app.domain.values import quantum

NUMERIC = (FieldType.INTEGER, FieldType.DECIMAL)


class DistrictEnvironment:
    """The expressions' Environment over district sums (`sums`) and all schools' table rows (`rows`)."""

    zero_empty = False

    def __init__(
        self,
        pack: FormPack,
        category: Category,
        sums: Mapping[tuple[str, str], Any],
        rows: Mapping[tuple[str, str], list[dict[str, Any]]],
        stack: set[tuple[str, str]] | None = None,
    ) -> None:
        self.pack, self.category, self.sums, self._rows = pack, category, sums, rows
        self._stack = stack if stack is not None else set()

    def _value(self, category: Category, key: str) -> Any:
        if not category.has_field(key):
            raise ExpressionError(f"“{category.label.zh}”中没有字段 {key}")
        target = category.field(key)
        if target.type is FieldType.DERIVED:
            marker = (category.key, key)
            if marker in self._stack:
                raise ExpressionError(f"派生字段 {category.key}.{key} 循环引用")
            self._stack.add(marker)
            try:
                env = DistrictEnvironment(self.pack, category, self.sums, self._rows, self._stack)
                return derived_total(target, env)
            finally:
                self._stack.discard(marker)
        return self.sums.get((category.key, key))

    def name(self, key: str) -> Any:
        if self.category.has_field(key):
            return self._value(self.category, key)
        return None  # school_type and the like have no district value

    def attribute(self, owner: str, key: str) -> Any:
        if not self.pack.has_category(owner) or owner == "profile":
            return None
        return self._value(self.pack.category(owner), key)

    def rows(self, table: str) -> list[dict[str, Any]]:
        return list(self._rows.get((self.category.key, table), []))

    def column(self, table: str, column: str) -> list[Any]:
        return [row.get(column) for row in self.rows(table)]

    def previous(self, key: str, owner: str | None) -> Any:
        return None


def derived_total(target: Field, env: DistrictEnvironment) -> Any:
    """The district value of a derived field, rounded like the schools' (a percent keeps 2 more places)."""
    try:
        result = compile_expression(target.formula or "").evaluate(env)
    except (ExpressionError, TypeError, ArithmeticError):
        return None
    if result is None or isinstance(result, bool):
        return result
    places = target.places + (2 if target.derived_format is DerivedFormat.PERCENT else 0)
    return Decimal(result).quantize(quantum(places))
