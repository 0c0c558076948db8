"""表格: rows of cells, each column a field of its own kind (never a table or a derived value). Its value
is a list of row dicts (column key → value), empty as []; the district counts rows, sums numeric
columns and counts choice columns."""

from __future__ import annotations

from typing import ClassVar

from desktop_app.domain.field_types.base import KINDS_BY_TYPE, FieldKind, JsonValue, Value, bad, labels
from desktop_app.domain.messages import Problem, ValueProblem
from desktop_app.domain.pack import Aggregation, Field, FieldType, FormPack


class TableKind(FieldKind):
    type: ClassVar[FieldType] = FieldType.TABLE
    default_aggregation: ClassVar[Aggregation] = Aggregation.SUM  # rows counted, numeric columns summed
    allowed_aggregations: ClassVar[frozenset[Aggregation]] = frozenset({Aggregation.SUM, Aggregation.NONE})
    district_part: ClassVar[str] = "rows"
    typed: ClassVar[bool] = False

    def parse(self, field: Field, text: str, stripped: str, pack: FormPack) -> Value:
        raise ValueProblem("not_scalar", **labels(field))

    def to_json(self, field: Field, value: Value) -> JsonValue:
        def cell(column: Field, item: Value) -> JsonValue:
            return None if item is None else KINDS_BY_TYPE[column.type].to_json(column, item)

        return [{column.key: cell(column, row.get(column.key)) for column in field.columns} for row in value]

    def from_json(self, field: Field, data: JsonValue, pack: FormPack | None) -> Value:
        def read(column: Field, item: JsonValue) -> Value:
            kind = KINDS_BY_TYPE[column.type]
            return kind.empty() if item is None else kind.from_json(column, item, pack)

        if not isinstance(data, list) or not all(isinstance(row, dict) for row in data):
            raise bad(field, data)
        rows = []
        for row in data:
            unknown = set(row) - {column.key for column in field.columns}
            if unknown:
                raise bad(field, data)
            rows.append({column.key: read(column, row.get(column.key)) for column in field.columns})
        return rows

    def empty(self) -> Value:
        return []

    def display(self, field: Field, value: Value, pack: FormPack, lang: str) -> str:
        return f"{len(value)}行" if lang == "zh" else f"{len(value)} rows"

    def problems(self, field: Field, value: Value) -> list[Problem]:
        """Only the row count: the cells are checked one by one as their columns."""
        rows = value or []
        problems: list[Problem] = []
        if len(rows) and len(rows) < field.min_rows:
            problems.append(Problem("too_few_rows", {**labels(field), "min_rows": field.min_rows}))
        if field.max_rows is not None and len(rows) > field.max_rows:
            problems.append(Problem("too_many_rows", {**labels(field), "max_rows": field.max_rows}))
        return problems
