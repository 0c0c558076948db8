"""文本, 长文本 and 图片 (a photo's content hash): strings without control or bidi characters; a text
field may have a maximum length and a pattern (an identifier such as 统一社会信用代码)."""

from __future__ import annotations

import re
from typing import ClassVar

from desktop_app.domain.field_types.base import FieldKind, JsonValue, Value, bad, labels
from desktop_app.domain.identifiers import PATTERNS
from desktop_app.domain.messages import PATTERN_HINTS, Problem, ValueProblem
from desktop_app.domain.pack import Aggregation, Field, FieldType, FormPack
from desktop_app.domain.text import bidi_controls, code_points

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class _StringKind(FieldKind):
    default_aggregation: ClassVar[Aggregation] = Aggregation.NONE

    def refuse_hidden(self, field: Field, value: Value) -> None:
        refuse_hidden(field, value)

    def parse(self, field: Field, text: str, stripped: str, pack: FormPack) -> Value:
        value = text.rstrip()
        refuse_hidden(field, value)
        return value

    def from_json(self, field: Field, data: JsonValue, pack: FormPack | None) -> Value:
        if not isinstance(data, str):
            raise bad(field, data)
        return data


class TextKind(_StringKind):
    type: ClassVar[FieldType] = FieldType.TEXT
    allowed_aggregations: ClassVar[frozenset[Aggregation]] = frozenset({Aggregation.LIST, Aggregation.NONE})

    def parse(self, field: Field, text: str, stripped: str, pack: FormPack) -> Value:
        refuse_hidden(field, stripped)
        return stripped

    def problems(self, field: Field, value: Value) -> list[Problem]:
        problems = too_long(field, value)
        if field.pattern and not PATTERNS[field.pattern](value):
            hint = PATTERN_HINTS[field.pattern]
            problems.append(Problem("bad_pattern", {**labels(field), "hint": hint.zh, "hint_en": hint.en}))
        return problems


class LongTextKind(_StringKind):
    type: ClassVar[FieldType] = FieldType.LONGTEXT
    allowed_aggregations: ClassVar[frozenset[Aggregation]] = frozenset({Aggregation.NONE})

    def problems(self, field: Field, value: Value) -> list[Problem]:
        return too_long(field, value)


class ImageKind(_StringKind):
    type: ClassVar[FieldType] = FieldType.IMAGE
    allowed_aggregations: ClassVar[frozenset[Aggregation]] = frozenset({Aggregation.NONE})


def too_long(field: Field, value: Value) -> list[Problem]:
    if field.max_length is not None and len(value) > field.max_length:
        return [Problem("too_long", {**labels(field), "max_length": field.max_length, "length": len(value)})]
    return []


def refuse_hidden(field: Field, value: Value) -> None:
    """Text may hold neither control characters nor bidi controls (raises ValueProblem)."""
    if not isinstance(value, str):
        return
    if _CONTROL.search(value):
        raise ValueProblem("control_character", **labels(field))
    hidden = bidi_controls(value)
    if hidden:
        raise ValueProblem("bidi_control", **labels(field), chars=code_points(hidden))
