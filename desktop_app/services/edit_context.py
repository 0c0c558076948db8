"""What every edit and every check shares: the store, the pack, the undo stack, the writable check.

`ReportingService` is one of these with the public API on top; the modules that carry out edits and
checks (editing, tables, progress, answers, lifecycle) take an `EditContext` and never the service, so
the services tier has no import cycle.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, Self

from desktop_app.domain.pack import Category, Field, FormPack, PeriodKind
from desktop_app.domain.periods import Period, PeriodKeyError
from desktop_app.services import period_data as data
from desktop_app.services.refusals import EditRefused
from desktop_app.services.refused_text import RefusedText
from desktop_app.services.undo import UndoStack

if TYPE_CHECKING:
    from desktop_app.services.packs import PackShelf
    from desktop_app.storage.store import ReportKey, Store

RowRef = int | str  # a 0-based index, or a row's stable id


class EditContext:
    def __init__(self, store: Store, pack: FormPack, lang: str = "zh") -> None:
        self.store = store
        self.pack = pack
        self.lang = lang
        self.undo_stack = UndoStack()
        # Whether the PDF prints a character: this machine's fonts unless injected (tests, another machine).
        self.printable: Callable[[str], bool] | None = None
        self.refused = RefusedText()  # text typed but refused, still in its field (this session)
        # What the last answer said of each period (services.answers), so an edit's Changes name what moved.
        self.memo: dict[Any, Any] = {}
        self.shelf: PackShelf | None = None  # the installed packs: earlier years open under their own
        self.assigned: set[str] = set()  # periods whose pack is known to be recorded
        self._siblings: dict[str, Self] = {}

    # form packs per period -------------------------------------------------------------------

    def for_period(self, period: str | None) -> Self:
        """The context for a period kept under another pack version (an earlier year), sharing this
        database; this one itself for its own pack's periods."""
        from desktop_app.services.pack_years import pack_for

        pack = pack_for(self, period)
        if pack is self.pack or (pack.id, pack.version) == (self.pack.id, self.pack.version):
            return self
        sibling = self._siblings.get(pack.version)
        if sibling is None:
            sibling = self._siblings[pack.version] = type(self)(self.store, pack, self.lang)
            sibling.shelf, sibling.printable = self.shelf, self.printable
        return sibling

    @contextlib.contextmanager
    def changing(self, category: Category, field: str, key: ReportKey) -> Iterator[None]:
        """Around a change of a field: a carried mark on it goes in the same transaction."""
        from desktop_app.storage import pack_periods

        if (category.key, field) not in pack_periods.marks(self.store, key.period):
            yield
            return
        with self.store.write(key):
            yield
            pack_periods.clear(self.store, key, [field])

    # look-ups --------------------------------------------------------------------------------

    def category(self, key: str) -> Category:
        if not self.pack.has_category(key):
            raise EditRefused("unknown_category", key=key)
        return self.pack.category(key)

    def field(self, category: Category, key: str) -> Field:
        if not category.has_field(key):
            raise EditRefused("unknown_field", category=category.label.zh, key=key)
        return category.field(key)

    def period_key(self, category: Category | None, period: str | None) -> str:
        """The period a category's values live in ("" for the profile); refuses a wrong kind."""
        if category is not None and category.period_kind is PeriodKind.PROFILE:
            return ""
        key = period or self.default_period_for(category)
        try:
            kind = Period.parse(key).kind
        except PeriodKeyError:
            raise EditRefused("unknown_period", key=key) from None
        if category is not None and category.period_kind is not kind:
            expected = "学年学期" if category.period_kind is PeriodKind.SEMESTER else "年度"
            raise EditRefused("wrong_period_kind", category=category.label.zh, expected=expected, period=key)
        return key

    def default_period_for(self, category: Category | None) -> str:
        """The pack's period of the category's kind (the annual one when no category is given)."""
        if category is not None:
            for spec in self.pack.periods:
                if spec.kind is category.period_kind:
                    return spec.key
        return self.pack.default_period.key

    def period_of(self, period: str | None) -> str:
        """A period key checked (the pack's annual period when none is given)."""
        return self.period_key(None, period)

    # editing ---------------------------------------------------------------------------------

    def writable(self, category: Category, period: str | None) -> tuple[ReportKey, str]:
        """The report key of an edit, refusing a submitted report."""
        period_key = self.period_key(category, period)
        key = data.report_key(category, period_key)
        if self.store.report_status(key)[0] == "submitted":
            raise EditRefused("report_submitted", category=category.label.zh, period=period_key)
        if key.period and key.period not in self.assigned:
            from desktop_app.services.pack_years import record

            record(self, key.period, category.period_kind.value)
        return key, category.period_kind.value

    def resolve_row(self, category: Category, target: Field, period: str, row: RowRef) -> str:
        uids = data.row_ids(self.store, category, period, target.key)
        if isinstance(row, str) and row in uids:
            return row
        if isinstance(row, int) and 0 <= row < len(uids):
            return uids[row]
        shown = row + 1 if isinstance(row, int) else row
        raise EditRefused("unknown_row", label=target.label.zh, row=shown, count=len(uids))

    def is_new_row(self, category: Category, target: Field, period: str, row: RowRef) -> bool:
        return isinstance(row, int) and row == len(data.row_ids(self.store, category, period, target.key))

    # checking --------------------------------------------------------------------------------

    def print_check(self) -> Callable[[str], bool]:
        """The font data validation checks text against, so that 上报 never prints a blank gap."""
        if self.printable is None:
            from desktop_app.exporters.pdf.fonts import font_set

            self.printable = font_set().prints
        return self.printable
