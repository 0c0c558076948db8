"""Sending over a real SMTP server (aiosmtpd on 127.0.0.1) with a throwaway CA from trustme."""

from __future__ import annotations

import socket
import ssl
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path
from typing import Any

import pytest
import trustme
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from desktop_app.exporters.email import (
    PDF_MIME,
    XLSX_MIME,
    AuthenticationFailed,
    CertificateNotTrusted,
    MessageError,
    RecipientRefused,
    ServerUnreachable,
    SmtpConfig,
    TlsFailed,
    TlsNotOffered,
    build_message,
    make_ssl_context,
    send_message,
)
from desktop_app.exporters.email.message import attachments_of, plain_body

USER, PASSWORD = "school@example.cn", "abcd1234efgh"
REFUSED = "nobody@bureau.example.cn"
SUBJECT = "【报送】济南市济阳区实验小学 2022年度 第1版"
XLSX_NAME = "2137012345_济南市济阳区实验小学_2022年度_第1版.xlsx"
PDF_NAME = "2137012345_济南市济阳区实验小学_2022年度_第1版.pdf"
# Bytes that would be damaged by any text conversion: NUL, CR, LF, lone CR, high bytes.
XLSX_BYTES = b"PK\x03\x04" + bytes(range(256)) * 40 + b"\r\n.\r\n\r\x00"
PDF_BYTES = b"%PDF-1.7\n" + bytes(reversed(range(256))) * 30 + b"\n.\n%%EOF"


@dataclass
class Mailbox:
    messages: list[EmailMessage] = field(default_factory=list)
    envelopes: list[tuple[str, list[str]]] = field(default_factory=list)
    logins: list[tuple[str, bool]] = field(default_factory=list)

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str, options: Any) -> str:
        if address == REFUSED:
            return "550 5.1.1 Mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
        self.messages.append(BytesParser(policy=policy.default).parsebytes(envelope.content))
        return "250 Message accepted for delivery"

    def authenticate(self, server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> AuthResult:
        if not isinstance(data, LoginPassword):
            return AuthResult(success=False, handled=False)
        ok = data.login.decode() == USER and data.password.decode() == PASSWORD
        self.logins.append((data.login.decode(), ok))
        return AuthResult(success=ok, handled=False)


@dataclass
class Server:
    host: str
    port: int
    mailbox: Mailbox
    cafile: str


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def new_ca(folder: Path) -> tuple[trustme.CA, str]:
    """A throwaway certificate authority and the path of its certificate (PEM)."""
    authority = trustme.CA()
    cafile = folder / "test-ca.pem"
    authority.cert_pem.write_to_path(str(cafile))
    return authority, str(cafile)


@pytest.fixture(scope="module")
def ca(tmp_path_factory: pytest.TempPathFactory) -> tuple[trustme.CA, str]:
    return new_ca(tmp_path_factory.mktemp("ca"))


@contextmanager
def smtp_server(ca: tuple[trustme.CA, str], mode: str) -> Iterator[Server]:
    """mode: "ssl" (implicit TLS), "starttls" (required before AUTH), "plain" (no TLS offered)."""
    authority, cafile = ca
    server_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    authority.issue_cert("127.0.0.1", "localhost").configure_cert(server_context)
    mailbox = Mailbox()
    options: dict[str, Any] = {"authenticator": mailbox.authenticate, "auth_require_tls": True}
    if mode == "ssl":
        # aiosmtpd 1.4.6 counts only STARTTLS as TLS for auth_require_tls; here the whole
        # connection is TLS already, so requiring it again would refuse every AUTH.
        options.update(ssl_context=server_context, auth_require_tls=False)
    elif mode == "starttls":
        options.update(tls_context=server_context, require_starttls=True)
    port = free_port()
    controller = Controller(mailbox, hostname="127.0.0.1", port=port, **options)
    controller.start()
    try:
        yield Server("127.0.0.1", port, mailbox, cafile)
    finally:
        controller.stop()


def submission_message(to: str | list[str] = "bureau@example.cn") -> EmailMessage:
    return build_message(
        sender=f"济阳区实验小学 <{USER}>",
        to=to,
        subject=SUBJECT,
        body="区教体局：\n\n　　现报送我校2022年度报表，详见附件。\n",
        attachments=[(XLSX_NAME, XLSX_BYTES, XLSX_MIME), (PDF_NAME, PDF_BYTES, PDF_MIME)],
    )


def config(server: Server, security: str, user: str = USER) -> SmtpConfig:
    return SmtpConfig(server.host, server.port, security, user, timeout=5)


@pytest.mark.parametrize("security", ["ssl", "starttls"])
def test_message_arrives_intact(ca: tuple[trustme.CA, str], security: str) -> None:
    with smtp_server(ca, security) as server:
        context = make_ssl_context(cafile=server.cafile)
        send_message(submission_message(), config(server, security), PASSWORD, ssl_context=context)
        assert server.mailbox.logins == [(USER, True)]
        assert server.mailbox.envelopes == [(USER, ["bureau@example.cn"])]
        (received,) = server.mailbox.messages
    assert received["Subject"] == SUBJECT
    assert received["From"].addresses[0].display_name == "济阳区实验小学"
    assert plain_body(received).startswith("区教体局：")
    assert attachments_of(received) == [
        (XLSX_NAME, XLSX_BYTES, XLSX_MIME),
        (PDF_NAME, PDF_BYTES, PDF_MIME),
    ]


@pytest.mark.parametrize("security", ["ssl", "starttls"])
def test_untrusted_certificate_stops_before_login(ca: tuple[trustme.CA, str], security: str) -> None:
    with smtp_server(ca, security) as server:
        # The system's trust store does not know the throwaway CA.
        with pytest.raises(CertificateNotTrusted) as caught:
            send_message(submission_message(), config(server, security), PASSWORD)
        assert server.mailbox.logins == [] and server.mailbox.messages == []
    assert "安全证书不受信任" in str(caught.value) and "127.0.0.1" in str(caught.value)
    assert "not trusted" in caught.value.text("en")


def test_certificate_for_another_host_is_refused(ca: tuple[trustme.CA, str]) -> None:
    with smtp_server(ca, "ssl") as server:
        context = make_ssl_context(cafile=server.cafile)
        wrong_name = SmtpConfig("localhost", server.port, "ssl", USER, timeout=5)
        # localhost is in the certificate; a name that is not must fail the hostname check.
        send_message(submission_message(), wrong_name, PASSWORD, ssl_context=context)
        other = ca[0].issue_cert("mail.other.example")
        other_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        other.configure_cert(other_context)
    with smtp_server_with_context(other_context) as (port, mailbox):
        with pytest.raises(CertificateNotTrusted):
            send_message(
                submission_message(),
                SmtpConfig("127.0.0.1", port, "ssl", USER, timeout=5),
                PASSWORD,
                ssl_context=make_ssl_context(cafile=server.cafile),
            )
        assert mailbox.messages == []


@contextmanager
def smtp_server_with_context(context: ssl.SSLContext) -> Iterator[tuple[int, Mailbox]]:
    mailbox = Mailbox()
    port = free_port()
    controller = Controller(
        mailbox,
        hostname="127.0.0.1",
        port=port,
        ssl_context=context,
        authenticator=mailbox.authenticate,
    )
    controller.start()
    try:
        yield port, mailbox
    finally:
        controller.stop()


@pytest.mark.parametrize("security", ["ssl", "starttls"])
def test_wrong_password(ca: tuple[trustme.CA, str], security: str) -> None:
    with smtp_server(ca, security) as server:
        context = make_ssl_context(cafile=server.cafile)
        with pytest.raises(AuthenticationFailed) as caught:
            send_message(submission_message(), config(server, security), "wrong", ssl_context=context)
        assert server.mailbox.messages == []
    assert caught.value.code == "auth_failed"
    assert f"邮箱“{USER}”登录失败" in str(caught.value) and "授权码" in str(caught.value)
    assert "535" in caught.value.detail


def test_password_typed_in_chinese_input_mode(ca: tuple[trustme.CA, str]) -> None:
    with smtp_server(ca, "ssl") as server:
        context = make_ssl_context(cafile=server.cafile)
        with pytest.raises(AuthenticationFailed) as caught:
            send_message(submission_message(), config(server, "ssl"), "ａｂｃ１２３", ssl_context=context)
    assert "英文输入法" in str(caught.value)


def test_refused_connection() -> None:
    port = free_port()  # closed again: nothing listens there
    with pytest.raises(ServerUnreachable) as caught:
        send_message(submission_message(), SmtpConfig("127.0.0.1", port, "ssl", USER, 5), PASSWORD)
    assert caught.value.code == "unreachable"
    assert f"无法连接发信服务器 127.0.0.1:{port}：连接被拒绝" in str(caught.value)


def test_silent_server_times_out() -> None:
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)  # the kernel accepts the connection; no greeting ever comes
        port = listener.getsockname()[1]
        with pytest.raises(ServerUnreachable) as caught:
            send_message(
                submission_message(),
                SmtpConfig("127.0.0.1", port, "starttls", USER, timeout=0.3),
                PASSWORD,
                ssl_context=make_ssl_context(),
            )
    assert "超时" in str(caught.value) and "587" in str(caught.value)


def test_unknown_host() -> None:
    with pytest.raises(ServerUnreachable) as caught:
        send_message(submission_message(), SmtpConfig("smtp.invalid", 465, "ssl", USER, 5), PASSWORD)
    assert "找不到发信服务器“smtp.invalid”" in str(caught.value)


@pytest.mark.parametrize("security", ["ssl", "starttls"])
def test_refused_recipient(ca: tuple[trustme.CA, str], security: str) -> None:
    with smtp_server(ca, security) as server:
        context = make_ssl_context(cafile=server.cafile)
        with pytest.raises(RecipientRefused) as caught:
            send_message(submission_message(REFUSED), config(server, security), PASSWORD, ssl_context=context)
        assert server.mailbox.messages == []
    assert not caught.value.delivered
    assert f"收件人被服务器拒收：{REFUSED}（550 5.1.1 Mailbox unavailable）" in str(caught.value)
    assert "未发出" in str(caught.value)


def test_partly_refused_recipients_are_reported(ca: tuple[trustme.CA, str]) -> None:
    with smtp_server(ca, "ssl") as server:
        context = make_ssl_context(cafile=server.cafile)
        message = submission_message(["bureau@example.cn", REFUSED])
        with pytest.raises(RecipientRefused) as caught:
            send_message(message, config(server, "ssl"), PASSWORD, ssl_context=context)
        assert server.mailbox.envelopes == [(USER, ["bureau@example.cn"])]
    assert caught.value.delivered and REFUSED in caught.value.refusals
    assert "已发给其他收件人" in str(caught.value)


def test_server_without_starttls_is_not_used_in_clear(ca: tuple[trustme.CA, str]) -> None:
    with smtp_server(ca, "plain") as server:
        with pytest.raises(TlsNotOffered) as caught:
            send_message(submission_message(), config(server, "starttls"), PASSWORD)
        assert server.mailbox.logins == [] and server.mailbox.messages == []
    assert "不支持 STARTTLS" in str(caught.value)


def test_ssl_against_a_starttls_port(ca: tuple[trustme.CA, str]) -> None:
    with smtp_server(ca, "starttls") as server:
        context = make_ssl_context(cafile=server.cafile)
        with pytest.raises(TlsFailed) as caught:
            send_message(submission_message(), config(server, "ssl"), PASSWORD, ssl_context=context)
    assert "465 端口用 SSL，587 端口用 STARTTLS" in str(caught.value)


def test_a_context_that_does_not_verify_is_rejected() -> None:
    lax = ssl.create_default_context()
    lax.check_hostname = False
    lax.verify_mode = ssl.CERT_NONE
    with pytest.raises(ValueError, match="verify"):
        send_message(submission_message(), SmtpConfig("127.0.0.1", 465), PASSWORD, ssl_context=lax)


def test_a_message_without_sender_is_refused() -> None:
    message = build_message(sender="", to="bureau@example.cn", subject=SUBJECT, body="x")
    with pytest.raises(MessageError, match="发件人"):
        send_message(message, SmtpConfig("127.0.0.1", 465), PASSWORD)


def test_config_is_checked() -> None:
    with pytest.raises(ValueError, match="ssl 或 starttls"):
        SmtpConfig("smtp.example.cn", 25, "none")
    with pytest.raises(ValueError, match="端口"):
        SmtpConfig("smtp.example.cn", 0)
    with pytest.raises(ValueError, match="SMTP"):
        SmtpConfig(" ", 465)


def test_message_can_be_sent_again_after_a_failure(ca: tuple[trustme.CA, str], tmp_path: Path) -> None:
    message = submission_message()
    with smtp_server(ca, "ssl") as server:
        context = make_ssl_context(cafile=server.cafile)
        with pytest.raises(AuthenticationFailed):
            send_message(message, config(server, "ssl"), "wrong", ssl_context=context)
        send_message(message, config(server, "ssl"), PASSWORD, ssl_context=context)
        assert len(server.mailbox.messages) == 1
    assert attachments_of(server.mailbox.messages[0])[0][1] == XLSX_BYTES
