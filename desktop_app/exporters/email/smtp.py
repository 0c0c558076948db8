"""Send a message over SMTP with TLS that is always verified (reliability note 24).

`smtplib.SMTP.starttls()` without a context does not check the server's certificate, so every
connection here gets `ssl.create_default_context()` (or a caller's context that verifies too), and
a server that does not offer STARTTLS is refused rather than used in clear text. Each kind of
failure becomes its own exception with a Chinese message that tells the clerk what to check.
"""

from __future__ import annotations

import smtplib
import socket
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from typing import NoReturn

from desktop_app.exporters.email.errors import (
    AuthenticationFailed,
    CertificateNotTrusted,
    MessageRejected,
    RecipientRefused,
    SenderRefused,
    SendError,
    ServerUnreachable,
    TlsFailed,
    TlsNotOffered,
)
from desktop_app.exporters.email.message import MessageError

SECURITY_SSL = "ssl"  # implicit TLS, usually port 465
SECURITY_STARTTLS = "starttls"  # plain connection upgraded to TLS, usually port 587
SECURITIES = (SECURITY_SSL, SECURITY_STARTTLS)
DEFAULT_TIMEOUT = 30.0  # seconds for connect and for each reply; a slow school line needs some room


class SmtpConfigError(ValueError):
    """Settings that cannot reach a mail server (a bad port, no host, an unknown security)."""

    def __init__(self, zh: str, en: str = "") -> None:
        self.zh, self.en = zh, en or zh
        super().__init__(zh)

    def text(self, lang: str = "zh") -> str:
        return self.en if lang == "en" else self.zh


@dataclass(frozen=True, slots=True)
class SmtpConfig:
    host: str
    port: int = 465
    security: str = SECURITY_SSL
    user: str = ""
    timeout: float = DEFAULT_TIMEOUT

    def __post_init__(self) -> None:
        if self.security not in SECURITIES:
            raise SmtpConfigError(
                f"加密方式应为 ssl 或 starttls，不能是“{self.security}”。",
                f"The security must be ssl or starttls, not “{self.security}”.",
            )
        if not self.host.strip():
            raise SmtpConfigError("未填写发信服务器（SMTP）地址。", "No mail server (SMTP) address is set.")
        if not 0 < self.port < 65536:
            raise SmtpConfigError(
                f"端口“{self.port}”无效，应为 1–65535（常用 465 或 587）。",
                f"The port “{self.port}” is not valid: use 1–65535 (usually 465 or 587).",
            )
        if self.timeout <= 0:
            raise SmtpConfigError("超时时间必须大于 0 秒。", "The timeout must be more than 0 seconds.")


def make_ssl_context(cafile: str | None = None) -> ssl.SSLContext:
    """The system's trusted certificates (or `cafile`, for tests), hostname checked."""
    return ssl.create_default_context(cafile=cafile)


def send_message(
    message: EmailMessage,
    config: SmtpConfig,
    password: str,
    *,
    ssl_context: ssl.SSLContext | None = None,
) -> None:
    """Deliver `message` to every recipient, or raise a SendError saying why not.

    A recipient the server refuses while others were accepted still raises RecipientRefused
    (with `delivered=True`), so the caller never reports success for a message half delivered.
    """
    if not message.get("From"):
        raise MessageError(
            "未填写发件人邮箱：请在“设置”中填写发信邮箱账号。",
            "No sender address: set the mail account in the settings.",
        )
    context = ssl_context or make_ssl_context()
    _require_verification(context)
    try:
        client = _connect(config, context)
    except Exception as error:
        _raise_translated(error, config)
    try:
        if config.user:
            client.login(config.user, password)
        refused = client.send_message(message)
    except Exception as error:
        client.close()
        _raise_translated(error, config)
    try:
        client.quit()
    except (smtplib.SMTPException, OSError):
        client.close()  # the message was accepted; a lost goodbye does not matter
    if refused:
        raise RecipientRefused(_refusals(refused), delivered=True)


def _raise_translated(error: Exception, config: SmtpConfig) -> NoReturn:
    translated = _translate(error, config)
    if translated is error:
        raise error
    raise translated from error


def _require_verification(context: ssl.SSLContext) -> None:
    if context.verify_mode != ssl.CERT_REQUIRED or not context.check_hostname:
        raise ValueError("SSL context must verify the server certificate and its host name.")


def _connect(config: SmtpConfig, context: ssl.SSLContext) -> smtplib.SMTP:
    name = _ehlo_name()
    if config.security == SECURITY_SSL:
        return smtplib.SMTP_SSL(config.host, config.port, local_hostname=name, timeout=config.timeout, context=context)
    client = smtplib.SMTP(config.host, config.port, local_hostname=name, timeout=config.timeout)
    try:
        client.ehlo()
        if not client.has_extn("starttls"):
            raise TlsNotOffered(config.host, config.port)
        client.starttls(context=context)
        client.ehlo()
    except Exception:
        client.close()
        raise
    return client


def _ehlo_name() -> str:
    # smtplib would call socket.getfqdn() (a DNS query, slow on an offline PC) and cannot send a
    # non-ASCII computer name such as “张老师的电脑” at all.
    name = socket.gethostname()
    if name and name.isascii() and all(c.isalnum() or c in "-." for c in name):
        return name
    return "localhost"


def _refusals(refused: dict[str, tuple[int, bytes]]) -> dict[str, str]:
    return {address: f"{code} {reply.decode('utf-8', 'replace').strip()}" for address, (code, reply) in refused.items()}


def _reply(error: smtplib.SMTPResponseException) -> str:
    text = error.smtp_error
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    return f"{error.smtp_code} {text}".strip()


def _translate(error: Exception, config: SmtpConfig) -> Exception:
    """The SendError for a failure; programming errors pass through unchanged."""
    if isinstance(error, SendError):
        return error
    if isinstance(error, UnicodeEncodeError):
        # smtplib encodes AUTH in ASCII; a password typed with a Chinese input method fails here.
        return AuthenticationFailed(config.user, "password is not ASCII", non_ascii=True)
    if isinstance(error, smtplib.SMTPException):  # before OSError: it is one
        return _translate_smtp(error, config)
    if isinstance(error, OSError):
        return _translate_network(error, config)
    return error


def _translate_smtp(error: smtplib.SMTPException, config: SmtpConfig) -> SendError:
    """What the server answered (or failed to)."""
    where = f"{config.host}:{config.port}"
    if isinstance(error, smtplib.SMTPAuthenticationError):
        return AuthenticationFailed(config.user, _reply(error))
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return RecipientRefused(_refusals(error.recipients), delivered=False)
    if isinstance(error, smtplib.SMTPSenderRefused):
        sender = error.sender.decode() if isinstance(error.sender, bytes) else str(error.sender)
        return SenderRefused(sender, _reply(error))
    if isinstance(error, smtplib.SMTPNotSupportedError):
        return AuthenticationFailed(config.user, str(error), unsupported=True)
    if isinstance(error, smtplib.SMTPDataError):
        return MessageRejected(_reply(error))
    if isinstance(error, smtplib.SMTPConnectError):
        return ServerUnreachable(where, _reply(error))
    if isinstance(error, smtplib.SMTPServerDisconnected):
        # smtplib reports a reply that never came as "Connection unexpectedly closed".
        if isinstance(error.__context__, TimeoutError):
            return ServerUnreachable(where, "timed out", timed_out=True)
        return ServerUnreachable(where, str(error) or "disconnected", disconnected=True)
    if isinstance(error, smtplib.SMTPResponseException):
        return MessageRejected(_reply(error))
    return MessageRejected(str(error))


def _translate_network(error: OSError, config: SmtpConfig) -> SendError:
    """The connection or its TLS: the server not reached, or not trusted."""
    where = f"{config.host}:{config.port}"
    if isinstance(error, ssl.SSLCertVerificationError):
        return CertificateNotTrusted(config.host, error.verify_message or str(error))
    if isinstance(error, ssl.SSLError):
        return TlsFailed(where, config.security, error.reason or str(error))
    if isinstance(error, ConnectionRefusedError):
        return ServerUnreachable(where, "connection refused", refused=True)
    if isinstance(error, TimeoutError):
        return ServerUnreachable(where, "timed out", timed_out=True)
    if isinstance(error, socket.gaierror):
        return ServerUnreachable(where, f"name not resolved: {error}", unknown_host=True)
    return ServerUnreachable(where, str(error))
