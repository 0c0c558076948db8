"""Every category of the year is in the list, with the period it belongs to; the overview lists the
periods with their deadlines (overdue said so); a submitted period looks locked and says what to do."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtCore import QTimer
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QDialog

from desktop_app.services import lifecycle

PERIOD = "2022"


@pytest.fixture
def window(qtbot: Any, service: Any, tmp_path: Path) -> Iterator[Any]:
    from desktop_app.services.settings import Settings
    from desktop_app.ui.i18n import set_language
    from desktop_app.ui.main_window import MainWindow

    set_language("zh")
    main = MainWindow("zh", Settings(first_run_done=True), tmp_path / "settings.json")
    qtbot.addWidget(main)
    main.resize(1280, 800)
    main.show()
    qtbot.waitExposed(main)
    main.attach(service, PERIOD)
    yield main


def _labels(window: Any) -> list[str]:
    found = window.workspace.categories
    return [found.item(row).text() for row in range(found.count())]


def test_every_category_of_the_year_is_listed_with_its_period(qtbot: Any, window: Any, pack: Any) -> None:
    labels = _labels(window)
    assert len(labels) == 1 + len(pack.categories)  # the overview, then every category: no gap from 5 to 7
    safety = next(text for text in labels if text.startswith("6. 校园安全"))
    assert "按学期填报 → 切换" in safety
    assert window.workspace.categories.elsewhere_keys() == {"safety": "2021-2022-2"}
    # Ctrl+PgDown passes over it: it belongs to another period.
    window.workspace.categories.select("health")
    window.step_category(1)
    assert window.workspace.categories.current_key() == "aid"
    # A click switches the period and opens the category there.
    window.workspace.categories.select("safety")
    qtbot.waitUntil(lambda: window.session.period == "2021-2022-2")
    assert window.top.current_period() == "2021-2022-2"
    assert window.workspace.current_form().category.key == "safety"
    labels = _labels(window)
    assert len(labels) == 1 + len(pack.categories)
    assert "按年度填报 → 切换" in next(text for text in labels if text.startswith("1. "))


def test_the_overview_lists_each_period_with_its_deadline(
    qtbot: Any, window: Any, service: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("SCHOOL_REPORT_TODAY", "2022-08-01")
    lifecycle.submit(service, "2022-2023-1", out_dir=tmp_path)
    window.attach(service, PERIOD)
    rows = window.workspace.overview.calendar.rows_shown()
    assert rows == [
        ("2021—2022学年第二学期", "2022年7月15日截止", "已逾期 17 天，尚未上报"),
        ("2022年度", "2023年1月10日截止", "还有 162 天，尚未上报"),
        ("2022—2023学年第一学期", "2023年1月10日截止", "已上报（第1版）"),
    ]
    calendar = window.workspace.overview.calendar
    assert calendar.cells[0][2].property("colour") == "#c62828"  # overdue in red
    assert calendar.cells[2][2].property("colour") == "#1565c0"  # submitted in blue
    assert _pixel_of_text(calendar.cells[0][2]).red() > 150
    monkeypatch.setenv("SCHOOL_REPORT_TODAY", "2023-01-20")
    window.attach(service, PERIOD)
    overview = window.workspace.overview
    assert overview.deadline.text() == "报送截止日期：2023年1月10日　已逾期 10 天，尚未上报"
    window.workspace.overview.calendar.choose(0)  # a period in the list opens it
    qtbot.waitUntil(lambda: window.session.period == "2021-2022-2")


def _pixel_of_text(label: Any) -> QColor:
    """The darkest (most inked) pixel of a label: the colour its words are drawn in."""
    image = label.grab().toImage()
    pixels = (QColor(image.pixel(x, y)) for x in range(image.width()) for y in range(image.height()))
    return min(pixels, key=lambda colour: colour.lightness())


def _pixel(widget: Any) -> QColor:
    image = widget.grab().toImage()
    return QColor(image.pixel(image.width() // 2, image.height() // 2))


def test_a_submitted_period_looks_locked_and_says_how_to_change_it(
    qtbot: Any, window: Any, service: Any, tmp_path: Path
) -> None:
    import desktop_app.ui.lifecycle.actions  # noqa: F401  (the 退回修改 action)

    window.add_registered_actions()
    window.workspace.categories.select("party")
    line = window.workspace.current_form().rows["members"].editor.line
    assert _pixel(line).lightness() > 245  # an input, white
    lifecycle.submit(service, PERIOD, out_dir=tmp_path)
    window.attach(service, PERIOD)
    assert window.top.note.text() == "已上报（第1版），只读"  # not "往期数据"
    window.workspace.categories.select("party")
    form = window.workspace.current_form()
    banner = window.workspace.banner
    assert banner.isVisible() and banner.text.text() == "已上报（第1版），如需修改请先退回修改。"
    assert banner.button.isVisible()
    line = form.rows["members"].editor.line
    assert line.isReadOnly() and _pixel(line).lightness() < 245  # greyed, not white
    window.workspace.categories.select("honours")
    grid = window.workspace.current_form().rows["honours"].editor.view
    assert _pixel(grid.viewport()).lightness() < 245
    # The profile is shared by every period: never locked by a submission, and it says so.
    window.workspace.categories.select("profile")
    profile = window.workspace.current_form()
    assert not profile.read_only and "仍可修改" in banner.text.text() and not banner.button.isVisible()
    # The banner's button is the menu's 退回修改.
    window.workspace.categories.select("party")
    opened: list[str] = []

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, QDialog):
            opened.append(dialog.windowTitle())
            dialog.reject()

    QTimer.singleShot(200, answer)
    banner.button.click()
    assert opened == ["退回修改"]
