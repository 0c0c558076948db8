"""`school-report load FILE [--period P] [--dry-run] [--json]`: many values at once (the JSON of
`show --json`, a CSV of category, field, value, row, column, or our own workbook), each as if typed.

Exit status: 0 when every value was stored or unchanged, 1 when any was refused (the others are stored)
or the file was refused whole (nothing stored), 2 on a usage error.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from desktop_app.cli.context import CommandContext, refusals_to_exit

USAGE_ERROR = 2


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    load = subparsers.add_parser(
        "load",
        help="批量导入数据：show --json 的输出、CSV 或本程序的 Excel 报送文件（与逐项填写相同的检查和修改记录）",
        description="批量导入数据。CSV 的列为 category, field, value, row, column（可加 period）；"
                    "表格单元格填 row（从 1 起）和 column。逐项报告：已保存、未变、拒绝（原因）。",
    )  # fmt: skip
    load.add_argument("file", metavar="FILE", type=Path, help=".json、.csv 或 .xlsx 文件")
    load.add_argument("--period", metavar="P", help="报送期（文件未写明时使用；默认：表单包的年度）")
    load.add_argument("--dry-run", action="store_true", help="只检查并报告，不保存任何数据")
    load.add_argument("--json", action="store_true", help="以 JSON 输出每一项的结果")
    load.set_defaults(handler=run_load)


_STATUS = {"stored": ("已保存", "stored"), "unchanged": ("未变", "unchanged"), "refused": ("拒绝", "refused"),
           "computed": ("计算项（不导入）", "computed (not loaded)")}  # fmt: skip


@refusals_to_exit
def run_load(args: argparse.Namespace, context: CommandContext) -> int:
    from desktop_app.services.bulk import load_file
    from desktop_app.services.bulk_read import BulkRefused

    if not args.file.is_file():
        context.err(context.tr("pack.no_file", file=args.file))
        return USAGE_ERROR
    service = context.service
    try:
        result = load_file(service, args.file, args.period, dry_run=args.dry_run)
    except BulkRefused as refusal:
        if args.json:
            context.out(json.dumps({"ok": False, "code": refusal.code, "message": refusal.text(context.lang)},
                                   ensure_ascii=False, indent=2))  # fmt: skip
        context.err(context.tr("common.error") + refusal.text(context.lang))
        return 1
    counts = {status: result.count(status) for status in _STATUS}
    if args.json:
        context.out(json.dumps({"ok": counts["refused"] == 0, "dry_run": result.dry_run, **counts,
                                "values": [o.as_json(context.lang) for o in result.outcomes]},
                               ensure_ascii=False, indent=2))  # fmt: skip
        return 1 if counts["refused"] else 0
    index = 0 if context.lang == "zh" else 1
    for outcome in result.outcomes:
        if outcome.status in ("unchanged", "computed"):
            continue
        where = f"{outcome.period or context.tr('load.profile')} {outcome.item.category}.{outcome.item.field}"
        if outcome.item.row is not None:
            where += f"[{outcome.item.row}].{outcome.item.column}"
        reason = f"：{outcome.reason.get(context.lang)}" if outcome.reason is not None else ""
        line = f"{_STATUS[outcome.status][index]}  {where}（{outcome.item.where}）{reason}"
        (context.err if outcome.status == "refused" else context.out)(line)
    head = context.tr("load.checked") if result.dry_run else context.tr("load.loaded")
    context.out(
        context.tr(
            "load.counts",
            head=head,
            outcomes=len(result.outcomes),
            stored=counts["stored"],
            unchanged=counts["unchanged"],
            refused=counts["refused"],
            computed=counts["computed"],
        )
    )
    return 1 if counts["refused"] else 0
