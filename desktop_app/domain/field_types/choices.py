"""是否 (boolean), 单选 (choice) and 多选 (multichoice): answers from a fixed list; the district counts
schools per answer. A choice's value is its key, typed as its label; a multichoice keeps the list's order."""

from __future__ import annotations

import re
from typing import ClassVar

from desktop_app.domain.field_types.base import FieldKind, JsonValue, Value, bad, labels
from desktop_app.domain.messages import ValueProblem
from desktop_app.domain.pack import Aggregation, Field, FieldType, FormPack

_TRUE = {"是", "yes", "y", "true", "1", "√", "有"}
_FALSE = {"否", "no", "n", "false", "0", "×", "无"}
_LIST_SEPARATORS = re.compile(r"[,，、;；]\s*")
COUNTED = frozenset({Aggregation.COUNT, Aggregation.NONE})


class BooleanKind(FieldKind):
    type: ClassVar[FieldType] = FieldType.BOOLEAN
    default_aggregation: ClassVar[Aggregation] = Aggregation.COUNT
    allowed_aggregations: ClassVar[frozenset[Aggregation]] = COUNTED
    district_part: ClassVar[str] = "options"

    def parse(self, field: Field, text: str, stripped: str, pack: FormPack) -> Value:
        lowered = stripped.lower()
        if lowered in _TRUE:
            return True
        if lowered in _FALSE:
            return False
        raise ValueProblem("not_boolean", **labels(field))

    def from_json(self, field: Field, data: JsonValue, pack: FormPack | None) -> Value:
        if not isinstance(data, bool):
            raise bad(field, data)
        return data

    def display(self, field: Field, value: Value, pack: FormPack, lang: str) -> str:
        if lang == "zh":
            return "是" if value else "否"
        return "Yes" if value else "No"


class ChoiceKind(FieldKind):
    type: ClassVar[FieldType] = FieldType.CHOICE
    default_aggregation: ClassVar[Aggregation] = Aggregation.COUNT
    allowed_aggregations: ClassVar[frozenset[Aggregation]] = COUNTED
    district_part: ClassVar[str] = "options"

    def parse(self, field: Field, text: str, stripped: str, pack: FormPack) -> Value:
        return choice_key(field, stripped, pack)

    def from_json(self, field: Field, data: JsonValue, pack: FormPack | None) -> Value:
        if not isinstance(data, str):
            raise bad(field, data)
        if pack is not None and data not in pack.choice_list(field.choices or "").keys:
            raise bad(field, data)
        return data

    def display(self, field: Field, value: Value, pack: FormPack, lang: str) -> str:
        label = pack.choice_list(field.choices or "").label_of(value)
        return label.get(lang) if label else str(value)


class MultiChoiceKind(FieldKind):
    type: ClassVar[FieldType] = FieldType.MULTICHOICE
    default_aggregation: ClassVar[Aggregation] = Aggregation.COUNT
    allowed_aggregations: ClassVar[frozenset[Aggregation]] = COUNTED
    district_part: ClassVar[str] = "options"

    def parse(self, field: Field, text: str, stripped: str, pack: FormPack) -> Value:
        parts = [part for part in _LIST_SEPARATORS.split(stripped) if part]
        keys = {choice_key(field, part, pack) for part in parts}
        order = pack.choice_list(field.choices or "").keys
        return tuple(key for key in order if key in keys)

    def to_json(self, field: Field, value: Value) -> JsonValue:
        return list(value)

    def from_json(self, field: Field, data: JsonValue, pack: FormPack | None) -> Value:
        if not isinstance(data, list) or not all(isinstance(item, str) for item in data):
            raise bad(field, data)
        if pack is not None:
            allowed = pack.choice_list(field.choices or "").keys
            if any(item not in allowed for item in data):
                raise bad(field, data)
            return tuple(key for key in allowed if key in data)
        return tuple(data)

    def display(self, field: Field, value: Value, pack: FormPack, lang: str) -> str:
        choices = pack.choice_list(field.choices or "")
        found = [choices.label_of(key) for key in value]
        return "、".join(label.get(lang) for label in found if label)


def choice_key(field: Field, text: str, pack: FormPack) -> str:
    choices = pack.choice_list(field.choices or "")
    key = choices.key_of_label(text)
    if key is None:
        options = "、".join(choice.label.zh for choice in choices.choices)
        raise ValueProblem("unknown_choice", **labels(field), text=text, options=options)
    return key
