"""The real start path in a fresh process: window first, data file opened off the UI thread."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.gui

ROOT = Path(__file__).resolve().parents[2]


def test_run_gui_opens_the_store_and_shows_the_categories(tmp_path: Path) -> None:
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        SCHOOL_REPORT_EXIT_WHEN="ready",
        SCHOOL_REPORT_CONFIG_DIR=str(tmp_path / "config"),
        SCHOOL_REPORT_DATA_DIR=str(tmp_path / "data"),
        PYTHONPATH=str(ROOT),
    )
    db = tmp_path / "school-report.sqlite3"
    code = "import sys; from desktop_app.ui.app import run_gui; sys.exit(run_gui(sys.argv[1]))"
    done = subprocess.run(
        [sys.executable, "-c", code, str(db)], env=env, capture_output=True, text=True, timeout=120, cwd=ROOT
    )
    assert done.returncode == 0, done.stderr
    assert "school-report:ready" in done.stdout
    assert db.exists()


def _smoke_run(tmp_path: Path, prelude: str = "") -> subprocess.CompletedProcess[str]:
    """The start a smoke run makes (`build.py check`, `build.py wine-test`): quit once ready."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", SCHOOL_REPORT_EXIT_WHEN="ready",
               SCHOOL_REPORT_CONFIG_DIR=str(tmp_path / "config"),
               SCHOOL_REPORT_DATA_DIR=str(tmp_path / "data"), PYTHONPATH=str(ROOT))  # fmt: skip
    code = prelude + "import sys; from desktop_app.ui.app import run_gui; sys.exit(run_gui(sys.argv[1]))"
    return subprocess.run([sys.executable, "-c", code, str(tmp_path / "school-report.sqlite3")], env=env,
                          capture_output=True, text=True, timeout=120, cwd=ROOT)  # fmt: skip


def test_the_ready_line_says_the_platform_the_rows_listed_and_the_windows(tmp_path: Path) -> None:
    import re

    done = _smoke_run(tmp_path)
    assert done.returncode == 0, done.stderr
    found = re.search(r"^school-report:ready platform=(\S+) listed=(\d+) windows=(\S+)$", done.stdout, re.M)
    assert found, done.stdout
    assert found[1] == "offscreen" and int(found[2]) > 10  # the overview and the pack's categories
    assert "MainWindow" in found[3].split(",") and "QMessageBox" not in found[3]


def test_a_smoke_run_whose_window_cannot_open_its_data_prints_the_box_and_fails(tmp_path: Path) -> None:
    """A module the data file needs missing from the payload (as QtNetwork.pyd once was): the box, status 1."""
    done = _smoke_run(tmp_path, prelude="import sys; sys.modules['sqlalchemy'] = None; ")
    assert done.returncode == 1
    assert "school-report:ready" not in done.stdout
    assert "school-report:box Critical:" in done.stdout and "sqlalchemy" in done.stdout


def test_without_qtnetwork_the_window_still_opens_its_data_and_quits_cleanly(tmp_path: Path) -> None:
    """The single-instance listener loads after ready: its absence costs the handshake, not the data."""
    done = _smoke_run(tmp_path, prelude="import sys; sys.modules['PySide6.QtNetwork'] = None; ")
    assert done.returncode == 0, done.stderr
    assert "school-report:ready" in done.stdout
    assert "RuntimeError" not in done.stderr, done.stderr  # nothing reported to a deleted window at exit
