"""Opening a database, the school's and the bureau's alike: refuse what cannot be used, back up, migrate,
then hand out the writer engine (storage/engine.py's pragma contract).

Nothing is written to a file that is refused: the path checks run before SQLite opens it, and the
schema check reads only. A file that holds data is migrated only after a verified backup (a server
database, the bureau's PostgreSQL, is backed up by its server). Each caller names its own Alembic history
(`migrate.SCHOOL`, `bureau.store.MIGRATIONS`).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

from desktop_app.domain.text import Text
from desktop_app.storage import engine as engines
from desktop_app.storage import migrate
from desktop_app.storage.backup import backup_database
from desktop_app.storage.errors import (
    CorruptDatabase,
    EmptyFile,
    NotSQLite,
    ReadOnlyNeedsUpgrade,
    StorageError,
    Unreadable,
    open_failure,
)
from desktop_app.storage.migrate import Migrations

SQLITE_CORRUPT = 11

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine


@dataclass
class Database:
    engine: Engine
    target: str  # the file path, or the URL for a server database
    path: Path | None  # the SQLite file, if it is one
    backup: Path | None = None  # the copy made before a migration on this open, if any
    read_only: bool = False  # a file in a read-only place: read, never written (Store.write refuses)

    def close(self) -> None:
        self.engine.dispose()


def open_database(
    target: str | Path,
    create_folder: bool = False,
    backups_keep: int = 10,
    migrations: Migrations = migrate.SCHOOL,
    busy_timeout_s: float = engines.BUSY_TIMEOUT_S,
    shared: bool = False,
) -> Database:
    """Open (creating or upgrading when needed) the database at a path or SQLAlchemy URL.

    `shared=True`: other connections of this process may be making or using it (engine.check_sqlite_path)."""
    text = str(target)
    if engines.is_url(text) and not text.startswith("sqlite"):
        engine = engines.make_engine(text)
        try:
            _migrate(engine, text, migrations, backups_keep)
        except BaseException:
            engine.dispose()
            raise
        return Database(engine, text, None)
    path = sqlite_path(text)
    engines.check_sqlite_path(path, create_folder=create_folder, shared=shared)
    revision, has_tables = (
        _inspect_file(path, migrations, busy_timeout_s=busy_timeout_s) if path.exists() else (None, False)
    )
    behind = migrations.classify(revision, has_tables, str(path))
    engine = engines.make_engine(str(path), busy_timeout_s=busy_timeout_s)
    try:
        backup = None
        if behind:
            backup = _upgrade(engine, str(path), path if revision else None, migrations, backups_keep)
    except BaseException:
        engine.dispose()
        raise
    return Database(engine, str(path), path, backup)


def sqlite_path(target: str) -> Path:
    """The file of a SQLite path or URL (sqlite:///…)."""
    for prefix in ("sqlite+pysqlite:///", "sqlite:///"):
        if target.startswith(prefix):
            return Path(target[len(prefix) :]).expanduser()
    return Path(target).expanduser()


def open_read_only(path: Path) -> Database:
    """Open a database that lives in a read-only place (file or folder): viewing and exporting work,
    every write is refused by the store with ReadOnlyLocation. Nothing is written to the file or beside it."""
    path = Path(path).expanduser()
    engines.refuse_foreign(path)
    if not path.exists():
        raise Unreadable(path, detail=Text("文件不存在", "it does not exist"))
    if not engines.read_header(path):
        raise EmptyFile(path)
    revision, has_tables = _inspect_file(path, migrate.SCHOOL, read_only_place=True)
    if migrate.SCHOOL.classify(revision, has_tables, str(path)):
        raise ReadOnlyNeedsUpgrade(path)
    return Database(engines.make_read_only_engine(path), str(path), path, read_only=True)


def _inspect_file(
    path: Path, migrations: Migrations, read_only_place: bool = False, busy_timeout_s: float = engines.BUSY_TIMEOUT_S
) -> tuple[str | None, bool]:
    """Check and read the schema revision without writing: before our engine switches on WAL."""
    try:
        if read_only_place:
            try:
                connection = engines.connect_read_only(path)
            except sqlite3.OperationalError as error:  # could not look: not a verdict of damage
                raise Unreadable(path, detail=str(error)) from error
        else:
            uri = "file:" + quote(path.resolve().as_posix(), safe="/:") + "?mode=ro"
            # As long as the engine waits: a sibling's long write is not a reason to refuse the file.
            connection = sqlite3.connect(uri, uri=True, timeout=busy_timeout_s)
    except sqlite3.Error as error:  # the file could not be opened (held, refused): not a verdict of damage
        raise open_failure(path, str(error)) from error
    try:
        result = connection.execute("PRAGMA quick_check").fetchone()[0]
        if result != "ok":
            raise CorruptDatabase(path, detail=str(result)[:120])
        tables = {
            row[0]
            for row in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        }
        revision = None
        version_table = migrations.version_table
        if version_table in tables:
            row = connection.execute(f'SELECT version_num FROM "{version_table}"').fetchone()
            revision = row[0] if row else None
        return revision, bool(tables - {version_table})
    except sqlite3.DatabaseError as error:
        if "not a database" in str(error) or "encrypted" in str(error):
            raise NotSQLite(path) from error
        if (getattr(error, "sqlite_errorcode", SQLITE_CORRUPT) & 0xFF) != SQLITE_CORRUPT:
            raise open_failure(path, str(error)) from error  # a full disk, a lock: not damage
        raise CorruptDatabase(path, detail=str(error)) from error
    finally:
        connection.close()


def _migrate(engine: Engine, target: str, migrations: Migrations, keep: int) -> Path | None:
    try:
        _revision, behind = migrations.inspect(engine, target)
    except StorageError:
        raise
    except Exception as error:  # e.g. a server that refuses the connection
        raise StorageError(target) from error
    return _upgrade(engine, target, None, migrations, keep) if behind else None


def _upgrade(engine: Engine, target: str, existing: Path | None, migrations: Migrations, keep: int) -> Path | None:
    backup = None
    if existing is not None:
        backup = backup_database(existing, reason="before-upgrade", keep=keep)
    migrations.upgrade(engine, target, backup=str(backup or ""))
    return backup
