"""学校工作报送 launcher: starts the program without a console window (pythonw.exe / windowed bundle).

With no arguments it opens the window; with arguments it runs the command line (e.g. `selftest`).
Output goes to a log in the user's data folder (pythonw has no console); if start-up fails, a Chinese
message box says so and where the log is, instead of the program silently not appearing.
Kept to the standard library until the app itself is imported: the failure may be a broken install.
"""

from __future__ import annotations

import datetime
import os
import sys
import traceback
from pathlib import Path

APP = "school-report"
TITLE = "学校工作报送"
LOG_LIMIT = 1_000_000  # bytes; one older log is kept as launcher.log.1


def data_dir() -> Path:
    """platformdirs.user_data_dir("school-report", "school-report"), the app's data folder."""
    try:
        from platformdirs import user_data_dir

        return Path(user_data_dir(APP, APP))
    except Exception:  # a broken install must still be able to write its log
        base = os.environ.get("LOCALAPPDATA") or os.path.join(Path.home(), ".local", "share")
        return Path(base) / APP / APP


def open_log() -> tuple[Path, object]:
    folder = data_dir() / "logs"
    folder.mkdir(parents=True, exist_ok=True)
    log_path = folder / "launcher.log"
    if log_path.exists() and log_path.stat().st_size > LOG_LIMIT:
        log_path.replace(folder / "launcher.log.1")
    stream = open(log_path, "a", encoding="utf-8", buffering=1)  # noqa: SIM115 (open for the whole run)
    stream.write(f"\n=== {datetime.datetime.now().isoformat(timespec='seconds')} {sys.argv[1:]!r}\n")
    return log_path, stream


def show_error(text: str) -> None:
    if sys.platform == "win32":
        import ctypes

        mb_iconerror = 0x10
        ctypes.windll.user32.MessageBoxW(None, text, f"{TITLE} - 启动失败", mb_iconerror)
    else:
        print(text, file=sys.__stderr__ or sys.stderr)


def main() -> int:
    log_path: Path | None = None
    stream = None
    try:
        log_path, stream = open_log()
        if sys.stdout is None or sys.stderr is None:  # pythonw.exe / windowed: no console
            sys.stdout = sys.stdout or stream  # type: ignore[assignment]
            sys.stderr = sys.stderr or stream  # type: ignore[assignment]
        from desktop_app.cli.main import main as app_main

        return int(app_main(sys.argv[1:]) or 0)
    except SystemExit as exit_request:  # argparse --version/--help, or the app's own exit code
        code = exit_request.code
        return code if isinstance(code, int) else (0 if code is None else 1)
    except BaseException as error:
        details = traceback.format_exc()
        for target in {id(s): s for s in (stream, sys.stderr) if s is not None}.values():
            target.write(details)  # type: ignore[attr-defined]
        where = f"\n\n详细记录已保存在：\n{log_path}" if log_path else ""
        show_error(
            f"{TITLE}未能启动。\n\n原因：{type(error).__name__}: {error}{where}\n\n"
            "请将该记录文件发给技术支持人员。"
        )
        return 1


if __name__ == "__main__":
    sys.exit(main())
