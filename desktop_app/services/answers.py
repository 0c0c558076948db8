"""One truth about what is left: each category's view and progress, and an edit's `Changes`.

Everything here is read from one cached read of the period (services.period_data, services.progress):
a view is the category's values, derived values, relevance, issues (as for submission, so an empty
required field is listed where 上报 would list it) and the text refused; its progress is counted from
that view alone. The overview, the category list, the problems panel and the 上报 dialog all show these,
so they cannot disagree. After an edit, `changes` compares the new answer with the one the window was
last given and names what moved.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from desktop_app.domain.pack import PROFILE_CATEGORY, Category, FieldType, Severity
from desktop_app.domain.periods import Period
from desktop_app.domain.values import is_empty
from desktop_app.services import period_data as data
from desktop_app.services.changes import (
    EMPTY_CONFIRMED,
    CategoryProgress,
    CategoryView,
    Changes,
    EditResult,
    PeriodProgress,
    Refusal,
)
from desktop_app.services.edit_context import EditContext
from desktop_app.services.progress import category_issues, inputs
from desktop_app.services.questions import open_count

if TYPE_CHECKING:
    from desktop_app.domain.validation import Issue
    from desktop_app.storage.store import ReportKey


@dataclass
class _Shown:
    """What the window was last told of a period."""

    views: dict[str, CategoryView] = field(default_factory=dict)
    progress: dict[str, CategoryProgress] = field(default_factory=dict)


def _order(issue: Issue) -> int:
    """Refused text first (what the clerk just typed), then errors, warnings, and empty required fields."""
    if issue.code == "refused":
        return 0
    if issue.code == "required":
        return 3
    return 1 if issue.severity is Severity.ERROR else 2


def check_period(context: EditContext, category: Category, period: str) -> str:
    """The period a category is checked in: its own, or the window's for the profile (shared by all)."""
    return context.period_key(category, period) or context.period_of(period)


def category_view(context: EditContext, key: str, period: str) -> CategoryView:
    category = context.category(key)
    period = check_period(context, category, period)
    store, pack = context.store, context.pack
    fonts = context.printable

    def read() -> CategoryView:
        from desktop_app.domain.evaluation import category_applies, compute_derived, is_relevant

        everything = data.shared_period_values(store, pack, period)
        own = dict(everything.get(key) or data.category_values(store, pack, category, period))
        derived = (compute_derived(pack, key, everything, data.previous_values(store, pack, period))
                   if any(f.type is FieldType.DERIVED for f in category.fields) else {})  # fmt: skip
        relevance = {f.key: is_relevant(pack, category, f, everything) for f in category.fields}
        issues = category_issues(context, period, key, True, fonts)
        notes = data.category_explanations(store, category, period)
        school_type = everything.get(PROFILE_CATEGORY, {}).get("school_type")
        return CategoryView(key, period, own, derived, relevance, tuple(sorted(issues, key=_order)), notes,
                            applies=category_applies(category, school_type))  # fmt: skip

    name = f"{key}@{period}#{pack.version}|{fonts is not None}"
    view = data.cached(store, ("view", name), read, inputs(context, key, period))
    refusals = _refusals(context, category, period)
    return _with(view, refusals) if refusals else view


def _with(view: CategoryView, refusals: tuple[Refusal, ...]) -> CategoryView:
    """The view with the text refused: listed first; a field holding refused text is not also "empty"."""
    typed = {r.field for r in refusals if r.row is None}
    kept = [i for i in view.issues if not (i.code == "required" and i.field in typed)]
    issues = (*(r.issue() for r in refusals), *kept)
    return CategoryView(view.category, view.period, view.values, view.derived, view.relevance, issues,
                        view.explanations, refusals, view.applies)  # fmt: skip


def _refusals(context: EditContext, category: Category, period: str) -> tuple[Refusal, ...]:
    report = data.report_key(category, period)
    held = context.refused.of(report)
    if not held:
        return ()
    found = []
    for place, text, message in held:
        row = None
        if place.row is not None:
            uids = data.row_ids(context.store, category, period, place.field)
            if place.row not in uids:
                context.refused.release(place)  # the row is gone, and the text with it
                continue
            row = uids.index(place.row)
        found.append(Refusal(category.key, place.field, text, message, row, place.column))
    return tuple(found)


def period_issues(context: EditContext, period: str) -> list[Issue]:
    """Every issue of the period as 上报 checks it, from the same answer the window shows (the cached
    category views): the text refused, errors, warnings — checked with the fonts the PDF prints with.
    The 上报 dialog's pre-check, the refusal and the frozen submission all read this one answer."""
    period = context.period_of(period)
    context.print_check()  # 上报 checks with the fonts the PDF prints with
    return [issue for category in context.pack.categories_for(Period.parse(period).kind)
            for issue in category_view(context, category.key, period).issues]  # fmt: skip


def blocking_of(issues: Iterable[Issue]) -> list[Issue]:
    """The issues that stop 上报: every error and every warning without its 说明."""
    return [issue for issue in issues if issue.is_error or issue.needs_explanation]


def blocking(context: EditContext, period: str) -> list[Issue]:
    """What stops 上报 of the period, from the same answer the window shows: the text refused, every
    error (an empty required field, text the PDF would print as a gap) and every warning without its
    说明 — one item for each thing `CategoryProgress.left` counts."""
    return blocking_of(period_issues(context, period))


def category_progress(context: EditContext, key: str, period: str) -> CategoryProgress:
    """What is left of one category (the one count the list, the overview and 上报 show)."""
    view = category_view(context, key, period)
    category = context.category(key)
    status = context.store.report_status(data.report_key(category, view.period))[0]
    questions = open_count(context, key, view.period) if view.period else 0
    errors = [i for i in view.issues if i.is_error and i.code != "required"]
    missing = sum(1 for i in view.issues if i.code == "required")
    warnings = [i for i in view.issues if i.severity is Severity.WARNING]
    unexplained = sum(1 for i in warnings if i.needs_explanation)
    inputs_ = [f for f in category.input_fields]
    empty = all(is_empty(view.values.get(f.key)) for f in inputs_)
    confirmed = bool(view.explanations.get(EMPTY_CONFIRMED))
    blank = (
        ()
        if empty
        else tuple(f.key for f in inputs_ if view.relevance.get(f.key, True) and is_empty(view.values.get(f.key)))
    )
    if status == "submitted":
        state = "submitted"
    elif empty and not view.refusals:
        state = "none_this_period" if confirmed else "empty"
    elif errors:
        state = "has_errors"
    elif missing:
        state = "in_progress"
    elif unexplained or questions:
        state = "needs_explanation"  # a 说明, or a reply to the bureau's question
    else:
        state = "complete"
    return CategoryProgress(
        key, state, len(errors), len(warnings), unexplained, missing,
        unprintable=sum(1 for i in errors if i.code == "unprintable"), refused=len(view.refusals), empty=empty,
        empty_confirmed=confirmed, blank_fields=blank, applies=view.applies, questions=questions,
    )  # fmt: skip


def period_progress(context: EditContext, period: str) -> PeriodProgress:
    """Every category of the period, as the window shows them; remembered, so the next edit's
    Changes name only what moved."""
    period = context.period_of(period)
    shown = _Shown()
    for category in context.pack.categories_for(Period.parse(period).kind):
        shown.views[category.key] = category_view(context, category.key, period)
        shown.progress[category.key] = category_progress(context, category.key, period)
    context.memo[("shown", period)] = shown
    return PeriodProgress(period, dict(shown.progress))


def changes(
    context: EditContext,
    op: str,
    period: str,
    touched: Iterable[ReportKey],
    edit: EditResult | None = None,
    refused: str = "",
    row: str | None = None,
) -> Changes:
    """The answer to an edit of `touched` reports, for the window showing `period`."""
    period = context.period_of(period)
    before: _Shown | None = context.memo.get(("shown", period))
    touched = set(touched)
    edited = {key.category for key in touched}
    now = period_progress(context, period)
    shown: _Shown = context.memo[("shown", period)]
    views = {key: view for key, view in shown.views.items()
             if key in edited or before is None or before.views.get(key) != view}  # fmt: skip
    states = {key: progress for key, progress in now.categories.items()
              if before is None or before.progress.get(key) != progress}  # fmt: skip
    school_name = None
    if PROFILE_CATEGORY in edited:
        profile = shown.views.get(PROFILE_CATEGORY)
        school_name = str((profile.values if profile else {}).get("school_name") or "")
    return Changes(op, period, views, states, now.left, edit=edit, refused=refused, row=row,
                   school_name=school_name)  # fmt: skip


def blank_labels(context: EditContext, progress: CategoryProgress, lang: str = "zh") -> list[str]:
    """The labels of a category's blank fields, for the 上报 dialog."""
    category = context.category(progress.category)
    return [category.field(key).label.get(lang) for key in progress.blank_fields]
