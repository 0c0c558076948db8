"""Numbers: integers and decimals as line edits (the domain parses them), derived values read-only."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit

from desktop_app.domain.pack import Field, FieldType
from desktop_app.domain.values import Value, display
from desktop_app.ui.forms.base import EditorContext, FieldEditor
from desktop_app.ui.forms.registry import register


class LineEditor(FieldEditor):
    """A one-line input: saved when left, on Enter, and after a short pause in typing."""

    def __init__(self, field: Field, context: EditorContext) -> None:
        super().__init__(field, context)
        self.line = QLineEdit()
        self.input = self.line
        if field.type in (FieldType.INTEGER, FieldType.DECIMAL):
            self.line.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.line.setMaximumWidth(260)
        if field.max_length:
            # A little headroom: an over-long paste is shown and refused with a message, not cut.
            self.line.setMaxLength(field.max_length * 2)
        self.line.editingFinished.connect(self.submit)
        self.line.textEdited.connect(lambda _text: self.schedule())
        self.set_read_only(context.read_only)

    def set_value(self, value: Value) -> None:
        text = self.shown(value)
        self.remember(text)
        if self.line.text() != text:
            self.line.setText(text)

    def show_refused(self, text: str) -> None:
        super().show_refused(text)
        self.remember(text)  # already handed to the service: not saved again until it changes
        if self.line.text() != text:
            self.line.setText(text)

    def shown(self, value: Value) -> str:
        if value is None:
            return ""
        if self.field.type is FieldType.DECIMAL:
            return format(value, "f")  # no thousands separators in an input: what you type back
        return str(value)

    def text(self) -> str:
        return self.line.text()

    def set_read_only(self, read_only: bool) -> None:
        self.line.setReadOnly(read_only)


class DerivedEditor(FieldEditor):
    """A computed value: read-only, refreshed after every edit of the category."""

    def __init__(self, field: Field, context: EditorContext) -> None:
        super().__init__(field, context)
        self.label = QLabel()
        self.label.setObjectName("derived")
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.input = self.label
        self.set_value(None)

    def set_value(self, value: Value) -> None:
        shown = display(self.field, value, self.context.pack, self.context.lang)
        self.label.setText(shown or "—")

    def text(self) -> str:
        return ""

    def pending(self) -> bool:
        return False

    def submit(self) -> None:
        return None

    def set_read_only(self, read_only: bool) -> None:
        return None


@register(FieldType.INTEGER)
@register(FieldType.DECIMAL)
def number_editor(field: Field, context: EditorContext) -> FieldEditor:
    return LineEditor(field, context)


@register(FieldType.DERIVED)
def derived_editor(field: Field, context: EditorContext) -> FieldEditor:
    return DerivedEditor(field, context)
