"""The last line of defence of every command: no fault reaches the clerk as a Python traceback.

A refusal (anything with `text(lang)`: a bad value, a database that cannot be used, a folder that
cannot take files, …) is printed on stderr in the chosen language; an OSError names the file and the
reason in the clerk's words; output piped into a program that stops reading (`| head`) ends quietly
with one line. A programming error is written to a report file in the data folder, and the clerk is
told where it is. Each of these exits with a non-zero status; none of them happens after a half write
(every write is one transaction or one atomic file replace).
"""

from __future__ import annotations

import contextlib
import os
import sys
import traceback
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from desktop_app.domain.text import Text

if TYPE_CHECKING:
    from desktop_app.cli.context import CommandContext

EXIT_REFUSED = 1
EXIT_INTERNAL = 3

PREFIX = Text("错误：", "Error: ")
FILE_FAULT = Text(
    "无法读写“{path}”：{reason}。已保存的数据不受影响。",
    "Cannot read or write “{path}”: {reason}. Your saved data is safe.",
)
PIPE_CLOSED = Text(
    "输出已中断：接收输出的程序（如 head）已关闭。", "Output stopped: the program reading it (such as head) has closed."
)
INTERNAL = Text(
    "程序内部错误（{kind}），操作未完成；已保存的数据不受影响。详细信息已保存到“{report}”，请将该文件发给技术支持人员。",
    "Internal error ({kind}); the command did not finish and your saved data is safe. The details were "
    "saved to “{report}”; please send that file to support.",
)


def refusal_text(error: BaseException, lang: str) -> str | None:
    """The clerk's message for a refusal or a file fault; None for a programming error."""
    from desktop_app.domain.pack_parts import PackError

    if isinstance(error, PackError):
        return str(error)
    text = getattr(error, "text", None)
    if callable(text):
        return PREFIX.get(lang) + str(text(lang))
    if isinstance(error, OSError):
        from desktop_app.services.faults import reason_text

        where = error.filename or ""
        return PREFIX.get(lang) + FILE_FAULT.format(lang, path=where, reason=reason_text(error, lang))
    return None


def answer(error: BaseException, context: CommandContext) -> int:
    """Say what went wrong and return the exit status (called with the exception being handled)."""
    if isinstance(error, BrokenPipeError):  # files never raise EPIPE; mail sockets are answered by the sender
        return pipe_closed(context)
    message = refusal_text(error, context.lang)
    if message is not None:
        context.err(message)
        return EXIT_REFUSED
    report = _write_report(error)
    context.err(INTERNAL.format(context.lang, kind=type(error).__name__, report=report or "—"))
    if report is None:
        traceback.print_exception(error, file=sys.stderr)  # nowhere to keep it: better shown than lost
    return EXIT_INTERNAL


def pipe_closed(context: CommandContext) -> int:
    """stdout's reader has gone: point stdout at nothing (so the exit flush is quiet) and say so once."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass
    with contextlib.suppress(OSError):
        context.err(PIPE_CLOSED.get(context.lang))
    return EXIT_REFUSED


def _write_report(error: BaseException) -> Path | None:
    try:
        from desktop_app.services.settings import data_dir

        folder = data_dir() / "logs"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"error-{datetime.now():%Y%m%d-%H%M%S-%f}.txt"
        lines = traceback.format_exception(error)
        path.write_text(f"school-report {' '.join(sys.argv[1:])}\n\n" + "".join(lines), encoding="utf-8")
    except Exception:
        return None
    return path
