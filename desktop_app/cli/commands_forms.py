"""`school-report forms check [PACK]`: load a form pack, report its categories, or say what is broken."""

from __future__ import annotations

import argparse

from desktop_app.cli.context import CommandContext


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    forms = _forms_group(subparsers)
    check = forms.add_parser("check", help="检查表单包，列出类别与字段数")
    check.add_argument("pack", nargs="?", default=None, metavar="PACK", help="表单包文件夹（默认：内置表单包）")
    check.set_defaults(handler=check_pack)


def _forms_group(
    subparsers: argparse._SubParsersAction[argparse.ArgumentParser],
) -> argparse._SubParsersAction[argparse.ArgumentParser]:
    # Looked up on this parser itself: groups.group() keys its cache by id(), which a new parser
    # can reuse after the old one is garbage-collected (seen in tests that build many parsers).
    existing = subparsers.choices.get("forms")
    if existing is None:
        return _new_group(subparsers)
    for action in existing._actions:
        if isinstance(action, argparse._SubParsersAction):
            return action
    raise AssertionError("forms group without subcommands")


def _new_group(
    subparsers: argparse._SubParsersAction[argparse.ArgumentParser],
) -> argparse._SubParsersAction[argparse.ArgumentParser]:
    parser = subparsers.add_parser("forms", help="表单包")
    return parser.add_subparsers(dest="forms_command", metavar="COMMAND", required=True)


def check_pack(args: argparse.Namespace, context: CommandContext) -> int:
    from desktop_app.domain.loader import load_pack
    from desktop_app.domain.pack import FieldType
    from desktop_app.domain.pack_parts import PackError

    try:
        pack = load_pack(args.pack)
    except PackError as error:
        context.err(str(error))
        return 1
    except OSError as error:
        context.err(context.t(f"无法读取表单包：{error}", f"Cannot read the form pack: {error}"))
        return 1
    lang = context.lang
    context.out(f"{pack.title.get(lang)}  {pack.id} {pack.version}（{pack.year}）")
    total_fields = total_rules = 0
    for category in pack.categories:
        inputs = sum(1 for f in category.fields if f.is_input and f.type is not FieldType.TABLE)
        derived = sum(1 for f in category.fields if f.type is FieldType.DERIVED)
        tables = sum(1 for f in category.fields if f.type is FieldType.TABLE)
        total_fields += len(category.fields)
        total_rules += len(category.rules)
        counts = context.t(
            f"填报项 {inputs}，计算项 {derived}，表格 {tables}，规则 {len(category.rules)}",
            f"{inputs} inputs, {derived} derived, {tables} tables, {len(category.rules)} rules",
        )
        kind = category.period_kind.value
        context.out(f"{category.number:>3}  {category.key:<12} {category.label.get(lang)}  [{kind}]  {counts}")
    context.out(
        context.t(
            f"表单包检查通过：{len(pack.categories)} 个类别，{total_fields} 个字段，{total_rules} 条规则。",
            f"The pack is valid: {len(pack.categories)} categories, {total_fields} fields, {total_rules} rules.",
        )
    )
    return 0
