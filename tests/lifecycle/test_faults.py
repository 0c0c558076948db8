"""Faults made on demand: a full disk, a read-only database, a backup taken while edits go on.

Each is answered with a message a clerk understands, and what was saved before is intact.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from desktop_app.services import lifecycle
from desktop_app.services.faults import clerk_text
from desktop_app.storage.errors import DiskFull, StorageError
from tests.lifecycle.conftest import read_value


def _fill_up(service: Any) -> None:
    """PRAGMA max_page_count just above page_count on the writer's one connection."""
    session = service.store.read()
    try:
        connection = session.connection()
        pages = connection.exec_driver_sql("PRAGMA page_count").scalar()
        connection.exec_driver_sql(f"PRAGMA max_page_count = {int(pages) + 1}")
    finally:
        service.store.end_read()


def test_disk_full_while_editing_keeps_what_was_saved(service: Any, demo_db: Path) -> None:
    _fill_up(service)
    with pytest.raises(DiskFull) as full:
        service.set_text("honours", "highlights", "很长的工作亮点。" * 2000, period="2022")
    assert "磁盘空间不足" in clerk_text(full.value) and "之前保存的数据不受影响" in clerk_text(full.value)
    assert service.values("party", "2022")["members"] == 25
    assert read_value(demo_db, "honours", "highlights", "2022") != "很长的工作亮点。" * 2000


def test_disk_full_during_submit_changes_nothing_then_submit_works(service: Any, demo_db: Path, tmp_path: Path) -> None:
    _fill_up(service)
    with pytest.raises(DiskFull):
        lifecycle.submit(service, "2022", out_dir=tmp_path)
    assert not lifecycle.state(service, "2022").submitted and lifecycle.history(service, "2022") == []
    service.set_text("party", "members", "26", period="2022")  # still a draft, still editable
    session = service.store.read()
    try:
        session.connection().exec_driver_sql("PRAGMA max_page_count = 1073741823")
    finally:
        service.store.end_read()
    assert lifecycle.submit(service, "2022", out_dir=tmp_path).revision == 1
    connection = sqlite3.connect(demo_db)
    try:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        connection.close()


def test_a_read_only_database_is_answered_and_left_intact(demo_db: Path, pack: Any, tmp_path: Path) -> None:
    from desktop_app.services.reporting import ReportingService
    from desktop_app.storage.database import Database
    from desktop_app.storage.engine import make_engine
    from desktop_app.storage.store import Store

    before = demo_db.read_bytes()
    url = f"sqlite+pysqlite:///file:{demo_db}?mode=ro&uri=true"
    service = ReportingService(Store(Database(make_engine(url), str(demo_db), demo_db)), pack)
    try:
        assert service.values("party", "2022")["members"] == 25  # reading works
        with pytest.raises(StorageError) as refused:
            service.set_text("party", "members", "30", period="2022")
        assert "只读" in clerk_text(refused.value) and "之前保存的数据不受影响" in clerk_text(refused.value)
        with pytest.raises(StorageError):
            lifecycle.submit(service, "2022", out_dir=tmp_path / "out")
        assert not (tmp_path / "out").exists()
    finally:
        service.close()
    assert read_value(demo_db, "party", "members", "2022") == 25
    assert demo_db.read_bytes() == before


@pytest.mark.skipif(os.geteuid() != 0 or not Path("/usr/bin/chattr").exists(), reason="chattr +i needs root")
def test_an_immutable_file_opens_read_only_and_refuses_edits_with_its_message(demo_db: Path, pack: Any) -> None:
    from desktop_app.services.startup import start
    from desktop_app.storage.errors import ReadOnlyLocation

    subprocess.run(["chattr", "+i", str(demo_db)], check=True)
    try:
        started = start(demo_db, pack, daily=False)
        try:
            assert started.read_only and any("只读" in note for note in started.warnings)
            assert started.service.values("party", "2022")["members"] == 25  # viewing works
            with pytest.raises(ReadOnlyLocation) as refused:
                started.service.set_text("party", "members", "30", period="2022")
            assert "只读" in refused.value.text() and "read-only" in refused.value.text("en")
        finally:
            started.close()
    finally:
        subprocess.run(["chattr", "-i", str(demo_db)], check=True)
    assert read_value(demo_db, "party", "members", "2022") == 25


EDITOR = """
import sys
from desktop_app.services.reporting import ReportingService
service = ReportingService.open(sys.argv[1])
print("ready", flush=True)
index = 0
while True:
    service.set_text("honours", "highlights", f"第{index}次", period="2022", source="cli")
    service.set_text("party", "members", str(index % 50 + 1), period="2022", source="cli")
    index += 1
"""


def test_a_backup_taken_while_another_process_edits_is_consistent(demo_db: Path, tmp_path: Path) -> None:
    from desktop_app.services.backups import copy_verified
    from desktop_app.storage.integrity import restore_backup

    child = subprocess.Popen(
        [sys.executable, "-c", EDITOR, str(demo_db)],
        stdout=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).resolve().parent.parent.parent,
    )
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == "ready"
        time.sleep(0.3)
        copies = [copy_verified(demo_db, tmp_path / f"copy{n}.sqlite3") for n in range(3)]
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait()
    for copy in copies:
        connection = sqlite3.connect(copy)
        try:
            assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
            # Every audit entry's value is the value stored at that moment: one consistent instant.
            stored = read_value(copy, "honours", "highlights", "2022")
            last = connection.execute(
                "SELECT new_json FROM audit WHERE category = 'honours' AND field = 'highlights' ORDER BY id DESC"
            ).fetchone()[0]
            assert f'"{stored}"' == last
        finally:
            connection.close()
    restore_backup(copies[-1], demo_db)
    assert read_value(demo_db, "honours", "highlights", "2022") == read_value(
        copies[-1], "honours", "highlights", "2022"
    )


@pytest.mark.skipif(os.geteuid() != 0 or not Path("/usr/bin/chattr").exists(), reason="chattr +i needs root")
def test_a_read_only_output_folder_is_answered_and_the_submission_stands(service: Any, tmp_path: Path) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    subprocess.run(["chattr", "+i", str(folder)], check=True)
    try:
        result = lifecycle.submit(service, "2022", out_dir=folder)
    finally:
        subprocess.run(["chattr", "-i", str(folder)], check=True)
    assert result.pdf is None and "不可写" in result.files_error and "重新生成" in result.files_error
    assert lifecycle.state(service, "2022").submitted and list(folder.iterdir()) == []
