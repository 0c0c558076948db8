"""Item 14: a database set aside as damaged is answered before anything else happens. The next start
does not silently make a blank database (nor back it up, nor accept edits): the command line refuses,
naming the newest good backup and `restore --empty`; the window asks (tests/gui/test_startup_safety.py).
Backup pruning keeps, besides the newest N, the newest backup of each distinct school/period content and
every pre-submit backup, so backups of a blank database never prune away the last one with the school."""

from __future__ import annotations

import json
import time
from pathlib import Path

from desktop_app.storage.backup import backup_database, content_of, list_backups
from tests.damage import overwrite_middle
from tests.faults.conftest import Cli, dump, no_traceback, stored


def _set_aside_by_a_first_start(cli: Cli, db: Path) -> Path:
    overwrite_middle(db)
    first = cli(db, "show")
    no_traceback(first)
    assert first.returncode == 1 and "已损坏" in first.stderr, first.stderr
    (aside,) = [p for p in db.parent.glob(db.name + ".damaged-*") if not p.name.endswith(("-wal", "-shm"))]
    return aside


def test_the_next_start_is_refused_until_answered(cli: Cli, demo_db: Path) -> None:
    good = backup_database(demo_db, reason="manual")
    aside = _set_aside_by_a_first_start(cli, demo_db)
    for argv in (["show"], ["set", "party", "members", "3"], ["validate"], ["submit"], ["history"]):
        for lang, words in (("zh", "尚未处理"), ("en", "has not been answered")):
            result = cli(demo_db, *argv, lang=lang)
            no_traceback(result)
            assert result.returncode == 1 and words in result.stderr, result.stderr
            assert good.name in result.stderr and "restore --empty" in result.stderr
    assert not demo_db.exists()  # no blank database was made
    assert list_backups(demo_db) == [good]  # and none was backed up
    restored = cli(demo_db, "restore", str(good))
    assert restored.returncode == 0, restored.stderr
    assert stored(demo_db, "party", "members") == 25
    assert aside.exists()  # the damaged file is still kept
    assert cli(demo_db, "show").returncode == 0


def test_start_empty_only_when_the_clerk_says_so(cli: Cli, demo_db: Path) -> None:
    refused = cli(demo_db, "restore", "--empty")
    assert refused.returncode == 1 and "未被改名保存" in refused.stderr  # an existing database: never emptied
    assert stored(demo_db, "party", "members") == 25
    aside = _set_aside_by_a_first_start(cli, demo_db)
    for lang, words in (("zh", "已新建空白数据库"), ("en", "An empty database")):
        if lang == "en":
            demo_db.unlink()  # the same answer again, in English
        empty = cli(demo_db, "restore", "--empty", lang=lang)
        no_traceback(empty)
        assert empty.returncode == 0 and words in empty.stdout and aside.name in empty.stdout, empty.stderr
    assert cli(demo_db, "set", "party", "members", "3").returncode == 0
    assert stored(demo_db, "party", "members") == 3 and aside.exists()


def test_pruning_keeps_the_last_backup_of_the_school_and_every_pre_submit_backup(
    cli: Cli, demo_db: Path, tmp_path: Path
) -> None:
    (tmp_path / "config").mkdir(exist_ok=True)
    (tmp_path / "config" / "settings.json").write_text(json.dumps({"backups_keep": 3}), encoding="utf-8")
    submit_backup = backup_database(demo_db, reason="submit", keep=3)
    school = [backup_database(demo_db, reason="daily", keep=3) for _ in range(3)]
    _set_aside_by_a_first_start(cli, demo_db)
    assert cli(demo_db, "restore", "--empty").returncode == 0
    for _ in range(10):  # ten days of backups of the blank database
        made = cli(demo_db, "backup")
        assert made.returncode == 0, made.stderr
        time.sleep(0.01)
    kept = list_backups(demo_db)
    assert submit_backup in kept and school[-1] in kept  # the school survives in its newest backup
    assert not set(school[:-1]) & set(kept)
    assert len(kept) == 3 + 2
    holding = [content_of(path) for path in kept]
    assert any(content and content[1] for content in holding)  # a backup that still has the school's name
    assert dump(school[-1])  # and it is a whole database


def test_ten_backups_of_a_blank_database_leave_the_school_s_newest(demo_db: Path, tmp_path: Path) -> None:
    """The pruning rule alone: a blank database in the same place as the school's, backed up ten times."""
    import sqlite3

    school = [backup_database(demo_db, reason=reason, keep=3) for reason in ("submit", "daily", "daily")]
    demo_db.unlink()
    blank = sqlite3.connect(demo_db)
    blank.executescript(
        "CREATE TABLE periods (id INTEGER PRIMARY KEY, key TEXT); "
        "CREATE TABLE reports (id INTEGER PRIMARY KEY, category TEXT, period_id INTEGER); "
        "CREATE TABLE field_values (id INTEGER PRIMARY KEY, report_id INTEGER, field TEXT, "
        "value_json TEXT);"
    )
    blank.close()
    for _ in range(10):
        backup_database(demo_db, reason="daily", keep=3)
    kept = list_backups(demo_db)
    assert school[0] in kept and school[2] in kept and school[1] not in kept
    assert len(kept) == 5
