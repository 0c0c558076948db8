"""`school-report bureau verify-paper FILE...`: scans of sealed papers checked against imported files.

One line per file (`--json`: one JSON object per line). Exit status: 0 when every paper matches the newest
imported revision of its school, 1 when any does not (or a file could not be read), 2 on a usage error.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from desktop_app.cli.commands_bureau import USAGE_ERROR, _db, _open, _refuse, add_command
from desktop_app.cli.context import CommandContext
from desktop_app.cli.groups import group


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    bureau = group(subparsers, "bureau")
    verify = add_command(bureau, "verify-paper", "核验盖章纸质件：扫描件（PDF、PNG、JPEG）上的二维码与已导入的报送文件是否一致")
    verify.add_argument("files", nargs="+", metavar="FILE")
    verify.add_argument("--json", action="store_true", help="每个文件输出一行 JSON")
    verify.set_defaults(handler=verify_paper_cmd)


def verify_paper_cmd(args: argparse.Namespace, context: CommandContext) -> int:
    from desktop_app.bureau.paper import OUTCOME_LABELS
    from desktop_app.bureau.paper import verify_file

    _db(args, context)
    missing = [name for name in args.files if not Path(name).is_file()]
    if missing:
        context.err(context.t(f"找不到文件：{'、'.join(missing)}", f"File not found: {', '.join(missing)}"))
        return USAGE_ERROR
    try:
        store = _open(context)
    except Exception as error:
        return _refuse(context, error)
    from desktop_app.ui.paper_pages import scan_pages

    all_match = True
    try:
        for name in args.files:
            verdict = verify_file(store, name, scan_pages)
            all_match = all_match and verdict.ok
            if args.json:
                context.out(json.dumps(verdict.as_json(), ensure_ascii=False))
            else:
                label = OUTCOME_LABELS[verdict.outcome][0 if context.lang == "zh" else 1]
                context.out(f"{label}  {Path(name).name}：{verdict.text(context.lang)}")
    finally:
        store.close()
    return 0 if all_match else 1
