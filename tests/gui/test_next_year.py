"""The window in a new year: 工具 → 导入新版报表 shows what the file is and what changes before installing;
carried values wear 上年数据，请核对 with a 确认 button until checked; last year opens under its own pack."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QDialog, QMessageBox

from tests.gui.driving import type_into

pytestmark = pytest.mark.gui

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


@pytest.fixture
def window_2022(qtbot: Any, tmp_path: Path) -> Iterator[Any]:
    """The window over the school's database after its 2022 reporting, started as the program starts."""
    from desktop_app.services.settings import Settings
    from desktop_app.services.startup import start
    from desktop_app.ui.i18n import set_language
    from desktop_app.ui.main_window import MainWindow

    db = tmp_path / "school" / "school-report.sqlite3"
    db.parent.mkdir()
    shutil.copyfile(FIXTURES / "year2022" / "school-2022.sqlite3", db)
    set_language("zh")
    started = start(db, daily=False)
    window = MainWindow("zh", Settings(first_run_done=True), tmp_path / "settings.json")
    window.started = started
    qtbot.addWidget(window)
    window.resize(1280, 860)
    window.show()
    qtbot.waitExposed(window)
    window.attach(started.service)
    yield window
    window.started.close()


def _pack_file(tmp_path: Path) -> Path:
    from desktop_app.domain.loader import load_pack
    from desktop_app.domain.pack_file import build_pack_file

    data, _manifest = build_pack_file(load_pack(FIXTURES / "packs" / "jiyang-2023"))
    path = tmp_path / "jiyang-2023.1.srpack"
    path.write_bytes(data)
    return path


def test_importing_a_new_pack_shows_it_and_its_changes_then_carries_last_year(
    qtbot: Any, window_2022: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from desktop_app.ui import pack_import

    window = window_2022
    assert "import_pack" in window.actions_by_key
    path = _pack_file(tmp_path)
    prepared = pack_import.check_file(window, path)
    dialog = pack_import.PackImportDialog(prepared, "zh", window)
    shown = {name: dialog.findChild(object, f"pack_{name}").text() for name in ("version", "year", "digest")}
    assert shown["version"] == "2023.1" and shown["year"] == "2023"
    assert prepared.manifest.digest in shown["digest"]
    text = dialog.changes.toPlainText()
    assert "填报人员须知" in text and "停用" in text and "区教体局须知" in text
    dialog.grab().save(str(tmp_path / "pack-import.png"))
    monkeypatch.setattr(pack_import.PackImportDialog, "exec", lambda self: QDialog.DialogCode.Accepted)
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _parent, _title, message: said.append(message))
    pack_import._checked(window, prepared)
    assert window.service.pack.version == "2023.1" and window.session.period == "2023"
    assert "已安装 2023.1" in said[0] and "已带入上年" in said[0]

    window.workspace.select("staff")
    form = window.workspace.current_form()
    qtbot.waitUntil(lambda: getattr(form.rows["staff_total"], "carried_mark", None) is not None)
    mark = form.rows["staff_total"].carried_mark
    assert mark is not None and mark.isVisible() and mark.label.text() == "上年数据，请核对"
    assert any("上年数据" in text for text in window.workspace.problems.issue_texts())
    form.grab().save(str(tmp_path / "carried.png"))
    mark.button.click()
    qtbot.waitUntil(lambda: not mark.isVisible())
    assert window.service.carried("staff", "2023") == ["teachers_full_time"]
    other = form.rows["teachers_full_time"]
    type_into(qtbot, other.editor.line, "75")  # changing a carried value is checking it too
    qtbot.waitUntil(lambda: not other.carried_mark.isVisible())
    assert window.service.carried("staff", "2023") == []


def test_last_year_opens_read_only_under_its_own_pack(qtbot: Any, window_2022: Any, tmp_path: Path) -> None:
    from desktop_app.ui import pack_import

    window = window_2022
    prepared = pack_import.check_file(window, _pack_file(tmp_path))
    pack_import.install(window, prepared)
    assert "2022" in window.session.periods()
    window.switch_period("2022")
    assert window.session.pack.version == "2022.1" and window.session.is_read_only()
    window.workspace.select("staff")
    form = window.workspace.current_form()
    assert "full_time_teachers" in form.rows and "exchange_in" in form.rows  # 2022's own fields
    assert form.rows["full_time_teachers"].editor.line.isReadOnly()
