"""After 上报: where the files are (the folder, the two file names) and what to do next with them:
打开所在文件夹, 打印, 发送. The box stays open while the folder or the print dialog is used."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout

from desktop_app.ui.exports.common import warn
from desktop_app.ui.i18n import tr


def _show_folder(path: Path) -> bool:
    from desktop_app.exporters.email import show_in_folder

    return show_in_folder(path)


class SubmittedBox(QDialog):
    def __init__(self, window: Any, result: Any) -> None:
        super().__init__(window)
        self.window_, self.submitted = window, result
        self.lang: str = getattr(window, "lang", "zh")
        # Replaceable by tests: the file manager, the printing, the send dialog.
        self.show_folder: Callable[[Path], bool] = _show_folder
        self.print_file: Callable[[QDialog, Path], int] = _print_file
        self.setWindowTitle(tr("submitted.title"))
        folder = result.pdf.parent
        head = QLabel(tr("submitted.text", revision=result.revision))
        where = QLabel(str(folder))
        where.setWordWrap(True)
        where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        where.setStyleSheet("font-weight: bold;")
        names = QLabel("\n".join(f"· {path.name}" for path in (result.pdf, result.xlsx)))
        names.setWordWrap(True)
        names.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        hint = QLabel(tr("submitted.next"))
        hint.setWordWrap(True)
        self.folder_button = QPushButton(tr("submitted.show_folder"))
        self.print_button = QPushButton(tr("submitted.print"))
        self.send_button = QPushButton(tr("submitted.send"))
        close = QPushButton(tr("submitted.close"))
        close.setDefault(True)
        self.folder_button.clicked.connect(self.open_folder)
        self.print_button.clicked.connect(self.print_pdf)
        self.send_button.clicked.connect(self.send)
        close.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        for button in (self.folder_button, self.print_button, self.send_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        for widget in (head, where, names, hint):
            layout.addWidget(widget)
        layout.addLayout(buttons)

    def open_folder(self) -> bool:
        shown = self.show_folder(self.submitted.pdf)
        if not shown:
            warn(self, tr("submitted.no_folder", folder=self.submitted.pdf.parent))
        return shown

    def print_pdf(self) -> int:
        return self.print_file(self, self.submitted.pdf)

    def send(self) -> None:
        """The send dialog over the main window (the files it attaches are the submitted revision's)."""
        self.accept()
        self.window_.trigger("send")


def _print_file(parent: QDialog, path: Path) -> int:
    """The system print dialog for the submitted PDF (the same pages as the file)."""
    from PySide6.QtPdf import QPdfDocument

    from desktop_app.ui.exports.pdf_print import print_with_dialog

    document = QPdfDocument(parent)
    try:
        if document.load(str(path)) != QPdfDocument.Error.None_:
            warn(parent, tr("submitted.no_pdf", path=path))
            return 0
        return print_with_dialog(document, parent)
    finally:
        document.close()
        document.deleteLater()
