"""A period's status (草稿 / 已提交) and revision: their one home, and this module their only writer and
the reader every other module asks.

The home is the period's report rows (reports.status, reports.revision; the schema is unchanged): 上报
and 退回修改 stamp every category of the period but the shared profile, in their one transaction
(`stamp`). A period is submitted when all those reports are; its revision is the highest stamped (a
report never saved is a draft of revision 1). What else holds a revision number is history, written
once and never read as the current state: snapshots.revision (the frozen document of each submitted
revision, services/submissions.py) and the Meta keys `snapshot:`, `reopen:` and `reopened:` (what the
files print beyond the values; each withdrawal). The revision a new submission gets is decided here
(`next_revision`), from the home and the history together.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from desktop_app.domain.pack import FormPack
from desktop_app.domain.submission import Status, stamped_categories
from desktop_app.domain.submission import period_status as status_of_reports
from desktop_app.services import period_data as data
from desktop_app.services import submissions as snaps

if TYPE_CHECKING:
    from desktop_app.storage.store import Store


def period_status(store: Store, pack: FormPack, period: str) -> tuple[Status, int]:
    """(status, revision) of the period: submitted when every stamped report is; the highest revision
    (the rules are the domain's, domain.submission.period_status, which the window's first look shares)."""
    states = [store.report_status(data.report_key(c, period)) for c in stamped_categories(pack, period)]
    submitted, revision = status_of_reports(states)
    return (Status.SUBMITTED if submitted else Status.DRAFT), revision


def next_revision(store: Store, pack: FormPack, period: str) -> int:
    """The revision the next 上报 of the period is: the draft's, and never one already frozen."""
    previous = snaps.snapshots(store, period)
    _status, revision = period_status(store, pack, period)
    return max(revision, previous[-1].revision + 1 if previous else 1)


def stamp(store: Store, pack: FormPack, period: str, status: Status, revision: int, old: Any, new: Any,
          source: str) -> None:  # fmt: skip
    """Stamp status and revision on every report of the period, each with its audit line (inside the
    caller's transaction: 上报 or 退回修改)."""
    for category in stamped_categories(pack, period):
        store.set_report_state(data.report_key(category, period), status.value, revision,
                               kind=category.period_kind.value)  # fmt: skip
        snaps.audit_state(store, category.key, period, revision, old, new, source)
