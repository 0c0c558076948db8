"""Run something once widgets have been painted: "ready" means the clerk sees the first screen, and
the heavy work that follows (opening the service imports the ORM and holds Python's lock) must not
delay that paint. A widget that is never painted (a minimised window) does not hold it back: the
call runs after `fallback_ms` regardless.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Sequence

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget


class AfterPaint(QObject):
    """Calls `then` once, just after every one of `widgets` has had a paint event (or after `fallback_ms`)."""

    def __init__(self, widgets: Sequence[QWidget], then: Callable[[], None], fallback_ms: int = 400) -> None:
        super().__init__()  # kept by the caller: it must outlive a widget deleted meanwhile
        self.then = then
        self.waiting: set[QObject] = set(widgets)
        self.done = False
        for widget in widgets:
            widget.installEventFilter(self)
        QTimer.singleShot(fallback_ms, lambda: self._fire())  # keeps it alive till then
        if not widgets:
            QTimer.singleShot(0, lambda: self._fire())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and watched in self.waiting:
            self.waiting.discard(watched)
            watched.removeEventFilter(self)
            if not self.waiting:
                QTimer.singleShot(0, lambda: self._fire())  # after the paint itself has finished
        return False

    def _fire(self) -> None:
        if self.done:
            return
        self.done = True
        for widget in self.waiting:
            with contextlib.suppress(RuntimeError):  # already deleted
                widget.removeEventFilter(self)
        self.waiting.clear()
        self.then()


def after_paint(widgets: Sequence[QWidget], then: Callable[[], None], fallback_ms: int = 400) -> AfterPaint:
    return AfterPaint(widgets, then, fallback_ms)
