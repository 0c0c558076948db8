"""`school-report send`: the demo school's workbook (and PDF) by SMTP, or as an .eml draft."""

from __future__ import annotations

import io
import json
import shutil
from collections.abc import Iterator
from email import policy
from email.parser import BytesParser
from pathlib import Path

import keyring
import pypdf
import pytest
import trustme
from keyring.backends import fail

from desktop_app.cli import main as cli
from desktop_app.exporters.email import XLSX_MIME, secrets
from desktop_app.exporters.email.message import attachments_of, plain_body
from desktop_app.exporters.xlsx import read_submission
from tests.unit.test_email_smtp import PASSWORD, USER, new_ca, smtp_server

SEND_MODULE = "desktop_app.cli.commands_send"
SUBJECT_START = "【报送】济南市济阳区实验小学"


@pytest.fixture(scope="module")
def demo_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("demo-db")
    assert cli.main(["--db", str(folder / "school-report.sqlite3"), "demo"]) == 0
    return folder


@pytest.fixture(scope="module")
def ca(tmp_path_factory: pytest.TempPathFactory) -> tuple[trustme.CA, str]:
    return new_ca(tmp_path_factory.mktemp("ca"))


@pytest.fixture
def db(demo_folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A copy of the demo database, private settings and data folders, and no working keyring."""
    for source in demo_folder.iterdir():
        if source.is_file():  # the database and its journal; not the installed packs beside it
            shutil.copy(source, tmp_path / source.name)
    monkeypatch.setenv("SCHOOL_REPORT_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("SCHOOL_REPORT_DATA_DIR", str(tmp_path / "data"))
    if SEND_MODULE not in cli.COMMAND_MODULES:  # until the lead registers the module
        monkeypatch.setattr(cli, "COMMAND_MODULES", (*cli.COMMAND_MODULES, SEND_MODULE))
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    secrets._session.clear()
    try:
        yield tmp_path / "school-report.sqlite3"
    finally:
        keyring.set_keyring(previous)
        secrets._session.clear()


def save_settings(folder: Path, **values: object) -> None:
    (folder / "config").mkdir(exist_ok=True)
    (folder / "config" / "settings.json").write_text(json.dumps(values), encoding="utf-8")


def test_without_smtp_writes_a_draft_with_the_files_beside_it(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["--db", str(db), "send", "--to", "bureau@example.cn"]) == 0
    out, err = capsys.readouterr()
    draft = Path(out.strip())
    assert draft.parent == db.parent / "邮件草稿" and draft.suffix == ".eml"
    assert "未设置发信邮箱（SMTP），已生成邮件草稿" in err
    parsed = BytesParser(policy=policy.default).parsebytes(draft.read_bytes())
    assert parsed["X-Unsent"] == "1" and parsed["To"] == "bureau@example.cn"
    assert parsed["Subject"].startswith(SUBJECT_START)
    ((name, data, mime),) = attachments_of(parsed)
    assert mime == XLSX_MIME and name.startswith("2137") and name.endswith("_第1版_草稿.xlsx")
    assert (draft.parent / name).read_bytes() == data  # the same file for webmail users
    from desktop_app.domain.loader import load_pack

    received = read_submission(draft.parent / name, load_pack())  # a workbook our reader accepts
    assert received.school_code == name.split("_")[0]


def test_sends_workbook_and_pdf_with_saved_settings(
    db: Path, ca: tuple[trustme.CA, str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    with smtp_server(ca, "ssl") as server:
        save_settings(
            db.parent,
            smtp_host=server.host,
            smtp_port=server.port,
            smtp_security="ssl",
            smtp_user=USER,
            bureau_email="bureau@example.cn",
            sender_name="实验小学办公室",
        )
        monkeypatch.setenv("SSL_CERT_FILE", server.cafile)  # the system trust store, plus the test CA
        secrets.set_password(USER, server.host, PASSWORD)
        assert cli.main(["--db", str(db), "send", "--pdf"]) == 0
        (received,) = server.mailbox.messages
    out, _ = capsys.readouterr()
    assert out.startswith("已发送至 bureau@example.cn，附件：2137")
    assert received["Subject"].startswith(SUBJECT_START)
    assert received["From"].addresses[0].display_name == "实验小学办公室"
    assert "校验码：" in plain_body(received)
    (xlsx_name, xlsx, _), (pdf_name, pdf, pdf_mime) = attachments_of(received)
    assert xlsx_name.endswith(".xlsx") and xlsx.startswith(b"PK\x03\x04")
    assert pdf_mime == "application/pdf" and pdf_name.endswith(".pdf")
    assert len(pypdf.PdfReader(io.BytesIO(pdf)).pages) > 0
    assert not (db.parent / "邮件草稿").exists()


def test_no_saved_password_and_no_terminal(
    db: Path, ca: tuple[trustme.CA, str], capsys: pytest.CaptureFixture[str]
) -> None:
    with smtp_server(ca, "ssl") as server:
        save_settings(db.parent, smtp_host=server.host, smtp_port=server.port, smtp_user=USER)
        assert cli.main(["--db", str(db), "send", "--to", "bureau@example.cn"]) == 2
        assert server.mailbox.messages == []
    assert f"没有保存邮箱“{USER}”的密码" in capsys.readouterr().err


def test_wrong_password_keeps_the_message_as_a_draft(
    db: Path, ca: tuple[trustme.CA, str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    with smtp_server(ca, "starttls") as server:
        save_settings(db.parent, smtp_host=server.host, smtp_port=server.port, smtp_security="starttls", smtp_user=USER)
        monkeypatch.setenv("SSL_CERT_FILE", server.cafile)
        secrets.set_password(USER, server.host, "wrong")
        assert cli.main(["--db", str(db), "send", "--to", "bureau@example.cn"]) == 1
        assert server.mailbox.messages == []
    err = capsys.readouterr().err
    assert f"邮件未发出：邮箱“{USER}”登录失败" in err and "--ask-password" in err
    (draft,) = (db.parent / "邮件草稿").glob("*.eml")
    assert f"邮件已另存为草稿：{draft}" in err


def test_no_recipient(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["--db", str(db), "send"]) == 2
    assert "未指定收件人" in capsys.readouterr().err


def test_password_is_asked_for_on_a_terminal(db: Path, ca: tuple[trustme.CA, str], tmp_path: Path) -> None:
    """A real pseudo-terminal: getpass prompts, the password is used (and kept for this run only)."""
    import os
    import pty
    import subprocess
    import sys

    launcher = "import sys; from desktop_app.cli import main as m; sys.exit(m.main(sys.argv[1:]))"
    if SEND_MODULE not in cli.COMMAND_MODULES:  # until the lead registers the module
        launcher = launcher.replace("; sys.exit", f"; m.COMMAND_MODULES += ({SEND_MODULE!r},); sys.exit")
    with smtp_server(ca, "starttls") as server:
        save_settings(db.parent, smtp_host=server.host, smtp_port=server.port, smtp_security="starttls", smtp_user=USER)
        environment = {
            **os.environ,
            "SSL_CERT_FILE": server.cafile,
            "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
        }
        main_fd, terminal_fd = pty.openpty()
        try:
            process = subprocess.Popen(
                [sys.executable, "-c", launcher, "--db", str(db), "send", "--to", "bureau@example.cn"],
                stdin=terminal_fd,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                env=environment,
                cwd=Path(__file__).resolve().parents[2],
            )
            assert process.stderr is not None
            prompt = b""
            while "密码（授权码）：".encode() not in prompt:  # getpass flushes what was typed earlier
                chunk = os.read(process.stderr.fileno(), 4096)
                assert chunk, prompt.decode()
                prompt += chunk
            os.write(main_fd, f"{PASSWORD}\n".encode())
            out, err = process.communicate(timeout=60)
            err = prompt + err
        finally:
            os.close(main_fd)
            os.close(terminal_fd)
        assert process.returncode == 0, err.decode()
        assert len(server.mailbox.messages) == 1 and server.mailbox.logins == [(USER, True)]
    assert "已发送至 bureau@example.cn" in out.decode()
    assert "密码只在本次运行中使用" in err.decode()
    assert [p for p in tmp_path.rglob("*") if PASSWORD.encode() in (p.read_bytes() if p.is_file() else b"")] == []
