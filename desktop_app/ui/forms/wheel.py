"""The mouse wheel scrolls the form; it changes a field only after the clerk clicked into that field.

Qt lets a drop-down, a date or a spin box take the wheel whenever the pointer is over it, so rolling the
wheel down a long form changed answers, and autosave stored them. Every input of a form, and every cell
editor of a grid, is guarded: a wheel event reaches the input only while it has the keyboard focus *and*
that focus came from a click into it; otherwise it goes to the nearest scroll area that can still
scroll (the grid, then the form). Inputs lose `Qt.WheelFocus`, so the wheel never gives focus either.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QPoint, Qt
from PySide6.QtGui import QFocusEvent, QWheelEvent
from PySide6.QtWidgets import QAbstractScrollArea, QApplication, QWidget
from shiboken6 import isValid

_GUARDED = "wheelGuarded"  # set on each input the guard answers for
_ARMED = "wheelArmed"  # the clerk clicked into it and it still has the focus
_KEEPS = (Qt.FocusReason.PopupFocusReason, Qt.FocusReason.ActiveWindowFocusReason)
_WATCHED = (QEvent.Type.Wheel, QEvent.Type.MouseButtonPress, QEvent.Type.FocusIn, QEvent.Type.FocusOut)


class WheelGuard(QObject):
    """One filter for the whole application (it keeps its state on the widgets themselves)."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind not in _WATCHED or not isinstance(watched, QWidget):
            return False
        root = _guarded_root(watched)
        if root is None:
            return False
        if kind == QEvent.Type.MouseButtonPress:
            root.setProperty(_ARMED, True)
        elif kind == QEvent.Type.FocusIn and isinstance(event, QFocusEvent):
            if event.reason() == Qt.FocusReason.MouseFocusReason:
                root.setProperty(_ARMED, True)
        elif kind == QEvent.Type.FocusOut and isinstance(event, QFocusEvent):
            # A drop-down's own list (a popup window) takes the focus while open, and another window
            # may take it for a while: the field keeps its focus. Moving inside the input keeps it too.
            if event.reason() not in _KEEPS and not _has_focus(root):
                root.setProperty(_ARMED, False)
        elif kind == QEvent.Type.Wheel and isinstance(event, QWheelEvent):
            if root.property(_ARMED) and _has_focus(root):
                return False  # the clerk clicked it and rolls the wheel over it: theirs to change
            _scroll_instead(root, event)
            return True
        return False


_GUARD: WheelGuard | None = None


def _guard() -> WheelGuard:
    global _GUARD
    if _GUARD is None or not isValid(_GUARD):  # a new QApplication (tests) deleted the old one
        _GUARD = WheelGuard(QCoreApplication.instance())
    return _GUARD


def guard_wheel(widget: QWidget) -> None:
    """Guard every input in `widget` (itself included) and everything inside them."""
    guard = _guard()
    for item in [widget, *widget.findChildren(QWidget)]:
        if item.focusPolicy() == Qt.FocusPolicy.NoFocus:
            continue
        if _guarded_root(item) is None:
            item.setProperty(_GUARDED, True)
            if item.focusPolicy() == Qt.FocusPolicy.WheelFocus:
                item.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        item.installEventFilter(guard)
        for inner in item.findChildren(QWidget):  # a date's line edit, a list's viewport
            inner.installEventFilter(guard)


def _guarded_root(widget: QWidget | None) -> QWidget | None:
    while widget is not None:
        if widget.property(_GUARDED):
            return widget
        if widget.isWindow():
            return None
        widget = widget.parentWidget()
    return None


def _has_focus(root: QWidget) -> bool:
    """The focus is in `root` or in a popup of it (a drop-down's list is a window of its own)."""
    focus = QApplication.focusWidget()
    while focus is not None:
        if focus is root:
            return True
        focus = focus.parentWidget()
    return False


def _scroll_instead(root: QWidget, event: QWheelEvent) -> None:
    """Hand the wheel to the nearest enclosing scroll area that can move that way."""
    delta = event.angleDelta()
    vertical = abs(delta.y()) >= abs(delta.x())
    amount = delta.y() if vertical else delta.x()
    if amount == 0:
        return
    area = root.parentWidget()
    while area is not None:
        if isinstance(area, QAbstractScrollArea):
            bar = area.verticalScrollBar() if vertical else area.horizontalScrollBar()
            room = bar.value() < bar.maximum() if amount < 0 else bar.value() > bar.minimum()
            if bar.isEnabled() and room:
                # A scroll bar reads the y delta whatever its orientation.
                moved = QWheelEvent(
                    event.position(),
                    event.globalPosition(),
                    QPoint(0, 0),
                    QPoint(0, amount),
                    event.buttons(),
                    event.modifiers(),
                    event.phase(),
                    event.inverted(),
                )
                QApplication.sendEvent(bar, moved)
                return
        if area.isWindow():
            return
        area = area.parentWidget()
