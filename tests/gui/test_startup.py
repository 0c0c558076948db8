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
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", SCHOOL_REPORT_EXIT_WHEN="ready",
               SCHOOL_REPORT_CONFIG_DIR=str(tmp_path / "config"),
               SCHOOL_REPORT_DATA_DIR=str(tmp_path / "data"), PYTHONPATH=str(ROOT))
    db = tmp_path / "school-report.sqlite3"
    code = "import sys; from desktop_app.ui.app import run_gui; sys.exit(run_gui(sys.argv[1]))"
    done = subprocess.run([sys.executable, "-c", code, str(db)], env=env, capture_output=True,
                          text=True, timeout=120, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert "school-report:ready" in done.stdout
    assert db.exists()
