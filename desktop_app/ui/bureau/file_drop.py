"""What the bureau's file panels share: files and folders dropped on them, and the dashed hint saying so."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QLabel, QWidget


class FileDropPanel(QWidget):
    """A panel that takes local files and folders dropped on it and hands their paths to `start`."""

    def __init__(self) -> None:
        super().__init__()
        self.setAcceptDrops(True)

    def start(self, paths: list[str]) -> None:
        raise NotImplementedError

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [url.toLocalFile() for url in event.mimeData().urls() if url.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.start(paths)


def drop_hint(text: str) -> QLabel:
    """The dashed box over a panel that says what may be dropped on it."""
    hint = QLabel(text)
    hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
    hint.setMinimumHeight(56)
    hint.setStyleSheet("border: 2px dashed #8a8a8a; border-radius: 6px; color: #444;")
    return hint
