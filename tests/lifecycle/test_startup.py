"""The start-up sequence: lock, integrity check (damaged → set aside → newest good backup), daily backup,
a newer schema refused, a failed upgrade undone from its backup."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from desktop_app.services.startup import Damage, DamagedAtStart, MigrationUndone, start
from desktop_app.storage.backup import backup_database, list_backups
from desktop_app.storage.errors import NewerSchema
from desktop_app.storage.instance_lock import DatabaseInUse
from tests.damage import DAMAGES, empty
from tests.lifecycle.conftest import read_value

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "db"


@pytest.mark.parametrize("damage", DAMAGES)
def test_a_damaged_database_is_set_aside_and_the_newest_good_backup_restored(
    demo_db: Path, pack: Any, damage: Any
) -> None:
    good = backup_database(demo_db, reason="test")
    damage(demo_db)
    damaged_bytes = demo_db.read_bytes()
    # Without consent (the command line): set aside, refused, the backup named in the message.
    with pytest.raises(DamagedAtStart) as refused:
        start(demo_db, pack)
    assert "已损坏" in refused.value.text() and good.name in refused.value.text()
    aside = refused.value.damage.aside
    assert not demo_db.exists() and aside.read_bytes() == damaged_bytes  # kept byte for byte, never opened
    # Put it back and start again, this time saying yes to the offer (the window's dialog).
    shutil.move(aside, demo_db)
    offers: list[Damage] = []
    started = start(demo_db, pack, on_damage=lambda found: offers.append(found) or True)
    try:
        assert offers and offers[0].offered is not None and offers[0].offered.path == good
        assert "济阳区实验小学" in offers[0].offered.summary()
        assert started.restored_from == good and started.damage is not None
        assert started.service.values("party", "2022")["members"] == 25
    finally:
        started.close()
    assert started.damage.aside.read_bytes() == damaged_bytes


def test_a_damaged_database_without_backup_is_kept_and_explained(demo_db: Path, pack: Any) -> None:
    empty(demo_db)
    with pytest.raises(DamagedAtStart) as refused:
        start(demo_db, pack, on_damage=lambda _found: True)
    assert "没有可用的备份" in refused.value.text() and refused.value.damage.aside.exists()


def test_a_second_start_is_refused_while_the_first_runs(demo_db: Path, pack: Any) -> None:
    first = start(demo_db, pack)
    try:
        with pytest.raises(DatabaseInUse) as refused:
            start(demo_db, pack)
        assert "已在另一个程序窗口中打开" in refused.value.text()
    finally:
        first.close()
    start(demo_db, pack).close()  # released with the first


def test_one_daily_backup(demo_db: Path, pack: Any) -> None:
    first = start(demo_db, pack)
    first.close()
    assert first.daily_backup is not None and first.daily_backup.name.endswith("-daily.sqlite3")
    second = start(demo_db, pack)
    second.close()
    assert second.daily_backup is None and list_backups(demo_db) == [first.daily_backup]


def test_backups_keep_the_last_n(demo_db: Path) -> None:
    for _ in range(4):
        backup_database(demo_db, reason="daily", keep=3)
    assert len(list_backups(demo_db)) == 3


def test_a_risky_location_is_warned_before_use(demo_template: Path, tmp_path: Path, pack: Any) -> None:
    from tests.lifecycle.conftest import copy_database

    folder = tmp_path / "OneDrive" / "学校"
    folder.mkdir(parents=True)
    started = start(copy_database(demo_template, folder / "school.sqlite3"), pack)
    started.close()
    assert any("同步文件夹" in warning for warning in started.warnings)


def test_a_newer_schema_is_refused_and_left_unchanged(demo_db: Path, pack: Any) -> None:
    connection = sqlite3.connect(demo_db)
    connection.execute("UPDATE alembic_version SET version_num = '9999'")
    connection.commit()
    connection.close()
    before = demo_db.read_bytes()
    with pytest.raises(NewerSchema) as refused:
        start(demo_db, pack, daily=False)
    assert "更新版本" in refused.value.text() and demo_db.read_bytes() == before


def _dump(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    connection = sqlite3.connect(path)
    try:
        tables = [
            r[0]
            for r in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
            )
        ]
        return {t: connection.execute(f'SELECT * FROM "{t}" ORDER BY 1').fetchall() for t in tables}
    finally:
        connection.close()


def test_a_failed_upgrade_restores_the_pre_upgrade_backup_and_says_so(tmp_path: Path) -> None:
    from tests.unit.storage_support import load_all_types_pack

    old = tmp_path / "school-report.sqlite3"
    shutil.copyfile(FIXTURES / "school-report-rev0001.sqlite3", old)  # closed, checkpointed: a copy is safe
    connection = sqlite3.connect(old)
    connection.execute("UPDATE reports SET status = 'archived' WHERE id = 1")  # breaks 0002's new CHECK
    connection.commit()
    connection.close()
    before = _dump(old)
    with pytest.raises(MigrationUndone) as refused:
        start(old, load_all_types_pack(tmp_path / "pack"), daily=False)
    message = refused.value.text()
    assert "升级失败" in message and "已从升级前的备份" in message and "完全相同" in message
    assert _dump(old) == before  # value for value, the schema revision included
    assert read_value(old, "safety", "budget", "2022") == "98765.40"
    kept = [p for p in tmp_path.iterdir() if ".before-restore-" in p.name and p.suffix not in (".wal", ".shm")]
    assert kept, "the file of the failed upgrade is kept"


def test_every_released_schema_upgrades_with_its_values(tmp_path: Path) -> None:
    from tests.unit.storage_support import load_all_types_pack

    pack = load_all_types_pack(tmp_path / "pack")
    for fixture in sorted(FIXTURES.glob("*.sqlite3")):
        target = tmp_path / fixture.name
        shutil.copyfile(fixture, target)
        before = _dump(target)
        started = start(target, pack, daily=False)
        try:
            assert started.service.values("safety", "2022")["students"] == 1234
        finally:
            started.close()
        after = _dump(target)
        for table, rows in before.items():
            if table not in ("alembic_version", "reports", "meta"):
                width = len(rows[0]) if rows else 0  # a later schema may add columns: the old ones are kept
                assert [row[:width] for row in after[table]] == rows, table


def test_submit_keeps_the_number_of_backups_set_in_the_settings(service: Any, demo_db: Path, tmp_path: Path) -> None:
    from desktop_app.services import lifecycle
    from desktop_app.services.settings import Settings, save_settings

    save_settings(Settings(backups_keep=2))
    for _ in range(3):
        backup_database(demo_db, reason="daily", keep=10)
    lifecycle.submit(service, "2022", out_dir=tmp_path / "out")
    kept = list_backups(demo_db)
    assert len(kept) == 2 and kept[-1].name.endswith("-submit.sqlite3")
