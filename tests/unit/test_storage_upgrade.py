"""Upgrading the filled database of schema revision 0001 (tests/fixtures/db) keeps every value."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from desktop_app.storage.backup import list_backups
from desktop_app.storage.database import open_database
from desktop_app.storage.migrate import head_revision

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "db" / "school-report-rev0001.sqlite3"
REV1_TABLES = {
    "schools": "id, created_at",
    "periods": "id, key, kind",
    "reports": "id, school_id, category, period_id, status, revision",
    "field_values": "id, report_id, field, value_json",
    "table_rows": "id, report_id, field, uid, position",
    "cell_values": 'id, row_id, "column", value_json',
    "explanations": "id, report_id, rule_id, text, updated_at",
    "audit": "*",
    "snapshots": "*",
    "attachments": "*",
    "meta": "*",
}


def dump(path: Path) -> dict[str, list[tuple[object, ...]]]:
    connection = sqlite3.connect(path)
    try:
        return {
            table: connection.execute(f"SELECT {columns} FROM {table} ORDER BY 1").fetchall()
            for table, columns in REV1_TABLES.items()
        }
    finally:
        connection.close()


@pytest.fixture
def old_db(tmp_path: Path) -> Path:
    target = tmp_path / "school-report.sqlite3"
    shutil.copyfile(FIXTURE, target)  # the fixture is a closed, checkpointed file: a plain copy is safe
    return target


def test_fixture_is_revision_0001_and_filled() -> None:
    connection = sqlite3.connect(FIXTURE)
    try:
        assert connection.execute("SELECT version_num FROM alembic_version").fetchone()[0] == "0001"
        assert connection.execute("SELECT count(*) FROM field_values").fetchone()[0] >= 15
        assert connection.execute("SELECT count(*) FROM cell_values").fetchone()[0] >= 8
    finally:
        connection.close()


def test_upgrade_keeps_every_row_and_makes_a_verified_backup(old_db: Path) -> None:
    before = dump(old_db)
    database = open_database(old_db)
    try:
        assert database.backup is not None and database.backup.exists()
        with database.engine.connect() as connection:
            assert connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == head_revision()
            assert connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall() == []
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    finally:
        database.close()
    assert dump(old_db) == before  # the batch rebuild of reports cascaded nothing away
    assert dump(database.backup) == before
    assert list_backups(old_db) == [database.backup]


def test_upgraded_values_read_back_typed(old_db: Path, tmp_path: Path) -> None:
    from datetime import date
    from decimal import Decimal

    from desktop_app.services.reporting import ReportingService
    from tests.unit.storage_support import load_all_types_pack

    service = ReportingService.open(old_db, load_all_types_pack(tmp_path / "pack"))
    try:
        values = service.values("safety", "2022")
        assert values["budget"] == Decimal("98765.40")
        assert values["phone"] == "0531-84235116"
        assert values["drill_on"] == date(2022, 6, 6)
        assert values["themes"] == ("a", "c")
        assert [row["title"] for row in values["events"]] == ["法治讲座", "读书会"]
        assert values["events"][0]["cost"] == Decimal("300.00")
        assert service.profile()["school_type"] == "primary"
        assert service.explanations("safety", "2022") == {"safety.daily_pe": "本学期操场改造，体育课改为室内课。"}
        assert service.status("safety", "2021") == ("submitted", 1)
    finally:
        service.close()


def test_batch_rebuild_with_foreign_keys_on_would_lose_values(old_db: Path) -> None:
    """The trap the migration runner avoids (reliability-notes #2), shown on the same file."""
    connection = sqlite3.connect(old_db)
    try:
        connection.execute("PRAGMA foreign_keys = ON")
        connection.execute("CREATE TABLE reports_new AS SELECT * FROM reports")
        connection.execute("DROP TABLE reports")
        connection.commit()
        assert connection.execute("SELECT count(*) FROM field_values").fetchone()[0] == 0
    finally:
        connection.close()


def test_a_second_open_does_not_migrate_or_back_up_again(old_db: Path) -> None:
    open_database(old_db).close()
    database = open_database(old_db)
    database.close()
    assert database.backup is None
    assert len(list_backups(old_db)) == 1


def test_upgrade_brings_the_questions_table(old_db: Path) -> None:
    """Revision 0004 (the bureau's questions at the school) on the filled 0001 file: a new empty table."""
    database = open_database(old_db)
    try:
        with database.engine.connect() as connection:
            columns = {row[1] for row in connection.exec_driver_sql("PRAGMA table_info(questions)")}
            assert {"uid", "period_key", "revision", "category", "field", "row", "text", "value_json", "reply",
                    "answered_revision"} <= columns  # fmt: skip
            assert connection.exec_driver_sql("SELECT count(*) FROM questions").scalar() == 0
    finally:
        database.close()
    assert database.backup is not None  # the verified backup was made before the upgrade


@pytest.mark.parametrize("revision", ["0001", "0002"])
def test_every_released_schema_gains_the_period_packs_and_carried_marks(revision: str, tmp_path: Path) -> None:
    """0003: periods say which pack they are kept under; carried values wait for the clerk's check."""
    from desktop_app.storage import pack_periods
    from desktop_app.storage.store import ReportKey, Store

    target = tmp_path / "school-report.sqlite3"
    shutil.copyfile(FIXTURE.with_name(f"school-report-rev{revision}.sqlite3"), target)
    before = dump(target)
    database = open_database(target)
    store = Store(database)
    try:
        assert database.backup is not None
        assert pack_periods.period_packs(store) == {}  # earlier periods: no record, found by their years
        pack_periods.assign_pack(store, "2022", "annual", "tiny", "1")
        pack_periods.assign_pack(store, "2022", "annual", "tiny", "2")  # written once, never changed
        assert pack_periods.period_packs(store) == {"2022": ("tiny", "1")}
        key = ReportKey("safety", "2022")
        with store.write() as session:
            pack_periods.mark(store, session, key, "annual", "students", "2021", 1)
        assert set(pack_periods.marks(store, "2022")) == {("safety", "students")}
        assert pack_periods.clear(store, key, ["students"]) == 1
        assert pack_periods.marks(store, "2022") == {}
    finally:
        store.close()
    after = dump(target)
    unchanged = [table for table in before if table != "periods"]
    assert {t: after[t] for t in unchanged} == {t: before[t] for t in unchanged}


def test_the_known_head_is_alembic_s_head_and_opening_at_it_needs_no_alembic(tmp_path: Path) -> None:
    """The start-up skips Alembic for a file already at the newest revision: that shortcut must name
    the real head, and an up-to-date file must open without it."""
    import os
    import subprocess
    import sys

    from desktop_app.storage.migrate import known_head

    assert known_head() == head_revision()
    db = tmp_path / "current.sqlite3"
    open_database(db).close()  # made at head
    code = (
        "import sys\n"
        "from desktop_app.storage.database import open_database\n"
        f"open_database({str(db)!r}).close()\n"
        "print(sorted(m for m in sys.modules if m == 'alembic' or m.startswith('alembic.')))\n"
    )
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONPATH": str(root)},
    )
    assert done.stdout.strip() == "[]"


def test_a_release_that_adds_a_migration_is_migrated_without_a_hand_kept_head(tmp_path: Path) -> None:
    """The shortcut reads the shipped migration files: one more file (as the next release ships, and as
    the Windows upgrade test builds) moves the head, so a file at the old head is upgraded, not skipped."""
    import shutil

    from desktop_app.storage.migrate import MIGRATIONS_DIR, known_head

    versions = tmp_path / "versions"
    shutil.copytree(MIGRATIONS_DIR / "versions", versions)
    old = known_head(versions)
    assert old == head_revision()
    (versions / "9999_next.py").write_text(f'revision = "9999"\ndown_revision = "{old}"\n', encoding="utf-8")
    known_head.cache_clear()
    assert known_head(versions) == "9999"
    (versions / "9998_branch.py").write_text(f'revision = "9998"\ndown_revision = "{old}"\n', encoding="utf-8")
    known_head.cache_clear()
    assert known_head(versions) is None  # two heads: Alembic decides
