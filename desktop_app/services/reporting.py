"""ReportingService: the one path every edit takes, from the command line and the window alike.

parse → check → store (committed at once) → audit → undo stack, carried out by services.editing and
services.tables over the shared `EditContext`; reading, checking and progress are here too, so that the
GUI and the CLI can never disagree about what was saved or what is wrong. The window's edits go through
`apply` (services.operations), which answers each with one `Changes` (services.changes); the service
implements `ReportingPort` (services.port), the window's only door to the data.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from desktop_app.domain.pack import FormPack
from desktop_app.domain.values import Value
from desktop_app.services import editing, tables
from desktop_app.services import period_data as data
from desktop_app.services.changes import EditResult
from desktop_app.services.edit_context import EditContext, RowRef
from desktop_app.services.undo import Step

if TYPE_CHECKING:
    from datetime import date

    from desktop_app.domain.pack import Category
    from desktop_app.domain.submission import Submission
    from desktop_app.domain.validation import Issue
    from desktop_app.services.carry import CarryResult
    from desktop_app.services.changes import CategoryProgress, CategoryView, Changes, PeriodProgress
    from desktop_app.services.edits import Edit
    from desktop_app.services.lifecycle import PeriodState
    from desktop_app.services.packs import PackShelf
    from desktop_app.services.schedule import PeriodDue
    from desktop_app.storage.store import AuditRecord, Store

__all__ = ["EditResult", "ReportingService", "RowRef"]


class ReportingService(EditContext):
    def __init__(self, store: Store, pack: FormPack, lang: str = "zh") -> None:
        super().__init__(store, pack, lang)

    @classmethod
    def open(
        cls,
        db: str | Path | None = None,
        pack: FormPack | None = None,
        lang: str = "zh",
        read_only: bool = False,
        shelf: PackShelf | None = None,
    ) -> ReportingService:
        """The service over a database; `read_only`: a file in a read-only place (view and export only)."""
        from desktop_app.storage.database import open_database, open_read_only
        from desktop_app.storage.store import Store

        if pack is None:  # the shipped pack, parsed once and then read from its cache
            from desktop_app.services.pack_cache import load_pack_cached

            pack = load_pack_cached()
        if db is None:
            from desktop_app.services.settings import default_database_path

            database = open_database(default_database_path(), create_folder=True)
        elif read_only:
            database = open_read_only(Path(db))
        else:
            database = open_database(db)
        store = Store(database)
        try:
            if not read_only and store.meta("pack") != f"{pack.id} {pack.version}":
                store.set_meta("pack", f"{pack.id} {pack.version}")
            store.end_read()
        except BaseException as error:
            store.close()
            from sqlalchemy.exc import OperationalError

            if isinstance(error, OperationalError) and database.path is not None:
                # SQLite could not open it (a full disk stops the -shm file): said, never called damage
                from desktop_app.storage.errors import open_failure

                raise open_failure(database.path, str(error.orig)) from error
            raise
        service = cls(store, pack, lang)
        service.shelf = shelf
        return service

    def close(self) -> None:
        self.store.close()

    # form packs per period -------------------------------------------------------------------

    def start_period(self, period: str | None = None) -> CarryResult | None:
        """A new period's first opening: last year's carried values filled in and marked (once)."""
        from desktop_app.services.carry import start_period

        return start_period(self, self.period_of(period))

    def carried(self, category: str, period: str | None = None) -> list[str]:
        """The fields of the category still marked 上年数据，请核对."""
        from desktop_app.services.carried_marks import marks

        target = self.category(category)
        key = data.report_key(target, self.period_key(target, period))
        return [field for (owner, field) in marks(self, key.period) if owner == target.key]

    def confirm_carried(self, category: str, period: str | None = None, fields: list[str] | None = None) -> list[str]:
        """The clerk has checked carried values: their marks go (with an audit entry each)."""
        from desktop_app.services.carry import confirm

        return confirm(self, category, period, fields)

    # reading ---------------------------------------------------------------------------------

    def profile(self) -> dict[str, Value]:
        return data.category_values(self.store, self.pack, self.pack.profile, "")

    def school_type(self) -> str | None:
        value = self.profile().get("school_type")
        return value if isinstance(value, str) else None

    def values(self, category: str, period: str | None = None) -> dict[str, Value]:
        target = self.category(category)
        return data.category_values(self.store, self.pack, target, self.period_key(target, period))

    def period_values(self, period: str | None = None) -> dict[str, dict[str, Value]]:
        return data.period_values(self.store, self.pack, self.period_of(period))

    def derived(self, category: str, period: str | None = None) -> dict[str, Value]:
        from desktop_app.domain.evaluation import compute_derived

        target = self.category(category)
        key = self.period_key(target, period) or self.pack.default_period.key  # the profile: any period
        values = data.period_values(self.store, self.pack, key)
        from desktop_app.services.pack_years import previous_values

        return compute_derived(self.pack, target.key, values, previous_values(self, key))

    def row_ids(self, category: str, table_field: str, period: str | None = None) -> list[str]:
        target = self.category(category)
        return data.row_ids(self.store, target, self.period_key(target, period), table_field)

    def explanations(self, category: str, period: str | None = None) -> dict[str, str]:
        target = self.category(category)
        return self.store.explanations(data.report_key(target, self.period_key(target, period)))

    def periods(self) -> list[str]:
        return self.store.periods()

    def audit(self, category: str, period: str | None = None) -> list[AuditRecord]:
        target = self.category(category)
        return self.store.audit(data.report_key(target, self.period_key(target, period)))

    def period_state(self, period: str | None = None) -> PeriodState:
        """草稿 or 已上报, and the revision, of a whole period."""
        from desktop_app.services.lifecycle import state

        return state(self, period)

    def due_periods(self, on: date | None = None) -> list[PeriodDue]:
        """The pack's periods with their deadlines and states."""
        from desktop_app.services.schedule import due_periods

        return due_periods(self, on)

    def period_for(self, category: Category) -> str:
        """The period a category of another kind is reported in now (to switch to it)."""
        from desktop_app.services.schedule import period_for

        return period_for(self, category)

    def status(self, category: str, period: str | None = None) -> tuple[str, int]:
        """(status, revision) of a report: ("draft", 1) when nothing was saved yet."""
        target = self.category(category)
        state = self.store.report_state(data.report_key(target, self.period_key(target, period)))
        return (state[0], state[1]) if state else ("draft", 1)

    # editing (the command line's path; the window's is `apply`) ------------------------------

    def set_text(
        self,
        category: str,
        field: str,
        text: str,
        period: str | None = None,
        row: RowRef | None = None,
        column: str | None = None,
        strict: bool = False,
        source: str = "gui",
    ) -> EditResult:
        """Parse what was typed and save it; refuses unparseable text (and, if strict, failed checks)."""
        return editing.set_text(self, category, field, text, period, row, column, strict, source)

    def set_value(
        self,
        category: str,
        field: str,
        value: Value,
        period: str | None = None,
        row: RowRef | None = None,
        column: str | None = None,
        strict: bool = False,
        source: str = "gui",
    ) -> EditResult:
        """Save an already-typed value (a whole table: a list of row dicts, replacing every row)."""
        return editing.set_value(self, category, field, value, period, row, column, strict, source)

    def add_row(
        self,
        category: str,
        table_field: str,
        period: str | None = None,
        values: dict[str, Value] | None = None,
        position: int | None = None,
        source: str = "gui",
    ) -> str:
        return tables.add_row(self, category, table_field, period, values or {}, position, source)

    def remove_row(self, category: str, table_field: str, period: str | None, row: RowRef, source: str = "gui") -> None:
        tables.remove_row(self, category, table_field, period, row, source)

    def move_row(
        self, category: str, table_field: str, period: str | None, row: RowRef, position: int, source: str = "gui"
    ) -> None:
        tables.move_row(self, category, table_field, period, row, position, source)

    def set_explanation(
        self, category: str, rule_id: str, text: str, period: str | None = None, source: str = "gui"
    ) -> None:
        editing.set_explanation(self, category, rule_id, text, period, source)

    def record_attachment(self, content: bytes) -> str:
        from desktop_app.services.attachments import record

        return record(self.store, content)

    def attachments(self, digests: set[str]) -> dict[str, bytes]:
        """The stored photos with these content hashes (missing ones are left out)."""
        from desktop_app.services.attachments import fetch

        return fetch(self.store, digests)

    def undo(self) -> list[Step]:
        from desktop_app.services.operations import undo

        return undo(self)

    def redo(self) -> list[Step]:
        from desktop_app.services.operations import redo

        return redo(self)

    # the window's edits, each answered with what changed ------------------------------------------

    def apply(self, op: Edit, period: str) -> Changes:
        """Carry out one edit of the window in `period`; the answer names what changed (never raises
        for a refusal: `Changes.refused` says why nothing was written)."""
        from desktop_app.services.operations import apply

        return apply(self, op, period)

    def view(self, category: str, period: str) -> CategoryView:
        """What a category's form shows in the period (values, derived values, relevance, issues)."""
        from desktop_app.services.answers import category_view

        return category_view(self, category, period)

    def progress(self, period: str) -> PeriodProgress:
        """Every category's progress in the period: the one count of what is left before 上报."""
        from desktop_app.services.answers import period_progress

        return period_progress(self, period)

    # checking --------------------------------------------------------------------------------

    def validate(
        self, period: str | None = None, category: str | None = None, for_submission: bool = False
    ) -> list[Issue]:
        from desktop_app.services.progress import validate

        return validate(self, self.period_of(period), category, for_submission)

    def prepare_checks(self) -> None:
        """Load ahead what checking needs (the coverage of the fonts the PDF prints with): slow once
        per process, so the window does it on a worker; it does not touch the database."""
        self.print_check()("中")

    def category_state(self, category: str, period: str | None = None) -> CategoryProgress:
        from desktop_app.services.answers import category_progress, check_period

        self.print_check()  # the state counts text the PDF would print as a gap, as 上报 does
        return category_progress(self, category, check_period(self, self.category(category), period or ""))

    def build_submission(self, period: str | None = None) -> Submission:
        from desktop_app.services.progress import build_submission

        return build_submission(self, self.period_of(period))
