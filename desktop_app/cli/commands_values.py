"""`set`, `show`, `validate` and `demo`: the values of a school, through the same service as the window."""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING, Any

from desktop_app.cli.context import CommandContext, refusals_to_exit

if TYPE_CHECKING:
    from desktop_app.domain.pack import Category
    from desktop_app.services.reporting import ReportingService


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    setter = subparsers.add_parser("set", help="填写一项（与窗口中填写相同的检查和修改记录）")
    setter.add_argument("category", metavar="CATEGORY", help="类别键，如 safety")
    setter.add_argument("field", metavar="FIELD", help="字段键，如 guards_total")
    setter.add_argument("value", metavar="VALUE", help="填写的内容；空字符串表示清空")
    setter.add_argument("--period", metavar="P", help="报送期，如 2022 或 2022-2023-1（默认：表单包的年度）")
    setter.add_argument("--row", metavar="N", type=int, help="表格的第 N 行（从 1 起；N 为现有行数加 1 时新增一行）")
    setter.add_argument("--column", metavar="C", help="表格的列键")
    setter.set_defaults(handler=set_value)

    show = subparsers.add_parser("show", help="显示已填写的内容")
    show.add_argument("category", nargs="?", metavar="CATEGORY", help="只显示这一类别")
    show.add_argument("--period", metavar="P", help="报送期（默认：表单包的年度）")
    show.add_argument("--json", action="store_true", help="以 JSON 输出（按类别和字段，小数为字符串）")
    show.set_defaults(handler=show_values)

    check = subparsers.add_parser("validate", help="校验：列出全部错误和警告；有错误时退出状态为 1")
    check.add_argument("--period", metavar="P", help="报送期（默认：表单包的年度）")
    check.add_argument("--json", action="store_true", help="以 JSON 输出")
    check.add_argument("--submission", action="store_true", help="按报送要求校验（含必填项）")
    check.set_defaults(handler=validate_values)

    demo = subparsers.add_parser("demo", help="填入虚构（演示）学校的数据")
    demo.set_defaults(handler=fill_demo)


@refusals_to_exit
def set_value(args: argparse.Namespace, context: CommandContext) -> int:
    if (args.row is None) != (args.column is None):
        context.err(context.tr("values.row_and_column"))
        return 2
    if args.row is not None and args.row < 1:
        context.err(context.tr("values.row_from_one"))
        return 2
    service = context.service_for(args.period)
    row = None if args.row is None else args.row - 1
    result = service.set_text(
        args.category,
        args.field,
        args.value,
        period=args.period,
        row=row,
        column=args.column,
        strict=True,
        source="cli",
    )
    from desktop_app.domain.values import display

    category = service.pack.category(result.category)
    target = category.field(result.field)
    cell = target.column(result.column) if result.column else target
    where = category.label.get(context.lang) + " / " + target.label.get(context.lang)
    if result.column:
        where += context.tr("values.row", row=args.row) + cell.label.get(context.lang)
    shown = display(cell, result.new, service.pack, context.lang) or context.tr("values.empty")
    context.out(context.tr("values.saved", where=where, shown=shown))
    return 0


def _periods(service: ReportingService, period: str | None, only: str | None) -> list[tuple[str, list[Category]]]:
    """(period, its categories) to show or check: the given period, or every period of the pack."""
    from desktop_app.domain.pack import PeriodKind
    from desktop_app.domain.periods import Period

    if only is not None:
        category = service.category(only)
        key = service.period_key(category, period) or service.pack.default_period.key
        return [(key, [category])]
    keys = [service.period_key(None, period)] if period else [spec.key for spec in service.pack.periods]
    result = []
    for index, key in enumerate(keys):
        # The profile belongs to every period: list it once, with the first.
        categories = [
            c
            for c in service.pack.categories_for(Period.parse(key).kind)
            if index == 0 or c.period_kind is not PeriodKind.PROFILE
        ]
        result.append((key, categories))
    return result


@refusals_to_exit
def show_values(args: argparse.Namespace, context: CommandContext) -> int:
    service = context.service_for(args.period)
    selection = _periods(service, args.period, args.category)
    if args.json:
        from desktop_app.services.values_document import build_document

        context.out(json.dumps(build_document(service, selection), ensure_ascii=False, indent=2))
        return 0
    from desktop_app.domain.periods import Period

    for period, categories in selection:
        context.out(f"== {Period.parse(period).name(context.lang)} ==")
        for category in categories:
            _print_category(context, service, category, period)
    return 0


def _print_category(context: CommandContext, service: ReportingService, category: Category, period: str) -> None:
    from desktop_app.domain.evaluation import is_relevant
    from desktop_app.domain.pack import FieldType
    from desktop_app.domain.values import display

    lang = context.lang
    values = service.values(category.key, period)
    values.update(service.derived(category.key, period))
    everything = service.period_values(period)
    context.out(context.tr("values.category_heading", number=category.number, label=category.label.get(lang)))
    colon = context.tr("common.colon")
    for target in category.fields:
        if not is_relevant(service.pack, category, target, everything):
            continue  # not for this school type, or its condition is not met: as in the window
        value = values.get(target.key)
        unit = f" {target.unit.get(lang)}" if target.unit and value not in (None, "") else ""
        context.out(f"  {target.label.get(lang)}{colon}{display(target, value, service.pack, lang)}{unit}")
        if target.type is FieldType.TABLE:
            for index, row in enumerate(value or [], start=1):
                cells = "；".join(
                    f"{column.label.get(lang)} {display(column, row.get(column.key), service.pack, lang)}"
                    for column in target.columns
                    if row.get(column.key) not in (None, "")
                )
                context.out(f"    {index}. {cells}")


@refusals_to_exit
def validate_values(args: argparse.Namespace, context: CommandContext) -> int:
    from desktop_app.domain.pack import Severity

    service = context.service_for(args.period)
    checked = [
        (period, service.validate(period, for_submission=args.submission))
        for period, _ in _periods(service, args.period, None)
    ]
    errors = sum(1 for _, issues in checked for issue in issues if issue.severity is Severity.ERROR)
    total = sum(len(issues) for _, issues in checked)
    if args.json:
        rows = [
            {
                "period": period,
                "severity": issue.severity.value,
                "category": issue.category,
                "field": issue.field,
                "row": None if issue.row is None else issue.row + 1,
                "column": issue.column,
                "rule_id": issue.rule_id,
                "code": issue.code,
                "message": issue.text(context.lang),
                "explanation": issue.explanation,
            }
            for period, issues in checked
            for issue in issues
        ]
        context.out(
            json.dumps(
                {
                    "ok": not errors,
                    "periods": [period for period, _ in checked],
                    "errors": errors,
                    "warnings": total - errors,
                    "issues": rows,
                },
                ensure_ascii=False,
                indent=2,
            )
        )
        return 1 if errors else 0
    for period, issues in checked:
        for issue in issues:
            context.out(_issue_line(context, service, period, issue))
    warnings = total - errors
    context.out(context.tr("values.issue_counts", errors=errors, warnings=warnings))
    return 1 if errors else 0


def _issue_line(context: CommandContext, service: ReportingService, period: str, issue: Any) -> str:
    from desktop_app.domain.pack import Severity
    from desktop_app.domain.periods import Period

    lang = context.lang
    category = service.pack.category(issue.category)
    where = f"{Period.parse(period).name(lang)} {category.label.get(lang)}"
    if issue.field and category.has_field(issue.field):
        where += " / " + category.field(issue.field).label.get(lang)
    if issue.row is not None:
        where += context.tr("values.issue_row", row=issue.row + 1)
    level = context.tr("values.error") if issue.severity is Severity.ERROR else context.tr("values.warning")
    note = ""
    if issue.explanation:
        note = context.tr("values.explanation", explanation=issue.explanation)
    return f"{level}  {where}{context.tr('common.colon')}{issue.text(lang)}{note}"


@refusals_to_exit
def fill_demo(args: argparse.Namespace, context: CommandContext) -> int:
    from desktop_app.domain.demo import DEMO_MARK, demo_data
    from desktop_app.domain.pack import PROFILE_CATEGORY

    service = context.service
    demo = demo_data(service.pack)
    with service.store.write():  # all or nothing: a half-filled demo school helps nobody
        for content in demo.attachments.values():
            service.record_attachment(content)
        for key, value in demo.profile.items():
            service.set_value(PROFILE_CATEGORY, key, value, source="demo")
        for period, categories in demo.periods.items():
            for category, values in categories.items():
                for key, value in values.items():
                    service.set_value(category, key, value, period=period, source="demo")
        for period, categories in demo.explanations.items():
            for category, notes in categories.items():
                for rule_id, text in notes.items():
                    service.set_explanation(category, rule_id, text, period=period, source="demo")
    service.undo_stack.clear()
    name = demo.profile.get("school_name") or DEMO_MARK
    context.out(context.tr("values.demo_filled", name=name))
    return 0
