"""What every field type is: one object (a `FieldKind`) that parses what a clerk typed, shows a value,
writes and reads its exact JSON form, checks a value on its own, and says how the district adds it up.

The helpers here are shared by the kinds; `registry.py` holds one kind per FieldType and the loader
refuses a pack whose field names a type without one.
"""

from __future__ import annotations

import unicodedata
from datetime import date
from decimal import Decimal
from typing import Any, ClassVar

from desktop_app.domain.messages import Problem, ValueProblem
from desktop_app.domain.pack import Aggregation, Field, FieldType, FormPack
from desktop_app.domain.periods import official_date

Value = Any  # int | Decimal | str | date | bool | tuple[str, ...] | list[dict[str, Any]] | None
JsonValue = Any


class FieldKind:
    """One field type. Subclasses set the class attributes and override what differs from the plain
    default (a value that is its own JSON form and is shown as str())."""

    type: ClassVar[FieldType]
    # 汇总口径: the default of a field that declares none, and the ones a field may declare.
    default_aggregation: ClassVar[Aggregation]
    allowed_aggregations: ClassVar[frozenset[Aggregation]]
    # What the district figure of the type holds beside its counts (the bureau's JSON shape):
    # "total" (a sum or ratio), "options" (schools per answer), "rows" (a table's rows and columns), "".
    district_part: ClassVar[str] = ""
    # Whether a clerk types the value (derived values and tables are refused whatever is typed).
    typed: ClassVar[bool] = True

    def parse(self, field: Field, text: str, stripped: str, pack: FormPack) -> Value:
        """A value from what a clerk typed (`stripped` is never empty), or raise ValueProblem."""
        raise ValueProblem("not_editable", **labels(field))

    def refuse_hidden(self, field: Field, value: Value) -> None:
        """Raise ValueProblem for characters a value of the type may not hold (text: control, bidi)."""

    def to_json(self, field: Field, value: Value) -> JsonValue:
        """The exact JSON form of a value that is not None."""
        return value

    def from_json(self, field: Field, data: JsonValue, pack: FormPack | None) -> Value:
        """A value from its JSON form (not None), its type checked strictly (raise `bad(field, data)`)."""
        raise bad(field, data)

    def empty(self) -> Value:
        """The value of a field stored as null."""
        return None

    def display(self, field: Field, value: Value, pack: FormPack, lang: str) -> str:
        """How a value that is not empty is shown to a person."""
        return str(value)

    def problems(self, field: Field, value: Value) -> list[Problem]:
        """Checks of a value that is not empty on its own: range, length, pattern (not `required`)."""
        return []


# Every kind by its type, filled by registry.py: a table reaches its columns' kinds here, so that no kind
# module imports the registry (which imports them all).
KINDS_BY_TYPE: dict[FieldType, FieldKind] = {}


def labels(field: Field) -> dict[str, str]:
    """The field's label for a catalogue message, in both languages."""
    return {"label": field.label.zh, "label_en": field.label.get("en")}


def bad(field: Field, data: JsonValue) -> ValueProblem:
    return ValueProblem("bad_stored_value", **labels(field), text=repr(data)[:80])


def normalise_number_text(text: str) -> str:
    # Full-width digits and thousands separators are common in text pasted from Word or WPS.
    return unicodedata.normalize("NFKC", text).strip().replace(",", "").replace(" ", "")


def quantum(places: int) -> Decimal:
    return Decimal(1).scaleb(-places)


def limit_of(field: Field, limit: int | str | None) -> Any:
    """A pack's bound (minimum, maximum) as a value of the field's type."""
    if limit is None:
        return None
    if field.type is FieldType.DECIMAL:
        return Decimal(str(limit))
    if field.type is FieldType.DATE:
        return date.fromisoformat(str(limit))
    return limit


def display_limit(limit: object) -> str:
    if isinstance(limit, date):
        return official_date(limit)
    return str(limit)


def range_problems(field: Field, value: Value, minimum: Any, maximum: Any) -> list[Problem]:
    problems: list[Problem] = []
    if minimum is not None and value < minimum:
        problems.append(Problem("below_minimum", {**labels(field), "minimum": display_limit(minimum)}))
    if maximum is not None and value > maximum:
        problems.append(Problem("above_maximum", {**labels(field), "maximum": display_limit(maximum)}))
    return problems
