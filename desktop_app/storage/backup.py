"""Verified backup copies made with SQLite's online backup API (never a file copy of a live database).

A copy counts as a backup only once it passes `PRAGMA integrity_check` and holds the same number of
rows in every table as the original (reliability-notes #4).
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from datetime import datetime
from pathlib import Path

from desktop_app.domain.text import Text
from desktop_app.storage.errors import BackupFailed, os_reason, sqlite_reason

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
                    raise BackupFailed(database, reason=reason, detail=f"integrity_check: {checked}")
                if _row_counts(copy) != expected:
                    raise BackupFailed(
                        database, reason=reason, detail=Text("副本的行数与原库不一致", "the copy's row counts differ")
                    )
            finally:
                copy.close()
        finally:
            source.close()
        os.replace(partial, target)
    except sqlite3.Error as error:
        _discard(partial)
        raise BackupFailed(database, reason=reason, detail=sqlite_reason(str(error), folder)) from error
    except OSError as error:
        _discard(partial)
        raise BackupFailed(database, reason=reason, detail=os_reason(error)) from error
    except BackupFailed:
        _discard(partial)
        raise
    prune_backups(database, keep)
    return target


def _discard(partial: Path) -> None:
    with contextlib.suppress(OSError):  # e.g. a read-only disk: nothing was made there either
        partial.unlink(missing_ok=True)


def list_backups(database: Path) -> list[Path]:
    folder = backup_folder(database)
    if not folder.is_dir():
        return []
    return sorted(folder.glob(f"{database.stem}-*.sqlite3"))


PRE_SUBMIT_REASON = "submit"


def content_of(backup: Path) -> tuple[str, str, tuple[str, ...]] | None:
    """What a backup holds, as far as pruning cares: (school code, school name, periods with reports);
    None when it cannot be read (read-only, never written to)."""
    import json

    try:
        connection = sqlite3.connect(f"{backup.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error:
        return None
    try:
        profile = dict(
            connection.execute(
                "SELECT v.field, v.value_json FROM field_values v JOIN reports r ON r.id = v.report_id "
                "WHERE r.category = 'profile' AND v.field IN ('school_code', 'school_name')"
            ).fetchall()
        )
        periods = tuple(
            row[0]
            for row in connection.execute(
                "SELECT DISTINCT p.key FROM periods p JOIN reports r ON r.period_id = p.id "
                "WHERE r.category != 'profile' ORDER BY p.key"
            )
        )
        code, name = (json.loads(profile[key]) if key in profile else "" for key in ("school_code", "school_name"))
        return str(code or ""), str(name or ""), periods
    except (sqlite3.Error, ValueError):
        return None
    finally:
        connection.close()


def prune_backups(database: Path, keep: int) -> None:
    """Keep the newest `keep` backups and, older than those, every pre-submit backup and the newest backup
    of each distinct school/period content; delete the rest.

    So a run of backups of something else (a blank database started after a damaged one was set aside,
    another school's file) never prunes away the last backup that still held the school."""
    backups = list_backups(database)
    newest, older = backups[max(0, len(backups) - keep) :], backups[: max(0, len(backups) - keep)]
    seen = {content_of(path) for path in newest}
    for path in reversed(older):  # newest first: the first of each content is the one kept
        if path.stem.endswith("-" + PRE_SUBMIT_REASON):
            continue
        content = content_of(path)
        if content is not None and content not in seen:
            seen.add(content)
            continue
        path.unlink(missing_ok=True)
