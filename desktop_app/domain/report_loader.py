"""Reading and checking the report templates of a pack (report/report.yaml and its area files).

Every template is checked when the pack loads (and so by `forms check`): each slot is a declared figure
or a context name, each figure names an existing field with the aggregation the pack gives it, takes
something that aggregation offers, and is written in a way that fits it; `when` is an expression of the
pack's language over the sentence's own figures. A PackError names the file, the area and the template.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import Any

from desktop_app.domain.expressions import ExpressionError, compile_expression
from desktop_app.domain.pack import (
    Aggregation,
    DerivedFormat,
    Field,
    FieldRef,
    FieldType,
    FormPack,
    PeriodKind,
)
from desktop_app.domain.pack_basics import PackError, require
from desktop_app.domain.pack_district import decimal_of, resolve_types
from desktop_app.domain.report_templates import (
    CONTEXT_NAMES,
    MEASURES,
    SCHOOL_MEASURES,
    TABLE_MEASURES,
    Area,
    AreaPeriod,
    Block,
    FigureSpec,
    Measure,
    Paragraph,
    Part,
    Placeholder,
    ReportSpec,
    Sentence,
    Writing,
    split_slots,
)

REPORT_FOLDER = "report"
REPORT_FILE = "report.yaml"
_REPORT_KEYS = {"title", "opening", "areas"}
_AREA_KEYS = {"key", "heading", "period", "paragraphs", "sections"}
_BLOCK_KEYS = {"heading", "paragraphs", "items"}
_SENTENCE_KEYS = {"id", "text", "when", "figures"}
_FIGURE_KEYS = {"field", "aggregation", "take", "answer", "at", "column", "where", "schools", "by", "unit", "write",
                "precision", "places", "divide"}  # fmt: skip
_NUMBERS = (FieldType.INTEGER, FieldType.DECIMAL, FieldType.DERIVED)
_COUNTED = (FieldType.CHOICE, FieldType.BOOLEAN)
_AGGREGATION_WORDS = {
    Aggregation.SUM: "合计", Aggregation.COUNT: "按选项计学校数", Aggregation.DISTRIBUTION: "分布（不求和）",
    Aggregation.LIST: "逐校列出", Aggregation.RATIO: "比率", Aggregation.NONE: "不汇总",
}  # fmt: skip

Reader = Callable[[Path], Any]


class _Where:
    """File, area and template of what is being read, for the messages."""

    def __init__(self, file: str, area: str = "", template: str = "") -> None:
        self.file, self.area, self.template = file, area, template

    def at(self, template: str) -> _Where:
        return _Where(self.file, self.area, template)

    def fail(self, key: str, problem: str) -> PackError:
        parts = [p for p in (f"部分“{self.area}”" if self.area else "", self.template, key) if p]
        return PackError(self.file, " › ".join(parts), problem)

    def required(self, key: str, block: Mapping[str, Any], name: str, why: str = "") -> Any:
        if block.get(name) is None:
            raise self.fail(f"{key}.{name}", f"缺少 {name}" + (f"：{why}" if why else ""))
        return block[name]


def load_report(folder: Path, pack: FormPack, read: Reader) -> ReportSpec | None:
    """The pack's report templates (None when the pack has no report/ folder)."""
    base = folder / REPORT_FOLDER
    if not (base / REPORT_FILE).exists():
        return None
    file = str(base / REPORT_FILE)
    data = read(base / REPORT_FILE)
    where = _Where(file)
    block = _mapping(where, "", data)
    _unknown(where, "", block, _REPORT_KEYS)
    title = _text(where, "title", require(file, "", block, "title"))
    seen: dict[str, str] = {}
    opening = _paragraphs(pack, where.at(""), "opening", block.get("opening"), AreaPeriod.ANNUAL, seen)
    names = block.get("areas") or []
    if not isinstance(names, list):
        raise where.fail("areas", "应为部分文件名的列表")
    areas, keys = [], set()
    for name in names:
        area = _area(pack, base / str(name), read(base / str(name)), seen)
        if area.key in keys:
            raise PackError(area.source_file, "key", f"部分键“{area.key}”重复")
        keys.add(area.key)
        areas.append(area)
    return ReportSpec(title, str(base), opening, tuple(areas))


def _mapping(where: _Where, key: str, data: Any) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise where.fail(key, "应为映射（键: 值）")
    return data


def _unknown(where: _Where, key: str, data: Mapping[str, Any], allowed: set[str]) -> None:
    extra = sorted(set(map(str, data)) - allowed)
    if extra:
        raise where.fail(f"{key}.{extra[0]}" if key else extra[0], f"未知的键，可用：{'、'.join(sorted(allowed))}")


def _text(where: _Where, key: str, raw: Any) -> str:
    if not isinstance(raw, str) or not raw.strip():
        raise where.fail(key, "应为非空文字")
    return raw.strip()


def _area(pack: FormPack, path: Path, data: Any, seen: dict[str, str]) -> Area:
    file = str(path)
    block = _mapping(_Where(file), "", data)
    key = str(require(file, "", block, "key"))
    where = _Where(file, key)
    _unknown(where, "", block, _AREA_KEYS)
    heading = _text(where, "heading", block.get("heading"))
    try:
        period = AreaPeriod(str(block.get("period", AreaPeriod.ANNUAL.value)))
    except ValueError as error:
        raise where.fail("period", "应为 annual（年度）或 year_end（年底所在学期）") from error
    paragraphs = _paragraphs(pack, where, "paragraphs", block.get("paragraphs"), period, seen)
    sections = block.get("sections") or []
    if not isinstance(sections, list):
        raise where.fail("sections", "应为小节的列表")
    parsed = tuple(_block(pack, where, f"sections[{i}]", s, period, seen, True) for i, s in enumerate(sections))
    return Area(key, heading, period, file, paragraphs, parsed)


def _block(pack: FormPack, where: _Where, key: str, data: Any, period: AreaPeriod, seen: dict[str, str],
           with_items: bool) -> Block:  # fmt: skip
    block = _mapping(where, key, data)
    _unknown(where, key, block, _BLOCK_KEYS if with_items else _BLOCK_KEYS - {"items"})
    heading = _text(where, f"{key}.heading", block.get("heading"))
    paragraphs = _paragraphs(pack, where, f"{key}.paragraphs", block.get("paragraphs"), period, seen)
    items = block.get("items") or []
    if not isinstance(items, list):
        raise where.fail(f"{key}.items", "应为条目的列表")
    parsed = tuple(_block(pack, where, f"{key}.items[{i}]", item, period, seen, False) for i, item in enumerate(items))
    return Block(heading, paragraphs, parsed)


def _paragraphs(pack: FormPack, where: _Where, key: str, data: Any, period: AreaPeriod,
                seen: dict[str, str]) -> tuple[Paragraph, ...]:  # fmt: skip
    if data is None:
        return ()
    if not isinstance(data, list) or any(not isinstance(p, list) or not p for p in data):
        raise where.fail(key, "应为段落的列表，每段是占位与语句的非空列表（“- - placeholder: …”）")
    paragraphs = []
    for index, parts in enumerate(data):
        parsed: list[Part] = []
        for number, part in enumerate(parts):
            parsed.append(_part(pack, where, f"{key}[{index}][{number}]", part, period, seen))
        paragraphs.append(Paragraph(tuple(parsed)))
    return tuple(paragraphs)


def _part(pack: FormPack, where: _Where, key: str, data: Any, period: AreaPeriod, seen: dict[str, str]) -> Part:
    block = _mapping(where, key, data)
    if "placeholder" in block:
        _unknown(where, key, block, {"placeholder"})
        return Placeholder(_text(where, f"{key}.placeholder", block["placeholder"]))
    ident = str(block.get("id") or "").strip()
    if not ident:
        raise where.fail(key, "语句须有 id（或写成 placeholder: 待补充的内容）")
    if ident in seen:
        raise where.at(ident).fail("id", f"语句编号与 {seen[ident]} 中的重复")
    seen[ident] = where.file
    return _sentence(pack, where.at(ident), block, period)


def _sentence(pack: FormPack, where: _Where, block: dict[str, Any], period: AreaPeriod) -> Sentence:
    _unknown(where, "", block, _SENTENCE_KEYS)
    text = _text(where, "text", block.get("text"))
    segments = split_slots(text)
    stray = "".join(s.text for s in segments if s.slot is None)
    if "{" in stray or "}" in stray:
        raise where.fail("text", "花括号只用于数据位置，如 {times}；名称只能用字母、数字和下划线")
    raw = block.get("figures") or {}
    figures_map = _mapping(where, "figures", raw)
    figures = []
    for name, spec in figures_map.items():
        if str(name) in CONTEXT_NAMES:
            raise where.fail(f"figures.{name}", f"“{name}”是保留名称（{'、'.join(CONTEXT_NAMES)}）")
        figures.append(_figure(pack, where, str(name), spec, period))
    declared = {f.name for f in figures}
    for segment in segments:
        if segment.slot is not None and segment.slot not in declared and segment.slot not in CONTEXT_NAMES:
            raise where.fail("text", f"{{{segment.slot}}} 未在 figures 中声明")
    used = {s.slot for s in segments if s.slot}
    when = block.get("when")
    if when is not None:
        used |= _check_when(where, str(when), declared)
    for name in sorted(declared - used):
        raise where.fail(f"figures.{name}", "声明了但既未在语句中使用，也未在条件（when）中使用")
    return Sentence(where.template, text, segments, tuple(figures), None if when is None else str(when))


def _check_when(where: _Where, source: str, names: set[str]) -> set[str]:
    """The figures the condition reads (every name must be one of the sentence's figures)."""
    try:
        expression = compile_expression(source)
    except ExpressionError as error:
        raise where.fail("when", str(error)) from error
    if expression.reads_previous():
        raise where.fail("when", "条件不能使用 prev()")
    for ref in expression.references():
        if ref.owner is not None or ref.column_of or ref.key not in names:
            shown = f"{ref.owner}.{ref.key}" if ref.owner else ref.key
            raise where.fail("when", f"条件只能使用本句声明的数据名称，“{shown}”不是")
    return {ref.key for ref in expression.references()}


# --- one figure --------------------------------------------------------------------------------------


def _field(pack: FormPack, where: _Where, key: str, raw: Any) -> tuple[FieldRef, Field]:
    text = str(raw or "").strip()
    owner, dot, name = text.partition(".")
    if not dot or not owner or not name:
        raise where.fail(key, f"字段应写成“类别.字段”，如 party.volunteer_times（现为“{text}”）")
    if not pack.has_category(owner):
        raise where.fail(key, f"类别“{owner}”不存在")
    category = pack.category(owner)
    if not category.has_field(name):
        raise where.fail(key, f"字段“{text}”不存在")
    return FieldRef(owner, name), category.field(name)


def _fits_period(pack: FormPack, where: _Where, key: str, ref: FieldRef, period: AreaPeriod) -> None:
    kind = pack.category(ref.owner).period_kind
    wanted = PeriodKind.ANNUAL if period is AreaPeriod.ANNUAL else PeriodKind.SEMESTER
    if kind not in (wanted, PeriodKind.PROFILE):
        said = "年度" if period is AreaPeriod.ANNUAL else "年底所在学期"
        sent = "学期" if kind is PeriodKind.SEMESTER else "年度"
        raise where.fail(key, f"字段“{ref}”按{sent}报送，本部分取{said}的数据")


def _int(where: _Where, key: str, raw: Any, low: int, high: int | None = None) -> int:
    if isinstance(raw, bool) or not isinstance(raw, int) or raw < low or (high is not None and raw > high):
        bound = f"{low}—{high}" if high is not None else f"不小于{low}"
        raise where.fail(key, f"应为整数（{bound}）")
    return raw


def _answer(pack: FormPack, where: _Where, key: str, item: Field, raw: Any) -> str:
    if item.type is FieldType.BOOLEAN:
        if isinstance(raw, bool):
            return "true" if raw else "false"
        if str(raw) in ("true", "false"):
            return str(raw)
        raise where.fail(key, "是否字段的答案应为 true（是）或 false（否）")
    if item.choices is None:
        raise where.fail(key, f"字段“{item.key}”没有选项")
    keys = pack.choice_list(item.choices).keys
    if str(raw) not in keys:
        raise where.fail(key, f"答案“{raw}”不是“{item.label.zh}”的选项，可选：{'、'.join(keys)}")
    return str(raw)


def _figure(pack: FormPack, sentence: _Where, name: str, data: Any, period: AreaPeriod) -> FigureSpec:
    where = sentence
    key = f"figures.{name}"
    block = _mapping(where, key, data)
    _unknown(where, key, block, _FIGURE_KEYS)
    ref, item = _field(pack, where, f"{key}.field", block.get("field"))
    _fits_period(pack, where, f"{key}.field", ref, period)
    how = _aggregation(where, key, block, ref, item)
    measure = _measure(where, key, block, item, how)
    answer = None
    if "answer" in block:
        if how is not Aggregation.COUNT:
            raise where.fail(f"{key}.answer", "只有按选项计学校数（count）的字段可以指定答案")
        answer = _answer(pack, where, f"{key}.answer", item, block["answer"])
    at = _at(where, key, block, measure)
    column, where_pair = _table_parts(pack, where, key, item, block, measure)
    schools, group = None, None
    if "schools" in block:
        try:
            schools, group = resolve_types(where.file, key, block["schools"], pack.school_groups)
        except PackError as error:
            raise where.fail(f"{key}.schools", error.problem) from None
    by_type = _by_type(where, key, block, measure)
    spec = FigureSpec(name, ref, how, measure, Writing.NUMBER, answer, at, column, where_pair, schools, group,
                      by_type, str(block.get("unit") or ""))  # fmt: skip
    return _writing(where, key, item, block, spec)


def _aggregation(where: _Where, key: str, block: dict[str, Any], ref: FieldRef, item: Field) -> Aggregation:
    """The figure's aggregation, written out, and the one the pack gives its field."""
    raw_how = block.get("aggregation")
    if raw_how is None:
        raise where.fail(f"{key}.aggregation", f"须写明汇总口径；“{ref}”在表单包中按 {item.aggregate.value} 汇总")
    try:
        how = Aggregation(str(raw_how))
    except ValueError as error:
        options = "、".join(a.value for a in Aggregation)
        raise where.fail(f"{key}.aggregation", f"“{raw_how}”无效，可选：{options}") from error
    if how is not item.aggregate:
        raise where.fail(f"{key}.aggregation", (
            f"“{item.label.zh}”（{ref}）在表单包中按“{_AGGREGATION_WORDS[item.aggregate]}”（{item.aggregate.value}）"
            f"汇总，模板写成“{how.value}”，两者须一致"))  # fmt: skip
    return how


def _measure(where: _Where, key: str, block: dict[str, Any], item: Field, how: Aggregation) -> Measure:
    """What the figure takes (`take`), one the aggregation (or a table) offers; the first by default."""
    offered = TABLE_MEASURES if item.type is FieldType.TABLE else MEASURES[how]
    try:
        measure = Measure(str(block.get("take", offered[0].value)))
    except ValueError as error:
        raise where.fail(f"{key}.take", f"可取：{'、'.join(m.value for m in offered)}") from error
    if measure not in offered:
        raise where.fail(f"{key}.take", (
            f"按 {how.value} 汇总的{'表格' if item.type is FieldType.TABLE else '字段'}不能取“{measure.value}”，"
            f"可取：{'、'.join(m.value for m in offered)}"))  # fmt: skip
    return measure


def _at(where: _Where, key: str, block: dict[str, Any], measure: Measure) -> Decimal | None:
    """The value `take: at` counts schools at (written with it, and only with it)."""
    if measure is Measure.AT:
        try:
            return decimal_of(where.file, f"{key}.at", where.required(key, block, "at"))
        except PackError as error:
            raise where.fail(f"{key}.at", error.problem) from None
    if "at" in block:
        raise where.fail(f"{key}.at", "只有 take: at 时才写 at")
    return None


def _by_type(where: _Where, key: str, block: dict[str, Any], measure: Measure) -> bool:
    """`by: school_type`: a total or a count of schools written per school type."""
    if "by" not in block:
        return False
    if block["by"] != "school_type":
        raise where.fail(f"{key}.by", "只能按 school_type（办学类型）分列")
    if measure not in (Measure.TOTAL, Measure.SCHOOLS):
        raise where.fail(f"{key}.by", "分办学类型只用于合计（total）或学校数（schools）")
    return True


def _table_parts(pack: FormPack, where: _Where, key: str, item: Field, block: dict[str, Any],
                 measure: Measure) -> tuple[str | None, tuple[str, str] | None]:  # fmt: skip
    if item.type is not FieldType.TABLE:
        for extra in ("column", "where"):
            if extra in block:
                raise where.fail(f"{key}.{extra}", "只有表格字段才写 column / where")
        return None, None
    columns = {c.key: c for c in item.columns}
    column = None
    if measure is Measure.COLUMN:
        column = str(where.required(key, block, "column"))
        if column not in columns or columns[column].type not in (FieldType.INTEGER, FieldType.DECIMAL):
            numeric = "、".join(c.key for c in item.columns if c.type in (FieldType.INTEGER, FieldType.DECIMAL))
            raise where.fail(f"{key}.column", f"“{column}”不是表格“{item.key}”的数值列，可选：{numeric}")
    elif "column" in block:
        raise where.fail(f"{key}.column", "只有 take: column 时才写 column")
    pair = None
    if "where" in block:
        if measure is Measure.SCHOOLS:
            raise where.fail(f"{key}.where", "学校数不按行筛选")
        condition = _mapping(where, f"{key}.where", block["where"])
        if len(condition) != 1:
            raise where.fail(f"{key}.where", "应为一个“列: 答案”")
        ((name, raw),) = condition.items()
        if name not in columns or columns[name].type not in _COUNTED:
            raise where.fail(f"{key}.where", f"“{name}”不是表格“{item.key}”的选项列")
        pair = (str(name), _answer(pack, where, f"{key}.where.{name}", columns[name], raw))
    return column, pair


def _writing(where: _Where, key: str, item: Field, block: dict[str, Any], spec: FigureSpec) -> FigureSpec:
    try:
        writing = Writing(str(block.get("write", Writing.NUMBER.value)))
    except ValueError as error:
        raise where.fail(f"{key}.write", f"可选：{'、'.join(w.value for w in Writing)}") from error
    measure = spec.measure
    counts_schools = measure in SCHOOL_MEASURES
    if writing in (Writing.SCHOOLS, Writing.SCHOOLS_NAMED, Writing.NAMES) and not counts_schools:
        raise where.fail(f"{key}.write", f"“{writing.value}”只用于学校数，本数据取的是“{measure.value}”")
    if writing is not Writing.NUMBER and (spec.by_type or measure is Measure.RANGE):
        raise where.fail(f"{key}.write", "分办学类型或取最小—最大时只能按 number 书写")
    a_percentage = measure is Measure.VALUE and item.derived_format is DerivedFormat.PERCENT
    if writing is Writing.PERCENT and not a_percentage:
        raise where.fail(f"{key}.write", "百分比只用于以百分比表示的比率字段（take: value）")
    if a_percentage and writing is not Writing.PERCENT:
        raise where.fail(f"{key}.write", f"“{item.label.zh}”是百分比，应写 write: percent")
    precision = _precision(where, key, block, writing, measure)
    places = None if "places" not in block else _int(where, f"{key}.places", block["places"], 0, 4)
    divide = None if "divide" not in block else _int(where, f"{key}.divide", block["divide"], 1)
    if (places is not None or divide is not None) and writing is not Writing.NUMBER:
        raise where.fail(key, "places / divide 只用于 write: number")
    if divide is not None and measure not in (Measure.TOTAL, Measure.COLUMN, Measure.NUMERATOR, Measure.DENOMINATOR):
        raise where.fail(f"{key}.divide", "divide 只用于合计")
    if item.type not in (*_NUMBERS, FieldType.TABLE) and measure not in SCHOOL_MEASURES:
        raise where.fail(f"{key}.take", f"“{item.label.zh}”不是数值字段，只能取学校数")
    return replace(spec, writing=writing, precision=precision, places=places, divide=divide)


def _precision(where: _Where, key: str, block: dict[str, Any], writing: Writing, measure: Measure) -> int | None:
    """What `write: about` rounds down to (10, 100, 1000…): written with it, and only with it."""
    if writing is not Writing.ABOUT:
        if "precision" in block:
            raise where.fail(f"{key}.precision", "只有 write: about 时才写 precision")
        return None
    why = "write: about 须写明向下取整的精度（10、100、1000…）"
    precision = _int(where, f"{key}.precision", where.required(key, block, "precision", why), 10)
    if str(precision).rstrip("0") != "1":
        raise where.fail(f"{key}.precision", "应为10、100、1000等10的整数次幂")
    if measure in (Measure.VALUE, Measure.MEDIAN):
        raise where.fail(f"{key}.write", "比率和中位数不写成“余”")
    return precision


def figure_places(spec: FigureSpec, item: Field) -> int | None:
    """Decimal places a number is written with: the figure's, else the field's for decimals."""
    if spec.places is not None:
        return spec.places
    return item.places if item.type in (FieldType.DECIMAL, FieldType.DERIVED) else None


__all__ = ["REPORT_FOLDER", "figure_places", "load_report"]
