"""Local storage: SQLite through SQLAlchemy, Alembic migrations, verified backups, one writer."""
