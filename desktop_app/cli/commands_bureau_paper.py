"""`school-report bureau verify-paper FILE...`: scans of sealed papers checked against imported files;
`school-report bureau questions add|propose|list|export|close|reask`: 退回修改意见 (docs/questions.md).

One line per file (`--json`: one JSON object per line). Exit status: 0 when every paper matches the newest
imported revision of its school, 1 when any does not (or a file could not be read), 2 on a usage error.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from desktop_app.cli.bureau_common import USAGE_ERROR, _db, _open, _refuse, add_command
from desktop_app.cli.context import CommandContext
from desktop_app.cli.groups import group


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    bureau = group(subparsers, "bureau")
    verify = add_command(
        bureau, "verify-paper", "核验盖章纸质件：扫描件（PDF、PNG、JPEG）上的二维码与已导入的报送文件是否一致"
    )
    verify.add_argument("files", nargs="+", metavar="FILE")
    verify.add_argument("--json", action="store_true", help="每个文件输出一行 JSON")
    verify.set_defaults(handler=verify_paper_cmd)
    register_questions(subparsers)


def verify_paper_cmd(args: argparse.Namespace, context: CommandContext) -> int:
    from desktop_app.bureau.paper import OUTCOME_LABELS, verify_file

    _db(args, context)
    missing = [name for name in args.files if not Path(name).is_file()]
    if missing:
        context.err(context.tr("bureau_questions.not_found", files=context.tr("common.list").join(missing)))
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


def register_questions(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    bureau = group(subparsers, "bureau")
    parser = add_command(bureau, "questions", "退回修改意见：提出、列出、导出给学校、关闭或再次询问")
    sub = parser.add_subparsers(dest="questions_command", metavar="COMMAND", required=True)

    def command(name: str, help_text: str) -> argparse.ArgumentParser:
        found = sub.add_parser(name, help=help_text)
        found.add_argument("--db", default=argparse.SUPPRESS, metavar="URL|PATH", help="汇总数据库")
        return found

    add = command("add", "对某校某项数据提出意见（针对该校该期最新导入的版次）")
    add.add_argument("--school", required=True, metavar="CODE", help="学校标识码")
    add.add_argument("--period", default=None, metavar="P", help="报送期（默认：表单包的年度）")
    add.add_argument("--category", metavar="KEY", help="类别（键，如 safety）")
    add.add_argument("--field", default="", metavar="KEY", help="字段（键）；不填则针对整个类别")
    add.add_argument("--row", type=int, default=None, metavar="N", help="表格字段的第 N 行（从 1 起）")
    add.add_argument("--text", metavar="TEXT", help="意见内容")
    add.add_argument(
        "--proposed", action="store_true", help="把 propose 列出的建议全部作为意见提出（可与 --school 合用）"
    )
    add.set_defaults(handler=add_cmd)

    propose = command("propose", "由数据质量与过简的说明（少于 5 字）生成建议意见（不保存）")
    propose.add_argument("--school", default=None, metavar="CODE")
    propose.add_argument("--period", default=None, metavar="P")
    propose.add_argument("--json", action="store_true")
    propose.set_defaults(handler=propose_cmd)

    listing = command("list", "列出意见及其状态（待答复、已答复、已认可），答复中的数值变化与答复内容")
    listing.add_argument("--school", default=None, metavar="CODE")
    listing.add_argument("--period", default=None, metavar="P")
    listing.add_argument("--state", choices=["open", "answered", "accepted", "reasked"], default=None)
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler=list_cmd)

    export = command("export", "把某校待答复的意见导出为退回意见工作簿（.xlsx），发给学校")
    export.add_argument("--school", required=True, metavar="CODE")
    export.add_argument("--period", default=None, metavar="P")
    export.add_argument("--out", required=True, metavar="FILE.xlsx", type=Path)
    export.add_argument("--reason", default="", metavar="TEXT", help="退回原因（学校据此退回修改；默认按条数生成）")
    export.set_defaults(handler=export_cmd)

    close = command("close", "认可答复并关闭意见（或撤回尚未答复的意见）")
    close.add_argument("uids", nargs="+", metavar="UID")
    close.set_defaults(handler=close_cmd)

    reask = command("reask", "对答复不认可：再次询问（原意见保留为“已再次询问”，新意见针对最新版次）")
    reask.add_argument("uid", metavar="UID")
    reask.add_argument("--text", required=True, metavar="TEXT")
    reask.set_defaults(handler=reask_cmd)


def _with_store(args: argparse.Namespace, context: CommandContext) -> Any:
    _db(args, context)
    return _open(context)


def _period_or_none(args: argparse.Namespace, context: CommandContext) -> str | None:
    from desktop_app.cli.bureau_common import _period

    return _period(args, context)


def add_cmd(args: argparse.Namespace, context: CommandContext) -> int:
    from desktop_app.bureau.questions import QuestionRefused, add, propose
    from desktop_app.domain.questions import Target, target_label

    period = _period_or_none(args, context)
    if period is None:
        return USAGE_ERROR
    if not args.proposed and (not args.category or not args.text):
        context.err(context.tr("bureau_questions.give_text"))
        return USAGE_ERROR
    store = _with_store(args, context)
    try:
        if args.proposed:
            asked = [
                add(store, context.pack, p.school_code, period, p.target, p.text, p.origin)
                for p in propose(store, context.pack, period, args.school)
            ]
        else:
            target = Target(args.category, args.field or "", args.row)
            asked = [add(store, context.pack, args.school, period, target, args.text)]
    except QuestionRefused as error:
        context.err(context.tr("bureau_questions.not_asked") + error.text(context.lang))
        return 1
    finally:
        store.close()
    for record in asked:
        context.out(
            f"{record.uid}  {record.school_code}  第{record.revision}版  "
            f"{target_label(context.pack, record.target, context.lang)}：{record.text}"
        )
    context.out(context.tr("bureau_questions.asked", asked=len(asked)))
    return 0


def propose_cmd(args: argparse.Namespace, context: CommandContext) -> int:
    from desktop_app.bureau.questions import propose
    from desktop_app.domain.questions import target_label

    period = _period_or_none(args, context)
    if period is None:
        return USAGE_ERROR
    store = _with_store(args, context)
    try:
        found = propose(store, context.pack, period, args.school)
    finally:
        store.close()
    if args.json:
        context.out(json.dumps([p.as_json(context.pack) for p in found], ensure_ascii=False))
        return 0
    for p in found:
        context.out(f"{p.school_code} {p.school_name}  {target_label(context.pack, p.target, context.lang)}：{p.text}")
    context.out(context.tr("bureau_questions.proposed", found=len(found)))
    return 0


def list_cmd(args: argparse.Namespace, context: CommandContext) -> int:
    from desktop_app.bureau.questions import STATE_LABELS, listed
    from desktop_app.domain.questions import describe_change, target_label

    store = _with_store(args, context)
    try:
        found = listed(store, args.school, args.period, args.state)
    finally:
        store.close()
    if args.json:
        context.out(json.dumps([q.as_json(context.pack) for q in found], ensure_ascii=False))
        return 0
    totals: dict[str, dict[str, int]] = {}
    for q in found:
        state = STATE_LABELS[q.state][0 if context.lang == "zh" else 1]
        context.out(
            f"{q.uid}  {q.school_code}  {q.period}  第{q.revision}版  [{state}]  "
            f"{target_label(context.pack, q.target, context.lang)}"
        )
        context.out(context.tr("bureau_questions.question") + q.text)
        if q.answered_revision is not None:
            moved = describe_change(context.pack, q.target, q.old, q.new, context.lang)
            context.out(
                context.tr("bureau_questions.answer", answered_revision=q.answered_revision)
                + moved
                + (context.tr("bureau_questions.reply") + q.reply if q.reply else "")
            )
        counts = totals.setdefault(q.school_code, {})
        counts[q.state] = counts.get(q.state, 0) + 1
    for school, counts in sorted(totals.items()):
        shown = "，".join(
            f"{STATE_LABELS[k][0 if context.lang == 'zh' else 1]} {counts[k]}"
            for k in ("open", "answered", "accepted", "reasked")
            if k in counts
        )
        context.out(f"{school}：{shown}")
    if not found:
        context.out(context.tr("bureau_questions.no_questions"))
    return 0


def export_cmd(args: argparse.Namespace, context: CommandContext) -> int:
    from desktop_app.bureau.questions import QuestionRefused, export

    period = _period_or_none(args, context)
    if period is None:
        return USAGE_ERROR
    if args.out.suffix.lower() != ".xlsx":
        context.err(context.tr("bureau_questions.out_suffix"))
        return USAGE_ERROR
    store = _with_store(args, context)
    try:
        done = export(store, context.pack, args.school, period, args.out, args.reason)
    except QuestionRefused as error:
        context.err(error.text(context.lang))
        return 1
    except OSError as error:
        return _refuse(context, error)
    finally:
        store.close()
    context.out(
        context.tr("bureau_questions.exported", questions=done.questions, revision=done.revision, path=done.path)
    )
    return 0


def close_cmd(args: argparse.Namespace, context: CommandContext) -> int:
    from desktop_app.bureau.questions import QuestionRefused, close

    store = _with_store(args, context)
    failed = 0
    try:
        for uid in args.uids:
            try:
                close(store, uid)
                context.out(context.tr("bureau_questions.closed", uid=uid))
            except QuestionRefused as error:
                context.err(error.text(context.lang))
                failed += 1
    finally:
        store.close()
    return 1 if failed else 0


def reask_cmd(args: argparse.Namespace, context: CommandContext) -> int:
    from desktop_app.bureau.questions import QuestionRefused, reask

    store = _with_store(args, context)
    try:
        asked = reask(store, context.pack, args.uid, args.text)
    except QuestionRefused as error:
        context.err(error.text(context.lang))
        return 1
    finally:
        store.close()
    context.out(context.tr("bureau_questions.asked_again", uid=asked.uid, revision=asked.revision))
    return 0
