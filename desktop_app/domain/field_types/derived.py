"""计算项: a value the pack computes from others (a formula, or a ratio of two fields), never typed.
An integer result stays an int; a decimal one is a Decimal, shown with the field's places (a percent
format shows ×100 and “%”); its JSON form is a string like a decimal's."""

from __future__ import annotations

from decimal import Decimal
from typing import ClassVar

from desktop_app.domain.field_types.base import FieldKind, JsonValue, Value, labels, quantum
from desktop_app.domain.field_types.numbers import NUMERIC_AGGREGATIONS, finite_decimal
from desktop_app.domain.messages import ValueProblem
from desktop_app.domain.pack import Aggregation, Field, FieldType, FormPack


class DerivedKind(FieldKind):
    type: ClassVar[FieldType] = FieldType.DERIVED
    # Σ of the schools' own computed values; a field that declares a ratio is added up as RATIO
    # (aggregation.default_aggregation).
    default_aggregation: ClassVar[Aggregation] = Aggregation.SUM
    allowed_aggregations: ClassVar[frozenset[Aggregation]] = NUMERIC_AGGREGATIONS
    district_part: ClassVar[str] = "total"
    typed: ClassVar[bool] = False

    def parse(self, field: Field, text: str, stripped: str, pack: FormPack) -> Value:
        raise ValueProblem("not_editable", **labels(field))

    def to_json(self, field: Field, value: Value) -> JsonValue:
        return format(value, "f") if isinstance(value, Decimal) else value

    def from_json(self, field: Field, data: JsonValue, pack: FormPack | None) -> Value:
        if isinstance(data, int) and not isinstance(data, bool):
            return data
        return finite_decimal(field, data)

    def display(self, field: Field, value: Value, pack: FormPack, lang: str) -> str:
        number = Decimal(value)
        if field.derived_format.value == "percent":
            return format((number * 100).quantize(quantum(field.places)), "f") + "%"
        return format(number.quantize(quantum(field.places)), ",f")
