"""The lifecycle's menu actions, registered with ui/actions.py: 上报…, 退回修改…, 上报记录…, 修改记录…
(报送 menu) and 立即备份…, 从备份恢复… (文件 menu)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QMessageBox

from desktop_app.ui.actions import ActionSpec, register_action
from desktop_app.ui.i18n import tr


def _title(window: Any) -> str:
    return tr("app.title")


def jump_to(window: Any, category: str, field: str, row: object) -> None:
    """Show the category's form and put the cursor in the field (and row) a blocker names."""
    window.workspace.select(category)
    window.workspace.jump(field, row)


def refresh(window: Any) -> None:
    """After a change of state the forms' read-only state and the statuses must be shown afresh."""
    period = window.session.period if window.session is not None else None
    window.attach(window.service, period)


def submit(window: Any) -> None:
    from desktop_app.ui.lifecycle.submit_dialog import SubmitDialog
    from desktop_app.ui.lifecycle.submitted_box import SubmittedBox

    if window.busy:
        return  # one submission at a time
    dialog = SubmitDialog(window.service, window.session.period, window.lang, window)
    dialog.jump.connect(lambda category, field, row: jump_to(window, category, field, row))
    accepted = dialog.exec()
    dialog.deleteLater()  # a used dialog does not linger under the window until the program ends
    if accepted and dialog.result_ is not None:
        result = dialog.result_
        refresh(window)
        if result.files_error:
            lines = [
                tr("submit.done", revision=result.revision),
                result.files_error,
            ]
            QMessageBox.warning(window, _title(window), "\n".join(lines))
            return
        SubmittedBox(window, result).open()  # where the files are: open, print, send


def reopen(window: Any) -> None:
    from desktop_app.ui.lifecycle.reopen_dialog import ReopenDialog

    dialog = ReopenDialog(window.service, window.session.period, window.lang, window)
    accepted = dialog.exec()
    dialog.deleteLater()
    if accepted:
        refresh(window)
        window.show_message(tr("reopen.done"))


def history(window: Any) -> None:
    from desktop_app.ui.lifecycle.history_dialog import HistoryDialog

    dialog = HistoryDialog(window.service, window.session.period, window.lang, window)
    dialog.exec()
    dialog.deleteLater()


def audit(window: Any) -> None:
    from desktop_app.ui.lifecycle.audit_dialog import AuditDialog

    current = window.workspace.categories.current_key()
    keys = {c.key for c in window.session.categories()}
    dialog = AuditDialog(
        window.service, window.session.period, current if current in keys else None, window.lang, window
    )
    dialog.exec()
    dialog.deleteLater()


def _database(window: Any) -> Path | None:
    if window.service is not None:
        path: Path | None = window.service.store.database.path
        return path
    lock = getattr(window, "instance_lock", None)
    if lock is not None:  # a damaged start on --db FILE: that file, not the one in the settings
        return Path(lock.database)
    from desktop_app.services.startup import resolve_database

    target = resolve_database(window.settings.database_path or None)
    return target if isinstance(target, Path) else None


def backup(window: Any) -> None:
    from desktop_app.services.backups import CopyFailed
    from desktop_app.ui.lifecycle.backup_dialogs import backup_now

    database = _database(window)
    if database is None:
        return
    try:
        made = backup_now(window, database)
    except CopyFailed as error:
        QMessageBox.warning(window, _title(window), error.text(window.lang))
        return
    if made is not None:
        QMessageBox.information(window, _title(window), tr("backup.done", path=made))


def restore(window: Any) -> None:
    from desktop_app.ui.lifecycle.backup_dialogs import RestoreDialog, restore_closed, restore_in_window

    database = _database(window)
    if database is None:
        return
    dialog = RestoreDialog(database, window.lang, window)
    if not dialog.exec() or dialog.chosen is None:
        return
    if window.service is not None:
        message = restore_in_window(window, dialog.chosen)
    else:  # nothing open (say, a damaged file was set aside at start): restore, then open it
        message = restore_closed(window, dialog.chosen, database)
    QMessageBox.information(window, _title(window), message)


for _spec in (
    ActionSpec("submit", "report", submit, "Ctrl+Shift+S", order=40),
    ActionSpec("reopen", "report", reopen, order=45),
    ActionSpec("history", "report", history, order=50),
    ActionSpec("audit", "report", audit, order=55),
    ActionSpec("backup_now", "file", backup, order=60),
    ActionSpec("restore", "file", restore, order=65, needs_store=False),
):
    register_action(_spec)
