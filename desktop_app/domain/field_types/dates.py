"""日期: a calendar day, typed as 2022-06-06, 2022/6/6, 2022.6.6 or 2022年6月6日; shown officially
(2022年6月6日); its JSON form is ISO (2022-06-06)."""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from typing import ClassVar

from desktop_app.domain.field_types.base import FieldKind, JsonValue, Value, bad, labels, limit_of, range_problems
from desktop_app.domain.messages import Problem, ValueProblem
from desktop_app.domain.pack import Aggregation, Field, FieldType, FormPack
from desktop_app.domain.periods import official_date

_DATE_FORMS = (
    re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$"),
    re.compile(r"^(\d{4})/(\d{1,2})/(\d{1,2})$"),
    re.compile(r"^(\d{4})\.(\d{1,2})\.(\d{1,2})$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$"),
)


class DateKind(FieldKind):
    type: ClassVar[FieldType] = FieldType.DATE
    default_aggregation: ClassVar[Aggregation] = Aggregation.LIST
    allowed_aggregations: ClassVar[frozenset[Aggregation]] = frozenset({Aggregation.LIST, Aggregation.NONE})

    def parse(self, field: Field, text: str, stripped: str, pack: FormPack) -> Value:
        normal = unicodedata.normalize("NFKC", stripped).strip()
        for form in _DATE_FORMS:
            match = form.match(normal)
            if match:
                try:
                    return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
                except ValueError:
                    break
        raise ValueProblem("not_date", **labels(field), text=stripped)

    def to_json(self, field: Field, value: Value) -> JsonValue:
        return value.isoformat()

    def from_json(self, field: Field, data: JsonValue, pack: FormPack | None) -> Value:
        if not isinstance(data, str):
            raise bad(field, data)
        try:
            return date.fromisoformat(data)
        except ValueError as error:
            raise bad(field, data) from error

    def display(self, field: Field, value: Value, pack: FormPack, lang: str) -> str:
        return official_date(value) if lang == "zh" else value.isoformat()

    def problems(self, field: Field, value: Value) -> list[Problem]:
        return range_problems(field, value, limit_of(field, field.minimum), limit_of(field, field.maximum))
