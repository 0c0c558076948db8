"""目标达成: each policy target of the pack over the district — schools applicable, meeting, not meeting
(named, with their figures), not reported, without a baseline — by 镇街 and by school type.

Applicable schools are the register's schools of the target's types (a school that sent nothing is "not
reported"); baselines come from the bureau's own earlier submissions (bureau.earlier).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from desktop_app.bureau.consolidate import FieldTotal, ratio_total
from desktop_app.bureau.earlier import Earlier
from desktop_app.bureau.figures import value_text
from desktop_app.bureau.records import SchoolEntry
from desktop_app.bureau.schools import SchoolFacts
from desktop_app.bureau.words import tr
from desktop_app.domain.describe import baseline_label, scope_text
from desktop_app.domain.pack import Category, FormPack, PeriodKind, Rule
from desktop_app.domain.periods import Period, PeriodKeyed, baseline_period, calendar_year
from desktop_app.domain.targets import OUTCOME_LABELS, Outcome, Tally, judge, tally
from desktop_app.domain.validation import reads_previous


@dataclass(frozen=True, slots=True)
class SchoolOutcome:
    code: str
    name: str
    town: str
    school_type: str
    outcome: Outcome
    figures: str = ""  # the target's fields at the school (and the baseline's), as the clerk saw them


@dataclass
class TargetResult(PeriodKeyed):
    period: str
    category: Category
    rule: Rule
    district: Tally
    by_town: dict[str, Tally]
    by_type: dict[str, Tally]
    schools: list[SchoolOutcome]  # the applicable schools, each with its outcome
    ratio: FieldTotal | None = None  # the district value of the ratio the target names
    goal_reached: bool | None = None  # the district goal (a share or a ratio), when the target has one
    baseline_period: str | None = None
    baseline_held: bool = True  # the bureau holds submissions of the baseline period at all

    def named(self, outcome: Outcome) -> list[SchoolOutcome]:
        return [school for school in self.schools if school.outcome is outcome]


@dataclass
class TargetsReport:
    periods: list[str]
    results: list[TargetResult] = field(default_factory=list)


def target_periods(pack: FormPack) -> list[str]:
    """Where each target is measured by default: the annual period, and the semester holding 31 December
    of the pack's year (the year-end figures, e.g. the guards at the end of 2022)."""
    annual = [spec.key for spec in pack.periods if spec.kind is PeriodKind.ANNUAL][:1]
    semesters = [spec.key for spec in pack.periods if spec.kind is PeriodKind.SEMESTER]
    year_end = [key for key in semesters if key.endswith("-1") and calendar_year(key) == pack.year]
    return annual + (year_end or sorted(semesters)[-1:])


def _figures(pack: FormPack, category: Category, rule: Rule, values: Any, baseline: Any, lang: str = "zh") -> str:
    own = (values or {}).get(category.key, {})
    parts = []
    for key in rule.fields:
        item = category.field(key)
        text = value_text(pack, item, own.get(key), lang) or tr(lang, "targets.blank")
        parts.append(f"{item.label.get(lang).removeprefix('其中：')} {text}")
        if reads_previous(rule) and baseline is not None:
            before = value_text(pack, item, baseline.get(category.key, {}).get(key), lang) or "未填"
            parts.append(f"{baseline_label(rule.baseline, lang)} {before}")
    return tr(lang, "targets.sep").join(parts)


def evaluate_target(
    pack: FormPack,
    period: str,
    category: Category,
    rule: Rule,
    register: Iterable[SchoolEntry],
    facts: Iterable[SchoolFacts],
    earlier: Earlier,
) -> TargetResult:
    submitted = {school.code: school for school in facts}
    universe: dict[str, tuple[str, str, str]] = {s.code: (s.name, s.town, s.school_type) for s in register}
    for facts_of in submitted.values():
        universe.setdefault(facts_of.code, (facts_of.name, facts_of.town, facts_of.school_type))
    outcomes: list[SchoolOutcome] = []
    for code, (name, town, school_type) in sorted(universe.items(), key=lambda item: (item[1][1], item[0])):
        school = submitted.get(code)
        values = school.values if school is not None else None
        baseline = earlier.baseline(code, period, rule.baseline)
        outcome = judge(pack, category, rule, school_type, values, baseline, period)
        if outcome is Outcome.NOT_APPLICABLE:
            continue
        figures = _figures(pack, category, rule, values, baseline) if values is not None else ""
        outcomes.append(SchoolOutcome(code, school.name if school else name, town, school_type, outcome, figures))
    by_town: dict[str, list[Outcome]] = {}
    by_type: dict[str, list[Outcome]] = {}
    for item in outcomes:
        by_town.setdefault(item.town, []).append(item.outcome)
        by_type.setdefault(item.school_type, []).append(item.outcome)
    type_order = {key: index for index, key in enumerate(pack.choice_list("school_type").keys)}
    result = TargetResult(
        period, category, rule, tally(o.outcome for o in outcomes),
        {key: tally(group) for key, group in sorted(by_town.items())},
        {key: tally(group) for key, group in sorted(by_type.items(), key=lambda i: type_order.get(i[0], 99))},
        outcomes,
    )  # fmt: skip
    if reads_previous(rule):
        result.baseline_period = baseline_period(period, rule.baseline)
        result.baseline_held = result.baseline_period in earlier.held
    target = rule.target
    assert target is not None
    if target.ratio is not None and target.at_least is not None:
        result.ratio = ratio_total(category.key, category.field(target.ratio), list(submitted.values()))
        if result.ratio.total is not None:
            result.goal_reached = Decimal(result.ratio.total) >= target.at_least
    elif target.share is not None and result.district.share_met is not None:
        result.goal_reached = result.district.share_met >= target.share
    return result


def evaluate_targets(
    pack: FormPack,
    register: Iterable[SchoolEntry],
    facts_by_period: Mapping[str, list[SchoolFacts]],
    earlier_by_period: Mapping[str, Earlier],
) -> TargetsReport:
    """Every target of every given period (a period holds the targets of its categories)."""
    schools = list(register)
    report = TargetsReport(list(facts_by_period))
    for period, facts in facts_by_period.items():
        for category in pack.categories_for(Period.parse(period).kind):
            for rule in category.targets:
                report.results.append(evaluate_target(pack, period, category, rule, schools, facts,
                                                      earlier_by_period.get(period, Earlier())))  # fmt: skip
    return report


# --- JSON ------------------------------------------------------------------------------------------


def _decimal(value: Decimal | None) -> str | None:
    return None if value is None else format(value, "f")


def tally_json(counts: Tally) -> dict[str, Any]:
    return {
        "applicable": counts.applicable, "met": counts.met, "not_met": counts.not_met,
        "not_reported": counts.not_reported, "no_baseline": counts.no_baseline, "exempt": counts.exempt,
        "share_met": _decimal(counts.share_met),
    }  # fmt: skip


def target_json(pack: FormPack, result: TargetResult) -> dict[str, Any]:
    rule, target = result.rule, result.rule.target
    assert target is not None

    def schools(outcome: Outcome) -> list[dict[str, str]]:
        return [{"code": s.code, "name": s.name, "town": s.town, "school_type": s.school_type, "figures": s.figures}
                for s in result.named(outcome)]  # fmt: skip

    data: dict[str, Any] = {
        "id": rule.id, "period": result.period, "category": result.category.key,
        "policy": target.policy.zh, "source": target.source.zh,
        "applies_to": sorted(rule.applies_to) if rule.applies_to is not None else None,
        "applies_to_label": scope_text(pack, rule.applies_to, rule.applies_group),
        "check": rule.check, "when": rule.when, "at_school": target.at_school,
        "baseline": rule.baseline.value if result.baseline_period else None,
        "baseline_period": result.baseline_period, "baseline_held": result.baseline_held,
        **tally_json(result.district),
        "not_met_schools": schools(Outcome.NOT_MET), "not_reported_schools": schools(Outcome.NOT_REPORTED),
        "no_baseline_schools": schools(Outcome.NO_BASELINE), "exempt_schools": schools(Outcome.EXEMPT),
        "by_town": {key: tally_json(value) for key, value in result.by_town.items()},
        "by_type": {key: tally_json(value) for key, value in result.by_type.items()},
        "goal": {"share": _decimal(target.share), "ratio": target.ratio, "at_least": _decimal(target.at_least),
                 "ratio_value": _decimal(result.ratio.total) if result.ratio else None,
                 "reached": result.goal_reached},
    }  # fmt: skip
    return data


def targets_json(pack: FormPack, report: TargetsReport) -> dict[str, Any]:
    return {
        "periods": report.periods,
        "outcomes": {outcome.value: OUTCOME_LABELS[outcome][0] for outcome in Outcome},
        "targets": [target_json(pack, result) for result in report.results],
    }
