"""One figure of the year-end report's draft, with where it comes from.

A figure of a template (domain.report_templates.FigureSpec) is worked out over the schools that sent the
area's period, by the same rules as the district's totals (bureau.consolidate): blank is never 0, a
ratio counts only the schools that gave both parts. Beside its value and how the sentence writes it, a
figure keeps its provenance: the schools counted, the schools that left it blank, the register's schools
that sent nothing for the period, and the data-quality lines touching it (open doubts highlight the
sentence in the draft).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from desktop_app.bureau.consolidate import field_total, ratio_total
from desktop_app.bureau.figures import distribution_text, number_text, ratio_text
from desktop_app.bureau.quality import QualityReport, kind_label
from desktop_app.bureau.records import SchoolEntry
from desktop_app.bureau.schools import SchoolFacts
from desktop_app.domain import prose_numbers as prose
from desktop_app.domain.aggregation import DENOMINATOR, NUMERATOR
from desktop_app.domain.describe import aggregation_text, field_label, scope_text
from desktop_app.domain.evaluation import applies_to_school, category_applies
from desktop_app.domain.expressions import compile_expression
from desktop_app.domain.pack import Aggregation, Field, FieldType, FormPack
from desktop_app.domain.periods import PeriodKeyed
from desktop_app.domain.report_loader import figure_places
from desktop_app.domain.report_templates import MEASURE_LABELS, FigureSpec, Measure, Writing
from desktop_app.domain.values import is_empty

OPEN_KINDS = frozenset({"error", "outlier", "jump", "missing_part"})  # an unexplained warning is open too
NAMED_IN_NOTE = 10  # schools named in a source note before "等N所"


@dataclass(frozen=True, slots=True)
class Doubt:
    """A data-quality line of a school touching the figure."""

    school: str
    kind: str  # 偏离同类, 比率缺项, 经验提示, …
    about: str  # the field or indicator
    why: str
    open: bool  # still to be checked (an explained warning or a missed target is not)


@dataclass
class Figure(PeriodKeyed):
    pack: FormPack
    spec: FigureSpec
    item: Field
    category_label: str
    period: str
    scope: str  # the school types counted, in words
    how: str  # 汇总口径 in words
    value: Any = None  # what `when` sees: a number (the maximum of a range); None when there is none
    written: str = ""  # as the sentence writes it
    exact: str = ""  # the exact district figure, with its unit
    answered: int = 0  # schools that gave the field (a ratio: gave both parts)
    applicable: int = 0  # schools that had the field on their form (a ratio: of its types)
    counted: list[str] = field(default_factory=list)  # names of the schools the figure counts
    blank: list[str] = field(default_factory=list)  # schools that left it (or a ratio part) blank
    not_sent: list[str] = field(default_factory=list)  # register schools that sent nothing for the period
    doubts: list[Doubt] = field(default_factory=list)

    @property
    def reported(self) -> bool:
        """Some school reported it, and there is a value to write."""
        return self.answered > 0 and self.value is not None

    @property
    def open_doubts(self) -> list[Doubt]:
        return [doubt for doubt in self.doubts if doubt.open]

    @property
    def label(self) -> str:
        """项目: the field and what is taken from it (党支部评星定级结果：五星)."""
        spec, item = self.spec, self.item
        text = item.label.zh.removeprefix("其中：")
        if spec.answer is not None:
            text += "：" + _answer_label(self.pack, item, spec.answer)
        if spec.where is not None:
            column = item.column(spec.where[0])
            text += f"（{column.label.zh}：{_answer_label(self.pack, column, spec.where[1])}）"
        if spec.measure is Measure.AT:
            text += f"：{prose.plain(spec.at or 0)}{_unit(item)}的学校数"
        elif spec.measure in (Measure.MIN, Measure.MEDIAN, Measure.MAX, Measure.RANGE, Measure.NUMERATOR,
                              Measure.DENOMINATOR, Measure.ROWS):  # fmt: skip
            text += f"（{MEASURE_LABELS[spec.measure]}）"
        elif spec.measure is Measure.COLUMN and spec.column:
            text += f"：{item.column(spec.column).label.zh}合计"
        elif spec.measure is Measure.SCHOOLS and spec.answer is None and item.aggregate is not Aggregation.COUNT:
            text += "（填报学校数）"
        if spec.schools is not None:
            text += f"（{self.scope}）"
        if spec.by_type:
            text += "（分办学类型）"
        return text

    def note(self) -> list[str]:
        """The source note (a Word comment): field, aggregation, schools counted and not, doubts."""
        ref = self.spec.ref
        label = self.item.label.zh.removeprefix("其中：")
        counted = f"{self.answered}所（适用{self.applicable}所）"
        if self.spec.measure in (Measure.SCHOOLS, Measure.AT):
            counted = f"{_names(self.counted)}（填报{self.answered}所，适用{self.applicable}所）"
        lines = [
            f"数据来源：{self.category_label} › {label}（{ref}），{self.reporting_period.name()}",
            f"汇总口径：{self.how}" + (f"；范围：{self.scope}" if self.spec.schools is not None else ""),
            f"全区数据：{self.exact}；文中写作“{self.written}”{_writing_note(self.spec)}",
            f"计入学校：{counted}",
        ]
        lines.append("未填报：" + (_names(self.blank) if self.blank else "无"))
        if self.not_sent:
            lines.append("未报送本期数据：" + _names(self.not_sent))
        if self.doubts:
            shown = [f"{d.school}（{d.kind}：{d.about}，{d.why}）" for d in self.doubts[:NAMED_IN_NOTE]]
            more = f"等{len(self.doubts)}条" if len(self.doubts) > NAMED_IN_NOTE else ""
            counts = f"待核实{len(self.open_doubts)}条，共{len(self.doubts)}条"
            lines.append(f"数据质量：{counts}：" + "；".join(shown) + more)
        else:
            lines.append("数据质量：无提示")
        return lines


def _names(names: Sequence[str]) -> str:
    if not names:
        return "0所"
    shown = "、".join(names[:NAMED_IN_NOTE])
    return f"{len(names)}所：{shown}" + (f"等{len(names)}所" if len(names) > NAMED_IN_NOTE else "")


def _writing_note(spec: FigureSpec) -> str:
    if spec.writing is Writing.ABOUT and spec.precision:
        return f"（按{spec.precision}向下取整，有余数的记“余”）"
    if spec.divide:
        return f"（除以{spec.divide}）"
    return ""


def _unit(item: Field) -> str:
    return item.unit.zh if item.unit else ""


def _answer_label(pack: Any, item: Field, key: str) -> str:
    if item.type is FieldType.BOOLEAN:
        return "是" if key == "true" else "否"
    label = pack.choice_list(item.choices or "").label_of(key) if pack is not None else None
    return label.zh if label else key


def _key(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _matches(item: Field, value: Any, answer: str) -> bool:
    if item.type is FieldType.MULTICHOICE:
        return answer in (value or ())
    return _key(value) == answer


# --- working a figure out -------------------------------------------------------------------------------


@dataclass
class Context:
    """What every figure of one period needs: the pack, the schools, the register and the quality view."""

    pack: FormPack
    period: str
    facts: list[SchoolFacts]
    register: Mapping[str, SchoolEntry]
    quality: QualityReport | None = None
    _order: dict[str, int] = field(default_factory=dict)
    _lines: dict[str, list[Any]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._order = {code: index for index, code in enumerate(self.register)}
        if self.quality is not None:
            self._lines = {school.code: list(school.lines) for school in self.quality.schools}

    def ordered(self, schools: Sequence[SchoolFacts]) -> list[SchoolFacts]:
        return sorted(schools, key=lambda s: (self._order.get(s.code, len(self._order)), s.code))

    def not_sent(self, spec: FigureSpec, item: Field) -> list[str]:
        sent = {school.code for school in self.facts}
        category = self.pack.category(spec.ref.owner)
        missing = []
        for code, entry in self.register.items():
            if code in sent or (spec.schools is not None and entry.school_type not in spec.schools):
                continue
            if category_applies(category, entry.school_type) and applies_to_school(item.applies_to, entry.school_type):
                missing.append(entry.name)
        return missing

    def doubts(self, codes: set[str], refs: set[str]) -> list[Doubt]:
        names = {school.code: school.name for school in self.facts}
        found = []
        for code in sorted(codes, key=lambda c: self._order.get(c, len(self._order))):
            for line in self._lines.get(code, []):
                if not refs & set(line.refs):
                    continue
                unexplained = line.kind == "warning" and not line.explanation and not line.target
                found.append(Doubt(names.get(code, code), kind_label(line.kind), line.field, line.why,
                                   line.kind in OPEN_KINDS or unexplained))  # fmt: skip
        return sorted(found, key=lambda d: not d.open)


def _refs(pack: FormPack, spec: FigureSpec, item: Field) -> set[str]:
    """The fields a figure rests on: itself, a ratio's parts, the fields a derived formula reads."""
    refs = {str(spec.ref)}
    if item.ratio is not None:
        refs |= {str(item.ratio.numerator), str(item.ratio.denominator)}
    elif item.formula:
        for ref in compile_expression(item.formula).references():
            owner = ref.owner or spec.ref.owner
            refs.add(f"{owner}.{ref.key.partition('.')[0]}")
    return refs


def evaluate(context: Context, spec: FigureSpec) -> Figure:
    pack = context.pack
    category = pack.category(spec.ref.owner)
    item = category.field(spec.ref.key)
    pool = [s for s in context.facts if spec.schools is None or s.school_type in spec.schools]
    scope = scope_text(pack, spec.schools, spec.schools_group) if spec.schools is not None else "全部学校"
    figure = Figure(pack, spec, item, category.label.zh, context.period, scope, aggregation_text(pack, item))
    figure.not_sent = context.not_sent(spec, item)
    ratio = item.aggregate is Aggregation.RATIO
    touched = _ratio(context, figure, pool) if ratio else _plain(context, figure, pool)
    figure.doubts = context.doubts(touched, _refs(pack, spec, item))
    return figure


def _ratio(context: Context, figure: Figure, pool: list[SchoolFacts]) -> set[str]:
    spec, item, pack = figure.spec, figure.item, context.pack
    entry = ratio_total(spec.ref.owner, item, pool)
    ratio = entry.ratio
    assert ratio is not None and item.ratio is not None
    figure.answered, figure.applicable = ratio.schools, ratio.applicable
    blank_codes = {part.code for part in ratio.incomplete}
    counted = [s for s in pool if s.code not in blank_codes and _applies(s, item) and _both(s, item)]
    figure.counted = [s.name for s in context.ordered(counted)]
    parts = {NUMERATOR: field_label(pack, item.ratio.numerator), DENOMINATOR: field_label(pack, item.ratio.denominator)}
    figure.blank = [f"{p.name}（未填{'、'.join(parts[m] for m in p.missing)}）" for p in ratio.incomplete]
    figure.exact = ratio_text(pack, item, entry)
    measure = spec.measure
    if measure is Measure.VALUE:
        figure.value = ratio.value
    elif measure is Measure.NUMERATOR:
        figure.value = ratio.numerator
    elif measure is Measure.DENOMINATOR:
        figure.value = ratio.denominator
    else:
        figure.value = ratio.schools
    figure.written = _write(figure, figure.value, [s.school_type for s in counted], figure.counted)
    return {s.code for s in pool if _applies(s, item)} | blank_codes


def _applies(school: SchoolFacts, item: Field) -> bool:
    assert item.ratio is not None
    return (school.sent(item.ratio.numerator.owner) and school.sent(item.ratio.denominator.owner)
            and applies_to_school(item.ratio.applies_to, school.school_type))  # fmt: skip


def _both(school: SchoolFacts, item: Field) -> bool:
    assert item.ratio is not None
    return not is_empty(school.ref(item.ratio.numerator)) and not is_empty(school.ref(item.ratio.denominator))


def _plain(context: Context, figure: Figure, pool: list[SchoolFacts]) -> set[str]:
    spec, item = figure.spec, figure.item
    owner = spec.ref.owner
    relevant = [s for s in pool if s.relevant(owner, item)]
    table = item.type is FieldType.TABLE
    given = [(s, s.value(owner, item.key)) for s in relevant]
    if not table:
        figure.blank = [s.name for s, v in context_ordered(context, given) if is_empty(v)]
        given = [(s, v) for s, v in given if not is_empty(v)]
    else:
        given = [(s, v or []) for s, v in given]
    figure.applicable, figure.answered = len(relevant), len(given)
    measure = spec.measure
    if table:
        _table(figure, given)
    elif measure is Measure.TOTAL:
        _total(context, figure, pool)
    elif measure in (Measure.MIN, Measure.MEDIAN, Measure.MAX, Measure.RANGE):
        _distribution(context, figure, pool)
    else:  # schools: answered, giving an answer, listed, or with a value (at)
        chosen = [s for s, v in given if _counts(spec, item, v)]
        if spec.by_type:
            _schools_by_type(context, figure, chosen)
        else:
            ordered = context.ordered(chosen)
            figure.counted = [s.name for s in ordered]
            figure.value = len(ordered)
            figure.exact = f"{len(ordered)}所"
            figure.written = _write(figure, len(ordered), [s.school_type for s in ordered], figure.counted)
    if not figure.counted and measure not in (Measure.SCHOOLS, Measure.AT):
        figure.counted = [s.name for s, _v in context_ordered(context, given)]
    return {s.code for s in relevant}


def context_ordered(context: Context, given: list[tuple[SchoolFacts, Any]]) -> list[tuple[SchoolFacts, Any]]:
    order = {s.code: i for i, s in enumerate(context.ordered([s for s, _v in given]))}
    return sorted(given, key=lambda pair: order[pair[0].code])


def _counts(spec: FigureSpec, item: Field, value: Any) -> bool:
    if spec.answer is not None:
        return _matches(item, value, spec.answer)
    if spec.measure is Measure.AT:
        try:
            return Decimal(value) == spec.at
        except (TypeError, ValueError, ArithmeticError):
            return False
    return True


def _type_order(context: Context) -> list[str]:
    return list(context.pack.choice_list("school_type").keys)


def _type_label(context: Context, key: str) -> str:
    label = context.pack.choice_list("school_type").label_of(key)
    return label.zh if label else key


def _total(context: Context, figure: Figure, pool: list[SchoolFacts]) -> None:
    spec, item = figure.spec, figure.item
    entry = field_total(spec.ref.owner, item, pool)
    unit = _unit(item)
    if spec.by_type:
        parts, exact = [], []
        for kind in _type_order(context):
            group = [s for s in pool if s.school_type == kind]
            total = field_total(spec.ref.owner, item, group).total if group else None
            if total is None:
                continue
            exact.append(f"{_type_label(context, kind)} {number_text(item, total)}{unit}")
            if total:
                parts.append(f"{_type_label(context, kind)}{_number(figure, total)}{spec.unit}")
        figure.value = entry.total
        figure.written = "、".join(parts)
        figure.exact = f"{number_text(item, entry.total)}{unit}（" + "；".join(exact) + "）" if exact else ""
        return
    figure.value = entry.total
    figure.exact = f"{number_text(item, entry.total)}{unit}" if entry.total is not None else ""
    figure.written = _write(figure, entry.total, [], [])


def _schools_by_type(context: Context, figure: Figure, chosen: list[SchoolFacts]) -> None:
    parts = []
    for kind in _type_order(context):
        count = sum(1 for s in chosen if s.school_type == kind)
        if count:
            parts.append(f"{_type_label(context, kind)}{count}{figure.spec.unit or '所'}")
    figure.counted = [s.name for s in context.ordered(chosen)]
    figure.value = len(chosen)
    figure.written = "、".join(parts)
    figure.exact = f"{len(chosen)}所（" + "；".join(parts) + "）"


def _distribution(context: Context, figure: Figure, pool: list[SchoolFacts]) -> None:
    spec, item = figure.spec, figure.item
    entry = field_total(spec.ref.owner, item, pool)
    dist = entry.distribution
    figure.exact = distribution_text(item, entry)
    if dist is None or dist.count == 0:
        return
    measure = spec.measure
    if measure is Measure.RANGE:
        low, high = prose.plain(dist.minimum), prose.plain(dist.maximum)
        figure.value = Decimal(dist.maximum)
        figure.written = low if low == high else f"{low}至{high}"
        return
    figure.value = {Measure.MIN: dist.minimum, Measure.MEDIAN: dist.median, Measure.MAX: dist.maximum}[measure]
    figure.written = _write(figure, figure.value, [], [])


def _table(figure: Figure, given: list[tuple[SchoolFacts, Any]]) -> None:
    spec, item = figure.spec, figure.item
    if spec.measure is Measure.SCHOOLS:
        figure.value = len(given)
        figure.written = _write(figure, len(given), [s.school_type for s, _v in given], [s.name for s, _v in given])
        figure.exact = f"{len(given)}所"
        return
    rows = [(s, row) for s, table in given for row in table
            if spec.where is None or _key(row.get(spec.where[0])) == spec.where[1]]  # fmt: skip
    where = ""
    if spec.where is not None:
        column = item.column(spec.where[0])
        where = f"{column.label.zh}为“{_answer_label(figure.pack, column, spec.where[1])}”的"
    if spec.measure is Measure.ROWS:
        figure.value = len(rows)
        figure.exact = f"{where}{len(rows)}行（{len({s.code for s, _r in rows})}所学校）"
    else:
        column = item.column(spec.column or "")
        cells = [row.get(column.key) for _s, row in rows]
        present = [cell for cell in cells if not is_empty(cell)]
        figure.value = sum(present, start=type(present[0])(0)) if present else (0 if not rows else None)
        unit = _unit(column)
        figure.exact = f"{where}{column.label.zh}合计 {number_text(column, figure.value)}{unit}"
        if len(present) < len(cells):
            figure.exact += f"（{len(cells)}行中{len(present)}行填写）"
    figure.counted = sorted({s.name for s, _r in rows})
    figure.written = _write(figure, figure.value, [], [])


def _number(figure: Figure, value: Any) -> str:
    spec = figure.spec
    return prose.exact(value, figure_places(spec, figure.item), spec.divide)


def _write(figure: Figure, value: Any, types: list[str], names: list[str]) -> str:
    """The value as the sentence writes it."""
    if value is None:
        return ""
    spec = figure.spec
    writing = spec.writing
    if writing is Writing.ABOUT:
        return prose.about(value, spec.precision or 1)
    if writing is Writing.PERCENT:
        return prose.percent(Decimal(value))
    if writing is Writing.SCHOOLS:
        return prose.schools(int(value), types)
    if writing is Writing.SCHOOLS_NAMED:
        return prose.named_schools(names, types)
    if writing is Writing.NAMES:
        return prose.names(names)
    return _number(figure, value)
