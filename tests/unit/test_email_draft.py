"""The .eml draft: parses back with the standard library, attachments intact, X-Unsent: 1."""

from __future__ import annotations

from email import policy
from email.parser import BytesParser
from pathlib import Path

import pytest

from desktop_app.exporters.email import (
    PDF_MIME,
    XLSX_MIME,
    build_message,
    open_with_default_program,
    show_in_folder,
    write_eml_draft,
)
from desktop_app.exporters.email.draft import safe_file_stem
from desktop_app.exporters.email.message import attachments_of

SUBJECT = "【报送】济南市济阳区实验小学 2022年度 第1版"
ATTACHMENTS = [
    ("2137012345_济南市济阳区实验小学_2022年度_第1版.xlsx", b"PK\x03\x04" + bytes(range(256)) * 50, XLSX_MIME),
    ("2137012345_济南市济阳区实验小学_2022年度_第1版.pdf", b"%PDF-1.7\r\n" + bytes(range(255, -1, -1)) * 50, PDF_MIME),
]


def message(subject: str = SUBJECT):  # type: ignore[no-untyped-def]
    return build_message(
        sender="", to="bureau@example.cn", subject=subject, body="区教体局：\n　　现报送。\n", attachments=ATTACHMENTS
    )


def test_draft_parses_back_ready_to_send(tmp_path: Path) -> None:
    original = message()
    path = write_eml_draft(original, tmp_path / "邮件草稿")
    assert path == tmp_path / "邮件草稿" / f"{SUBJECT}.eml"
    parsed = BytesParser(policy=policy.default).parsebytes(path.read_bytes())
    assert parsed["X-Unsent"] == "1"
    assert parsed["Subject"] == SUBJECT
    assert parsed["To"] == "bureau@example.cn"
    assert attachments_of(parsed) == ATTACHMENTS
    assert "X-Unsent" not in original  # the caller's message can still be sent as it is
    assert [p.name for p in path.parent.iterdir()] == [path.name]  # no temporary file left


def test_draft_replaces_an_earlier_one(tmp_path: Path) -> None:
    first = write_eml_draft(message(), tmp_path)
    first.write_bytes(b"old")
    second = write_eml_draft(message(), tmp_path)
    assert second == first and second.read_bytes().count(b"X-Unsent: 1") == 1


@pytest.mark.parametrize(
    ("subject", "stem"),
    [
        ('报表: 2022/2023 "第1版"?', "报表_ 2022_2023 _第1版__"),
        ("CON", "邮件草稿_CON"),
        ("nul.txt", "邮件草稿_nul.txt"),
        ("  trailing dots... ", "trailing dots"),
        ("", "邮件草稿"),
        ("长" * 300, "长" * 120),
    ],
)
def test_file_names_are_safe_on_windows(subject: str, stem: str) -> None:
    assert safe_file_stem(subject) == stem


def test_opening_is_best_effort(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write_eml_draft(message(), tmp_path)
    assert open_with_default_program(tmp_path / "missing.eml") is False
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))  # no xdg-open, no file manager
    assert open_with_default_program(path) is False
    assert show_in_folder(path) is False
