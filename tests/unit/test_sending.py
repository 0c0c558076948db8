"""services/sending.py: the submission e-mail shared by `school-report send` and the Send dialog."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from email import policy
from email.parser import BytesParser
from pathlib import Path
from typing import Any

import pytest

from desktop_app.domain.text import Text
from desktop_app.exporters.email import PDF_MIME, XLSX_MIME, MessageError
from desktop_app.exporters.email.message import attachments_of, plain_body
from desktop_app.services import sending
from desktop_app.services.settings import Settings


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from desktop_app.cli import main as cli

    path = tmp_path_factory.mktemp("demo") / "school-report.sqlite3"
    assert cli.main(["--db", str(path), "demo"]) == 0
    return path


@pytest.fixture
def service(demo_db: Path, tmp_path: Path) -> Iterator[Any]:
    from desktop_app.services.reporting import ReportingService

    for source in demo_db.parent.iterdir():
        if source.is_file():  # the database and its journal; not the installed packs beside it
            shutil.copy(source, tmp_path / source.name)
    opened = ReportingService.open(tmp_path / demo_db.name)
    yield opened
    opened.close()


@pytest.fixture(scope="module")
def rendered(demo_db: Path) -> sending.Rendered:
    """The demo school's workbook and PDF, rendered once (the slow part)."""
    from desktop_app.services.reporting import ReportingService

    opened = ReportingService.open(demo_db)
    try:
        return sending.render_attachments(sending.gather(opened, "2022"), with_pdf=True)
    finally:
        opened.close()


def test_the_whole_message_with_notes(service: Any) -> None:
    settings = Settings(smtp_user="school@example.cn", sender_name="实验小学办公室")
    told: list[Text] = []
    message = sending.build_submission_message(service, settings, "bureau@example.cn", "2022", False,
                                               notice=told.append)  # fmt: skip
    assert [note.zh[:9] for note in told] == ["注意：报表尚未提交"]  # a draft, without errors
    subject = str(message["Subject"])
    assert subject.startswith("【报送】济南市济阳区实验小学") and subject.endswith("（草稿）")
    assert message["From"].addresses[0].display_name == "实验小学办公室"
    assert "校验码：" in plain_body(message)
    ((name, data, mime),) = attachments_of(message)
    assert mime == XLSX_MIME and name.endswith("_第1版_草稿.xlsx") and data.startswith(b"PK")


def test_errors_are_noted(service: Any) -> None:
    service.set_text("party", "members", "10", "2022")
    service.set_text("party", "honoured_members", "12", "2022")  # more honoured than members
    gathered = sending.gather(service, "2022")
    assert gathered.errors >= 1
    assert any("处错误" in note.zh for note in sending.notes(gathered))


def test_files_are_named_before_they_are_rendered(service: Any, rendered: sending.Rendered) -> None:
    gathered = sending.gather(service, "2022")
    names = sending.attachment_names(gathered, with_pdf=True)
    assert names == [name for name, _data, _mime in rendered.attachments]
    assert [mime for _name, _data, mime in rendered.attachments] == [XLSX_MIME, PDF_MIME]


def test_sender_only_with_an_account(service: Any) -> None:
    submission = sending.gather(service, "2022").submission
    assert sending.sender_address(Settings(), submission) == ""
    named = sending.sender_address(Settings(smtp_user=" a@b.cn "), submission)
    from email.header import decode_header, make_header

    assert named.endswith("<a@b.cn>") and "实验小学" in str(make_header(decode_header(named)))


def test_send_without_a_server_or_a_recipient_reports_instead_of_raising(
    service: Any, rendered: sending.Rendered
) -> None:
    gathered = sending.gather(service, "2022")
    letter = sending.Letter("bureau@example.cn", "主题", "正文", with_pdf=True)
    outcome = sending.send_now(gathered, Settings(), letter, "", rendered)
    assert isinstance(outcome.error, ValueError) and "未填写发信服务器" in str(outcome.error)
    assert outcome.rendered is rendered  # kept for another try, not rebuilt
    nobody = sending.Letter("", "主题", "正文", with_pdf=True)
    outcome = sending.send_now(gathered, Settings(smtp_host="smtp.example.cn"), nobody, "x", rendered)
    assert isinstance(outcome.error, MessageError) and "收件人" in str(outcome.error)


def test_draft_beside_the_database(service: Any, rendered: sending.Rendered, tmp_path: Path) -> None:
    gathered = sending.gather(service, "2022")
    folder = sending.service_draft_folder(service)
    assert folder == tmp_path / "邮件草稿"
    letter = sending.Letter("bureau@example.cn", "【报送】改过的主题", "正文\n第二行", with_pdf=True)
    outcome = sending.draft_now(gathered, Settings(), letter, folder, rendered)
    assert outcome.error is None and outcome.draft is not None and outcome.draft.parent == folder
    parsed = BytesParser(policy=policy.default).parsebytes(outcome.draft.read_bytes())
    assert parsed["X-Unsent"] == "1" and parsed["Subject"] == "【报送】改过的主题"
    assert plain_body(parsed).splitlines() == ["正文", "第二行"]
    for name, data, _mime in attachments_of(parsed):
        assert (folder / name).read_bytes() == data


def test_a_draft_that_cannot_be_written_says_why(service: Any, rendered: sending.Rendered, tmp_path: Path) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    letter = sending.Letter("bureau@example.cn", "主题", "正文", with_pdf=False)
    outcome = sending.draft_now(sending.gather(service, "2022"), Settings(), letter, blocked, rendered)
    assert isinstance(outcome.error, OSError) and outcome.draft is None


def test_draft_folder_without_a_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("SCHOOL_REPORT_DATA_DIR", str(tmp_path / "data"))
    assert sending.draft_folder(None) == tmp_path / "data" / "邮件草稿"
    assert sending.draft_folder(tmp_path / "x" / "db.sqlite3") == tmp_path / "x" / "邮件草稿"


def test_smtp_config_refuses_wrong_settings() -> None:
    with pytest.raises(ValueError, match="加密方式"):
        sending.smtp_config(Settings(smtp_host="smtp.example.cn", smtp_security="tls"))
    assert sending.smtp_config(Settings(smtp_host=" smtp.example.cn ", smtp_port=587,
                                        smtp_security="starttls")).host == "smtp.example.cn"  # fmt: skip
