"""The one engine factory (school and bureau alike), with the pragma contract, and the checks made before
a database file is touched.

Every SQLite connection gets, in the `connect` event (outside any transaction, where PRAGMA works):
busy_timeout, journal_mode=WAL (where the folder can hold it), synchronous=FULL (the clerk's last edit
survives a power cut) and foreign_keys=ON, read back and asserted (reliability-notes #1). pysqlite's own
transaction handling is switched off and BEGIN is emitted by us (SQLAlchemy's documented recipe), so DDL
and SAVEPOINT are transactional and PRAGMA foreign_keys is never silently ignored inside an implicit
transaction.

One writer (reliability-notes #7): a writing engine's pool holds exactly one connection, and every
transaction on it begins IMMEDIATE (the write lock up front: no upgrade deadlock); readers use
`query_only`. A transaction run with the execution option `fast_commit=True` (the bureau's per-file
commits of an import) uses synchronous=NORMAL in WAL mode only, where it is still atomic (#6).
"""

from __future__ import annotations

import errno
import os
import sqlite3
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop_app.storage.errors import (
    EmptyFile,
    MissingFolder,
    NotAFile,
    NotSQLite,
    ReadOnlyFile,
    ReadOnlyFolder,
    Unreadable,
)

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_S = 5.0


def is_url(target: str) -> bool:
    return "://" in target


def sqlite_url(path: Path) -> str:
    return "sqlite+pysqlite:///" + str(path)


def check_sqlite_path(path: Path, create_folder: bool = False, shared: bool = False) -> None:
    """Refuse a path that cannot hold our database, before anything is written (raises StorageError).

    `shared=True` when other connections of this process may be making or using the same file (the
    bureau's stores, opened by several workers at once): an empty file is one a sibling is creating, and
    the file is not probed through a handle of its own (closing it would drop the siblings' POSIX locks)."""
    folder = path.parent
    if not folder.exists():
        if not create_folder:
            raise MissingFolder(path, folder=str(folder))
        folder.mkdir(parents=True, exist_ok=True)
    if path.is_dir():
        raise NotAFile(path)
    if path.exists():
        if not read_header(path) and not shared:
            raise EmptyFile(path)
        refuse_foreign(path)
    problem = write_problem(path, probe_file=not shared)
    if problem is not None:
        raise problem


def read_header(path: Path) -> bytes:
    """The first bytes of the file (b"" for an empty one); raises StorageError when it cannot be read."""
    try:
        with open(path, "rb") as handle:
            return handle.read(len(SQLITE_HEADER))
    except OSError as error:
        raise Unreadable(path, detail=error.strerror or str(error)) from error


def refuse_foreign(path: Path) -> None:
    """Refuse, unchanged, a folder or a file that is not an SQLite database (an empty file passes)."""
    if path.is_dir():
        raise NotAFile(path)
    if path.exists():
        header = read_header(path)
        if header and header != SQLITE_HEADER:
            raise NotSQLite(path)


def write_problem(path: Path, probe_file: bool = True) -> ReadOnlyFile | ReadOnlyFolder | None:
    """Why the database at `path` cannot be changed here (read-only file or folder), or None."""
    # WAL mode creates -wal and -shm files beside the database: the folder must be writable too.
    if path.parent.exists() and not writable(path.parent):
        return ReadOnlyFolder(path, folder=str(path.parent))
    if path.exists() and not (writable(path) if probe_file else os.access(path, os.W_OK)):
        return ReadOnlyFile(path)
    return None


SQLITE_CANTOPEN = 14


def connect_read_only(
    path: Path, timeout: float = BUSY_TIMEOUT_S, check_same_thread: bool = True
) -> sqlite3.Connection:
    """A connection that never writes to the file.

    `mode=ro` first. A WAL database needs its -shm file; in a folder where that cannot be created
    (a read-only folder or disk) the file is opened `immutable=1` instead: nobody can write there, so
    nothing changes under the reader. A -wal file that holds data is never ignored that way: then the
    open is refused (the caller says the file could not be checked, never that it is damaged).
    """
    uri = path.resolve().as_uri()
    connection = sqlite3.connect(f"{uri}?mode=ro", uri=True, timeout=timeout, check_same_thread=check_same_thread)
    try:
        connection.execute("PRAGMA schema_version").fetchone()
        return connection
    except sqlite3.OperationalError as error:
        connection.close()
        cannot_open = (getattr(error, "sqlite_errorcode", 0) & 0xFF) == SQLITE_CANTOPEN
        if not cannot_open or _wal_holds_data(path):
            raise
        if writable(path.parent):
            # Seen with a WAL file left without its -shm: a plain connection may make the -shm;
            # query_only still never writes to the database.
            plain = sqlite3.connect(path, timeout=timeout, check_same_thread=check_same_thread)
            plain.execute("PRAGMA query_only = ON")
            return plain
    return sqlite3.connect(f"{uri}?immutable=1", uri=True, timeout=timeout, check_same_thread=check_same_thread)


def _wal_holds_data(path: Path) -> bool:
    wal = path.with_name(path.name + "-wal")
    try:
        return wal.stat().st_size > 0
    except OSError:
        return False


def writable(path: Path) -> bool:
    """Whether the file or folder may be written (a full disk is writable, just full: that is said elsewhere)."""
    if not os.access(path, os.W_OK):
        return False
    # os.access says yes to root and ignores read-only mounts: make sure where it matters.
    if path.is_dir():
        try:  # a name of its own: two threads of one process may probe the same folder at once
            handle, probe = tempfile.mkstemp(prefix=".school-report-probe-", dir=path)
            os.close(handle)
            os.unlink(probe)
        except OSError as error:
            return error.errno in (errno.ENOSPC, errno.EDQUOT)
        return True
    try:
        with open(path, "r+b"):
            return True
    except OSError as error:
        return error.errno in (errno.ENOSPC, errno.EDQUOT)


class PragmaRefused(RuntimeError):
    """A connection on which the pragma contract could not be put in force (never expected in use)."""


def _on_connect(dbapi_connection: Any, record: Any, read_only: bool, busy_timeout_s: float,
                location_read_only: bool = False) -> None:  # fmt: skip
    dbapi_connection.isolation_level = None  # we emit BEGIN ourselves (see the begin event)
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout = {int(busy_timeout_s * 1000)}")
        if not location_read_only:  # changing the journal mode writes the file
            # The mode in force: a folder that cannot hold WAL's shared memory (or memory) keeps another.
            mode = _switch_to_wal(cursor, busy_timeout_s)
            record.info["wal"] = str(mode).lower() == "wal"
        cursor.execute("PRAGMA synchronous = FULL")
        record.info["synchronous"] = "FULL"
        cursor.execute("PRAGMA foreign_keys = ON")
        if cursor.execute("PRAGMA foreign_keys").fetchone()[0] != 1:
            raise PragmaRefused("PRAGMA foreign_keys stays off on this connection")
        if read_only:
            cursor.execute("PRAGMA query_only = ON")
    finally:
        cursor.close()


def _switch_to_wal(cursor: Any, wait_s: float) -> str:
    """PRAGMA journal_mode = WAL, asked again until `wait_s` is spent: while another connection writes in
    rollback mode, SQLite refuses the change at once ("database is locked") without asking the busy handler
    (a new file being made by a sibling, tests/unit/test_storage_recipe.py)."""
    deadline = time.monotonic() + wait_s
    while True:
        try:
            return str(cursor.execute("PRAGMA journal_mode = WAL").fetchone()[0])
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() >= deadline:
                raise
            time.sleep(0.02)


def synchronous_level(info: dict[Any, Any], fast_commit: bool) -> str:
    """FULL, except a transaction run with `fast_commit` in WAL mode: NORMAL there is still atomic and
    survives a killed process, and a power cut can only undo the last such commits whole (reliability-notes
    #6). Outside WAL, NORMAL could corrupt the database on a power cut, so FULL always."""
    return "NORMAL" if fast_commit and info.get("wal") else "FULL"


def _begin_with(statement: str) -> Callable[[Any], None]:
    """The `begin` event: the safety level for this transaction (it cannot change inside one), then BEGIN."""

    def begin(connection: Any) -> None:
        level = synchronous_level(connection.info, bool(connection.get_execution_options().get("fast_commit")))
        driver = connection.connection.driver_connection  # two statements per transaction: the driver's own
        if connection.info.get("synchronous", "FULL") != level:
            driver.execute(f"PRAGMA synchronous = {level}")
            connection.info["synchronous"] = level
        driver.execute(statement)

    return begin


def make_engine(target: str, writer: bool = True, busy_timeout_s: float = BUSY_TIMEOUT_S) -> Engine:
    """An engine for a SQLite file path or a SQLAlchemy URL (postgresql+psycopg://… for the bureau).

    A writer's pool holds one connection (the one writer); a reader's holds a few, each `query_only`."""
    from sqlalchemy import create_engine, event
    from sqlalchemy.pool import QueuePool

    url = target if is_url(target) else sqlite_url(Path(target))
    size = 1 if writer else 5
    if not url.startswith("sqlite"):
        return create_engine(url, pool_pre_ping=True, pool_size=size, max_overflow=0)
    engine = create_engine(
        url,
        poolclass=QueuePool,
        pool_size=size,
        max_overflow=0,
        connect_args={"timeout": busy_timeout_s, "check_same_thread": False},
    )
    event.listen(engine, "connect", lambda c, r: _on_connect(c, r, not writer, busy_timeout_s))
    # The writer takes the lock up front: no upgrade deadlock between two writers.
    event.listen(engine, "begin", _begin_with("BEGIN IMMEDIATE" if writer else "BEGIN"))
    return engine


def make_read_only_engine(path: Path) -> Engine:
    """An engine over a database in a read-only place: every connection from connect_read_only."""
    from sqlalchemy import create_engine, event
    from sqlalchemy.pool import QueuePool

    def connect() -> sqlite3.Connection:
        return connect_read_only(path, timeout=BUSY_TIMEOUT_S, check_same_thread=False)

    engine = create_engine("sqlite+pysqlite://", creator=connect, poolclass=QueuePool, pool_size=1, max_overflow=0)
    event.listen(engine, "connect", lambda c, r: _on_connect(c, r, True, BUSY_TIMEOUT_S, location_read_only=True))
    event.listen(engine, "begin", _begin_with("BEGIN"))
    return engine


def pragma(engine: Engine, name: str) -> Any:
    with engine.connect() as connection:
        return connection.exec_driver_sql(f"PRAGMA {name}").scalar()
