"""Faults told in words a clerk understands: disk full, read-only file or folder, a file held open.

The storage layer already refuses with its own messages (storage/errors.py); this turns the remaining
low-level errors (an OSError while writing the files, SQLite's "readonly database") into the same kind
of message, naming what happened, where, and that nothing saved was lost.
"""

from __future__ import annotations

import errno
from pathlib import Path

from desktop_app.domain.text import Text

FILE_MESSAGES = {
    "disk_full": Text(
        "磁盘空间不足，报送文件未能保存到“{folder}”。已上报的数据不受影响；清理磁盘后可用“重新生成”再次生成文件。",
        "The disk is full, so the files could not be saved in “{folder}”. What was submitted is safe; "
        "free some space and use “Regenerate” to make the files again.",
    ),
    "read_only": Text(
        "文件夹“{folder}”不可写，报送文件未能保存。已上报的数据不受影响；请另选文件夹后用“重新生成”再次生成文件。",
        "The folder “{folder}” is not writable, so the files were not saved. What was submitted is safe; "
        "choose another folder and use “Regenerate”.",
    ),
    "other": Text(
        "报送文件未能保存到“{folder}”（{detail}）。已上报的数据不受影响，可用“重新生成”再次生成文件。",
        "The files could not be saved in “{folder}” ({detail}). What was submitted is safe; use “Regenerate”.",
    ),
}

EXPORT_MESSAGES = {
    "disk_full": Text(
        "磁盘空间不足，文件未能保存到“{folder}”。已保存的数据不受影响；请清理磁盘后重试。",
        "The disk is full, so the file could not be saved in “{folder}”. Your saved data is safe; "
        "free some space and try again.",
    ),
    "read_only": Text(
        "文件夹“{folder}”不可写，文件未能保存。已保存的数据不受影响；请另选文件夹。",
        "The folder “{folder}” is not writable, so the file was not saved. Your saved data is safe; "
        "choose another folder.",
    ),
    "other": Text(
        "文件未能保存到“{folder}”（{detail}）。已保存的数据不受影响。",
        "The file could not be saved in “{folder}” ({detail}). Your saved data is safe.",
    ),
}


def reason_text(error: OSError, lang: str = "zh") -> str:
    """Why an OSError happened, in the clerk's language."""
    from desktop_app.storage.errors import os_reason

    return os_reason(error).get(lang)


def export_error_text(error: OSError, folder: Path, lang: str = "zh") -> str:
    """An OSError while writing an exported file (not a submission), as a message for the clerk."""
    text = getattr(error, "text", None)
    if callable(text):  # TargetLockedError: the file is open in Excel or a PDF viewer
        return str(text(lang))
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        key = "disk_full"
    elif error.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        key = "read_only"
    else:
        key = "other"
    return EXPORT_MESSAGES[key].format(lang, folder=str(folder), detail=reason_text(error, lang))


FOLDER_MESSAGES = {
    "dangling": Text(
        "“{path}”是指向不存在位置的链接（快捷方式），无法保存到这里。请另选文件夹。",
        "“{path}” is a link to a place that does not exist; choose another folder.",
    ),
    "not_a_folder": Text("“{path}”不是文件夹。请另选文件夹。", "“{path}” is not a folder; choose another folder."),
    "cannot_make": Text(
        "无法建立文件夹“{path}”（{detail}）。请另选文件夹。",
        "The folder “{path}” cannot be created ({detail}); choose another folder.",
    ),
}


class OutputFolderRefused(Exception):
    """The folder asked for cannot take files; nothing was written."""

    def __init__(self, code: str, path: Path, cause: OSError | None = None) -> None:
        self.code, self.path, self.cause = code, path, cause
        super().__init__(self.text("zh"))

    def text(self, lang: str = "zh") -> str:
        detail = reason_text(self.cause, lang) if self.cause is not None else ""
        return FOLDER_MESSAGES[self.code].format(lang, path=str(self.path), detail=detail)


def prepare_output_folder(folder: Path, create: bool = True) -> Path:
    """Make sure `folder` is (or can become) a folder to save files in, and make it when `create`;
    raises OutputFolderRefused."""
    folder = Path(folder)
    for part in (folder, *folder.parents):
        if part.is_symlink() and not part.exists():
            raise OutputFolderRefused("dangling", part)
        if part.exists():
            if not part.is_dir():
                raise OutputFolderRefused("not_a_folder", part)
            break
    if not create:
        return folder
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise OutputFolderRefused("cannot_make", folder, error) from error
    return folder


READ_ONLY_DATABASE = Text(
    "数据库文件“{path}”是只读的（或所在磁盘禁止写入），刚才的修改未能保存，之前保存的数据不受影响。"
    "请取消文件的只读属性，或把它复制到可写的文件夹。",
    "The database “{path}” is read-only (or its disk refuses writes), so the last change was not saved; "
    "earlier data is safe. Clear the read-only flag or copy it to a writable folder.",
)


def file_error_text(error: OSError, folder: Path, lang: str = "zh") -> str:
    """An OSError while writing an export file, as a message for the clerk."""
    text = getattr(error, "text", None)
    if callable(text):  # TargetLockedError: the file is open in Excel or a PDF viewer
        return str(text(lang))
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        key = "disk_full"
    elif error.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        key = "read_only"
    else:
        key = "other"
    return FILE_MESSAGES[key].format(lang, folder=str(folder), detail=reason_text(error, lang))


def clerk_text(error: BaseException, lang: str = "zh") -> str:
    """Any refusal or fault met while saving, as one message (never a traceback)."""
    from desktop_app.storage.errors import ReadOnlyFile, WriteFailed

    if isinstance(error, ReadOnlyFile) or (
        isinstance(error, WriteFailed) and "readonly" in str(error.params.get("detail", ""))
    ):
        return READ_ONLY_DATABASE.format(lang, path=error.path)
    text = getattr(error, "text", None)
    if callable(text):
        return str(text(lang))
    if isinstance(error, OSError):
        return file_error_text(error, Path(error.filename or "."), lang)
    return str(error) or type(error).__name__
