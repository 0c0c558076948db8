"""Opening databases: the pragma contract, and every kind of bad file refused with nothing changed."""

from __future__ import annotations

import contextlib
import hashlib
import os
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop_app.storage.database import open_database
from desktop_app.storage.engine import make_engine
from desktop_app.storage.errors import (
    EmptyFile,
    ForeignDatabase,
    MissingFolder,
    NewerSchema,
    NotSQLite,
    ReadOnlyFile,
    ReadOnlyFolder,
)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_pragmas_hold_on_several_pooled_connections(db_path: Path) -> None:
    open_database(db_path).close()
    readers = make_engine(str(db_path), writer=False)
    try:
        connections = [readers.connect() for _ in range(4)]
        try:
            raw = {id(c.connection.driver_connection) for c in connections}
            assert len(raw) == 4  # four distinct pooled connections, all checked
            for connection in connections:
                assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
                assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
                assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
                assert connection.exec_driver_sql("PRAGMA query_only").scalar() == 1
        finally:
            for connection in connections:
                connection.close()
    finally:
        readers.dispose()


def test_writer_reuses_its_single_connection_with_the_pragmas(db_path: Path) -> None:
    database = open_database(db_path)
    try:
        seen = set()
        for _ in range(3):
            with database.engine.connect() as connection:
                seen.add(id(connection.connection.driver_connection))
                assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
                assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 2
                assert connection.exec_driver_sql("PRAGMA query_only").scalar() == 0
        assert len(seen) == 1
        assert database.engine.pool.size() == 1  # type: ignore[attr-defined]
    finally:
        database.close()


def test_foreign_keys_are_enforced(db_path: Path) -> None:
    from sqlalchemy.exc import IntegrityError

    database = open_database(db_path)
    try:
        with pytest.raises(IntegrityError), database.engine.begin() as connection:
            connection.exec_driver_sql("INSERT INTO field_values (report_id, field, value_json) VALUES (999, 'x', '1')")
    finally:
        database.close()


def test_missing_folder_is_refused_and_not_created(tmp_path: Path) -> None:
    target = tmp_path / "nowhere" / "db.sqlite3"
    with pytest.raises(MissingFolder) as raised:
        open_database(target)
    assert "不存在" in raised.value.text("zh") and "does not exist" in raised.value.text("en")
    assert not target.parent.exists()


def test_not_sqlite_file_is_refused_unchanged(tmp_path: Path) -> None:
    target = tmp_path / "report.sqlite3"
    target.write_bytes("这是一份 Word 文档，不是数据库。".encode() * 50)
    before = digest(target)
    with pytest.raises(NotSQLite) as raised:
        open_database(target)
    assert "不是本程序的数据库" in raised.value.text()
    assert digest(target) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.sqlite3"]


def test_empty_file_is_refused_unchanged(tmp_path: Path) -> None:
    target = tmp_path / "empty.sqlite3"
    target.touch()
    with pytest.raises(EmptyFile):
        open_database(target)
    assert target.stat().st_size == 0


def test_sqlite_file_of_another_program_is_refused_unchanged(tmp_path: Path) -> None:
    target = tmp_path / "other.db"
    connection = sqlite3.connect(target)
    connection.execute("CREATE TABLE contacts (name TEXT)")
    connection.execute("INSERT INTO contacts VALUES ('张三')")
    connection.commit()
    connection.close()
    before = digest(target)
    with pytest.raises(ForeignDatabase):
        open_database(target)
    assert digest(target) == before


def test_newer_schema_is_refused_unchanged(db_path: Path) -> None:
    open_database(db_path).close()
    connection = sqlite3.connect(db_path)
    connection.execute("UPDATE alembic_version SET version_num = '9999'")
    connection.commit()
    connection.close()
    before = digest(db_path)
    with pytest.raises(NewerSchema) as raised:
        open_database(db_path)
    assert "更新版本" in raised.value.text("zh") and "newer version" in raised.value.text("en")
    assert digest(db_path) == before


@contextlib.contextmanager
def read_only(path: Path) -> Iterator[None]:
    """Make a file or folder read-only, even for root (who ignores permission bits): chattr +i."""
    if os.geteuid() != 0:
        mode = path.stat().st_mode
        path.chmod(0o555 if path.is_dir() else 0o444)
        try:
            yield
        finally:
            path.chmod(mode)
        return
    if subprocess.run(["chattr", "+i", str(path)], capture_output=True).returncode != 0:
        pytest.skip("cannot make a path read-only here")
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", str(path)], check=True)


def test_read_only_folder_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    with read_only(folder), pytest.raises(ReadOnlyFolder) as raised:
        open_database(folder / "db.sqlite3")
    assert "不可写" in raised.value.text()


def test_read_only_file_is_refused_unchanged(db_path: Path) -> None:
    open_database(db_path).close()
    before = digest(db_path)
    with read_only(db_path), pytest.raises(ReadOnlyFile):
        open_database(db_path)
    assert digest(db_path) == before
