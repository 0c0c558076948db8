"""What a new pack version declares about the one before (`changes.yaml`): per category of the old
version, the fields renamed, moved to another category, retired, and the choices mapped.

These declarations are how last year's values are read in this year's terms (carry-over, `prev()`,
the bureau's earlier periods), and what `forms diff` tells the clerk and the bureau. The model and its
parsing here (pack.py's `FormPack.changes` holds it, so nothing here imports pack.py); the checks against
the new pack and the old one are in pack_changes_checks.py.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from desktop_app.domain.pack_basics import PackError

CHANGES_FILE = "changes.yaml"
_TOP_KEYS = {"from", "categories"}
_CATEGORY_KEYS = {"renamed", "moved", "retired", "choices"}


@dataclass(frozen=True, slots=True)
class FieldMove:
    """Where a moved field's values go: another category of the new pack, under this key."""

    category: str
    key: str


@dataclass(frozen=True, slots=True)
class CategoryChanges:
    renamed: Mapping[str, str] = field(default_factory=dict)  # old key → new key (same category)
    moved: Mapping[str, FieldMove] = field(default_factory=dict)  # old key → new category and key
    retired: tuple[str, ...] = ()  # no longer asked; last year's values stay readable under last year's pack
    # field key (or "table.column") in the NEW pack → old choice key → new choice key (None: no longer offered)
    choices: Mapping[str, Mapping[str, str | None]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class PackChanges:
    base_version: str  # the version of the same pack these declarations are against
    categories: Mapping[str, CategoryChanges] = field(default_factory=dict)
    source_file: str = ""

    def of(self, category: str) -> CategoryChanges:
        return self.categories.get(category, _NONE)

    def destination(self, category: str, key: str) -> tuple[str, str] | None:
        """Where an old field's value goes in the new pack (category, key); None when it is retired."""
        changes = self.of(category)
        if key in changes.retired:
            return None
        if key in changes.moved:
            move = changes.moved[key]
            return move.category, move.key
        return category, changes.renamed.get(key, key)

    def choice_map(self, category: str, key: str) -> Mapping[str, str | None]:
        """The choice mapping of a field (or "table.column") by its key in the NEW pack's category."""
        return self.of(category).choices.get(key, {})

    def declared(self) -> Iterator[tuple[str, str, str]]:
        """(old category, old key, what) of every declaration: renamed, moved or retired."""
        for name, changes in self.categories.items():
            yield from ((name, key, "renamed") for key in changes.renamed)
            yield from ((name, key, "moved") for key in changes.moved)
            yield from ((name, key, "retired") for key in changes.retired)


_NONE = CategoryChanges()


def _mapping(file: str, where: str, data: Any) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise PackError(file, where, "应为映射（键: 值）")
    return data


def parse_changes(file: str, data: Any) -> PackChanges:
    data = _mapping(file, "", data)
    extra = set(data) - _TOP_KEYS
    if extra:
        raise PackError(file, sorted(extra)[0], "未知的键，可用：from、categories")
    base = data.get("from")
    if base is None or isinstance(base, bool) or not str(base).strip():
        raise PackError(file, "from", '须写明这些变更针对的上一版本号，如 from: "2022.1"')
    categories: dict[str, CategoryChanges] = {}
    for name, raw in _mapping(file, "categories", data.get("categories") or {}).items():
        where = f"categories.{name}"
        raw = _mapping(file, where, raw or {})
        extra = set(raw) - _CATEGORY_KEYS
        if extra:
            raise PackError(file, f"{where}.{sorted(extra)[0]}", "未知的键，可用：renamed、moved、retired、choices")
        renamed = {str(k): str(v) for k, v in _mapping(file, f"{where}.renamed", raw.get("renamed") or {}).items()}
        moved = {str(k): _move(file, f"{where}.moved.{k}", str(k), v)
                 for k, v in _mapping(file, f"{where}.moved", raw.get("moved") or {}).items()}  # fmt: skip
        retired = raw.get("retired") or []
        if not isinstance(retired, list):
            raise PackError(file, f"{where}.retired", "应为字段键的列表")
        choices = {
            str(target): _choice_mapping(file, f"{where}.choices.{target}", mapping)
            for target, mapping in _mapping(file, f"{where}.choices", raw.get("choices") or {}).items()
        }
        changes = CategoryChanges(renamed, moved, tuple(map(str, retired)), choices)
        _once(file, where, changes)
        categories[str(name)] = changes
    return PackChanges(str(base), categories, file)


def _move(file: str, where: str, key: str, data: Any) -> FieldMove:
    if isinstance(data, str):
        return FieldMove(data, key)
    data = _mapping(file, where, data)
    extra = set(data) - {"to", "key"}
    if extra or "to" not in data:
        raise PackError(file, where, "应为 {to: 新类别键, key: 新字段键（可省略）}")
    return FieldMove(str(data["to"]), str(data.get("key") or key))


def _choice_mapping(file: str, where: str, data: Any) -> dict[str, str | None]:
    return {str(old): (None if new is None else str(new)) for old, new in _mapping(file, where, data).items()}


def _once(file: str, where: str, changes: CategoryChanges) -> None:
    """An old field is renamed, moved or retired: one of them."""
    seen: dict[str, str] = {}
    for what, keys in (("renamed", changes.renamed), ("moved", changes.moved), ("retired", changes.retired)):
        for key in keys:
            if key in seen:
                raise PackError(file, f"{where}.{what}", f"字段“{key}”已在 {seen[key]} 中声明，只能声明一次")
            seen[key] = what
