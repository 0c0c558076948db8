"""Alembic environment: always given a connection by desktop_app.storage.migrate (no alembic.ini).

The caller has already turned foreign keys off and opened the transaction (reliability-notes #2),
so batch mode's table copies cannot cascade deletes into child rows.
"""

from __future__ import annotations

from alembic import context

from desktop_app.storage.models import Base

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("desktop_app.storage.migrate passes the connection; run migrations through it.")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,  # SQLite cannot ALTER most things: batch mode copies the table
    transactional_ddl=True,
)
with context.begin_transaction():
    context.run_migrations()
