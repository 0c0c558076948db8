"""The district's side of a form pack (district.yaml, and the `ratio:` / `targets:` parts of category
files): school groups, earlier periods kept for comparisons, declared ratios, policy targets and the
data-quality rules. Parsing only; the arithmetic lives in domain.aggregation, targets and quality."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from desktop_app.domain.pack import (
    FieldRef,
    Indicator,
    PeriodKind,
    PeriodSpec,
    QualitySpec,
    Ratio,
    SchoolGroup,
    Target,
)
from desktop_app.domain.pack_basics import SCHOOL_TYPES, PackError, parse_text, require
from desktop_app.domain.periods import Period, PeriodKeyError

_DISTRICT_KEYS = {"school_groups", "baseline_periods", "quality"}
_QUALITY_KEYS = {"outliers", "year_on_year", "indicators"}
_RATIO_KEYS = {"numerator", "denominator", "applies_to"}
_INDICATOR_KEYS = {"key", "label", "numerator", "denominator", "applies_to", "not_for", "scale", "places", "unit"}


def _mapping(file: str, where: str, data: Any) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise PackError(file, where, "应为映射（键: 值）")
    return data


def _unknown(file: str, where: str, data: dict[str, Any], allowed: set[str]) -> None:
    extra = set(data) - allowed
    if extra:
        raise PackError(file, f"{where}.{sorted(extra)[0]}" if where else sorted(extra)[0], "未知的键")


def decimal_of(file: str, where: str, raw: Any) -> Decimal:
    if isinstance(raw, bool) or not isinstance(raw, (int, float, str)):
        raise PackError(file, where, "应为数字")
    try:
        return Decimal(str(raw))
    except InvalidOperation as error:
        raise PackError(file, where, f"“{raw}”不是数字") from error


def field_ref(file: str, where: str, raw: Any, category: str) -> FieldRef:
    """`key` (the same category) or `category.key`."""
    text = str(raw or "").strip()
    owner, dot, key = text.partition(".")
    if not text or (dot and (not owner or not key or "." in key)):
        raise PackError(file, where, "应为字段键，或“类别.字段”")
    return FieldRef(owner, key) if dot else FieldRef(category, text)


# --- school types and groups -----------------------------------------------------------------------


def resolve_types(
    file: str, where: str, listed: Any, groups: Mapping[str, SchoolGroup]
) -> tuple[frozenset[str], str | None]:
    """School types named directly or by group; the group's key when exactly one group was named."""
    if not isinstance(listed, list) or not listed:
        raise PackError(file, where, "应为办学类型（或学校分组）的非空列表")
    types: set[str] = set()
    for item in map(str, listed):
        if item in groups:
            types |= groups[item].types
        elif item in SCHOOL_TYPES:
            types.add(item)
        else:
            known = "、".join([*sorted(SCHOOL_TYPES), *groups])
            raise PackError(file, where, f"未知的办学类型或学校分组“{item}”，可选：{known}")
    group = str(listed[0]) if len(listed) == 1 and str(listed[0]) in groups else None
    return frozenset(types), group


def scope(
    file: str, where: str, data: Mapping[str, Any], groups: Mapping[str, SchoolGroup]
) -> tuple[frozenset[str] | None, str | None]:
    """`applies_to` or `not_for` (types or groups) as the set of school types it applies to."""
    if "applies_to" in data and "not_for" in data:
        raise PackError(file, where, "applies_to 与 not_for 只能二选一")
    if "applies_to" in data:
        return resolve_types(file, f"{where}.applies_to", data["applies_to"], groups)
    if "not_for" in data:
        left_out, _ = resolve_types(file, f"{where}.not_for", data["not_for"], groups)
        return SCHOOL_TYPES - left_out, None
    return None, None


# --- ratios and targets of a category file ---------------------------------------------------------


def parse_ratio(file: str, where: str, data: Any, category: str, groups: Mapping[str, SchoolGroup]) -> Ratio:
    block = _mapping(file, where, data)
    _unknown(file, where, block, _RATIO_KEYS)
    numerator = field_ref(file, f"{where}.numerator", require(file, where, block, "numerator"), category)
    denominator = field_ref(file, f"{where}.denominator", require(file, where, block, "denominator"), category)
    applies, group = scope(file, where, block, groups)
    return Ratio(numerator, denominator, applies, group)


def ratio_formula(ratio: Ratio, category: str) -> str:
    """The school-side formula of a declared ratio: `numerator / denominator`."""

    def name(ref: FieldRef) -> str:
        return ref.key if ref.owner == category else str(ref)

    return f"{name(ratio.numerator)} / {name(ratio.denominator)}"


def parse_target(file: str, where: str, data: dict[str, Any]) -> Target:
    """The policy part of an entry of `targets:` (its check, fields and message are a rule's)."""
    share = data.get("share")
    at_least = data.get("at_least")
    ratio = data.get("ratio")
    if (ratio is None) != (at_least is None):
        raise PackError(file, f"{where}.ratio", "ratio 与 at_least 须同时给出")
    return Target(
        policy=parse_text(file, f"{where}.policy", data.get("policy")),
        source=parse_text(file, f"{where}.source", data.get("source")),
        at_school=bool(data.get("at_school", True)),
        share=None if share is None else decimal_of(file, f"{where}.share", share),
        ratio=None if ratio is None else str(ratio),
        at_least=None if at_least is None else decimal_of(file, f"{where}.at_least", at_least),
    )


# --- district.yaml ------------------------------------------------------------------------------------


def parse_groups(file: str, data: Any) -> dict[str, SchoolGroup]:
    groups: dict[str, SchoolGroup] = {}
    for key, item in _mapping(file, "school_groups", data or {}).items():
        where = f"school_groups.{key}"
        block = _mapping(file, where, item)
        _unknown(file, where, block, {"zh", "en", "types"})
        if key in SCHOOL_TYPES:
            raise PackError(file, where, "分组名不能与办学类型相同")
        types, _ = resolve_types(file, f"{where}.types", block.get("types"), {})
        label = parse_text(file, where, {"zh": block.get("zh"), "en": block.get("en")})
        groups[str(key)] = SchoolGroup(str(key), label, types)
    return groups


def parse_baseline_periods(file: str, data: Any) -> tuple[PeriodSpec, ...]:
    if data is None:
        return ()
    if not isinstance(data, list):
        raise PackError(file, "baseline_periods", "应为报送期的列表")
    periods = []
    for index, item in enumerate(data):
        where = f"baseline_periods[{index}]"
        block = _mapping(file, where, item)
        _unknown(file, where, block, {"key", "label"})
        key = str(require(file, where, block, "key"))
        try:
            kind = Period.parse(key).kind
        except PeriodKeyError as error:
            raise PackError(file, where, f"报送期“{key}”应为“2021”或“2021-2022-1”形式") from error
        periods.append(PeriodSpec(key, PeriodKind(kind), parse_text(file, f"{where}.label", block.get("label"))))
    return tuple(periods)


def _indicator(file: str, where: str, data: Any, groups: Mapping[str, SchoolGroup]) -> Indicator:
    block = _mapping(file, where, data)
    _unknown(file, where, block, _INDICATOR_KEYS)
    key = str(require(file, where, block, "key"))
    where = f"{where}({key})"
    applies, _ = scope(file, where, block, groups)
    numerator = field_ref(file, f"{where}.numerator", require(file, where, block, "numerator"), "")
    denominator = field_ref(file, f"{where}.denominator", require(file, where, block, "denominator"), "")
    if not numerator.owner or not denominator.owner:
        raise PackError(file, where, "指标的分子、分母应写成“类别.字段”")
    scale = block.get("scale", 1)
    places = block.get("places", 2)
    if not isinstance(scale, int) or isinstance(scale, bool) or scale < 1:
        raise PackError(file, f"{where}.scale", "应为正整数")
    if not isinstance(places, int) or isinstance(places, bool) or not 0 <= places <= 6:
        raise PackError(file, f"{where}.places", "应为0—6的整数")
    unit = str(block.get("unit") or "")
    return Indicator(key, parse_text(file, f"{where}.label", block.get("label")), numerator, denominator, applies,
                     scale, places, unit)  # fmt: skip


def parse_quality(file: str, data: Any, groups: Mapping[str, SchoolGroup]) -> QualitySpec:
    if data is None:
        return QualitySpec()
    block = _mapping(file, "quality", data)
    _unknown(file, "quality", block, _QUALITY_KEYS)
    outliers = _mapping(file, "quality.outliers", block.get("outliers") or {})
    _unknown(file, "quality.outliers", outliers, {"threshold", "min_schools", "min_deviation"})
    jumps = _mapping(file, "quality.year_on_year", block.get("year_on_year") or {})
    _unknown(file, "quality.year_on_year", jumps, {"threshold", "fields"})
    min_schools = outliers.get("min_schools", 5)
    if not isinstance(min_schools, int) or isinstance(min_schools, bool) or min_schools < 3:
        raise PackError(file, "quality.outliers.min_schools", "应为不小于3的整数")
    fields = jumps.get("fields") or []
    if not isinstance(fields, list):
        raise PackError(file, "quality.year_on_year.fields", "应为“类别.字段”的列表")
    refs = tuple(field_ref(file, f"quality.year_on_year.fields[{i}]", f, "") for i, f in enumerate(fields))
    if any(not ref.owner for ref in refs):
        raise PackError(file, "quality.year_on_year.fields", "应写成“类别.字段”")
    indicators = block.get("indicators") or []
    if not isinstance(indicators, list):
        raise PackError(file, "quality.indicators", "应为指标的列表")
    threshold = decimal_of(file, "quality.outliers.threshold", outliers.get("threshold", "3.5"))
    deviation = decimal_of(file, "quality.outliers.min_deviation", outliers.get("min_deviation", "0.5"))
    jump = decimal_of(file, "quality.year_on_year.threshold", jumps.get("threshold", "0.5"))
    if threshold <= 0 or jump <= 0 or deviation < 0:
        raise PackError(file, "quality", "阈值应大于0")
    return QualitySpec(
        outlier_threshold=threshold,
        min_schools=min_schools,
        min_deviation=deviation,
        jump_threshold=jump,
        jump_fields=refs,
        indicators=tuple(_indicator(file, f"quality.indicators[{i}]", item, groups)
                         for i, item in enumerate(indicators)),
    )  # fmt: skip


def parse_district(file: str, data: Any) -> tuple[dict[str, SchoolGroup], tuple[PeriodSpec, ...], QualitySpec]:
    block = _mapping(file, "", data or {})
    _unknown(file, "", block, _DISTRICT_KEYS)
    groups = parse_groups(file, block.get("school_groups"))
    return (
        groups,
        parse_baseline_periods(file, block.get("baseline_periods")),
        parse_quality(file, block.get("quality"), groups),
    )
