"""Parsing one category file of a form pack: the schema of categories, fields and rules."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from desktop_app.domain.aggregation import ALLOWED_AGGREGATIONS, default_aggregation
from desktop_app.domain.field_types.registry import REGISTRY
from desktop_app.domain.pack import (
    Aggregation,
    Baseline,
    Category,
    DerivedFormat,
    EmptyPolicy,
    Field,
    FieldType,
    PeriodKind,
    Ratio,
    Rule,
    SchoolGroup,
    Section,
    Severity,
)
from desktop_app.domain.pack_basics import SCHOOL_TYPES, PackError, parse_text, require
from desktop_app.domain.pack_district import parse_ratio, parse_target, ratio_formula, scope
from desktop_app.domain.text import Text

__all__ = ["SCHOOL_TYPES", "PackError", "parse_category", "parse_field", "parse_rule", "parse_text", "require"]


_CATEGORY_KEYS = {
    "key", "number", "label", "period", "help", "applies_to", "not_for", "sections", "fields", "rules", "targets",
}  # fmt: skip
_FIELD_KEYS = {
    "key", "label", "type", "help", "unit", "section", "required", "min", "max", "places", "max_length",
    "pattern", "choices", "widget", "formula", "format", "columns", "min_rows", "max_rows", "applies_to",
    "not_for", "visible_when", "identifier", "aggregate", "ratio", "blank", "carry",
}  # fmt: skip
_RULE_KEYS = {"id", "severity", "check", "message", "fields", "when", "when_empty", "applies_to", "not_for", "baseline"}
_TARGET_KEYS = (_RULE_KEYS - {"severity"}) | {"policy", "source", "at_school", "share", "ratio", "at_least"}
NO_GROUPS: Mapping[str, SchoolGroup] = {}


def _optional_text(file: str, where: str, data: Any) -> Text | None:
    return None if data is None else parse_text(file, where, data)


def _unknown(file: str, where: str, data: dict[str, Any], allowed: set[str]) -> None:
    extra = set(data) - allowed
    if extra:
        raise PackError(file, f"{where}.{sorted(extra)[0]}" if where else sorted(extra)[0], "未知的键")


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


def _aggregate(file: str, where: str, data: dict[str, Any], item: Field) -> Field:
    """The field with its aggregation: the pack's word, checked against the type, or the type's default."""
    if "aggregate" not in data:
        return replace(item, aggregate=default_aggregation(item))
    chosen: Aggregation = _enum(file, f"{where}.aggregate", Aggregation, data["aggregate"])
    allowed = ALLOWED_AGGREGATIONS[item.type] | ({Aggregation.RATIO} if item.ratio is not None else set())
    if chosen not in allowed:
        options = "、".join(sorted(a.value for a in allowed))
        problem = f"{item.type.value} 字段不能按“{chosen.value}”汇总，可选：{options}"
        raise PackError(file, f"{where}.aggregate", problem)
    if chosen is Aggregation.RATIO and item.ratio is None:
        raise PackError(file, f"{where}.aggregate", "按比率汇总须声明 ratio（分子、分母）")
    return replace(item, aggregate=chosen, aggregate_declared=True)


def parse_field(
    file: str,
    where: str,
    data: Any,
    in_table: bool = False,
    category: str = "",
    groups: Mapping[str, SchoolGroup] = NO_GROUPS,
) -> Field:
    if not isinstance(data, dict):
        raise PackError(file, where, "字段应为映射")
    key = str(require(file, where, data, "key"))
    where = f"{where}({key})"
    _unknown(file, where, data, _FIELD_KEYS)
    kind: FieldType = _enum(file, f"{where}.type", FieldType, require(file, where, data, "type"))
    _check_kind(file, where, data, kind, in_table)
    ratio = _ratio(file, where, data, kind, category, groups)
    _check_carry(file, where, data, kind, in_table)
    if kind is FieldType.DECIMAL and "places" not in data:
        raise PackError(file, f"{where}.places", "小数字段须规定小数位数")
    columns = _columns(file, where, data, category, groups) if kind is FieldType.TABLE else ()
    limits = _limits(data)
    formula = ratio_formula(ratio, category) if ratio is not None else data.get("formula")
    item = Field(
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
        formula=None if formula is None else str(formula),
        derived_format=_enum(file, f"{where}.format", DerivedFormat, data.get("format", "number")),
        columns=columns,
        min_rows=_int(file, f"{where}.min_rows", data.get("min_rows")) or 0,
        max_rows=_int(file, f"{where}.max_rows", data.get("max_rows")),
        applies_to=scope(file, where, data, groups)[0],
        visible_when=None if data.get("visible_when") is None else str(data["visible_when"]),
        identifier=bool(data.get("identifier", False)),
        ratio=ratio,
        blank=_optional_text(file, f"{where}.blank", data.get("blank")),
        carry=bool(data.get("carry", False)),
    )
    return _aggregate(file, where, data, item)


def _check_kind(file: str, where: str, data: dict[str, Any], kind: FieldType, in_table: bool) -> None:
    """What the field's type needs: a kind this program has, a place it may stand, its own keys."""
    if kind not in REGISTRY:  # a type of the pack format whose kind (domain/field_types) is not registered
        raise PackError(file, f"{where}.type", f"字段类型“{kind.value}”在本程序中没有实现，无法使用")
    if in_table and kind in (FieldType.TABLE, FieldType.DERIVED):
        raise PackError(file, f"{where}.type", "表格的列不能是表格或派生字段")
    if kind is FieldType.IMAGE and not in_table:
        raise PackError(file, f"{where}.type", "图片只能作为表格的列")
    if kind in (FieldType.TEXT, FieldType.LONGTEXT) and "max_length" not in data:
        raise PackError(file, f"{where}.max_length", "文本字段须规定最大长度")
    if kind in (FieldType.CHOICE, FieldType.MULTICHOICE) and "choices" not in data:
        raise PackError(file, f"{where}.choices", "选择字段须指定选项列表")


def _ratio(file: str, where: str, data: dict[str, Any], kind: FieldType, category: str,
           groups: Mapping[str, SchoolGroup]) -> Ratio | None:  # fmt: skip
    """A derived field's declared ratio (None without one); a derived field has a ratio or a formula."""
    ratio = None
    if "ratio" in data:
        if kind is not FieldType.DERIVED:
            raise PackError(file, f"{where}.ratio", "只有派生字段可以声明比率")
        if "formula" in data:
            raise PackError(file, f"{where}.ratio", "声明了 ratio 的派生字段不再写 formula（公式即“分子 / 分母”）")
        ratio = parse_ratio(file, f"{where}.ratio", data["ratio"], category, groups)
    if kind is FieldType.DERIVED and "formula" not in data and ratio is None:
        raise PackError(file, f"{where}.formula", "派生字段须有计算公式（或声明 ratio）")
    return ratio


def _check_carry(file: str, where: str, data: dict[str, Any], kind: FieldType, in_table: bool) -> None:
    if data.get("carry") is not None and not isinstance(data.get("carry"), bool):
        raise PackError(file, f"{where}.carry", "应为 true 或 false")
    if data.get("carry") and (in_table or kind is FieldType.DERIVED):
        raise PackError(file, f"{where}.carry", "只有填报项可以带入上年数据（表格整表带入，不按列声明）")


def _columns(file: str, where: str, data: dict[str, Any], category: str,
             groups: Mapping[str, SchoolGroup]) -> tuple[Field, ...]:  # fmt: skip
    """A table's columns: a non-empty list of fields, each key once."""
    raw_columns = require(file, where, data, "columns")
    if not isinstance(raw_columns, list) or not raw_columns:
        raise PackError(file, f"{where}.columns", "应为列的非空列表")
    columns = tuple(parse_field(file, f"{where}.columns[{i}]", c, True, category, groups)
                    for i, c in enumerate(raw_columns))  # fmt: skip
    _no_duplicates(file, f"{where}.columns", [c.key for c in columns])
    return columns


def _limits(data: dict[str, Any]) -> dict[str, int | str | None]:
    """min and max as written (an int, or a decimal's literal); any other value as its text."""
    limits = {name: data.get(name) for name in ("min", "max")}
    for name, limit in limits.items():
        if isinstance(limit, bool) or (limit is not None and not isinstance(limit, (int, str))):
            limits[name] = str(limit)
    return limits


def parse_rule(
    file: str, where: str, data: Any, groups: Mapping[str, SchoolGroup] = NO_GROUPS, as_target: bool = False
) -> Rule:
    """A rule of `rules:`, or (as_target) an entry of `targets:`: a warning rule with its policy."""
    if not isinstance(data, dict):
        raise PackError(file, where, "规则应为映射")
    rule_id = str(require(file, where, data, "id"))
    where = f"{where}({rule_id})"
    _unknown(file, where, data, _TARGET_KEYS if as_target else _RULE_KEYS)
    fields = data.get("fields", [])
    if not isinstance(fields, list):
        raise PackError(file, f"{where}.fields", "应为字段键的列表")
    applies, group = scope(file, where, data, groups)
    severity = Severity.WARNING if as_target else _enum(file, f"{where}.severity", Severity,
                                                         require(file, where, data, "severity"))  # fmt: skip
    return Rule(
        id=rule_id,
        severity=severity,
        check=str(require(file, where, data, "check")),
        message=parse_text(file, f"{where}.message", data.get("message")),
        fields=tuple(map(str, fields)),
        when=None if data.get("when") is None else str(data["when"]),
        when_empty=_enum(file, f"{where}.when_empty", EmptyPolicy, data.get("when_empty", "skip")),
        applies_to=applies,
        baseline=_enum(file, f"{where}.baseline", Baseline, data.get("baseline", "previous")),
        target=parse_target(file, where, data) if as_target else None,
        applies_group=group,
    )


def _no_duplicates(file: str, where: str, keys: list[str]) -> None:
    seen: set[str] = set()
    for key in keys:
        if key in seen:
            raise PackError(file, f"{where}.{key}", "键重复")
        seen.add(key)


def parse_category(file: str, data: Any, groups: Mapping[str, SchoolGroup] = NO_GROUPS) -> Category:
    if not isinstance(data, dict):
        raise PackError(file, "", "类别文件应为映射")
    _unknown(file, "", data, _CATEGORY_KEYS)
    key = str(require(file, "", data, "key"))
    raw_fields = require(file, "", data, "fields")
    if not isinstance(raw_fields, list) or not raw_fields:
        raise PackError(file, "fields", "应为字段的非空列表")
    fields = tuple(parse_field(file, f"fields[{i}]", f, False, key, groups) for i, f in enumerate(raw_fields))
    _no_duplicates(file, "fields", [f.key for f in fields])
    sections = tuple(
        Section(
            str(require(file, f"sections[{i}]", s, "key")), parse_text(file, f"sections[{i}].label", s.get("label"))
        )
        for i, s in enumerate(data.get("sections") or [])
    )
    _no_duplicates(file, "sections", [s.key for s in sections])
    rules = tuple(parse_rule(file, f"rules[{i}]", r, groups) for i, r in enumerate(data.get("rules") or []))
    targets = tuple(parse_rule(file, f"targets[{i}]", t, groups, as_target=True)
                    for i, t in enumerate(data.get("targets") or []))  # fmt: skip
    number = _int(file, "number", require(file, "", data, "number"))
    return Category(
        key=key,
        number=number or 0,
        label=parse_text(file, "label", data.get("label")),
        period_kind=_enum(file, "period", PeriodKind, require(file, "", data, "period")),
        fields=fields,
        sections=sections,
        rules=rules + targets,
        help=_optional_text(file, "help", data.get("help")),
        applies_to=scope(file, "", data, groups)[0],
        source_file=file,
    )
