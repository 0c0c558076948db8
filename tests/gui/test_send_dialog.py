"""发送至区教体局…: a real SMTP server on 127.0.0.1 (aiosmtpd, throwaway CA) receives the submission."""

from __future__ import annotations

import io
import json
import shutil
from collections.abc import Iterator
from email import policy
from email.parser import BytesParser
from pathlib import Path
from typing import Any

import keyring
import pypdf
import pytest
import trustme
from keyring.backends import fail

from desktop_app.exporters.email import XLSX_MIME, secrets
from desktop_app.exporters.email.message import attachments_of, plain_body
from tests.unit.test_email_smtp import PASSWORD, USER, new_ca, smtp_server

pytestmark = pytest.mark.gui


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from desktop_app.cli import main as cli

    path = tmp_path_factory.mktemp("demo") / "school-report.sqlite3"
    assert cli.main(["--db", str(path), "demo"]) == 0
    return path


@pytest.fixture(scope="module")
def ca(tmp_path_factory: pytest.TempPathFactory) -> tuple[trustme.CA, str]:
    return new_ca(tmp_path_factory.mktemp("ca"))


@pytest.fixture
def window(open_window: Any, demo_db: Path, db_path: Path) -> Iterator[Any]:
    """The demo school in the main window, with no working keyring (the in-memory fallback)."""
    for source in demo_db.parent.iterdir():
        if source.is_file():  # the database and its journal; not the installed packs beside it
            shutil.copy(source, db_path.parent / source.name)
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    secrets._session.clear()
    try:
        yield open_window("2022")
    finally:
        keyring.set_keyring(previous)
        secrets._session.clear()


def _dialog(window: Any) -> Any:
    from desktop_app.ui.exports.send_dialog import SendDialog

    window.actions_by_key["send"].trigger()
    (dialog,) = [d for d in window.findChildren(SendDialog) if d.isVisible()]
    return dialog


def _fill_mailbox(dialog: Any, server: Any, security: str, password: str) -> None:
    form = dialog.smtp
    form.host.setText(server.host)
    form.security.setCurrentIndex(form.security.findData(security))
    form.port.setValue(server.port)
    form.user.setText(USER)
    form.password.setText(password)


def test_sends_workbook_and_pdf_through_a_real_server(
    qtbot: Any, window: Any, ca: tuple[trustme.CA, str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    dialog = _dialog(window)
    assert dialog.subject.text().startswith("【报送】济南市济阳区实验小学") and "（草稿）" in dialog.subject.text()
    assert "校验码：" in dialog.body.toPlainText()
    assert "报表尚未提交" in dialog.notes.text()  # the demo school has not submitted
    assert "只在本次运行中使用" in dialog.smtp.keyring_note.text()  # no keyring here: said plainly
    dialog.to.setText("bureau@example.cn")
    dialog.subject.setText(dialog.subject.text() + "（请查收）")  # the template is editable
    dialog.with_pdf.setChecked(True)
    assert dialog.files.text().count("\n") == 1 and ".pdf" in dialog.files.text()
    with smtp_server(ca, "ssl") as server:
        monkeypatch.setenv("SSL_CERT_FILE", server.cafile)  # the system trust store, plus the test CA
        _fill_mailbox(dialog, server, "ssl", PASSWORD)
        dialog.send_button.click()
        qtbot.waitUntil(lambda: dialog.sent, timeout=60000)
        (received,) = server.mailbox.messages
    assert not dialog.isVisible() and "已发送至 bureau@example.cn" in window.statusBar().currentMessage()
    assert received["Subject"].endswith("（请查收）") and received["To"] == "bureau@example.cn"
    assert received["From"].addresses[0].addr_spec == USER
    assert "校验码：" in plain_body(received)
    (xlsx_name, xlsx, xlsx_mime), (pdf_name, pdf, _) = attachments_of(received)
    assert xlsx_mime == XLSX_MIME and xlsx_name.startswith("2137") and xlsx_name.endswith("_第1版_草稿.xlsx")
    assert xlsx == dialog.rendered[True].attachments[0][1]  # byte-identical
    assert pdf_name.endswith("_草稿.pdf") and len(pypdf.PdfReader(io.BytesIO(pdf)).pages) > 0
    # Remembered: the address and the mailbox in the settings file, the password in memory only.
    saved = json.loads((tmp_path / "settings.json").read_text(encoding="utf-8"))
    assert saved["bureau_email"] == "bureau@example.cn" and saved["smtp_user"] == USER
    assert PASSWORD not in (tmp_path / "settings.json").read_text(encoding="utf-8")
    assert secrets.get_password(USER, server.host) == PASSWORD
    assert window.settings.bureau_email == "bureau@example.cn"
    again = _dialog(window)
    assert again.to.text() == "bureau@example.cn" and again.smtp.typed_password() == PASSWORD


def test_wrong_password_is_said_and_the_dialog_stays_for_another_try(
    qtbot: Any, window: Any, ca: tuple[trustme.CA, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog = _dialog(window)
    dialog.to.setText("bureau@example.cn")
    dialog.body.setPlainText("区教体局：\n\n　　附件为本校报表，请审核。\n")
    with smtp_server(ca, "starttls") as server:
        monkeypatch.setenv("SSL_CERT_FILE", server.cafile)
        _fill_mailbox(dialog, server, "starttls", "wrong")
        dialog.send_button.click()
        qtbot.waitUntil(lambda: "邮件未发出" in dialog.status.text(), timeout=60000)
        assert f"邮箱“{USER}”登录失败" in dialog.status.text() and "授权码" in dialog.status.text()
        assert dialog.isVisible() and dialog.send_button.isEnabled() and server.mailbox.messages == []
        assert secrets.get_password(USER, server.host) is None  # a wrong password is not kept
        assert dialog.body.toPlainText().startswith("区教体局：")  # nothing typed is lost
        dialog.smtp.password.setText(PASSWORD)
        dialog.send_button.click()
        qtbot.waitUntil(lambda: dialog.sent, timeout=60000)
        (received,) = server.mailbox.messages
    assert "附件为本校报表" in plain_body(received) and len(attachments_of(received)) == 1


def test_unreachable_server_and_refused_recipient_each_say_so(
    qtbot: Any, window: Any, ca: tuple[trustme.CA, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.unit.test_email_smtp import REFUSED, free_port

    dialog = _dialog(window)
    dialog.to.setText(REFUSED)
    with smtp_server(ca, "ssl") as server:
        monkeypatch.setenv("SSL_CERT_FILE", server.cafile)
        _fill_mailbox(dialog, server, "ssl", PASSWORD)
        dialog.send_button.click()
        qtbot.waitUntil(lambda: "邮件未发出" in dialog.status.text(), timeout=60000)
        assert "收件人被服务器拒收" in dialog.status.text() and REFUSED in dialog.status.text()
    dialog.to.setText("bureau@example.cn")
    dialog.smtp.port.setValue(free_port())  # nothing listens there
    dialog.status.clear()
    dialog.send_button.click()
    qtbot.waitUntil(lambda: "邮件未发出" in dialog.status.text(), timeout=60000)
    assert "连接被拒绝" in dialog.status.text() and dialog.isVisible()


def test_draft_for_webmail_users(qtbot: Any, window: Any, db_path: Path) -> None:
    dialog = _dialog(window)
    dialog.to.setText("bureau@example.cn")
    assert dialog.smtp.host.text() == ""
    dialog.send_button.click()  # no SMTP set up: it says so and points to the draft
    assert "生成邮件草稿" in dialog.status.text()
    dialog.draft_button.click()
    qtbot.waitUntil(lambda: dialog.draft_path is not None, timeout=60000)
    draft = dialog.draft_path
    assert draft.parent == db_path.parent / "邮件草稿" and str(draft) in dialog.status.text()
    assert dialog.open_button.isVisible() and dialog.folder_button.isVisible()
    parsed = BytesParser(policy=policy.default).parsebytes(draft.read_bytes())
    assert parsed["X-Unsent"] == "1" and parsed["To"] == "bureau@example.cn"
    ((name, data, _mime),) = attachments_of(parsed)
    assert (draft.parent / name).read_bytes() == data  # the same file beside it, for webmail
