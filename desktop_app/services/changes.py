"""What an edit answers with: the values it wrote, and what changed because of it (as Anki's OpChanges).

One edit, one answer. `Changes` is built from one cached read of the period: the edited category's
view (values, derived values, which fields apply, its issues, the text refused), the view of every
other category the edit changed, the state of every category whose state moved, and how much is left
before 上报. The window applies it to the form, the category list, the problems panel and the overview;
none of them reads the data again.

`CategoryProgress` is the one truth about what is left of a category: the overview's columns, the
list's state, the problems panel and the 上报 dialog all show it, so they cannot disagree.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass

from desktop_app.domain.messages import Problem
from desktop_app.domain.pack import PROFILE_CATEGORY, Severity
from desktop_app.domain.text import Text
from desktop_app.domain.validation import Issue
from desktop_app.domain.values import Value

STATE_LABELS: dict[str, Text] = {
    "empty": Text("未填", "Not started"),
    "in_progress": Text("填写中", "In progress"),
    "has_errors": Text("有错误", "Has errors"),
    "needs_explanation": Text("待说明", "Needs explanation"),
    "complete": Text("已完成", "Complete"),
    "none_this_period": Text("本期无此项", "None this period"),
    "submitted": Text("已提交", "Submitted"),
}

EMPTY_CONFIRMED = "__empty_confirmed__"  # the 说明-like answer "本期无此项" of an empty category


@dataclass(frozen=True, slots=True)
class EditResult:
    """The value one edit wrote (a field, a cell, or a whole table)."""

    category: str
    field: str
    period: str
    old: Value
    new: Value
    row: str | None = None  # the row's stable id, for table cells and row operations
    column: str | None = None
    problems: list[Problem] = dataclasses.field(default_factory=list)  # field checks that failed (saved anyway)


@dataclass(frozen=True, slots=True)
class Refusal:
    """Text the service refused (nothing was saved), kept until the clerk types something it accepts:
    it is shown in its field and counts as an error, so 上报 never freezes the old value unnoticed."""

    category: str
    field: str
    text: str  # what was typed
    message: Text  # why it was refused
    row: int | None = None  # 0-based, for a table cell
    column: str | None = None

    def issue(self) -> Issue:
        where = self.field if self.column is None else f"{self.field}.{self.column}"
        return Issue(f"refused:{where}", Severity.ERROR, self.category, self.field, self.message, code="refused",
                     row=self.row, column=self.column)  # fmt: skip


@dataclass(frozen=True, slots=True)
class CategoryProgress:
    """What is left of one category in one period: the counts every part of the window shows."""

    category: str
    key: str  # one of STATE_LABELS
    errors: int = 0  # errors other than empty required fields (refused text and unprintable text included)
    warnings: int = 0  # every warning
    unexplained: int = 0  # warnings without their 说明
    missing_required: int = 0
    unprintable: int = 0  # text the PDF would print as a blank gap (counted in errors)
    refused: int = 0  # text typed but refused, still in its field (counted in errors)
    empty: bool = True  # no value at all
    empty_confirmed: bool = False  # the clerk answered 本期无此项
    blank_fields: tuple[str, ...] = ()  # relevant fields left empty in a category that is not empty
    applies: bool = True  # to this school type
    questions: int = 0  # the bureau's questions (退回修改意见) not yet answered

    @property
    def left(self) -> int:
        """How many things stop 上报: errors, empty required fields, warnings without a 说明, and the
        bureau's questions not yet answered."""
        if self.key == "submitted":
            return 0
        return self.errors + self.missing_required + self.unexplained + self.questions

    @property
    def needs_confirmation(self) -> bool:
        """An empty category the clerk has not yet said has nothing this period."""
        return self.applies and self.empty and not self.empty_confirmed and self.key != "submitted"

    def text(self, lang: str = "zh") -> str:
        return STATE_LABELS[self.key].get(lang)


CategoryState = CategoryProgress  # the name the CLI and the tests know


@dataclass(frozen=True, slots=True)
class CategoryView:
    """What a category's form shows: its values, derived values, which fields apply, its issues (refused
    text first), the refused text itself and the 说明 given."""

    category: str
    period: str
    values: Mapping[str, Value]
    derived: Mapping[str, Value]
    relevance: Mapping[str, bool]
    issues: tuple[Issue, ...]
    explanations: Mapping[str, str]
    refusals: tuple[Refusal, ...] = ()
    applies: bool = True


@dataclass(frozen=True, slots=True)
class PeriodProgress:
    """Every category's progress in a period, in the pack's order, and what is left in all."""

    period: str
    categories: Mapping[str, CategoryProgress]

    @property
    def left(self) -> int:
        return sum(progress.left for progress in self.categories.values())

    @property
    def to_confirm(self) -> list[str]:
        """The empty categories still to be confirmed as 本期无此项 before 上报."""
        return [
            key for key, progress in self.categories.items() if progress.needs_confirmation and key != PROFILE_CATEGORY
        ]


@dataclass(frozen=True, slots=True)
class Changes:
    """One edit's answer. `refused` is the refusal's text when nothing was written (the views still
    say so: refused text is listed with the category's problems)."""

    op: str  # text | value | add_row | remove_row | move_row | explanation | confirm_empty | undo | redo
    period: str
    views: Mapping[str, CategoryView]  # the categories whose view this edit changed (the edited one always)
    states: Mapping[str, CategoryProgress]  # the categories whose progress moved
    left: int  # what stops 上报 in the period now
    edit: EditResult | None = None  # what a text or value edit wrote
    refused: str = ""
    row: str | None = None  # a row the edit added (its stable id)
    school_name: str | None = None  # the profile changed: the school's name as it is now

    @property
    def ok(self) -> bool:
        return not self.refused

    @property
    def touched(self) -> frozenset[str]:
        return frozenset(self.views)
