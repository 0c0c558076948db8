"""Window-modal message boxes that never block the event loop, and what a smoke run does with them.

Benchmarks and smoke tests set SCHOOL_REPORT_EXIT_WHEN to "shown", "ready" or "checked" (the first
check of the period shown: states and problems) to quit once that point is reached; a message box in
such a run is printed as a `school-report:box` line and ends it with status 1.
"""

from __future__ import annotations

import os

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from desktop_app.ui.i18n import tr

EXIT_WHEN_ENV = "SCHOOL_REPORT_EXIT_WHEN"
# Milliseconds the window stays after that point before quitting (a screenshot under Wine); default 0.
EXIT_AFTER_ENV = "SCHOOL_REPORT_EXIT_AFTER_MS"


def exit_after_ms() -> int:
    value = os.environ.get(EXIT_AFTER_ENV, "")
    return int(value) if value.isdigit() else 0


def window_box(window: QWidget | None, icon: QMessageBox.Icon, text: str) -> QMessageBox:
    """A window-modal message that does not block the event loop (tests and timers keep running)."""
    box = QMessageBox(icon, tr("app.title"), text, QMessageBox.StandardButton.Ok, window)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    if os.environ.get(EXIT_WHEN_ENV, "") in ("shown", "ready"):
        # A smoke run (`build.py check`, `build.py wine-test`) has no one to read the box: say it, fail.
        print(f"school-report:box {icon.name}: {text}", flush=True)
        QTimer.singleShot(exit_after_ms(), lambda: QApplication.exit(1))
    return box
