"""`school-report export pdf [--category C] [--period P] --out DIR`: write the PDF, print its path."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from desktop_app.cli.groups import group


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = group(subparsers, "export").add_parser(
        "pdf",
        help="导出可打印的PDF报送文件（全部类别或单个类别）",
        description="导出PDF报送文件：草稿带“草稿”水印，已提交的带版次和校验码。写入后输出文件路径。",
    )
    parser.add_argument("--category", metavar="C", help="只导出这一报送类别（如 party）")
    parser.add_argument("--period", metavar="P", help="报送期（如 2022 或 2022-2023-1；默认本年度）")
    parser.add_argument("--out", metavar="DIR", required=True, type=Path, help="保存到的文件夹")
    parser.add_argument("--json", action="store_true", help="以 JSON 输出（文件路径、版次、校验码）")
    parser.set_defaults(handler=run)


def _lang(args: argparse.Namespace, context: Any) -> str:
    return str(getattr(context, "lang", None) or getattr(args, "lang", None) or "zh")


def run(args: argparse.Namespace, context: Any) -> int:
    from desktop_app.services.faults import OutputFolderRefused, prepare_output_folder

    lang = _lang(args, context)
    try:  # the folder first: a clerk who typed a wrong --out should not wait for the database
        prepare_output_folder(args.out, create=False)
    except OutputFolderRefused as refusal:
        print(refusal.text(lang), file=sys.stderr)
        return 2
    service: Any = getattr(context, "service", None)  # the start-up refusals are answered by cli.faults
    owned = service is None
    if owned:
        from desktop_app.services.reporting import ReportingService

        service = ReportingService.open(getattr(args, "db", None), lang=lang)
    try:
        return _export(service, args, lang, context)
    finally:
        if owned:
            service.close()


def _say(context: Any, text: str) -> None:
    out = getattr(context, "out", None)
    if callable(out):
        out(text)
    else:
        print(text)


def _export(service: Any, args: argparse.Namespace, lang: str, context: Any = None) -> int:
    from desktop_app.exporters.pdf import pdf_file_name, render_pdf, write_pdf
    from desktop_app.services.faults import OutputFolderRefused, export_error_text, prepare_output_folder
    from desktop_app.services.refusals import EditRefused

    out: Path = args.out
    try:
        if args.period and hasattr(service, "for_period"):  # an earlier year: under its own pack
            service = service.for_period(service.period_key(None, args.period))
        category = service.category(args.category) if args.category else None
        period = service.period_key(category, args.period) or service.pack.default_period.key
    except EditRefused as refusal:
        print(refusal.text(lang) if hasattr(refusal, "text") else str(refusal), file=sys.stderr)
        return 2
    from desktop_app.services.lifecycle import current_submission, submission_pack

    # Once submitted, exports print the frozen revision, not the live values.
    submission, issues = current_submission(service, period)
    if category is not None:
        issues = [issue for issue in issues if issue.category == category.key]
    categories = [category.key] if category else None
    data = render_pdf(submission_pack(service, submission), submission, issues, categories=categories, lang=lang)
    name = pdf_file_name(submission, category.label.get(lang) if category else None)
    try:
        prepare_output_folder(out)
    except OutputFolderRefused as refusal:
        print(refusal.text(lang), file=sys.stderr)
        return 1
    try:
        path = write_pdf(out / name, data)
    except OSError as error:  # a full disk, a read-only folder, the file open in a PDF viewer
        print(export_error_text(error, out, lang), file=sys.stderr)
        return 1
    for warning in data.warnings:
        print(warning, file=sys.stderr)
    if getattr(args, "json", False):
        import json

        from desktop_app.cli.commands_export_xlsx import export_json

        _say(context, json.dumps(export_json(service, submission, [path]), ensure_ascii=False, indent=2))
        return 0
    _say(context, str(path))
    return 0
