"""Values of each field type: parsing what a clerk typed, the exact JSON form, display, field checks.

Python forms: integer → int; decimal → Decimal (quantized to the field's places); text, longtext,
choice, image → str; date → datetime.date; boolean → bool; multichoice → tuple[str, ...] in list
order; table → list of row dicts (column key → value). An empty value is None (an empty table: []).

JSON forms (storage, fingerprints, `show --json`, the workbook's machine part): decimals as strings
("1234.50"), dates as ISO strings, multichoice as lists, tables as lists of objects. Never floats.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal, InvalidOperation, localcontext
from typing import Any

from desktop_app.domain.identifiers import PATTERNS
from desktop_app.domain.messages import PATTERN_HINTS, Problem, ValueProblem
from desktop_app.domain.pack import Field, FieldType, FormPack
from desktop_app.domain.periods import official_date
from desktop_app.domain.text import bidi_controls, code_points

Value = Any  # int | Decimal | str | date | bool | tuple[str, ...] | list[dict[str, Any]] | None
JsonValue = Any

_TRUE = {"是", "yes", "y", "true", "1", "√", "有"}
_FALSE = {"否", "no", "n", "false", "0", "×", "无"}
_LIST_SEPARATORS = re.compile(r"[,，、;；]\s*")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_DATE_FORMS = (
    re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$"),
    re.compile(r"^(\d{4})/(\d{1,2})/(\d{1,2})$"),
    re.compile(r"^(\d{4})\.(\d{1,2})\.(\d{1,2})$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$"),
)


def is_empty(value: Value) -> bool:
    return value is None or value == "" or value == () or value == []


def _label(field: Field) -> str:
    return field.label.zh


def labels(field: Field) -> dict[str, str]:
    """The field's label for a catalogue message, in both languages."""
    return {"label": field.label.zh, "label_en": field.label.get("en")}


def _normalise_number_text(text: str) -> str:
    # Full-width digits and thousands separators are common in text pasted from Word or WPS.
    return unicodedata.normalize("NFKC", text).strip().replace(",", "").replace(" ", "")


def quantum(places: int) -> Decimal:
    return Decimal(1).scaleb(-places)


def parse_text(field: Field, text: str, pack: FormPack) -> Value:
    """Turn what a clerk typed into a value of the field's type, or raise ValueProblem."""
    if field.type is FieldType.DERIVED:
        raise ValueProblem("not_editable", **labels(field))
    if field.type is FieldType.TABLE:
        raise ValueProblem("not_scalar", **labels(field))
    stripped = text.strip()
    if stripped == "":
        return None
    kind = field.type
    if kind is FieldType.INTEGER:
        return _parse_integer(field, stripped)
    if kind is FieldType.DECIMAL:
        return _parse_decimal(field, stripped)
    if kind in (FieldType.TEXT, FieldType.LONGTEXT, FieldType.IMAGE):
        value = text.strip() if kind is FieldType.TEXT else text.rstrip()
        refuse_hidden_characters(field, value)
        return value
    if kind is FieldType.DATE:
        return _parse_date(field, stripped)
    if kind is FieldType.BOOLEAN:
        lowered = stripped.lower()
        if lowered in _TRUE:
            return True
        if lowered in _FALSE:
            return False
        raise ValueProblem("not_boolean", **labels(field))
    if kind is FieldType.CHOICE:
        return _parse_choice(field, stripped, pack)
    if kind is FieldType.MULTICHOICE:
        parts = [part for part in _LIST_SEPARATORS.split(stripped) if part]
        keys = {_parse_choice(field, part, pack) for part in parts}
        order = pack.choice_list(field.choices or "").keys
        return tuple(key for key in order if key in keys)
    raise AssertionError(kind)


# The integer digits a number may have when its field sets no bound: what a spreadsheet keeps exactly
# (Excel and WPS hold 15 significant digits). A bound with more digits is the field's own limit.
MAX_DIGITS = 15
_INTEGER_TEXT = re.compile(r"([+-]?)([0-9]+)", re.ASCII)
_DECIMAL_TEXT = re.compile(r"([+-]?)(?=\.?[0-9])([0-9]*)(?:\.([0-9]*))?", re.ASCII)


def _parse_integer(field: Field, text: str) -> int:
    normal = _normalise_number_text(text)
    match = _INTEGER_TEXT.fullmatch(normal)
    if match is None:
        raise ValueProblem("not_integer", **labels(field), text=text)
    _refuse_huge(field, match.group(1) == "-", match.group(2))
    return int(normal)


def _parse_decimal(field: Field, text: str) -> Decimal:
    normal = _normalise_number_text(text)
    match = _DECIMAL_TEXT.fullmatch(normal)
    if match is None:
        raise ValueProblem("not_decimal", **labels(field), text=text)
    whole, fraction = match.group(2), (match.group(3) or "").rstrip("0")
    _refuse_huge(field, match.group(1) == "-", whole)
    # Places are counted in the text: Decimal.normalize() would round 0.1000…0001 (31 digits) to 0.1.
    if len(fraction) > field.places:
        raise ValueProblem("too_many_places", **labels(field), places=field.places)
    digits = len(whole.lstrip("0")) + field.places
    with localcontext() as exact:
        exact.prec = max(exact.prec, digits + 2)
        return Decimal(normal).quantize(quantum(field.places))


def _refuse_huge(field: Field, negative: bool, whole: str) -> None:
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
    limit = _limit(field, bound)
    if limit is None:
        raise ValueProblem("too_many_digits", **labels(field), digits=MAX_DIGITS)
    if digits <= len(str(abs(int(limit)))):
        return  # a pack's own bound may be wider than a spreadsheet's: it is the field's limit
    if negative:
        raise ValueProblem("below_minimum", **labels(field), minimum=display_limit(limit))
    raise ValueProblem("above_maximum", **labels(field), maximum=display_limit(limit))


def _parse_date(field: Field, text: str) -> date:
    normal = unicodedata.normalize("NFKC", text).strip()
    for form in _DATE_FORMS:
        match = form.match(normal)
        if match:
            try:
                return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
            except ValueError:
                break
    raise ValueProblem("not_date", **labels(field), text=text)


def refuse_hidden_characters(field: Field, value: Value) -> None:
    """Text may hold neither control characters nor bidi controls (raises ValueProblem)."""
    if not isinstance(value, str) or field.type not in (FieldType.TEXT, FieldType.LONGTEXT, FieldType.IMAGE):
        return
    if _CONTROL.search(value):
        raise ValueProblem("control_character", **labels(field))
    hidden = bidi_controls(value)
    if hidden:
        raise ValueProblem("bidi_control", **labels(field), chars=code_points(hidden))


def _parse_choice(field: Field, text: str, pack: FormPack) -> str:
    choices = pack.choice_list(field.choices or "")
    key = choices.key_of_label(text)
    if key is None:
        options = "、".join(choice.label.zh for choice in choices.choices)
        raise ValueProblem("unknown_choice", **labels(field), text=text, options=options)
    return key


def to_json(field: Field, value: Value) -> JsonValue:
    """The exact JSON form of a value (decimals as strings, dates as ISO strings)."""
    if value is None:
        return None
    kind = field.type
    if kind is FieldType.DECIMAL or (kind is FieldType.DERIVED and isinstance(value, Decimal)):
        return format(value, "f")
    if kind is FieldType.DATE:
        return value.isoformat()
    if kind is FieldType.MULTICHOICE:
        return list(value)
    if kind is FieldType.TABLE:
        return [{column.key: to_json(column, row.get(column.key)) for column in field.columns} for row in value]
    return value


def from_json(field: Field, data: JsonValue, pack: FormPack | None = None) -> Value:
    """Read a value back from its JSON form, checking its type strictly (raises ValueProblem)."""
    if data is None:
        return [] if field.type is FieldType.TABLE else None

    def bad() -> ValueProblem:
        return ValueProblem("bad_stored_value", **labels(field), text=repr(data)[:80])

    kind = field.type
    if kind is FieldType.INTEGER:
        if isinstance(data, bool) or not isinstance(data, int):
            raise bad()
        return data
    if kind in (FieldType.DECIMAL, FieldType.DERIVED):
        if not isinstance(data, str):
            if kind is FieldType.DERIVED and isinstance(data, int) and not isinstance(data, bool):
                return data
            raise bad()
        try:
            number = Decimal(data)
        except InvalidOperation as error:
            raise bad() from error
        if not number.is_finite():
            raise bad()
        return number.quantize(quantum(field.places)) if kind is FieldType.DECIMAL else number
    if kind in (FieldType.TEXT, FieldType.LONGTEXT, FieldType.IMAGE):
        if not isinstance(data, str):
            raise bad()
        return data
    if kind is FieldType.DATE:
        if not isinstance(data, str):
            raise bad()
        try:
            return date.fromisoformat(data)
        except ValueError as error:
            raise bad() from error
    if kind is FieldType.BOOLEAN:
        if not isinstance(data, bool):
            raise bad()
        return data
    if kind is FieldType.CHOICE:
        if not isinstance(data, str):
            raise bad()
        if pack is not None and data not in pack.choice_list(field.choices or "").keys:
            raise bad()
        return data
    if kind is FieldType.MULTICHOICE:
        if not isinstance(data, list) or not all(isinstance(item, str) for item in data):
            raise bad()
        if pack is not None:
            allowed = pack.choice_list(field.choices or "").keys
            if any(item not in allowed for item in data):
                raise bad()
            return tuple(key for key in allowed if key in data)
        return tuple(data)
    if kind is FieldType.TABLE:
        if not isinstance(data, list) or not all(isinstance(row, dict) for row in data):
            raise bad()
        rows = []
        for row in data:
            unknown = set(row) - {column.key for column in field.columns}
            if unknown:
                raise bad()
            rows.append({column.key: from_json(column, row.get(column.key), pack) for column in field.columns})
        return rows
    raise AssertionError(kind)


def _limit(field: Field, limit: int | str | None) -> Any:
    if limit is None:
        return None
    if field.type is FieldType.DECIMAL:
        return Decimal(str(limit))
    if field.type is FieldType.DATE:
        return date.fromisoformat(str(limit))
    return limit


def field_problems(field: Field, value: Value) -> list[Problem]:
    """Checks that belong to one field alone: range, length, pattern, row count (not `required`).

    For a table only the row count is checked here; its cells are checked one by one as columns.
    """
    if is_empty(value) and field.type is not FieldType.TABLE:
        return []
    problems: list[Problem] = []
    kind = field.type
    if kind in (FieldType.INTEGER, FieldType.DECIMAL, FieldType.DATE):
        minimum = _limit(field, field.minimum)
        if minimum is None and kind is FieldType.INTEGER:
            minimum = 0
        maximum = _limit(field, field.maximum)
        if minimum is not None and value < minimum:
            problems.append(Problem("below_minimum", {**labels(field), "minimum": display_limit(minimum)}))
        if maximum is not None and value > maximum:
            problems.append(Problem("above_maximum", {**labels(field), "maximum": display_limit(maximum)}))
    if kind in (FieldType.TEXT, FieldType.LONGTEXT) and field.max_length is not None and len(value) > field.max_length:
        problems.append(Problem("too_long", {**labels(field), "max_length": field.max_length, "length": len(value)}))
    if kind is FieldType.TEXT and field.pattern and not PATTERNS[field.pattern](value):
        hint = PATTERN_HINTS[field.pattern]
        problems.append(Problem("bad_pattern", {**labels(field), "hint": hint.zh, "hint_en": hint.en}))
    if kind is FieldType.TABLE:
        rows = value or []
        if len(rows) and len(rows) < field.min_rows:
            problems.append(Problem("too_few_rows", {**labels(field), "min_rows": field.min_rows}))
        if field.max_rows is not None and len(rows) > field.max_rows:
            problems.append(Problem("too_many_rows", {**labels(field), "max_rows": field.max_rows}))
    return problems


def display_limit(limit: object) -> str:
    if isinstance(limit, date):
        return official_date(limit)
    return str(limit)


def display(field: Field, value: Value, pack: FormPack, lang: str = "zh") -> str:
    """How a value is shown to a person: fixed decimal places, 2022年6月6日, choice labels."""
    if is_empty(value):
        return ""
    kind = field.type
    if kind is FieldType.DECIMAL:
        return format(Decimal(value).quantize(quantum(field.places)), ",f")
    if kind is FieldType.DERIVED:
        number = Decimal(value)
        if field.derived_format.value == "percent":
            return format((number * 100).quantize(quantum(field.places)), "f") + "%"
        return format(number.quantize(quantum(field.places)), ",f")
    if kind is FieldType.INTEGER:
        return str(value)
    if kind is FieldType.DATE:
        return official_date(value) if lang == "zh" else value.isoformat()
    if kind is FieldType.BOOLEAN:
        if lang == "zh":
            return "是" if value else "否"
        return "Yes" if value else "No"
    if kind is FieldType.CHOICE:
        label = pack.choice_list(field.choices or "").label_of(value)
        return label.get(lang) if label else str(value)
    if kind is FieldType.MULTICHOICE:
        choices = pack.choice_list(field.choices or "")
        labels = [choices.label_of(key) for key in value]
        return "、".join(label.get(lang) for label in labels if label)
    if kind is FieldType.TABLE:
        return f"{len(value)}行" if lang == "zh" else f"{len(value)} rows"
    return str(value)


def canonical_row(field: Field, row: Mapping[str, Value]) -> dict[str, Value]:
    """A table row with exactly the field's columns (missing ones empty)."""
    return {column.key: row.get(column.key) for column in field.columns}


def now_iso() -> str:
    return datetime.now().astimezone().isoformat(timespec="seconds")
