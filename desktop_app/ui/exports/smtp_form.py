"""The school's mailbox for sending (服务器、端口、加密方式、账号、密码), inside the Send dialog.

The password goes to the operating system's keyring through exporters/email/secrets.py, never to
the settings file. Where no keyring works, the form says plainly that it is kept for this run only.
"""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QFormLayout, QGroupBox, QLabel, QLineEdit, QSpinBox, QWidget

from desktop_app.exporters.email import get_password, keyring_available
from desktop_app.services.settings import Settings
from desktop_app.ui.forms.wheel import guard_wheel
from desktop_app.ui.i18n import tr

DEFAULT_PORTS = {"ssl": 465, "starttls": 587}


class SmtpForm(QGroupBox):
    def __init__(self, settings: Settings, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(tr("smtp.title"), parent)
        self.lang = lang
        self.host = QLineEdit(settings.smtp_host)
        self.host.setPlaceholderText(tr("smtp.host_hint"))
        self.port = QSpinBox()
        self.port.setRange(1, 65535)
        self.port.setValue(settings.smtp_port)
        self.security = QComboBox()
        self.security.addItem(tr("smtp.ssl"), "ssl")
        self.security.addItem(tr("smtp.starttls"), "starttls")
        self.security.setCurrentIndex(max(self.security.findData(settings.smtp_security), 0))
        for widget in (self.port, self.security):
            guard_wheel(widget)  # a setting changes with the wheel only once clicked into
        self.user = QLineEdit(settings.smtp_user)
        self.user.setPlaceholderText(tr("smtp.account_hint"))
        self.sender_name = QLineEdit(settings.sender_name)
        self.sender_name.setPlaceholderText(tr("smtp.sender_hint"))
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(tr("smtp.password_hint"))
        self.keyring_note = QLabel(self._keyring_text())
        self.keyring_note.setWordWrap(True)
        layout = QFormLayout(self)
        layout.addRow(tr("smtp.host"), self.host)
        layout.addRow(tr("smtp.port"), self.port)
        layout.addRow(tr("smtp.security"), self.security)
        layout.addRow(tr("smtp.account"), self.user)
        layout.addRow(tr("smtp.sender"), self.sender_name)
        layout.addRow(tr("smtp.password"), self.password)
        layout.addRow("", self.keyring_note)
        self.security.currentIndexChanged.connect(self._security_changed)
        self.load_password()

    def _keyring_text(self) -> str:
        if keyring_available():
            return tr("smtp.keyring")  # fmt: skip
        return tr("smtp.no_keyring")

    def _security_changed(self) -> None:
        # Follow the usual port for the chosen security unless a custom port was typed.
        chosen = str(self.security.currentData())
        if self.port.value() in DEFAULT_PORTS.values():
            self.port.setValue(DEFAULT_PORTS[chosen])

    def load_password(self) -> None:
        """Fill the field with the saved password (shown as dots), if there is one."""
        host, user = self.host.text().strip(), self.user.text().strip()
        saved = get_password(user, host) if host and user else None
        if saved:
            self.password.setText(saved)

    def settings(self, base: Settings) -> Settings:
        return base.with_changes(
            smtp_host=self.host.text().strip(),
            smtp_port=self.port.value(),
            smtp_security=str(self.security.currentData()),
            smtp_user=self.user.text().strip(),
            sender_name=self.sender_name.text().strip(),
        )

    def typed_password(self) -> str:
        return self.password.text()
