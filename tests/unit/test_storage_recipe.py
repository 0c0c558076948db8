"""One storage recipe for the school's database and the bureau's: the same engine factory (pragma contract,
one writer), the same migration runner (verified backup before a migration, refusals of foreign and newer
files), each with its own models and Alembic history; and one settings function naming either database."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import text

from desktop_app.bureau.store import MIGRATIONS, BureauStore
from desktop_app.storage.backup import list_backups
from desktop_app.storage.database import open_database
from desktop_app.storage.errors import ForeignDatabase, MissingFolder, NewerSchema
from desktop_app.storage.migrate import SCHOOL, Migrations, known_head

ROOT = Path(__file__).resolve().parents[2]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _pragmas(connection: object) -> dict[str, object]:
    run = connection.exec_driver_sql  # type: ignore[attr-defined]
    return {name: run(f"PRAGMA {name}").scalar() for name in ("journal_mode", "synchronous", "foreign_keys",
                                                               "busy_timeout", "query_only")}  # fmt: skip


def test_school_and_bureau_connections_keep_the_same_pragma_contract(tmp_path: Path) -> None:
    school = open_database(tmp_path / "school.sqlite3")
    bureau = BureauStore.open(tmp_path / "bureau.sqlite3")
    try:
        for engine, busy in ((school.engine, 5000), (bureau.engine, 30000)):
            with engine.connect() as connection:
                assert _pragmas(connection) == {"journal_mode": "wal", "synchronous": 2, "foreign_keys": 1,
                                                "busy_timeout": busy, "query_only": 0}  # fmt: skip
            assert engine.pool.size() == 1  # type: ignore[attr-defined]  # one writer
    finally:
        school.close()
        bureau.close()


def test_every_transaction_of_either_store_takes_the_write_lock_up_front(tmp_path: Path) -> None:
    """BEGIN IMMEDIATE: a second writer waits for the lock instead of failing half-way (here: at once)."""
    bureau = BureauStore.open(tmp_path / "bureau.sqlite3")
    other = sqlite3.connect(tmp_path / "bureau.sqlite3", timeout=0)
    try:
        with bureau.transaction() as session:
            session.execute(text("SELECT 1"))  # a session begins on its first statement
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                other.execute("BEGIN IMMEDIATE")
        other.execute("BEGIN IMMEDIATE")
        other.rollback()
    finally:
        other.close()
        bureau.close()


def test_the_bureau_refuses_a_school_database_and_a_newer_bureau_file_unchanged(tmp_path: Path) -> None:
    school = tmp_path / "school.sqlite3"
    open_database(school).close()
    before = digest(school)
    with pytest.raises(ForeignDatabase):
        BureauStore.open(school)
    assert digest(school) == before
    newer = tmp_path / "newer.sqlite3"
    BureauStore.open(newer).close()
    connection = sqlite3.connect(newer)
    connection.execute("UPDATE bureau_alembic_version SET version_num = '9999'")
    connection.commit()
    connection.close()
    before = digest(newer)
    with pytest.raises(NewerSchema):
        BureauStore.open(newer)
    assert digest(newer) == before


def test_the_bureau_file_names_a_folder_that_does_not_exist(tmp_path: Path) -> None:
    with pytest.raises(MissingFolder):
        BureauStore.open(tmp_path / "nowhere" / "deeper" / "bureau.sqlite3")


def test_the_known_heads_are_alembic_s_heads() -> None:
    assert SCHOOL.head() == SCHOOL.known_head
    assert MIGRATIONS.head() == MIGRATIONS.known_head


def test_a_bureau_file_at_its_head_opens_without_alembic(tmp_path: Path) -> None:
    db = tmp_path / "bureau.sqlite3"
    BureauStore.open(db).close()
    code = (
        "import sys\n"
        "from desktop_app.bureau.store import BureauStore\n"
        f"BureauStore.open({str(db)!r}).close()\n"
        "print(sorted(m for m in sys.modules if m == 'alembic' or m.startswith('alembic.')))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})  # fmt: skip
    assert done.stdout.strip() == "[]"


# --- the runner with a history of its own: a file that holds data is backed up, verified, then migrated ---

ENV = """
from alembic import context
connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=None, version_table="toy_version",
                  render_as_batch=True, transactional_ddl=True)
with context.begin_transaction():
    context.run_migrations()
"""
FIRST = """
import sqlalchemy as sa
from alembic import op
revision, down_revision, branch_labels, depends_on = "t1", None, None, None
def upgrade():
    op.create_table("parent", sa.Column("id", sa.Integer, primary_key=True))
    op.create_table("child", sa.Column("id", sa.Integer, primary_key=True),
                    sa.Column("parent_id", sa.Integer, sa.ForeignKey("parent.id", ondelete="CASCADE")))
"""
SECOND = """
import sqlalchemy as sa
from alembic import op
revision, down_revision, branch_labels, depends_on = "t2", "t1", None, None
def upgrade():
    with op.batch_alter_table("parent") as batch:  # the table is copied: cascades must not fire
        batch.add_column(sa.Column("name", sa.String(20), nullable=True))
"""


def _history(folder: Path, second: bool) -> Migrations:
    (folder / "versions").mkdir(parents=True, exist_ok=True)
    (folder / "env.py").write_text(ENV, encoding="utf-8")
    (folder / "versions" / "t1.py").write_text(FIRST, encoding="utf-8")
    if second:
        (folder / "versions" / "t2.py").write_text(SECOND, encoding="utf-8")
    known_head.cache_clear()  # the same folder, one revision more
    return Migrations(folder, version_table="toy_version")


def test_the_one_runner_backs_up_then_migrates_a_file_of_another_history(tmp_path: Path) -> None:
    db = tmp_path / "toy.sqlite3"
    database = open_database(db, migrations=_history(tmp_path / "toy", second=False))
    with database.engine.begin() as connection:
        connection.exec_driver_sql("INSERT INTO parent (id) VALUES (1), (2)")
        connection.exec_driver_sql("INSERT INTO child (id, parent_id) VALUES (1, 1), (2, 1), (3, 2)")
    database.close()
    assert database.backup is None  # made, not upgraded: nothing to keep
    upgraded = open_database(db, migrations=_history(tmp_path / "toy", second=True))
    try:
        assert upgraded.backup is not None and upgraded.backup in list_backups(db)
        copy = sqlite3.connect(upgraded.backup)
        assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert copy.execute("SELECT version_num FROM toy_version").fetchone()[0] == "t1"
        assert copy.execute("SELECT count(*) FROM child").fetchone()[0] == 3
        copy.close()
        with upgraded.engine.connect() as connection:
            assert connection.exec_driver_sql("SELECT version_num FROM toy_version").scalar() == "t2"
            assert connection.exec_driver_sql("SELECT count(*) FROM child").scalar() == 3  # no cascade
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    finally:
        upgraded.close()


BUREAU_NEXT = """
import sqlalchemy as sa
from alembic import op
revision = "9002"
down_revision = "{head}"
branch_labels = depends_on = None
def upgrade():
    with op.batch_alter_table("bureau_school") as batch:  # the table is copied: its children must stay
        batch.add_column(sa.Column("note", sa.String(20), nullable=True))
"""


def test_a_bureau_file_that_holds_data_is_backed_up_and_verified_before_its_migration(tmp_path: Path) -> None:
    """The bureau's own history (copied, with one revision more) through the one runner: backup first."""
    import shutil

    history = tmp_path / "bureau-history"
    shutil.copytree(MIGRATIONS.directory, history, ignore=shutil.ignore_patterns("__pycache__"))
    head = MIGRATIONS.known_head
    (history / "versions" / "9002_note.py").write_text(BUREAU_NEXT.replace("{head}", str(head)), encoding="utf-8")
    db = tmp_path / "bureau.sqlite3"
    store = BureauStore.open(db)
    with store.transaction() as session:
        session.execute(
            text(
                "INSERT INTO bureau_school (code, name, school_type, town, contact, phone, updated_at)"
                " VALUES ('S1', '一中', '初中', '城关镇', '', '', '2026-01-01 00:00:00')"
            )
        )
    store.close()
    assert list_backups(db) == []
    newer = Migrations(history, version_table=MIGRATIONS.version_table)
    upgraded = open_database(db, migrations=newer)
    try:
        assert upgraded.backup is not None and list_backups(db) == [upgraded.backup]
        copy = sqlite3.connect(upgraded.backup)
        assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert copy.execute("SELECT version_num FROM bureau_alembic_version").fetchone()[0] == head
        assert copy.execute("SELECT name FROM bureau_school").fetchall() == [("一中",)]
        copy.close()
        with upgraded.engine.connect() as connection:
            assert connection.exec_driver_sql("SELECT version_num FROM bureau_alembic_version").scalar() == "9002"
            assert connection.exec_driver_sql("SELECT name, note FROM bureau_school").fetchall() == [("一中", None)]
    finally:
        upgraded.close()


def test_a_school_file_that_holds_data_is_backed_up_before_its_migration(tmp_path: Path) -> None:
    from desktop_app.storage.engine import make_engine
    from desktop_app.storage.migrate import upgrade_to

    db = tmp_path / "school.sqlite3"
    engine = make_engine(str(db))
    upgrade_to(engine, "0001")
    with engine.begin() as connection:
        connection.exec_driver_sql("CREATE TABLE IF NOT EXISTS probe (id INTEGER PRIMARY KEY)")
        connection.exec_driver_sql("INSERT INTO probe VALUES (7)")
    engine.dispose()
    database = open_database(db)
    try:
        assert database.backup is not None and list_backups(db) == [database.backup]
        copy = sqlite3.connect(database.backup)
        assert copy.execute("SELECT version_num FROM alembic_version").fetchone()[0] == "0001"
        assert copy.execute("SELECT id FROM probe").fetchall() == [(7,)]
        copy.close()
    finally:
        database.close()


# --- where each mode's database is: one settings function --------------------------------------------


def _settings(tmp_path: Path, **values: object) -> None:
    folder = tmp_path / "config"
    folder.mkdir(exist_ok=True)
    (folder / "settings.json").write_text(json.dumps(values), encoding="utf-8")


def test_one_settings_function_names_the_database_of_either_mode(tmp_path: Path) -> None:
    from desktop_app.services.settings import Settings, database_target, default_database_path

    assert database_target("school", settings=Settings()) == str(default_database_path("school"))
    assert database_target("bureau", settings=Settings()) == str(default_database_path("bureau"))
    assert database_target("bureau", settings=Settings(mode="bureau")).endswith("bureau.sqlite3")
    # the school's setting is never the bureau's database
    chosen = Settings(mode="bureau", database_path="/x/school.sqlite3")
    assert database_target("school", settings=chosen) == "/x/school.sqlite3"
    assert database_target("bureau", settings=chosen) == str(default_database_path("bureau"))
    assert database_target("bureau", "/given.sqlite3", chosen) == "/given.sqlite3"  # --db first
    assert database_target("bureau", "postgresql+psycopg://h/b") == "postgresql+psycopg://h/b"
    _settings(tmp_path, database_path=str(tmp_path / "from-settings.sqlite3"))
    assert database_target("school") == str(tmp_path / "from-settings.sqlite3")  # read from settings.json


def test_the_bureau_commands_open_the_default_bureau_file_never_the_school_s(tmp_path: Path) -> None:
    school = tmp_path / "school" / "school-report.sqlite3"
    _settings(tmp_path, mode="bureau", database_path=str(school))
    env = {**os.environ, "PYTHONPATH": str(ROOT), "SCHOOL_REPORT_CONFIG_DIR": str(tmp_path / "config"),
           "SCHOOL_REPORT_DATA_DIR": str(tmp_path / "data")}  # fmt: skip
    done = subprocess.run([sys.executable, "-m", "desktop_app", "bureau", "status"], capture_output=True,
                          text=True, env=env, cwd=ROOT)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "data" / "bureau.sqlite3").exists()  # the data folder made on a first start
    assert not school.parent.exists()
    assert not (tmp_path / "data" / "school-report.sqlite3").exists()


def test_school_commands_in_bureau_mode_still_open_the_school_s_own_file(tmp_path: Path) -> None:
    """Before: a settings file in bureau mode without a database path sent school commands to bureau.sqlite3."""
    from desktop_app.services.startup import resolve_database

    _settings(tmp_path, mode="bureau")
    assert Path(resolve_database(None)).name == "school-report.sqlite3"


# --- several workers of one process open the same bureau file at once --------------------------------


def test_threads_probing_one_folder_at_once_all_find_it_writable(tmp_path: Path) -> None:
    """Before: every thread of a process probed with the same file name, so one thread's unlink made
    another's fail, and a bureau store opened by two workers at once was refused as a read-only folder."""
    import threading

    from desktop_app.storage.engine import writable

    answers: list[bool] = []
    start = threading.Barrier(8)

    def probe() -> None:
        start.wait(timeout=30)
        answers.extend(writable(tmp_path) for _ in range(200))

    threads = [threading.Thread(target=probe) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert len(answers) == 1600 and all(answers)
    assert [p.name for p in tmp_path.iterdir()] == []


def test_two_workers_open_the_same_bureau_file_at_once(tmp_path: Path) -> None:
    import threading

    db = tmp_path / "bureau.sqlite3"
    BureauStore.open(db).close()
    failures: list[BaseException] = []
    start = threading.Barrier(4)

    def open_and_close() -> None:
        try:
            start.wait(timeout=30)
            for _ in range(10):
                BureauStore.open(db).close()
        except BaseException as error:  # collected and asserted below
            failures.append(error)

    threads = [threading.Thread(target=open_and_close) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert failures == []


def test_workers_making_a_new_bureau_file_at_once_all_open_it(tmp_path: Path) -> None:
    """Before: the window's panels opened a new file together; one saw it still empty (its sibling's engine
    had made it) and refused it as an empty file."""
    import threading

    for attempt in range(5):
        db = tmp_path / f"bureau-{attempt}.sqlite3"
        failures: list[BaseException] = []
        start = threading.Barrier(4)

        def open_once(db: Path = db, failures: list[BaseException] = failures,
                      start: threading.Barrier = start) -> None:  # fmt: skip
            try:
                start.wait(timeout=30)
                BureauStore.open(db).close()
            except BaseException as error:  # collected and asserted below
                failures.append(error)

        threads = [threading.Thread(target=open_once) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        assert failures == []
        connection = sqlite3.connect(db)
        version = connection.execute("SELECT version_num FROM bureau_alembic_version").fetchone()[0]
        connection.close()
        assert version == MIGRATIONS.head()


def test_a_bureau_file_held_longer_than_sqlite_s_default_wait_is_opened_once_let_go(tmp_path: Path) -> None:
    """The check before the engine waited SQLite's default 5 s, not the bureau's 30: a sibling's long
    write (an import of many files on a loaded PC) made the window's panel refuse the file."""
    import threading

    db = tmp_path / "bureau.sqlite3"
    BureauStore.open(db).close()
    holder = sqlite3.connect(db, isolation_level=None, check_same_thread=False)
    holder.execute("PRAGMA locking_mode = EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    holder.execute("CREATE TABLE held (x)")  # the lock is taken: nobody else can read until it is let go
    release = threading.Timer(6.5, lambda: (holder.execute("ROLLBACK"), holder.execute("PRAGMA locking_mode = NORMAL"),
                                           holder.execute("SELECT 1"), holder.close()))  # fmt: skip
    release.start()
    try:
        BureauStore.open(db).close()
    finally:
        release.join()


def test_a_file_that_cannot_be_opened_for_the_check_is_not_called_damaged(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An open refused for a passing reason (on Windows an antivirus holding the file) is "cannot be read",
    never "damaged, restore it from a backup": that answer would send the clerk to an older copy."""
    from desktop_app.storage import database
    from desktop_app.storage.errors import CorruptDatabase, Unreadable

    open_database(db_path).close()
    before = hashlib.sha256(db_path.read_bytes()).hexdigest()
    real_connect = sqlite3.connect

    def refused(target: str, *args: object, **kwargs: object) -> sqlite3.Connection:
        if "mode=ro" in str(target):
            raise sqlite3.OperationalError("unable to open database file")
        return real_connect(target, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(database.sqlite3, "connect", refused)
    with pytest.raises(Unreadable) as raised:
        open_database(db_path)
    assert not isinstance(raised.value, CorruptDatabase)
    assert "无法打开文件" in raised.value.text("zh") and "损坏" not in raised.value.text("zh")
    assert hashlib.sha256(db_path.read_bytes()).hexdigest() == before


def test_a_connection_opened_while_another_writes_in_rollback_mode_waits_to_switch_to_wal(tmp_path: Path) -> None:
    """SQLite answers a change of journal mode at once with "database is locked" while another connection
    writes in rollback mode: it does not ask the busy handler. The bureau window's panels, opening a new file
    together, failed so (CI, tests/bureau/test_window.py); the switch now waits as long as any statement."""
    import threading

    from desktop_app.storage.engine import make_engine

    db = tmp_path / "rollback.sqlite3"
    plain = sqlite3.connect(db, isolation_level=None)
    plain.execute("CREATE TABLE t (x)")
    plain.close()
    writer = sqlite3.connect(db, isolation_level=None, check_same_thread=False)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("INSERT INTO t VALUES (1)")
    release = threading.Timer(1.0, lambda: (writer.execute("COMMIT"), writer.close()))
    release.start()
    engine = make_engine(str(db))
    try:
        with engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    finally:
        release.join()
        engine.dispose()
