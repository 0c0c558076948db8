"""Policy targets judged school by school, and counted over a group of schools.

A target is a rule of the pack with its policy text (domain.pack.Target). For one school it is met, not
met, not reported (a value it needs is blank, or the school sent nothing), without a baseline (the
earlier period it compares with is missing or blank there), or exempt (its condition does not hold,
e.g. no canteen). Blank is never 0: a blank value is "not reported", never "met" or "not met".
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from desktop_app.domain.evaluation import PeriodValues, ValuesEnvironment, applies_to_school
from desktop_app.domain.expressions import compile_expression
from desktop_app.domain.pack import Category, EmptyPolicy, FormPack, Rule


class Outcome(StrEnum):
    MET = "met"
    NOT_MET = "not_met"
    NOT_REPORTED = "not_reported"
    NO_BASELINE = "no_baseline"
    EXEMPT = "exempt"  # the target's condition does not hold for the school (e.g. it has no canteen)
    NOT_APPLICABLE = "not_applicable"  # not a school type the target is for


OUTCOME_LABELS: dict[Outcome, tuple[str, str]] = {
    Outcome.MET: ("达标", "met"),
    Outcome.NOT_MET: ("未达标", "not met"),
    Outcome.NOT_REPORTED: ("未报", "not reported"),
    Outcome.NO_BASELINE: ("缺少基期数据", "no baseline"),
    Outcome.EXEMPT: ("条件不适用", "exempt"),
    Outcome.NOT_APPLICABLE: ("不适用", "not applicable"),
}


def _baseline_missing(rule: Rule, env: ValuesEnvironment, source: str) -> bool:
    """The expression came out empty because of its earlier figures, not the school's own: with the
    school's own values standing in for the baseline it would be decided."""
    expression = compile_expression(source)
    if not expression.reads_previous():
        return False
    own = env.with_previous(env.values).for_category(env.category, zero_empty=rule.when_empty is EmptyPolicy.ZERO)
    return expression.evaluate(own) is not None


def judge(
    pack: FormPack,
    category: Category,
    rule: Rule,
    school_type: str | None,
    values: PeriodValues | None,
    baseline: PeriodValues | None = None,
    period: str | None = None,
) -> Outcome:
    """One school's outcome. `values` None: the school sent nothing for the period."""
    if rule.applies_to is not None and school_type is not None and school_type not in rule.applies_to:
        return Outcome.NOT_APPLICABLE
    if not applies_to_school(category.applies_to, school_type):
        return Outcome.NOT_APPLICABLE
    if values is None or category.key not in values:
        return Outcome.NOT_REPORTED
    env = ValuesEnvironment(pack, category, values, baseline, period=period)
    if rule.when is not None:
        condition = compile_expression(rule.when).evaluate(env)
        if condition is False:
            return Outcome.EXEMPT
        if condition is not True:
            return Outcome.NO_BASELINE if _baseline_missing(rule, env, rule.when) else Outcome.NOT_REPORTED
    check_env = env.for_category(category, zero_empty=rule.when_empty is EmptyPolicy.ZERO)
    result = compile_expression(rule.check).evaluate(check_env)
    if result is True:
        return Outcome.MET
    if result is False:
        return Outcome.NOT_MET
    return Outcome.NO_BASELINE if _baseline_missing(rule, env, rule.check) else Outcome.NOT_REPORTED


@dataclass(frozen=True, slots=True)
class Tally:
    """A group's outcomes: applicable schools (every one of the target's types) and how each fared."""

    applicable: int
    met: int
    not_met: int
    not_reported: int
    no_baseline: int
    exempt: int

    @property
    def judged(self) -> int:
        return self.met + self.not_met

    @property
    def share_met(self) -> Decimal | None:
        """Schools meeting ÷ schools judged (met or not met); None when none could be judged."""
        return None if not self.judged else Decimal(self.met) / Decimal(self.judged)


def tally(outcomes: Iterable[Outcome]) -> Tally:
    counts = Counter(outcome for outcome in outcomes if outcome is not Outcome.NOT_APPLICABLE)
    return Tally(
        applicable=sum(counts.values()),
        met=counts[Outcome.MET],
        not_met=counts[Outcome.NOT_MET],
        not_reported=counts[Outcome.NOT_REPORTED],
        no_baseline=counts[Outcome.NO_BASELINE],
        exempt=counts[Outcome.EXEMPT],
    )
