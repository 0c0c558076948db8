"""The one migration runner: bring a database to the newest schema with Alembic, run from code (no
alembic.ini on the user's PC). The school's database and the bureau's each have their own models and
their own Alembic history (`Migrations`); both run through this code.

Order on open (storage/database.py): read the current revision (refuse one we do not know: a newer app
made it) → if the file holds data and is behind, make a verified backup → foreign keys OFF outside the
transaction → BEGIN → upgrade → `PRAGMA foreign_key_check` → COMMIT (or ROLLBACK on any problem) →
foreign keys ON. On PostgreSQL the upgrade is serialised by an advisory lock (two bureau processes
opening the same new database at once).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop_app.storage.errors import ForeignDatabase, MigrationFailed, NewerSchema

if TYPE_CHECKING:
    from alembic.config import Config
    from alembic.script import ScriptDirectory
    from sqlalchemy.engine import Connection, Engine


_REVISION = re.compile(r"""^revision\s*=\s*["']([^"']+)["']""", re.M)
_DOWN = re.compile(r"""^down_revision\s*=\s*["']([^"']+)["']""", re.M)


@cache
def known_head(versions: Path | None = None) -> str | None:
    """The newest revision in a history's versions/ folder (the school's by default), read from the files'
    `revision =` and `down_revision =` lines: a file already at it needs no migration, and saying so needs
    no Alembic (its import costs more than showing the window), the start-up's common case. Read from the
    files the program ships, never a constant kept by hand, so a release that adds a migration cannot skip
    it. None when the files do not name exactly one head (then Alembic decides)."""
    revisions: set[str] = set()
    downs: set[str] = set()
    for script in (versions or MIGRATIONS_DIR / "versions").glob("*.py"):
        text = script.read_text(encoding="utf-8", errors="replace")
        revisions.update(_REVISION.findall(text))
        downs.update(_DOWN.findall(text))
    heads = revisions - downs
    return next(iter(heads)) if len(heads) == 1 else None


@dataclass(frozen=True, slots=True)
class Migrations:
    """One Alembic history: where its scripts are and the table that records it."""

    directory: Path
    version_table: str = "alembic_version"
    advisory_lock: int = 0  # PostgreSQL: the key of the lock that serialises concurrent upgrades

    @property
    def known_head(self) -> str | None:
        """The newest revision its shipped files name (`known_head`), without importing Alembic."""
        return known_head(self.directory / "versions")

    def config(self, connection: Connection | None = None) -> Config:
        from alembic.config import Config

        config = Config()
        config.set_main_option("script_location", str(self.directory))
        config.attributes["connection"] = connection
        return config

    def scripts(self) -> ScriptDirectory:
        from alembic.script import ScriptDirectory

        return ScriptDirectory.from_config(self.config())

    def head(self) -> str:
        head = self.scripts().get_current_head()
        assert head is not None
        return head

    def current(self, connection: Connection) -> str | None:
        from alembic.runtime.migration import MigrationContext

        context = MigrationContext.configure(connection, opts={"version_table": self.version_table})
        return context.get_current_revision()

    def inspect(self, engine: Engine, path: str) -> tuple[str | None, bool]:
        """(current revision, whether it is behind head) of a server database."""
        with engine.connect() as connection:
            revision = self.current(connection)
            connection.rollback()
        return revision, self.classify(revision, has_tables=False, path=path)

    def classify(self, revision: str | None, has_tables: bool, path: str) -> bool:
        """Whether the schema is behind head; refuses unknown revisions (a newer app) and foreign files."""
        if revision is not None and revision == self.known_head:
            return False
        if revision is None:
            if has_tables:
                raise ForeignDatabase(path)
            return True
        known = {script.revision for script in self.scripts().walk_revisions()}
        if revision not in known:
            raise NewerSchema(path, revision=revision)
        return revision != self.head()

    def upgrade(self, engine: Engine, path: str, backup: str = "", revision: str = "head") -> None:
        """Upgrade in one transaction with foreign keys off; roll back on any problem."""
        from alembic import command

        with engine.connect() as connection:
            sqlite = engine.dialect.name == "sqlite"
            if sqlite:
                _raw(connection, "PRAGMA foreign_keys = OFF")  # outside any transaction, where it works
            try:
                with connection.begin():
                    if connection.dialect.name == "postgresql" and self.advisory_lock:
                        connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({int(self.advisory_lock)})")
                    command.upgrade(self.config(connection), revision)
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


MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
SCHOOL = Migrations(MIGRATIONS_DIR)


def alembic_config(connection: Connection | None = None) -> Config:
    return SCHOOL.config(connection)


def script_directory() -> ScriptDirectory:
    return SCHOOL.scripts()


def head_revision() -> str:
    return SCHOOL.head()


def upgrade_to(engine: Engine, revision: str, migrations: Migrations = SCHOOL) -> None:
    """Create a given (older) schema: used by the fixture scripts and upgrade tests."""
    migrations.upgrade(engine, str(engine.url), revision=revision)


def _raw(connection: Connection, sql: str) -> None:
    """Run a statement on the driver connection: SQLAlchemy would BEGIN first, and SQLite ignores
    PRAGMA foreign_keys inside a transaction."""
    assert not connection.in_transaction()
    connection.connection.driver_connection.execute(sql)  # type: ignore[union-attr]


def _short(error: Any) -> str:
    return str(error).splitlines()[0][:200] if str(error) else type(error).__name__
