"""`school-report export xlsx [--period P] --out DIR` and `school-report read-xlsx FILE [--json]`."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from desktop_app.cli.context import refusals_to_exit
from desktop_app.cli.groups import group


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    export = group(subparsers, "export").add_parser(
        "xlsx",
        help="导出Excel报送文件（.xlsx）",
        description="导出Excel报送文件：封面、每个类别一页、供区教体局导入核验的隐藏数据页。写入后输出文件路径。",
    )
    export.add_argument("--period", metavar="P", help="报送期（如 2022 或 2022-2023-1；默认本年度）")
    export.add_argument("--out", metavar="DIR", required=True, type=Path, help="保存到的文件夹")
    export.add_argument("--json", action="store_true", help="以 JSON 输出（文件路径、版次、校验码）")
    export.set_defaults(handler=run_export)
    read = subparsers.add_parser(
        "read-xlsx",
        help="核验Excel报送文件并显示其内容",
        description="核验Excel报送文件（表单、类型、校验码）并显示其内容；不合格时说明原因并以状态 1 退出。",
    )
    read.add_argument("file", metavar="FILE", type=Path, help="要核验的 .xlsx 文件")
    read.add_argument("--json", action="store_true", help="以 JSON 输出（供程序处理）")
    read.set_defaults(handler=run_read)


@refusals_to_exit
def run_export(args: argparse.Namespace, context: Any) -> int:
    from desktop_app.exporters.xlsx import WorkbookWriteError, export_xlsx
    from desktop_app.services.faults import OutputFolderRefused, export_error_text, prepare_output_folder

    out: Path = args.out
    try:  # the folder first: a clerk who typed a wrong --out should not wait for the database
        prepare_output_folder(out, create=False)
    except OutputFolderRefused as refusal:
        context.err(refusal.text(context.lang))
        return 2
    service = context.service
    period = service.period_key(None, args.period)  # an unknown period is refused with its message
    from desktop_app.services.lifecycle import current_submission, submission_pack

    submission, issues = current_submission(service, period)  # the frozen revision once submitted
    try:
        prepare_output_folder(out)
        path = export_xlsx(submission_pack(service, submission), submission, issues, out)
    except OutputFolderRefused as refusal:
        context.err(refusal.text(context.lang))
        return 1
    except WorkbookWriteError as error:
        context.err(error.text(context.lang))
        return 1
    except OSError as error:  # a full disk, a read-only folder, the file open in Excel
        context.err(export_error_text(error, out, context.lang))
        return 1
    if getattr(args, "json", False):
        context.out(json.dumps(export_json(service, submission, [path]), ensure_ascii=False, indent=2))
        return 0
    context.out(str(path))
    return 0


def export_json(service: Any, submission: Any, files: list[Path]) -> dict[str, Any]:
    """What `export … --json` prints: the files written, and the submission they hold."""
    from desktop_app.domain.submission import fingerprint_of, short_fingerprint
    from desktop_app.services.lifecycle import submission_pack

    digest = fingerprint_of(submission_pack(service, submission), submission)  # the sealed one's own
    return {"ok": True, "period": submission.period, "revision": submission.revision,
            "status": submission.status.value, "pack_version": submission.pack_version, "fingerprint": digest,
            "short_fingerprint": short_fingerprint(digest), "files": [str(path) for path in files]}  # fmt: skip


def run_read(args: argparse.Namespace, context: Any) -> int:
    from desktop_app.exporters.xlsx import WorkbookRejected, read_submission

    pack = context.pack
    try:
        submission = read_submission(args.file, pack)
    except WorkbookRejected as error:
        other = _other_version(context, error)  # a file of another installed pack version: read under it
        if other is None:
            if args.json:
                context.out(json.dumps({**_rejection(error), "file": str(args.file)}, ensure_ascii=False, indent=2))
            context.err(context.tr("export.rejected") + error.text(context.lang))
            return 1
        pack = other
        submission = read_submission(args.file, pack)
    if args.json:
        context.out(json.dumps({**_document(pack, submission), "file": str(args.file)}, ensure_ascii=False, indent=2))
    else:
        for line in _lines(pack, submission, context.lang):
            context.out(line)
    return 0


def _other_version(context: Any, error: Any) -> Any:
    if error.code != "wrong_pack_version" or getattr(context, "pack_path", None):
        return None
    found = error.params.get("found") if hasattr(error, "params") else None
    return context.shelf.get(context.pack.id, str(found)) if found else None


def _rejection(error: Any) -> dict[str, Any]:
    return {"ok": False, "code": error.code, "sheet": error.sheet, "key": error.key,
            "cell": error.params.get("cell"), "message": error.text("zh"),
            "message_en": error.text("en")}  # fmt: skip


def _document(pack: Any, submission: Any) -> dict[str, Any]:
    from dataclasses import asdict

    from desktop_app.domain.submission import canonical_values, fingerprint_of, short_fingerprint

    sign = submission.signatories
    return {
        "ok": True,
        "pack": submission.pack_id,
        "pack_version": submission.pack_version,
        "school_code": submission.school_code,
        "school_name": submission.school_name,
        "period": submission.period,
        "revision": submission.revision,
        "status": submission.status.value,
        "generated_at": submission.generated_at.isoformat() if submission.generated_at else None,
        "fingerprint": fingerprint_of(pack, submission),
        "short_fingerprint": short_fingerprint(fingerprint_of(pack, submission)),
        "signatories": {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in asdict(sign).items()},
        "values": canonical_values(pack, submission.values),
        "explanations": {k: dict(v) for k, v in submission.explanations.items()},
    }


def _lines(pack: Any, submission: Any, lang: str) -> list[str]:
    from desktop_app.domain.pack import FieldType
    from desktop_app.domain.submission import STATUS_LABELS, fingerprint_line, fingerprint_of
    from desktop_app.domain.values import display

    zh = lang == "zh"
    status = STATUS_LABELS[submission.status][0 if zh else 1]
    lines = [
        ("核验通过：数据自导出后未被修改。" if zh else "Verified: the data is unchanged since export."),
        f"{'学校' if zh else 'School'}：{submission.school_name}（{submission.school_code}）",
        f"{'报送期' if zh else 'Period'}：{submission.reporting_period.name(lang)}　"
        f"{'版次' if zh else 'Revision'}：{submission.revision}　{'状态' if zh else 'Status'}：{status}",
        fingerprint_line(fingerprint_of(pack, submission), lang),
    ]
    for category in pack.categories:
        values = submission.values.get(category.key)
        if values is None:
            continue
        lines.append(f"\n{category.number} {category.label.get(lang)}")
        for field in category.fields:
            if field.key not in values:
                continue
            value = values[field.key]
            unit = field.unit.get(lang) if field.unit and value not in (None, "") else ""
            lines.append(f"  {field.label.get(lang)}：{display(field, value, pack, lang)}{unit}")
            if field.type is FieldType.TABLE:
                for number, row in enumerate(value or [], start=1):
                    cells = "；".join(
                        f"{c.label.get(lang)}={display(c, row.get(c.key), pack, lang)}" for c in field.columns
                    )
                    lines.append(f"    {number}. {cells}")
        for rule_id, text in submission.explanations.get(category.key, {}).items():
            lines.append(f"  {'说明' if zh else 'Explanation'}（{rule_id}）：{text}")
    return lines
