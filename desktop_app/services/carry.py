"""Carry-over: a new period starts with last year's submitted values of the fields its pack marks
`carry: true` (staff counts, facilities, registers of things that persist), each marked 上年数据，请核对
until the clerk confirms or changes it.

The source is the last submitted revision of the period before (of the same kind; not while it is reopened
for correction), read under the pack
it was submitted with and brought into this pack's terms through the declared changes. A field the
clerk has already filled is left alone. It runs once per period, when the period is first opened after
the period before was submitted; the values go through the same path as typing (ReportingService), with
their own audit source, "carry".
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from desktop_app.domain.pack import PROFILE_CATEGORY, Category, Field
from desktop_app.domain.pack_translate import translate, translation_steps
from desktop_app.domain.periods import Period, PeriodKeyError, previous
from desktop_app.domain.values import from_json, is_empty, to_json
from desktop_app.services import period_data as data
from desktop_app.services import submissions as snaps
from desktop_app.services.carried_marks import MARK_TEXT, issues, marks

__all__ = ["MARK_TEXT", "CarryResult", "confirm", "issues", "marks", "start_period"]
from desktop_app.services.undo import UndoStack
from desktop_app.storage import pack_periods
from desktop_app.storage.models import Meta

if TYPE_CHECKING:
    from desktop_app.services.edit_context import EditContext

DONE_KEY = "carried-from:"


@dataclass(frozen=True, slots=True)
class CarryResult:
    period: str
    source_period: str
    revision: int
    fields: list[tuple[str, str]]  # (category, field) filled


def carried_fields(service: EditContext, period: str) -> list[tuple[Category, Field]]:
    kind = Period.parse(period).kind
    return [(category, item) for category in service.pack.categories_for(kind)
            if category.key != PROFILE_CATEGORY for item in category.input_fields if item.carry]  # fmt: skip


def start_period(service: EditContext, period: str) -> CarryResult | None:
    """Fill the period's carried fields from last year's submission, once; None when there is nothing to do."""
    if service.store.database.read_only or not any(spec.key == period for spec in service.pack.periods):
        return None
    wanted = carried_fields(service, period)
    if not wanted or service.store.meta(DONE_KEY + period) is not None:
        return None
    try:
        source_period = previous(period)
    except PeriodKeyError:
        return None
    from desktop_app.services.editing import set_value
    from desktop_app.services.lifecycle import state

    records = snaps.snapshots(service.store, source_period)
    if not records or not state(service, source_period).submitted:
        return None  # not submitted yet (or reopened to be corrected): tried again at the next opening
    record = records[-1]
    values = _values_in_terms(service, record.document)
    current = data.period_values(service.store, service.pack, period)
    filled: list[tuple[str, str]] = []
    saved, service.undo_stack = service.undo_stack, UndoStack()  # carried values are not the clerk's edits
    try:
        with service.store.write() as session:
            for category, item in wanted:
                value = values.get(category.key, {}).get(item.key)
                if value in (None, []) or not is_empty(current.get(category.key, {}).get(item.key)):
                    continue
                set_value(service, category.key, item.key, from_json(item, value, service.pack), period, None,
                          None, False, "carry")  # fmt: skip
                key = data.report_key(category, period)
                pack_periods.mark(service.store, session, key, category.period_kind.value, item.key, source_period,
                                  record.revision)  # fmt: skip
                filled.append((category.key, item.key))
            done = {"period": source_period, "revision": record.revision, "fields": len(filled)}
            session.merge(Meta(key=DONE_KEY + period, value=json.dumps(done)))
    finally:
        service.undo_stack = saved
    return CarryResult(period, source_period, record.revision, filled)


def _values_in_terms(service: EditContext, document: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The submitted values (JSON) in the terms of the service's pack."""
    values = document.get("values") or {}
    version = str(document.get("pack_version") or "")
    if version == service.pack.version:
        return {c: dict(f) for c, f in values.items()}
    packs = service.shelf.by_version() if service.shelf is not None else {}
    return translate(values, translation_steps(service.pack, version, packs))


def confirm(service: EditContext, category: str, period: str | None, fields: list[str] | None = None) -> list[str]:
    """The clerk has checked these carried values (every one of the category when `fields` is None)."""
    from desktop_app.storage import writes

    target = service.category(category)
    key, kind = service.writable(target, period)
    pending = [f for (c, f) in marks(service, key.period) if c == target.key]
    chosen = [f for f in pending if fields is None or f in fields]
    if not chosen:
        return []
    with service.store.write():
        pack_periods.clear(service.store, key, chosen)
        current = data.category_values(service.store, service.pack, target, key.period)
        for name in chosen:
            value = to_json(target.field(name), current.get(name))
            writes.audit_note(service.store, key, kind, name, value, source="confirm")
    return chosen
