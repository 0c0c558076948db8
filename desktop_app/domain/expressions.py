"""A small, safe expression language for rules, conditions and derived fields.

Pack text is parsed with Python's `ast` in eval mode and only a whitelist of node types is accepted;
nothing is ever passed to `eval`. Arithmetic is exact (Decimal). An empty operand makes the result
empty (None), so a rule over an unanswered field is skipped rather than failed; a rule can ask for
empty operands to count as 0 instead (`when_empty: zero`: the only place a blank becomes 0).
`sum(table.column)` is empty when a row left the cell blank, and 0 over a table without rows.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal, DivisionByZero, InvalidOperation
from functools import lru_cache
from typing import Any, Protocol

from desktop_app.domain.identifiers import SCHOOL_CODE_PREFIXES


class ExpressionError(ValueError):
    """The expression text is not in the language (names the offending part)."""


class Environment(Protocol):
    """What an expression can see; storage-free, supplied by validation or by the caller."""

    zero_empty: bool

    def name(self, key: str) -> Any: ...

    def attribute(self, owner: str, key: str) -> Any: ...

    def column(self, table: str, column: str) -> list[Any]: ...

    def rows(self, table: str) -> list[dict[str, Any]]: ...

    def previous(self, key: str, owner: str | None) -> Any: ...


FUNCTIONS = frozenset(
    {"sum", "count", "prev", "empty", "filled", "abs", "min", "max", "round", "len", "has", "code_fits_type"}
)
_ALLOWED = (
    ast.Expression, ast.BoolOp, ast.BinOp, ast.UnaryOp, ast.Compare, ast.Call, ast.Name, ast.Attribute,
    ast.Constant, ast.List, ast.Tuple, ast.And, ast.Or, ast.Add, ast.Sub, ast.Mult, ast.Div, ast.USub,
    ast.UAdd, ast.Not, ast.Lt, ast.LtE, ast.Gt, ast.GtE, ast.Eq, ast.NotEq, ast.In, ast.NotIn, ast.Load,
)  # fmt: skip
PERIOD_NAMES = ("period_start", "period_end")  # the first and last day of the period being checked
_KEYWORDS = re.compile(r"\b(true|false|null)\b")


@dataclass(frozen=True, slots=True)
class Reference:
    """A value an expression reads: a field of its own category, or `owner.key` of another one."""

    key: str
    owner: str | None = None  # None: the expression's own category; "profile" or a category key
    column_of: bool = False  # `table.column` inside sum()/count(): key is the table, owner unused


@dataclass(frozen=True)
class Expression:
    source: str
    tree: ast.Expression

    def references(self) -> list[Reference]:
        return list(_references(self.tree.body))

    def reads_previous(self) -> bool:
        """True when the expression calls prev() (it needs an earlier period's values)."""
        return bool(self.previous_references())

    def previous_references(self) -> list[Reference]:
        """The fields read through prev(): `prev(x)` and `prev(category.x)`."""
        found = []
        for node in ast.walk(self.tree):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "prev" and node.args:
                arg = node.args[0]
                if isinstance(arg, ast.Name):
                    found.append(Reference(arg.id))
                elif isinstance(arg, ast.Attribute) and isinstance(arg.value, ast.Name):
                    found.append(Reference(arg.attr, arg.value.id))
        return found

    def evaluate(self, env: Environment) -> Any:
        return _Evaluator(env, self.source).visit(self.tree.body)


@lru_cache(maxsize=4096)
def compile_expression(source: str) -> Expression:
    text = _KEYWORDS.sub(lambda m: {"true": "True", "false": "False", "null": "None"}[m.group(1)], source)
    try:
        tree = ast.parse(text.strip(), mode="eval")
    except SyntaxError as error:
        raise ExpressionError(f"表达式“{source}”有语法错误（第{error.offset or 0}个字符附近）") from error
    for node in ast.walk(tree):
        if not isinstance(node, _ALLOWED):
            raise ExpressionError(f"表达式“{source}”中不允许使用 {type(node).__name__}")
        if isinstance(node, ast.Call) and (
            not isinstance(node.func, ast.Name) or node.func.id not in FUNCTIONS or node.keywords
        ):
            raise ExpressionError(f"表达式“{source}”调用了未知函数 {ast.unparse(node.func)}")
        if isinstance(node, ast.Attribute) and not isinstance(node.value, ast.Name):
            raise ExpressionError(f"表达式“{source}”中的“{ast.unparse(node)}”无法识别")
        identifier = node.attr if isinstance(node, ast.Attribute) else getattr(node, "id", "")
        if identifier.startswith("_"):
            raise ExpressionError(f"表达式“{source}”中的名称“{identifier}”无效")
        if isinstance(node, ast.Constant) and not isinstance(node.value, (int, float, str, bool, type(None))):
            raise ExpressionError(f"表达式“{source}”含有不支持的常量")
    return Expression(source, tree)


def _references(node: ast.AST) -> Iterable[Reference]:
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and _over_column(node):
        for arg in node.args:
            if isinstance(arg, ast.Attribute) and isinstance(arg.value, ast.Name):
                yield Reference(arg.value.id, None, column_of=True)
                yield Reference(f"{arg.value.id}.{arg.attr}", None, column_of=True)
            elif isinstance(arg, ast.Name):
                yield Reference(arg.id)
        return
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
        yield Reference(node.attr, node.value.id)
        return
    if isinstance(node, ast.Name):
        if node.id not in ("True", "False", "None"):
            yield Reference(node.id)
        return
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.Name) and isinstance(node, ast.Call) and child is node.func:
            continue
        yield from _references(child)


def _over_column(node: ast.Call) -> bool:
    """sum() and count() always take a table; min() and max() do when given one `table.column`."""
    name = node.func.id  # type: ignore[attr-defined]
    if name in ("sum", "count"):
        return True
    return name in ("min", "max") and len(node.args) == 1 and isinstance(node.args[0], ast.Attribute)


def _number(value: Any) -> Any:
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int):
        return Decimal(value)
    return value


def _is_empty(value: Any) -> bool:
    return value is None or value == "" or value == () or value == []


def _apply(name: str, args: list[Any]) -> Any:
    """A function of the language over its arguments' values (None where a value it needs is empty)."""
    if name == "has":
        return None if args[0] is None else args[1] in args[0]
    if name == "code_fits_type":
        if _is_empty(args[0]) or _is_empty(args[1]):
            return None
        return str(args[0])[:2] in SCHOOL_CODE_PREFIXES.get(str(args[1]), (str(args[0])[:2],))
    if any(arg is None for arg in args):
        return None
    if name == "abs":
        return abs(args[0])
    if name == "min":
        return min(args)
    if name == "max":
        return max(args)
    if name == "round":
        places = int(args[1]) if len(args) > 1 else 0
        return Decimal(args[0]).quantize(Decimal(1).scaleb(-places))
    if name == "len":
        return Decimal(len(args[0]))
    raise ExpressionError(name)


class _Evaluator:
    def __init__(self, env: Environment, source: str) -> None:
        self.env = env
        self.source = source

    def visit(self, node: ast.AST) -> Any:
        method: Callable[[Any], Any] = getattr(self, f"visit_{type(node).__name__}")
        return method(node)

    def _empty_as(self, value: Any) -> Any:
        if _is_empty(value) and self.env.zero_empty:
            return Decimal(0)
        return value

    def visit_Constant(self, node: ast.Constant) -> Any:
        if isinstance(node.value, float):
            return Decimal(repr(node.value))
        if isinstance(node.value, int) and not isinstance(node.value, bool):
            return Decimal(node.value)
        return node.value

    def visit_Name(self, node: ast.Name) -> Any:
        if node.id in ("True", "False", "None"):
            return {"True": True, "False": False, "None": None}[node.id]
        return self._empty_as(_number(self.env.name(node.id)))

    def visit_Attribute(self, node: ast.Attribute) -> Any:
        owner = node.value.id  # type: ignore[attr-defined]
        return self._empty_as(_number(self.env.attribute(owner, node.attr)))

    def visit_List(self, node: ast.List) -> Any:
        return [self.visit(element) for element in node.elts]

    visit_Tuple = visit_List

    def visit_UnaryOp(self, node: ast.UnaryOp) -> Any:
        operand = self.visit(node.operand)
        if isinstance(node.op, ast.Not):
            return None if operand is None else not operand
        if operand is None:
            return None
        return -operand if isinstance(node.op, ast.USub) else operand

    def visit_BinOp(self, node: ast.BinOp) -> Any:
        left, right = self.visit(node.left), self.visit(node.right)
        if left is None or right is None:
            return None
        try:
            if isinstance(node.op, ast.Add):
                return left + right
            if isinstance(node.op, ast.Sub):
                return left - right
            if isinstance(node.op, ast.Mult):
                return left * right
            if right == 0:
                return None  # a rate over nothing is empty, not an error
            return Decimal(left) / Decimal(right)
        except (TypeError, InvalidOperation, DivisionByZero):
            return None

    def visit_BoolOp(self, node: ast.BoolOp) -> Any:
        values = [self.visit(value) for value in node.values]
        if isinstance(node.op, ast.And):
            if any(value is False for value in values):
                return False
            return None if any(value is None for value in values) else all(values)
        if any(value is True or (value not in (None, False) and bool(value)) for value in values):
            return True
        return None if any(value is None for value in values) else False

    def visit_Compare(self, node: ast.Compare) -> Any:
        left = self.visit(node.left)
        for operator, comparator in zip(node.ops, node.comparators, strict=True):
            right = self.visit(comparator)
            if isinstance(operator, (ast.In, ast.NotIn)):
                if left is None or right is None:
                    return None
                result = left in right
                outcome = result if isinstance(operator, ast.In) else not result
            else:
                if left is None or right is None:
                    return None
                try:
                    outcome = _COMPARE[type(operator)](left, right)
                except TypeError:
                    return None
            if not outcome:
                return False
            left = right
        return True

    def visit_Call(self, node: ast.Call) -> Any:
        name = node.func.id  # type: ignore[attr-defined]
        if name in ("sum", "count"):
            return self._aggregate(name, node.args)
        if _over_column(node):
            return self._extreme(name, node.args[0])
        if name == "prev":
            return self._previous(node.args[0])
        if name in ("empty", "filled"):
            raw = self._raw(node.args[0])
            return _is_empty(raw) if name == "empty" else not _is_empty(raw)
        return _apply(name, [self.visit(arg) for arg in node.args])

    def _raw(self, node: ast.AST) -> Any:
        if isinstance(node, ast.Name):
            return self.env.name(node.id)
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            return self.env.attribute(node.value.id, node.attr)
        return self.visit(node)

    def _previous(self, node: ast.AST) -> Any:
        if isinstance(node, ast.Name):
            return _number(self.env.previous(node.id, None))
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            return _number(self.env.previous(node.attr, node.value.id))
        raise ExpressionError(f"prev() 只能用于字段：{self.source}")

    def _extreme(self, name: str, target: ast.expr) -> Any:
        """min/max of a table column over the rows that have a value (empty when none has)."""
        if not isinstance(target, ast.Attribute) or not isinstance(target.value, ast.Name):
            raise ExpressionError(f"{name}() 的参数应为“表格.列”：{self.source}")
        cells = [_number(cell) for cell in self.env.column(target.value.id, target.attr) if not _is_empty(cell)]
        if not cells:
            return None
        return min(cells) if name == "min" else max(cells)

    def _aggregate(self, name: str, args: list[ast.expr]) -> Any:
        target = args[0]
        if isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name):
            cells = self.env.column(target.value.id, target.attr)
            if name == "count":
                return Decimal(sum(1 for cell in cells if not _is_empty(cell)))
            if any(_is_empty(cell) for cell in cells):
                return None  # a row left this cell blank: the total is unknown, never a sum with a 0 for it
            # No rows: the school reports nothing in this table (the pack's help says "没有的不填"), so 0.
            return sum((_number(cell) for cell in cells), Decimal(0))
        if isinstance(target, ast.Name):
            rows = self.env.rows(target.id)
            if name == "count" and len(args) == 3:
                column = self.visit(args[1])
                wanted = self.visit(args[2])
                return Decimal(sum(1 for row in rows if _number(row.get(column)) == wanted))
            if name == "count":
                return Decimal(len(rows))
        raise ExpressionError(f"{name}() 的参数应为“表格.列”：{self.source}")


_COMPARE: dict[type, Callable[[Any, Any], bool]] = {
    ast.Lt: lambda a, b: a < b,
    ast.LtE: lambda a, b: a <= b,
    ast.Gt: lambda a, b: a > b,
    ast.GtE: lambda a, b: a >= b,
    ast.Eq: lambda a, b: a == b,
    ast.NotEq: lambda a, b: a != b,
}
