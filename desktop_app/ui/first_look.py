"""The first look: the window's first screen painted from the data file's summary while the service opens.

After the start-up's checks (the lock, the integrity check, a set-aside file answered, the daily
backup) the summary (`storage/summary.py`: the profile, the periods, every report's state) and the
pack give the school's name, the periods with their states and deadlines, and the categories: the
window lists them and paints the overview at once. Nothing can be changed meanwhile: no form opens
(a category chosen shows "正在打开数据文件…" and opens when the service is attached), the menu's edit
actions stay disabled, and any edit that reached this session would be refused with that message.
The same rules as the service's decide what is shown (`domain.submission.period_status`,
`services.schedule.dues`), from the summary's states instead of the store's.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from desktop_app.domain.messages import ValueProblem
from desktop_app.domain.pack import Category, FieldType, FormPack
from desktop_app.domain.submission import period_status, stamped_categories
from desktop_app.domain.values import Value, from_json
from desktop_app.services.changes import Changes
from desktop_app.storage.summary import FileSummary
from desktop_app.ui.forms.binding import PAST, SUBMITTED, FormSession, Lock, _op_name
from desktop_app.ui.i18n import tr_in

if TYPE_CHECKING:
    from desktop_app.services.edits import Edit
    from desktop_app.services.port import ReportingPort


class StillOpening(RuntimeError):
    """A change asked of the first look (the session refuses it before it gets here)."""


class SummaryReader:
    """What the first look reads in place of the service: the pack, the periods, the profile. It has
    the service's edit methods only to refuse them (FirstLook refuses every edit before calling one)."""

    def __init__(self, pack: FormPack, summary: FileSummary) -> None:
        self.pack = pack
        self.summary = summary

    def for_period(self, period: str) -> SummaryReader:
        return self  # the summary holds every period of the file

    def periods(self) -> list[str]:
        return list(self.summary.periods)

    def profile(self) -> dict[str, Value]:
        """The profile's scalar values, typed as the service types them (a value that no longer fits its
        field reads as empty)."""
        found: dict[str, Value] = {}
        for field in self.pack.profile.input_fields:
            if field.type is FieldType.TABLE:
                continue
            try:
                found[field.key] = from_json(field, self.summary.profile.get(field.key), self.pack)
            except ValueProblem:
                found[field.key] = None
        return found

    def _opening(self, *args: Any, **options: Any) -> Any:
        raise StillOpening(tr_in("first.opening", "en"))

    def school_type(self) -> str | None:
        value = self.profile().get("school_type")
        return value if isinstance(value, str) else None

    apply = record_attachment = _opening


class FirstLook(FormSession):
    """A period seen through the summary: read-only, until the service is attached."""

    def __init__(self, pack: FormPack, summary: FileSummary, period: str, lang: str = "zh") -> None:
        super().__init__(cast("ReportingPort", SummaryReader(pack, summary)), period, lang)
        self.summary = summary

    def for_period(self, period: str) -> FirstLook:
        return FirstLook(self.pack, self.summary, period, self.lang)

    def period_state(self, period: str) -> tuple[bool, int]:
        """(submitted, revision) of a period, as `services.lifecycle.state` gives it."""
        return period_status([self.summary.state(c.key, period) for c in stamped_categories(self.pack, period)])

    def lock(self) -> Lock:
        if self.period not in {spec.key for spec in self.pack.periods}:
            return Lock(PAST)
        submitted, revision = self.period_state(self.period)
        return Lock(SUBMITTED, revision) if submitted else Lock()

    def due_periods(self) -> list[Any]:
        from desktop_app.services.schedule import dues

        return dues(self.pack, self.period_state)

    def other_categories(self) -> list[tuple[Category, str]]:
        from desktop_app.services.schedule import period_among

        here = {c.key for c in self.categories()}
        found = self.due_periods()
        return [
            (c, period_among(found, c) or _default_period(self.pack, c))
            for c in self.pack.categories
            if c.key not in here
        ]

    def apply(self, op: Edit) -> Changes:
        """Every edit is refused until the service is attached (no form exists to make one meanwhile)."""
        self.last_refusal = tr_in("first.opening", self.lang)
        return Changes(_op_name(op), self.period, {}, {}, 0, refused=self.last_refusal)


def _default_period(pack: FormPack, category: Category) -> str:
    """The pack's period of the category's kind (as `ReportingService.default_period_for`)."""
    return next((spec.key for spec in pack.periods if spec.kind is category.period_kind), pack.default_period.key)
