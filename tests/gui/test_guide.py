"""帮助 → 使用说明: a guide to the year in the clerks' words, each step linked to where it happens,
and the same text as a printable PDF."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QApplication, QWidget

pytestmark = pytest.mark.gui

TOPICS = ("periods", "checks", "preview", "submit", "files", "send", "reopen", "backups")


def test_the_guide_covers_the_year_and_every_link_has_a_place() -> None:
    from desktop_app.domain.guide import load_guide
    from desktop_app.ui.places import PLACES

    guide = load_guide()
    assert set(TOPICS) <= {step.key for step in guide.steps}
    for step in guide.steps:
        assert step.place in PLACES, step.key
        assert step.title.zh and step.title.en and step.paragraphs("zh") and step.paragraphs("en")
        assert step.link.zh and step.link.en
    words = " ".join(" ".join(step.paragraphs("zh")) for step in guide.steps)
    for said in ("学期", "说明", "打印", "冻结", "文档\\学校工作报送", "发送", "退回修改", "备份"):
        assert said in words, said


def test_f1_opens_the_guide_not_the_welcome(qtbot: Any, open_window: Any) -> None:
    from desktop_app.ui.first_run import FirstRunDialog
    from desktop_app.ui.guide_window import GuideWindow

    window = open_window()
    action = window.actions_by_key["guide"]
    assert action.shortcut().toString() == "F1" and action.text() == "使用说明…"
    action.trigger()
    guide = window.findChild(GuideWindow)
    assert guide is not None and guide.isVisible() and not window.findChildren(FirstRunDialog)
    text = guide.browser.toPlainText()
    assert "报送期与学期" in text and "退回修改" in text and "备份与恢复" in text
    assert "转到“报送期”选择框" in text


def test_each_link_goes_where_the_step_happens(
    qtbot: Any, open_window: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from desktop_app.ui import places
    from desktop_app.ui.exports.pdf_preview import PdfPreview
    from desktop_app.ui.guide_window import show_guide

    window = open_window()
    window.add_registered_actions()
    guide = show_guide(window)

    def follow(place: str) -> QWidget | None:
        guide.browser.anchorClicked.emit(QUrl(f"place:{place}"))
        QApplication.processEvents()
        return window.findChild(QWidget, "placeFlash")

    flashed = follow("period_selector")
    periods = window.top.periods
    qtbot.wait(100)
    assert flashed is not None and flashed.geometry().contains(periods.mapTo(window, periods.rect().center()))
    qtbot.waitUntil(lambda: window.top.periods.hasFocus() or QApplication.focusWidget() is window.top.periods)
    follow("problems")
    assert window.workspace.current_form() is not None  # the panel lists a category's problems
    follow("preview")
    preview = window.findChild(PdfPreview)
    assert preview is not None and preview.isVisible()
    qtbot.waitUntil(preview.is_ready, timeout=60000)
    opened: list[QUrl] = []
    monkeypatch.setattr(places, "open_url", lambda url: opened.append(url) or True)
    follow("files")
    assert not opened and "上报时将在此创建文件夹" in window.statusBar().currentMessage()
    folder = tmp_path / "documents" / "学校工作报送" / "2022年度"
    folder.mkdir(parents=True)
    follow("files")
    assert [url.toLocalFile() for url in opened] == [str(folder)]
    assert guide.followed == ["period_selector", "problems", "preview", "files", "files"]


def test_the_guide_prints_from_the_same_source(qtbot: Any, open_window: Any, tmp_path: Path) -> None:
    from desktop_app.domain.guide import load_guide
    from desktop_app.exporters.pdf.guide import render_guide
    from desktop_app.ui.guide_window import show_guide

    guide = load_guide()
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(render_guide(guide))).pages)
    squashed = text.replace(" ", "").replace("\n", "")
    for step in guide.steps:
        assert step.title.zh.replace(" ", "") in squashed, step.key
    assert "在窗口中：转到“报送期”选择框" in squashed
    window = open_window()
    shown = show_guide(window)
    shown.choose = lambda _parent, suggested, _filter: tmp_path / suggested.name
    flow = shown.save_pdf()
    target = tmp_path / "学校工作报送使用说明.pdf"
    qtbot.waitUntil(target.exists, timeout=30000)
    assert target.read_bytes().startswith(b"%PDF-") and flow is not None
    assert len(PdfReader(target).pages) >= 2
