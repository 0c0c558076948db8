"""`submit`, `reopen`, `history`, `audit`, `regenerate`, `backup`, `restore`, `check`: the submission
lifecycle and the safety of the data file, through the same services as the window.

Commands that change the database start it the way the window does (services/startup.py): the
instance lock, the integrity check, the daily backup. `check`, `backup` and `restore` never open it
for writing.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop_app.cli.context import CommandContext, refusals_to_exit
from desktop_app.domain.submission import short_fingerprint

if TYPE_CHECKING:
    from desktop_app.services.reporting import ReportingService


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    add = subparsers.add_parser
    submit = add("submit", help="上报：冻结数据、生成 PDF 和 Excel 报送文件（有错误或警告未说明时拒绝）")
    submit.add_argument("--period", metavar="P", help="报送期（默认：表单包的年度）")
    submit.add_argument("--reviewer", metavar="NAME", help="内部审核人姓名（印在 PDF 页脚）")
    submit.add_argument(
        "--out",
        metavar="DIR",
        type=Path,
        help="报送文件保存到的文件夹（默认：设置中的上报文件夹，即“文档/学校工作报送/报送期”）",
    )
    submit.add_argument("--json", action="store_true", help="以 JSON 输出（文件路径、版次、校验码，或拒绝的原因）")
    submit.set_defaults(handler=run_submit)

    reopen = add("reopen", help="退回修改：已上报的报送期改回草稿，下次上报为新版次")
    reopen.add_argument("--reason", metavar="TEXT", required=True, help="退回修改的原因（必填）")
    reopen.add_argument("--period", metavar="P", help="报送期（默认：表单包的年度）")
    reopen.set_defaults(handler=run_reopen)

    history = add("history", help="上报记录：各版次的时间、原因和校验码")
    history.add_argument("--period", metavar="P", help="报送期（默认：表单包的年度）")
    history.add_argument("--json", action="store_true", help="以 JSON 输出")
    history.set_defaults(handler=run_history)

    audit = add("audit", help="修改记录：何时、何项、原值、新值、版次")
    audit.add_argument("category", nargs="?", metavar="CATEGORY", help="只显示这一类别")
    audit.add_argument("--period", metavar="P", help="报送期（默认：表单包的年度）")
    audit.set_defaults(handler=run_audit)

    regenerate = add("regenerate", help="按存档重新生成某一已上报版次的 PDF 和 Excel（数值与校验码不变）")
    regenerate.add_argument("--revision", metavar="N", type=int, required=True, help="版次")
    regenerate.add_argument("--period", metavar="P", help="报送期（默认：表单包的年度）")
    regenerate.add_argument("--out", metavar="DIR", type=Path, required=True, help="保存到的文件夹")
    regenerate.add_argument("--json", action="store_true", help="以 JSON 输出")
    regenerate.set_defaults(handler=run_regenerate)

    backup = add("backup", help="立即备份数据库（默认保存在数据库旁的 backups 文件夹）")
    backup.add_argument("--out", metavar="FILE", type=Path, help="备份到这个文件")
    backup.set_defaults(handler=run_backup)

    restore = add("restore", help="从备份恢复数据库（当前文件改名保留）；不带 FILE 时列出备份")
    restore.add_argument("file", nargs="?", metavar="FILE", type=Path, help="备份文件")
    restore.add_argument(
        "--empty", action="store_true", help="数据库因损坏被改名保存后，确认不恢复备份、从空白数据库开始"
    )
    restore.set_defaults(handler=run_restore)

    check = add("check", help="检查数据库是否完好；损坏时退出状态为 1")
    check.set_defaults(handler=run_check)


@contextmanager
def _started(context: CommandContext) -> Iterator[ReportingService]:
    from desktop_app.services.startup import start

    started = start(context.db, context.pack, context.lang)
    for warning in started.warnings:
        context.err(context.tr("common.note") + warning)
    try:
        yield started.service
    finally:
        started.close()


@refusals_to_exit
def run_submit(args: argparse.Namespace, context: CommandContext) -> int:
    from desktop_app.domain.submission import fingerprint_line
    from desktop_app.services import lifecycle
    from desktop_app.services.refusals_lifecycle import LifecycleError, SubmitRefused

    with _started(context) as service:
        try:
            result = lifecycle.submit(service, args.period, reviewer=args.reviewer, out_dir=args.out)
        except LifecycleError as refusal:
            if args.json:
                blockers = refusal.as_json(context.lang) if isinstance(refusal, SubmitRefused) else []
                context.out(_dumps({"ok": False, "code": refusal.code, "message": refusal.text(context.lang),
                                    "blockers": blockers}))  # fmt: skip
            context.err(refusal.text(context.lang))
            return 1
        pack_version = service.for_period(result.period).pack.version
    if args.json:
        context.out(_dumps(submit_json(result, pack_version)))
        return 1 if result.files_error else 0
    context.out(
        context.tr(
            "lifecycle.submitted_line",
            revision=result.revision,
            fingerprint=fingerprint_line(result.fingerprint, context.lang),
        )
    )
    if result.files_error:
        context.err(result.files_error)
        return 1
    context.out(str(result.pdf))
    context.out(str(result.xlsx))
    return 0


def _dumps(document: object) -> str:
    return json.dumps(document, ensure_ascii=False, indent=2)


def submit_json(result: Any, pack_version: str) -> dict[str, Any]:
    """The conventions of every --json that writes files: ok, period, revision, fingerprint, files."""
    from desktop_app.domain.submission import short_fingerprint

    files = [str(path) for path in (result.pdf, result.xlsx) if path is not None]
    return {
        "ok": not result.files_error, "period": result.period, "revision": result.revision, "status": "submitted",
        "pack_version": pack_version, "fingerprint": result.fingerprint,
        "short_fingerprint": short_fingerprint(result.fingerprint), "files": files,
        "pdf": str(result.pdf) if result.pdf else None, "xlsx": str(result.xlsx) if result.xlsx else None,
        "backup": str(result.backup) if result.backup else None, "files_error": result.files_error or None,
    }  # fmt: skip


@refusals_to_exit
def run_reopen(args: argparse.Namespace, context: CommandContext) -> int:
    from desktop_app.services import lifecycle
    from desktop_app.services.refusals_lifecycle import LifecycleError

    with _started(context) as service:
        try:
            now = lifecycle.reopen(service, args.reason, args.period)
        except LifecycleError as refusal:
            context.err(refusal.text(context.lang))
            return 1
    context.out(
        context.tr("lifecycle.reopened_line", period=now.reporting_period.name(context.lang), revision=now.revision)
    )
    return 0


@refusals_to_exit
def run_history(args: argparse.Namespace, context: CommandContext) -> int:
    from desktop_app.domain.submission import fingerprint_line
    from desktop_app.services import lifecycle

    with _started(context) as service:
        entries = lifecycle.history(service, args.period)
        now = lifecycle.state(service, args.period)
        pack_version = service.for_period(now.period).pack.version
    if args.json:
        revisions = [{**asdict(entry), "short_fingerprint": short_fingerprint(entry.fingerprint)} for entry in entries]
        document = {
            "period": now.period,
            "status": now.status,
            "revision": now.revision,
            "pack_version": pack_version,
            "revisions": revisions,
        }
        context.out(json.dumps(document, ensure_ascii=False, indent=2))
        return 0
    context.out(f"== {now.reporting_period.name(context.lang)} ==")
    if not entries:
        context.out(context.tr("lifecycle.not_submitted_yet"))
    for entry in entries:
        line = context.tr(
            "lifecycle.history_line",
            revision=entry.revision,
            submitted_at=entry.submitted_at,
            fingerprint=fingerprint_line(entry.fingerprint, context.lang),
        )
        if entry.reason:
            line += context.tr("lifecycle.reason", reason=entry.reason)
        if entry.reviewer:
            reviewed = f"{entry.reviewer} {entry.reviewed_on}"
            line += context.tr("lifecycle.reviewed", reviewed=reviewed)
        context.out(line)
        if entry.reopened_at:
            context.out(
                context.tr("lifecycle.reopened", reopened_at=entry.reopened_at, reopen_reason=entry.reopen_reason)
            )
    state = context.tr("lifecycle.submitted") if now.status == "submitted" else context.tr("lifecycle.draft")
    context.out(context.tr("lifecycle.now", state=state, revision=now.revision))
    return 0


@refusals_to_exit
def run_audit(args: argparse.Namespace, context: CommandContext) -> int:
    from desktop_app.domain.periods import Period
    from desktop_app.services.audit_view import describe

    with _started(context) as service:
        period = service.period_key(None, args.period)
        kind = Period.parse(period).kind  # the command line's key, checked by period_key, parsed once
        categories = [service.category(args.category)] if args.category else list(service.pack.categories_for(kind))
        count = 0
        for category in categories:
            records = service.audit(category.key, period)
            if not records:
                continue
            context.out(context.tr("lifecycle.category_heading", label=category.label.get(context.lang)))
            for record in records:
                line = describe(service.pack, category, record, context.lang)
                tail = context.tr("lifecycle.revision_source", revision=line.revision, source=line.source)
                context.out(f"  {line.at}  {line.what}{context.tr('common.colon')}{line.old} → {line.new}  {tail}")
                count += 1
    if not count:
        context.out(context.tr("lifecycle.no_changes"))
    return 0


@refusals_to_exit
def run_regenerate(args: argparse.Namespace, context: CommandContext) -> int:
    from desktop_app.services import lifecycle
    from desktop_app.services.faults import file_error_text
    from desktop_app.services.refusals_lifecycle import LifecycleError

    with _started(context) as service:
        try:
            pdf, xlsx = lifecycle.regenerate(service, args.revision, args.out, args.period)
            submission, _issues = lifecycle.frozen_submission(service, args.period, args.revision)
        except LifecycleError as refusal:
            context.err(refusal.text(context.lang))
            return 1
        except OSError as error:
            context.err(file_error_text(error, args.out, context.lang))
            return 1
    if args.json:
        from desktop_app.domain.submission import short_fingerprint

        digest = lifecycle.stored_fingerprint(service, submission.period, submission.revision)
        context.out(_dumps({"ok": True, "period": submission.period, "revision": submission.revision,
                            "status": "submitted", "pack_version": submission.pack_version, "fingerprint": digest,
                            "short_fingerprint": short_fingerprint(digest), "files": [str(pdf), str(xlsx)],
                            "pdf": str(pdf), "xlsx": str(xlsx)}))  # fmt: skip
        return 0
    context.out(str(pdf))
    context.out(str(xlsx))
    return 0


def _database(context: CommandContext) -> Path:
    from desktop_app.services.startup import resolve_database

    target = resolve_database(context.db)
    if isinstance(target, str):
        raise SystemExit(context.tr("lifecycle.server_backup"))
    return target


@refusals_to_exit
def run_backup(args: argparse.Namespace, context: CommandContext) -> int:
    from desktop_app.services.backups import CopyFailed, backups_keep, copy_verified, manual_backup
    from desktop_app.storage.engine import refuse_foreign

    database = _database(context)
    if not database.exists():
        context.err(context.tr("lifecycle.no_database", database=database))
        return 1
    refuse_foreign(database)  # a picture or a document under the database's name: refused, unchanged
    try:
        path = copy_verified(database, args.out) if args.out else manual_backup(database, backups_keep())
    except CopyFailed as error:
        context.err(context.tr("common.error") + error.text(context.lang))
        return 1
    context.out(str(path))
    return 0


@refusals_to_exit
def run_restore(args: argparse.Namespace, context: CommandContext) -> int:
    from desktop_app.storage.backup import backup_folder
    from desktop_app.storage.instance_lock import DatabaseInUse, InstanceLock
    from desktop_app.storage.integrity import RestoreFailed, backups_newest_first, restore_backup

    database = _database(context)  # the real file: restoring through a link replaces the file, not the link
    if args.empty:
        return _start_empty(args, context, database)
    if args.file is None:
        for info in backups_newest_first(database):
            mark = "" if info.ok else context.tr("lifecycle.damaged")
            context.out(f"{info.path}\n    {info.summary(lang=context.lang)}{mark}")
        return 0
    source = args.file if args.file.exists() else backup_folder(database) / args.file
    if not source.exists():
        context.err(context.tr("lifecycle.no_backup_file", file=args.file))
        return 1
    try:
        with InstanceLock(database):  # every other connection closed: no window has it open
            previous = restore_backup(source, database)
    except (DatabaseInUse, RestoreFailed) as error:
        context.err(context.tr("common.error") + error.text(context.lang))
        return 1
    context.out(context.tr("lifecycle.restored", name=source.name, database=database))
    if previous is not None:
        context.out(context.tr("lifecycle.kept_as", name=previous.name))
    return 0


def _start_empty(args: argparse.Namespace, context: CommandContext, database: Path) -> int:
    from desktop_app.services.startup import start_empty

    if args.file is not None:
        context.err(context.tr("lifecycle.empty_or_file"))
        return 2
    started = start_empty(database, context.pack, context.lang)
    started.close()
    aside = started.damage.aside.name if started.damage is not None else ""
    context.out(context.tr("lifecycle.made_empty", database=database, aside=aside))
    return 0


def run_check(args: argparse.Namespace, context: CommandContext) -> int:
    from desktop_app.services.locations import location_warning
    from desktop_app.storage.integrity import check_integrity

    database = _database(context)
    warning = location_warning(database, context.lang)
    if warning:
        context.err(context.tr("common.note") + warning)
    if not database.exists():
        context.out(context.tr("lifecycle.no_database_yet", database=database))
        return 0
    if database.is_dir():
        context.err(context.tr("lifecycle.database_is_folder", database=database))
        return 1
    report = check_integrity(database, budget_seconds=60.0)
    colon = context.tr("common.colon")
    if report.ok:
        context.out(f"{database}{colon}{report.text(context.lang)}")
        return 0
    context.err(f"{database}{colon}{report.text(context.lang)}")
    if report.damaged:  # only a verdict of damage advises a restore
        context.err(context.tr("lifecycle.use_restore"))
    return 1
