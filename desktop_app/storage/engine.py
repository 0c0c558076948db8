"""Engines with the pragma contract, and the checks made before a database file is touched.

Every SQLite connection gets, in the `connect` event (outside any transaction, where PRAGMA works):
journal_mode=WAL, synchronous=FULL (the clerk's last edit survives a power cut), foreign_keys=ON.
pysqlite's own transaction handling is switched off and BEGIN is emitted by us (SQLAlchemy's
documented recipe), so DDL and SAVEPOINT are transactional and PRAGMA foreign_keys is never
silently ignored inside an implicit transaction.

Writes go through one engine whose pool holds exactly one connection (reliability-notes #7: two
writing connections in one process can hit SQLite's WAL-reset bug); readers use `query_only`.
"""

from __future__ import annotations

import errno
import os
import sqlite3
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
PRAGMAS = (("journal_mode", "WAL"), ("synchronous", "FULL"), ("foreign_keys", "ON"))
BUSY_TIMEOUT_S = 5.0


def is_url(target: str) -> bool:
    return "://" in target


def sqlite_url(path: Path) -> str:
    return "sqlite+pysqlite:///" + str(path)


def check_sqlite_path(path: Path, create_folder: bool = False) -> None:
    """Refuse a path that cannot hold our database, before anything is written (raises StorageError)."""
    folder = path.parent
    if not folder.exists():
        if not create_folder:
            raise MissingFolder(path, folder=str(folder))
        folder.mkdir(parents=True, exist_ok=True)
    if path.is_dir():
        raise NotAFile(path)
    if path.exists():
        if not read_header(path):
            raise EmptyFile(path)
        refuse_foreign(path)
    problem = write_problem(path)
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


def write_problem(path: Path) -> ReadOnlyFile | ReadOnlyFolder | None:
    """Why the database at `path` cannot be changed here (read-only file or folder), or None."""
    # WAL mode creates -wal and -shm files beside the database: the folder must be writable too.
    if path.parent.exists() and not writable(path.parent):
        return ReadOnlyFolder(path, folder=str(path.parent))
    if path.exists() and not writable(path):
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
        probe = path / f".school-report-probe-{os.getpid()}"
        try:
            probe.touch()
            probe.unlink()
        except OSError as error:
            return error.errno in (errno.ENOSPC, errno.EDQUOT)
        return True
    try:
        with open(path, "r+b"):
            return True
    except OSError as error:
        return error.errno in (errno.ENOSPC, errno.EDQUOT)


def _on_connect(dbapi_connection: Any, _record: Any, read_only: bool, location_read_only: bool = False) -> None:
    dbapi_connection.isolation_level = None  # we emit BEGIN ourselves (see the begin event)
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
        for name, value in PRAGMAS:
            if location_read_only and name == "journal_mode":
                continue  # changing the journal mode writes the file
            cursor.execute(f"PRAGMA {name} = {value}")
        if read_only:
            cursor.execute("PRAGMA query_only = ON")
    finally:
        cursor.close()


def make_engine(target: str, writer: bool = True) -> Engine:
    """An engine for a SQLite file path or a SQLAlchemy URL (postgresql+psycopg://… for the bureau)."""
    from sqlalchemy import create_engine, event
    from sqlalchemy.pool import QueuePool

    url = target if is_url(target) else sqlite_url(Path(target))
    if not url.startswith("sqlite"):
        return create_engine(url, pool_pre_ping=True, pool_size=1 if writer else 5, max_overflow=0)
    engine = create_engine(
        url,
        poolclass=QueuePool,
        pool_size=1 if writer else 5,
        max_overflow=0,
        connect_args={"timeout": BUSY_TIMEOUT_S, "check_same_thread": False},
    )
    event.listen(engine, "connect", lambda c, r: _on_connect(c, r, read_only=not writer))
    begin = "BEGIN IMMEDIATE" if writer else "BEGIN"  # the writer takes the lock up front: no upgrade deadlock

    @event.listens_for(engine, "begin")
    def _begin(connection: Any) -> None:
        connection.exec_driver_sql(begin)

    return engine


def make_read_only_engine(path: Path) -> Engine:
    """An engine over a database in a read-only place: every connection from connect_read_only."""
    from sqlalchemy import create_engine, event
    from sqlalchemy.pool import QueuePool

    def connect() -> sqlite3.Connection:
        return connect_read_only(path, timeout=BUSY_TIMEOUT_S, check_same_thread=False)

    engine = create_engine("sqlite+pysqlite://", creator=connect, poolclass=QueuePool, pool_size=1,
                           max_overflow=0)
    event.listen(engine, "connect", lambda c, r: _on_connect(c, r, read_only=True, location_read_only=True))

    @event.listens_for(engine, "begin")
    def _begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN")

    return engine


def pragma(engine: Engine, name: str) -> Any:
    with engine.connect() as connection:
        return connection.exec_driver_sql(f"PRAGMA {name}").scalar()
