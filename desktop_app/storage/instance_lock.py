"""One instance per database: an operating-system lock on a file beside the database.

The lock is held by the open file itself (fcntl on POSIX, msvcrt on Windows), so a crashed instance
releases it with its process: a stale lock file is simply locked again by the next start. The file
records who holds it so that a second start can say which process and since when.

A database is known by what it is, not by the name it was reached through (reliability-notes #32):
the lock file sits beside the *real* file (symlinks resolved), and a second lock is keyed by the file's
identity (device and inode, where the system has them) in a folder of this user's temporary files,
so a hard link under another name or in another folder is refused too.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import sys
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import IO

from desktop_app.domain.text import Text
from desktop_app.storage.errors import StorageError, os_reason


@dataclass(frozen=True)
class LockHolder:
    pid: int
    host: str
    since: str


class DatabaseInUse(StorageError, RuntimeError):
    """Another running copy of the app has this database open for writing.

    A StorageError, so that the command line's refusal handler prints it like any other refusal.
    """

    def __init__(self, database: Path, holder: LockHolder | None) -> None:
        self.database = database
        self.holder = holder
        super().__init__(database)

    def text(self, lang: str = "zh") -> str:
        who = ""
        if self.holder:
            who = (
                f"（进程 {self.holder.pid}，自 {self.holder.since} 起）"
                if lang == "zh"
                else f" (process {self.holder.pid} since {self.holder.since})"
            )
        if lang == "en":
            return f"The database {self.database} is already open in another copy of the program{who}."
        return f"数据库 {self.database} 已在另一个程序窗口中打开{who}。请切换到该窗口，不要同时打开两个。"


class LockUnavailable(StorageError):
    """The lock file cannot be made (a full disk, a folder that refuses it): nothing was opened."""

    message = Text(
        "无法在“{folder}”中建立数据库的锁文件（{detail}）。为避免两个窗口同时修改同一数据库，数据库未打开，"
        "数据未作任何改动。",
        "The lock file of the database cannot be made in “{folder}” ({detail}). So that two windows never "
        "change one database at once, it was not opened; nothing was changed.",
    )


def real_path(database: Path) -> Path:
    """The file a path leads to (every symlink resolved), whether it exists yet or not."""
    return Path(os.path.realpath(Path(database).expanduser()))


def lock_path(database: Path) -> Path:
    real = real_path(database)
    return real.with_name(real.name + ".lock")


def identity(database: Path) -> tuple[int, int] | None:
    """(device, inode) of the database file, or None where it does not exist or the system has no inodes."""
    try:
        status = os.stat(database)
    except OSError:
        return None
    if not status.st_ino:
        return None
    return status.st_dev, status.st_ino


def identity_lock_path(key: tuple[int, int]) -> Path:
    user = os.getuid() if hasattr(os, "getuid") else os.environ.get("USERNAME", "user")
    return Path(tempfile.gettempdir()) / f"school-report-locks-{user}" / f"{key[0]:x}-{key[1]:x}.lock"


def _try_lock(handle: IO[str]) -> bool:
    try:
        if sys.platform == "win32":
            import msvcrt

            handle.seek(0)
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        else:
            import fcntl

            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def _info_path(database: Path) -> Path:
    return lock_path(database).with_name(lock_path(database).name + ".info")


def read_holder(database: Path, info: Path | None = None) -> LockHolder | None:
    try:
        data = json.loads((info or _info_path(database)).read_text(encoding="utf-8") or "{}")
        return LockHolder(int(data["pid"]), str(data["host"]), str(data["since"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _open_locked(path: Path) -> IO[str] | None:
    """The lock file opened and locked; None when another process holds it; LockUnavailable when it
    cannot be made at all."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle = open(path, "a+", encoding="utf-8")  # noqa: SIM115 - held open for the lock's life
    except OSError as error:
        raise LockUnavailable(path, folder=str(path.parent), detail=os_reason(error)) from error
    if not _try_lock(handle):
        handle.close()
        return None
    return handle


def _unlock(handle: IO[str]) -> None:
    try:
        if sys.platform == "win32":
            import msvcrt

            handle.seek(0)
            msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)
        else:
            import fcntl

            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
    finally:
        handle.close()


def _record(info: Path) -> None:
    """Who holds the lock, for a second start to say; a courtesy, so a full disk does not stop the start."""
    record = {"pid": os.getpid(), "host": socket.gethostname(), "since": datetime.now().isoformat("T", "seconds")}
    try:
        info.write_text(json.dumps(record), encoding="utf-8")
    except OSError:
        with contextlib.suppress(OSError):
            info.unlink(missing_ok=True)  # never a half-written record


class InstanceLock:
    """Hold with `with InstanceLock(db):` or acquire()/release(); raises DatabaseInUse when taken."""

    def __init__(self, database: Path) -> None:
        self.database = Path(database)
        self._handles: list[IO[str]] = []

    def acquire(self) -> InstanceLock:
        real = real_path(self.database)
        beside = _open_locked(lock_path(real))
        if beside is None:
            raise DatabaseInUse(self.database, read_holder(real))
        handles = [beside]
        key = identity(real)
        if key is not None:  # the same file under another name (a hard link) has the same identity
            path = identity_lock_path(key)
            info = path.with_name(path.name + ".info")
            try:
                same = _open_locked(path)
            except LockUnavailable:  # no usable temporary folder: the lock beside the file still holds
                same = beside
            if same is None:
                _unlock(beside)
                raise DatabaseInUse(self.database, read_holder(real, info))
            if same is not beside:
                handles.append(same)
                _record(info)
        # Who holds it goes to a separate file: a lock taken over from a crashed process just rewrites it.
        _record(_info_path(real))
        self._handles = handles
        return self

    def release(self) -> None:
        handles, self._handles = self._handles, []
        for handle in reversed(handles):
            _unlock(handle)

    @property
    def held(self) -> bool:
        return bool(self._handles)

    def __enter__(self) -> InstanceLock:
        return self.acquire()

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.release()


def server_name(database: Path) -> str:
    """The local-socket name the running window listens on, so a second start can bring it forward."""
    import hashlib

    digest = hashlib.sha256(str(Path(database).resolve()).encode("utf-8")).hexdigest()[:16]
    return f"school-report-{digest}"
