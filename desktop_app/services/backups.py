"""Copies the clerk asks for or the app takes by itself: "Back up now" (to a chosen file or the backups
folder) and the once-a-day copy at start-up.

Every copy goes through SQLite's backup API inside one read transaction of the source, so the copy and
the row counts it is verified against see the same moment, even while another process is writing
(reliability-notes #4); the copy is checked (integrity_check, equal row counts) before it gets its name.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sqlite3
from datetime import date, datetime
from pathlib import Path

from desktop_app.domain.text import Text
from desktop_app.storage.backup import list_backups
from desktop_app.storage.errors import os_reason, sqlite_reason


class CopyFailed(RuntimeError):
    def __init__(self, message: Text) -> None:
        self.message = message
        super().__init__(message.zh)

    def text(self, lang: str = "zh") -> str:
        return self.message.get(lang)


def _table_counts(connection: sqlite3.Connection) -> dict[str, int]:
    names = [
        row[0]
        for row in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    ]
    return {name: connection.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0] for name in names}


def copy_verified(database: Path, target: Path) -> Path:
    """ "Back up now" to a file the clerk chose: SQLite's backup API (safe while the app is writing),
    then integrity_check and equal row counts, then one rename onto the target."""
    if target.resolve() == database.resolve():
        raise CopyFailed(
            Text(
                "备份文件不能与数据库是同一个文件，请另选位置。",
                "The backup cannot be the database file itself; choose another place.",
            )
        )
    partial = target.with_name(target.name + ".partial")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        partial.unlink(missing_ok=True)
        with (
            contextlib.closing(sqlite3.connect(database)) as source,
            contextlib.closing(sqlite3.connect(partial)) as copy,
        ):
            # One read transaction around the copy and the count: both see the same moment of the
            # source even while another process keeps writing (WAL readers keep their snapshot).
            source.execute("BEGIN")
            expected = _table_counts(source)
            source.backup(copy)
            source.rollback()
            copy.execute("PRAGMA journal_mode = DELETE")  # one self-contained file, no -wal beside it
            result = copy.execute("PRAGMA integrity_check").fetchone()[0]
            same = _table_counts(copy) == expected if result == "ok" else False
        if result != "ok" or not same:
            why = Text(result, result) if result != "ok" else Text("行数不一致", "row counts differ")
            raise CopyFailed(
                Text(
                    f"备份副本未通过校验（{why.zh}），未保存。",
                    f"The backup copy failed its check ({why.en}) and was not kept.",
                )
            )
        os.replace(partial, target)
    except sqlite3.Error as error:
        _discard(partial)
        reason = sqlite_reason(str(error), target.parent)
        if reason == sqlite_reason("full"):
            raise CopyFailed(
                Text(
                    f"磁盘空间不足，备份未能保存到“{target.parent}”。",
                    f"The disk is full; the backup could not be saved in “{target.parent}”.",
                )
            ) from error
        raise CopyFailed(
            Text(f"备份失败（{reason.zh}），未保存。", f"The backup failed ({reason.en}); nothing was kept.")
        ) from error
    except OSError as error:
        _discard(partial)
        if error.errno == errno.ENOSPC:
            raise CopyFailed(
                Text(
                    f"磁盘空间不足，备份未能保存到“{target.parent}”。",
                    f"The disk is full; the backup could not be saved in “{target.parent}”.",
                )
            ) from error
        reason = os_reason(error)
        raise CopyFailed(
            Text(
                f"备份未能保存到“{target}”（{reason.zh}）。",
                f"The backup could not be saved as “{target}” ({reason.en}).",
            )
        ) from error
    except CopyFailed:
        _discard(partial)
        raise
    return target


def _discard(partial: Path) -> None:
    with contextlib.suppress(OSError):
        partial.unlink(missing_ok=True)


def backups_keep() -> int:
    """How many backups are kept (the setting; 10 when it cannot be read)."""
    from desktop_app.services.settings import load_settings

    try:
        return max(1, int(load_settings().backups_keep))
    except Exception:
        return 10


def backed_up_today(database: Path, today: date | None = None) -> bool:
    """Whether any backup of `database` was taken today (backup names carry their date)."""
    stamp = (today or date.today()).strftime("%Y%m%d")
    return any(p.name.startswith(f"{database.stem}-{stamp}-") for p in list_backups(database))


def daily_backup(database: Path, keep: int = 10) -> Path | None:
    """The once-a-day copy taken at start-up (none for a missing or empty database)."""
    from desktop_app.storage.backup import backup_database

    if not database.exists() or database.stat().st_size == 0 or backed_up_today(database):
        return None
    return backup_database(database, reason="daily", keep=keep)


def manual_backup(database: Path, keep: int = 10) -> Path:
    """ "Back up now" into the backups folder (safe while another window writes), pruning old copies."""
    from desktop_app.storage.backup import backup_folder, prune_backups

    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    target = copy_verified(database, backup_folder(database) / f"{database.stem}-{stamp}-manual.sqlite3")
    prune_backups(database, keep)
    return target
