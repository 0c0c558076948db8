"""Checking a period: validation with the context the rules need, and the submission the exporters print.

A period is checked category by category, each category's issues cached against the reports it reads
(its own, the profile, the categories its rules name, and the earlier periods its rules compare with):
after an edit only the categories that read the edited one are checked again, and a whole-period check
is the same list as checking every category at once.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from desktop_app.domain.pack import PROFILE_CATEGORY, Severity
from desktop_app.domain.periods import Period, PeriodKeyError
from desktop_app.services import period_data as data
from desktop_app.services.attachments import photos_of
from desktop_app.services.changes import STATE_LABELS, CategoryProgress, CategoryState
from desktop_app.services.edit_context import EditContext

if TYPE_CHECKING:
    from desktop_app.domain.submission import Submission
    from desktop_app.domain.validation import Issue
    from desktop_app.storage.store import ReportKey

__all__ = ["STATE_LABELS", "CategoryProgress", "CategoryState", "build_submission", "category_issues", "inputs",
           "validate"]  # fmt: skip


def validate(context: EditContext, period: str, category: str | None, for_submission: bool) -> list[Issue]:
    """Every issue of the period (or one category), checked with the fonts the PDF prints with."""
    keys = (
        [context.category(category).key]
        if category is not None
        else [c.key for c in context.pack.categories_for(Period.parse(period).kind)]
    )
    printable = context.print_check()
    return [issue for key in keys for issue in category_issues(context, period, key, for_submission, printable)]


def category_issues(
    context: EditContext, period: str, category: str, for_submission: bool, printable: Callable[[str], bool] | None
) -> list[Issue]:
    """One category's issues in the period (none when it does not apply to the school type)."""
    from desktop_app.domain.validation import ValidationContext
    from desktop_app.domain.validation import validate as run

    store, pack = context.store, context.pack

    def check() -> list[Issue]:
        from desktop_app.services import carried_marks, pack_years

        checked = ValidationContext(
            period=period,
            values=data.shared_period_values(store, pack, period),
            previous=pack_years.previous_values(context, period),  # an earlier year in this pack's terms
            earlier=pack_years.earlier_values(context, period),
            explanations=data.period_explanations(store, pack, period),
            for_submission=for_submission,
            categories=(category,),
            printable=printable,
        )
        carried = [issue for issue in carried_marks.issues(context, period) if issue.category == category]
        return run(pack, checked) + carried

    name = f"{category}@{period}#{pack.version}|{for_submission}|{printable is not None}"
    return list(data.cached(store, ("issues", name), check, inputs(context, category, period)))


def inputs(context: EditContext, category: str, period: str) -> tuple[ReportKey, ...]:
    """The reports a category's view and checks in the period read: what it reads in the period (itself,
    the profile, the categories it names) and every report of the earlier periods its rules compare with."""
    memo_key = ("inputs", category, period)
    found: tuple[ReportKey, ...] | None = context.memo.get(memo_key)
    if found is None:
        from desktop_app.domain.dependencies import reads
        from desktop_app.domain.periods import previous
        from desktop_app.domain.validation import baselines_needed

        pack = context.pack
        keys = [data.report_key(pack.category(key), period) for key in sorted(reads(pack)[category])]
        earlier = set(baselines_needed(pack, period))
        with contextlib.suppress(PeriodKeyError):  # a period with none before it
            earlier.add(previous(period))
        for other in sorted(earlier):
            keys.extend(data.report_key(c, other) for c in pack.categories_for(Period.parse(other).kind))
        found = tuple(dict.fromkeys(keys))
        context.memo[memo_key] = found
    return found


def build_submission(service: EditContext, period: str, issues: Sequence[Issue] | None = None) -> Submission:
    """The period's submission (a draft until the lifecycle submits it): relevant values and 说明.

    `issues` is the period's answer as for submission when the caller has it (上报 has just checked);
    only without it is the period checked here."""
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
    for category in pack.categories_for(Period.parse(period).kind):
        if category_applies(category, school_type):
            chosen[category.key] = relevant_values(pack, category.key, values)
    if issues is None:
        issues = validate(service, period, None, for_submission=True)
    warnings = {(issue.category, issue.rule_id) for issue in issues if issue.severity is Severity.WARNING}
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
