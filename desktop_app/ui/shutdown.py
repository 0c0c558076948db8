"""An orderly end of the program, after the event loop has returned.

What once ended a long session in a crash ("QObject: shared QObject was deleted directly", then heap
corruption: tests/gui/test_quit.py): windows and dialogs were left to the interpreter's final
garbage collection, which deletes Python wrappers (and the hidden receivers of lambda connections,
such as a dialog's combo box connected to a lambda holding the dialog) in no particular order, after
parts of Qt are already gone. Here, while QApplication and every module are still whole: the
workers finish, every window is deleted (its dialogs, QtPdf documents and sockets with it), the
deletions are carried out, and Python's cycles are collected; only then does the program return.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QCoreApplication, QEvent, QThreadPool
from PySide6.QtWidgets import QApplication

WORKERS_WAIT_MS = 30000


def wind_down(app: QApplication) -> None:
    pool = QThreadPool.globalInstance()
    for _round in range(3):  # what workers report is delivered while the windows are whole (a result
        pool.waitForDone(WORKERS_WAIT_MS)  # may start one more task: a few rounds)
        app.processEvents()
    pool.waitForDone(WORKERS_WAIT_MS)  # no worker reports to a deleted object
    for widget in app.topLevelWidgets():
        if widget.parentWidget() is None:  # a parent deletes its own dialogs
            widget.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    app.processEvents()
    gc.collect()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
