"""数据质量: per school, the figures that stand out against the district, most doubtful school first.

Each line names the school, the field, its value, what it was compared with and why it stands out:
- outlier: a per-pupil or per-teacher indicator, or a ratio, far from the schools of its type (robust z);
- jump: a change against the same period a year before beyond the pack's threshold;
- warning: a 经验校验 warning, re-checked here against the bureau's own earlier submissions, with the 说明;
- missing_part: a ratio the school gave one part of (it is left out of the district rate);
- no_baseline: a comparison the school's earlier figures are missing for.
Thresholds are the pack's (district.yaml, quality); the arithmetic is domain.quality's.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from desktop_app.bureau.earlier import Earlier
from desktop_app.bureau.figures import value_text
from desktop_app.bureau.schools import SchoolFacts
from desktop_app.bureau.words import tr
from desktop_app.domain.describe import baseline_label, field_label
from desktop_app.domain.evaluation import applies_to_school
from desktop_app.domain.pack import DerivedFormat, FormPack, Indicator, Severity
from desktop_app.domain.periods import Period, PeriodKeyed, PeriodKeyError, baseline_period, previous, year_before
from desktop_app.domain.quality import change, is_jump, robust_scores
from desktop_app.domain.targets import Outcome, judge
from desktop_app.domain.validation import ValidationContext, reads_previous, validate
from desktop_app.domain.values import is_empty

KINDS = ("error", "outlier", "jump", "warning", "missing_part", "no_baseline")


def kind_label(kind: str, lang: str = "zh") -> str:
    """A line's kind as the bureau reads it (偏离同类, "outlier"): `quality.kind.*` of bureau/words.py."""
    return tr(lang, f"quality.kind.{kind}")


@dataclass(frozen=True, slots=True)
class QualityLine:
    kind: str
    category: str
    field: str  # the field's or indicator's label
    value: str
    comparison: str
    why: str
    weight: int
    explanation: str = ""  # the school's 说明, for a warning
    field_key: str = ""  # the field a question on this line points at ("" for the whole category)
    refs: tuple[str, ...] = ()  # the fields ("category.key") the line is about, for the report's sources
    target: bool = False  # a warning of a policy target (a target missed, not a doubtful figure)


@dataclass
class SchoolQuality:
    code: str
    name: str
    town: str
    school_type: str
    lines: list[QualityLine] = field(default_factory=list)

    @property
    def score(self) -> int:
        return sum(line.weight for line in self.lines)


@dataclass
class QualityReport(PeriodKeyed):
    period: str
    checked: int  # schools that sent the period
    schools: list[SchoolQuality]  # schools with at least one line, the most doubtful first
    notes: list[str] = field(default_factory=list)  # what could not be checked for the whole district


def _number(value: Any) -> Decimal | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        return Decimal(value)
    except (TypeError, ArithmeticError, ValueError):
        return None


def _fmt(value: Decimal, places: int) -> str:
    return format(value.quantize(Decimal(1).scaleb(-places)), ",f")


def _indicators(pack: FormPack, period: Period) -> list[Indicator]:
    """The pack's indicators and every ratio field, over the categories of the period."""
    keys = {c.key for c in pack.categories_for(period.kind)}
    found = [i for i in pack.quality.indicators if {i.numerator.owner, i.denominator.owner} <= keys]
    for category in pack.categories_for(period.kind):
        for item in category.fields:
            if item.ratio is not None and {item.ratio.numerator.owner, item.ratio.denominator.owner} <= keys:
                percent = item.derived_format is DerivedFormat.PERCENT
                unit = "%" if percent else (item.unit.zh if item.unit else "")
                found.append(Indicator(f"{category.key}.{item.key}", item.label, item.ratio.numerator,
                                       item.ratio.denominator, item.ratio.applies_to, 100 if percent else 1,
                                       item.places, unit))  # fmt: skip
    return found


def _outliers(pack: FormPack, period: Period, facts: list[SchoolFacts], found: dict[str, SchoolQuality]) -> None:
    spec = pack.quality
    type_label = {c.key: c.label.zh for c in pack.choice_list("school_type").choices}
    for indicator in _indicators(pack, period):
        by_type: dict[str, dict[str, tuple[Decimal, Decimal, Decimal]]] = {}
        for school in facts:
            if not applies_to_school(indicator.applies_to, school.school_type):
                continue
            if not (school.sent(indicator.numerator.owner) and school.sent(indicator.denominator.owner)):
                continue
            top, bottom = _number(school.ref(indicator.numerator)), _number(school.ref(indicator.denominator))
            if top is None or bottom is None or bottom == 0:
                continue
            by_type.setdefault(school.school_type, {})[school.code] = (top / bottom * indicator.scale, top, bottom)
        for school_type, members in by_type.items():
            if len(members) < spec.min_schools:
                continue
            spread = robust_scores({code: value for code, (value, _t, _b) in members.items()})
            assert spread is not None
            for code, z in spread.scores.items():
                value, top, bottom = members[str(code)]
                if abs(z) <= spec.outlier_threshold or abs(value - spread.median) <= spec.min_deviation * abs(
                        spread.median):  # fmt: skip
                    continue
                parts = (f"{field_label(pack, indicator.numerator)} {top.normalize():,f} ÷ "
                         f"{field_label(pack, indicator.denominator)} {bottom.normalize():,f}")  # fmt: skip
                comparison = (f"同类学校（{type_label.get(school_type, school_type)}，{spread.count}所）中位数 "
                              f"{_fmt(spread.median, indicator.places)}{indicator.unit}，稳健Z值 {z:.1f}")  # fmt: skip
                direction = "明显高于" if z > 0 else "明显低于"
                why = (f"{direction}同类学校（稳健Z值绝对值超过{spec.outlier_threshold}，且偏离中位数"
                       f"{spec.min_deviation * 100:.0f}%以上），请核实是否填错单位或位数")  # fmt: skip
                found[str(code)].lines.append(QualityLine(
                    "outlier", indicator.numerator.owner, indicator.label.zh,
                    f"{_fmt(value, indicator.places)}{indicator.unit}（{parts}）", comparison, why,
                    4 if abs(z) > 2 * spec.outlier_threshold else 3,
                    refs=(str(indicator.numerator), str(indicator.denominator), indicator.key),
                    field_key=indicator.numerator.key,
                ))  # fmt: skip


def _jumps(pack: FormPack, period: str, school: SchoolFacts, earlier: Earlier, out: SchoolQuality) -> None:
    spec = pack.quality
    try:
        before_key = year_before(period)
    except PeriodKeyError:
        return
    before = earlier.of(school.code, before_key)
    if before is None:
        return
    for ref in spec.jump_fields:
        if not school.sent(ref.owner):
            continue
        now, then = _number(school.ref(ref)), _number(before.get(ref.owner, {}).get(ref.key))
        if now is None or then is None or not is_jump(now, then, spec.jump_threshold):
            continue
        ratio = change(now, then)
        moved = "上年为0" if ratio is None else f"变化 {ratio * 100:+.0f}%"
        item = pack.category(ref.owner).field(ref.key)
        out.lines.append(QualityLine(
            "jump", ref.owner, item.label.zh.removeprefix("其中："), value_text(pack, item, school.ref(ref)),
            f"上年同期 {value_text(pack, item, before.get(ref.owner, {}).get(ref.key))}，{moved}",
            f"同比变化超过{spec.jump_threshold * 100:.0f}%，请核实", 3, refs=(str(ref),), field_key=ref.key,
        ))  # fmt: skip


def _warnings(pack: FormPack, period: str, school: SchoolFacts, earlier: Earlier, out: SchoolQuality) -> None:
    submission = school.submission
    context = ValidationContext(
        period, submission.values, earlier.of(school.code, previous(period)), submission.explanations,
        for_submission=True, earlier=earlier.for_school(school.code),
    )  # fmt: skip
    for issue in validate(pack, context):
        if issue.code == "required":
            continue
        category = pack.category(issue.category)
        item = category.field(issue.field) if issue.field and category.has_field(issue.field) else None
        value = value_text(pack, item, school.value(category.key, item.key)) if item else ""
        label = item.label.zh.removeprefix("其中：") if item else category.label.zh
        message = issue.text("zh").rstrip("。")
        key = item.key if item else ""
        rule = next((r for r in category.rules if r.id == issue.rule_id), None)
        keys = (rule.fields if rule else ()) or ((issue.field,) if issue.field else ())
        refs = tuple(f"{category.key}.{key}" for key in keys)
        target = rule is not None and rule.target is not None
        if issue.severity is Severity.ERROR:
            out.lines.append(QualityLine("error", category.key, label, value, message,
                                         "本局按表单包复核发现逻辑错误", 5, refs=refs, field_key=key))  # fmt: skip
        elif issue.explanation.strip():
            out.lines.append(QualityLine("warning", category.key, label, value, message,
                                         "学校已填写说明", 1, issue.explanation.strip(), refs=refs, target=target,
                                         field_key=key))  # fmt: skip
        else:
            why = "学校未填写说明" + ("（本局存档的往期数据可能与学校的不同）" if rule and reads_previous(rule) else "")
            out.lines.append(QualityLine("warning", category.key, label, value, message, why, 2, refs=refs,
                                         target=target, field_key=key))  # fmt: skip


def _missing_parts(pack: FormPack, period: Period, school: SchoolFacts, out: SchoolQuality) -> None:
    for category in pack.categories_for(period.kind):
        for item in category.fields:
            ratio = item.ratio
            if ratio is None or not applies_to_school(ratio.applies_to, school.school_type):
                continue
            if not (school.sent(ratio.numerator.owner) and school.sent(ratio.denominator.owner)):
                continue
            top, bottom = school.ref(ratio.numerator), school.ref(ratio.denominator)
            if not is_empty(top) and not is_empty(bottom):
                continue
            parts = []
            for ref, value in ((ratio.numerator, top), (ratio.denominator, bottom)):
                shown = value_text(pack, pack.category(ref.owner).field(ref.key), value) or "未填"
                parts.append(f"{field_label(pack, ref)} {shown}")
            both = is_empty(top) and is_empty(bottom)
            out.lines.append(QualityLine(
                "missing_part", category.key, item.label.zh, "，".join(parts), "全区比率只计两项均填的学校",
                "两项均未填，未计入全区比率" if both else "缺少一项，未计入全区比率", 1 if both else 2,
                # the rate is in doubt, not the part that was given
                refs=(f"{category.key}.{item.key}",), field_key=item.key,
            ))  # fmt: skip


def _no_baseline(pack: FormPack, period: Period, school: SchoolFacts, earlier: Earlier, out: SchoolQuality,
                 notes: set[str]) -> None:  # fmt: skip
    for category in pack.categories_for(period.kind):
        for rule in category.rules:
            if not reads_previous(rule):
                continue
            key = baseline_period(period.key, rule.baseline)
            if key not in earlier.held:
                notes.add(f"本局尚未存有{Period.parse(key).name()}的报送，与该期比较的校验未能复核。")
                continue
            baseline = earlier.of(school.code, key)
            outcome = judge(pack, category, rule, school.school_type, school.values, baseline, period.key)
            if outcome is Outcome.NO_BASELINE:
                item = category.field(rule.fields[0]) if rule.fields else None
                label = item.label.zh.removeprefix("其中：") if item else category.label.zh
                value = value_text(pack, item, school.value(category.key, item.key)) if item else ""
                what = rule.target.policy.zh.rstrip("。") if rule.target else rule.message.zh.rstrip("。")
                out.lines.append(QualityLine(
                    "no_baseline", category.key, label, value,
                    f"{baseline_label(rule.baseline)}（{Period.parse(key).name()}）的数据：本局未收到该校该期报送或该项未填",
                    f"缺少基期数据，无法判断（{what}）", 1,
                    refs=tuple(f"{category.key}.{key}" for key in rule.fields), target=rule.target is not None,
                ))  # fmt: skip


def quality_report(pack: FormPack, period: str, facts: list[SchoolFacts], earlier: Earlier) -> QualityReport:
    found = {s.code: SchoolQuality(s.code, s.name, s.town, s.school_type) for s in facts}
    notes: set[str] = set()
    term = Period.parse(period)  # the key as the bureau's command or window gave it, parsed once
    _outliers(pack, term, facts, found)
    for school in facts:
        out = found[school.code]
        _jumps(pack, period, school, earlier, out)
        _warnings(pack, period, school, earlier, out)
        _missing_parts(pack, term, school, out)
        _no_baseline(pack, term, school, earlier, out, notes)
    try:
        if year_before(period) not in earlier.held and pack.quality.jump_fields:
            notes.add(f"本局尚未存有{Period.parse(year_before(period)).name()}的报送，未做同比比较。")
    except PeriodKeyError:
        pass
    order = {kind: index for index, kind in enumerate(KINDS)}
    for checked in found.values():
        checked.lines.sort(key=lambda line: (-line.weight, order[line.kind], line.category, line.field))
    ranked = sorted((s for s in found.values() if s.lines), key=lambda s: (-s.score, -len(s.lines), s.code))
    return QualityReport(period, len(facts), ranked, sorted(notes))


def quality_json(report: QualityReport) -> dict[str, Any]:
    return {
        "period": report.period,
        "checked": report.checked,
        "notes": report.notes,
        "schools": [{
            "code": s.code, "name": s.name, "town": s.town, "school_type": s.school_type, "score": s.score,
            "lines": [{"kind": line.kind, "category": line.category, "field": line.field, "value": line.value,
                       "comparison": line.comparison, "why": line.why, "explanation": line.explanation}
                      for line in s.lines],
        } for s in report.schools],
    }  # fmt: skip
