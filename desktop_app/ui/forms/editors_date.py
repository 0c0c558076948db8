"""Dates: typed into a line (2022-06-06, 2022/6/6, 2022年6月6日: the domain reads them all) or picked
from a calendar. Text the domain refuses stays in the line with its message until corrected: a date
spin box would throw a half-typed date away when the field is left, and say nothing."""

from __future__ import annotations

from PySide6.QtCore import QDate, QPoint, Qt
from PySide6.QtWidgets import QCalendarWidget, QHBoxLayout, QToolButton, QWidget

from desktop_app.domain.pack import Field, FieldType
from desktop_app.ui.forms.base import EditorContext, FieldEditor
from desktop_app.ui.forms.editors_number import LineEditor
from desktop_app.ui.forms.registry import register
from desktop_app.ui.i18n import tr

EDIT_FORMAT = "yyyy-MM-dd"  # what the line shows and a calendar pick writes


class DateEditor(LineEditor):
    def __init__(self, field: Field, context: EditorContext) -> None:
        super().__init__(field, context)
        self.line.setPlaceholderText(tr("form.date_hint"))
        self.line.setMaximumWidth(self.line.fontMetrics().horizontalAdvance("2022年12月31日") + 24)
        self.calendar_button = QToolButton()
        self.calendar_button.setText(tr("form.pick_date"))
        self.calendar_button.setToolTip(tr("form.pick_date_tip"))
        self.calendar_button.clicked.connect(self.open_calendar)
        box = QWidget()
        layout = QHBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.line)
        layout.addWidget(self.calendar_button)
        layout.addStretch(1)
        self.input = box
        self.calendar: QCalendarWidget | None = None
        self.set_read_only(context.read_only)

    def focus_widget(self) -> QWidget:
        return self.line

    def open_calendar(self) -> None:
        if self.calendar is None:
            self.calendar = QCalendarWidget(self.input)
            self.calendar.setWindowFlags(Qt.WindowType.Popup)
            self.calendar.setGridVisible(True)
            self.calendar.clicked.connect(self.pick)
            self.calendar.activated.connect(self.pick)
        shown = QDate.fromString(self.line.text().strip(), EDIT_FORMAT)
        self.calendar.setSelectedDate(shown if shown.isValid() else QDate.currentDate())
        self.calendar.move(self.line.mapToGlobal(QPoint(0, self.line.height())))
        self.calendar.show()
        self.calendar.setFocus()

    def pick(self, day: QDate) -> None:
        """A date chosen in the calendar is final: it is written into the line and saved."""
        if self.calendar is not None:
            self.calendar.hide()
        self.line.setText(day.toString(EDIT_FORMAT))
        self.submit()
        self.line.setFocus()

    def set_read_only(self, read_only: bool) -> None:
        super().set_read_only(read_only)
        if hasattr(self, "calendar_button"):
            self.calendar_button.setEnabled(not read_only)


@register(FieldType.DATE)
def date_editor(field: Field, context: EditorContext) -> FieldEditor:
    return DateEditor(field, context)
