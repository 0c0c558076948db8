"""What a new pack version declares about the one before (`changes.yaml`): per category of the old
version, the fields renamed, moved to another category, retired, and the choices mapped.

These declarations are how last year's values are read in this year's terms (carry-over, `prev()`,
the bureau's earlier periods), and what `forms diff` tells the clerk and the bureau. Parsing here;
the checks against the new pack are in `check_changes`, against the old one in `check_against_base`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from desktop_app.domain.pack_basics import PackError

if TYPE_CHECKING:
    from desktop_app.domain.pack import FormPack

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


def check_changes(pack: FormPack, changes: PackChanges) -> None:
    """The declarations against the pack that makes them: every destination exists, none is taken
    twice, no retired field is still asked or still used by a rule or formula."""
    from desktop_app.domain.pack import FieldType

    file = changes.source_file
    destinations: dict[tuple[str, str], str] = {}
    for name, changes_of in changes.categories.items():
        where = f"categories.{name}"
        for old, new in changes_of.renamed.items():
            _destination(pack, file, f"{where}.renamed.{old}", name, new, destinations, f"{name}.{old}")
            if pack.has_category(name) and pack.category(name).has_field(old) and old != new:
                problem = f"“{old}”改名为“{new}”，但新版“{name}”中仍有字段“{old}”"
                raise PackError(file, f"{where}.renamed.{old}", problem)
        for old, move in changes_of.moved.items():
            _destination(pack, file, f"{where}.moved.{old}", move.category, move.key, destinations, f"{name}.{old}")
        for old in changes_of.retired:
            if pack.has_category(name) and pack.category(name).has_field(old):
                problem = f"已停用的字段“{old}”仍在新版“{name}”中，停用的字段应从类别文件中删去"
                raise PackError(file, f"{where}.retired", problem)
            user = _rule_using(pack, name, old)
            if user is not None:
                raise PackError(file, f"{where}.retired", f"字段“{name}.{old}”声明停用，但{user}仍使用它")
        for target, mapping in changes_of.choices.items():
            field_key, _, column = target.partition(".")
            if not pack.has_category(name) or not pack.category(name).has_field(field_key):
                raise PackError(file, f"{where}.choices.{target}", f"新版“{name}”中没有字段“{field_key}”")
            item = pack.category(name).field(field_key)
            if column:
                if item.type is not FieldType.TABLE or column not in {c.key for c in item.columns}:
                    raise PackError(file, f"{where}.choices.{target}", f"“{field_key}”不是有列“{column}”的表格")
                item = item.column(column)
            if item.choices is None:
                raise PackError(file, f"{where}.choices.{target}", f"“{target}”不是选择字段")
            allowed = pack.choice_list(item.choices).keys
            for old, mapped in mapping.items():
                if mapped is not None and mapped not in allowed:
                    problem = f"新选项“{mapped}”不在选项列表“{item.choices}”中"
                    raise PackError(file, f"{where}.choices.{target}.{old}", problem)


def _destination(pack: FormPack, file: str, where: str, category: str, key: str,
                 taken: dict[tuple[str, str], str], source: str) -> None:  # fmt: skip
    if not pack.has_category(category) or not pack.category(category).has_field(key):
        raise PackError(file, where, f"新版中没有字段“{category}.{key}”")
    if not pack.category(category).field(key).is_input:
        raise PackError(file, where, f"“{category}.{key}”是计算项，不能接收上年的值")
    if (category, key) in taken:
        raise PackError(file, where, f"“{source}”与“{taken[(category, key)]}”都改为“{category}.{key}”")
    taken[(category, key)] = source


def _rule_using(pack: FormPack, category: str, key: str) -> str | None:
    """'规则“x”' or '计算项“y”' of the new pack that reads `category.key`, if any."""
    from desktop_app.domain.expressions import ExpressionError, compile_expression

    for candidate in pack.categories:
        sources = [(f"规则“{rule.id}”", text) for rule in candidate.rules for text in (rule.check, rule.when) if text]
        sources += [(f"计算项“{candidate.key}.{f.key}”", f.formula) for f in candidate.fields if f.formula]
        sources += [(f"“{candidate.key}.{f.key}”的显示条件", f.visible_when)
                    for f in candidate.fields if f.visible_when]  # fmt: skip
        for name, source in sources:
            try:
                refs = compile_expression(source).references()
            except ExpressionError:
                continue  # said by check_pack, with its own message
            for ref in refs:
                own = ref.owner is None and not ref.column_of and candidate.key == category and ref.key == key
                if own or (ref.owner == category and ref.key == key):
                    return name
        if candidate.key == category and any(key in rule.fields for rule in candidate.rules):
            return next(f"规则“{r.id}”" for r in candidate.rules if key in r.fields)
    return None


def check_against_base(base: FormPack, pack: FormPack, changes: PackChanges) -> None:
    """The declarations against the version they are made against: every declared field existed; every
    field of the old version is still there, or declared; nothing is renamed or moved onto a key that an
    old field kept."""
    file = changes.source_file
    for name, changes_of in changes.categories.items():
        for old, what in (
            [(k, "renamed") for k in changes_of.renamed]
            + [(k, "moved") for k in changes_of.moved]
            + [(k, "retired") for k in changes_of.retired]
        ):
            if not base.has_category(name) or not base.category(name).has_field(old):
                raise PackError(file, f"categories.{name}.{what}", f"上一版 {base.version} 中没有字段“{name}.{old}”")
    leaving = {(name, key) for name, key, _what in changes.declared()}
    for category in base.categories:
        for item in category.input_fields:
            if (category.key, item.key) in leaving:
                continue
            if not pack.has_category(category.key) or not pack.category(category.key).has_field(item.key):
                problem = (
                    f"上一版的字段“{category.key}.{item.key}”在新版中不见了，"
                    "须声明改名（renamed）、移动（moved）或停用（retired）"
                )
                raise PackError(file, f"categories.{category.key}", problem)
    for name, changes_of in changes.categories.items():
        targets = [(name, new, f"renamed.{old}") for old, new in changes_of.renamed.items()]
        targets += [(m.category, m.key, f"moved.{old}") for old, m in changes_of.moved.items()]
        for owner, key, where in targets:
            kept = (owner, key) not in leaving and base.has_category(owner) and base.category(owner).has_field(key)
            if kept:
                problem = (
                    f"改为“{owner}.{key}”，但上一版已有同名字段“{owner}.{key}”（未改名、移动或停用），"
                    "两个字段的数据会混在一起"
                )
                raise PackError(file, f"categories.{name}.{where}", problem)
