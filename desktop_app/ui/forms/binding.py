"""The form engine's only door to the data: a thin adapter over the service's `ReportingPort`.

Widgets never parse, validate or decide relevance; they hand text to `FormSession` and show what
comes back: every edit answers with one `Changes` (services.changes), which the workspace applies to
the form, the category list, the problems panel and the overview.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from desktop_app.domain.pack import PROFILE_CATEGORY, Category, FormPack, PeriodKind
from desktop_app.domain.periods import Period
from desktop_app.services.changes import CategoryView, Changes, PeriodProgress
from desktop_app.services.edits import (
    AddRow,
    ConfirmCarried,
    ConfirmEmpty,
    Edit,
    Explain,
    MoveRow,
    Redo,
    RemoveRow,
    SetText,
    Undo,
)
from desktop_app.services.port import ReportingPort
from desktop_app.ui.i18n import tr_in

if TYPE_CHECKING:
    from desktop_app.services.schedule import PeriodDue


class IssueLike(Protocol):
    # Read-only members: the domain's Issue fits.
    @property
    def rule_id(self) -> str: ...
    @property
    def severity(self) -> Any: ...
    @property
    def category(self) -> str: ...
    @property
    def field(self) -> str | None: ...
    @property
    def row(self) -> int | None: ...
    @property
    def code(self) -> str: ...

    def text(self, lang: str = "zh") -> str: ...


@dataclass(frozen=True, slots=True)
class Note:
    """A choice refused before it reached the service (a photo file that is not a photo): said beside
    the field and in the problems list until the next edit there; nothing changed, so nothing is left."""

    category: str
    field: str | None
    row: int | None
    message: str
    rule_id: str = ""
    severity: str = "error"
    code: str = "note"

    def text(self, lang: str = "zh") -> str:
        return self.message


PAST, SUBMITTED = "past", "submitted"


@dataclass(frozen=True, slots=True)
class Lock:
    """Why a period is read-only ("" when it is not)."""

    reason: str = ""  # PAST | SUBMITTED | ""
    revision: int = 0


def severity_of(issue: IssueLike) -> str:
    return str(getattr(issue.severity, "value", issue.severity))


class FormSession:
    """One open data file seen by the window: the service, the period and the display language."""

    def __init__(self, service: ReportingPort, period: str, lang: str = "zh") -> None:
        self.root = service  # the active pack's service: which periods exist
        # A period kept under another pack version (an earlier year) is shown under its own pack.
        self.service: ReportingPort = service.for_period(period)
        self.pack: FormPack = self.service.pack
        self.period = period
        self.reporting_period = self._reporting_period()  # the key parsed once, with the pack's deadline
        self.lang = lang
        self.last_refusal = ""
        self.left: int | None = None  # what stops 上报, as the last answer said
        # True while a worker uses the service's connection (上报): edits are refused meanwhile.
        self.paused = False

    # --- reading -------------------------------------------------------------------------------
    def view(self, category: str) -> CategoryView:
        """What the category's form shows now (from the service's cached read)."""
        return self.service.view(category, self.period)

    def progress(self) -> PeriodProgress:
        """Every category's progress in this period (the list, the overview, 还差 N 项)."""
        found = self.service.progress(self.period)
        self.left = found.left
        return found

    def values(self, category: str) -> dict[str, Any]:
        return dict(self.view(category).values)

    def periods(self) -> list[str]:
        """The periods in the database and the pack's own, in order."""
        keys = [key for key in self.service.periods() if key]
        for spec in (*self.root.pack.periods, *self.pack.periods):
            if spec.key not in keys:
                keys.append(spec.key)
        return sorted(keys)

    def lock(self) -> Lock:
        """Why this period cannot be edited: a past period, or a submitted one (and its revision)."""
        if self.period not in {spec.key for spec in self.pack.periods}:
            return Lock(PAST)
        state = self.service.period_state(self.period)
        return Lock(SUBMITTED, state.revision) if state.submitted else Lock()

    def is_read_only(self, category: str | None = None) -> bool:
        """Past periods and submitted ones are shown but not edited (reopen a submission to correct it).
        The school profile is shared by every period: a submission freezes a copy, never the profile."""
        lock = self.lock()
        if lock.reason == SUBMITTED and category == PROFILE_CATEGORY:
            return False
        return bool(lock.reason)

    def due_periods(self) -> list[PeriodDue]:
        """The pack's periods with their deadlines and states."""
        return self.service.due_periods()

    def other_categories(self) -> list[tuple[Category, str]]:
        """The year's categories reported in another kind of period, each with the period to switch to."""
        here = {c.key for c in self.categories()}
        return [(c, self.service.period_for(c)) for c in self.pack.categories if c.key not in here]

    def school_name(self) -> str:
        profile = self.service.profile()
        return str(profile.get("school_name") or profile.get("name") or "")

    def categories(self) -> list[Category]:
        """The categories of this period (the profile first), in the pack's order."""
        return list(self.pack.categories_for(self._period_kind()))

    def attachment(self, digest: str) -> bytes | None:
        """A photo's bytes by its hash (None if the data file lacks it)."""
        return self.service.attachments({digest}).get(digest)

    # --- writing: each edit answers with what changed ------------------------------------------
    def apply(self, op: Edit) -> Changes:
        if self.paused:  # the worker holds the data file: nothing is read or written
            self.last_refusal = tr_in("form.paused", self.lang)
            return Changes(_op_name(op), self.period, {}, {}, self.left or 0, refused=self.last_refusal)
        changes = self.service.apply(op, self.period)
        self.last_refusal = changes.refused
        self.left = changes.left
        return changes

    def set_text(
        self, category: str, field: str, text: str, row: int | None = None, column: str | None = None
    ) -> Changes:
        """Hand typed text to the service; a refusal comes back as its message (nothing saved)."""
        return self.apply(SetText(category, field, text, row, column))

    def record_attachment(self, content: bytes) -> str:
        """Store a photo's bytes (once); returns the hash an image cell holds."""
        return self.service.record_attachment(content)

    def add_row(self, category: str, field: str) -> Changes:
        return self.apply(AddRow(category, field))

    def remove_row(self, category: str, field: str, row: int) -> Changes:
        return self.apply(RemoveRow(category, field, row))

    def move_row(self, category: str, field: str, row: int, to: int) -> Changes:
        return self.apply(MoveRow(category, field, row, to))

    def confirm_carried(self, category: str, field: str) -> Changes:
        """The clerk checked a value filled from last year (上年数据，请核对): its mark goes."""
        return self.apply(ConfirmCarried(category, field))

    def set_explanation(self, category: str, rule_id: str, text: str) -> Changes:
        return self.apply(Explain(category, rule_id, text))

    def confirm_empty(self, category: str, confirmed: bool = True) -> Changes:
        """本期无此项: the clerk's answer for an empty category, asked once before 上报."""
        return self.apply(ConfirmEmpty(category, confirmed))

    def undo(self) -> Changes:
        """Undo the last edit in the database (`refused` says when there is nothing to undo)."""
        return self.apply(Undo())

    def redo(self) -> Changes:
        return self.apply(Redo())

    # --- helpers -------------------------------------------------------------------------------
    def _period_kind(self) -> PeriodKind:
        return self.reporting_period.kind

    def _reporting_period(self) -> Period:
        spec = next((spec for spec in self.pack.periods if spec.key == self.period), None)
        return Period.parse(self.period, spec.deadline if spec is not None else None)


def _op_name(op: Edit) -> str:
    from desktop_app.services.edits import OP_NAMES

    return OP_NAMES[type(op)]
