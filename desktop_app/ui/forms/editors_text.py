"""Text: one line (with the line editor of numbers) and long text with a character count."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from desktop_app.domain.pack import Field, FieldType
from desktop_app.domain.values import Value
from desktop_app.ui.forms.base import EditorContext, FieldEditor
from desktop_app.ui.forms.editors_number import LineEditor
from desktop_app.ui.forms.registry import register
from desktop_app.ui.i18n import tr


class _FocusOut(QObject):
    def __init__(self, editor: LongTextEditor) -> None:
        super().__init__(editor.edit)
        self.editor = editor

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusOut:
            self.editor.submit()
        return False


class LongTextEditor(FieldEditor):
    def __init__(self, field: Field, context: EditorContext) -> None:
        super().__init__(field, context)
        self.edit = QPlainTextEdit()
        self.edit.setTabChangesFocus(True)  # Tab leaves the box, so keyboard users are never stuck
        self.edit.setMinimumHeight(90)
        self.count = QLabel()
        self.count.setObjectName("charCount")
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit)
        layout.addWidget(self.count)
        self.input = box
        self.edit.textChanged.connect(self._typed)
        self.edit.installEventFilter(_FocusOut(self))
        self.set_read_only(context.read_only)
        self._show_count()

    def _typed(self) -> None:
        self._show_count()
        if self.pending():
            self.schedule()

    def _show_count(self) -> None:
        limit = self.field.max_length or 0
        self.count.setText(tr("form.chars", count=len(self.text()), limit=limit))

    def focus_widget(self) -> QWidget:
        return self.edit

    def set_value(self, value: Value) -> None:
        text = "" if value is None else str(value)
        self.remember(text)
        if self.edit.toPlainText() != text:
            self.edit.setPlainText(text)
        self._show_count()

    def show_refused(self, text: str) -> None:
        super().show_refused(text)
        self.remember(text)  # already handed to the service: not saved again until it changes
        if self.edit.toPlainText() != text:
            self.edit.setPlainText(text)
        self._show_count()

    def text(self) -> str:
        return self.edit.toPlainText()

    def set_read_only(self, read_only: bool) -> None:
        self.edit.setReadOnly(read_only)


@register(FieldType.TEXT)
@register(FieldType.IMAGE)
def text_editor(field: Field, context: EditorContext) -> FieldEditor:
    return LineEditor(field, context)


@register(FieldType.LONGTEXT)
def longtext_editor(field: Field, context: EditorContext) -> FieldEditor:
    return LongTextEditor(field, context)
