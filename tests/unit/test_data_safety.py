"""Damaged databases are detected, set aside (never deleted) and restorable; one instance per database."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from desktop_app.services.locations import location_warning
from desktop_app.services.reporting import ReportingService
from desktop_app.storage.backup import backup_database
from desktop_app.storage.instance_lock import DatabaseInUse, InstanceLock, read_holder
from desktop_app.storage.integrity import (
    check_integrity,
    describe_backup,
    newest_good_backup,
    restore_backup,
    set_aside,
)
from tests.damage import DAMAGES


@pytest.fixture
def filled(db_path: Path) -> Path:
    service = ReportingService.open(db_path)
    try:
        service.set_text("profile", "school_name", "济阳区测试小学", source="cli")
        service.set_text("party", "members", "25", period="2022", source="cli")
    finally:
        service.close()
    return db_path


def _school_name(path: Path) -> object:
    service = ReportingService.open(path)
    try:
        return service.profile().get("school_name")
    finally:
        service.close()


def test_a_good_database_passes(filled: Path) -> None:
    report = check_integrity(filled)
    assert report.ok and report.complete


@pytest.mark.parametrize("damage", DAMAGES)
def test_damage_is_detected_set_aside_and_restored(filled: Path, damage: object) -> None:
    backup = backup_database(filled, reason="test")
    # More pages so that damage in the middle hits b-tree pages rather than free space.
    service = ReportingService.open(filled)
    try:
        for index in range(60):
            service.set_text("honours", "highlights", f"亮点{index}" * 20, period="2022", source="cli")
    finally:
        service.close()
    damage(filled)  # type: ignore[operator]
    report = check_integrity(filled)
    assert not report.ok, report
    damaged_bytes = filled.read_bytes()
    aside = set_aside(filled)
    assert not filled.exists() and aside.read_bytes() == damaged_bytes  # kept, not deleted
    offered = newest_good_backup(filled)
    assert offered is not None and offered.path == backup and offered.school_name == "济阳区测试小学"
    restore_backup(offered.path, filled)
    assert check_integrity(filled).ok
    assert _school_name(filled) == "济阳区测试小学"


def test_restore_keeps_the_replaced_file(filled: Path) -> None:
    backup = backup_database(filled, reason="test")
    service = ReportingService.open(filled)
    service.set_text("profile", "school_name", "改名后的学校", source="cli")
    service.close()
    previous = restore_backup(backup, filled)
    assert previous is not None and previous.exists()
    assert _school_name(filled) == "济阳区测试小学"
    assert _school_name(previous) == "改名后的学校"


def test_a_damaged_backup_is_refused_and_changes_nothing(filled: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken.sqlite3"
    broken.write_bytes(b"SQLite format 3\x00" + b"\x00" * 100)
    before = filled.read_bytes()
    with pytest.raises(Exception, match="损坏"):
        restore_backup(broken, filled)
    assert filled.read_bytes() == before
    assert describe_backup(broken).ok is False


def test_a_non_sqlite_file_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite3"
    path.write_text("这不是数据库", encoding="utf-8")
    report = check_integrity(path)
    assert not report.ok and "不是 SQLite" in report.text()


def test_one_instance_per_database(db_path: Path) -> None:
    with InstanceLock(db_path):
        with pytest.raises(DatabaseInUse) as caught:
            InstanceLock(db_path).acquire()
        assert str(os.getpid()) in caught.value.text()
        assert read_holder(db_path) is not None
    with InstanceLock(db_path) as again:  # released: can be taken again
        assert again.held


def test_a_stale_lock_from_a_killed_process_is_recovered(db_path: Path) -> None:
    code = (
        "import sys, time\n"
        "from pathlib import Path\n"
        "from desktop_app.storage.instance_lock import InstanceLock\n"
        "lock = InstanceLock(Path(sys.argv[1])).acquire()\n"
        "print('locked', flush=True)\n"
        "time.sleep(60)\n"
    )
    child = subprocess.Popen([sys.executable, "-c", code, str(db_path)], stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == "locked"
        with pytest.raises(DatabaseInUse):
            InstanceLock(db_path).acquire()
        child.kill()
        child.wait()
        with InstanceLock(db_path) as lock:
            assert lock.held
    finally:
        child.kill()
        child.wait()


@pytest.mark.parametrize(
    ("path", "warned"),
    [
        (Path("\\\\server\\share\\school-report.sqlite3"), True),
        (Path("/home/clerk/OneDrive/学校/school-report.sqlite3"), True),
        (Path("/home/clerk/坚果云/school-report.sqlite3"), True),
        (Path("/home/clerk/.local/share/school-report/school-report.sqlite3"), False),
    ],
)
def test_risky_locations_are_warned(path: Path, warned: bool) -> None:
    assert (location_warning(path) is not None) is warned


def test_database_in_use_is_a_storage_refusal(db_path: Path) -> None:
    """The command line's refusal handler (cli/context.py) prints StorageErrors: so this one too."""
    from desktop_app.storage.errors import StorageError

    with InstanceLock(db_path), pytest.raises(StorageError) as caught:
        InstanceLock(db_path).acquire()
    assert "另一个程序窗口" in caught.value.text() and "another copy" in caught.value.text("en")
