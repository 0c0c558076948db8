"""ui/first_paint.py: "ready" is said, and the service starts opening, once the first screen is painted;
a widget never painted (a minimised window) does not hold the service back."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtWidgets import QLabel

from desktop_app.ui.first_paint import after_paint

pytestmark = pytest.mark.gui


def test_it_runs_once_after_every_widget_has_painted(qtbot: Any) -> None:
    first, second = QLabel("一"), QLabel("二")
    for label in (first, second):
        qtbot.addWidget(label)
    calls: list[str] = []
    watcher = after_paint([first, second], lambda: calls.append("ready"), fallback_ms=60000)
    first.show()
    qtbot.waitExposed(first)
    qtbot.wait(50)
    assert calls == []  # the second is not painted yet
    second.show()
    qtbot.waitUntil(lambda: calls == ["ready"], timeout=5000)
    first.update()
    qtbot.wait(50)
    assert calls == ["ready"] and watcher.done


def test_a_widget_never_painted_does_not_hold_it_back(qtbot: Any) -> None:
    hidden = QLabel("最小化")
    qtbot.addWidget(hidden)
    calls: list[str] = []
    after_paint([hidden], lambda: calls.append("ready"), fallback_ms=100)
    qtbot.waitUntil(lambda: calls == ["ready"], timeout=5000)
    hidden.show()
    qtbot.wait(50)
    assert calls == ["ready"]
