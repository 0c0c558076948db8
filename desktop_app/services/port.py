"""The part of the service the window uses, as a Protocol: `ReportingService` implements it, and the
window's `FormSession` (ui/forms/binding.py) holds it, so a reader and mypy can follow the seam.

Edits go in as typed operations (services.operations) and come back as one `Changes`; reads come back
as a category's view and the period's progress. Nothing here raises for a refused edit.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from desktop_app.domain.pack import FormPack
from desktop_app.domain.values import Value

if TYPE_CHECKING:
    from datetime import date

    from desktop_app.domain.pack import Category
    from desktop_app.services.changes import CategoryView, Changes, PeriodProgress
    from desktop_app.services.lifecycle import PeriodState
    from desktop_app.services.operations import Edit
    from desktop_app.services.schedule import PeriodDue


class ReportingPort(Protocol):
    pack: FormPack
    lang: str

    def for_period(self, period: str | None) -> ReportingPort: ...

    # edits, each answered with what changed
    def apply(self, op: Edit, period: str) -> Changes: ...
    def record_attachment(self, content: bytes) -> str: ...

    # what the window shows
    def view(self, category: str, period: str) -> CategoryView: ...
    def progress(self, period: str) -> PeriodProgress: ...
    def profile(self) -> dict[str, Value]: ...
    def values(self, category: str, period: str | None = None) -> dict[str, Value]: ...
    def derived(self, category: str, period: str | None = None) -> dict[str, Value]: ...
    def attachments(self, digests: set[str]) -> dict[str, bytes]: ...
    def periods(self) -> list[str]: ...
    def period_state(self, period: str | None = None) -> PeriodState: ...
    def due_periods(self, on: date | None = None) -> list[PeriodDue]: ...
    def period_for(self, category: Category) -> str: ...
    def prepare_checks(self) -> None: ...

