"""立即备份… (to a file the clerk chooses) and 从备份恢复… (a list saying what each backup holds).

A restore closes the window's database first (every connection), puts the verified copy in place,
keeps the replaced file beside it under a new name, and opens the restored file.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.ui.exports.common import ChooseSavePath, choose_save_path, documents_folder
from desktop_app.ui.i18n import tr
from desktop_app.ui.screen_fit import fit_window

PATH_ROLE = Qt.ItemDataRole.UserRole


def backup_now(parent: QWidget, database: Path, choose: ChooseSavePath = choose_save_path) -> Path | None:
    """Ask where, then copy with SQLite's backup API and verify; returns the file (None if cancelled)."""
    from desktop_app.services.backups import copy_verified

    suggested = documents_folder() / tr("backup.file_name", day=f"{date.today():%Y%m%d}")
    target = choose(parent, suggested, tr("backup.filter"))
    if target is None:
        return None
    return copy_verified(database, target)


class RestoreDialog(QDialog):
    """The backups of a database, newest first, each with its date, school, periods and revisions."""

    def __init__(self, database: Path, lang: str = "zh", parent: QWidget | None = None) -> None:
        from desktop_app.storage.integrity import backups_newest_first

        super().__init__(parent)
        self.database, self.lang = database, lang
        self.chosen: Path | None = None
        self.setWindowTitle(tr("backup.title"))
        fit_window(self, "restore_dialog", QSize(760, 380))
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(tr("backup.hint")))
        self.list = QListWidget()
        self.list.setWordWrap(True)
        self.list.setSpacing(3)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        for info in backups_newest_first(database):
            damaged = tr("backup.damaged", taken_at=f"{info.taken_at:%Y-%m-%d %H:%M}")
            text = info.summary("\n", lang) if info.ok else damaged
            item = QListWidgetItem(text)
            item.setData(PATH_ROLE, str(info.path))
            item.setToolTip(str(info.path))
            if not info.ok:
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
            self.list.addItem(item)
        if not self.list.count():
            layout.addWidget(QLabel(tr("backup.none")))
        layout.addWidget(self.list, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.restore_button = buttons.addButton(tr("backup.restore_selected"), QDialogButtonBox.ButtonRole.AcceptRole)
        other = buttons.addButton(tr("backup.restore_file"), QDialogButtonBox.ButtonRole.ActionRole)
        self.restore_button.setEnabled(False)
        self.list.currentItemChanged.connect(lambda item, _old: self.restore_button.setEnabled(item is not None))
        self.restore_button.clicked.connect(self._take_selected)
        other.clicked.connect(self._take_file)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _take_selected(self) -> None:
        item = self.list.currentItem()
        if item is not None:
            self.chosen = Path(item.data(PATH_ROLE))
            self.accept()

    def _take_file(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(self, self.windowTitle(), str(documents_folder()), tr("backup.filter"))
        if chosen:
            self.chosen = Path(chosen)
            self.accept()


def restore_in_window(window: Any, backup: Path) -> str:
    """Close the window's database, restore `backup` over it, open it again; returns the message."""
    from desktop_app.services.reporting import ReportingService
    from desktop_app.storage.integrity import RestoreFailed, restore_backup

    service = window.service
    database: Path = service.store.database.path
    pack, lang = service.pack, window.lang
    period = window.session.period if window.session is not None else None
    window.workspace.flush()
    service.close()  # every connection closed before the file is replaced
    try:
        previous = restore_backup(backup, database)
        message = tr("backup.restored", name=backup.name)
        if previous is not None:
            message += tr("backup.kept_as", name=previous.name)
    except (RestoreFailed, OSError) as error:
        message = str(error)
    window.attach(ReportingService.open(database, pack, lang), period)
    return message


def restore_closed(window: Any, backup: Path, database: Path) -> str:
    """Restore while no database is open in the window, then open it."""
    from desktop_app.domain.loader import load_pack
    from desktop_app.services.reporting import ReportingService
    from desktop_app.storage.integrity import RestoreFailed, restore_backup

    try:
        restore_backup(backup, database)
    except (RestoreFailed, OSError) as error:
        return str(error)
    window.attach(ReportingService.open(database, load_pack(), window.lang))
    return tr("backup.restored", name=backup.name)
