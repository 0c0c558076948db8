"""Checking a period: validation with the context the rules need, each category's progress, and the
submission the exporters print."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from desktop_app.domain.pack import PROFILE_CATEGORY, Category, Severity
from desktop_app.domain.periods import kind_of
from desktop_app.domain.text import Text
from desktop_app.domain.values import is_empty
from desktop_app.services import period_data as data
from desktop_app.services.attachments import photos_of

if TYPE_CHECKING:
    from desktop_app.domain.submission import Submission
    from desktop_app.domain.validation import Issue
    from desktop_app.services.reporting import ReportingService

STATE_LABELS: dict[str, Text] = {
    "empty": Text("未填", "Not started"),
    "in_progress": Text("填写中", "In progress"),
    "has_errors": Text("有错误", "Has errors"),
    "needs_explanation": Text("待说明", "Needs explanation"),
    "complete": Text("已完成", "Complete"),
    "submitted": Text("已提交", "Submitted"),
}


@dataclass(frozen=True, slots=True)
class CategoryState:
    category: str
    key: str  # one of STATE_LABELS
    errors: int
    warnings: int
    unexplained: int
    missing_required: int

    def text(self, lang: str = "zh") -> str:
        return STATE_LABELS[self.key].get(lang)


def validate(
    service: ReportingService, period: str, category: str | None, for_submission: bool
) -> list[Issue]:
    from desktop_app.domain.validation import ValidationContext
    from desktop_app.domain.validation import validate as run

    if category is not None:
        service.category(category)

    def whole_period() -> list[Issue]:
        from desktop_app.services import carry, pack_years

        context = ValidationContext(
            period=period,
            values=data.period_values(service.store, service.pack, period),
            previous=pack_years.previous_values(service, period),
            earlier=pack_years.earlier_values(service, period),
            explanations=data.period_explanations(service.store, service.pack, period),
            for_submission=for_submission,
            printable=service.print_check(),
        )
        return run(service.pack, context) + carry.issues(service, period)

    # The whole period is checked once per saved change; each category's list is a slice of it
    # (cross-category rules see every category either way).
    issues = data.cached(service.store, ("issues", f"{period}|{for_submission}"), whole_period)
    return [issue for issue in issues if category is None or issue.category == category]


def category_state(service: ReportingService, category: Category, period: str | None) -> CategoryState:
    key = service.period_key(category, period)
    stored = service.store.report_state(data.report_key(category, key))
    check_period = key or service.pack.default_period.key
    issues = validate(service, check_period, category.key, for_submission=True)
    errors = [i for i in issues if i.severity is Severity.ERROR and i.code != "required"]
    missing = [i for i in issues if i.code == "required"]
    warnings = [i for i in issues if i.severity is Severity.WARNING]
    unexplained = [i for i in warnings if i.needs_explanation]
    values = service.values(category.key, key or None)
    if stored is not None and stored[0] == "submitted":
        state = "submitted"
    elif all(is_empty(v) for v in values.values()):
        state = "empty"
    elif errors:
        state = "has_errors"
    elif missing:
        state = "in_progress"
    elif unexplained:
        state = "needs_explanation"
    else:
        state = "complete"
    return CategoryState(category.key, state, len(errors), len(warnings), len(unexplained), len(missing))


def build_submission(service: ReportingService, period: str) -> Submission:
    """The period's submission (a draft until the lifecycle submits it): relevant values and 说明."""
    from desktop_app.domain.evaluation import category_applies, relevant_values
    from desktop_app.domain.submission import Signatories, Submission
    from desktop_app.services import revisions
    from desktop_app.services.questions import pending_answers
    from desktop_app.services.submissions import notes_in_pack_order

    pack = service.pack
    values = data.period_values(service.store, pack, period)
    profile = values.get(PROFILE_CATEGORY, {})
    school_type = profile.get("school_type")
    chosen: dict[str, dict[str, Any]] = {}
    for category in pack.categories_for(kind_of(period)):
        if category_applies(category, school_type):
            chosen[category.key] = relevant_values(pack, category.key, values)
    warnings = {
        (issue.category, issue.rule_id)
        for issue in validate(service, period, None, for_submission=True)
        if issue.severity is Severity.WARNING
    }
    notes = {
        category: {rule: text for rule, text in rules.items() if (category, rule) in warnings}
        for category, rules in data.period_explanations(service.store, pack, period).items()
    }
    # The profile is shared by every period and never frozen: a period's status is its own reports'.
    status, revision = revisions.period_status(service.store, pack, period)  # their one home
    return Submission(
        pack_id=pack.id,
        pack_version=pack.version,
        period=period,
        school_code=str(profile.get("school_code") or ""),
        school_name=str(profile.get("school_name") or ""),
        revision=revision,
        status=status,
        values=chosen,
        explanations=notes_in_pack_order(pack, notes),
        signatories=Signatories(
            head=str(profile.get("head") or ""),
            statistician=str(profile.get("statistician") or ""),
            preparer=str(profile.get("preparer") or ""),
            phone=str(profile.get("phone") or ""),
        ),
        attachments=photos_of(service.store, pack, chosen),
        answers=pending_answers(service, period),  # to the bureau's questions (services/questions.py)
    )

