"""Shared fixtures: the shipped form pack, a fresh database path per test, offscreen Qt."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from desktop_app.ui.qt_workarounds import keep_none_alive

keep_none_alive()  # before any Qt call of the whole run (pytest-qt's QApplication included)

REPO_ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def _user_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The user's folders are the test's: 上报 writes into Documents, the pack cache into the data
    folder, window sizes into the configuration folder (never the real ones during a test)."""
    monkeypatch.setenv("SCHOOL_REPORT_DOCUMENTS_DIR", str(tmp_path / "documents"))
    monkeypatch.setenv("SCHOOL_REPORT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("SCHOOL_REPORT_CONFIG_DIR", str(tmp_path / "config"))


@pytest.fixture(scope="session")
def pack():  # type: ignore[no-untyped-def]
    from desktop_app.domain.loader import load_pack

    return load_pack()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "school-report.sqlite3"
