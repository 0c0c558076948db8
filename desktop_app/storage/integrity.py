"""Start-up integrity check, setting a damaged database aside, and restoring from a backup.

A damaged file is never opened for writing and never deleted: it is renamed beside itself (with its
-wal/-shm/-journal companions, which belong to it) and the newest good backup is offered. A restore
runs with every connection closed, copies through SQLite's backup API and verifies the result.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from desktop_app.domain.text import Text
from desktop_app.storage.backup import list_backups
from desktop_app.storage.engine import connect_read_only
from desktop_app.storage.errors import os_reason, sqlite_reason

SQLITE_HEADER = b"SQLite format 3\x00"
COMPANIONS = ("-wal", "-shm", "-journal")


EMPTY = Text("文件为空", "the file is empty")
FOREIGN = Text("不是 SQLite 数据库文件", "not an SQLite database file")
# Only these of SQLite's answers are a verdict of damage; every other (cannot open, read-only, busy, a
# full disk that stops the -shm file growing: "disk I/O error") only says it could not look.
SQLITE_CORRUPT, SQLITE_NOTADB = 11, 26
VERDICTS = {SQLITE_CORRUPT, SQLITE_NOTADB}


@dataclass(frozen=True)
class IntegrityReport:
    ok: bool
    detail: str = ""  # SQLite's own words (or the Chinese of `reason`)
    complete: bool = True  # False when the time budget ran out before the check finished
    foreign: bool = False  # not an SQLite file at all: someone else's file, not a damaged database
    reason: Text | None = None  # a known reason, in both languages
    checked: bool = True  # False: the file could not be opened to look (no verdict; never "damaged")

    def detail_text(self, lang: str = "zh") -> str:
        return self.reason.get(lang) if self.reason is not None else self.detail

    def text(self, lang: str = "zh") -> str:
        detail = self.detail_text(lang)
        if not self.checked:
            return Text(
                f"无法检查数据库（{detail}），文件未作任何改动；这不表示文件已损坏。",
                f"The database could not be checked ({detail}); it was left unchanged. "
                "This does not mean it is damaged.",
            ).get(lang)
        if self.foreign:
            return Text(
                "不是本程序的数据库文件（不是 SQLite 数据库），文件未作任何改动。",
                "Not a database of this program (not an SQLite file); it was left unchanged.",
            ).get(lang)
        if self.ok and self.complete:
            return "数据库完好。" if lang == "zh" else "The database is intact."
        if self.ok:
            return "数据库快速检查未在时限内完成，未发现问题。" if lang == "zh" else "Quick check not finished in time."
        return f"数据库已损坏：{detail}" if lang == "zh" else f"The database is damaged: {detail}"

    @property
    def damaged(self) -> bool:
        """A verdict of damage: checked, an SQLite file, and not ok."""
        return self.checked and not self.ok and not self.foreign


def _connect_read_only(path: Path) -> sqlite3.Connection:
    return connect_read_only(path)


def check_integrity(path: Path, budget_seconds: float = 2.0) -> IntegrityReport:
    """`PRAGMA quick_check` within a time budget, after checking the file is SQLite at all.

    Never writes to the file or beside it; a file that cannot be opened to look (a read-only place
    that refuses what SQLite needs, a permission) is reported as not checked, never as damaged.
    """
    if not path.exists():
        return IntegrityReport(True, "missing")
    try:
        with open(path, "rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as error:
        reason = os_reason(error)
        return IntegrityReport(
            False, reason.zh, reason=Text(f"无法读取：{reason.zh}", f"cannot read: {reason.en}"), checked=False
        )
    if len(header) == 0:
        return IntegrityReport(False, EMPTY.zh, reason=EMPTY)
    if header != SQLITE_HEADER:
        return IntegrityReport(False, FOREIGN.zh, foreign=True, reason=FOREIGN)
    deadline = time.monotonic() + budget_seconds
    interrupted = False

    def over_budget() -> int:
        nonlocal interrupted
        interrupted = time.monotonic() > deadline
        return 1 if interrupted else 0

    connection: sqlite3.Connection | None = None
    try:
        connection = _connect_read_only(path)
        connection.set_progress_handler(over_budget, 10_000)
        rows = connection.execute("PRAGMA quick_check").fetchall()
    except sqlite3.DatabaseError as error:
        if interrupted:
            return IntegrityReport(True, "time budget", complete=False)
        if (getattr(error, "sqlite_errorcode", SQLITE_CORRUPT) & 0xFF) not in VERDICTS:
            return IntegrityReport(False, str(error), reason=sqlite_reason(str(error), path.parent), checked=False)
        return IntegrityReport(False, str(error))
    finally:
        if connection is not None:
            connection.close()
    messages = [str(row[0]) for row in rows]
    if messages == ["ok"]:
        return IntegrityReport(True)
    return IntegrityReport(False, "; ".join(messages[:3]))


def set_aside(path: Path, label: str = "damaged") -> Path:
    """Rename the database and its companions to `<name>.<label>-<time>`; nothing is deleted."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.{label}-{stamp}")
    counter = 1
    while target.exists():
        target = path.with_name(f"{path.name}.{label}-{stamp}-{counter}")
        counter += 1
    for suffix in COMPANIONS:
        companion = path.with_name(path.name + suffix)
        if companion.exists():
            companion.rename(target.with_name(target.name + suffix))
    path.rename(target)
    return target


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    taken_at: datetime
    ok: bool
    school_name: str = ""
    school_code: str = ""
    periods: tuple[str, ...] = ()
    revisions: dict[str, int] = field(default_factory=dict)  # period → newest submitted revision

    def summary(self, separator: str = "　", lang: str = "zh") -> str:
        if lang == "en":
            separator = "  " if separator == "　" else separator
            periods = ", ".join(_period_name(p, lang) for p in self.periods if p) or "none"
            submitted = (
                ", ".join(f"{_period_name(p, lang)} revision {r}" for p, r in sorted(self.revisions.items()))
                or "not submitted"
            )
            school = self.school_name or "(no school name)"
            return f"{self.taken_at:%Y-%m-%d %H:%M}  {school}{separator}periods: {periods}  submitted: {submitted}"
        periods = "、".join(_period_name(p) for p in self.periods if p) or "无"
        submitted = "，".join(f"{_period_name(p)}第{r}版" for p, r in sorted(self.revisions.items())) or "未上报"
        school = self.school_name or "（未填校名）"
        return f"{self.taken_at:%Y-%m-%d %H:%M}　{school}{separator}报送期：{periods}　已上报：{submitted}"


def _period_name(key: str, lang: str = "zh") -> str:
    from desktop_app.domain.periods import Period, PeriodKeyError

    try:
        return Period.parse(key).name(lang)
    except PeriodKeyError:
        return key


def _profile_text(connection: sqlite3.Connection, field_key: str) -> str:
    import json

    row = connection.execute(
        "SELECT v.value_json FROM field_values v JOIN reports r ON r.id = v.report_id "
        "WHERE r.category = 'profile' AND v.field = ?",
        (field_key,),
    ).fetchone()
    if not row:
        return ""
    value = json.loads(row[0])
    return value if isinstance(value, str) else ""


def describe_backup(path: Path) -> BackupInfo:
    """What a backup holds (date, school, periods, revisions), read without writing to it."""
    taken_at = datetime.fromtimestamp(path.stat().st_mtime)
    if not check_integrity(path, budget_seconds=5.0).ok:
        return BackupInfo(path, taken_at, ok=False)
    connection = _connect_read_only(path)
    try:
        periods = tuple(row[0] for row in connection.execute("SELECT key FROM periods ORDER BY key"))
        revisions = {
            row[0]: int(row[1])
            for row in connection.execute("SELECT period_key, max(revision) FROM snapshots GROUP BY period_key")
        }
        return BackupInfo(
            path,
            taken_at,
            ok=True,
            school_name=_profile_text(connection, "school_name"),
            school_code=_profile_text(connection, "school_code"),
            periods=periods,
            revisions=revisions,
        )
    except sqlite3.DatabaseError:
        return BackupInfo(path, taken_at, ok=False)
    finally:
        connection.close()


def backups_newest_first(database: Path) -> list[BackupInfo]:
    return sorted((describe_backup(p) for p in list_backups(database)), key=lambda b: b.taken_at, reverse=True)


def newest_good_backup(database: Path) -> BackupInfo | None:
    for info in backups_newest_first(database):
        if info.ok:
            return info
    return None


class RestoreFailed(RuntimeError):
    def __init__(self, message: Text) -> None:
        self.message = message
        super().__init__(message.zh)

    def text(self, lang: str = "zh") -> str:
        return self.message.get(lang)


def restore_backup(backup: Path, database: Path) -> Path | None:
    """Replace `database` by a verified copy of `backup`; the replaced file is set aside, not deleted.

    Every connection to `database` must be closed. Returns where the replaced file went (or None).
    """
    database = Path(os.path.realpath(database))  # through a symlink: the file, never the link
    if not check_integrity(backup, budget_seconds=30.0).ok:
        raise RestoreFailed(
            Text(
                f"备份文件“{backup.name}”已损坏或不是本程序的数据库，不能用于恢复；数据库未作任何改动。",
                f"The backup “{backup.name}” is damaged or not a database of this program, so it "
                "cannot be restored; the database was not changed.",
            )
        )
    # Copy and verify first; only then move the current file aside, so a failure changes nothing.
    partial = database.with_name(database.name + ".restoring")
    partial.unlink(missing_ok=True)
    with contextlib.closing(sqlite3.connect(backup)) as source, contextlib.closing(sqlite3.connect(partial)) as copy:
        source.backup(copy)
        result = copy.execute("PRAGMA integrity_check").fetchone()[0]
    if result != "ok":
        partial.unlink(missing_ok=True)
        raise RestoreFailed(
            Text(
                f"恢复后的数据库未通过完整性检查（{result}），已放弃恢复，数据库未作任何改动。",
                f"The restored copy failed the integrity check ({result}); nothing was restored "
                "and the database was not changed.",
            )
        )
    previous = set_aside(database, "before-restore") if database.exists() else None
    partial.rename(database)
    return previous
