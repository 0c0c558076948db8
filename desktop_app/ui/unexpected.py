"""The program's last resort: an error no code foresaw is written to the log and shown to the clerk.

Qt prints an exception raised in a slot and carries on; on the clerk's PC the program has no console,
so without this nobody would know an action did not finish. Every edit is committed as it is made,
so what was saved before stays saved: the box says so, and where the details were written.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from PySide6.QtWidgets import QMessageBox, QWidget

from desktop_app.ui.boxes import window_box
from desktop_app.ui.i18n import tr

LOG_NAME = "errors.log"
_LOGGER = "school_report.unexpected"


def log_path() -> Path:
    from desktop_app.services.settings import data_dir

    return data_dir() / "logs" / LOG_NAME


def _write(path: Path, error: BaseException, kind: type[BaseException], trace: TracebackType | None) -> bool:
    """Append the traceback to the log (kept under 1 MB, one old file); False if it cannot be written."""
    import logging  # here, not at start-up: logging.handlers pulls in sockets and pickle (~10 ms)
    from logging.handlers import RotatingFileHandler

    logger = logging.getLogger(_LOGGER)
    logger.propagate = False
    try:
        if not any(getattr(h, "baseFilename", "") == str(path) for h in logger.handlers):
            for old in list(logger.handlers):
                logger.removeHandler(old)
                old.close()
            path.parent.mkdir(parents=True, exist_ok=True)
            handler = RotatingFileHandler(path, maxBytes=1_000_000, backupCount=1, encoding="utf-8")
            handler.setFormatter(logging.Formatter("%(asctime)s %(message)s"))
            logger.addHandler(handler)
        logger.error("未预料的错误", exc_info=(kind, error, trace))
    except OSError:
        return False
    return True


def install(window: QWidget) -> Callable[[], None]:
    """Route uncaught exceptions on the UI thread to the log and one box over `window`; returns the undo."""
    previous = sys.excepthook
    showing: list[QMessageBox] = []

    def hook(kind: type[BaseException], error: BaseException, trace: TracebackType | None) -> None:
        if not issubclass(kind, Exception):  # KeyboardInterrupt, SystemExit: the usual way
            previous(kind, error, trace)
            return
        previous(kind, error, trace)  # a developer's console still sees it (none on the clerk's PC)
        path = log_path()
        written = _write(path, error, kind, trace)
        if showing:  # one box at a time: a burst of the same failure is in the log, not in ten boxes
            return
        message = str(error) or kind.__name__
        key = "unexpected.text" if written else "unexpected.text_unlogged"
        box = window_box(window, QMessageBox.Icon.Critical, tr(key, error=message, log=str(path)))
        showing.append(box)
        box.finished.connect(lambda _result: showing.clear())
        box.open()

    sys.excepthook = hook

    def restore() -> None:
        sys.excepthook = previous

    return restore
