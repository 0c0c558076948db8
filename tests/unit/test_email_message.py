"""The message: RFC 2047 subject, RFC 2231 file names, attachments byte for byte, the template."""

from __future__ import annotations

import email
import re
from datetime import date
from email import policy
from email.header import decode_header, make_header
from email.parser import BytesParser
from urllib.parse import unquote_to_bytes

import pytest

from desktop_app.domain.submission import Signatories, Status, Submission
from desktop_app.exporters.email import PDF_MIME, XLSX_MIME, MessageError, build_message, default_subject_and_body
from desktop_app.exporters.email.message import attachments_of, plain_body

LONG_SCHOOL = "济南市济阳区济北街道办事处第一实验小学教育集团北校区"
NAMES = [
    f"2137012345_{LONG_SCHOOL}_2022—2023学年第一学期_第12版.xlsx",
    "说明 (附件) 1.pdf",
    "plain-ascii.txt",
]


def submission(period: str = "2022", *, revision: int = 1, status: Status = Status.SUBMITTED) -> Submission:
    return Submission(
        pack_id="jiyang-2022",
        pack_version="1.0.0",
        period=period,
        school_code="2137012345",
        school_name="济南市济阳区实验小学",
        revision=revision,
        status=status,
        values={},
        signatories=Signatories(preparer="王老师", phone="0531-84235116", reported_on=date(2022, 6, 6)),
    )


def parse(raw: bytes) -> email.message.EmailMessage:
    return BytesParser(policy=policy.default).parsebytes(raw)


@pytest.mark.parametrize(
    "subject",
    [
        "【报送】济南市济阳区实验小学 2022年度 第1版",
        f"【报送】{LONG_SCHOOL} 2022—2023学年第一学期 第12版（草稿）",
        "Report  two  spaces 中文",
        "plain ascii subject",
    ],
)
def test_subject_survives_folding(subject: str) -> None:
    raw = build_message(sender="a@b.cn", to="c@d.cn", subject=subject, body="x").as_bytes()
    assert parse(raw)["Subject"] == subject
    # The old (compat32) API, as older tools read it, agrees.
    legacy = email.message_from_bytes(raw)
    assert str(make_header(decode_header(legacy["Subject"]))) == subject


def test_wire_form_is_seven_bit_with_rfc2231_names() -> None:
    message = build_message(
        sender="济阳区实验小学 <school@example.cn>",
        to=["bureau@example.cn", "copy@example.cn"],
        subject="【报送】济南市济阳区实验小学 2022年度 第1版",
        body="区教体局：\n　　现报送。\n",
        attachments=[(name, name.encode() * 3, XLSX_MIME) for name in NAMES],
    )
    raw = message.as_bytes()
    assert raw.isascii()  # no SMTPUTF8 or 8BITMIME needed
    # RFC 5322's hard limit; the xlsx MIME type alone makes a 79-character line (allowed).
    assert all(len(line) <= 998 for line in raw.split(b"\r\n"))
    assert b"=?utf-8?" in raw.split(b"\r\n\r\n")[0]  # RFC 2047 in the headers
    assert b"filename*0*=utf-8''2137012345_" in raw  # RFC 2231 continuations for a long name
    # Each continuation decodes to whole characters on its own (some clients decode piecewise).
    for segment in re.findall(rb"filename\*\d+\*=(?:utf-8'')?([^;\r\n]+)", raw):
        unquote_to_bytes(segment.decode()).decode("utf-8")
    parsed = parse(raw)
    assert parsed["To"].addresses[1].addr_spec == "copy@example.cn"
    assert [name for name, _, _ in attachments_of(parsed)] == NAMES
    # Text travels in canonical CRLF form (RFC 2045), which mail programs show as plain lines.
    assert plain_body(parsed) == "区教体局：\r\n　　现报送。\r\n"
    assert parsed["Message-ID"].endswith("@example.cn>")


def test_attachments_are_byte_identical() -> None:
    payloads = [bytes(range(256)) * 7, b"", b"\r\n.\r\n", b"\x00" * 1000]
    attachments = [(f"附件{i}.bin", data, "application/octet-stream") for i, data in enumerate(payloads)]
    attachments.append(("报表.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", PDF_MIME))
    parsed = parse(build_message(sender="", to="c@d.cn", subject="s", body="b", attachments=attachments).as_bytes())
    assert attachments_of(parsed) == attachments
    assert "From" not in parsed  # no sender given: the mail program fills it in


def test_line_breaks_cannot_forge_headers() -> None:
    message = build_message(
        sender="a@b.cn",
        to="c@d.cn\r\nBcc: spy@evil.example",
        subject="报表\r\nBcc: spy@evil.example",
        body="x",
        attachments=[("a\r\nb.xlsx", b"1", XLSX_MIME)],
    )
    parsed = parse(message.as_bytes())
    assert "Bcc" not in parsed
    assert parsed["Subject"] == "报表 Bcc: spy@evil.example"
    assert attachments_of(parsed)[0][0] == "a b.xlsx"


def test_bad_input_is_refused() -> None:
    with pytest.raises(MessageError, match="收件人"):
        build_message(sender="a@b.cn", to=["  "], subject="s", body="b")
    with pytest.raises(MessageError, match=r"附件“a\.xlsx”的类型"):
        build_message(sender="a@b.cn", to="c@d.cn", subject="s", body="b", attachments=[("a.xlsx", b"", "xlsx")])


def test_default_subject_and_body() -> None:
    subject, body = default_subject_and_body(submission(), fingerprint="3F2A-9C1B-77D0-0B41")
    assert subject == "【报送】济南市济阳区实验小学 2022年度 第1版"
    assert body.startswith("区教体局：\n\n　　现报送济南市济阳区实验小学2022年度报表（第1版），详见附件")
    assert "学校标识码：2137012345" in body
    assert "校验码：3F2A-9C1B-77D0-0B41" in body
    assert "填表人：王老师　联系电话：0531-84235116" in body


def test_template_for_a_semester_draft_and_in_english() -> None:
    draft = submission("2022-2023-1", revision=2, status=Status.DRAFT)
    subject, body = default_subject_and_body(draft, addressee="济阳区教育和体育局")
    assert subject == "【报送】济南市济阳区实验小学 2022—2023学年第一学期 第2版（草稿）"
    assert body.startswith("济阳区教育和体育局：")
    assert "校验码" not in body
    subject_en, body_en = default_subject_and_body(submission(), "en")
    assert subject_en == "[Report] 济南市济阳区实验小学 Year 2022 revision 1"
    assert "School code: 2137012345" in body_en
