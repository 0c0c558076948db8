"""Reading values of an earlier pack version in a later version's terms, through its declared changes.

Values travel in their JSON form (domain.values.to_json). A renamed or moved field's value goes to its
new key; a retired field's value stays behind (it is still read under its own pack); a changed choice
is mapped; a value the new field cannot hold (a dropped choice, a changed type) is left out, never
guessed. Used by the carry-over into a new year, by `prev()` across a pack change and by the bureau's
earlier periods.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from desktop_app.domain.messages import ValueProblem
from desktop_app.domain.pack import Field, FieldType, FormPack
from desktop_app.domain.pack_changes import PackChanges
from desktop_app.domain.values import from_json

Json = Any
JsonValues = Mapping[str, Mapping[str, Json]]  # category → field → JSON value


def translation_steps(target: FormPack, source_version: str, packs: Mapping[str, FormPack]) -> list[FormPack]:
    """The pack versions whose changes lead from `source_version` to `target`, oldest first.

    Follows each version's `changes.yaml` back (`from:`) through the versions in `packs`; when the chain
    is broken, only the target's own declarations apply (same keys are kept, the rest left out).
    """
    steps: list[FormPack] = []
    current: FormPack | None = target
    while current is not None and current.version != source_version:
        steps.append(current)
        if current.changes is None or current.changes.base_version == source_version:
            break
        current = packs.get(current.changes.base_version)
    return list(reversed(steps))


def translate(values: JsonValues, steps: Sequence[FormPack]) -> dict[str, dict[str, Json]]:
    """JSON values of the version before `steps[0]` in the terms of `steps[-1]`."""
    result: dict[str, dict[str, Json]] = {c: dict(f) for c, f in values.items()}
    for pack in steps:
        result = _step(result, pack.changes, pack)
    return result


def _step(values: JsonValues, changes: PackChanges | None, pack: FormPack) -> dict[str, dict[str, Json]]:
    result: dict[str, dict[str, Json]] = {}
    for category, fields in values.items():
        for key, data in fields.items():
            destination = changes.destination(category, key) if changes is not None else (category, key)
            if destination is None or not pack.has_category(destination[0]):
                continue
            owner = pack.category(destination[0])
            if not owner.has_field(destination[1]) or not owner.field(destination[1]).is_input:
                continue
            item = owner.field(destination[1])
            fitted = _fit(pack, item, _mapped(changes, owner.key, item.key, item, data), changes, owner.key)
            if fitted is not _MISSING:
                result.setdefault(owner.key, {})[item.key] = fitted
    return result


_MISSING = object()


def _fit(pack: FormPack, item: Field, data: Json, changes: PackChanges | None, category: str) -> Json:
    """`data` as the new field holds it (a table's choices mapped per column), or _MISSING."""
    if item.type is FieldType.TABLE:
        if not isinstance(data, list) or not all(isinstance(row, dict) for row in data):
            return _MISSING
        rows = []
        for row in data:
            cells = {}
            for column in item.columns:
                cell = _mapped(changes, category, f"{item.key}.{column.key}", column, row.get(column.key))
                cells[column.key] = None if _fit(pack, column, cell, None, category) is _MISSING else cell
            rows.append(cells)
        return rows
    try:
        from_json(item, data, pack)
    except ValueProblem:
        return _MISSING
    return data


def _mapped(changes: PackChanges | None, category: str, key: str, item: Field, data: Json) -> Json:
    mapping = changes.choice_map(category, key) if changes is not None else {}
    if not mapping or data is None:
        return data
    if item.type is FieldType.CHOICE and isinstance(data, str):
        return mapping.get(data, data)
    if item.type is FieldType.MULTICHOICE and isinstance(data, list):
        mapped = [mapping.get(choice, choice) for choice in data]
        return list(dict.fromkeys(choice for choice in mapped if choice is not None))
    return data
