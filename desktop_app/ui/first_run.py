"""The first-run guide: what to fill first (the school profile) and where the data is kept."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from desktop_app.services.settings import default_database_path, save_settings
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


def show_first_run(window: Any) -> FirstRunDialog:
    """At the first start: the guide, window-modal without blocking the event loop; then the profile."""
    settings = window.settings
    path = settings.database_path or str(default_database_path(settings.mode))
    dialog = FirstRunDialog(path, window)
    dialog.accepted.connect(lambda: _first_run_done(window))
    dialog.open()
    return dialog


def _first_run_done(window: Any) -> None:
    if window.session is not None and window.workspace is not None:
        window.workspace.categories.select(window.session.pack.profile.key)
        form = window.workspace.current_form()
        first = form.first_input() if form is not None else None
        if first is not None:
            first.setFocus()
    if not window.settings.first_run_done:
        window.settings = window.settings.with_changes(first_run_done=True)
        save_settings(window.settings, window.settings_file)
