"""One field in the form: its label (word-wrapped, help as tooltip), its editor and its message."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from desktop_app.domain.pack import Field
from desktop_app.ui.forms.base import FieldEditor

_COLOURS = {"error": "#c62828", "warning": "#b26a00", "question": "#1565c0"}


class FieldRow:
    def __init__(self, field: Field, editor: FieldEditor, lang: str) -> None:
        self.field = field
        self.editor = editor
        # The mark is glued to the last word (no-break space, word joiner): never a line of its own.
        mark = ("\u00a0*" if lang == "en" else "\u2060＊") if field.required else ""
        self.label = QLabel(field.label.get(lang) + mark)
        self.label.setWordWrap(True)
        # English labels are about half again as long as Chinese ones: a wider column, fewer lines.
        em = self.label.fontMetrics().horizontalAdvance("中")
        self.label.setMinimumWidth(em * (13 if lang == "en" else 9))
        self.label.setBuddy(editor.focus_widget())
        self.body = QWidget()
        self.body.setProperty("field_key", field.key)
        layout = QVBoxLayout(self.body)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(editor.container())
        self.message = QLabel()
        self.message.setObjectName("fieldMessage")
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        # One line is kept for the message even when there is none: a message appearing never
        # pushes the fields below it down while the clerk is typing.
        self.message.setMinimumHeight(self.message.fontMetrics().lineSpacing())
        layout.addWidget(self.message)
        if field.help:
            tip = field.help.get(lang)
            self.label.setToolTip(tip)
            self.body.setToolTip(tip)

    def show_messages(self, messages: list[tuple[str, str]]) -> None:
        """(severity, text) pairs; errors first, in red; warnings in orange."""
        if not messages:
            self.message.clear()
            return
        ordered = sorted(messages, key=lambda item: item[0] != "error")
        severity = ordered[0][0]
        self.message.setText("\n".join(text for _severity, text in ordered))
        self.message.setStyleSheet(f"color: {_COLOURS.get(severity, _COLOURS['error'])};")

    def message_text(self) -> str:
        return self.message.text()
