"""The 说明 box under a warning: several lines of text, three lines high, growing to five as the
clerk writes (then it scrolls). It keeps the one-line box's signals: `textEdited` while typing
(the panel saves after a pause) and `editingFinished` when the box is left."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFocusEvent, QResizeEvent, QTextOption
from PySide6.QtWidgets import QFrame, QPlainTextEdit, QSizePolicy, QWidget

MIN_LINES, MAX_LINES = 3, 5


class ExplainBox(QPlainTextEdit):
    textEdited = Signal(str)  # typed by the clerk (not set by the program)
    editingFinished = Signal()  # the box was left

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTabChangesFocus(True)  # Tab moves on, as in every other box
        self.setPlainText(text)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # wrapped, never sideways
        self.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self._setting = False
        self.textChanged.connect(self._changed)
        self._fit()

    def text(self) -> str:
        return self.toPlainText()

    def setText(self, text: str) -> None:
        self._setting = True
        try:
            self.setPlainText(text)
        finally:
            self._setting = False

    def lines_shown(self) -> int:
        """How many lines of text the box is high now (3 to 5)."""
        return max(MIN_LINES, min(MAX_LINES, self._text_lines()))

    def _text_lines(self) -> int:
        layout = self.document().documentLayout()
        height = layout.documentSize().height() if layout is not None else 0
        return int(height + 0.5) or 1  # a plain text layout counts lines

    def _changed(self) -> None:
        self._fit()
        if not self._setting:
            self.textEdited.emit(self.toPlainText())

    def _fit(self) -> None:
        line = self.fontMetrics().lineSpacing()
        margins = self.contentsMargins()
        frame = int(self.document().documentMargin() * 2) + margins.top() + margins.bottom()
        self.setFixedHeight(line * self.lines_shown() + frame)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()  # a narrower box wraps into more lines

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.editingFinished.emit()
