"""`school-report bureau report [--period P] --out FILE [--format docx|md]`: the year-end report's draft
(年度工作总结草稿) from the schools' figures, as a Word document or as Markdown for review in a diff.

Exit status: 0 when the draft was written, 1 when the database, the pack or the file cannot be used,
2 on a usage error.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from desktop_app.cli.bureau_common import USAGE_ERROR, _db, _open, _period, _refuse, add_command
from desktop_app.cli.context import CommandContext

FORMATS = {".docx": "docx", ".md": "md"}


def register_report(bureau: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    report = add_command(bureau, "report", "生成年度工作总结草稿（Word 或 Markdown），每个数据注明来源")
    report.add_argument("--period", default=None, help="年度报送期（默认：表单包的年度）")
    report.add_argument("--out", required=True, metavar="FILE.docx|FILE.md")
    report.add_argument("--format", choices=("docx", "md"), default=None, help="默认按 --out 的扩展名")
    report.set_defaults(handler=report_cmd)


def _format(args: argparse.Namespace, context: CommandContext, out: Path) -> str | None:
    chosen = args.format or FORMATS.get(out.suffix.lower())
    if chosen is None:
        context.err(context.tr("bureau_report.out_suffix"))  # fmt: skip
        return None
    return str(chosen)


def report_cmd(args: argparse.Namespace, context: CommandContext) -> int:
    from desktop_app.bureau.draft import NoTemplates, annual_periods, build_draft, summary_text

    _db(args, context)
    out = Path(args.out)
    chosen = _format(args, context, out)
    period = _period(args, context)
    if chosen is None or period is None:
        return USAGE_ERROR
    folder = out.parent if str(out.parent) else Path(".")
    if not folder.is_dir():
        context.err(context.tr("bureau_report.no_folder", folder=folder))
        return USAGE_ERROR
    pack = context.pack
    if period not in annual_periods(pack):
        keys = "、".join(annual_periods(pack))
        context.err(context.tr("bureau_report.not_annual", keys=keys))  # fmt: skip
        return USAGE_ERROR
    if pack.report is None:
        context.err(context.tr("bureau_report.no_templates", id=pack.id))  # fmt: skip
        return 1
    try:
        store = _open(context)
    except Exception as error:
        return _refuse(context, error)
    try:
        draft = build_draft(pack, store, period)
    except NoTemplates:  # checked above; kept for a pack replaced meanwhile
        return 1
    finally:
        store.close()
    try:
        _write(draft, out, chosen)
    except OSError as error:
        return _refuse(context, error)
    context.out(context.tr("bureau_report.written", out=out))
    context.out(summary_text(draft, context.lang))
    return 0


def _write(draft: Any, out: Path, chosen: str) -> None:
    if chosen == "md":
        from desktop_app.bureau.draft_md import write_draft_md

        write_draft_md(draft, out)
    else:
        from desktop_app.bureau.draft_docx import write_draft_docx

        write_draft_docx(draft, out)
