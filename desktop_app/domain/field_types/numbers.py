"""整数 and 小数: counts and amounts. Integers are never below 0 unless the pack says so; a decimal keeps
the field's places exactly (its JSON form is a string, never a float)."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation, localcontext
from typing import ClassVar

from desktop_app.domain.field_types.base import (
    FieldKind,
    JsonValue,
    Value,
    bad,
    display_limit,
    labels,
    limit_of,
    normalise_number_text,
    quantum,
    range_problems,
)
from desktop_app.domain.messages import Problem, ValueProblem
from desktop_app.domain.pack import Aggregation, Field, FieldType, FormPack

# The integer digits a number may have when its field sets no bound: what a spreadsheet keeps exactly
# (Excel and WPS hold 15 significant digits). A bound with more digits is the field's own limit.
MAX_DIGITS = 15
_INTEGER_TEXT = re.compile(r"([+-]?)([0-9]+)", re.ASCII)
_DECIMAL_TEXT = re.compile(r"([+-]?)(?=\.?[0-9])([0-9]*)(?:\.([0-9]*))?", re.ASCII)
NUMERIC_AGGREGATIONS = frozenset({Aggregation.SUM, Aggregation.DISTRIBUTION, Aggregation.NONE})


class IntegerKind(FieldKind):
    type: ClassVar[FieldType] = FieldType.INTEGER
    default_aggregation: ClassVar[Aggregation] = Aggregation.SUM
    allowed_aggregations: ClassVar[frozenset[Aggregation]] = NUMERIC_AGGREGATIONS
    district_part: ClassVar[str] = "total"

    def parse(self, field: Field, text: str, stripped: str, pack: FormPack) -> Value:
        normal = normalise_number_text(stripped)
        match = _INTEGER_TEXT.fullmatch(normal)
        if match is None:
            raise ValueProblem("not_integer", **labels(field), text=stripped)
        refuse_huge(field, match.group(1) == "-", match.group(2))
        return int(normal)

    def from_json(self, field: Field, data: JsonValue, pack: FormPack | None) -> Value:
        if isinstance(data, bool) or not isinstance(data, int):
            raise bad(field, data)
        return data

    def problems(self, field: Field, value: Value) -> list[Problem]:
        minimum = limit_of(field, field.minimum)
        return range_problems(field, value, 0 if minimum is None else minimum, limit_of(field, field.maximum))


class DecimalKind(FieldKind):
    type: ClassVar[FieldType] = FieldType.DECIMAL
    default_aggregation: ClassVar[Aggregation] = Aggregation.SUM
    allowed_aggregations: ClassVar[frozenset[Aggregation]] = NUMERIC_AGGREGATIONS
    district_part: ClassVar[str] = "total"

    def parse(self, field: Field, text: str, stripped: str, pack: FormPack) -> Value:
        normal = normalise_number_text(stripped)
        match = _DECIMAL_TEXT.fullmatch(normal)
        if match is None:
            raise ValueProblem("not_decimal", **labels(field), text=stripped)
        whole, fraction = match.group(2), (match.group(3) or "").rstrip("0")
        refuse_huge(field, match.group(1) == "-", whole)
        # Places are counted in the text: Decimal.normalize() would round 0.1000…0001 (31 digits) to 0.1.
        if len(fraction) > field.places:
            raise ValueProblem("too_many_places", **labels(field), places=field.places)
        digits = len(whole.lstrip("0")) + field.places
        with localcontext() as exact:
            exact.prec = max(exact.prec, digits + 2)
            return Decimal(normal).quantize(quantum(field.places))

    def to_json(self, field: Field, value: Value) -> JsonValue:
        return format(value, "f")

    def from_json(self, field: Field, data: JsonValue, pack: FormPack | None) -> Value:
        return finite_decimal(field, data).quantize(quantum(field.places))

    def display(self, field: Field, value: Value, pack: FormPack, lang: str) -> str:
        return format(Decimal(value).quantize(quantum(field.places)), ",f")

    def problems(self, field: Field, value: Value) -> list[Problem]:
        return range_problems(field, value, limit_of(field, field.minimum), limit_of(field, field.maximum))


def finite_decimal(field: Field, data: JsonValue) -> Decimal:
    """A decimal's JSON form (a string) read back; raises ValueProblem for anything else."""
    if not isinstance(data, str):
        raise bad(field, data)
    try:
        number = Decimal(data)
    except InvalidOperation as error:
        raise bad(field, data) from error
    if not number.is_finite():
        raise bad(field, data)
    return number


def refuse_huge(field: Field, negative: bool, whole: str) -> None:
    """Refuse, before parsing, a number with more integer digits than its field could ever take.

    The message is the field's range message (or, for an unbounded field, how many digits it takes);
    a number within MAX_DIGITS is parsed and range-checked as usual (saved with its problem in the window).
    """
    digits = len(whole.lstrip("0"))
    if digits <= MAX_DIGITS:
        return
    bound = field.minimum if negative else field.maximum
    if negative and bound is None and field.type is FieldType.INTEGER:
        bound = 0  # integers are counts: never below 0 unless the pack says so
    limit = limit_of(field, bound)
    if limit is None:
        raise ValueProblem("too_many_digits", **labels(field), digits=MAX_DIGITS)
    if digits <= len(str(abs(int(limit)))):
        return  # a pack's own bound may be wider than a spreadsheet's: it is the field's limit
    if negative:
        raise ValueProblem("below_minimum", **labels(field), minimum=display_limit(limit))
    raise ValueProblem("above_maximum", **labels(field), maximum=display_limit(limit))
