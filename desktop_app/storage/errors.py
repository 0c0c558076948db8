"""Why a database cannot be opened or changed, in words a clerk can act on (Chinese first).

Every error names the file and what is wrong; the command line prints `text(lang)` and exits non-zero,
the window shows it in a dialog. None of these is raised after anything was written.
"""

from __future__ import annotations

from pathlib import Path

from desktop_app.domain.text import Text


class StorageError(Exception):
    """Base of every storage refusal; `text(lang)` is the message for the clerk."""

    message = Text("数据库“{path}”无法使用。", "The database “{path}” cannot be used.")

    def __init__(self, path: str | Path = "", **params: object) -> None:
        self.path = str(path)
        self.params = params
        super().__init__(self.text("zh"))

    def text(self, lang: str = "zh") -> str:
        return self.message.format(lang, path=self.path, **self.params)


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
        "The database “{path}” is damaged ({detail}); restore it from a backup. "
        "The file was left unchanged.",
    )


class BackupFailed(StorageError):
    message = Text(
        "升级前备份数据库失败（{detail}），未进行升级，数据库未作任何改动。",
        "The backup before the upgrade failed ({detail}); nothing was upgraded or changed.",
    )


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
        "The disk is full, so the last change was not saved (earlier data is safe); "
        "free some space and try again.",
    )


class WriteFailed(StorageError):
    message = Text(
        "保存到数据库“{path}”失败（{detail}），刚才的修改未保存，之前保存的数据不受影响。",
        "Saving to “{path}” failed ({detail}); the last change was not saved, earlier data is safe.",
    )
