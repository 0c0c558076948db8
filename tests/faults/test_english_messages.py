"""Item 13: with --lang en every message is English. Each error path that showed Chinese is met through
the real command line (a failed backup, an empty file, a file that is not SQLite, a refused period, a
revision that does not exist, a damaged backup offered for restore, the list of backups, characters no
font has on `send --pdf`, a database set aside), and the output may hold no Chinese but the clerk's own
data (school name, period names in file names)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.damage import overwrite_middle
from tests.faults.conftest import Cli, copy_database, no_traceback

CHINESE = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef\U00020000-\U0003ffff]")
SCHOOL = "济南市济阳区实验小学（虚构（演示））"
RARE = "".join(chr(code) for code in (0x30000, 0x2B740))  # in no bundled font


def english(text: str, *user_data: str) -> None:
    for data in (*user_data, SCHOOL, *RARE):
        text = text.replace(data, "")
    found = CHINESE.findall(text)
    assert not found, f"Chinese in an English message: {found!r}\n{text}"


def _run_en(cli: Cli, db: Path, *argv: str, code: int | None = 1) -> str:
    result = cli(db, *argv, lang="en")
    no_traceback(result)
    if code is not None:
        assert result.returncode == code, (argv, result.stdout, result.stderr)
    english(result.stderr)
    english(result.stdout, *[line for line in result.stdout.splitlines() if line.startswith("/")])
    return result.stderr + result.stdout


def test_a_failed_backup(cli: Cli, demo_db: Path, tmp_path: Path) -> None:
    assert "itself" in _run_en(cli, demo_db, "backup", "--out", str(demo_db))
    (tmp_path / "a-file").write_text("x")
    assert "could not be saved" in _run_en(cli, demo_db, "backup", "--out", str(tmp_path / "a-file" / "copy.sqlite3"))


def test_an_empty_file_and_a_file_that_is_not_sqlite(cli: Cli, tmp_path: Path) -> None:
    empty = tmp_path / "empty.sqlite3"
    empty.write_bytes(b"")
    assert "the file is empty" in _run_en(cli, empty, "check")
    picture = tmp_path / "photo.sqlite3"
    picture.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    assert "not an SQLite file" in _run_en(cli, picture, "check")
    assert "not a database of this program" in _run_en(cli, picture, "show")
    shown = _run_en(cli, empty, "show")  # an empty file where a database was: set aside, answered
    assert "the file is empty" in shown and "restore --empty" in shown
    assert "has not been answered" in _run_en(cli, empty, "show")


@pytest.mark.parametrize(
    "argv",
    [
        ["export", "pdf", "--out", "{out}", "--period", "../x"],
        ["export", "xlsx", "--out", "{out}", "--period", "../x"],
        ["submit", "--period", "2022-2023-9"],
        ["regenerate", "--revision", "5", "--out", "{out}"],
        ["reopen", "--reason", "typo"],
    ],
)
def test_refused_periods_and_revisions(cli: Cli, demo_db: Path, tmp_path: Path, argv: list[str]) -> None:
    said = _run_en(cli, demo_db, *[part.format(out=tmp_path / "out") for part in argv], code=None)
    assert "period" in said or "revision" in said or "submitted" in said


def test_submitted_twice_and_the_backup_before_submitting(cli: Cli, demo_db: Path, tmp_path: Path) -> None:
    backups = demo_db.parent / "backups"
    backups.write_text("not a folder")  # the backup before 上报 cannot be made
    said = _run_en(cli, demo_db, "submit", "--out", str(tmp_path / "out"))
    assert "backup before submitting failed" in said
    backups.unlink()
    _run_en(cli, demo_db, "submit", "--out", str(tmp_path / "out"), code=0)
    assert "was submitted on" in _run_en(cli, demo_db, "submit", "--out", str(tmp_path / "out"))


def test_restore_lists_and_refuses_in_english(cli: Cli, demo_db: Path, tmp_path: Path) -> None:
    _run_en(cli, demo_db, "backup", code=0)
    listing = _run_en(cli, demo_db, "restore", code=0)
    assert "periods:" in listing and "submitted:" in listing
    bad = copy_database(demo_db, tmp_path / "bad.sqlite3")
    overwrite_middle(bad)
    assert "cannot be restored" in _run_en(cli, demo_db, "restore", str(bad))


def test_characters_no_font_has_on_send_pdf(cli: Cli, demo_db: Path, tmp_path: Path) -> None:
    assert cli(demo_db, "set", "profile", "school_name", "Test School " + RARE).returncode == 0
    said = _run_en(
        cli, demo_db, "send", "--to", "bureau@example.cn", "--draft", "--pdf", "--out", str(tmp_path / "drafts"), code=0
    )
    assert "No installed font has these characters" in said


def test_wrong_mail_settings_and_a_broken_settings_file(cli: Cli, demo_db: Path, tmp_path: Path) -> None:
    import json

    config = tmp_path / "config"
    config.mkdir(exist_ok=True)
    (config / "settings.json").write_text(
        json.dumps({"smtp_host": "smtp.example.cn", "smtp_port": 0, "smtp_user": "a@example.cn"}), encoding="utf-8"
    )
    said = _run_en(cli, demo_db, "send", "--to", "bureau@example.cn", code=2)
    assert "SMTP settings are wrong" in said and "port" in said
    (config / "settings.json").write_text("{not json", encoding="utf-8")
    said = _run_en(cli, demo_db, "send", "--to", "bureau@example.cn", "--draft", "--out", str(tmp_path / "d"), code=0)
    assert "settings file" in said and "was damaged" in said
