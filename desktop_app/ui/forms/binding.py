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
    SCHOOL_TYPE_FIELD,
    Category,
    Field,
    FieldType,
    FormPack,
    PeriodKind,
)
from desktop_app.domain.values import Value


class IssueLike(Protocol):
    rule_id: str
    severity: Any
    category: str
    field: str | None
    row: int | None

    def text(self, lang: str = "zh") -> str: ...


class ReportingPort(Protocol):
    pack: FormPack

    def values(self, category: str, period: str) -> Mapping[str, Value]: ...
    def derived(self, category: str, period: str) -> Mapping[str, Value]: ...
    def set_text(self, category: str, field: str, text: str, period: str, **options: Any) -> Any: ...
    def validate(self, period: str, category: str | None = None) -> Sequence[IssueLike]: ...
    def undo(self) -> Any: ...
    def redo(self) -> Any: ...


@dataclass(frozen=True, slots=True)
class EditOutcome:
    """What one edit gave: the problem text if the text was refused (the saved value is kept)."""

    ok: bool
    message: str = ""


def severity_of(issue: IssueLike) -> str:
    return str(getattr(issue.severity, "value", issue.severity))


class FormSession:
    """One open data file seen by the window: the service, the period and the display language."""

    def __init__(self, service: Any, period: str, lang: str = "zh") -> None:
        self.service = service
        self.pack: FormPack = service.pack
        self.period = period
        self.lang = lang

    # --- reading -------------------------------------------------------------------------------
    def values(self, category: str) -> dict[str, Value]:
        return dict(self.service.values(category, self._period_for(category)))

    def derived(self, category: str) -> dict[str, Value]:
        return dict(self.service.derived(category, self._period_for(category)))

    def issues(self, category: str | None = None) -> list[IssueLike]:
        return list(self.service.validate(self.period, category=category))

    def state(self, category: str) -> str:
        state = self.service.category_state(category, self.period)
        return str(getattr(state, "value", state))

    def periods(self) -> list[str]:
        found = getattr(self.service, "periods", None)
        keys = list(found() if callable(found) else found or [])
        for spec in self.pack.periods:
            if spec.key not in keys:
                keys.append(spec.key)
        return keys

    def is_read_only(self) -> bool:
        """Past periods (not one of the pack's current periods) are shown but not edited."""
        current = {spec.key for spec in self.pack.periods}
        return self.period not in current

    def school_type(self) -> str | None:
        found = getattr(self.service, "school_type", None)
        if found is not None:
            return found() if callable(found) else found
        value = self.values(PROFILE_CATEGORY).get(SCHOOL_TYPE_FIELD)
        return None if value is None else str(value)

    def school_name(self) -> str:
        try:
            return str(self.values(self.pack.profile.key).get("name") or "")
        except (KeyError, AttributeError):
            return ""

    def categories(self) -> list[Category]:
        """The categories of this period (the profile first), in the pack's order."""
        kind = self._period_kind()
        return list(self.pack.categories_for(kind))

    def period_values(self, category: str, values: Mapping[str, Value]) -> dict[str, Mapping[str, Value]]:
        """What the domain's expressions see: this category's values and the school profile."""
        profile = PROFILE_CATEGORY
        found: dict[str, Mapping[str, Value]] = {category: values}
        if category != profile and self.pack.has_category(profile):
            found[profile] = self.values(profile)
        return found

    def is_relevant(self, category: Category, field: Field, values: Mapping[str, Value]) -> bool:
        from desktop_app.domain.evaluation import is_relevant

        return is_relevant(self.pack, category, field, self.period_values(category.key, values))

    def category_applies(self, category: Category) -> bool:
        from desktop_app.domain.evaluation import category_applies

        return category_applies(category, self.school_type())

    # --- writing -------------------------------------------------------------------------------
    def set_text(
        self, category: str, field: str, text: str, row: int | None = None, column: str | None = None
    ) -> EditOutcome:
        result = self.service.set_text(
            category, field, text, self._period_for(category), row=row, column=column, source="gui"
        )
        return _outcome(result, self.lang)

    def add_row(self, category: str, field: str) -> None:
        self.service.add_row(category, field, self._period_for(category))

    def remove_row(self, category: str, field: str, row: int) -> None:
        self.service.remove_row(category, field, row, self._period_for(category))

    def move_row(self, category: str, field: str, row: int, to: int) -> None:
        self.service.move_row(category, field, row, to, self._period_for(category))

    def set_explanation(self, category: str, rule_id: str, text: str) -> None:
        self.service.set_explanation(category, rule_id, text, self.period)

    def explanations(self, category: str) -> dict[str, str]:
        found = getattr(self.service, "explanations", None)
        return dict(found(category, self.period)) if callable(found) else {}

    def undo(self) -> bool:
        return bool(self.service.undo())

    def redo(self) -> bool:
        return bool(self.service.redo())

    # --- helpers -------------------------------------------------------------------------------
    def _period_kind(self) -> PeriodKind:
        for spec in self.pack.periods:
            if spec.key == self.period:
                return spec.kind
        from desktop_app.domain.periods import kind_of

        return kind_of(self.period)

    def _period_for(self, category: str) -> str:
        return self.period


def _outcome(result: Any, lang: str) -> EditOutcome:
    """Read an EditResult without depending on its exact class (ok/problem are the contract)."""
    if result is None:
        return EditOutcome(True)
    ok = getattr(result, "ok", True)
    problem = getattr(result, "problem", None)
    if problem is not None and hasattr(problem, "text"):
        return EditOutcome(False, problem.text(lang))
    message = getattr(result, "message", "")
    if callable(message):
        message = message(lang)
    return EditOutcome(bool(ok), str(message or ""))


def editable(field: Field) -> bool:
    return field.type not in (FieldType.DERIVED,)
