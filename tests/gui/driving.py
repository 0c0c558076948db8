"""Drive the form engine's widgets as a clerk would: typing, choosing, ticking, adding rows."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit, QWidget

from desktop_app.domain.pack import Field, FieldType
from desktop_app.ui.forms.editors_choice import CheckBoxesEditor, ComboEditor, RadioEditor
from desktop_app.ui.forms.editors_number import LineEditor
from desktop_app.ui.forms.editors_table import TableEditor
from desktop_app.ui.forms.editors_text import LongTextEditor
from desktop_app.ui.forms.form_view import CategoryForm
from desktop_app.ui.forms.photo_cell import PhotoCellEditor

# Photo files a test has written, by the hash of their bytes: a clerk picks a file, not a hash.
PHOTO_FILES: dict[str, Path] = {}


def typed(value: Any) -> str:
    """What a clerk types for a value (the domain parses it back)."""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def key_text(widget: QWidget, text: str) -> None:
    """Type text key by key (QTest.keyClicks only knows ASCII; clerks type Chinese through an IME,
    which delivers key events that carry the text, as these do)."""
    for char in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, char))


def type_into(qtbot: Any, line: QLineEdit, text: str) -> None:
    line.setFocus()
    line.selectAll()
    key_text(line, text)
    qtbot.keyClick(line, Qt.Key.Key_Return)


def fill(qtbot: Any, form: CategoryForm, field: Field, value: Any) -> None:
    editor = form.rows[field.key].editor
    assert form.rows[field.key].body.isVisibleTo(form), f"{field.key} is hidden"
    if isinstance(editor, TableEditor):
        fill_table(qtbot, editor, field, value)
    elif isinstance(editor, LineEditor):
        type_into(qtbot, editor.line, typed(value))
    elif isinstance(editor, LongTextEditor):
        editor.edit.setFocus()
        key_text(editor.edit, value)
        editor.submit()  # what leaving the box does
    elif isinstance(editor, ComboEditor):
        key = ("true" if value else "false") if isinstance(value, bool) else value
        choose(editor.combo, key)
    elif isinstance(editor, RadioEditor):
        editor.buttons[value].click()
    elif isinstance(editor, CheckBoxesEditor):
        for key in value:
            editor.boxes[key].click()
    else:
        raise AssertionError(f"no way to fill {field.key}")
    QApplication.processEvents()


def choose(combo: QComboBox, key: str) -> None:
    index = combo.findData(key)
    assert index >= 0, key
    combo.setCurrentIndex(index)
    combo.activated.emit(index)


def fill_table(qtbot: Any, editor: TableEditor, field: Field, rows: list[dict[str, Any]]) -> None:
    for row_values in rows:
        qtbot.mouseClick(editor.add_button, Qt.MouseButton.LeftButton)
        QApplication.processEvents()
        row = editor.model.rowCount() - 1
        for column_index, column in enumerate(field.columns):
            value = row_values.get(column.key)
            if value is None or column.type is FieldType.DERIVED:
                continue
            edit_cell(qtbot, editor, row, column_index, column, value)


def edit_cell(qtbot: Any, editor: TableEditor, row: int, column_index: int, column: Field, value: Any) -> None:
    index = editor.model.index(row, column_index)
    editor.view.setCurrentIndex(index)
    editor.view.edit(index)
    widget = editor.view.itemDelegate().open_editor
    if isinstance(widget, PhotoCellEditor):
        assert widget.use_file(PHOTO_FILES[value]), value  # what the file dialog's answer does
    elif isinstance(widget, QComboBox):
        key = ("true" if value else "false") if isinstance(value, bool) else value
        widget.setCurrentIndex(widget.findData(key))
        qtbot.keyClick(widget, Qt.Key.Key_Return)
    else:
        assert isinstance(widget, QLineEdit), type(widget)
        widget.selectAll()
        key_text(widget, typed(value))
        qtbot.keyClick(widget, Qt.Key.Key_Return)
    QApplication.processEvents()
