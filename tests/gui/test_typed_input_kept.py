"""Text the service refuses stays where the clerk typed it, with its message, until corrected (issue 12,
item 2; and item 6 in the window).

Typing `2022-11` into a table's date cell blanked the cell; the form's date box threw half-typed dates
away when left; a 30-digit decimal raised decimal.InvalidOperation inside a slot and nothing was said.
Each test reads the SQLite file back: nothing refused is ever saved, and nothing saved is lost.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit

from tests.gui.driving import key_text, type_into

pytestmark = pytest.mark.gui

PERIOD = "2022"


def _stored(pack: Any, db_path: Path, category: str) -> dict[str, Any]:
    from desktop_app.services.reporting import ReportingService

    fresh = ReportingService.open(db_path, pack)
    try:
        return fresh.values(category, PERIOD)
    finally:
        fresh.close()


def _form(window: Any, key: str) -> Any:
    window.workspace.select(key)
    form = window.workspace.current_form()
    assert form is not None and form.category.key == key
    return form


def _away_and_back(qtbot: Any, window: Any, key: str) -> Any:
    """Another category, an edit there, and back: the form reloads what the store holds."""
    other = _form(window, "integrity" if key != "integrity" else "party")
    line = next(
        row.editor.line for row in other.rows.values() if hasattr(row.editor, "line") and row.body.isVisibleTo(other)
    )
    type_into(qtbot, line, "1")
    return _form(window, key)


@pytest.mark.parametrize(
    ("category", "field", "good", "bad", "says"),
    [
        ("party", "members", "25", "二十五", "应填写整数"),
        ("party", "volunteer_hours", "120.5", "1" * 30, "不能大于1000000"),  # item 6: no InvalidOperation
        ("party", "volunteer_hours", "120.5", "12.55", "最多保留1位小数"),
        ("party", "renewal_date", "2022-06-06", "2022-11", "应填写日期"),
        ("profile", "school_name", "济阳区实验小学", "济阳区\u202e实验小学", "文字方向控制字符"),  # item 18
        ("profile", "postcode", "251400", "2514\u202e00", "U+202E"),
    ],
    ids=["integer", "decimal-huge", "decimal-places", "date", "text-bidi", "identifier-bidi"],
)
def test_refused_text_stays_in_the_field_with_its_message(
    qtbot: Any,
    open_window: Any,
    pack: Any,
    db_path: Path,
    category: str,
    field: str,
    good: str,
    bad: str,
    says: str,
) -> None:
    window = open_window()
    form = _form(window, category)
    if field == "renewal_date":
        from tests.gui.driving import choose

        choose(form.rows["renewal_due"].editor.combo, "true")
        QApplication.processEvents()  # the date field appears
    line = form.rows[field].editor.focus_widget()
    assert isinstance(line, QLineEdit)
    type_into(qtbot, line, good)
    saved = _stored(pack, db_path, category)[field]
    assert saved is not None
    type_into(qtbot, line, bad)
    assert line.text() == bad  # what the clerk typed is still there
    assert says in form.rows[field].message_text()
    assert _stored(pack, db_path, category)[field] == saved  # nothing was saved over the good value
    form = _away_and_back(qtbot, window, category)
    assert line.text() == bad and says in form.rows[field].message_text()
    qtbot.waitUntil(lambda: any(says in text for text in window.workspace.problems.issue_texts()))
    type_into(qtbot, line, good)  # corrected: the message goes
    assert form.rows[field].message_text() == ""
    assert _stored(pack, db_path, category)[field] == saved


def test_a_half_typed_date_is_kept_when_the_field_is_left(
    qtbot: Any, open_window: Any, pack: Any, db_path: Path
) -> None:
    window = open_window()
    form = _form(window, "party")
    from tests.gui.driving import choose

    choose(form.rows["renewal_due"].editor.combo, "true")
    QApplication.processEvents()  # the date field appears
    line = form.rows["renewal_date"].editor.focus_widget()
    line.setFocus()
    key_text(line, "2022-11")
    form.rows["members"].editor.line.setFocus()  # Tab away, no Enter
    QApplication.processEvents()
    assert line.text() == "2022-11"
    assert "“2022-11”无法识别" in form.rows["renewal_date"].message_text()
    assert _stored(pack, db_path, "party")["renewal_date"] is None


def test_the_date_box_takes_the_forms_a_clerk_types_and_a_calendar_pick(
    qtbot: Any, open_window: Any, pack: Any, db_path: Path
) -> None:
    from datetime import date

    from PySide6.QtCore import QDate

    window = open_window()
    form = _form(window, "party")
    from tests.gui.driving import choose

    choose(form.rows["renewal_due"].editor.combo, "true")
    QApplication.processEvents()  # the date field appears
    editor = form.rows["renewal_date"].editor
    type_into(qtbot, editor.focus_widget(), "2022年6月6日")
    assert _stored(pack, db_path, "party")["renewal_date"] == date(2022, 6, 6)
    editor.pick(QDate(2022, 7, 1))  # what a click in the calendar does
    assert editor.focus_widget().text() == "2022-07-01"
    assert _stored(pack, db_path, "party")["renewal_date"] == date(2022, 7, 1)
    editor.focus_widget().clear()  # emptied: no date
    qtbot.keyClick(editor.focus_widget(), Qt.Key.Key_Return)
    assert _stored(pack, db_path, "party")["renewal_date"] is None


def test_refused_long_text_stays_with_its_message(qtbot: Any, open_window: Any, pack: Any, db_path: Path) -> None:
    window = open_window()
    form = _form(window, "honours")
    box = form.rows["highlights"].editor.edit
    box.setFocus()
    box.insertPlainText("开展研学\u202e活动")  # pasted from a web page
    form.rows["highlights"].editor.submit()
    assert "文字方向控制字符" in form.rows["highlights"].message_text()
    assert _stored(pack, db_path, "honours")["highlights"] is None
    form = _away_and_back(qtbot, window, "honours")
    assert box.toPlainText() == "开展研学\u202e活动"
    assert "文字方向控制字符" in form.rows["highlights"].message_text()


def _open_cell(editor: Any, row: int, column: str) -> QLineEdit:
    index = editor.model.index(row, [c.key for c in editor.field.columns].index(column))
    editor.view.setCurrentIndex(index)
    editor.view.edit(index)
    cell = editor.view.itemDelegate().open_editor
    assert isinstance(cell, QLineEdit)
    return cell


def _type_cell(qtbot: Any, editor: Any, row: int, column: str, text: str) -> None:
    cell = _open_cell(editor, row, column)
    cell.selectAll()
    key_text(cell, text)
    qtbot.keyClick(cell, Qt.Key.Key_Return)
    QApplication.processEvents()


def _shown(editor: Any, row: int, column: str, role: Qt.ItemDataRole = Qt.ItemDataRole.DisplayRole) -> Any:
    index = editor.model.index(row, [c.key for c in editor.field.columns].index(column))
    return editor.model.data(index, role)


@pytest.mark.parametrize(
    ("category", "field", "column", "bad", "says", "good"),
    [
        ("ideology", "events", "held_on", "2022-11", "应填写日期", "2022-11-05"),
        ("ideology", "events", "title", "青年\u202e大学习", "文字方向控制字符", "青年大学习"),
        ("aid", "aid", "students", "十二", "应填写整数", "12"),
        ("aid", "aid", "amount", "1" * 40, "不能大于100000000", "1500.00"),
        ("aid", "aid", "amount", "12.345", "最多保留2位小数", "12.34"),
    ],
    ids=["date", "text", "integer", "decimal-huge", "decimal-places"],
)
def test_a_refused_cell_keeps_what_was_typed_until_corrected(
    qtbot: Any,
    open_window: Any,
    pack: Any,
    db_path: Path,
    category: str,
    field: str,
    column: str,
    bad: str,
    says: str,
    good: str,
) -> None:
    window = open_window()
    form = _form(window, category)
    editor = form.rows[field].editor
    qtbot.mouseClick(editor.add_button, Qt.MouseButton.LeftButton)
    QApplication.processEvents()
    assert editor.model.rowCount() == 1
    _type_cell(qtbot, editor, 0, column, bad)
    assert _shown(editor, 0, column) == bad  # not a blank cell
    assert _shown(editor, 0, column, Qt.ItemDataRole.EditRole) == bad  # reopening starts from it
    assert says in str(_shown(editor, 0, column, Qt.ItemDataRole.ToolTipRole))
    message = form.rows[field].message_text()
    assert says in message and "第1行" in message
    assert _stored(pack, db_path, category)[field][0][column] is None
    # Saving another cell neither clears the message nor the typed text.
    other = next(c.key for c in editor.field.columns if c.key != column and c.type.value in ("text", "integer"))
    _type_cell(qtbot, editor, 0, other, "12" if editor.field.column(other).type.value == "integer" else "读书会")
    assert _shown(editor, 0, column) == bad and says in form.rows[field].message_text()
    form = _away_and_back(qtbot, window, category)
    assert _shown(editor, 0, column) == bad and says in form.rows[field].message_text()
    qtbot.waitUntil(lambda: any(says in text for text in window.workspace.problems.issue_texts()))
    _type_cell(qtbot, editor, 0, column, good)
    assert form.rows[field].message_text() == "" or says not in form.rows[field].message_text()
    assert _shown(editor, 0, column, Qt.ItemDataRole.EditRole) == _stored_text(pack, db_path, category, field, column)
    assert _stored(pack, db_path, category)[field][0][column] is not None


def _stored_text(pack: Any, db_path: Path, category: str, field: str, column: str) -> str:
    from desktop_app.ui.forms.table_model import edit_text

    target = pack.category(category).field(field).column(column)
    return edit_text(target, _stored(pack, db_path, category)[field][0][column])


def test_removing_a_row_moves_the_refusals_with_the_rows(qtbot: Any, open_window: Any) -> None:
    window = open_window()
    editor = _form(window, "ideology").rows["events"].editor
    for _ in range(3):
        qtbot.mouseClick(editor.add_button, Qt.MouseButton.LeftButton)
    _type_cell(qtbot, editor, 2, "held_on", "2022-13-01")
    editor.view.setCurrentIndex(editor.model.index(0, 0))
    editor.remove_row()
    assert editor.model.rowCount() == 2
    assert _shown(editor, 1, "held_on") == "2022-13-01" and _shown(editor, 0, "held_on") == ""
    window.actions_by_key["undo"].trigger()  # undo shows what the store holds, refusals forgotten
    assert editor.model.rowCount() == 3 and _shown(editor, 2, "held_on") == ""
