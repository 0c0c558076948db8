"""Settings: the UI language, where the data file lives (with a warning for risky places), where 上报
puts its files, and the bureau's e-mail address. Saved through desktop_app.services.settings."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QSize
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.identifiers import PATTERNS
from desktop_app.services.settings import Settings, default_database_path, save_settings, submissions_root
from desktop_app.ui.i18n import tr
from desktop_app.ui.screen_fit import fit_window
from desktop_app.ui.storage_location import location_warning


class SettingsDialog(QDialog):
    def __init__(self, settings: Settings, parent: QWidget | None = None, settings_file: Path | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("settings.title"))
        fit_window(self, "settings_dialog", QSize(640, 420))
        self.settings = settings
        self.settings_file = settings_file
        self.language = QComboBox()
        self.language.addItem(tr("settings.language_zh"), "zh")  # each language by its own name
        self.language.addItem(tr("settings.language_en"), "en")
        self.language.setCurrentIndex(max(self.language.findData(settings.language), 0))
        self.mode = QComboBox()
        self.mode.addItem(tr("settings.mode_school"), "school")
        self.mode.addItem(tr("settings.mode_bureau"), "bureau")
        self.mode.setCurrentIndex(max(self.mode.findData(settings.mode), 0))
        self.mode_note = QLabel()
        self.mode_note.setWordWrap(True)
        self.mode_note.setStyleSheet("color: #b26a00;")
        self.mode_note.hide()
        self.mode.currentIndexChanged.connect(self._mode_changed)
        self.database = QLineEdit(settings.database_path)
        self.database.setPlaceholderText(str(default_database_path(settings.mode)))
        self.database.setMinimumWidth(360)
        browse = QPushButton(tr("settings.browse"))
        browse.clicked.connect(self._browse)
        row = QWidget()
        row_layout = QHBoxLayout(row)
        row_layout.setContentsMargins(0, 0, 0, 0)
        row_layout.addWidget(self.database, 1)
        row_layout.addWidget(browse)
        self.location_note = QLabel()
        self.location_note.setWordWrap(True)
        self.location_note.setStyleSheet("color: #b26a00;")
        self.output = QLineEdit(settings.output_dir)
        self.output.setPlaceholderText(str(submissions_root(Settings())))
        choose_output = QPushButton(tr("settings.browse"))
        choose_output.clicked.connect(self._browse_output)
        output_row = QWidget()
        output_layout = QHBoxLayout(output_row)
        output_layout.setContentsMargins(0, 0, 0, 0)
        output_layout.addWidget(self.output, 1)
        output_layout.addWidget(choose_output)
        output_note = QLabel(tr("settings.output_note"))
        output_note.setWordWrap(True)
        self.email = QLineEdit(settings.bureau_email)
        self.email_note = QLabel()
        self.email_note.setStyleSheet("color: #c62828;")
        self.restart_note = QLabel(tr("settings.restart"))
        self.restart_note.setWordWrap(True)
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.addRow(tr("settings.language"), self.language)
        form.addRow(tr("settings.mode"), self.mode)
        form.addRow("", self.mode_note)
        form.addRow(tr("settings.database"), row)
        form.addRow("", self.location_note)
        form.addRow(tr("settings.output"), output_row)
        form.addRow("", output_note)
        form.addRow(tr("settings.email"), self.email)
        form.addRow("", self.email_note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.restart_note)
        layout.addWidget(buttons)
        self.database.textChanged.connect(self._check_location)
        self._check_location(self.database.text())

    def _mode_changed(self, _index: int) -> None:
        """Said plainly: the mode is a choice for the next start, not a switch of this window."""
        changed = self.mode.currentData() != self.settings.mode
        self.mode_note.setText(tr("settings.mode_changed", mode=self.mode.currentText()) if changed else "")
        self.mode_note.setVisible(changed)

    def _browse(self) -> None:
        start = self.database.text() or str(default_database_path(self.settings.mode))
        chosen, _filter = QFileDialog.getSaveFileName(
            self,
            tr("settings.database"),
            start,
            "SQLite (*.sqlite3 *.db)",
            options=QFileDialog.Option.DontConfirmOverwrite,
        )
        if chosen:
            self.database.setText(chosen)

    def _browse_output(self) -> None:
        start = self.output.text() or self.output.placeholderText()
        chosen = QFileDialog.getExistingDirectory(self, tr("settings.output"), start)
        if chosen:
            self.output.setText(chosen)

    def _check_location(self, path: str) -> None:
        warning = location_warning(path)
        if warning is None:
            self.location_note.clear()
            self.location_note.hide()
            return
        text = tr("settings.network") if warning.kind == "network" else tr("settings.synced", name=warning.name)
        self.location_note.setText(text)
        self.location_note.show()

    def chosen(self) -> Settings:
        return self.settings.with_changes(
            language=str(self.language.currentData()),
            mode=str(self.mode.currentData()),
            database_path=self.database.text().strip(),
            output_dir=self.output.text().strip(),
            bureau_email=self.email.text().strip(),
        )

    def accept(self) -> None:
        email = self.email.text().strip()
        if email and not PATTERNS["email"](email):
            self.email_note.setText(tr("settings.bad_email"))
            self.email.setFocus()
            return
        self.settings = self.chosen()
        save_settings(self.settings, self.settings_file)
        super().accept()


def open_settings(window: Any) -> None:
    """工具 → 设置… of the main window: saved settings become the window's."""
    dialog = SettingsDialog(window.settings, window, window.settings_file)
    accepted = dialog.exec()
    dialog.deleteLater()
    if accepted:
        window.settings = dialog.settings
        window.show_message(tr("settings.saved"))
