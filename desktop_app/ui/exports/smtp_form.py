"""The school's mailbox for sending (服务器、端口、加密方式、账号、密码), inside the Send dialog.

The password goes to the operating system's keyring through exporters/email/secrets.py, never to
the settings file. Where no keyring works, the form says plainly that it is kept for this run only.
"""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QFormLayout, QGroupBox, QLabel, QLineEdit, QSpinBox, QWidget

from desktop_app.exporters.email import get_password, keyring_available
from desktop_app.services.settings import Settings
from desktop_app.ui.exports.common import t
from desktop_app.ui.forms.wheel import guard_wheel

DEFAULT_PORTS = {"ssl": 465, "starttls": 587}


class SmtpForm(QGroupBox):
    def __init__(self, settings: Settings, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(t(lang, "发信邮箱（SMTP）", "Sending mailbox (SMTP)"), parent)
        self.lang = lang
        self.host = QLineEdit(settings.smtp_host)
        self.host.setPlaceholderText(t(lang, "如 smtp.qq.com、smtp.163.com", "e.g. smtp.qq.com"))
        self.port = QSpinBox()
        self.port.setRange(1, 65535)
        self.port.setValue(settings.smtp_port)
        self.security = QComboBox()
        self.security.addItem(t(lang, "SSL（端口 465）", "SSL (port 465)"), "ssl")
        self.security.addItem(t(lang, "STARTTLS（端口 587）", "STARTTLS (port 587)"), "starttls")
        self.security.setCurrentIndex(max(self.security.findData(settings.smtp_security), 0))
        for widget in (self.port, self.security):
            guard_wheel(widget)  # a setting changes with the wheel only once clicked into
        self.user = QLineEdit(settings.smtp_user)
        self.user.setPlaceholderText(t(lang, "发信邮箱地址，如 school@163.com", "the mailbox address"))
        self.sender_name = QLineEdit(settings.sender_name)
        self.sender_name.setPlaceholderText(t(lang, "默认为学校名称", "default: the school's name"))
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(t(lang, "邮箱密码或授权码", "password or app password"))
        self.keyring_note = QLabel(self._keyring_text())
        self.keyring_note.setWordWrap(True)
        layout = QFormLayout(self)
        layout.addRow(t(lang, "服务器：", "Server:"), self.host)
        layout.addRow(t(lang, "端口：", "Port:"), self.port)
        layout.addRow(t(lang, "加密方式：", "Security:"), self.security)
        layout.addRow(t(lang, "账号：", "Account:"), self.user)
        layout.addRow(t(lang, "发件人名称：", "Sender name:"), self.sender_name)
        layout.addRow(t(lang, "密码（授权码）：", "Password:"), self.password)
        layout.addRow("", self.keyring_note)
        self.security.currentIndexChanged.connect(self._security_changed)
        self.load_password()

    def _keyring_text(self) -> str:
        if keyring_available():
            return t(self.lang, "密码保存在本机的系统凭据管理器中，不写入任何文件。",
                     "The password is kept in this computer's credential store, never in a file.")  # fmt: skip
        return t(
            self.lang,
            "本机没有可用的系统凭据管理器：密码只在本次运行中使用，不会保存；下次启动程序时需重新输入。",
            "No credential store is available here: the password is used for this run only and not "
            "saved; you will be asked again next time.",
        )

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
