"""退回修改…: asks for the reason (required), then turns the submitted period back into a draft of the
next revision. The submitted revision and its files stay as they were."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from desktop_app.ui.i18n import tr
from desktop_app.ui.screen_fit import fit_window


class ReopenDialog(QDialog):
    def __init__(self, service: Any, period: str, lang: str = "zh", parent: QWidget | None = None) -> None:
        from desktop_app.services import lifecycle

        super().__init__(parent)
        self.service, self.period, self.lang = service, period, lang
        self.new_state: Any = None
        state = lifecycle.state(service, period)
        named = state.reporting_period.name(lang)
        self.setWindowTitle(tr("reopen.title"))
        fit_window(self, "reopen_dialog", QSize(480, 300))
        layout = QVBoxLayout(self)
        intro = QLabel(tr("reopen.intro", period=named, revision=state.revision, next=state.revision + 1))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        layout.addWidget(QLabel(tr("reopen.reason")))
        self.reason = QPlainTextEdit()
        self.reason.setPlaceholderText(tr("reopen.reason_hint"))
        layout.addWidget(self.reason, 1)
        self.message = QLabel()
        self.message.setStyleSheet("color: #c62828;")
        layout.addWidget(self.message)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.ok = self.buttons.addButton(tr("reopen.confirm"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok.setEnabled(False)
        self.reason.textChanged.connect(lambda: self.ok.setEnabled(bool(self.reason.toPlainText().strip())))
        self.ok.clicked.connect(self.confirm)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        if not state.submitted:
            self.reason.setEnabled(False)
            self.message.setText(tr("reopen.not_submitted", period=named))

    def confirm(self) -> None:
        from desktop_app.services import lifecycle
        from desktop_app.services.faults import clerk_text

        try:
            self.new_state = lifecycle.reopen(self.service, self.reason.toPlainText(), self.period)
        except Exception as error:  # a refusal or a fault: nothing was changed
            self.message.setText(clerk_text(error, self.lang))
            return
        self.accept()
