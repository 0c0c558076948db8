"""One instance per database: an operating-system lock on a file beside the database.

The lock is held by the open file itself (fcntl on POSIX, msvcrt on Windows), so a crashed instance
releases it with its process: a stale lock file is simply locked again by the next start. The file
records who holds it so that a second start can say which process and since when.
"""

from __future__ import annotations

import json
import os
import socket
import sys
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import IO

from desktop_app.storage.errors import StorageError


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


def lock_path(database: Path) -> Path:
    return database.with_name(database.name + ".lock")


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
    return database.with_name(database.name + ".lock.info")


def read_holder(database: Path) -> LockHolder | None:
    try:
        data = json.loads(_info_path(database).read_text(encoding="utf-8") or "{}")
        return LockHolder(int(data["pid"]), str(data["host"]), str(data["since"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


class InstanceLock:
    """Hold with `with InstanceLock(db):` or acquire()/release(); raises DatabaseInUse when taken."""

    def __init__(self, database: Path) -> None:
        self.database = Path(database)
        self._handle: IO[str] | None = None

    def acquire(self) -> InstanceLock:
        path = lock_path(self.database)
        path.parent.mkdir(parents=True, exist_ok=True)
        handle = open(path, "a+", encoding="utf-8")  # noqa: SIM115 - held open for the lock's life
        if not _try_lock(handle):
            handle.close()
            raise DatabaseInUse(self.database, read_holder(self.database))
        # Who holds it goes to a separate file: a lock taken over from a crashed process just rewrites it.
        record = {"pid": os.getpid(), "host": socket.gethostname(), "since": datetime.now().isoformat("T", "seconds")}
        _info_path(self.database).write_text(json.dumps(record), encoding="utf-8")
        self._handle = handle
        return self

    def release(self) -> None:
        if self._handle is None:
            return
        handle, self._handle = self._handle, None
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

    @property
    def held(self) -> bool:
        return self._handle is not None

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
