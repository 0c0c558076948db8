"""Which pack a period is kept under, and earlier periods read in this period's terms.

A period of the active pack is under the active pack. Any other period is under the pack recorded for
it when it was first used, else the newest installed pack that lists it, else the active pack. An
earlier period kept under another pack version is read through that version's declared changes
(renamed, moved, retired fields; mapped choices), so `prev()` compares like with like across a new year.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

from desktop_app.domain.pack import FormPack
from desktop_app.domain.pack_translate import translate, translation_steps
from desktop_app.domain.periods import PeriodKeyError, previous
from desktop_app.domain.values import from_json, to_json
from desktop_app.services import period_data as data
from desktop_app.storage import pack_periods

if TYPE_CHECKING:
    from desktop_app.domain.evaluation import PeriodValues
    from desktop_app.services.packs import PackShelf
    from desktop_app.storage.store import Store


class PackPlace(Protocol):
    """What this module reads of a service (services.edit_context.EditContext is one), so that it does
    not depend on the edit context that asks it which pack a period is kept under."""

    store: Store
    pack: FormPack
    shelf: PackShelf | None
    assigned: set[str]


def recorded(service: PackPlace) -> dict[str, tuple[str, str]]:
    """period → (pack id, version) as stored, read once per change of the database."""
    return data.cached(service.store, ("period-packs", ""), lambda: pack_periods.period_packs(service.store))


def pack_for(service: PackPlace, period: str | None) -> FormPack:
    pack = service.pack
    if not period or any(spec.key == period for spec in pack.periods) or service.shelf is None:
        return pack
    stored = recorded(service).get(period)
    if stored is not None:
        found = service.shelf.get(*stored)
        if found is not None:
            return found
    return service.shelf.for_period(period) or pack


def record(service: PackPlace, period: str, kind: str) -> None:
    """The first use of a period of the service's own pack: say which pack it is kept under."""
    if period in service.assigned or not any(spec.key == period for spec in service.pack.periods):
        return
    if period not in recorded(service):
        pack_periods.assign_pack(service.store, period, kind, service.pack.id, service.pack.version)
    service.assigned.add(period)


def record_all(service: PackPlace) -> None:
    """Periods used before packs were recorded (an older database): record the pack each is kept under,
    found by its year, so that `forms list` and every later start say it without guessing."""
    from desktop_app.domain.periods import Period

    known = recorded(service)
    for period in service.store.periods():
        if period in known:
            continue
        pack = service.shelf.for_period(period) if service.shelf is not None else None
        if pack is None and any(spec.key == period for spec in service.pack.periods):
            pack = service.pack
        if pack is not None:
            pack_periods.assign_pack(service.store, period, Period.parse(period).kind.value, pack.id, pack.version)


def in_terms_of(service: PackPlace, period: str) -> PeriodValues | None:
    """The values of an earlier period, in the service's pack terms (None when the school has none)."""
    saved = data.cached(service.store, ("periods", ""), service.store.periods, ())  # new: a wide write
    if period not in saved:
        return None
    source = pack_for(service, period)
    if source is service.pack or source.version == service.pack.version:
        return data.shared_period_values(service.store, service.pack, period)  # read, never changed
    key = ("translated", f"{period}@{source.version}>{service.pack.version}")
    return data.cached(service.store, key, lambda: _translated(service, source, period))


def _translated(service: PackPlace, source: FormPack, period: str) -> PeriodValues:
    typed = data.period_values(service.store, source, period)
    shelf_packs = service.shelf.by_version() if service.shelf is not None else {}
    steps = translation_steps(service.pack, source.version, shelf_packs)
    as_json = {c: {k: to_json(source.category(c).field(k), v) for k, v in fields.items()}
               for c, fields in typed.items()}  # fmt: skip
    return typed_values(service.pack, translate(as_json, steps))


def typed_values(pack: FormPack, values: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {c: {k: from_json(pack.category(c).field(k), v, pack) for k, v in fields.items()}
            for c, fields in values.items()}  # fmt: skip


def previous_values(service: PackPlace, period: str) -> PeriodValues | None:
    """What prev() reads by default: the period before, of the same kind, in this pack's terms."""
    try:
        before = previous(period)
    except PeriodKeyError:
        return None
    return in_terms_of(service, before)


def earlier_values(service: PackPlace, period: str) -> dict[str, PeriodValues]:
    from desktop_app.domain.validation import baselines_needed

    pack = service.pack  # which periods its rules compare with: the pack's, read once (an AST walk)
    needed = data.cached(
        service.store, ("baselines", f"{period}#{pack.version}"), lambda: sorted(baselines_needed(pack, period)), ()
    )
    found = {key: in_terms_of(service, key) for key in needed}
    return {key: values for key, values in found.items() if values is not None}
