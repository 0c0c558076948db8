"""GUI fixtures: a main window over a real ReportingService on a fresh SQLite file."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("pytestqt")


@pytest.fixture(autouse=True)
def _config_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SCHOOL_REPORT_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("SCHOOL_REPORT_DATA_DIR", str(tmp_path / "data"))


@pytest.fixture
def open_window(qtbot: Any, pack: Any, db_path: Path, tmp_path: Path) -> Iterator[Any]:
    """open_window(period=None) -> MainWindow attached to a fresh service on db_path."""
    from PySide6.QtWidgets import QApplication

    from desktop_app.services.reporting import ReportingService
    from desktop_app.services.settings import Settings
    from desktop_app.ui.i18n import set_language
    from desktop_app.ui.main_window import MainWindow

    services: list[Any] = []

    def make(period: str | None = None) -> MainWindow:
        set_language("zh")
        service = ReportingService.open(db_path, pack)
        services.append(service)
        window = MainWindow("zh", Settings(first_run_done=True), tmp_path / "settings.json")
        qtbot.addWidget(window)
        window.resize(1280, 800)
        window.show()
        qtbot.waitExposed(window)
        window.activateWindow()
        window.attach(service, period)
        # Keys and focus go to it: wait until it is active (edits answer at once, no timer waits for it).
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
        return window

    yield make
    for service in services:
        service.close()
