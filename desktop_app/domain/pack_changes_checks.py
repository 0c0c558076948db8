"""The checks of a version's `changes.yaml` (domain.pack_changes): against the pack that makes the
declarations (`check_changes`, at load) and against the version they are made against
(`check_against_base`, when a newer pack is installed or diffed).
"""

from __future__ import annotations

from collections.abc import Mapping

from desktop_app.domain.expressions import ExpressionError, compile_expression
from desktop_app.domain.pack import FieldType, FormPack
from desktop_app.domain.pack_basics import PackError
from desktop_app.domain.pack_changes import PackChanges


def check_changes(pack: FormPack, changes: PackChanges) -> None:
    """The declarations against the pack that makes them: every destination exists, none is taken
    twice, no retired field is still asked or still used by a rule or formula."""
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
            _check_choices(pack, file, f"{where}.choices.{target}", name, target, mapping)


def _check_choices(pack: FormPack, file: str, where: str, category: str, target: str,
                   mapping: Mapping[str, str | None]) -> None:  # fmt: skip
    """A choice mapping of `target` (a field, or "table.column"): a choice field of the new pack, and
    every new choice one of its list."""
    field_key, _, column = target.partition(".")
    if not pack.has_category(category) or not pack.category(category).has_field(field_key):
        raise PackError(file, where, f"新版“{category}”中没有字段“{field_key}”")
    item = pack.category(category).field(field_key)
    if column:
        if item.type is not FieldType.TABLE or column not in {c.key for c in item.columns}:
            raise PackError(file, where, f"“{field_key}”不是有列“{column}”的表格")
        item = item.column(column)
    if item.choices is None:
        raise PackError(file, where, f"“{target}”不是选择字段")
    allowed = pack.choice_list(item.choices).keys
    for old, mapped in mapping.items():
        if mapped is not None and mapped not in allowed:
            problem = f"新选项“{mapped}”不在选项列表“{item.choices}”中"
            raise PackError(file, f"{where}.{old}", problem)


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
