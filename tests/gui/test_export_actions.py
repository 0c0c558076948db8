"""报送 menu: the PDF preview (QtPdf) with print, save as and open; the Excel export with a locked target."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pypdf
import pytest
from PySide6.QtCore import QTimer
from PySide6.QtPdf import QPdfDocument
from PySide6.QtWidgets import QApplication, QMessageBox

pytestmark = pytest.mark.gui


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo school (`school-report demo`), filled once for the module."""
    from desktop_app.cli import main as cli

    path = tmp_path_factory.mktemp("demo") / "school-report.sqlite3"
    assert cli.main(["--db", str(path), "demo"]) == 0
    return path


@pytest.fixture
def demo_window(open_window: Any, demo_db: Path, db_path: Path) -> Any:
    for source in demo_db.parent.iterdir():
        if source.is_file():  # the database and its journal; not the installed packs beside it
            shutil.copy(source, db_path.parent / source.name)
    return open_window("2022")


def _preview_ready(qtbot: Any, window: Any, category: str | None = None) -> Any:
    from desktop_app.ui.exports.pdf_preview import PdfPreview

    if category:
        window.workspace.categories.select(category)
    window.actions_by_key["export_pdf"].trigger()
    preview = window.findChild(PdfPreview)
    assert preview is not None and preview.isVisible()
    if category:
        preview.scope.setCurrentIndex(preview.scope.findData(category))
        preview.generate()
    qtbot.waitUntil(preview.is_ready, timeout=60000)
    assert preview.document.status() == QPdfDocument.Status.Ready
    return preview


def test_pdf_preview_shows_the_whole_submission(qtbot: Any, demo_window: Any, tmp_path: Path) -> None:
    preview = _preview_ready(qtbot, demo_window)
    assert preview.document.pageCount() > 3
    assert preview.generated.name.startswith("2137") and preview.generated.name.endswith("_草稿.pdf")
    assert preview.print_button.isEnabled() and not preview.progress.isVisible()
    # What the view shows is what was generated: the document's text is the demo school's.
    first_page = preview.document.getAllText(0).text()
    assert "济南市济阳区实验小学" in first_page
    # 另存为… writes a file pypdf parses, with the same pages.
    target = tmp_path / "out" / "报送.pdf"
    target.parent.mkdir()
    preview.choose = lambda *_args: target
    preview.save_as()
    qtbot.waitUntil(lambda: target.exists() and "已保存" in preview.status.text(), timeout=10000)
    assert len(pypdf.PdfReader(target).pages) == preview.document.pageCount()
    # 用系统程序打开: a copy in a temporary folder handed to the system.
    opened: list[str] = []
    preview.open_url = lambda url: opened.append(url.toLocalFile()) or True
    path = preview.open_external()
    assert opened == [str(path)] and path.read_bytes() == preview.generated.data


def test_pdf_preview_of_the_current_category_and_printing(qtbot: Any, demo_window: Any, tmp_path: Path) -> None:
    from PySide6.QtPrintSupport import QPrinter

    from desktop_app.ui.exports.pdf_print import print_pages

    whole = _preview_ready(qtbot, demo_window)
    whole_pages = whole.document.pageCount()
    preview = _preview_ready(qtbot, demo_window, "party")
    assert preview.category() == "party" and "党建" in preview.generated.name
    assert 0 < preview.document.pageCount() < whole_pages
    # What 打印 sends to the printer, with the printer writing a PDF instead of paper.
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    assert print_pages(preview.document, printer) == preview.document.pageCount()
    assert len(pypdf.PdfReader(tmp_path / "printed.pdf").pages) == preview.document.pageCount()


def test_pdf_preview_lists_characters_no_font_has(qtbot: Any, demo_window: Any) -> None:
    # U+E000 is a private-use character: no font prints it, so the preview must say so.
    outcome = demo_window.service.set_text("profile", "school_name", "实验小学\ue000分校")
    assert not getattr(outcome, "problems", [])
    preview = _preview_ready(qtbot, demo_window)
    assert preview.warnings.isVisible() and "U+E000" in preview.warnings.text()


def _press_in_message_box(qtbot: Any, label: str, seen: list[str]) -> None:
    """Click `label` in the next message box that opens (QMessageBox.exec runs its own loop)."""

    def press() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, press)
            return
        seen.append(box.text())
        seen.extend(button.text() for button in box.buttons())
        next(button for button in box.buttons() if button.text() == label).click()

    QTimer.singleShot(20, press)


def test_excel_export_writes_a_workbook_the_reader_accepts(qtbot: Any, demo_window: Any, tmp_path: Path) -> None:
    from desktop_app.exporters.xlsx import read_submission
    from desktop_app.ui.exports.xlsx_export import export_excel

    export = export_excel(demo_window, tmp_path / "导出")
    qtbot.waitUntil(lambda: export.finished, timeout=30000)
    assert export.path is not None and export.path.parent == tmp_path / "导出"
    received = read_submission(export.path, demo_window.service.pack)
    assert received.school_name.startswith("济南市济阳区实验小学") and received.period == "2022"
    # A draft is named and said to be one: the bureau takes only submitted files.
    assert export.path.name.endswith("_草稿.xlsx")
    message = demo_window.statusBar().currentMessage()
    assert "已导出 Excel 报表（草稿）" in message and "区教体局只接收上报后生成的报送文件" in message


def test_locked_workbook_asks_retry_and_keeps_the_old_file(
    qtbot: Any, demo_window: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from desktop_app.exporters import atomic
    from desktop_app.ui.exports.xlsx_export import export_excel

    first = export_excel(demo_window, tmp_path)
    qtbot.waitUntil(lambda: first.finished, timeout=30000)
    target = first.path
    old = target.read_bytes()
    demo_window.service.set_text("party", "members", "31", "2022")
    real_replace = os.replace
    locked = {"on": True}

    def replace(source: Any, destination: Any) -> None:
        if locked["on"] and Path(destination) == target:
            raise PermissionError(13, "The process cannot access the file", str(destination))
        real_replace(source, destination)

    monkeypatch.setattr(atomic.os, "replace", replace)
    monkeypatch.setattr(atomic, "DEFAULT_DELAY", 0.0)
    seen: list[str] = []
    asked: list[str] = []

    def ask(parent: Any, error: Any) -> str:
        from desktop_app.ui.exports.common import ask_locked

        asked.append(str(error))
        assert target.read_bytes() == old  # nothing half-written while the question is open
        assert not list(tmp_path.glob(".*.tmp"))  # no temporary file left behind either
        locked["on"] = False  # the clerk closes Excel, then presses 重试
        _press_in_message_box(qtbot, "重试", seen)
        return ask_locked(parent, error)

    second = export_excel(demo_window, tmp_path, ask=ask)
    qtbot.waitUntil(lambda: second.finished, timeout=30000)
    assert len(asked) == 1 and "正被其他程序打开" in asked[0]
    assert sorted(seen[1:]) == sorted(["重试", "另存为…", "取消"]) and "无法保存" in seen[0]
    assert second.path == target and target.read_bytes() != old and second.flow is not None


def test_the_locked_question_is_all_in_the_window_language(qtbot: Any, tmp_path: Path) -> None:
    """ask_locked takes no language: the file's name and the buttons both follow the window's (ui/i18n)."""
    from PySide6.QtWidgets import QWidget

    from desktop_app.exporters.atomic import TargetLockedError
    from desktop_app.ui import i18n
    from desktop_app.ui.exports.common import CANCEL, RETRY, ask_locked

    parent = QWidget()
    qtbot.addWidget(parent)
    error = TargetLockedError(tmp_path / "学校.xlsx")
    seen: list[str] = []
    i18n.set_language("en")
    try:
        _press_in_message_box(qtbot, "Cancel", seen)
        assert ask_locked(parent, error) == CANCEL
    finally:
        i18n.set_language("zh")
    assert seen[0].startswith("Cannot save “学校.xlsx”") and sorted(seen[1:]) == ["Cancel", "Retry", "Save as…"]
    seen.clear()
    _press_in_message_box(qtbot, "重试", seen)
    assert ask_locked(parent, error) == RETRY
    assert seen[0].startswith("无法保存“学校.xlsx”") and sorted(seen[1:]) == sorted(["重试", "另存为…", "取消"])


def test_locked_workbook_saved_elsewhere_or_cancelled(
    qtbot: Any, demo_window: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from desktop_app.exporters import atomic
    from desktop_app.ui.exports.common import CANCEL, SAVE_AS
    from desktop_app.ui.exports.xlsx_export import export_excel

    (tmp_path / "locked").mkdir()
    real_replace = os.replace

    def replace(source: Any, destination: Any) -> None:
        if Path(destination).parent == tmp_path / "locked":
            raise PermissionError(13, "locked", str(destination))
        real_replace(source, destination)

    monkeypatch.setattr(atomic.os, "replace", replace)
    monkeypatch.setattr(atomic, "DEFAULT_DELAY", 0.0)
    elsewhere = tmp_path / "别处.xlsx"
    moved = export_excel(demo_window, tmp_path / "locked", ask=lambda *_: SAVE_AS, choose=lambda *_: elsewhere)
    qtbot.waitUntil(lambda: moved.finished, timeout=30000)
    assert moved.path == elsewhere and elsewhere.read_bytes().startswith(b"PK")
    gave_up = export_excel(demo_window, tmp_path / "locked", ask=lambda *_: CANCEL)
    qtbot.waitUntil(lambda: gave_up.finished, timeout=30000)
    assert gave_up.path is None and list((tmp_path / "locked").iterdir()) == []
