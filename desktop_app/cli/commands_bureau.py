"""`school-report bureau …`: the district bureau's register, import, 报送情况 and 汇总 (totals, targets and
data quality are in commands_bureau_figures).

Exit status: 0 when the command ran (also when some files were rejected: that is a result, not a
failure), 1 when the database or a file cannot be used, 2 on a usage error.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from desktop_app.cli.bureau_common import USAGE_ERROR, _db, _open, _period, _refuse, add_command
from desktop_app.cli.context import CommandContext
from desktop_app.cli.groups import group


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    bureau = group(subparsers, "bureau")

    def add(name: str, help_text: str) -> argparse.ArgumentParser:
        return add_command(bureau, name, help_text)

    register_parser = add("register", "学校名单")
    register_sub = register_parser.add_subparsers(dest="register_command", metavar="COMMAND", required=True)
    register_import = register_sub.add_parser("import", help="从 .xlsx 或 .csv 名单导入学校")
    register_import.add_argument("file", metavar="FILE")
    register_import.set_defaults(handler=register_import_cmd)
    register_list = register_sub.add_parser("list", help="列出学校名单")
    register_list.add_argument("--json", action="store_true")
    register_list.set_defaults(handler=register_list_cmd)

    imports = add("import", "导入学校报送的 .xlsx 文件（文件或文件夹）")
    imports.add_argument("paths", nargs="+", metavar="PATH")
    imports.add_argument("--json", action="store_true", help="每个文件输出一行 JSON")
    imports.add_argument("--workers", type=int, default=None, help=argparse.SUPPRESS)
    imports.set_defaults(handler=import_cmd)

    status = add("status", "报送情况：各校各类别已报送、被拒收、未报送")
    status.add_argument("--period", default=None)
    status.add_argument("--town", default=None, help="只看某镇街（名称或代码）")
    status.add_argument("--type", dest="school_type", default=None, help="只看某办学类型（名称或代码）")
    status.add_argument("--json", action="store_true")
    status.set_defaults(handler=status_cmd)

    summary = add("summary", "汇总结果导出为 .xlsx 或 .pdf")
    summary.add_argument("--period", default=None)
    summary.add_argument("--out", required=True, metavar="FILE.xlsx|FILE.pdf")
    summary.set_defaults(handler=summary_cmd)

    from desktop_app.cli.commands_bureau_report import register_report

    register_report(bureau)  # bureau report: the year-end report's draft


def register_import_cmd(args: argparse.Namespace, context: CommandContext) -> int:
    from desktop_app.bureau.register import RegisterRejected, import_register

    _db(args, context)
    path = Path(args.file)
    if path.exists() and not path.is_file():  # a folder, a device, a pipe: never opened
        context.err(context.tr("bureau.not_a_file", path=path))
        return USAGE_ERROR
    if not path.is_file():
        context.err(context.tr("bureau.file_not_found", path=path))
        return USAGE_ERROR
    try:
        store = _open(context)
    except Exception as error:
        return _refuse(context, error)
    try:
        added, updated = import_register(store, path, context.pack)
    except RegisterRejected as error:
        context.err(context.tr("bureau.register_refused"))
        context.err(error.text(context.lang))
        return 1
    finally:
        store.close()
    context.out(context.tr("bureau.register_imported", added=added, updated=updated))  # fmt: skip
    return 0


def register_list_cmd(args: argparse.Namespace, context: CommandContext) -> int:
    _db(args, context)
    store = _open(context)
    try:
        schools = store.schools()
    finally:
        store.close()
    if args.json:
        rows = [{"code": s.code, "name": s.name, "school_type": s.school_type, "town": s.town,
                 "contact": s.contact, "phone": s.phone} for s in schools]  # fmt: skip
        context.out(json.dumps(rows, ensure_ascii=False))
    else:
        for s in schools:
            context.out(f"{s.code}  {s.name}  {s.school_type}  {s.town}  {s.contact}  {s.phone}")
    return 0


def import_cmd(args: argparse.Namespace, context: CommandContext) -> int:
    from desktop_app.bureau.pipeline import Importer
    from desktop_app.bureau.records import DECISION_LABELS

    _db(args, context)
    missing = [p for p in args.paths if not Path(p).exists()]
    if missing:
        context.err(context.tr("bureau.not_found", files=context.tr("common.list").join(missing)))
        return USAGE_ERROR

    def line(done: int, total: int, outcome: Any) -> None:
        if args.json:
            context.out(json.dumps(outcome.as_json(), ensure_ascii=False))
            return
        label = DECISION_LABELS[outcome.decision][0 if context.lang == "zh" else 1]
        name = Path(outcome.path).name
        context.out(f"[{done}/{total}] {outcome.decision:<9} {name}  {label}：{outcome.text(context.lang)}")

    from desktop_app.domain.pack_set import PackSet

    # Files of any installed pack version are taken in, each read under the version it names.
    packs = PackSet.of(context.pack, [] if context.pack_path else context.shelf.packs())
    # Workers start before the database is opened (reliability-notes #11).
    with Importer(packs, workers=args.workers) as importer:
        try:
            store = _open(context)
        except Exception as error:
            return _refuse(context, error)
        try:
            outcomes = importer.run(store, args.paths, progress=line)
        finally:
            store.close()
    if not args.json:
        counts: dict[str, int] = {}
        for outcome in outcomes:
            counts[outcome.decision] = counts.get(outcome.decision, 0) + 1
        named = [f"{DECISION_LABELS[k][0 if context.lang == 'zh' else 1]} {v}" for k, v in counts.items()]
        context.out(context.tr("bureau.imported", count=len(outcomes), counts=context.tr("common.comma").join(named)))
    return 0


def _choice_key(context: CommandContext, list_key: str, text: str | None) -> str | None:
    if not text:
        return None
    return context.pack.choice_list(list_key).key_of_label(text) or text


def status_cmd(args: argparse.Namespace, context: CommandContext) -> int:
    from desktop_app.bureau.completeness import completeness, completeness_json

    _db(args, context)
    period = _period(args, context)
    if period is None:
        return USAGE_ERROR
    store = _open(context)
    try:
        town = _choice_key(context, "town", args.town)
        school_type = _choice_key(context, "school_type", args.school_type)
        received, rejections = store.current(context.pack, period), store.rejections(period)
        result = completeness(
            context.pack, period, store.schools(), received, rejections, town=town, school_type=school_type
        )
        papers = _papers(store, period, received)
    finally:
        store.close()
    if args.json:
        data = completeness_json(result, context.pack)
        for school in data["schools"]:  # the sealed paper beside the file (bureau verify-paper)
            line = papers.get(school["code"])
            school["paper"] = line.as_json() if line else None
        context.out(json.dumps(data, ensure_ascii=False))
        return 0
    pack = context.pack
    heads = [pack.category(key).label.get(context.lang) for key in result.categories]
    context.out("\t".join([context.tr("bureau.school"), *heads, context.tr("bureau.paper")]))
    for row in result.rows:
        cells = [row.cells[key].label(context.lang) for key in result.categories]
        paper = papers.get(row.school.code)
        cells.append(paper.label(context.lang) if paper else context.tr("bureau.no_paper"))
        context.out("\t".join([f"{row.school.code} {row.school.name}", *cells]))
    counts = result.counts()
    context.out(
        context.tr(
            "bureau.status_counts", received=counts["received"], rejected=counts["rejected"], missing=counts["missing"]
        )
    )
    for school in result.missing_schools():
        context.out(context.tr("bureau.incomplete", name=school.name, contact=school.contact, phone=school.phone))
    return 0


def _papers(store: Any, period: str, received: list[Any]) -> dict[str, Any]:
    from desktop_app.bureau.paper import paper_lines

    files = {item.submission.school_code: (item.submission.revision, item.fingerprint) for item in received}
    return paper_lines(store, period, files)


def summary_cmd(args: argparse.Namespace, context: CommandContext) -> int:
    from desktop_app.bureau.report import build_report

    _db(args, context)
    period = _period(args, context)
    if period is None:
        return USAGE_ERROR
    out = Path(args.out)
    if out.suffix.lower() not in (".xlsx", ".pdf"):
        context.err(context.tr("bureau.out_suffix"))
        return USAGE_ERROR
    store = _open(context)
    try:
        report = build_report(context.pack, store, period)
    finally:
        store.close()
    try:
        if out.suffix.lower() == ".xlsx":
            from desktop_app.bureau.summary_xlsx import write_summary_xlsx

            write_summary_xlsx(report, out)
        else:
            from desktop_app.bureau.summary_pdf import write_summary_pdf

            write_summary_pdf(report, out)
    except OSError as error:
        return _refuse(context, error)
    context.out(context.tr("bureau.summary_written", out=out))
    return 0
