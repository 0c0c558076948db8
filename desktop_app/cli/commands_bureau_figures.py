"""`school-report bureau totals | targets | quality`: the district's figures, the policy targets and the
data-quality view, as text for an officer or as JSON for a script.

Exit status: 0 when the command ran, 1 when the database cannot be used, 2 on a usage error.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from desktop_app.cli.bureau_common import USAGE_ERROR, _db, _open, _period, _refuse, add_command
from desktop_app.cli.context import CommandContext
from desktop_app.cli.groups import group


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    bureau = group(subparsers, "bureau")
    totals = add_command(bureau, "totals", "全区合计：各字段按表单包规定的口径汇总，并分镇街、分办学类型")
    totals.add_argument("--period", default=None)
    totals.add_argument("--json", action="store_true")
    totals.set_defaults(handler=totals_cmd)
    targets = add_command(bureau, "targets", "政策目标达成情况：适用、达标、未达标（列出学校）、未报")
    targets.add_argument("--period", default=None, help="默认：年度报送期及年底所在学期")
    targets.add_argument("--json", action="store_true")
    targets.set_defaults(handler=targets_cmd)
    quality = add_command(bureau, "quality", "数据质量：各校需核实的数据，可疑程度高的在前")
    quality.add_argument("--period", default=None)
    quality.add_argument("--json", action="store_true")
    quality.set_defaults(handler=quality_cmd)


def _with_store(context: CommandContext, work: Any) -> tuple[int, Any]:
    try:
        store = _open(context)
    except Exception as error:
        return _refuse(context, error), None
    try:
        return 0, work(store)
    finally:
        store.close()


def _print(context: CommandContext, lines: list[str]) -> None:
    for line in lines:
        context.out(line)


def totals_cmd(args: argparse.Namespace, context: CommandContext) -> int:
    from desktop_app.bureau.consolidate import consolidate_facts, consolidation_json
    from desktop_app.bureau.report import period_facts, register_of
    from desktop_app.bureau.texts import totals_lines

    _db(args, context)
    period = _period(args, context)
    if period is None:
        return USAGE_ERROR
    pack = context.pack
    code, result = _with_store(context, lambda store: consolidate_facts(
        pack, period, period_facts(pack, store, period, register_of(store))))  # fmt: skip
    if code:
        return code
    if args.json:
        context.out(json.dumps(consolidation_json(result), ensure_ascii=False))
    else:
        _print(context, totals_lines(pack, result, context.lang))
    return 0


def targets_cmd(args: argparse.Namespace, context: CommandContext) -> int:
    from desktop_app.bureau.report import build_targets, register_of, targets_for
    from desktop_app.bureau.targets import targets_json
    from desktop_app.bureau.texts import targets_lines

    _db(args, context)
    if args.period is not None and _period(args, context) is None:
        return USAGE_ERROR
    pack = context.pack
    periods = targets_for(pack, args.period)
    code, report = _with_store(context, lambda store: build_targets(pack, store, periods, register_of(store)))
    if code:
        return code
    if args.json:
        context.out(json.dumps(targets_json(pack, report), ensure_ascii=False))
    else:
        _print(context, targets_lines(pack, report, context.lang))
    return 0


def quality_cmd(args: argparse.Namespace, context: CommandContext) -> int:
    from desktop_app.bureau.quality import quality_json
    from desktop_app.bureau.report import build_quality, register_of
    from desktop_app.bureau.texts import quality_lines

    _db(args, context)
    period = _period(args, context)
    if period is None:
        return USAGE_ERROR
    pack = context.pack
    code, report = _with_store(context, lambda store: build_quality(pack, store, period, register_of(store)))
    if code:
        return code
    if args.json:
        context.out(json.dumps(quality_json(report), ensure_ascii=False))
    else:
        _print(context, quality_lines(pack, report, context.lang))
    return 0
