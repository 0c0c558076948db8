"""发送至区教体局…: recipient, subject and body from the template, the files, the mailbox.

Rendering and sending run off the UI thread (services/sending.py builds everything; this dialog
only collects the clerk's choices). A failure is shown in the dialog, which stays open with all
that was typed, so the message can be sent again; 生成邮件草稿 writes an .eml for webmail or
Outlook users instead.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QSize
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.services import sending
from desktop_app.services.settings import Settings, save_settings
from desktop_app.ui.exports.common import warn
from desktop_app.ui.exports.smtp_form import SmtpForm
from desktop_app.ui.i18n import tr
from desktop_app.ui.screen_fit import fit_window, scrolling

ERROR_STYLE = "color:#a4262c;"
NOTE_STYLE = "background:#fff4ce; border:1px solid #e0b000; padding:6px; color:#5c4400;"


class SendDialog(QDialog):
    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window_ = window
        self.lang: str = getattr(window, "lang", "zh")
        self.settings: Settings = window.settings
        self.gathered = sending.gather(window.service, window.session.period)
        self.folder = sending.service_draft_folder(window.service)
        self.rendered: dict[bool, sending.Rendered] = {}  # kept for another try: nothing is rebuilt
        self.draft_path: Path | None = None
        self.sent = False
        self.setWindowTitle(tr("send.title"))
        fit_window(self, "send_dialog", QSize(640, 720))
        self._build()

    def _build(self) -> None:
        subject, body = sending.template(self.gathered)
        notes = [note.get(self.lang) for note in sending.notes(self.gathered)]
        self.notes = QLabel("\n".join(notes))
        self.notes.setWordWrap(True)
        self.notes.setStyleSheet(NOTE_STYLE)
        self.notes.setVisible(bool(notes))
        self.to = QLineEdit(self.settings.bureau_email)
        self.to.setPlaceholderText(tr("send.to_hint"))
        self.subject = QLineEdit(subject)
        self.body = QPlainTextEdit(body)
        self.with_pdf = QCheckBox(tr("send.attach_pdf"))
        self.files = QLabel()
        self.files.setWordWrap(True)
        self.with_pdf.toggled.connect(self._show_files)
        self._show_files()
        letter = QFormLayout()
        letter.addRow(tr("send.to"), self.to)
        letter.addRow(tr("send.subject"), self.subject)
        letter.addRow(tr("send.body"), self.body)
        letter.addRow(tr("send.files"), self.files)
        letter.addRow("", self.with_pdf)
        self.smtp = SmtpForm(self.settings, self.lang, self)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.setTextVisible(False)
        self.progress.setMaximumHeight(10)
        self.progress.hide()
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.send_button = QPushButton(tr("send.send"))
        self.send_button.setDefault(True)
        self.draft_button = QPushButton(tr("send.draft"))
        self.open_button = QPushButton(tr("send.open_mail"))
        self.folder_button = QPushButton(tr("send.show_folder"))
        close = QPushButton(tr("send.close"))
        buttons = QHBoxLayout()
        for button in (self.send_button, self.draft_button, self.open_button, self.folder_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        self.open_button.hide()
        self.folder_button.hide()
        page = QWidget()  # scrolls on a small screen; the buttons below stay in view
        fields = QVBoxLayout(page)
        fields.setContentsMargins(0, 0, 0, 0)
        fields.addWidget(self.notes)
        fields.addLayout(letter, 1)
        fields.addWidget(self.smtp)
        layout = QVBoxLayout(self)
        layout.addWidget(scrolling(page), 1)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addLayout(buttons)
        self.send_button.clicked.connect(self.send)
        self.draft_button.clicked.connect(self.write_draft)
        self.open_button.clicked.connect(self.open_draft)
        self.folder_button.clicked.connect(self.show_folder)
        close.clicked.connect(self.reject)

    def _show_files(self) -> None:
        names = sending.attachment_names(self.gathered, self.with_pdf.isChecked())
        self.files.setText("\n".join(names))

    # --- what the clerk chose ---------------------------------------------------------------------
    def letter(self) -> sending.Letter:
        return sending.Letter(self.to.text().strip(), self.subject.text(), self.body.toPlainText(),
                              self.with_pdf.isChecked())  # fmt: skip

    def chosen_settings(self) -> Settings:
        return self.smtp.settings(self.settings).with_changes(bureau_email=self.to.text().strip())

    def _remember(self, settings: Settings) -> None:
        """The address and mailbox are kept for next time (never the password: see smtp_form)."""
        if settings == self.settings:
            return
        self.settings = settings
        self.window_.settings = settings
        try:
            save_settings(settings, getattr(self.window_, "settings_file", None))
        except OSError as error:
            self._say(tr("send.settings_not_saved", error=error), error=True)

    # --- sending --------------------------------------------------------------------------------
    def send(self) -> None:
        letter, settings = self.letter(), self.chosen_settings()
        if not letter.to:
            self._say(tr("send.no_recipient"), error=True)
            return
        if not settings.smtp_host:
            self._say(tr("send.no_smtp"), error=True)  # fmt: skip
            return
        password = self.smtp.typed_password()
        if settings.smtp_user and not password:
            self._say(tr("send.no_password"), error=True)
            self.smtp.password.setFocus()
            return
        self._remember(settings)
        gathered, cached = self.gathered, self.rendered.get(letter.with_pdf)
        self._start(tr("send.sending"))
        self.window_.tasks.run(
            lambda: sending.send_now(gathered, settings, letter, password, cached),
            lambda outcome: self._sent(outcome, settings, letter, password),
            self._crashed,
        )

    def _start(self, text: str) -> None:
        self.progress.show()
        self._say(text)
        self.send_button.setEnabled(False)
        self.draft_button.setEnabled(False)

    def _done(self, outcome: sending.Outcome, with_pdf: bool) -> None:
        self.progress.hide()
        self.send_button.setEnabled(True)
        self.draft_button.setEnabled(True)
        self.rendered[with_pdf] = outcome.rendered

    def _sent(self, outcome: sending.Outcome, settings: Settings, letter: sending.Letter, password: str) -> None:
        from desktop_app.exporters.email import SendError, forget_password, set_password

        self._done(outcome, letter.with_pdf)
        error = outcome.error
        if error is not None:
            said = getattr(error, "text", None)  # SendError, MessageError, SmtpConfigError: in the clerk's language
            text = str(said(self.lang)) if callable(said) else str(error)
            self._say(tr("send.not_sent", error=text), error=True)
            if isinstance(error, SendError) and error.code == "auth_failed":
                forget_password(settings.smtp_user, settings.smtp_host)  # a wrong one is not kept
                self.smtp.password.setFocus()
                self.smtp.password.selectAll()
            return
        if settings.smtp_user and password:
            set_password(settings.smtp_user, settings.smtp_host, password)
        names = tr("sep.list").join(name for name, _data, _mime in outcome.rendered.attachments)
        done = tr("send.sent", to=letter.to, names=names)
        self.sent = True
        self._say(done)
        self.window_.show_message(done)
        self.accept()

    # --- the draft, for Outlook and webmail -------------------------------------------------------
    def write_draft(self) -> None:
        letter, settings = self.letter(), self.chosen_settings()
        if not letter.to:
            self._say(tr("send.no_recipient"), error=True)
            return
        self._remember(settings)
        gathered, folder, cached = self.gathered, self.folder, self.rendered.get(letter.with_pdf)
        self._start(tr("send.drafting"))
        self.window_.tasks.run(lambda: sending.draft_now(gathered, settings, letter, folder, cached),
                               lambda outcome: self._drafted(outcome, letter), self._crashed)  # fmt: skip

    def _drafted(self, outcome: sending.Outcome, letter: sending.Letter) -> None:
        self._done(outcome, letter.with_pdf)
        if outcome.error is not None or outcome.draft is None:
            self._say(tr("send.draft_not_saved", error=outcome.error), error=True)
            return
        self.draft_path = outcome.draft
        self.open_button.show()
        self.folder_button.show()
        self._say(tr("send.draft_saved", draft=outcome.draft))

    def open_draft(self) -> bool:
        from desktop_app.exporters.email import open_with_default_program

        opened = self.draft_path is not None and open_with_default_program(self.draft_path)
        if not opened:
            warn(self, tr("send.no_mail_program"))  # fmt: skip
        return opened

    def show_folder(self) -> bool:
        from desktop_app.exporters.email import show_in_folder

        return self.draft_path is not None and show_in_folder(self.draft_path)

    def _crashed(self, message: str) -> None:
        self.progress.hide()
        self.send_button.setEnabled(True)
        self.draft_button.setEnabled(True)
        self._say(tr("send.failed", message=message), error=True)

    def _say(self, text: str, *, error: bool = False) -> None:
        self.status.setText(text)
        self.status.setStyleSheet(ERROR_STYLE if error else "")


def open_send_dialog(window: Any) -> SendDialog:
    for old in window.findChildren(SendDialog):
        if not old.isVisible() and not old.progress.isVisible():  # closed and not sending any more
            old.deleteLater()
    dialog = SendDialog(window)
    dialog.open()  # window-modal without blocking the event loop (the send runs on a worker)
    return dialog
