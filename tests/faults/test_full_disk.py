"""Item 10: a full disk. `set`, `show` and `export` answer with the product's message and a non-zero
exit; the lock's who-holds-it note is a courtesy that a full disk does not turn into a traceback; a daily
backup that fails says so, never "the backup before the upgrade failed"; nothing is called damaged.

A real full file system: a small tmpfs mounted for the test and filled to the last byte (root only;
skipped with the reason otherwise). SQLite's own max_page_count trick (reliability-notes #8) is used by
tests/lifecycle/test_faults.py for the database file itself."""

from __future__ import annotations

import contextlib
import shutil
import sqlite3
from pathlib import Path

from tests.faults.conftest import Cli, copy_database, dump_unchanging, fill, no_traceback, small_disk

UPGRADE_WORDS = ("升级", "upgrade")


def _on_disk(demo_db: Path, disk: Path) -> Path:
    return copy_database(demo_db, disk / "school-report.sqlite3")


def test_set_and_show_on_a_full_disk_while_the_database_is_open(cli: Cli, demo_db: Path, tmp_path: Path) -> None:
    """Another reader keeps -wal and -shm in place (as the window does), so SQLite can open the file; then
    the disk fills up. The lock note cannot be written; the edit cannot be saved; showing still works."""
    with small_disk(tmp_path / "disk") as disk:
        db = _on_disk(demo_db, disk)
        with contextlib.closing(sqlite3.connect(db)) as reader:
            reader.execute("SELECT count(*) FROM field_values").fetchone()
            filler = fill(disk)
            before = dump_unchanging(db)
            for lang, full in (("zh", "磁盘空间不足"), ("en", "disk is full")):
                edit = cli(db, "set", "party", "members", "30", lang=lang)
                no_traceback(edit)
                assert edit.returncode == 1 and full in edit.stderr, edit.stderr
                assert not any(word in edit.stderr for word in UPGRADE_WORDS), edit.stderr
                show = cli(db, "show", "party", "--period", "2022", lang=lang)
                no_traceback(show)
                assert show.returncode == 0 and "25" in show.stdout, show.stderr
                assert not any(word in show.stderr for word in UPGRADE_WORDS), show.stderr
            assert dump_unchanging(db) == before
        filler.unlink()
        again = cli(db, "set", "party", "members", "30")
        assert again.returncode == 0, again.stderr  # nothing was set aside or broken: works once there is room


def test_a_database_that_cannot_even_open_on_a_full_disk_is_not_called_damaged(
    cli: Cli, demo_db: Path, tmp_path: Path
) -> None:
    with small_disk(tmp_path / "disk") as disk:
        db = _on_disk(demo_db, disk)
        filler = fill(disk)
        before = dump_unchanging(db)
        for argv in (
            ["set", "party", "members", "30"],
            ["show"],
            ["export", "pdf", "--out", str(tmp_path / "o")],
            ["export", "xlsx", "--out", str(tmp_path / "o")],
            ["check"],
            ["backup"],
        ):
            for lang, full in (("zh", "磁盘空间不足"), ("en", "disk is full")):
                result = cli(db, *argv, lang=lang)
                no_traceback(result)
                assert result.returncode == 1 and full in result.stderr, (argv, result.stderr)
                said = result.stderr.replace("这不表示文件已损坏", "").replace("does not mean it is damaged", "")
                assert "损坏" not in said and "damaged" not in said, said
        assert db.exists() and not list(disk.glob("*.damaged-*"))  # never set aside
        assert dump_unchanging(db) == before
        filler.unlink()
        assert cli(db, "set", "party", "members", "30").returncode == 0


def test_export_into_a_full_disk_is_answered_and_leaves_nothing(cli: Cli, demo_db: Path, tmp_path: Path) -> None:
    with small_disk(tmp_path / "disk", "1m") as disk:
        out = disk / "out"
        out.mkdir()
        fill(disk)
        for kind in ("pdf", "xlsx"):
            for lang, full in (("zh", "磁盘空间不足"), ("en", "disk is full")):
                result = cli(demo_db, "export", kind, "--out", str(out), lang=lang)
                no_traceback(result)
                assert result.returncode == 1 and full in result.stderr and str(out) in result.stderr, result.stderr
        assert list(out.iterdir()) == []  # no half file, no temporary file


def test_a_failed_daily_backup_is_not_called_an_upgrade_failure(cli: Cli, demo_db: Path, tmp_path: Path) -> None:
    with small_disk(tmp_path / "disk", "1m") as disk:
        (disk / "backups").mkdir()
        (demo_db.parent / "backups").symlink_to(disk / "backups")  # the backups folder is on the full disk
        fill(disk)
        for lang, words in (("zh", "今天的自动备份未能完成"), ("en", "automatic backup could not be made")):
            show = cli(demo_db, "show", "party", "--period", "2022", lang=lang)
            no_traceback(show)
            assert show.returncode == 0 and words in show.stderr, show.stderr
            assert not any(word in show.stderr for word in UPGRADE_WORDS), show.stderr
        assert list((disk / "backups").iterdir()) == []  # no partial copy left
    shutil.rmtree(tmp_path / "disk", ignore_errors=True)


def test_no_room_for_the_lock_file_is_answered_before_anything(cli: Cli, demo_db: Path, tmp_path: Path) -> None:
    """A disk with no free file entry (inode) left: the lock file cannot be made, so nothing is opened."""
    with small_disk(tmp_path / "disk", "4m", inodes=8) as disk:
        db = _on_disk(demo_db, disk)
        before = dump_unchanging(db)
        number = 0
        with contextlib.suppress(OSError):
            while True:
                (disk / f"taken-{number}").touch()
                number += 1
        for lang, words in (("zh", "锁文件"), ("en", "lock file")):
            result = cli(db, "set", "party", "members", "30", lang=lang)
            no_traceback(result)
            assert result.returncode == 1 and words in result.stderr, result.stderr
        assert dump_unchanging(db) == before and not list(disk.glob("*.lock"))
