"""Dates: a QDateEdit with a calendar popup, and an empty state (no date yet) shown as 未填."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDateEdit, QHBoxLayout, QToolButton, QWidget

from desktop_app.domain.pack import Field, FieldType
from desktop_app.domain.values import Value
from desktop_app.ui.forms.base import EditorContext, FieldEditor
from desktop_app.ui.forms.registry import register
from desktop_app.ui.i18n import tr

# QDateEdit cannot be blank; its minimum date stands for "no date" and shows the special text.
_EMPTY = QDate(1900, 1, 1)


class DateEditor(FieldEditor):
    def __init__(self, field: Field, context: EditorContext) -> None:
        super().__init__(field, context)
        self.edit = QDateEdit()
        self.edit.setCalendarPopup(True)
        self.edit.setMinimumDate(_EMPTY)
        self.edit.setSpecialValueText(tr("form.no_date"))
        self.edit.setDisplayFormat("yyyy-MM-dd")
        self.edit.setDate(_EMPTY)
        self.clear = QToolButton()
        self.clear.setText(tr("form.clear_date"))
        self.clear.clicked.connect(self._clear)
        box = QWidget()
        layout = QHBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit)
        layout.addWidget(self.clear)
        layout.addStretch(1)
        self.input = box
        self.edit.editingFinished.connect(self.submit)
        self.edit.dateChanged.connect(lambda _date: self._picked())
        self.set_read_only(context.read_only)

    def _picked(self) -> None:
        # A pick from the calendar popup is final; typing digits is saved when the field is left.
        if self.edit.calendarWidget().isVisible() or not self.edit.hasFocus():
            self.submit()
        else:
            self.schedule()

    def _clear(self) -> None:
        self.edit.setDate(_EMPTY)
        self.submit()

    def focus_widget(self) -> QWidget:
        return self.edit

    def set_value(self, value: Value) -> None:
        shown = QDate(value.year, value.month, value.day) if isinstance(value, date) else _EMPTY
        self.edit.blockSignals(True)
        self.edit.setDate(shown)
        self.edit.blockSignals(False)
        self.remember(self.text())

    def text(self) -> str:
        picked = self.edit.date()
        if picked == _EMPTY:
            return ""
        return picked.toString("yyyy-MM-dd")

    def set_read_only(self, read_only: bool) -> None:
        self.edit.setReadOnly(read_only)
        self.clear.setEnabled(not read_only)


@register(FieldType.DATE)
def date_editor(field: Field, context: EditorContext) -> FieldEditor:
    return DateEditor(field, context)
