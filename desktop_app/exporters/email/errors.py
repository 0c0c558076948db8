"""Why a message could not be sent: one exception per thing the clerk can check, in zh and en.

`str(error)` is the Chinese message; `error.text("en")` the English one; `error.code` names the
kind for the UI and tests. `detail` keeps the server's own reply for support.
"""

from __future__ import annotations

from collections.abc import Mapping


class SendError(Exception):
    code = "send_failed"

    def __init__(self, zh: str, en: str, detail: str = "") -> None:
        self._zh, self._en, self.detail = zh, en, detail
        super().__init__(zh)

    def text(self, lang: str = "zh") -> str:
        return self._en if lang == "en" else self._zh


class AuthenticationFailed(SendError):
    code = "auth_failed"

    def __init__(self, user: str, detail: str, *, non_ascii: bool = False, unsupported: bool = False) -> None:
        if non_ascii:
            zh = "邮箱密码含有中文或全角字符，无法登录。请切换到英文输入法后重新输入密码（授权码）。"
            en = "The password contains non-ASCII characters; re-type it in English input mode."
        elif unsupported:
            zh = "发信服务器不支持账号登录（AUTH），请核对服务器地址和端口。"
            en = "The mail server does not offer login (AUTH); check the server address and port."
        else:
            zh = (
                f"邮箱“{user}”登录失败：账号或密码错误（服务器回复：{detail}）。"
                "QQ、163、126 等邮箱须填写开通 SMTP 服务时生成的“授权码”，而不是网页登录密码。"
            )
            en = (
                f"Login to “{user}” failed: wrong user name or password (server: {detail}). "
                "Many mailboxes need an app password (授权码) rather than the web login password."
            )
        super().__init__(zh, en, detail)


class ServerUnreachable(SendError):
    code = "unreachable"

    def __init__(
        self,
        where: str,
        detail: str,
        *,
        refused: bool = False,
        timed_out: bool = False,
        unknown_host: bool = False,
        disconnected: bool = False,
    ) -> None:
        host = where.rpartition(":")[0] or where
        if refused:
            zh = f"无法连接发信服务器 {where}：连接被拒绝。请检查服务器地址、端口（常用 465 或 587）和网络。"
            en = (
                f"Cannot connect to the mail server {where}: connection refused. "
                "Check the address, the port (usually 465 or 587) and the network."
            )
        elif timed_out:
            zh = (
                f"连接发信服务器 {where} 超时。请检查网络，以及端口与加密方式是否对应"
                "（465 端口用 SSL，587 端口用 STARTTLS）。"
            )
            en = (
                f"Connecting to the mail server {where} timed out. Check the network and that "
                "the port matches the security (465: SSL, 587: STARTTLS)."
            )
        elif unknown_host:
            zh = f"找不到发信服务器“{host}”：请核对服务器地址，并确认电脑已联网。"
            en = f"Mail server “{host}” not found: check the address and that this PC is online."
        elif disconnected:
            zh = f"发信服务器 {where} 意外断开了连接，邮件未发出，请稍后重试。"
            en = f"The mail server {where} closed the connection; nothing was sent. Try again."
        else:
            zh = f"无法连接发信服务器 {where}（{detail}）。请检查网络和服务器设置。"
            en = f"Cannot connect to the mail server {where} ({detail}). Check network, settings."
        super().__init__(zh, en, detail)


class CertificateNotTrusted(SendError):
    code = "certificate"

    def __init__(self, host: str, detail: str) -> None:
        zh = (
            f"发信服务器“{host}”的安全证书不受信任（{detail}），为保护邮箱密码已停止发送。"
            "请核对服务器地址；在单位网络中请联系网络管理员。"
        )
        en = (
            f"The certificate of the mail server “{host}” is not trusted ({detail}); sending was "
            "stopped to protect the password. Check the address or ask the network administrator."
        )
        super().__init__(zh, en, detail)


class TlsFailed(SendError):
    code = "tls_failed"

    def __init__(self, where: str, security: str, detail: str) -> None:
        zh = (
            f"与发信服务器 {where} 建立加密连接失败（{detail}）。请检查加密方式与端口是否对应："
            "465 端口用 SSL，587 端口用 STARTTLS。"
        )
        en = (
            f"The encrypted connection to {where} failed ({detail}). Check that the security "
            f"(now {security}) matches the port: 465 uses SSL, 587 uses STARTTLS."
        )
        super().__init__(zh, en, detail)


class TlsNotOffered(SendError):
    code = "tls_not_offered"

    def __init__(self, host: str, port: int) -> None:
        zh = f"发信服务器 {host}:{port} 不支持 STARTTLS 加密，为保护邮箱密码已停止发送。请改用 SSL（端口 465）。"
        en = f"The mail server {host}:{port} does not offer STARTTLS; stopped. Use SSL (port 465)."
        super().__init__(zh, en, "STARTTLS not offered")


class RecipientRefused(SendError):
    code = "recipient_refused"

    def __init__(self, refusals: Mapping[str, str], *, delivered: bool) -> None:
        self.refusals = dict(refusals)
        self.delivered = delivered
        listed = "；".join(f"{address}（{reply}）" for address, reply in self.refusals.items())
        listed_en = "; ".join(f"{address} ({reply})" for address, reply in self.refusals.items())
        if delivered:
            zh = f"邮件已发给其他收件人，但以下收件人被服务器拒收：{listed}。请核对这些邮箱地址。"
            en = f"Sent to the other recipients, but the server refused: {listed_en}."
        else:
            zh = f"收件人被服务器拒收：{listed}。邮件未发出，请核对收件人邮箱地址。"
            en = f"The server refused the recipient: {listed_en}. Nothing was sent; check it."
        super().__init__(zh, en, listed_en)


class SenderRefused(SendError):
    code = "sender_refused"

    def __init__(self, sender: str, detail: str) -> None:
        zh = f"服务器拒绝以“{sender}”的名义发信（{detail}）。发件人地址须与登录的邮箱账号一致。"
        en = f"The server refused the sender “{sender}” ({detail}); it must match the account."
        super().__init__(zh, en, detail)


class MessageRejected(SendError):
    code = "message_rejected"

    def __init__(self, detail: str) -> None:
        zh = f"服务器拒收了这封邮件（{detail}），邮件未发出。如附件较大，可去掉 PDF 附件后重试。"
        en = f"The server rejected the message ({detail}); nothing was sent. Try without the PDF."
        super().__init__(zh, en, detail)
