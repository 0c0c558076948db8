"""Alembic environment of the bureau database; run programmatically by desktop_app.bureau.store."""

from __future__ import annotations

from alembic import context

from desktop_app.bureau.models import Base

VERSION_TABLE = "bureau_alembic_version"  # its own table: the bureau may share a server with other apps

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    version_table=VERSION_TABLE,
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()
