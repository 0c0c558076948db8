"""Bring a database to the newest schema with Alembic, run from code (no alembic.ini on the user's PC).

Order on open: read the current revision (refuse one we do not know: a newer app made it) → if the
file holds data and is behind, make a verified backup → foreign keys OFF outside the transaction →
BEGIN → upgrade → `PRAGMA foreign_key_check` → COMMIT (or ROLLBACK on any problem) → foreign keys ON.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop_app.storage.errors import ForeignDatabase, MigrationFailed, NewerSchema

if TYPE_CHECKING:
    from alembic.config import Config
    from alembic.script import ScriptDirectory
    from sqlalchemy.engine import Connection, Engine

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
_REVISION = re.compile(r"""^revision\s*=\s*["']([^"']+)["']""", re.M)
_DOWN = re.compile(r"""^down_revision\s*=\s*["']([^"']+)["']""", re.M)


@cache
def known_head(versions: Path = MIGRATIONS_DIR / "versions") -> str | None:
    """The newest revision in migrations/versions/, read from the files' `revision =` and `down_revision =`
    lines: a file already at it needs no migration, and saying so needs no Alembic (its import costs more
    than showing the window), the start-up's common case. Read from the files the program ships, never a
    constant kept by hand, so a release that adds a migration cannot skip it. None when the files do not
    name exactly one head (then Alembic decides)."""
    revisions: set[str] = set()
    downs: set[str] = set()
    for script in versions.glob("*.py"):
        text = script.read_text(encoding="utf-8", errors="replace")
        revisions.update(_REVISION.findall(text))
        downs.update(_DOWN.findall(text))
    heads = revisions - downs
    return next(iter(heads)) if len(heads) == 1 else None


def alembic_config(connection: Connection | None = None) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["connection"] = connection
    return config


def script_directory() -> ScriptDirectory:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config())


def head_revision() -> str:
    head = script_directory().get_current_head()
    assert head is not None
    return head


def current_revision(connection: Connection) -> str | None:
    from alembic.runtime.migration import MigrationContext

    return MigrationContext.configure(connection).get_current_revision()


def inspect_revision(engine: Engine, path: str) -> tuple[str | None, bool]:
    """(current revision, whether it is behind head) of a server database."""
    with engine.connect() as connection:
        revision = current_revision(connection)
        connection.rollback()
    return revision, classify(revision, has_tables=False, path=path)


def classify(revision: str | None, has_tables: bool, path: str) -> bool:
    """Whether the schema is behind head; refuses unknown revisions (a newer app) and foreign files."""
    if revision is not None and revision == known_head():
        return False
    if revision is None:
        if has_tables:
            raise ForeignDatabase(path)
        return True
    known = {script.revision for script in script_directory().walk_revisions()}
    if revision not in known:
        raise NewerSchema(path, revision=revision)
    return revision != head_revision()


def upgrade(engine: Engine, path: str, backup: str = "") -> None:
    """Upgrade to head in one transaction with foreign keys off; roll back on any problem."""
    from alembic import command

    with engine.connect() as connection:
        sqlite = engine.dialect.name == "sqlite"
        if sqlite:
            _raw(connection, "PRAGMA foreign_keys = OFF")  # outside any transaction, where it works
        try:
            with connection.begin():
                command.upgrade(alembic_config(connection), "head")
                if sqlite:
                    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                    if broken:
                        raise MigrationFailed(path, detail=f"foreign_key_check: {broken[:3]}", backup=backup)
        except MigrationFailed:
            raise
        except Exception as error:
            raise MigrationFailed(path, detail=_short(error), backup=backup) from error
        finally:
            if sqlite:
                _raw(connection, "PRAGMA foreign_keys = ON")


def upgrade_to(engine: Engine, revision: str) -> None:
    """Create a given (older) schema: used by the fixture script and upgrade tests."""
    from alembic import command

    with engine.connect() as connection:
        _raw(connection, "PRAGMA foreign_keys = OFF")
        with connection.begin():
            command.upgrade(alembic_config(connection), revision)
        _raw(connection, "PRAGMA foreign_keys = ON")


def _raw(connection: Connection, sql: str) -> None:
    """Run a statement on the driver connection: SQLAlchemy would BEGIN first, and SQLite ignores
    PRAGMA foreign_keys inside a transaction."""
    assert not connection.in_transaction()
    connection.connection.driver_connection.execute(sql)  # type: ignore[union-attr]


def _short(error: Any) -> str:
    return str(error).splitlines()[0][:200] if str(error) else type(error).__name__
