"""Small things a clerk sees every day: the help pane follows the page, messages never push fields
down, the 说明 box grows, the value shown is the value stored, the change log speaks in words."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtWidgets import QApplication

from tests.gui.driving import key_text, type_into

pytestmark = pytest.mark.gui


def _form(window: Any, key: str) -> Any:
    window.workspace.categories.select(key)
    form = window.workspace.current_form()
    assert form is not None and form.category.key == key
    return form


def test_the_help_pane_never_shows_the_last_category_s_help(qtbot: Any, open_window: Any) -> None:
    window = open_window()
    help_panel = window.workspace.help
    party = _form(window, "party")
    party.rows["members"].editor.line.setFocus()
    qtbot.waitUntil(lambda: "正式党员和预备党员" in help_panel.body.text())
    ideology = _form(window, "ideology")
    assert "正式党员和预备党员" not in help_panel.body.text()
    assert ideology.category.label.zh in help_panel.heading.text()
    assert help_panel.body.text() == "选中某一项即可在此查看说明。"
    window.show_overview()
    assert help_panel.heading.text() == "" and "党员" not in help_panel.body.text()


def test_a_message_appearing_does_not_move_the_fields_below(qtbot: Any, open_window: Any) -> None:
    window = open_window()
    form = _form(window, "party")
    below = form.rows["renewal_due"].body
    QApplication.processEvents()
    before = below.mapTo(form.widget(), below.rect().topLeft()).y()
    type_into(qtbot, form.rows["members"].editor.line, "10")
    type_into(qtbot, form.rows["honoured_members"].editor.line, "12")
    qtbot.waitUntil(lambda: form.rows["honoured_members"].message_text() != "")
    QApplication.processEvents()
    assert below.mapTo(form.widget(), below.rect().topLeft()).y() == before


def test_the_explanation_box_is_three_lines_and_grows_to_five(qtbot: Any, open_window: Any) -> None:
    window = open_window("2022-2023-1")
    form = _form(window, "safety")
    type_into(qtbot, form.rows["guards_total"].editor.line, "4")
    type_into(qtbot, form.rows["guards_over_60"].editor.line, "1")
    panel = window.workspace.problems
    qtbot.waitUntil(lambda: "safety.no_guard_over_60" in panel.explain_boxes)
    box = panel.explain_boxes["safety.no_guard_over_60"]
    line = box.fontMetrics().lineSpacing()
    assert box.lines_shown() == 3 and box.height() >= 3 * line
    three = box.height()
    box.setFocus()
    key_text(box, "该保安员年底合同到期后不再续聘，学校已向保安公司申请更换为六十岁以下人员。" * 4)
    QApplication.processEvents()
    assert box.lines_shown() == 5 and box.height() > three
    key_text(box, "补充说明。" * 20)
    QApplication.processEvents()
    assert box.lines_shown() == 5  # then it scrolls
    box.clearFocus()  # leaving the box saves it
    qtbot.waitUntil(
        lambda: (
            window.service.explanations("safety", "2022-2023-1")
            .get("safety.no_guard_over_60", "")
            .endswith("补充说明。")
        )
    )


def test_full_width_digits_show_as_stored_once_saved(qtbot: Any, open_window: Any) -> None:
    window = open_window()
    form = _form(window, "party")
    line = form.rows["members"].editor.line
    type_into(qtbot, line, "１２")
    assert window.service.values("party", "2022")["members"] == 12
    assert line.text() == "12"
    # Saved after a pause in typing, while still in the field: shown as stored once the field is left.
    window.activateWindow()
    line.setFocus()
    qtbot.waitUntil(line.hasFocus)
    line.selectAll()
    key_text(line, "３４")
    form.rows["members"].editor.submit()
    assert window.service.values("party", "2022")["members"] == 34 and line.text() == "３４"
    form.rows["honoured_members"].editor.line.setFocus()
    qtbot.waitUntil(lambda: line.text() == "34")


def test_the_change_log_names_the_check_a_note_answers(qtbot: Any, open_window: Any) -> None:
    from desktop_app.ui.lifecycle.audit_dialog import AuditDialog

    window = open_window()
    window.service.set_text("teaching", "students", "900", "2022")
    window.service.set_text("teaching", "classes", "10", "2022")
    window.service.set_explanation("teaching", "teaching.class_size", "新校区未启用，暂时大班额", "2022")
    dialog = AuditDialog(window.service, "2022", "teaching", "zh", window)
    qtbot.addWidget(dialog)
    whats = [row[1] for row in dialog.rows_shown()]
    assert "说明：平均班额超过56人（“在校学生数”÷“班级数”），请核实或说明大班额情况。" in whats
    assert not any("teaching.class_size" in what for what in whats)
