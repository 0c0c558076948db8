"""The values carried from last year and not yet checked (上年数据，请核对), as the problems list and
上报 see them: one warning each. Apart from services.carry, which fills them, so that checking a period
(services.progress) does not depend on carrying one over.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from desktop_app.domain.pack import FormPack, Severity
from desktop_app.domain.periods import Period
from desktop_app.domain.text import Text
from desktop_app.domain.validation import Issue
from desktop_app.storage import pack_periods

if TYPE_CHECKING:
    from desktop_app.storage.store import Store

MARK_TEXT = Text("上年数据，请核对", "Last year's value, please check")
ISSUE_TEXT = Text(
    "“{label}”为上年数据（{period}第{revision}版），请核对后确认或修改。",
    "“{label}” is last year's value ({period}, revision {revision}); check it, then confirm or change it.",
)


class _Place(Protocol):
    store: Store
    pack: FormPack


def marks(service: _Place, period: str) -> dict[tuple[str, str], pack_periods.CarriedMark]:
    """The carried values of the period the clerk has not yet checked."""
    return pack_periods.marks(service.store, period)


def issues(service: _Place, period: str) -> list[Issue]:
    """One warning per carried value still to check, for the problems list (and 上报's blockers)."""
    found = []
    pack = service.pack
    for (category_key, field_key), mark in sorted(marks(service, period).items()):
        if not pack.has_category(category_key) or not pack.category(category_key).has_field(field_key):
            continue
        item = pack.category(category_key).field(field_key)
        source = Period.parse(mark.from_period)
        message = Text(ISSUE_TEXT.format("zh", label=item.label.zh, period=source.name(), revision=mark.from_revision),
                       ISSUE_TEXT.format("en", label=item.label.get("en"), period=source.name("en"),
                                         revision=mark.from_revision))  # fmt: skip
        found.append(Issue(rule_id=f"{category_key}.{field_key}.carried", severity=Severity.WARNING,
                           category=category_key, field=field_key, message=message, code="carried"))  # fmt: skip
    return found
