"""The first-run guide: what to fill first (the school profile) and where the data is kept."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from desktop_app.ui.i18n import tr


class FirstRunDialog(QDialog):
    def __init__(self, data_path: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("first.title"))
        self.setMinimumWidth(480)
        title = QLabel(f"<h2>{tr('first.title')}</h2>")
        body = QLabel(tr("first.body", path=data_path))
        body.setWordWrap(True)
        buttons = QDialogButtonBox()
        start = buttons.addButton(tr("first.start"), QDialogButtonBox.ButtonRole.AcceptRole)
        start.setDefault(True)
        buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(body)
        layout.addWidget(buttons)
