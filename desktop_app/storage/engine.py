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

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop_app.storage.errors import (
    EmptyFile,
    MissingFolder,
    NotAFile,
    NotSQLite,
    ReadOnlyFile,
    ReadOnlyFolder,
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
        with open(path, "rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
        if not header:
            raise EmptyFile(path)
        if header != SQLITE_HEADER:
            raise NotSQLite(path)
        if not _writable(path):
            raise ReadOnlyFile(path)
    # WAL mode creates -wal and -shm files beside the database: the folder must be writable too.
    if not _writable(folder):
        raise ReadOnlyFolder(path, folder=str(folder))


def _writable(path: Path) -> bool:
    if not os.access(path, os.W_OK):
        return False
    # os.access says yes to root and ignores read-only mounts: make sure where it matters.
    if path.is_dir():
        probe = path / f".school-report-probe-{os.getpid()}"
        try:
            probe.touch()
            probe.unlink()
        except OSError:
            return False
        return True
    try:
        with open(path, "r+b"):
            return True
    except OSError:
        return False


def _on_connect(dbapi_connection: Any, _record: Any, read_only: bool) -> None:
    dbapi_connection.isolation_level = None  # we emit BEGIN ourselves (see the begin event)
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
        for name, value in PRAGMAS:
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


def pragma(engine: Engine, name: str) -> Any:
    with engine.connect() as connection:
        return connection.exec_driver_sql(f"PRAGMA {name}").scalar()
