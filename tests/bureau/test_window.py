"""The bureau window: files dropped on the import tab are imported off the UI thread; views refresh."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.bureau.helpers import register_of

pytestmark = pytest.mark.gui


def test_drop_files_import_and_views_refresh(qtbot, tmp_path: Path, exported, bureau_pack) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
    from PySide6.QtGui import QDropEvent

    from desktop_app.bureau.store import BureauStore
    from desktop_app.ui.bureau.window import BureauWindow

    schools, submissions, folder = exported
    db = str(tmp_path / "bureau.sqlite3")
    store = BureauStore.open(db)
    store.save_schools(register_of(schools[:6]))
    store.close()
    window = BureauWindow(bureau_pack, db)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.register_table.rowCount() == 6, timeout=20000)
    files = [folder / f"{s.school_code}_r1.xlsx" for s in submissions[:4]]
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in files])
    panel = window.import_panel
    window.tabs.setCurrentWidget(panel)
    event = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.NoButton,
                       Qt.KeyboardModifier.NoModifier)  # fmt: skip
    panel.dropEvent(event)
    assert panel.busy and panel.cancel.isEnabled()
    qtbot.waitUntil(lambda: not panel.busy, timeout=60000)
    assert panel.table.rowCount() == 4
    assert {panel.table.item(r, 1).text() for r in range(4)} == {"已接收"}
    assert panel.progress.value() == panel.progress.maximum() == 4
    qtbot.waitUntil(lambda: "已报齐 4 所" in window.status.summary.text(), timeout=20000)
    # 汇总 → 全区合计 / 政策目标 / 数据质量, filled from the same import.
    figures = window.figures
    assert [figures.tabText(i) for i in range(figures.count())] == ["全区合计", "政策目标", "数据质量"]
    qtbot.waitUntil(lambda: "核查 4 所" in figures.quality_notes.text(), timeout=20000)
    assert figures.totals.rowCount() > 100 and figures.targets.rowCount() >= 5
    heads = [figures.totals.horizontalHeaderItem(c).text() for c in range(figures.totals.columnCount())]
    assert heads[-1] == "汇总口径"
    window.tabs.setCurrentIndex(window.tabs.count() - 1)
    figures.setCurrentWidget(figures.quality_page)
    window.grab().save(str(tmp_path / "bureau-quality.png"))
    window.tabs.setCurrentWidget(window.status)
    window.grab().save(str(tmp_path / "bureau-window.png"))
    assert (tmp_path / "bureau-window.png").stat().st_size > 0
    window.runner.wait()


def test_the_window_has_menus_and_asks_for_the_register_first(qtbot, tmp_path: Path, bureau_pack) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QApplication, QMessageBox

    from desktop_app.ui.bureau.window import BureauWindow

    db = str(tmp_path / "bureau.sqlite3")
    window = BureauWindow(bureau_pack, db)
    qtbot.addWidget(window)
    window.show()
    menus = [action.text() for action in window.menuBar().actions()]
    assert menus == ["文件(&F)", "工具(&T)", "帮助(&H)"]
    assert {"import_register", "import_files", "quit", "settings", "guide", "about"} <= set(window.actions_by_key)
    qtbot.waitUntil(lambda: window.hint.isVisible(), timeout=20000)  # an empty register: say what comes first
    window.actions_by_key["guide"].trigger()
    box = next(w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible())
    assert "导入学校名单" in box.text() and "导入报送文件" in box.text()
    box.close()
    window.actions_by_key["import_files"].trigger()
    assert window.tabs.currentWidget() is window.import_panel
    window.runner.wait()
    window.register.counted.emit(3)  # once the register holds schools, the hint goes
    assert not window.hint.isVisible()
    window.actions_by_key["quit"].trigger()
    assert not window.isVisible()
