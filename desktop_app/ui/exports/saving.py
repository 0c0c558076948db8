"""Save bytes to a file off the UI thread; a file held open elsewhere asks 重试 / 另存为… / 取消.

The write is atomic (exporters/atomic.py), so whatever the clerk answers the old file is either
kept whole or replaced whole. The bytes stay in memory until the flow ends: a retry or a new place
writes the same document again without rebuilding it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from desktop_app.exporters.atomic import TargetLockedError, write_atomic
from desktop_app.ui.exports.common import (
    RETRY,
    SAVE_AS,
    AskLocked,
    ChooseSavePath,
    ask_locked,
    choose_save_path,
    warn,
)
from desktop_app.ui.i18n import tr
from desktop_app.ui.tasks import TaskRunner


def _write(data: bytes, target: Path) -> Path | OSError:
    # Returned, not raised: the task's failure signal would only carry the message, not the kind.
    try:
        return write_atomic(target, data)
    except OSError as error:
        return error


class SaveFlow(QObject):
    """One document on its way to disk. `saved(path)` or `cancelled()` ends it."""

    saved = Signal(object)  # Path
    cancelled = Signal()

    def __init__(
        self,
        parent: QWidget,
        tasks: TaskRunner,
        file_filter: str,
        *,
        ask: AskLocked = ask_locked,
        choose: ChooseSavePath = choose_save_path,
    ) -> None:
        super().__init__(parent)
        self.widget = parent
        self.tasks = tasks
        self.file_filter = file_filter
        self.ask = ask
        self.choose = choose
        self.data = b""
        self.target = Path()
        self.attempts = 0  # how many writes were tried (tests and support read it)

    def save(self, data: bytes, target: Path) -> None:
        self.data, self.target = data, target
        self._start()

    def save_as(self, data: bytes, suggested: Path) -> None:
        """Ask where first (the 另存为… button), then save there."""
        self.data = data
        chosen = self.choose(self.widget, suggested, self.file_filter)
        if chosen is None:
            self.cancelled.emit()
            return
        self.target = chosen
        self._start()

    def _start(self) -> None:
        self.attempts += 1
        data, target = self.data, self.target
        self.tasks.run(lambda: _write(data, target), self._written, self._failed)

    def _written(self, result: Path | OSError) -> None:
        if isinstance(result, Path):
            self.saved.emit(result)
        elif isinstance(result, TargetLockedError):
            self._locked(result)
        else:
            self._failed(self._reason(result))

    def _locked(self, error: TargetLockedError) -> None:
        answer = self.ask(self.widget, error)
        if answer == RETRY:
            self._start()
        elif answer == SAVE_AS:
            self.save_as(self.data, self.target)
        else:
            self.cancelled.emit()

    def _reason(self, error: OSError) -> str:
        name = Path(error.filename).name if error.filename else self.target.name
        detail = error.strerror or str(error)
        return tr("save.failed", name=name, detail=detail)  # fmt: skip

    def _failed(self, message: str) -> None:
        warn(self.widget, message)
        self.cancelled.emit()


def when_done(flow: SaveFlow, saved: Callable[[Path], None], ended: Callable[[], None] | None = None) -> None:
    """Connect the end of a flow; the flow is freed once it has ended."""
    flow.saved.connect(lambda path: saved(path))  # a lambda keeps the receiver alive
    if ended is not None:
        flow.saved.connect(lambda _path: ended())
        flow.cancelled.connect(ended)
    flow.saved.connect(lambda _path: flow.deleteLater())
    flow.cancelled.connect(flow.deleteLater)
