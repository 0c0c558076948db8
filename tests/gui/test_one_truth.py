"""One truth about what is left (issue 14, item 1): the overview's columns and 还差 N 项, the category list,
the problems panel and the 上报 dialog show one service answer, and empty categories are named before 上报."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desktop_app.domain.demo import demo_data
from tests.gui.consistency import check_one_truth
from tests.gui.driving import edit_cell, type_into

pytestmark = pytest.mark.gui

YEAR = "2022"


def _form(window: Any, key: str) -> Any:
    window.workspace.select(key)
    form = window.workspace.current_form()
    assert form is not None and form.category.key == key
    return form


def _submit_dialog(window: Any) -> Any:
    from desktop_app.ui.lifecycle.submit_dialog import SubmitDialog

    return SubmitDialog(window.service, window.session.period, window.lang, window)


def test_refused_text_in_a_number_field_is_counted_everywhere(qtbot: Any, open_window: Any) -> None:
    window = open_window(YEAR)
    window.workspace.prepared()
    before = check_one_truth(window)
    form = _form(window, "party")
    type_into(qtbot, form.rows["members"].editor.line, "十二")
    assert window.workspace.categories.state_of("party") == "has_errors"  # was 未填: nothing was saved
    row = [c.key for c in window.session.categories()].index("party")
    assert window.workspace.overview.table.item(row, 2).text() == "1"  # the overview counts it
    assert "十二" in form.rows["members"].message_text()
    assert any("十二" in text for text in window.workspace.problems.issue_texts())
    dialog = _submit_dialog(window)
    qtbot.addWidget(dialog)
    assert any("十二" in dialog.list.item(i).text() for i in range(dialog.list.count()))
    assert check_one_truth(window) == before  # the empty required field became an error: still one left
    dialog.reject()


def test_a_bad_date_in_a_table_keeps_the_category_from_complete(qtbot: Any, open_window: Any, pack: Any) -> None:
    window = open_window(YEAR)
    demo = demo_data(pack)
    for field, value in demo.periods[YEAR]["ideology"].items():
        window.service.set_value("ideology", field, value, YEAR)
    for key, value in demo.profile.items():
        window.service.set_value("profile", key, value)
    window.workspace.prepared()
    before = window.workspace.categories.state_of("ideology")
    assert before in ("complete", "needs_explanation")
    check_one_truth(window)
    form = _form(window, "ideology")
    editor = form.rows["events"].editor
    column = [c.key for c in editor.field.columns].index("held_on")
    edit_cell(qtbot, editor, 0, column, editor.field.column("held_on"), "2022-13-01")
    assert window.workspace.categories.state_of("ideology") == "has_errors"
    assert window.workspace.statuses["ideology"].refused == 1
    check_one_truth(window)


def test_jumping_from_the_submit_list_shows_the_red_mark(qtbot: Any, open_window: Any) -> None:
    window = open_window(YEAR)
    window.workspace.prepared()
    form = _form(window, "party")
    type_into(qtbot, form.rows["members"].editor.line, "十二")
    window.workspace.select("staff")  # somewhere else when 上报 is asked for
    from desktop_app.ui.lifecycle.actions import jump_to

    dialog = _submit_dialog(window)
    qtbot.addWidget(dialog)
    dialog.jump.connect(lambda category, field, row: jump_to(window, category, field, row))
    item = next(dialog.list.item(i) for i in range(dialog.list.count()) if "十二" in dialog.list.item(i).text())
    dialog.list.itemClicked.emit(item)
    QApplication.processEvents()
    form = window.workspace.current_form()
    assert form is not None and form.category.key == "party"
    assert form.rows["members"].editor.line.hasFocus()
    assert "十二" in form.rows["members"].message_text()  # the red mark beside the field
    texts = window.workspace.problems.issue_texts()
    assert texts and any("十二" in text for text in texts)  # never "没有发现问题"
    check_one_truth(window)


def test_empty_categories_are_named_before_submitting(qtbot: Any, open_window: Any, pack: Any, tmp_path: Any) -> None:
    window = open_window(YEAR)
    demo = demo_data(pack)
    for key, value in demo.profile.items():
        window.service.set_value("profile", key, value)
    for category, values in demo.periods[YEAR].items():
        if category == "aid":
            continue  # 学生资助 left empty
        for field, value in values.items():
            window.service.set_value(category, field, value, YEAR)
    for category in demo.periods[YEAR]:
        for rule, text in demo.explanations.get(YEAR, {}).get(category, {}).items():
            window.service.set_explanation(category, rule, text, YEAR)
    window.workspace.prepared()
    assert "1 个类别全部未填" in window.workspace.overview.left.text()
    assert check_one_truth(window) == 0
    dialog = _submit_dialog(window)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.grab().save(str(tmp_path / "submit-asks-empty.png"))  # looked at: docs/screenshots
    question = dialog.empty_boxes["aid"]
    assert question.text() == "学生资助：全部未填，确认本期无此项？"
    assert not dialog.submit_button.isEnabled()  # asked before 上报, not after
    question.setChecked(True)
    assert dialog.submit_button.isEnabled()
    dialog.confirm_empty()
    assert window.service.progress(YEAR).categories["aid"].key == "none_this_period"
    dialog.reject()
    window.workspace.refresh_statuses()
    assert window.workspace.categories.state_of("aid") == "none_this_period"
    assert "全部未填" not in window.workspace.overview.left.text()
    check_one_truth(window)


@pytest.mark.parametrize("key", [Qt.Key.Key_Return])
def test_the_overview_says_what_is_left_before_submitting(qtbot: Any, open_window: Any, key: Any) -> None:
    window = open_window(YEAR)
    window.workspace.prepared()
    window.show_overview()
    left = check_one_truth(window)
    assert left > 0 and f"还差 {left} 项可上报" in window.workspace.overview.left.text()
    form = _form(window, "party")
    type_into(qtbot, form.rows["members"].editor.line, "10")
    assert check_one_truth(window) < left
