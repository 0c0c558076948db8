from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from desktop_app.domain.expressions import ExpressionError, compile_expression


@dataclass
class Env:
    values: dict[str, Any]
    tables: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    previous_values: dict[str, Any] = field(default_factory=dict)
    zero_empty: bool = False

    def name(self, key: str) -> Any:
        if key in self.tables:
            return self.tables[key]
        return self.values[key]

    def attribute(self, owner: str, key: str) -> Any:
        return self.values[f"{owner}.{key}"]

    def rows(self, table: str) -> list[dict[str, Any]]:
        return self.tables[table]

    def column(self, table: str, column: str) -> list[Any]:
        return [row.get(column) for row in self.tables[table]]

    def previous(self, key: str, owner: str | None) -> Any:
        return self.previous_values.get(key)


def evaluate(source: str, **values: Any) -> Any:
    return compile_expression(source).evaluate(Env(values))


def test_arithmetic_is_exact_decimal() -> None:
    assert evaluate("a + b", a=Decimal("0.10"), b=Decimal("0.20")) == Decimal("0.30")
    assert evaluate("a / b", a=1, b=3) == Decimal(1) / Decimal(3)
    assert evaluate("0.1 + 0.2 == 0.3") is True


def test_empty_operands_make_the_result_empty_so_rules_skip() -> None:
    assert evaluate("resolved <= found", resolved=3, found=None) is None
    assert evaluate("a / b", a=3, b=0) is None
    env = Env({"resolved": 3, "found": None}, zero_empty=True)
    assert compile_expression("resolved <= found").evaluate(env) is False  # empty counts as 0


def test_logic_and_membership() -> None:
    assert evaluate("a > 1 and b == true", a=2, b=True) is True
    assert evaluate("a > 1 and b == true", a=0, b=None) is False  # false wins over unknown
    assert evaluate("school_type in ['kindergarten', 'primary']", school_type="primary") is True
    assert evaluate("not (a < b)", a=1, b=2) is False
    assert evaluate("1 <= a <= 3", a=Decimal(2)) is True


def test_table_functions() -> None:
    env = Env({}, tables={"aid": [{"students": 3, "amount": Decimal("10.50")}, {"students": None, "amount": None}]})
    # A row left the amount blank: the total is unknown, never 10.50 with the blank taken as 0.
    assert compile_expression("sum(aid.amount)").evaluate(env) is None
    env.tables["paid"] = [{"amount": Decimal("10.50")}, {"amount": Decimal("2")}]
    assert compile_expression("sum(paid.amount)").evaluate(env) == Decimal("12.50")
    env.tables["none"] = []
    assert compile_expression("sum(none.amount)").evaluate(env) == 0  # no rows: nothing reported
    env.tables["dates"] = [{"on": date(2022, 5, 1)}, {"on": None}, {"on": date(2021, 3, 1)}]
    assert compile_expression("min(dates.on)").evaluate(env) == date(2021, 3, 1)
    assert compile_expression("max(dates.on)").evaluate(env) == date(2022, 5, 1)
    assert compile_expression("max(none.amount)").evaluate(env) is None
    assert compile_expression("count(aid)").evaluate(env) == 2
    assert compile_expression("count(aid.students)").evaluate(env) == 1
    env.tables["levels"] = [{"level": "city"}, {"level": "district"}, {"level": "city"}]
    assert compile_expression("count(levels, 'level', 'city')").evaluate(env) == 2


def test_previous_period() -> None:
    env = Env({"guards": 4}, previous_values={"guards": 10})
    assert compile_expression("guards <= prev(guards) / 2").evaluate(env) is True


@pytest.mark.parametrize(
    "source",
    [
        "__import__('os').system('echo hi')",
        "a.__class__",
        "open('/etc/passwd')",
        "[x for x in a]",
        "lambda: 1",
        "a if b else c",
        "a ** 1000000",
        "a[0]",
        "f'{a}'",
        "a +",
    ],
)
def test_anything_outside_the_language_is_refused(source: str) -> None:
    with pytest.raises(ExpressionError):
        compile_expression(source)
