"""Entry point of `school-report`: global options, then a subcommand from one of the command modules.

Each command module exposes `register(subparsers) -> None`, adding its subcommands with
`set_defaults(handler=...)`; a handler takes (args, context) and returns the exit status.
Command modules import nothing heavy at module level (handlers import what they need), so that
parsing the command line and starting the window stay fast.
"""

from __future__ import annotations

import argparse
import importlib
import io
import sys
from collections.abc import Sequence

from desktop_app import __version__

# Add a module here when it brings new subcommands (keep one line per module).
COMMAND_MODULES: tuple[str, ...] = (
    "desktop_app.cli.commands_forms",
    "desktop_app.cli.commands_forms_files",
    "desktop_app.cli.commands_values",
    "desktop_app.cli.commands_load",
    "desktop_app.cli.commands_export_pdf",
    "desktop_app.cli.commands_export_xlsx",
    "desktop_app.cli.commands_send",
    "desktop_app.cli.commands_lifecycle",
    "desktop_app.cli.commands_questions",
    "desktop_app.cli.commands_bureau",
    "desktop_app.cli.commands_bureau_figures",
    "desktop_app.cli.commands_bureau_paper",
    "desktop_app.cli.commands_selftest",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="school-report",
        description="学校工作报送：填报、校验、导出与报送。不带子命令时打开窗口。",
    )
    parser.add_argument("--version", action="version", version=f"school-report {__version__}")
    parser.add_argument("--db", metavar="PATH", help="数据库文件（默认在用户数据文件夹中）")
    parser.add_argument("--lang", choices=("zh", "en"), default=None, help="消息语言：zh（默认）或 en")
    parser.add_argument("--pack", dest="pack_path", metavar="DIR", help="表单包文件夹（默认：内置表单包）")
    parser.add_argument("--bureau", action="store_true", default=None, help="打开区教体局汇总窗口")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module_name in COMMAND_MODULES:
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as error:
            if error.name == module_name:
                continue  # a command group not built yet
            raise
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    _replace_unencodable()
    parser = build_parser()
    args = parser.parse_args(list(sys.argv[1:] if argv is None else argv))
    if getattr(args, "handler", None) is None:
        return _run_gui(args.db, args.lang, args.bureau)
    from desktop_app.cli.context import CommandContext
    from desktop_app.cli.faults import answer

    context = CommandContext.from_args(args)
    try:
        code = int(args.handler(args, context))
        context.stdout.flush()  # a reader that has gone (`| head`) is met here, not at the exit's flush
        return code
    except Exception as error:  # every fault gets the product's message and a non-zero exit
        return answer(error, context)
    finally:
        try:
            context.close()
        except Exception as error:
            answer(error, context)


def _replace_unencodable() -> None:
    """A character the output's code page lacks (cp936 of `> file` or `| more` on a Chinese Windows)
    is written as "?" instead of ending the command with UnicodeEncodeError."""
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="replace")


def gui_main() -> int:
    """Entry point of the windowed launcher (no console window on Windows)."""
    args = build_parser().parse_args(sys.argv[1:])
    return _run_gui(args.db, args.lang, args.bureau)


def _run_gui(db: str | None, lang: str | None, bureau: bool | None = None) -> int:
    from desktop_app.ui.app import run_gui

    return run_gui(db=db, lang=lang, bureau=bureau)
