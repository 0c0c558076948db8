"""An error nobody foresaw is shown to the clerk and written down, never lost on a console Windows hides."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QMessageBox

pytestmark = pytest.mark.gui


def _visible_boxes(window: Any) -> list[QMessageBox]:
    return [box for box in window.findChildren(QMessageBox) if box.isVisible()]


@pytest.fixture
def bare_window(qtbot: Any, tmp_path: Path) -> Any:
    from desktop_app.services.settings import Settings
    from desktop_app.ui.i18n import set_language
    from desktop_app.ui.main_window import MainWindow

    set_language("zh")
    window = MainWindow("zh", Settings(first_run_done=True), tmp_path / "settings.json")
    qtbot.addWidget(window)
    window.show()
    yield window
    window.tasks.wait()
    from desktop_app.ui.app import close_store

    close_store(window)


@pytest.mark.qt_no_exception_capture
def test_a_start_up_step_that_fails_on_the_ui_thread_says_so_instead_of_opening_forever(
    qtbot: Any, bare_window: Any, db_path: Path, pack: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from desktop_app.services.reporting import ReportingService
    from desktop_app.ui.app import open_store

    service = ReportingService.open(db_path, pack)
    service.set_text("party", "members", "25", "2022")
    service.close()

    def broken(*_args: Any) -> None:
        raise RuntimeError("首屏出错")

    monkeypatch.setattr(type(bare_window), "show_first_look", broken)
    open_store(bare_window, str(db_path), "zh", quit_app=lambda _code: None)
    qtbot.waitUntil(lambda: bool(_visible_boxes(bare_window)), timeout=30000)
    box = _visible_boxes(bare_window)[0]
    assert box.icon() == QMessageBox.Icon.Critical
    assert "无法打开数据文件" in box.text() and "首屏出错" in box.text()
    assert "首屏出错" in bare_window.statusBar().currentMessage()


@pytest.mark.qt_no_exception_capture
def test_an_error_in_any_action_is_shown_once_and_written_to_the_log(
    qtbot: Any, bare_window: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from desktop_app.ui import unexpected

    monkeypatch.setenv("SCHOOL_REPORT_DATA_DIR", str(tmp_path / "data"))
    restore = unexpected.install(bare_window)
    try:

        def action() -> None:
            raise ValueError("意外的值")

        QTimer.singleShot(0, action)
        QTimer.singleShot(0, action)  # a second at once: still one box, both in the log
        qtbot.waitUntil(lambda: bool(_visible_boxes(bare_window)), timeout=10000)
        qtbot.wait(100)
        boxes = _visible_boxes(bare_window)
        assert len(boxes) == 1
        text = boxes[0].text()
        assert "意外错误" in text and "意外的值" in text and "已保存的数据不受影响" in text
        log = tmp_path / "data" / "logs" / "errors.log"
        assert str(log) in text
        written = log.read_text(encoding="utf-8")
        assert written.count("ValueError: 意外的值") == 2 and "Traceback" in written
    finally:
        restore()
