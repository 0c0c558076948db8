"""Build the submission e-mail: subject and body from a template, attachments with Chinese names.

Headers are RFC 2047 encoded words (subject, display names) and attachment names RFC 2231
(`filename*=utf-8''…`), so the bureau's client shows 济阳区 names instead of ATT00001.xlsx.

CPython 3.11's folder drops the space between two encoded words when it folds a long subject
(“实验小学 2022年度” arrives as “实验小学2022年度”); the subject is therefore folded by
`email.header.Header`, which keeps whitespace inside the encoded words.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from email import policy as email_policy
from email.header import Header
from email.headerregistry import BaseHeader, HeaderRegistry, UnstructuredHeader
from email.message import EmailMessage
from email.policy import EmailPolicy
from email.utils import formatdate, make_msgid, parseaddr
from typing import TYPE_CHECKING, Any, cast

if TYPE_CHECKING:
    from desktop_app.domain.submission import Submission

# (file name, bytes, MIME type such as "application/pdf")
Attachment = tuple[str, bytes, str]

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF_MIME = "application/pdf"

DEFAULT_ADDRESSEE = ("区教体局", "District Education and Sports Bureau")
_LINE_BREAKS = re.compile(r"[\r\n\u2028\u2029]+")


class MessageError(ValueError):
    """The message cannot be built (an empty address, a bad MIME type)."""

    def __init__(self, zh: str, en: str = "") -> None:
        self.zh, self.en = zh, en or zh
        super().__init__(zh)

    def text(self, lang: str = "zh") -> str:
        return self.en if lang == "en" else self.zh


class _SubjectHeader(UnstructuredHeader):
    # The registry mixes BaseHeader in (it supplies `name` and the default `fold`).
    def fold(self, *, policy: Any) -> str:
        header = cast(BaseHeader, self)
        value = str(self)
        if value.isascii():
            return str(super().fold(policy=policy))  # type: ignore[misc]
        width = policy.max_line_length or 78
        encoded = Header(value, "utf-8", maxlinelen=width, header_name=header.name).encode(linesep=policy.linesep)
        return f"{header.name}: {encoded}{policy.linesep}"


def _make_policy() -> EmailPolicy[EmailMessage]:
    registry = HeaderRegistry()
    registry.map_to_type("subject", cast(type[BaseHeader], _SubjectHeader))
    # SMTP: CRLF line endings, 78-column folding, ASCII-only output (no SMTPUTF8 needed).
    return email_policy.SMTP.clone(header_factory=registry)


MESSAGE_POLICY = _make_policy()


def one_line(text: str) -> str:
    """A header value on one line (a line break in a header would let text forge headers)."""
    return _LINE_BREAKS.sub(" ", text).strip()


def build_message(
    *,
    sender: str,
    to: str | Iterable[str],
    subject: str,
    body: str,
    attachments: Iterable[Attachment] = (),
) -> EmailMessage:
    """A multipart message: the plain-text body, then each attachment byte for byte (base64)."""
    recipients = [to] if isinstance(to, str) else list(to)
    recipients = [one_line(address) for address in recipients if address.strip()]
    if not recipients:
        raise MessageError("未填写收件人邮箱地址。", "No recipient address was given.")
    message = EmailMessage(policy=MESSAGE_POLICY)
    message["Subject"] = one_line(subject)
    if sender.strip():
        message["From"] = one_line(sender)
    message["To"] = ", ".join(recipients)
    message["Date"] = formatdate(localtime=True)
    # An explicit domain: make_msgid() would otherwise ask DNS for this PC's name (slow offline).
    message["Message-ID"] = make_msgid(domain=_domain_of(sender))
    # base64 keeps Chinese text 7-bit clean for servers without 8BITMIME.
    message.set_content(body.replace("\r\n", "\n"), subtype="plain", charset="utf-8", cte="base64")
    for name, data, mime_type in attachments:
        maintype, _, subtype = mime_type.partition("/")
        if not maintype or not subtype:
            raise MessageError(
                f"附件“{name}”的类型“{mime_type}”无效。",
                f"The type “{mime_type}” of the attachment “{name}” is not valid.",
            )
        message.add_attachment(bytes(data), maintype=maintype, subtype=subtype, filename=one_line(name))
        # No RFC 2231 `name*` on Content-Type: CPython 3.11 then folds the long xlsx MIME type
        # into encoded words and corrupts it; Content-Disposition's filename* is the standard.
    return message


def _domain_of(sender: str) -> str:
    address = parseaddr(sender)[1]
    domain = address.rpartition("@")[2]
    return domain if domain and domain.isascii() else "school-report.invalid"


def default_subject_and_body(
    submission: Submission,
    lang: str = "zh",
    *,
    fingerprint: str = "",
    addressee: str | None = None,
) -> tuple[str, str]:
    """The template: 【报送】学校 报送期 第N版, and a short official body naming the files."""
    from desktop_app.domain.submission import FINGERPRINT_NAME

    period = submission.reporting_period.name(lang)
    school = submission.school_name
    signatories = submission.signatories
    if lang == "en":
        draft = " (draft)" if submission.is_draft else ""
        subject = f"[Report] {school} {period} revision {submission.revision}{draft}"
        lines = [
            f"To the {addressee or DEFAULT_ADDRESSEE[1]}:",
            "",
            f"Please find attached the report of {school} for {period} (revision {submission.revision}{draft}).",
            "",
            f"School code: {submission.school_code}",
            f"Period: {period}",
            f"Revision: {submission.revision}",
        ]
        if fingerprint:
            lines.append(f"{FINGERPRINT_NAME.en}: {fingerprint}")
        if signatories.preparer or signatories.phone:
            lines.append(f"Prepared by: {signatories.preparer}  Phone: {signatories.phone}")
        lines += ["", school]
        return subject, "\n".join(lines) + "\n"
    draft = "（草稿）" if submission.is_draft else ""
    subject = f"【报送】{school} {period} 第{submission.revision}版{draft}"
    version = f"第{submission.revision}版" + ("，草稿" if submission.is_draft else "")
    lines = [
        f"{addressee or DEFAULT_ADDRESSEE[0]}：",
        "",
        f"　　现报送{school}{period}报表（{version}），详见附件，请审核。",
        "",
        f"学校标识码：{submission.school_code}",
        f"报送期：{period}",
        f"版本：第{submission.revision}版",
    ]
    if fingerprint:
        lines.append(f"{FINGERPRINT_NAME.zh}：{fingerprint}")
    if signatories.preparer or signatories.phone:
        lines.append(f"填表人：{signatories.preparer}　联系电话：{signatories.phone}")
    lines += ["", school]
    return subject, "\n".join(lines) + "\n"


def attachments_of(message: EmailMessage) -> list[Attachment]:
    """The attachments of a (parsed) message as (file name, bytes, MIME type)."""
    result: list[Attachment] = []
    for part in message.iter_attachments():
        payload = part.get_payload(decode=True)
        result.append((part.get_filename() or "", bytes(payload or b""), part.get_content_type()))
    return result


def plain_body(message: EmailMessage) -> str:
    """The text of the plain-text body ("" if there is none), e.g. to show a sent message again."""
    part = message.get_body(("plain",))
    return str(part.get_content()) if part is not None else ""
