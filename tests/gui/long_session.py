"""A long session in the real program, then quit: what once ended in a segmentation fault.

    python tests/gui/long_session.py DEMO.sqlite3

Starts the window as `school-report` does (desktop_app.ui.app.run_gui), and once it is ready drives
it through the PDF preview, the print dialog, the send dialog, 上报 (on its worker), the box after
it, 退回修改, 上报记录, 修改记录 and 设置, closing each as a clerk would; then closes the window.
Prints one line per step and "session:done" before the program returns; the exit status is
run_gui's. tests/gui/test_quit.py runs it several times and wants a clean exit every time.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog, QWidget


def say(text: str) -> None:
    print(f"session:{text}", flush=True)


def close_modal_soon(answer: Callable[[QWidget], None] | None = None, delay: int = 150) -> None:
    """Close the modal dialog that is about to open (as the clerk would), from the event loop."""

    def close() -> None:
        widget = QApplication.activeModalWidget()
        if widget is None:
            QTimer.singleShot(50, close)
            return
        if answer is not None:
            answer(widget)
        elif isinstance(widget, QDialog):
            widget.reject()
        else:
            widget.close()

    QTimer.singleShot(delay, close)


def steps(window: Any, out: Path) -> Iterator[int]:
    """Each step does one thing and yields how long to let the event loop run (ms)."""
    from desktop_app.services import lifecycle
    from desktop_app.ui.exports.pdf_preview import open_pdf_preview
    from desktop_app.ui.exports.send_dialog import open_send_dialog
    from desktop_app.ui.lifecycle.audit_dialog import AuditDialog
    from desktop_app.ui.lifecycle.history_dialog import HistoryDialog
    from desktop_app.ui.lifecycle.reopen_dialog import ReopenDialog
    from desktop_app.ui.lifecycle.submit_dialog import SubmitDialog
    from desktop_app.ui.lifecycle.submitted_box import SubmittedBox
    from desktop_app.ui.settings_dialog import SettingsDialog

    period = window.session.period
    for key in [c.key for c in window.session.categories()][:6]:
        window.workspace.categories.select(key)
        yield 30
    say("categories")
    preview = open_pdf_preview(window)
    while not preview.is_ready():
        yield 50
    say("preview")
    close_modal_soon()
    preview.print_document()  # the system print dialog, cancelled
    say("print-dialog")
    preview.close()
    yield 50
    send = open_send_dialog(window)
    yield 100
    send.reject()
    say("send-dialog")
    yield 50
    dialog = SubmitDialog(window.service, period, window.lang, window, out_dir=out / "files")
    dialog.show()
    dialog.submit()
    while dialog.running:
        yield 50
    assert dialog.result_ is not None, dialog.message.text()
    say("submitted")
    window.attach(window.service, period)
    box = SubmittedBox(window, dialog.result_)
    box.show()
    yield 100
    box.accept()
    reopen = ReopenDialog(window.service, period, window.lang, window)
    reopen.reason.setPlainText("区教体局退回：核对数据")
    reopen.confirm()
    assert lifecycle.state(window.service, period).revision == 2
    window.attach(window.service, period)
    say("reopened")
    yield 50
    close_modal_soon()
    HistoryDialog(window.service, period, window.lang, window).exec()
    say("history")
    close_modal_soon()
    AuditDialog(window.service, period, None, window.lang, window).exec()
    say("audit")
    close_modal_soon()
    SettingsDialog(window.settings, window, out / "settings.json").exec()
    say("settings")
    yield 100
    window.close()
    say("closed")


def drive(window: Any, out: Path) -> None:
    walk = steps(window, out)

    def step() -> None:
        try:
            wait = next(walk)
        except StopIteration:
            return
        except Exception as error:  # say it, then end the session the same way
            say(f"failed:{type(error).__name__}:{error}")
            window.close()
            return
        QTimer.singleShot(wait, step)

    QTimer.singleShot(0, step)


def main() -> int:
    import desktop_app.ui.app as app

    db = Path(sys.argv[1])
    out = db.parent
    opened = app.open_store

    def open_store(window: Any, *args: Any, **options: Any) -> None:
        started: list[bool] = []

        def ready() -> None:
            if not started:  # the first time only (the session re-attaches after 上报 and 退回修改)
                started.append(True)
                drive(window, out)

        window.attached.connect(ready)
        opened(window, *args, **options)

    app.open_store = open_store  # type: ignore[assignment]
    code = app.run_gui(db=str(db), lang="zh")
    say("done")
    return code


if __name__ == "__main__":
    raise SystemExit(main())
