"""Why a database cannot be opened or changed, in words a clerk can act on (Chinese first).

Every error names the file and what is wrong; the command line prints `text(lang)` and exits non-zero,
the window shows it in a dialog. None of these is raised after anything was written.
"""

from __future__ import annotations

import errno
from pathlib import Path
from typing import ClassVar

from desktop_app.domain.text import Text

# What an OSError means, in the clerk's words (the system's own text is English on most machines).
OS_REASONS = {
    errno.ENOSPC: Text("磁盘空间不足", "the disk is full"),
    errno.EDQUOT: Text("磁盘空间不足", "the disk quota is used up"),
    errno.EROFS: Text("所在磁盘禁止写入", "the disk is read-only"),
    errno.EACCES: Text("没有访问权限", "permission denied"),
    errno.EPERM: Text("没有访问权限", "permission denied"),
    errno.ENAMETOOLONG: Text("文件名过长", "the file name is too long"),
    errno.ENOENT: Text("文件或文件夹不存在", "no such file or folder"),
    errno.EEXIST: Text("同名的文件或链接已存在", "a file or link of that name exists"),
    errno.ENOTDIR: Text("路径中有一项不是文件夹", "a part of the path is not a folder"),
    errno.EISDIR: Text("这是文件夹，不是文件", "it is a folder, not a file"),
    errno.ELOOP: Text("链接指向自身，形成循环", "the links form a loop"),
    errno.EIO: Text("磁盘读写错误", "a disk input/output error"),
}


def os_reason(error: OSError) -> Text:
    """Why an OSError happened, in both languages."""
    known = OS_REASONS.get(error.errno or 0)
    if known is not None:
        return known
    own = error.strerror or str(error) or type(error).__name__
    return Text(own, own)


LOW_SPACE_BYTES = 1 << 20  # SQLite needs room beside the database (-wal, -shm) even to read it


def disk_nearly_full(folder: Path | None) -> bool:
    if folder is None:
        return False
    import shutil

    try:
        return shutil.disk_usage(folder).free < LOW_SPACE_BYTES
    except OSError:
        return False


def sqlite_reason(message: str, folder: Path | None = None) -> Text:
    """SQLite's words for a failure, in the clerk's where they are known (a full disk shows in SQLite
    as "disk I/O error" when the -shm file cannot grow: the free space tells)."""
    lowered = message.lower()
    if "full" in lowered or disk_nearly_full(folder):
        return OS_REASONS[errno.ENOSPC]
    if "readonly" in lowered or "read-only" in lowered:
        return Text("文件或所在磁盘禁止写入", "the file or its disk refuses writes")
    if "disk i/o error" in lowered:
        return OS_REASONS[errno.EIO]
    if "unable to open" in lowered:
        return Text("无法打开文件", "the file cannot be opened")
    return Text(message, message)


class StorageError(Exception):
    """Base of every storage refusal; `text(lang)` is the message for the clerk."""

    message = Text("数据库“{path}”无法使用。", "The database “{path}” cannot be used.")

    def __init__(self, path: str | Path = "", **params: object) -> None:
        self.path = str(path)
        self.params = params
        super().__init__(self.text("zh"))

    def text(self, lang: str = "zh") -> str:
        return self.message.fill(lang, path=self.path, **self.params)


class MissingFolder(StorageError):
    message = Text(
        "数据库文件夹“{folder}”不存在，请检查路径或先建立该文件夹。",
        "The folder “{folder}” of the database does not exist; check the path or create the folder.",
    )


class NotAFile(StorageError):
    message = Text("“{path}”是文件夹，不是数据库文件。", "“{path}” is a folder, not a database file.")


class EmptyFile(StorageError):
    message = Text(
        "“{path}”是空文件，不是本程序的数据库；请另选文件，或删除该空文件后重试。",
        "“{path}” is an empty file, not a database of this program; choose another file "
        "or delete the empty file and try again.",
    )


class NotSQLite(StorageError):
    message = Text(
        "“{path}”不是本程序的数据库文件（不是 SQLite 数据库），文件未作任何改动。",
        "“{path}” is not a database of this program (not an SQLite file); it was left unchanged.",
    )


class ForeignDatabase(StorageError):
    message = Text(
        "“{path}”是其他程序的 SQLite 数据库，不是学校工作报送的数据库，文件未作任何改动。",
        "“{path}” is an SQLite database of another program; it was left unchanged.",
    )


class ReadOnlyFile(StorageError):
    message = Text(
        "数据库文件“{path}”是只读的，无法保存。请取消文件的只读属性，或把它复制到可写的文件夹。",
        "The database “{path}” is read-only and cannot be saved; clear the read-only flag "
        "or copy it to a writable folder.",
    )


class ReadOnlyFolder(StorageError):
    message = Text(
        "文件夹“{folder}”不可写，数据库无法保存在这里。请选择“文档”等可写的文件夹。",
        "The folder “{folder}” is not writable, so the database cannot be saved there; "
        "choose a writable folder such as Documents.",
    )


class Unreadable(StorageError):
    message = Text(
        "无法读取数据库文件“{path}”（{detail}），文件未作任何改动。",
        "The database “{path}” cannot be read ({detail}); it was left unchanged.",
    )


class DiskFullAtOpen(StorageError):
    message = Text(
        "磁盘空间不足，数据库“{path}”无法打开（打开数据库也需要在旁边建立临时文件）。已保存的数据不受影响，"
        "文件未作任何改动；请清理磁盘后重试。",
        "The disk is full, so the database “{path}” cannot be opened (SQLite needs room beside it even to "
        "read). Your saved data is safe and the file was not changed; free some space and try again.",
    )


def open_failure(path: Path, message: str) -> StorageError:
    """Why SQLite could not open a database that is not damaged (no verdict of damage)."""
    if disk_nearly_full(path.parent) or "full" in message.lower():
        return DiskFullAtOpen(path)
    return Unreadable(path, detail=sqlite_reason(message, path.parent))


class ReadOnlyLocation(StorageError):
    """An edit asked of a database opened read-only (its file or folder cannot be written)."""

    message = Text(
        "数据库“{path}”位于只读位置，只能查看和导出，不能修改；刚才的修改未保存。"
        "如需修改，请把数据库复制到可写的文件夹（如“文档”）后打开。",
        "The database “{path}” is in a read-only place: it can be viewed and exported but not changed, "
        "so the last change was not saved. To edit it, copy it to a writable folder such as Documents.",
    )


class ReadOnlyNeedsUpgrade(StorageError):
    message = Text(
        "数据库“{path}”需要升级到本程序的数据结构，但它位于只读位置，无法升级。"
        "请把它复制到可写的文件夹后打开；文件未作任何改动。",
        "The database “{path}” must be upgraded for this version of the program, but it is in a "
        "read-only place; copy it to a writable folder and open it there. The file was left unchanged.",
    )


class NewerSchema(StorageError):
    message = Text(
        "数据库“{path}”由更新版本的学校工作报送程序创建（结构版本 {revision}），"
        "当前程序无法打开。请升级程序；文件未作任何改动。",
        "The database “{path}” was made by a newer version of this program (schema {revision}); "
        "please upgrade the program. The file was left unchanged.",
    )


class CorruptDatabase(StorageError):
    message = Text(
        "数据库“{path}”已损坏（{detail}）。请从备份恢复；文件未作任何改动。",
        "The database “{path}” is damaged ({detail}); restore it from a backup. The file was left unchanged.",
    )


class BackupFailed(StorageError):
    """A backup copy could not be made; what that means depends on why the copy was being made."""

    message = Text(
        "备份数据库失败（{detail}），数据库未作任何改动。",
        "The backup of the database failed ({detail}); the database was not changed.",
    )
    by_reason: ClassVar[dict[str, Text]] = {
        "before-upgrade": Text(
            "升级前备份数据库失败（{detail}），未进行升级，数据库未作任何改动。",
            "The backup before the upgrade failed ({detail}); nothing was upgraded or changed.",
        ),
        "daily": Text(
            "今天的自动备份未能完成（{detail}），数据库未受影响，可以继续使用；请尽快检查磁盘空间。",
            "Today's automatic backup could not be made ({detail}); the database is unaffected and can be "
            "used. Check the free disk space soon.",
        ),
    }

    def text(self, lang: str = "zh") -> str:
        message = self.by_reason.get(str(self.params.get("reason", "")), self.message)
        return message.fill(lang, path=self.path, **self.params)


class MigrationFailed(StorageError):
    message = Text(
        "数据库升级失败（{detail}），已撤销升级，原数据保持不变；升级前的备份在“{backup}”。",
        "The database upgrade failed ({detail}); it was undone and the data is unchanged. "
        "The backup made before it is “{backup}”.",
    )


class DatabaseBusy(StorageError):
    message = Text(
        "数据库“{path}”正被另一个程序窗口使用，请关闭其他窗口后重试。",
        "The database “{path}” is in use by another window of the program; close it and try again.",
    )


class DiskFull(StorageError):
    message = Text(
        "磁盘空间不足，刚才的修改未能保存（之前保存的数据不受影响）。请清理磁盘后重试。",
        "The disk is full, so the last change was not saved (earlier data is safe); free some space and try again.",
    )


class WriteFailed(StorageError):
    message = Text(
        "保存到数据库“{path}”失败（{detail}），刚才的修改未保存，之前保存的数据不受影响。",
        "Saving to “{path}” failed ({detail}); the last change was not saved, earlier data is safe.",
    )
