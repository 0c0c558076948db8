"""Small pieces the export and send parts share: the Documents folder, a busy indicator, file choosers.

The choosers and the locked-file question are plain functions so that tests (and other parts) can
pass their own instead of driving native dialogs. None takes a language: their words are the window's
(`tr`, ui/i18n.py), in the language it was started in.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QStandardPaths, Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox, QProgressDialog, QWidget

from desktop_app.exporters.atomic import TargetLockedError
from desktop_app.ui.i18n import language, tr

RETRY, SAVE_AS, CANCEL = "retry", "save_as", "cancel"

# (parent, the locked file's error) -> RETRY | SAVE_AS | CANCEL
AskLocked = Callable[[QWidget, TargetLockedError], str]
# (parent, suggested path, file filter) -> the chosen path, or None when cancelled
ChooseSavePath = Callable[[QWidget, Path, str], Path | None]
# (parent, the folder to start in) -> the chosen folder, or None when cancelled
ChooseFolder = Callable[[QWidget, Path], Path | None]


def documents_folder() -> Path:
    """The clerk's Documents folder (the same one 上报 writes into, see services.settings)."""
    from desktop_app.services.settings import documents_dir

    try:
        return documents_dir()
    except Exception:  # platformdirs found none: Qt's answer, else the home folder
        found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        return Path(found) if found else Path.home()


def busy(parent: QWidget, text: str) -> QProgressDialog:
    """A window-modal busy indicator (no cancel: the work is short and leaves nothing half done)."""
    dialog = QProgressDialog(text, "", 0, 0, parent)
    dialog.setCancelButton(None)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(300)  # quick work never flashes a dialog
    dialog.setAutoClose(False)
    dialog.setValue(0)
    return dialog


def ask_locked(parent: QWidget, error: TargetLockedError) -> str:
    """重试 / 另存为… / 取消 for a target that another program (Excel, a PDF viewer) holds open."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(tr("save.locked.title"))
    box.setText(error.text(language()))
    box.setInformativeText(tr("save.locked.text"))
    retry = box.addButton(tr("save.locked.retry"), QMessageBox.ButtonRole.AcceptRole)
    save_as = box.addButton(tr("save.locked.save_as"), QMessageBox.ButtonRole.ActionRole)
    box.addButton(tr("save.locked.cancel"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(retry)
    box.exec()
    clicked = box.clickedButton()
    return RETRY if clicked is retry else SAVE_AS if clicked is save_as else CANCEL


def choose_save_path(parent: QWidget, suggested: Path, file_filter: str) -> Path | None:
    chosen, _ = QFileDialog.getSaveFileName(parent, tr("save.save_as_title"), str(suggested), file_filter)
    if not chosen:
        return None
    path = Path(chosen)
    wanted = suggested.suffix
    return path if path.suffix.lower() == wanted.lower() else path.with_name(path.name + wanted)


def choose_folder(parent: QWidget, start: Path) -> Path | None:
    chosen = QFileDialog.getExistingDirectory(parent, tr("save.folder_title"), str(start))
    return Path(chosen) if chosen else None


def warn(parent: QWidget, text: str) -> None:
    QMessageBox.warning(parent, tr("app.title"), text)
