"""The English UI has no Chinese of its own; the settings choose school or bureau mode for the next start."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QGroupBox,
    QLabel,
    QListWidget,
    QTableView,
    QTableWidget,
    QWidget,
)

pytestmark = pytest.mark.gui

ROOT = Path(__file__).resolve().parents[2]
_CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")


def _texts(root: QWidget) -> list[str]:
    """Every word the clerk can see in the window's own chrome (labels, buttons, titles, headers)."""
    found: list[str] = [action.text() for action in root.findChildren(QAction)]
    found += [label.text() for label in root.findChildren(QLabel)]
    found += [button.text() for button in root.findChildren(QAbstractButton)]
    found += [box.title() for box in root.findChildren(QGroupBox)]
    for combo in root.findChildren(QComboBox):
        found += [combo.itemText(i) for i in range(combo.count()) if combo.itemText(i) != "中文"]
    for listing in root.findChildren(QListWidget):
        found += [listing.item(i).text() for i in range(listing.count())]
    for view in [*root.findChildren(QTableView), *root.findChildren(QTableWidget)]:
        model = view.model()
        found += [str(model.headerData(c, Qt.Orientation.Horizontal)) for c in range(model.columnCount())]
    return found


def test_every_category_in_english_has_no_chinese_of_its_own(
    qtbot: Any, pack: Any, db_path: Path, tmp_path: Path
) -> None:
    from desktop_app.services.reporting import ReportingService
    from desktop_app.services.settings import Settings
    from desktop_app.ui.i18n import set_language
    from desktop_app.ui.main_window import MainWindow

    set_language("en")
    service = ReportingService.open(db_path, pack, "en")
    service.set_text("party", "members", "10", "2022")
    service.set_text("party", "honoured_members", "12", "2022")  # an error, in the pack's English
    service.set_text("safety", "guards_total", "4", "2022-2023-1")
    service.set_text("safety", "guards_over_60", "1", "2022-2023-1")  # a warning needing a 说明
    try:
        window = MainWindow("en", Settings(first_run_done=True, language="en"), tmp_path / "s.json")
        qtbot.addWidget(window)
        window.show()
        window.attach(service)
        chinese: set[str] = set()
        for period in ("2022", "2022-2023-1"):
            window.switch_period(period)
            for key in ["__overview__", *(c.key for c in window.session.categories())]:
                window.workspace.select(key)
                window.workspace.refresh_statuses()
                chinese |= {text for text in _texts(window) if _CJK.search(text)}
        assert window.menuBar().actions()[0].text() == "&File"
        listed = _texts(window)
        assert any(text.startswith("Warning") for text in listed), "the warning is listed"
        assert not chinese, sorted(chinese)
    finally:
        set_language("zh")
        service.close()


def test_the_settings_dialog_and_guide_in_english(qtbot: Any, tmp_path: Path) -> None:
    from desktop_app.services.settings import Settings
    from desktop_app.ui.first_run import FirstRunDialog
    from desktop_app.ui.i18n import set_language
    from desktop_app.ui.settings_dialog import SettingsDialog

    set_language("en")
    try:
        dialog = SettingsDialog(Settings(language="en"), None, tmp_path / "s.json")
        guide = FirstRunDialog(str(tmp_path / "school-report.sqlite3"))
        for widget in (dialog, guide):
            qtbot.addWidget(widget)
            chinese = [text for text in _texts(widget) if _CJK.search(text)]
            assert not chinese, chinese
    finally:
        set_language("zh")


def test_bureau_mode_is_chosen_for_the_next_start(qtbot: Any, tmp_path: Path) -> None:
    from desktop_app.services.settings import Settings, load_settings
    from desktop_app.ui.settings_dialog import SettingsDialog

    file = tmp_path / "settings.json"
    dialog = SettingsDialog(Settings(), None, file)
    qtbot.addWidget(dialog)
    assert [dialog.mode.itemText(i) for i in range(dialog.mode.count())] == ["学校填报", "区教体局汇总"]
    assert not dialog.mode_note.isVisibleTo(dialog)
    dialog.mode.setCurrentIndex(dialog.mode.findData("bureau"))
    assert dialog.mode_note.isVisibleTo(dialog)
    assert "下次启动程序时将打开“区教体局汇总”窗口" in dialog.mode_note.text()
    dialog.accept()
    assert load_settings(file).mode == "bureau"


def _start(tmp_path: Path, settings: dict[str, Any], *args: str) -> subprocess.CompletedProcess[str]:
    config = tmp_path / "config"
    config.mkdir(exist_ok=True)
    (config / "settings.json").write_text(json.dumps(settings), encoding="utf-8")
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        SCHOOL_REPORT_EXIT_WHEN="shown",
        SCHOOL_REPORT_CONFIG_DIR=str(config),
        SCHOOL_REPORT_DATA_DIR=str(tmp_path / "data"),
        PYTHONPATH=str(ROOT),
    )
    code = "import sys; from desktop_app.cli.main import main; sys.exit(main(sys.argv[1:]))"
    return subprocess.run(
        [sys.executable, "-c", code, *args], env=env, capture_output=True, text=True, timeout=120, cwd=ROOT
    )


def test_bureau_mode_opens_the_bureau_window(tmp_path: Path) -> None:
    done = _start(tmp_path, {"mode": "bureau", "first_run_done": True})
    assert done.returncode == 0, done.stderr
    assert "school-report:bureau" in done.stdout
    assert not (tmp_path / "data" / "school-report.sqlite3").exists()  # the school's file untouched


def test_school_mode_starts_in_english_with_lang_en(tmp_path: Path) -> None:
    done = _start(tmp_path, {"first_run_done": True}, "--lang", "en")
    assert done.returncode == 0, done.stderr
    assert "school-report:shown" in done.stdout
