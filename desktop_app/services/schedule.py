"""The year's reporting calendar as the clerk sees it: every period of the pack with its deadline and
its state (submitted or not, overdue or not), and which period a category is reported in.

"Today" comes from `today()` (the environment variable SCHOOL_REPORT_TODAY=YYYY-MM-DD, for tests and
demonstrations, else the clock) or is passed in.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from desktop_app.domain.pack import Category, FormPack, PeriodKind
from desktop_app.domain.periods import PeriodKeyed, official_date
from desktop_app.domain.text import Text

if TYPE_CHECKING:
    from desktop_app.services.edit_context import EditContext

TODAY_ENV = "SCHOOL_REPORT_TODAY"

KIND_NAMES = {
    PeriodKind.ANNUAL: Text("按年度填报", "Reported yearly"),
    PeriodKind.SEMESTER: Text("按学期填报", "Reported per semester"),
}


def today() -> date:
    stated = os.environ.get(TODAY_ENV, "").strip()
    if stated:
        try:
            return date.fromisoformat(stated)
        except ValueError:
            pass
    return date.today()


@dataclass(frozen=True, slots=True)
class PeriodDue(PeriodKeyed):
    """One period of the pack: its deadline and where it stands on `today`."""

    period: str
    kind: PeriodKind
    deadline: date | None
    submitted: bool
    revision: int  # the submitted revision, or the one a draft will be submitted as
    today: date

    @property
    def days_left(self) -> int | None:
        return None if self.deadline is None else (self.deadline - self.today).days

    @property
    def overdue(self) -> bool:
        days = self.days_left
        return not self.submitted and days is not None and days < 0

    def label(self, lang: str = "zh") -> str:
        return self.reporting_period.name(lang)

    def deadline_text(self, lang: str = "zh") -> str:
        if self.deadline is None:
            return "未规定截止日期" if lang != "en" else "no deadline"
        shown = official_date(self.deadline) if lang != "en" else self.deadline.isoformat()
        return f"{shown}截止" if lang != "en" else f"due {shown}"

    def state_text(self, lang: str = "zh") -> str:
        """已上报（第1版） / 已逾期 5 天，尚未上报 / 还有 12 天 / 今天截止."""
        zh = lang != "en"
        if self.submitted:
            return f"已上报（第{self.revision}版）" if zh else f"submitted (revision {self.revision})"
        days = self.days_left
        if days is None:
            return "尚未上报" if zh else "not submitted"
        if days < 0:
            return f"已逾期 {-days} 天，尚未上报" if zh else f"overdue by {-days} days, not submitted"
        if days == 0:
            return "今天截止，尚未上报" if zh else "due today, not submitted"
        return f"还有 {days} 天，尚未上报" if zh else f"{days} days left, not submitted"


def due_periods(service: EditContext, on: date | None = None) -> list[PeriodDue]:
    """Every period of the pack, by deadline (those without one last)."""
    from desktop_app.services import lifecycle

    def state_of(period: str) -> tuple[bool, int]:
        state = lifecycle.state(service, period)
        return state.submitted, state.revision

    return dues(service.pack, state_of, on)


def dues(pack: FormPack, state_of: Callable[[str], tuple[bool, int]], on: date | None = None) -> list[PeriodDue]:
    """Every period of the pack with `state_of(period)` = (submitted, revision), by deadline (those
    without one last). The window's first look gives the states read from the file's summary."""
    day = on or today()
    found = []
    for spec in pack.periods:
        submitted, revision = state_of(spec.key)
        found.append(PeriodDue(spec.key, spec.kind, spec.deadline, submitted, revision, day))
    return sorted(found, key=lambda due: (due.deadline is None, due.deadline or day, due.period))


def period_for(service: EditContext, category: Category, on: date | None = None) -> str:
    """The period to show a category in: of its kind, the first still open by deadline, else the last."""
    return period_among(due_periods(service, on), category) or service.default_period_for(category)


def period_among(found: list[PeriodDue], category: Category) -> str | None:
    """Of the periods `found` of the category's kind, the first still open by deadline, else the last
    (None when there is none of its kind)."""
    of_kind = [due for due in found if due.kind is category.period_kind]
    if not of_kind:
        return None
    open_ones = [due for due in of_kind if not due.submitted]
    return (open_ones or of_kind)[0 if open_ones else -1].period


def kind_name(category: Category, lang: str = "zh") -> str:
    text = KIND_NAMES.get(category.period_kind)
    return text.get(lang) if text is not None else ""
