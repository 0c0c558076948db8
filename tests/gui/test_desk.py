"""The clerk's desk: messages beside fields, the problems list, undo, autosave on close, relevance."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.gui.driving import choose, key_text, type_into

pytestmark = pytest.mark.gui


def _fresh_values(pack: Any, db_path: Path, category: str, period: str = "2022") -> dict[str, Any]:
    from desktop_app.services.reporting import ReportingService

    fresh = ReportingService.open(db_path, pack)
    try:
        return fresh.values(category, period)
    finally:
        fresh.close()


def _form(window: Any, key: str) -> Any:
    window.workspace.select(key)
    form = window.workspace.current_form()
    assert form is not None and form.category.key == key
    return form


def test_rule_error_shows_beside_field_and_in_list(qtbot: Any, open_window: Any) -> None:
    window = open_window()
    form = _form(window, "party")
    type_into(qtbot, form.rows["members"].editor.line, "10")
    type_into(qtbot, form.rows["honoured_members"].editor.line, "12")
    expected = "“党员教师获省市级以上荣誉人数”不能超过“党员人数”。"
    qtbot.waitUntil(lambda: expected in form.rows["honoured_members"].message_text())
    assert any(expected in text for text in window.workspace.problems.issue_texts())
    assert window.workspace.categories.state_of("party") == "has_errors"
    # Errors never block saving: both values are in the database.
    assert window.service.values("party", "2022")["honoured_members"] == 12
    # Clicking the problem jumps to the field.
    window.workspace.problems.buttons[0].click()
    assert form.rows["honoured_members"].editor.line.hasFocus()


def test_unparseable_text_is_refused_beside_the_field(qtbot: Any, open_window: Any, pack: Any, db_path: Path) -> None:
    window = open_window()
    form = _form(window, "party")
    line = form.rows["members"].editor.line
    type_into(qtbot, line, "25")
    type_into(qtbot, line, "二十五")
    message = form.rows["members"].message_text()
    assert "应填写整数" in message and "二十五" in message
    assert _fresh_values(pack, db_path, "party")["members"] == 25  # the saved value is kept
    type_into(qtbot, line, "26")
    assert form.rows["members"].message_text() == ""


def test_undo_and_redo_reach_the_database(qtbot: Any, open_window: Any, pack: Any, db_path: Path) -> None:
    window = open_window()
    form = _form(window, "party")
    line = form.rows["members"].editor.line
    type_into(qtbot, line, "10")
    type_into(qtbot, line, "20")
    assert _fresh_values(pack, db_path, "party")["members"] == 20
    window.actions_by_key["undo"].trigger()
    assert _fresh_values(pack, db_path, "party")["members"] == 10
    assert line.text() == "10"
    window.actions_by_key["redo"].trigger()
    assert _fresh_values(pack, db_path, "party")["members"] == 20
    assert line.text() == "20"
    assert window.saved_label.text().startswith("已保存")


def test_closing_right_after_typing_keeps_the_last_value(
    qtbot: Any, open_window: Any, pack: Any, db_path: Path
) -> None:
    window = open_window()
    form = _form(window, "honours")
    box = form.rows["highlights"].editor.edit
    box.setFocus()
    key_text(box, "开展“行走黄河”研学")
    line = _form(window, "party").rows["members"].editor.line
    line.setFocus()
    key_text(line, "37")  # no Enter, no pause: the debounce has not fired
    window.close()
    assert _fresh_values(pack, db_path, "party")["members"] == 37
    assert _fresh_values(pack, db_path, "honours")["highlights"] == "开展“行走黄河”研学"


def test_relevance_and_derived_fields_follow_the_answers(qtbot: Any, open_window: Any) -> None:
    window = open_window()
    profile = _form(window, "profile")
    choose(profile.rows["school_type"].editor.combo, "kindergarten")
    teaching = _form(window, "teaching")
    assert teaching.rows["children"].body.isVisibleTo(teaching)
    assert not teaching.rows["students"].body.isVisibleTo(teaching)
    profile = _form(window, "profile")
    choose(profile.rows["school_type"].editor.combo, "primary")
    teaching = _form(window, "teaching")
    assert teaching.rows["students"].body.isVisibleTo(teaching)
    assert not teaching.rows["children"].body.isVisibleTo(teaching)
    type_into(qtbot, teaching.rows["students"].editor.line, "400")
    type_into(qtbot, teaching.rows["after_school_students"].editor.line, "300")
    assert teaching.rows["after_school_rate"].editor.label.text() == "75.0%"

    party = _form(window, "party")
    assert not party.rows["renewal_date"].body.isVisibleTo(party)
    choose(party.rows["renewal_due"].editor.combo, "true")
    assert party.rows["renewal_date"].body.isVisibleTo(party)


def test_warning_takes_an_explanation(qtbot: Any, open_window: Any) -> None:
    window = open_window("2022-2023-1")
    form = _form(window, "safety")
    type_into(qtbot, form.rows["guards_total"].editor.line, "4")
    type_into(qtbot, form.rows["guards_over_60"].editor.line, "1")
    panel = window.workspace.problems
    qtbot.waitUntil(lambda: "safety.no_guard_over_60" in panel.explain_boxes)
    statuses = window.workspace.statuses
    assert statuses["safety"].unexplained == 1  # one warning still needing a 说明
    box = panel.explain_boxes["safety.no_guard_over_60"]
    key_text(box, "该保安员年底合同到期后不再续聘")
    box.editingFinished.emit()
    assert window.service.explanations("safety", "2022-2023-1") == {
        "safety.no_guard_over_60": "该保安员年底合同到期后不再续聘"
    }
    qtbot.waitUntil(lambda: window.workspace.statuses["safety"].unexplained == 0)


def test_keyboard_enter_moves_on_and_shortcuts_switch_category(qtbot: Any, open_window: Any) -> None:
    window = open_window()
    form = _form(window, "party")
    first = form.rows["members"].editor.line
    first.setFocus()
    qtbot.waitUntil(first.hasFocus)
    qtbot.keyClick(first, Qt.Key.Key_Return)
    assert QApplication.focusWidget() is not first
    assert form.field_of_widget(QApplication.focusWidget()) is not None
    window.workspace.categories.select("party")
    window.actions_by_key["next_category"].trigger()
    assert window.workspace.categories.current_key() == "ideology"
    window.actions_by_key["prev_category"].trigger()
    assert window.workspace.categories.current_key() == "party"
    assert window.actions_by_key["next_category"].shortcut().toString() == "Ctrl+PgDown"


def test_past_period_is_read_only(qtbot: Any, open_window: Any, pack: Any) -> None:
    window = open_window()
    window.service.set_text("party", "members", "30", "2021")
    window.switch_period("2021")
    assert window.session.is_read_only()
    form = _form(window, "party")
    line = form.rows["members"].editor.line
    assert line.text() == "30" and line.isReadOnly()
    assert window.top.note.text() == "往期数据，只读"


def test_overview_shows_states_deadline_and_figures(
    qtbot: Any, open_window: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SCHOOL_REPORT_TODAY", "2022-12-01")  # before the deadline
    window = open_window()
    for period, students in (("2021", "380"), ("2022", "400")):
        window.service.set_text("teaching", "students", students, period)
    window.workspace.refresh_statuses()  # edits made outside the window (as an import)
    window.show_overview()
    overview = window.workspace.overview
    assert window.workspace.stack.currentWidget() is overview
    assert overview.deadline.text() == "报送截止日期：2023年1月10日"
    states = [overview.table.item(r, 1).text() for r in range(overview.table.rowCount())]
    assert "填写中" in states or "有错误" in states
    titles = [series.title for series in overview.chart.series]
    assert any(title.startswith("在校学生数") for title in titles)
    students_series = next(s for s in overview.chart.series if s.title.startswith("在校学生数"))
    assert [value for _label, value in students_series.points] == [380, 400]


def test_refused_text_is_listed_with_the_problems_until_fixed(qtbot: Any, open_window: Any) -> None:
    window = open_window()
    form = _form(window, "party")
    line = form.rows["members"].editor.line
    type_into(qtbot, line, "十二")
    panel = window.workspace.problems
    qtbot.waitUntil(lambda: any("十二" in text for text in panel.issue_texts()))
    listed = next(text for text in panel.issue_texts() if "十二" in text)
    assert listed == form.rows["members"].message_text()  # the same words beside the field
    assert window.service.values("party", "2022").get("members") is None  # nothing was saved
    # Clicking it puts the cursor back in the field.
    form.rows["honoured_members"].editor.line.setFocus()
    panel.buttons[0].click()
    assert line.hasFocus()
    type_into(qtbot, line, "12")
    qtbot.waitUntil(lambda: not any("十二" in text for text in panel.issue_texts()))
    assert window.service.values("party", "2022")["members"] == 12
