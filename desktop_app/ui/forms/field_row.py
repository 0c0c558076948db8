"""One field in the form: its label (word-wrapped, help as tooltip), its editor and its message."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from desktop_app.domain.pack import Field
from desktop_app.ui.forms.base import FieldEditor
from desktop_app.ui.i18n import tr

_COLOURS = {"error": "#c62828", "warning": "#b26a00", "question": "#1565c0"}


class MessageLine(QLabel):
    """The message under a field: one line, always there (empty when there is none), so a message
    appearing never moves the fields below while the clerk types. A message longer than the line ends
    in "…"; the whole text is its tooltip and is listed in the problems panel."""

    def __init__(self) -> None:
        super().__init__()
        self.full = ""
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setFixedHeight(self.fontMetrics().lineSpacing() + 2)

    def set_message(self, text: str) -> None:
        self.full = text
        self.setToolTip(text if text else "")
        self._fit()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        line = " ".join(self.full.split("\n"))
        shown = self.fontMetrics().elidedText(line, Qt.TextElideMode.ElideRight, max(self.width(), 40))
        if shown != self.text():
            self.setText(shown)


class FieldRow:
    def __init__(self, field: Field, editor: FieldEditor, lang: str) -> None:
        self.field = field
        self.editor = editor
        # The mark is glued to the last word (no-break space, word joiner): never a line of its own.
        mark = (tr("form.required_mark")) if field.required else ""
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
        self.message = MessageLine()
        self.message.setObjectName("fieldMessage")
        layout.addWidget(self.message)
        if field.help:
            tip = field.help.get(lang)
            self.label.setToolTip(tip)
            self.body.setToolTip(tip)

    def show_messages(self, messages: list[tuple[str, str]]) -> None:
        """(severity, text) pairs; errors first, in red; warnings in orange."""
        if not messages:
            self.message.set_message("")
            return
        ordered = sorted(messages, key=lambda item: item[0] != "error")
        severity = ordered[0][0]
        self.message.set_message("\n".join(text for _severity, text in ordered))
        self.message.setStyleSheet(f"color: {_COLOURS.get(severity, _COLOURS['error'])};")

    def message_text(self) -> str:
        """The whole message (the line may show it shortened)."""
        return self.message.full
