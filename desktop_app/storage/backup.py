"""Verified backup copies made with SQLite's online backup API (never a file copy of a live database).

A copy counts as a backup only once it passes `PRAGMA integrity_check` and holds the same number of
rows in every table as the original (reliability-notes #4).
"""

from __future__ import annotations

import os
import sqlite3
from datetime import datetime
from pathlib import Path

from desktop_app.storage.errors import BackupFailed

BACKUP_FOLDER = "backups"


def backup_folder(database: Path) -> Path:
    return database.parent / BACKUP_FOLDER


def _row_counts(connection: sqlite3.Connection) -> dict[str, int]:
    names = [
        row[0]
        for row in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    ]
    return {name: connection.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0] for name in names}


def backup_database(database: Path, reason: str = "backup", keep: int = 10) -> Path:
    """Copy `database` into its backups folder, verify the copy, prune old ones; return the copy's path."""
    folder = backup_folder(database)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    target = folder / f"{database.stem}-{stamp}-{reason}.sqlite3"
    partial = target.with_suffix(".partial")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        source = sqlite3.connect(database)
        try:
            copy = sqlite3.connect(partial)
            try:
                # Count and copy inside one read transaction: another process may be writing meanwhile.
                source.execute("BEGIN")
                expected = _row_counts(source)
                source.backup(copy)
                source.rollback()
                checked = copy.execute("PRAGMA integrity_check").fetchone()[0]
                if checked != "ok":
                    raise BackupFailed(database, detail=f"integrity_check: {checked}")
                if _row_counts(copy) != expected:
                    raise BackupFailed(database, detail="row counts differ")
            finally:
                copy.close()
        finally:
            source.close()
        os.replace(partial, target)
    except sqlite3.Error as error:
        partial.unlink(missing_ok=True)
        raise BackupFailed(database, detail=str(error)) from error
    except OSError as error:
        partial.unlink(missing_ok=True)
        raise BackupFailed(database, detail=error.strerror or str(error)) from error
    except BackupFailed:
        partial.unlink(missing_ok=True)
        raise
    prune_backups(database, keep)
    return target


def list_backups(database: Path) -> list[Path]:
    folder = backup_folder(database)
    if not folder.is_dir():
        return []
    return sorted(folder.glob(f"{database.stem}-*.sqlite3"))


def prune_backups(database: Path, keep: int) -> None:
    backups = list_backups(database)
    for old in backups[: max(0, len(backups) - keep)]:
        old.unlink(missing_ok=True)
