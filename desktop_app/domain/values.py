"""Values of each field type: parsing what a clerk typed, the exact JSON form, display, field checks.

Each type is one object in domain/field_types (its module, registered in field_types/registry.py);
this module is the API the rest of the app calls, and holds no branch on the type of its own.

Python forms: integer → int; decimal → Decimal (quantized to the field's places); text, longtext,
choice, image → str; date → datetime.date; boolean → bool; multichoice → tuple[str, ...] in list
order; table → list of row dicts (column key → value). An empty value is None (an empty table: []).

JSON forms (storage, fingerprints, `show --json`, the workbook's machine part): decimals as strings
("1234.50"), dates as ISO strings, multichoice as lists, tables as lists of objects. Never floats.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from desktop_app.domain.field_types.base import JsonValue, Value, display_limit, labels, quantum
from desktop_app.domain.field_types.numbers import MAX_DIGITS
from desktop_app.domain.field_types.registry import field_kind, read_json
from desktop_app.domain.messages import Problem
from desktop_app.domain.pack import Field, FormPack

__all__ = [
    "MAX_DIGITS", "JsonValue", "Value", "canonical_row", "display", "display_limit", "field_problems",
    "from_json", "is_empty", "labels", "now_iso", "parse_text", "quantum", "refuse_hidden_characters",
    "to_json",
]  # fmt: skip


def is_empty(value: Value) -> bool:
    return value is None or value == "" or value == () or value == []


def parse_text(field: Field, text: str, pack: FormPack) -> Value:
    """Turn what a clerk typed into a value of the field's type, or raise ValueProblem."""
    kind = field_kind(field)
    stripped = text.strip()
    if stripped == "" and kind.typed:  # a derived value or a table is refused even when nothing is typed
        return None
    return kind.parse(field, text, stripped, pack)


def refuse_hidden_characters(field: Field, value: Value) -> None:
    """Text may hold neither control characters nor bidi controls (raises ValueProblem)."""
    field_kind(field).refuse_hidden(field, value)


def to_json(field: Field, value: Value) -> JsonValue:
    """The exact JSON form of a value (decimals as strings, dates as ISO strings)."""
    if value is None:
        return None
    return field_kind(field).to_json(field, value)


def from_json(field: Field, data: JsonValue, pack: FormPack | None = None) -> Value:
    """Read a value back from its JSON form, checking its type strictly (raises ValueProblem)."""
    return read_json(field, data, pack)


def field_problems(field: Field, value: Value) -> list[Problem]:
    """Checks that belong to one field alone: range, length, pattern, row count (not `required`).

    For a table only the row count is checked here; its cells are checked one by one as columns.
    """
    if is_empty(value):  # an empty table has no row-count problem either
        return []
    return field_kind(field).problems(field, value)


def display(field: Field, value: Value, pack: FormPack, lang: str = "zh") -> str:
    """How a value is shown to a person: fixed decimal places, 2022年6月6日, choice labels."""
    if is_empty(value):
        return ""
    return field_kind(field).display(field, value, pack, lang)


def canonical_row(field: Field, row: Mapping[str, Value]) -> dict[str, Value]:
    """A table row with exactly the field's columns (missing ones empty)."""
    return {column.key: row.get(column.key) for column in field.columns}


def now_iso() -> str:
    return datetime.now().astimezone().isoformat(timespec="seconds")
