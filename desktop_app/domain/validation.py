"""Two-tier validation, as in national practice: 逻辑校验 (errors) and 经验校验 (warnings needing a 说明).

Field checks (range, length, pattern, rows) come from the field declarations; the pack's rules are
expressions. `required` is enforced only for submission: a clerk may save a half-filled form.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from desktop_app.domain.evaluation import (
    PeriodValues,
    ValuesEnvironment,
    category_applies,
    is_relevant,
)
from desktop_app.domain.expressions import compile_expression
from desktop_app.domain.messages import CATALOGUE, Problem
from desktop_app.domain.pack import (
    PROFILE_CATEGORY,
    Baseline,
    Category,
    EmptyPolicy,
    Field,
    FieldType,
    FormPack,
    Rule,
    Severity,
)
from desktop_app.domain.periods import Period, PeriodKeyed, baseline_period
from desktop_app.domain.periods import previous as previous_period
from desktop_app.domain.printable import Printable, shown, text_cells, unprintable
from desktop_app.domain.text import Text
from desktop_app.domain.values import field_problems, is_empty


@dataclass(frozen=True, slots=True)
class Issue:
    rule_id: str
    severity: Severity
    category: str
    field: str | None
    message: Text
    code: str = "rule"
    row: int | None = None
    column: str | None = None
    explanation: str = ""

    def text(self, lang: str = "zh") -> str:
        return self.message.get(lang)

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    @property
    def needs_explanation(self) -> bool:
        return self.severity is Severity.WARNING and not self.explanation.strip()


@dataclass(frozen=True)
class ValidationContext(PeriodKeyed):
    period: str
    values: PeriodValues  # category → field → value, with the profile under "profile"
    previous: PeriodValues | None = None  # the period before (of the same kind)
    explanations: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    for_submission: bool = False
    categories: Sequence[str] | None = None  # only these (default: every category of the period)
    printable: Printable | None = None  # font data: text the PDF would print blank is an error
    errors_only: bool = False  # skip the warning rules (the bureau's re-check of a received file)
    earlier: Mapping[str, PeriodValues] = field(default_factory=dict)  # other earlier periods, by key

    def baseline_values(self, baseline: Baseline) -> PeriodValues | None:
        """The values prev() reads under a rule's baseline (None: the school has none for that period)."""
        key = baseline_period(self.period, baseline)
        if key == previous_period(self.period) and self.previous is not None:
            return self.previous
        return self.earlier.get(key)


def baselines_needed(pack: FormPack, period: str) -> set[str]:
    """Every earlier period the rules of the period's categories read through prev()."""
    kinds = {c.key for c in pack.categories_for(Period.parse(period).kind)}
    return {baseline_period(period, rule.baseline) for c in pack.categories if c.key in kinds for rule in c.rules
            if reads_previous(rule)}  # fmt: skip


def reads_previous(rule: Rule) -> bool:
    return any(compile_expression(source).reads_previous() for source in (rule.check, rule.when) if source)


def validate(pack: FormPack, context: ValidationContext) -> list[Issue]:
    issues: list[Issue] = []
    school_type = context.values.get(PROFILE_CATEGORY, {}).get("school_type")
    for category in pack.categories_for(context.reporting_period.kind):
        if context.categories is not None and category.key not in context.categories:
            continue
        if not category_applies(category, school_type):
            continue
        issues.extend(validate_category(pack, category, context))
    return issues


def validate_category(pack: FormPack, category: Category, context: ValidationContext) -> list[Issue]:
    notes = context.explanations.get(category.key, {})
    issues: list[Issue] = []
    own = context.values.get(category.key, {})
    for target in category.fields:
        if not target.is_input or not is_relevant(pack, category, target, context.values):
            continue
        value = own.get(target.key)
        if context.for_submission and target.required and is_empty(value):
            issues.append(_field_issue(category, target, Problem("required", {"label": target.label.zh}), notes))
        issues.extend(_value_issues(category, target, value, notes))
        if context.printable is not None:
            issues.extend(_print_issues(category, target, value, notes, context.printable))
    env = ValuesEnvironment(pack, category, context.values, context.previous, period=context.period)
    for rule in category.rules:
        if rule.target is not None and not rule.target.at_school:
            continue  # judged over the district only
        if context.errors_only and rule.severity is not Severity.ERROR:
            continue
        if failed(rule, env.with_previous(context.baseline_values(rule.baseline))):
            issues.append(
                Issue(
                    rule_id=rule.id,
                    severity=rule.severity,
                    category=category.key,
                    field=rule.fields[0] if rule.fields else None,
                    message=rule.message,
                    explanation=notes.get(rule.id, ""),
                )
            )
    if context.printable is not None:
        issues.extend(_unprintable_notes(category, issues, context.printable))
    return issues


def failed(rule: Rule, env: ValuesEnvironment) -> bool:
    """True when the rule applies and its check is false (an empty operand skips it, unless 'zero')."""
    if rule.applies_to is not None and env.school_type() not in rule.applies_to and env.school_type():
        return False
    if rule.when is not None and compile_expression(rule.when).evaluate(env) is not True:
        return False
    check_env = env.for_category(env.category, zero_empty=rule.when_empty is EmptyPolicy.ZERO)
    return compile_expression(rule.check).evaluate(check_env) is False


def _value_issues(category: Category, target: Field, value: object, notes: Mapping[str, str]) -> list[Issue]:
    if target.type is not FieldType.TABLE:
        return [_field_issue(category, target, problem, notes) for problem in field_problems(target, value)]
    rows = value if isinstance(value, list) else []
    issues = [_field_issue(category, target, problem, notes) for problem in field_problems(target, rows)]
    for index, row in enumerate(rows):
        for column in target.columns:
            for problem in field_problems(column, row.get(column.key)):
                issues.append(_field_issue(category, target, problem, notes, row=index, column=column.key))
    return issues


def _print_issues(
    category: Category, target: Field, value: object, notes: Mapping[str, str], printable: Printable
) -> list[Issue]:
    issues = []
    for row, cell, text in text_cells(target, value):
        missing = unprintable(text, printable)
        if missing:
            problem = Problem("unprintable", {"label": cell.label.zh, "chars": shown(missing)})
            column = None if row is None else cell.key
            issues.append(_field_issue(category, target, problem, notes, row=row, column=column))
    return issues


def _unprintable_notes(category: Category, issues: Sequence[Issue], printable: Printable) -> list[Issue]:
    """The 说明 the PDF prints (those of the warnings found) with characters no font has."""
    found = []
    for issue in issues:
        missing = unprintable(issue.explanation, printable) if issue.severity is Severity.WARNING else ()
        if missing:
            excerpt = issue.explanation.strip()[:12]
            params = {"excerpt": excerpt, "chars": shown(missing)}
            template = CATALOGUE["unprintable_note"]
            found.append(Issue(
                rule_id=f"{issue.rule_id}.unprintable", severity=Severity.ERROR, category=category.key,
                field=None, message=Text(template.zh.format(**params), template.en.format(**params)),
                code="unprintable",
            ))  # fmt: skip
    return found


def _field_issue(
    category: Category,
    target: Field,
    problem: Problem,
    notes: Mapping[str, str],
    row: int | None = None,
    column: str | None = None,
) -> Issue:

    params = dict(problem.params)
    if row is not None:
        params["label"] = f"{target.label.zh}第{row + 1}行“{params['label']}”"
    english = dict(params)
    if "hint_en" in params:
        english["hint"] = params["hint_en"]
    if row is not None and column is not None:
        english["label"] = f"{target.label.get('en')} row {row + 1}, {target.column(column).label.get('en')}"
    else:
        english["label"] = target.label.get("en")
    template = CATALOGUE[problem.code]
    rule_id = f"{category.key}.{target.key}.{problem.code}"
    return Issue(
        rule_id=rule_id,
        severity=Severity.ERROR,
        category=category.key,
        field=target.key,
        message=Text(template.zh.format(**params), template.en.format(**english)),
        code=problem.code,
        row=row,
        column=column,
        explanation=notes.get(rule_id, ""),
    )


def blocking(issues: Sequence[Issue]) -> list[Issue]:
    """What stops a submission: every error, and every warning without a 说明."""
    return [issue for issue in issues if issue.is_error or issue.needs_explanation]
