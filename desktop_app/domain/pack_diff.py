"""What changes from one pack version to the next, said for the clerk and for the bureau (`forms diff`).

For the clerk: categories and fields added, renamed, moved, retired or changed (label, unit, limits,
required), choices added, dropped or mapped, and which fields a new year starts with from last year.
For the bureau, besides: rules and targets added, removed or changed, and how fields are added up.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from desktop_app.domain.pack import Category, Field, FormPack, Rule
from desktop_app.domain.pack_changes import PackChanges
from desktop_app.domain.text import Text

CLERK = "clerk"
BUREAU = "bureau"


@dataclass(frozen=True, slots=True)
class Change:
    audience: str  # clerk | bureau
    kind: str  # category_added, added, renamed, moved, retired, removed, changed, choices, carry, rule_added, …
    category: str
    key: str
    text: Text


def _label(item: Field | Category) -> Text:
    return item.label


def _both(zh: str, en: str) -> Text:
    return Text(zh, en)


def diff(old: FormPack, new: FormPack) -> list[Change]:
    """Every change from `old` to `new`, using new's declarations when they are against old's version."""
    changes = new.changes if new.changes is not None and new.changes.base_version == old.version else None
    found: list[Change] = []
    found += _categories(old, new)
    found += _declared(old, new, changes)
    found += _fields(old, new, changes)
    found += _choices(old, new, changes)
    found += _rules(old, new, changes)
    return found


def _categories(old: FormPack, new: FormPack) -> list[Change]:
    found = []
    for category in new.categories:
        if not old.has_category(category.key):
            found.append(
                Change(
                    CLERK,
                    "category_added",
                    category.key,
                    "",
                    _both(
                        f"新增类别“{category.numbered_label()}”（{len(category.input_fields)} 项）",
                        f"New category “{category.numbered_label('en')}” ({len(category.input_fields)} items)",
                    ),
                )
            )
    for category in old.categories:
        if not new.has_category(category.key):
            found.append(
                Change(
                    CLERK,
                    "category_removed",
                    category.key,
                    "",
                    _both(
                        f"类别“{category.numbered_label()}”不再填报",
                        f"Category “{category.numbered_label('en')}” is no longer reported",
                    ),
                )
            )
    return found


def _declared(old: FormPack, new: FormPack, changes: PackChanges | None) -> list[Change]:
    if changes is None:
        return []
    found = []
    for name, of in changes.categories.items():
        before = old.category(name) if old.has_category(name) else None

        def old_label(key: str, before: Category | None = before) -> Text:
            return before.field(key).label if before is not None and before.has_field(key) else Text(key, key)

        for key, target in of.renamed.items():
            label, now = old_label(key), new.category(name).field(target).label
            if label == now:
                text = _both(
                    f"{_where(new, name)}“{label.zh}”的字段键由 {key} 改为 {target}（名称不变），上年数据按新键读取",
                    f"{_where(new, name, 'en')}“{label.get('en')}”: key {key} becomes {target} (same "
                    "label); last year's values are read under the new key",
                )
            else:
                text = _both(
                    f"{_where(new, name)}“{label.zh}”（{key}）改为“{now.zh}”（{target}），上年数据按新字段读取",
                    f"{_where(new, name, 'en')}“{label.get('en')}” ({key}) becomes “{now.get('en')}” "
                    f"({target}); last year's values are read into it",
                )
            found.append(Change(CLERK, "renamed", name, key, text))
        for key, move in of.moved.items():
            label = old_label(key)
            to = new.category(move.category)
            found.append(
                Change(
                    CLERK,
                    "moved",
                    name,
                    key,
                    _both(
                        f"{_where(new, name)}“{label.zh}”（{key}）移至“{to.numbered_label()}”（{move.key}）",
                        f"{_where(new, name, 'en')}“{label.get('en')}” ({key}) moves to "
                        f"“{new.category(move.category).numbered_label('en')}” ({move.key})",
                    ),
                )
            )
        for key in of.retired:
            label = old_label(key)
            found.append(
                Change(
                    CLERK,
                    "retired",
                    name,
                    key,
                    _both(
                        f"{_where(old, name)}“{label.zh}”（{key}）停用：不再填报，往年数据仍按当年表单可查",
                        f"{_where(old, name, 'en')}“{label.get('en')}” ({key}) is retired: no longer asked; "
                        "earlier years' "
                        "values stay readable under their own pack",
                    ),
                )
            )
    return found


def _where(pack: FormPack, category: str, lang: str = "zh") -> str:
    if not pack.has_category(category):
        return f"{category}: "
    return pack.category(category).numbered_label(lang) + ("：" if lang == "zh" else ": ")


def _fields(old: FormPack, new: FormPack, changes: PackChanges | None) -> list[Change]:
    arriving, leaving = _moves(changes)
    found = []
    for category in new.categories:
        before = old.category(category.key) if old.has_category(category.key) else None
        if before is None:
            continue
        for item in category.fields:
            source = arriving.get((category.key, item.key))
            if source is None and before.has_field(item.key) and (category.key, item.key) not in leaving:
                source = (category.key, item.key)
            if source is None:
                found.append(_added(new, category, item))
                if item.carry:
                    found.append(_carry(new, category, item))
                continue
            was = old.category(source[0]).field(source[1])
            found += _field_changes(new, category, was, item)
            if item.carry and not was.carry:
                found.append(_carry(new, category, item))
        for item in before.fields:
            if not category.has_field(item.key) and (category.key, item.key) not in leaving and not item.is_input:
                found.append(_removed(old, category, item))
    return found


def _moves(changes: PackChanges | None) -> tuple[dict[tuple[str, str], tuple[str, str]], set[tuple[str, str]]]:
    """What changes.yaml declares: where each old field arrives (new → old), and the old fields leaving."""
    arriving = {}
    leaving = set()
    if changes is not None:
        for name, key, _what in changes.declared():
            leaving.add((name, key))
            target = changes.destination(name, key)
            if target is not None:
                arriving[target] = (name, key)
    return arriving, leaving


def _added(new: FormPack, category: Category, item: Field) -> Change:
    kind = "计算项" if not item.is_input else "填报项"
    return Change(
        CLERK,
        "added",
        category.key,
        item.key,
        _both(
            f"{_where(new, category.key)}新增{kind}“{item.label.zh}”（{item.key}）",
            f"{_where(new, category.key, 'en')}new {'computed item' if not item.is_input else 'item'} "
            f"“{item.label.get('en')}” ({item.key})",
        ),
    )


def _removed(old: FormPack, category: Category, item: Field) -> Change:
    """A computed item no longer shown (an input field that goes is declared in changes.yaml instead)."""
    return Change(
        CLERK,
        "removed",
        category.key,
        item.key,
        _both(
            f"{_where(old, category.key)}计算项“{item.label.zh}”（{item.key}）不再列出",
            f"{_where(old, category.key, 'en')}computed item “{item.label.get('en')}” ({item.key}) is no longer shown",
        ),
    )


def _carry(pack: FormPack, category: Category, item: Field) -> Change:
    return Change(
        CLERK,
        "carry",
        category.key,
        item.key,
        _both(
            f"{_where(pack, category.key)}“{item.label.zh}”新年度自动带入上年已上报的数据，标注“上年数据，请核对”",
            f"{_where(pack, category.key, 'en')}“{item.label.get('en')}” starts each new year with "
            "last year's submitted "
            "value, marked “last year's value, please check”",
        ),
    )


_COMPARED = (("label", "名称", "label"), ("unit", "单位", "unit"), ("required", "是否必填", "required"),
             ("minimum", "下限", "minimum"), ("maximum", "上限", "maximum"), ("type", "类型", "type"),
             ("places", "小数位数", "decimal places"), ("max_length", "最大长度", "maximum length"),
             ("choices", "选项列表", "choice list"), ("formula", "计算公式", "formula"))  # fmt: skip


def _field_changes(new: FormPack, category: Category, was: Field, now: Field) -> list[Change]:
    found = []
    for attribute, zh, en in _COMPARED:
        before, after = getattr(was, attribute), getattr(now, attribute)
        if attribute == "formula" or before == after:
            continue
        found.append(
            Change(
                CLERK,
                "changed",
                category.key,
                now.key,
                _both(
                    f"{_where(new, category.key)}“{now.label.zh}”的{zh}由“{_shown(before)}”改为“{_shown(after)}”",
                    f"{_where(new, category.key, 'en')}“{now.label.get('en')}”: {en} "
                    f"{_shown(before, 'en')} → {_shown(after, 'en')}",
                ),
            )
        )
    if was.aggregate != now.aggregate:
        found.append(
            Change(
                BUREAU,
                "aggregate",
                category.key,
                now.key,
                _both(
                    f"{_where(new, category.key)}“{now.label.zh}”汇总方式由 {was.aggregate.value} "
                    f"改为 {now.aggregate.value}",
                    f"{_where(new, category.key, 'en')}“{now.label.get('en')}” is added up by {now.aggregate.value} "
                    f"(was {was.aggregate.value})",
                ),
            )
        )
    return found


def _shown(value: object, lang: str = "zh") -> str:
    if isinstance(value, Text):
        return value.get(lang)
    if value is None:
        return "无" if lang == "zh" else "none"
    if isinstance(value, bool):
        return ("是" if value else "否") if lang == "zh" else ("yes" if value else "no")
    return str(getattr(value, "value", value))


def _choices(old: FormPack, new: FormPack, changes: PackChanges | None) -> list[Change]:
    found = []
    for key, now in new.choice_lists.items():
        before = old.choice_lists.get(key)
        if before is None:
            continue
        added = [c for c in now.choices if c.key not in before.keys]
        dropped = [c for c in before.choices if c.key not in now.keys]
        relabelled = [(c, now.label_of(c.key)) for c in before.choices
                      if c.key in now.keys and now.label_of(c.key) != c.label]  # fmt: skip
        for choice in added:
            found.append(
                Change(
                    CLERK,
                    "choice_added",
                    "",
                    key,
                    _both(f"选项“{key}”新增“{choice.label.zh}”", f"Choices “{key}”: “{choice.label.get('en')}” added"),
                )
            )
        for choice in dropped:
            mapped = _mapping_of(changes, new, key, choice.key)
            zh = f"，上年的“{choice.label.zh}”读作“{mapped.zh}”" if mapped else "，上年选择它的数据不再带入"
            en = (
                f"; last year's “{choice.label.get('en')}” is read as “{mapped.get('en')}”"
                if mapped
                else "; last year's answers with it are not carried over"
            )
            found.append(
                Change(
                    CLERK,
                    "choice_dropped",
                    "",
                    key,
                    _both(
                        f"选项“{key}”去掉“{choice.label.zh}”{zh}",
                        f"Choices “{key}”: “{choice.label.get('en')}” dropped{en}",
                    ),
                )
            )
        for choice, label in relabelled:
            assert label is not None
            found.append(
                Change(
                    CLERK,
                    "choice_relabelled",
                    "",
                    key,
                    _both(
                        f"选项“{key}”的“{choice.label.zh}”改称“{label.zh}”",
                        f"Choices “{key}”: “{choice.label.get('en')}” is now “{label.get('en')}”",
                    ),
                )
            )
    return found


def _mapping_of(changes: PackChanges | None, new: FormPack, list_key: str, old_choice: str) -> Text | None:
    if changes is None:
        return None
    for name, of in changes.categories.items():
        for target, mapping in of.choices.items():
            field_key, _, column = target.partition(".")
            if not new.has_category(name) or not new.category(name).has_field(field_key):
                continue
            item = new.category(name).field(field_key)
            item = item.column(column) if column else item
            mapped = mapping.get(old_choice)
            if item.choices == list_key and mapped is not None:
                return new.choice_list(list_key).label_of(mapped)
    return None


def _renamed_source(rule: Rule, category: str, changes: PackChanges | None) -> str:
    """The old rule's expressions with the declared renames applied, to compare with the new one."""
    text = f"{rule.check}|{rule.when or ''}|{','.join(rule.fields)}"
    if changes is None:
        return text
    for name, of in changes.categories.items():
        for old, new in of.renamed.items():
            text = re.sub(rf"\b{name}\.{re.escape(old)}\b", f"{name}.{new}", text)
            if name == category:
                text = re.sub(rf"(?<![.\w]){re.escape(old)}\b", new, text)
    return text


def _rules(old: FormPack, new: FormPack, changes: PackChanges | None) -> list[Change]:
    before = {rule.id: (category.key, rule) for category in old.categories for rule in category.rules}
    after = {rule.id: (category.key, rule) for category in new.categories for rule in category.rules}
    found = []
    for rule_id, (category, rule) in after.items():
        kind = "目标" if rule.target is not None else ("逻辑校验" if rule.severity.value == "error" else "经验校验")
        kind_en = (
            "target"
            if rule.target is not None
            else ("error rule" if rule.severity.value == "error" else "warning rule")
        )
        if rule_id not in before:
            found.append(
                Change(
                    BUREAU,
                    "rule_added",
                    category,
                    rule_id,
                    _both(
                        f"新增{kind} {rule_id}：{rule.message.zh}", f"New {kind_en} {rule_id}: {rule.message.get('en')}"
                    ),
                )
            )
            continue
        old_category, was = before[rule_id]
        same = (
            _renamed_source(was, old_category, changes) == f"{rule.check}|{rule.when or ''}|{','.join(rule.fields)}"
            and was.severity == rule.severity
            and was.message == rule.message
            and was.target == rule.target
        )
        if not same:
            found.append(
                Change(
                    BUREAU,
                    "rule_changed",
                    category,
                    rule_id,
                    _both(
                        f"{kind} {rule_id} 有变化：{rule.check}（原为 {was.check}）",
                        f"{kind_en} {rule_id} changed: {rule.check} (was {was.check})",
                    ),
                )
            )
    for rule_id, (category, was) in before.items():
        if rule_id not in after:
            found.append(
                Change(
                    BUREAU,
                    "rule_removed",
                    category,
                    rule_id,
                    _both(f"取消规则 {rule_id}：{was.message.zh}", f"Rule {rule_id} removed: {was.message.get('en')}"),
                )
            )
    return found
