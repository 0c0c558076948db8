"""The form engine's only door to the data: a thin adapter over ReportingService.

Widgets never parse, validate or decide relevance; they hand text to `FormSession` and show what
comes back. `ReportingPort` is the part of the service's API the UI uses, so a test double or the
real `desktop_app.services.reporting.ReportingService` fit the same slot.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from desktop_app.domain.pack import (
    PROFILE_CATEGORY,
    Category,
    FormPack,
    PeriodKind,
)
from desktop_app.domain.text import Text
from desktop_app.domain.values import Value


class IssueLike(Protocol):
    # Read-only members: the domain's Issue and the window's frozen RefusedIssue both fit.
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

    def text(self, lang: str = "zh") -> str: ...


class ReportingPort(Protocol):
    pack: FormPack

    def values(self, category: str, period: str | None = None) -> Mapping[str, Value]: ...
    def derived(self, category: str, period: str | None = None) -> Mapping[str, Value]: ...
    def set_text(self, category: str, field: str, text: str, period: str | None = None,
                 **options: Any) -> Any: ...
    def validate(self, period: str | None = None, category: str | None = None) -> Sequence[Any]: ...
    def undo(self) -> Any: ...
    def redo(self) -> Any: ...


@dataclass(frozen=True, slots=True)
class EditOutcome:
    """What one edit gave: the refusal's text if the service refused it (the saved value is kept)."""

    ok: bool
    message: str = ""


@dataclass(frozen=True, slots=True)
class RefusedIssue:
    """Text the service refused (nothing was saved): listed with the category's problems until the
    clerk types something it accepts, so a refusal is never missed when the field is scrolled away."""

    category: str
    field: str | None
    row: int | None
    message: str
    rule_id: str = ""
    severity: str = "error"

    def text(self, lang: str = "zh") -> str:
        return self.message


PAST, SUBMITTED = "past", "submitted"
PAUSED = Text("正在上报，请稍候再修改。", "Submitting; change it when that has finished.")


@dataclass(frozen=True, slots=True)
class Lock:
    """Why a period is read-only ("" when it is not)."""

    reason: str = ""  # PAST | SUBMITTED | ""
    revision: int = 0


def severity_of(issue: IssueLike) -> str:
    return str(getattr(issue.severity, "value", issue.severity))


def _refusal_text(refused: ValueError, lang: str) -> str:
    text = getattr(refused, "text", None)
    return str(text(lang)) if callable(text) else str(refused)


class FormSession:
    """One open data file seen by the window: the service, the period and the display language."""

    def __init__(self, service: Any, period: str, lang: str = "zh") -> None:
        self.root = service  # the active pack's service: which periods exist
        # A period kept under another pack version (an earlier year) is shown under its own pack.
        self.service = service.for_period(period) if hasattr(service, "for_period") else service
        self.pack: FormPack = self.service.pack
        self.period = period
        self.lang = lang
        self.last_refusal = ""
        # True while a worker uses the service's connection (上报): edits are refused meanwhile.
        self.paused = False

    # --- reading -------------------------------------------------------------------------------
    def values(self, category: str) -> dict[str, Value]:
        return dict(self.service.values(category, self.period))

    def derived(self, category: str) -> dict[str, Value]:
        return dict(self.service.derived(category, self.period))

    def issues(self, category: str | None = None) -> list[IssueLike]:
        return list(self.service.validate(self.period, category=category))

    def state(self, category: str) -> Any:
        """The service's CategoryState (state name and counts) of a category in this period."""
        return self.service.category_state(category, self.period)

    def explanations(self, category: str) -> dict[str, str]:
        return dict(self.service.explanations(category, self.period))

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
        if not hasattr(self.service, "store"):
            return Lock()
        from desktop_app.services import lifecycle

        state = lifecycle.state(self.service, self.period)
        return Lock(SUBMITTED, state.revision) if state.submitted else Lock()

    def is_read_only(self, category: str | None = None) -> bool:
        """Past periods and submitted ones are shown but not edited (reopen a submission to correct it).
        The school profile is shared by every period: a submission freezes a copy, never the profile."""
        lock = self.lock()
        if lock.reason == SUBMITTED and category == PROFILE_CATEGORY:
            return False
        return bool(lock.reason)

    def due_periods(self) -> list[Any]:
        """The pack's periods with their deadlines and states (services.schedule.PeriodDue)."""
        from desktop_app.services.schedule import due_periods

        return due_periods(self.service)

    def other_categories(self) -> list[tuple[Category, str]]:
        """The year's categories reported in another kind of period, each with the period to switch to."""
        from desktop_app.services.schedule import period_for

        here = {c.key for c in self.categories()}
        return [(c, period_for(self.service, c)) for c in self.pack.categories if c.key not in here]

    def school_type(self) -> str | None:
        return self.service.school_type()  # type: ignore[no-any-return]

    def school_name(self) -> str:
        profile = self.service.profile()
        return str(profile.get("school_name") or profile.get("name") or "")

    def categories(self) -> list[Category]:
        """The categories of this period (the profile first), in the pack's order."""
        return list(self.pack.categories_for(self._period_kind()))

    def period_values(
        self, category: str, values: Mapping[str, Value]
    ) -> dict[str, Mapping[str, Value]]:
        """What the domain's expressions see: this category's values and the school profile."""
        found: dict[str, Mapping[str, Value]] = {category: values}
        if category != PROFILE_CATEGORY:
            found[PROFILE_CATEGORY] = self.service.profile()
        return found

    def relevance(self, category: Category, values: Mapping[str, Value]) -> dict[str, bool]:
        """Which fields of the category apply now (school type, visible_when), by field key."""
        from desktop_app.domain.evaluation import is_relevant

        seen = self.period_values(category.key, values)  # read the profile once for all fields
        return {f.key: is_relevant(self.pack, category, f, seen) for f in category.fields}

    def category_applies(self, category: Category) -> bool:
        from desktop_app.domain.evaluation import category_applies

        return category_applies(category, self.school_type())

    def attachment(self, digest: str) -> bytes | None:
        """A photo's bytes by its hash (None if the data file lacks it)."""
        read = getattr(self.service, "attachments", None)
        if callable(read):  # the service's own read, when it has one
            return dict(read({digest})).get(digest)
        from desktop_app.services.attachments import fetch

        return fetch(self.service.store, {digest}).get(digest)

    # --- writing -------------------------------------------------------------------------------
    def set_text(
        self, category: str, field: str, text: str, row: int | None = None,
        column: str | None = None,
    ) -> EditOutcome:
        """Hand typed text to the service; a refusal comes back as its message (nothing saved)."""
        return self._guarded(
            self.service.set_text, category, field, text, self.period, row=row, column=column
        )

    def record_attachment(self, content: bytes) -> str:
        """Store a photo's bytes (once); returns the hash an image cell holds."""
        return str(self.service.record_attachment(content))

    def add_row(self, category: str, field: str) -> EditOutcome:
        return self._guarded(self.service.add_row, category, field, self.period)

    def remove_row(self, category: str, field: str, row: int) -> EditOutcome:
        return self._guarded(self.service.remove_row, category, field, self.period, row)

    def move_row(self, category: str, field: str, row: int, to: int) -> EditOutcome:
        return self._guarded(self.service.move_row, category, field, self.period, row, to)

    def carried(self, category: str) -> list[str]:
        """Fields of the category filled from last year and not yet checked (上年数据，请核对)."""
        read = getattr(self.service, "carried", None)
        return list(read(category, self.period)) if callable(read) else []

    def confirm_carried(self, category: str, field: str) -> EditOutcome:
        return self._guarded(self.service.confirm_carried, category, self.period, [field], with_source=False)

    def set_explanation(self, category: str, rule_id: str, text: str) -> EditOutcome:
        return self._guarded(self.service.set_explanation, category, rule_id, text, self.period)

    def undo(self) -> bool:
        """Undo the last edit in the database; False when there is nothing to undo."""
        return self._guarded(self.service.undo, with_source=False).ok

    def redo(self) -> bool:
        return self._guarded(self.service.redo, with_source=False).ok

    def _guarded(self, call: Any, *args: Any, with_source: bool = True, **options: Any) -> EditOutcome:
        if self.paused:
            self.last_refusal = PAUSED.get(self.lang)
            return EditOutcome(False, self.last_refusal)
        if with_source:
            options["source"] = "gui"
        from desktop_app.storage.errors import StorageError

        try:
            call(*args, **options)
        except ValueError as refused:  # EditRefused: nothing was written
            self.last_refusal = _refusal_text(refused, self.lang)
            return EditOutcome(False, self.last_refusal)
        except StorageError as fault:  # disk full, read-only file: the saved data is as it was
            from desktop_app.services.faults import clerk_text

            self.last_refusal = clerk_text(fault, self.lang)
            return EditOutcome(False, self.last_refusal)
        return EditOutcome(True)

    # --- helpers -------------------------------------------------------------------------------
    def _period_kind(self) -> PeriodKind:
        for spec in self.pack.periods:
            if spec.key == self.period:
                return spec.kind
        from desktop_app.domain.periods import kind_of

        return kind_of(self.period)
