"""What every field editor shares: show a value, hand typed text to the session, show a message.

An editor owns no rule: it turns its widget's state into the text a clerk would type (the domain
parses it) and shows the value the service returns. `commit` is called with that text; `set_value`
never triggers a commit.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QHBoxLayout, QLabel, QWidget

from desktop_app.domain.pack import Field, FormPack
from desktop_app.domain.values import Value
from desktop_app.services.changes import Changes
from desktop_app.ui.forms.binding import FormSession

TYPING_DEBOUNCE_MS = 700  # typing is saved after a short pause, and always when the field is left


@dataclass
class EditorContext:
    pack: FormPack
    lang: str
    read_only: bool
    session: FormSession | None = None
    category: str = ""
    # called with the answer of an edit an editor made through the session itself (tables)
    changed: Callable[[Changes], None] = field(default=lambda _changes: None)


class FieldEditor:
    """Base of every editor. Subclasses build `self.input` and implement `set_value` / `text`."""

    def __init__(self, field: Field, context: EditorContext) -> None:
        self.field = field
        self.context = context
        self.commit: Callable[[str], None] = lambda text: None
        self._committed: str | None = None  # the text the store holds, to skip no-op saves
        self._stored_later: tuple[Value] | None = None  # a saved value to show once the field is left
        self._timer: QTimer | None = None
        self.input: QWidget = QWidget()

    # --- to implement --------------------------------------------------------------------------
    def set_value(self, value: Value) -> None:
        raise NotImplementedError

    def text(self) -> str:
        """The widget's state as the text a clerk would type ("" when empty)."""
        raise NotImplementedError

    # --- shared --------------------------------------------------------------------------------
    def container(self) -> QWidget:
        """The widget placed in the form: the input, and the unit beside numbers."""
        if self.field.unit is None:
            return self.input
        box = QWidget()
        layout = QHBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.input)
        unit = QLabel(self.field.unit.get(self.context.lang))
        unit.setObjectName("unit")
        layout.addWidget(unit)
        layout.addStretch(1)  # the unit stays beside the number
        return box

    def focus_widget(self) -> QWidget:
        return self.input

    def remember(self, text: str) -> None:
        self._committed = text

    def submit(self) -> None:
        """Save the widget's text if it differs from what the store holds."""
        if self._timer is not None:
            self._timer.stop()
        if self.context.read_only:
            return
        text = self.text()
        if text != self._committed:
            self._committed = text
            self.commit(text)
        if self._stored_later is not None and not self.focus_widget().hasFocus():
            (value,), self._stored_later = self._stored_later, None
            self.set_value(value)

    def show_stored(self, value: Value) -> None:
        """After a save, show the value as stored (１２ typed shows 12, 2022/6/6 shows 2022-06-06):
        at once, or when the clerk leaves the field if the save came from a pause in typing."""
        if self.focus_widget().hasFocus():
            self._stored_later = (value,)
        else:
            self._stored_later = None
            self.set_value(value)

    def show_refused(self, text: str) -> None:
        """The text the service refused, shown where it was typed until it is corrected (editors that
        cannot hold such text keep showing what they show)."""
        self._stored_later = None

    def pending(self) -> bool:
        """Typed but not yet saved (never before a value was shown: an empty editor saves nothing)."""
        return not self.context.read_only and self._committed is not None and self.text() != self._committed

    def schedule(self) -> None:
        """Debounced save while typing."""
        if self._timer is None:
            self._timer = QTimer(self.input)
            self._timer.setSingleShot(True)
            self._timer.timeout.connect(self.submit)
        self._timer.start(TYPING_DEBOUNCE_MS)

    def set_read_only(self, read_only: bool) -> None:
        self.input.setEnabled(not read_only)


class EnterMovesOn(QObject):
    """Enter (or Return) in a one-line input saves it and moves focus to the next field."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and not event.modifiers()
        ):
            tab = QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Tab, Qt.KeyboardModifier.NoModifier)
            QApplication.sendEvent(watched, tab)
        return False  # the input still sees Enter, which saves it (editingFinished)


def value_or_empty(value: Any) -> Any:
    return None if value in ("", (), []) else value
