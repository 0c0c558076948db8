"""The JSON document of a school's values (`show --json`), which `load` reads back exactly.

`values` (category → field → JSON value) is kept as it always was; `by_period` holds every period's own
values (semester categories appear once per semester there), with the profile under the period "",
and `explanations` every 说明 by period. Computed fields are printed for reading and ignored by `load`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from desktop_app.domain.pack import PeriodKind
from desktop_app.domain.values import to_json

if TYPE_CHECKING:
    from desktop_app.domain.pack import Category
    from desktop_app.services.reporting import ReportingService

FORMAT = "school-report.values/1"


def build_document(service: ReportingService, selection: Sequence[tuple[str, Sequence[Category]]]) -> dict[str, Any]:
    """`selection`: (period, categories) pairs, as `show` chose them; the service of each period's pack."""
    values: dict[str, Any] = {}
    by_period: dict[str, dict[str, Any]] = {}
    notes: dict[str, dict[str, dict[str, str]]] = {}
    versions: dict[str, str] = {}
    for period, categories in selection:
        own = service.for_period(period)
        versions[period] = own.pack.version
        for category in categories:
            shown = own.values(category.key, period)
            shown.update(own.derived(category.key, period))
            document = {key: to_json(category.field(key), value) for key, value in shown.items()}
            values[category.key] = document
            key = "" if category.period_kind is PeriodKind.PROFILE else period
            by_period.setdefault(key, {})[category.key] = document
            written = own.explanations(category.key, period)
            if written:
                notes.setdefault(key, {})[category.key] = dict(sorted(written.items()))
    return {
        "format": FORMAT,
        "pack": service.pack.id,
        "pack_version": service.pack.version,
        "pack_versions": versions,  # the pack each period is kept under
        "periods": [period for period, _ in selection],
        "values": values,
        "by_period": by_period,
        "explanations": notes,
    }
