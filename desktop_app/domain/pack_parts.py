"""Parsing one category file of a form pack: the schema of categories, fields and rules."""

from __future__ import annotations

from typing import Any

from desktop_app.domain.pack import (
    Category,
    DerivedFormat,
    EmptyPolicy,
    Field,
    FieldType,
    PeriodKind,
    Rule,
    Section,
    Severity,
)
from desktop_app.domain.text import Text


class PackError(ValueError):
    """A broken form pack: which file, which key, what is wrong."""

    def __init__(self, file: str, key: str, problem: str) -> None:
        self.file = file
        self.key = key
        self.problem = problem
        where = f"{file}: {key}: " if key else f"{file}: "
        super().__init__(f"表单包错误 {where}{problem}")


_CATEGORY_KEYS = {"key", "number", "label", "period", "help", "applies_to", "not_for", "sections", "fields", "rules"}
_FIELD_KEYS = {
    "key", "label", "type", "help", "unit", "section", "required", "min", "max", "places", "max_length",
    "pattern", "choices", "widget", "formula", "format", "columns", "min_rows", "max_rows", "applies_to",
    "not_for", "visible_when", "identifier", "blank",
}  # fmt: skip
_RULE_KEYS = {"id", "severity", "check", "message", "fields", "when", "when_empty", "applies_to", "not_for"}
SCHOOL_TYPES = frozenset(
    {"kindergarten", "primary", "junior", "nine_year", "complete_middle", "senior", "vocational", "special"}
)


def require(file: str, where: str, data: dict[str, Any], key: str) -> Any:
    if key not in data or data[key] is None:
        raise PackError(file, f"{where}.{key}" if where else key, "缺少必填项")
    return data[key]


def parse_text(file: str, where: str, data: Any, required: bool = True) -> Text:
    if data is None and not required:
        return Text("")
    if isinstance(data, str):
        return Text(data)
    if not isinstance(data, dict) or not isinstance(data.get("zh"), str) or not data["zh"].strip():
        raise PackError(file, where, "应为 {zh: 中文, en: English}，中文不能为空")
    extra = set(data) - {"zh", "en"}
    if extra:
        raise PackError(file, where, f"未知的语言键 {sorted(extra)[0]}")
    return Text(data["zh"], str(data.get("en") or ""))


def _optional_text(file: str, where: str, data: Any) -> Text | None:
    return None if data is None else parse_text(file, where, data)


def _unknown(file: str, where: str, data: dict[str, Any], allowed: set[str]) -> None:
    extra = set(data) - allowed
    if extra:
        raise PackError(file, f"{where}.{sorted(extra)[0]}" if where else sorted(extra)[0], "未知的键")


def _scope(file: str, where: str, data: dict[str, Any]) -> frozenset[str] | None:
    if "applies_to" in data and "not_for" in data:
        raise PackError(file, where, "applies_to 与 not_for 只能二选一")
    listed = data.get("applies_to", data.get("not_for"))
    if listed is None:
        return None
    if not isinstance(listed, list) or not listed:
        raise PackError(file, f"{where}.applies_to", "应为办学类型的非空列表")
    unknown = set(map(str, listed)) - SCHOOL_TYPES
    if unknown:
        raise PackError(file, f"{where}.applies_to", f"未知的办学类型 {sorted(unknown)[0]}")
    chosen = frozenset(map(str, listed))
    return chosen if "applies_to" in data else SCHOOL_TYPES - chosen


def _enum(file: str, where: str, kind: type[Any], raw: Any) -> Any:
    try:
        return kind(str(raw))
    except ValueError as error:
        options = "、".join(member.value for member in kind)
        raise PackError(file, where, f"“{raw}”无效，可选：{options}") from error


def _int(file: str, where: str, raw: Any) -> int | None:
    if raw is None:
        return None
    if isinstance(raw, bool) or not isinstance(raw, int):
        raise PackError(file, where, "应为整数")
    return raw


def parse_field(file: str, where: str, data: Any, in_table: bool = False) -> Field:
    if not isinstance(data, dict):
        raise PackError(file, where, "字段应为映射")
    key = str(require(file, where, data, "key"))
    where = f"{where}({key})"
    _unknown(file, where, data, _FIELD_KEYS)
    kind: FieldType = _enum(file, f"{where}.type", FieldType, require(file, where, data, "type"))
    if in_table and kind in (FieldType.TABLE, FieldType.DERIVED):
        raise PackError(file, f"{where}.type", "表格的列不能是表格或派生字段")
    if kind is FieldType.IMAGE and not in_table:
        raise PackError(file, f"{where}.type", "图片只能作为表格的列")
    if kind in (FieldType.TEXT, FieldType.LONGTEXT) and "max_length" not in data:
        raise PackError(file, f"{where}.max_length", "文本字段须规定最大长度")
    if kind in (FieldType.CHOICE, FieldType.MULTICHOICE) and "choices" not in data:
        raise PackError(file, f"{where}.choices", "选择字段须指定选项列表")
    if kind is FieldType.DERIVED and "formula" not in data:
        raise PackError(file, f"{where}.formula", "派生字段须有计算公式")
    if kind is FieldType.DECIMAL and "places" not in data:
        raise PackError(file, f"{where}.places", "小数字段须规定小数位数")
    columns: tuple[Field, ...] = ()
    if kind is FieldType.TABLE:
        raw_columns = require(file, where, data, "columns")
        if not isinstance(raw_columns, list) or not raw_columns:
            raise PackError(file, f"{where}.columns", "应为列的非空列表")
        columns = tuple(parse_field(file, f"{where}.columns[{i}]", c, True) for i, c in enumerate(raw_columns))
        _no_duplicates(file, f"{where}.columns", [c.key for c in columns])
    limits = {name: data.get(name) for name in ("min", "max")}
    for name, limit in limits.items():
        if isinstance(limit, bool) or (limit is not None and not isinstance(limit, (int, str))):
            limits[name] = str(limit)
    return Field(
        key=key,
        label=parse_text(file, f"{where}.label", data.get("label")),
        type=kind,
        help=_optional_text(file, f"{where}.help", data.get("help")),
        unit=_optional_text(file, f"{where}.unit", data.get("unit")),
        section=None if data.get("section") is None else str(data["section"]),
        required=bool(data.get("required", False)),
        minimum=None if limits["min"] is None else limits["min"],
        maximum=None if limits["max"] is None else limits["max"],
        places=_int(file, f"{where}.places", data.get("places")) or 0,
        max_length=_int(file, f"{where}.max_length", data.get("max_length")),
        pattern=None if data.get("pattern") is None else str(data["pattern"]),
        choices=None if data.get("choices") is None else str(data["choices"]),
        widget=None if data.get("widget") is None else str(data["widget"]),
        formula=None if data.get("formula") is None else str(data["formula"]),
        derived_format=_enum(file, f"{where}.format", DerivedFormat, data.get("format", "number")),
        columns=columns,
        min_rows=_int(file, f"{where}.min_rows", data.get("min_rows")) or 0,
        max_rows=_int(file, f"{where}.max_rows", data.get("max_rows")),
        applies_to=_scope(file, where, data),
        visible_when=None if data.get("visible_when") is None else str(data["visible_when"]),
        identifier=bool(data.get("identifier", False)),
        blank=_optional_text(file, f"{where}.blank", data.get("blank")),
    )


def parse_rule(file: str, where: str, data: Any) -> Rule:
    if not isinstance(data, dict):
        raise PackError(file, where, "规则应为映射")
    rule_id = str(require(file, where, data, "id"))
    where = f"{where}({rule_id})"
    _unknown(file, where, data, _RULE_KEYS)
    fields = data.get("fields", [])
    if not isinstance(fields, list):
        raise PackError(file, f"{where}.fields", "应为字段键的列表")
    return Rule(
        id=rule_id,
        severity=_enum(file, f"{where}.severity", Severity, require(file, where, data, "severity")),
        check=str(require(file, where, data, "check")),
        message=parse_text(file, f"{where}.message", data.get("message")),
        fields=tuple(map(str, fields)),
        when=None if data.get("when") is None else str(data["when"]),
        when_empty=_enum(file, f"{where}.when_empty", EmptyPolicy, data.get("when_empty", "skip")),
        applies_to=_scope(file, where, data),
    )


def _no_duplicates(file: str, where: str, keys: list[str]) -> None:
    seen: set[str] = set()
    for key in keys:
        if key in seen:
            raise PackError(file, f"{where}.{key}", "键重复")
        seen.add(key)


def parse_category(file: str, data: Any) -> Category:
    if not isinstance(data, dict):
        raise PackError(file, "", "类别文件应为映射")
    _unknown(file, "", data, _CATEGORY_KEYS)
    key = str(require(file, "", data, "key"))
    raw_fields = require(file, "", data, "fields")
    if not isinstance(raw_fields, list) or not raw_fields:
        raise PackError(file, "fields", "应为字段的非空列表")
    fields = tuple(parse_field(file, f"fields[{i}]", f) for i, f in enumerate(raw_fields))
    _no_duplicates(file, "fields", [f.key for f in fields])
    sections = tuple(
        Section(
            str(require(file, f"sections[{i}]", s, "key")), parse_text(file, f"sections[{i}].label", s.get("label"))
        )
        for i, s in enumerate(data.get("sections") or [])
    )
    _no_duplicates(file, "sections", [s.key for s in sections])
    rules = tuple(parse_rule(file, f"rules[{i}]", r) for i, r in enumerate(data.get("rules") or []))
    number = _int(file, "number", require(file, "", data, "number"))
    return Category(
        key=key,
        number=number or 0,
        label=parse_text(file, "label", data.get("label")),
        period_kind=_enum(file, "period", PeriodKind, require(file, "", data, "period")),
        fields=fields,
        sections=sections,
        rules=rules,
        help=_optional_text(file, "help", data.get("help")),
        applies_to=_scope(file, "", data),
        source_file=file,
    )
