"""`school-report forms check [PACK]`: load a form pack, report its categories, or say what is broken."""

from __future__ import annotations

import argparse
from typing import Any

from desktop_app.cli.context import CommandContext
from desktop_app.domain.describe import aggregation_text, target_text


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


def _district(context: CommandContext, pack: Any) -> None:
    lang = context.lang
    for group in pack.school_groups.values():
        types = "、".join(c.label.get(lang) for c in pack.choice_list("school_type").choices if c.key in group.types)
        context.out(context.tr("forms.school_group", group=group.key, label=group.label.get(lang), types=types))
    if pack.baseline_periods:
        keys = "、".join(spec.key for spec in pack.baseline_periods)
        context.out(context.tr("forms.baselines", keys=keys))
    quality = pack.quality
    context.out(
        context.tr(
            "forms.quality",
            outlier_threshold=quality.outlier_threshold,
            min_schools=quality.min_schools,
            jump_threshold=quality.jump_threshold * 100,
            jump_fields=len(quality.jump_fields),
            indicators=len(quality.indicators),
        )
    )


def _report(context: CommandContext, pack: Any) -> None:
    """The year-end report's templates: each sentence with the figures it names (field, aggregation, taken)."""
    report = pack.report
    if report is None:
        context.out(context.tr("forms.no_report_templates"))
        return
    sentences = report.sentences()
    figures = sum(len(sentence.figures) for sentence in sentences)
    context.out(
        context.tr(
            "forms.report_templates",
            areas=len(report.areas),
            sentences=len(sentences),
            figures=figures,
            placeholders=report.placeholders(),
        )
    )
    for sentence in sentences:
        named = "、".join(f"{f.name}={f.ref}（{f.aggregation.value}/{f.measure.value}）" for f in sentence.figures)
        context.out(f"       {sentence.id:<34} {named}")


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
        context.err(context.tr("forms.unreadable", error=error))
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
        counts = context.tr(
            "forms.category_counts", inputs=inputs, derived=derived, tables=tables, rules=len(category.rules)
        )
        kind = category.period_kind.value
        context.out(f"{category.number:>3}  {category.key:<12} {category.label.get(lang)}  [{kind}]  {counts}")
        for item in category.fields:
            context.out(f"       {item.key:<26} {item.label.get(lang)}  {aggregation_text(pack, item, lang)}")
        for rule in category.targets:
            context.out("       " + context.tr("forms.target") + target_text(pack, rule, lang))
    _district(context, pack)
    _report(context, pack)
    context.out(
        context.tr("forms.valid", categories=len(pack.categories), total_fields=total_fields, total_rules=total_rules)
    )
    return 0
