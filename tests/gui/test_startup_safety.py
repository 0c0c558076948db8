"""Start-up safety in the window: one writer per database, a damaged file and its backup, risky places."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

pytestmark = pytest.mark.gui

ROOT = Path(__file__).resolve().parents[2]


def _filled(db: Path, pack: Any, members: str = "25") -> None:
    from desktop_app.services.reporting import ReportingService

    service = ReportingService.open(db, pack)
    try:
        service.set_text("party", "members", members, "2022")
    finally:
        service.close()


@pytest.fixture
def bare_window(qtbot: Any, tmp_path: Path) -> Iterator[Any]:
    """A window as run_gui shows it before the data file is open; its store is closed afterwards."""
    from desktop_app.services.settings import Settings
    from desktop_app.ui.app import close_store
    from desktop_app.ui.i18n import set_language
    from desktop_app.ui.main_window import MainWindow

    set_language("zh")
    window = MainWindow("zh", Settings(first_run_done=True), tmp_path / "settings.json")
    qtbot.addWidget(window)
    window.show()
    yield window
    window.tasks.wait()
    close_store(window)


def _open(window: Any, db: Path) -> list[int]:
    from desktop_app.ui.app import open_store

    codes: list[int] = []
    open_store(window, str(db), "zh", quit_app=codes.append)
    return codes


def _message_box(window: Any) -> QMessageBox | None:
    shown = [box for box in window.findChildren(QMessageBox) if box.isVisible()]
    return shown[0] if shown else None


def test_the_window_holds_the_lock_and_answers_a_second_start(
    qtbot: Any, bare_window: Any, db_path: Path, pack: Any
) -> None:
    from desktop_app.storage.instance_lock import DatabaseInUse, InstanceLock
    from desktop_app.ui.app import close_store
    from desktop_app.ui.lifecycle.single_instance import bring_forward

    _filled(db_path, pack)
    _open(bare_window, db_path)
    qtbot.waitUntil(lambda: bare_window.service is not None, timeout=30000)
    assert bare_window.service.values("party", "2022")["members"] == 25
    with pytest.raises(DatabaseInUse):
        InstanceLock(db_path).acquire()  # a second writer is refused
    # The window listens just after it is ready (QtNetwork is loaded on a worker meanwhile).
    qtbot.waitUntil(lambda: bare_window.instance_server is not None, timeout=30000)
    assert bring_forward(db_path)
    qtbot.waitUntil(lambda: bare_window.instance_server.requests == 1)
    bare_window.tasks.wait()
    close_store(bare_window)
    bare_window.service = None
    InstanceLock(db_path).acquire().release()  # released at exit


def test_a_second_start_brings_the_running_window_forward_and_quits(tmp_path: Path, db_path: Path, pack: Any) -> None:
    _filled(db_path, pack)
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        PYTHONPATH=str(ROOT),
        SCHOOL_REPORT_CONFIG_DIR=str(tmp_path / "config"),
        SCHOOL_REPORT_DATA_DIR=str(tmp_path / "data"),
    )
    # The first copy: the lock held and the window listening, as the window does once it is open.
    first_code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from PySide6.QtCore import QTimer\n"
        "from PySide6.QtWidgets import QApplication, QWidget\n"
        "from desktop_app.services.startup import start\n"
        "from desktop_app.ui.lifecycle.single_instance import listen\n"
        "app = QApplication([])\n"
        "started = start(sys.argv[1])\n"
        "window = QWidget(); window.show()\n"
        "server = listen(window, Path(sys.argv[1]))\n"
        "print('listening', flush=True)\n"
        "timer = QTimer(); timer.timeout.connect(lambda: server.requests and app.quit()); timer.start(20)\n"
        "QTimer.singleShot(60000, app.quit)\n"
        "app.exec(); started.close(); print('raised' if server.requests else 'never', flush=True)\n"
    )
    first = subprocess.Popen(
        [sys.executable, "-c", first_code, str(db_path)],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert first.stdout is not None and first.stdout.readline().strip() == "listening"
        second = subprocess.run(
            [
                sys.executable,
                "-c",
                "import sys; from desktop_app.ui.app import run_gui; sys.exit(run_gui(sys.argv[1]))",
                str(db_path),
            ],
            env={**env, "SCHOOL_REPORT_EXIT_WHEN": "ready"},
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
        )
        out, err = first.communicate(timeout=60)
    finally:
        first.kill()
    assert second.returncode == 0, second.stderr
    assert "school-report:ready" not in second.stdout  # it never opened the database
    assert out.strip() == "raised", err


def test_a_second_start_that_finds_no_window_says_why_and_opens_nothing(
    qtbot: Any, bare_window: Any, db_path: Path, pack: Any
) -> None:
    from desktop_app.storage.instance_lock import InstanceLock

    _filled(db_path, pack)
    with InstanceLock(db_path):  # held by another copy (a command, say) that has no window
        codes = _open(bare_window, db_path)
        qtbot.waitUntil(lambda: _message_box(bare_window) is not None, timeout=30000)
        box = _message_box(bare_window)
        assert box is not None
        assert "已在另一个程序窗口中打开" in box.text() and str(db_path) in box.text()
        assert bare_window.service is None
        box.button(QMessageBox.StandardButton.Ok).click()
        assert codes == [1]


def _click_when_asked(role: QMessageBox.ButtonRole, seen: list[str]) -> QTimer:
    """Answer the modal dialog the start-up work is waiting on, as the clerk would."""
    timer = QTimer()

    def answer() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            seen.append(box.text() + "\n" + box.informativeText())
            timer.stop()
            next(b for b in box.buttons() if box.buttonRole(b) == role).click()

    timer.timeout.connect(answer)
    timer.start(20)
    return timer


def test_a_damaged_database_offers_the_newest_good_backup(
    qtbot: Any, bare_window: Any, db_path: Path, pack: Any
) -> None:
    from desktop_app.storage.backup import backup_database

    _filled(db_path, pack, "31")
    backup_database(db_path, reason="test")
    damaged = db_path.read_bytes()[:4096] + b"\xde\xad\xbe\xef" * 1024
    db_path.write_bytes(damaged)
    seen: list[str] = []
    timer = _click_when_asked(QMessageBox.ButtonRole.AcceptRole, seen)
    _open(bare_window, db_path)
    qtbot.waitUntil(lambda: bare_window.service is not None, timeout=30000)
    timer.stop()
    assert seen and "数据库文件已损坏" in seen[0] and "可以恢复最近的完好备份" in seen[0]
    assert bare_window.service.values("party", "2022")["members"] == 31
    aside = bare_window.started.damage.aside
    assert aside.exists() and aside.read_bytes() == damaged  # set aside, never deleted
    assert "已从备份" in bare_window.statusBar().currentMessage()


def test_a_damaged_database_without_a_backup_is_explained_and_kept(qtbot: Any, bare_window: Any, db_path: Path) -> None:
    db_path.write_bytes(b"")
    seen: list[str] = []
    timer = _click_when_asked(QMessageBox.ButtonRole.RejectRole, seen)  # 暂不处理
    _open(bare_window, db_path)
    qtbot.waitUntil(lambda: "已损坏" in bare_window.statusBar().currentMessage(), timeout=30000)
    timer.stop()
    assert seen and "没有找到完好的备份" in seen[0] and "新建空白数据库" not in seen[0]
    assert bare_window.service is None and not db_path.exists()  # nothing made without the clerk's word
    assert bare_window.instance_lock is not None and bare_window.instance_lock.held
    assert bare_window.actions_by_key["restore"].isEnabled() if "restore" in bare_window.actions_by_key else True


def test_a_set_aside_database_is_asked_about_again_and_starts_empty_only_when_told(
    qtbot: Any, bare_window: Any, db_path: Path, pack: Any
) -> None:
    """Item 14: the next start does not silently make a blank database; "start empty" is the clerk's choice."""
    from desktop_app.services.startup import DamagedAtStart, start

    _filled(db_path, pack, "31")
    db_path.write_bytes(db_path.read_bytes()[:4096] + b"\xde\xad\xbe\xef" * 1024)
    with pytest.raises(DamagedAtStart):
        start(db_path, pack)  # the command line set it aside, with no backup to offer
    assert not db_path.exists()
    seen: list[str] = []
    timer = _click_when_asked(QMessageBox.ButtonRole.DestructiveRole, seen)  # 不恢复，新建空白数据库
    _open(bare_window, db_path)
    qtbot.waitUntil(lambda: bare_window.service is not None, timeout=30000)
    timer.stop()
    assert seen and "尚未处理" in seen[0]
    assert db_path.exists() and bare_window.service.values("party", "2022").get("members") is None
    assert bare_window.started.started_empty and "新建空白数据库" in bare_window.statusBar().currentMessage()


def test_a_synced_folder_is_warned_about_before_use(qtbot: Any, bare_window: Any, tmp_path: Path, pack: Any) -> None:
    db = tmp_path / "OneDrive" / "school-report.sqlite3"
    db.parent.mkdir()
    _filled(db, pack)
    _open(bare_window, db)
    qtbot.waitUntil(lambda: _message_box(bare_window) is not None, timeout=30000)
    box = _message_box(bare_window)
    assert box is not None and "同步文件夹" in box.text()
    assert bare_window.service is None  # nothing can be typed before the clerk has read it
    box.button(QMessageBox.StandardButton.Ok).click()
    qtbot.waitUntil(lambda: bare_window.service is not None)
    assert bare_window.service.values("party", "2022")["members"] == 25


def test_a_database_in_a_read_only_folder_opens_read_only_in_the_window(
    qtbot: Any, bare_window: Any, db_path: Path, pack: Any
) -> None:
    """Item 9 in the window: said before use, viewing works, an edit is refused with its message."""
    from tests.faults.conftest import read_only_folder

    _filled(db_path, pack, "31")
    with read_only_folder(db_path.parent):
        _open(bare_window, db_path)
        qtbot.waitUntil(lambda: _message_box(bare_window) is not None, timeout=30000)
        box = _message_box(bare_window)
        assert box is not None and "只读" in box.text()
        box.button(QMessageBox.StandardButton.Ok).click()
        qtbot.waitUntil(lambda: bare_window.service is not None, timeout=30000)
        assert bare_window.started.read_only and bare_window.instance_lock is None
        assert bare_window.service.values("party", "2022")["members"] == 31
        outcome = bare_window.session.set_text("party", "members", "32")
        assert not outcome.ok and "只读位置" in bare_window.session.last_refusal
        bare_window.tasks.wait()
        bare_window.service.close()
        bare_window.service = None
    assert _stored_members(db_path) == 31


def _stored_members(db: Path) -> Any:
    from tests.faults.conftest import stored

    return stored(db, "party", "members")
