"""A long session must not crash: PySide6 6.12.0 on Python 3.11 leaks references to None (see
desktop_app/ui/qt_workarounds.py). Run in a fresh process, because the defect aborts the interpreter."""

from __future__ import annotations

import os
import subprocess
import sys

CODE = """
from desktop_app.ui.app import create_application
from PySide6.QtWidgets import QLabel
app = create_application()
label = QLabel()
for index in range(50_000):  # a long day of typing and refreshing
    label.setText(str(index))
print("survived", flush=True)
"""


def test_many_void_qt_calls_do_not_abort_the_app() -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run([sys.executable, "-c", CODE], capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "survived" in result.stdout
