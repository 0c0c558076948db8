"""Item 9: a database in a read-only place opens read-only: showing, checking, validating and exporting
work; every edit is refused with a message; `check` never calls a healthy file damaged because it cannot
write beside it; nothing is written in the read-only folder.

The folder is made read-only for real (tests/faults/conftest.py: a read-only bind mount as root, so the
kernel answers EROFS even to root; chattr +i as a fallback; chmod 555 when not root)."""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path

from tests.faults.conftest import Cli, dump, dump_unchanging, no_traceback, read_only_folder, stored


def _listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_view_check_and_export_work_and_edits_are_refused(cli: Cli, demo_db: Path, tmp_path: Path) -> None:
    folder = demo_db.parent
    before, files = dump(demo_db), _listing(folder)
    out = tmp_path / "out"
    with read_only_folder(folder):
        for lang, refused in (("zh", "位于只读位置"), ("en", "read-only place")):
            edit = cli(demo_db, "set", "party", "members", "30", lang=lang)
            no_traceback(edit)
            assert edit.returncode == 1 and refused in edit.stderr, edit.stderr
            submit = cli(demo_db, "submit", "--out", str(out), lang=lang)
            no_traceback(submit)
            assert submit.returncode == 1 and refused in submit.stderr, submit.stderr
            check = cli(demo_db, "check", lang=lang)
            no_traceback(check)
            assert check.returncode == 0, check.stdout + check.stderr
            assert "损坏" not in check.stdout + check.stderr and "damaged" not in check.stdout + check.stderr
            assert "restore" not in check.stderr
        show = cli(demo_db, "show", "party", "--period", "2022")
        assert show.returncode == 0 and "只读" in show.stderr and "25" in show.stdout, show.stderr
        validate = cli(demo_db, "validate")
        assert validate.returncode == 0, validate.stderr
        for kind in ("pdf", "xlsx"):
            export = cli(demo_db, "export", kind, "--out", str(out))
            no_traceback(export)
            assert export.returncode == 0, export.stderr
            assert Path(export.stdout.strip()).is_file()
        assert _listing(folder) == files  # no lock file, no backups folder, no -wal or -shm
    assert dump(demo_db) == before and stored(demo_db, "party", "members") == 25


def test_a_wal_database_without_its_shm_is_checked_not_called_damaged(cli: Cli, tmp_path: Path, demo_db: Path) -> None:
    """SQLite cannot open a WAL database read-only where it cannot make the -shm file: the check opens it
    immutable instead (nobody can write there), and says it is intact."""
    with contextlib.closing(sqlite3.connect(demo_db)) as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert not demo_db.with_name(demo_db.name + "-shm").exists()
    with read_only_folder(demo_db.parent):
        result = cli(demo_db, "check")
    no_traceback(result)
    assert result.returncode == 0 and "数据库完好" in result.stdout, result.stdout + result.stderr


def test_unsaved_journal_in_a_read_only_folder_is_not_called_damage(cli: Cli, tmp_path: Path, demo_db: Path) -> None:
    """A -wal file holding data cannot be read without its -shm here: the check says it could not look,
    never that the file is damaged, and advises no restore; opening is refused, the file unchanged."""
    folder = tmp_path / "copy"
    folder.mkdir()
    holder = sqlite3.connect(demo_db)  # keeps the -wal with its frames while the files are copied
    try:
        holder.execute("PRAGMA wal_autocheckpoint = 0")
        holder.execute("UPDATE field_values SET value_json = '26' WHERE field = 'members'")
        holder.commit()
        for suffix in ("", "-wal"):
            source = demo_db.with_name(demo_db.name + suffix)
            (folder / f"school-report.sqlite3{suffix}").write_bytes(source.read_bytes())
    finally:
        holder.close()
    copy = folder / "school-report.sqlite3"
    assert (folder / "school-report.sqlite3-wal").stat().st_size > 0
    before = dump_unchanging(copy)
    with read_only_folder(folder):
        for lang, words in (("zh", "这不表示文件已损坏"), ("en", "does not mean it is damaged")):
            check = cli(copy, "check", lang=lang)
            no_traceback(check)
            assert check.returncode == 1 and words in check.stderr, check.stderr
            assert "restore" not in check.stderr
            show = cli(copy, "show", lang=lang)
            no_traceback(show)
            assert show.returncode == 1 and ("损坏" not in show.stderr and "damaged" not in show.stderr), show.stderr
    assert dump_unchanging(copy) == before
    assert sorted(p.name for p in folder.iterdir()) == ["school-report.sqlite3", "school-report.sqlite3-wal"]
