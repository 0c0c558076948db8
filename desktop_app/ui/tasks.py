"""Long work off the UI thread: a QRunnable on the global pool, its result delivered by signals.

Signals of a QObject created on the UI thread are queued back to it, so `finished` and `failed`
handlers run on the UI thread and may touch widgets.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal


class TaskSignals(QObject):
    finished = Signal(object)  # the function's result
    failed = Signal(str)  # the error's message (the traceback is logged)
    progress = Signal(int, str)  # percent, what is being done


class Task(QRunnable):
    def __init__(self, work: Callable[..., Any], with_progress: bool = False) -> None:
        super().__init__()
        self.work = work
        self.with_progress = with_progress
        self.signals = TaskSignals()
        self.setAutoDelete(False)  # the window keeps the task until its signals are delivered

    def run(self) -> None:
        try:
            if self.with_progress:
                result = self.work(lambda percent, text="": self.signals.progress.emit(percent, text))
            else:
                result = self.work()
        except Exception as error:
            traceback.print_exc()
            self.signals.failed.emit(str(error) or type(error).__name__)
            return
        self.signals.finished.emit(result)


def _guarded(finished: Callable[[Any], None], failed: Callable[[str], None] | None) -> Callable[[Any], None]:
    """`finished`, whose own error takes the task's failure path: a start-up step that raises on the UI
    thread says so in its box instead of leaving the window "opening" forever."""

    def deliver(result: Any) -> None:
        try:
            finished(result)
        except Exception as error:
            if failed is None:
                raise  # the program's last resort (ui/unexpected.py) shows and logs it
            traceback.print_exc()
            failed(str(error) or type(error).__name__)

    return deliver


class TaskRunner:
    """Starts tasks and keeps them alive until they report back."""

    def __init__(self, pool: QThreadPool | None = None) -> None:
        self.pool = pool or QThreadPool.globalInstance()
        self._running: set[Task] = set()

    def run(
        self,
        work: Callable[..., Any],
        finished: Callable[[Any], None] | None = None,
        failed: Callable[[str], None] | None = None,
        progress: Callable[[int, str], None] | None = None,
    ) -> Task:
        task = Task(work, with_progress=progress is not None)
        self._running.add(task)
        if finished is not None:
            task.signals.finished.connect(_guarded(finished, failed))
        if failed is not None:
            task.signals.failed.connect(failed)
        if progress is not None:
            task.signals.progress.connect(progress)
        task.signals.finished.connect(lambda _result: self._running.discard(task))
        task.signals.failed.connect(lambda _error: self._running.discard(task))
        self.pool.start(task)
        return task

    def wait(self, msecs: int = 30000) -> bool:
        return bool(self.pool.waitForDone(msecs))
