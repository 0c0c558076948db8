"""`school-report questions import | list | reply`: the bureau's 退回修改意见 at the school.

`import FILE` checks the file (this school, a revision it submitted, not modified), stores the questions and
reopens the period with the bureau's reason; `list` shows each question, the value asked about, the value
now and the reply; `reply UID TEXT` writes the answer. 上报 is refused while a question is unanswered.
Exit status: 0 done, 1 refused (the message says why), 2 usage error.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from desktop_app.cli.context import CommandContext, refusals_to_exit


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("questions", help="区教体局退回修改意见：导入、查看、答复")
    sub = parser.add_subparsers(dest="questions_command", metavar="COMMAND", required=True)
    imports = sub.add_parser("import", help="导入退回意见文件（.xlsx），并按其原因退回修改")
    imports.add_argument("file", metavar="FILE", type=Path)
    imports.set_defaults(handler=run_import)
    listing = sub.add_parser("list", help="列出退回意见及答复情况")
    listing.add_argument("--period", metavar="P", help="报送期（默认：全部）")
    listing.add_argument("--all", action="store_true", help="也列出已随上报版次报回的意见")
    listing.add_argument("--json", action="store_true", help="以 JSON 输出")
    listing.set_defaults(handler=run_list)
    reply = sub.add_parser("reply", help="填写对某条意见的答复")
    reply.add_argument("uid", metavar="UID", help="意见编号（questions list 中的编号）")
    reply.add_argument("text", metavar="TEXT", help="答复内容（空文字清除答复）")
    reply.set_defaults(handler=run_reply)


def _refused(context: CommandContext, error: Exception) -> int:
    from desktop_app.cli.context import describe

    context.err(describe(error, context.lang))
    return 1


@refusals_to_exit
def run_import(args: argparse.Namespace, context: CommandContext) -> int:
    from desktop_app.domain.periods import Period
    from desktop_app.exporters.xlsx.questions import QuestionFileRejected
    from desktop_app.services.questions_import import QuestionsRefused, import_file
    from desktop_app.services.refusals_lifecycle import LifecycleError

    if not args.file.is_file():
        context.err(context.tr("questions.file_not_found", file=args.file))
        return 2
    try:
        result = import_file(context.service, args.file)
    except (QuestionFileRejected, QuestionsRefused, LifecycleError) as error:
        return _refused(context, error)
    period = Period.parse(result.period).name(context.lang)
    if not result.added:
        context.out(context.tr("questions.already", already=result.already))
        return 0
    context.out(context.tr("questions.imported", added=result.added, period=period, revision=result.revision))
    if result.reopened:
        context.out(context.tr("questions.reopened", period=period, reason=result.reason))
    return 0


@refusals_to_exit
def run_list(args: argparse.Namespace, context: CommandContext) -> int:
    from desktop_app.domain.questions import describe_change, target_label
    from desktop_app.services.questions import questions

    service = context.service
    period = service.period_key(None, args.period) if args.period else None
    found = questions(service, period, pending_only=not args.all)
    if args.json:
        context.out(json.dumps([item.as_json(service.pack) for item in found], ensure_ascii=False))
        return 0
    if not found:
        context.out(context.tr("questions.none_open"))
    for item in found:
        if item.answered_revision is not None:
            state = context.tr("questions.sent_with", answered_revision=item.answered_revision)
        else:
            state = context.tr("questions.answered") if item.answered else context.tr("questions.open")
        context.out(f"{item.uid}  [{state}]  {target_label(service.pack, item.target, context.lang)}")
        context.out(context.tr("bureau_questions.question") + item.text)
        if item.value_changed:
            context.out(
                context.tr("questions.change")
                + describe_change(service.pack, item.target, item.old, item.now, context.lang)
            )
        if item.reply:
            context.out(context.tr("questions.reply") + item.reply)
    return 0


@refusals_to_exit
def run_reply(args: argparse.Namespace, context: CommandContext) -> int:
    from desktop_app.services.questions import QuestionsRefused, set_reply

    try:
        set_reply(context.service, args.uid, args.text)
    except QuestionsRefused as error:
        return _refused(context, error)
    context.out(context.tr("questions.reply_saved", uid=args.uid))
    return 0
