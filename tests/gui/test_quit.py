"""Quitting after a long session (preview, print dialog, send dialog, 上报, 退回修改, 上报记录, 修改记录,
设置) ends cleanly, every time: the session runs in a real process (tests/gui/long_session.py), as
the program runs, several times over. It once ended in a segmentation fault (heap corruption after
"QObject: shared QObject was deleted directly"): windows were left to the interpreter's last garbage
collection; desktop_app/ui/shutdown.py deletes them in order first."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT
from tests.support.demo_db import make_demo_db, program_env

pytestmark = [pytest.mark.gui, pytest.mark.slow]

RUNS = 5
SESSION = Path(__file__).resolve().parent / "long_session.py"
STEPS = (
    "categories",
    "preview",
    "print-dialog",
    "send-dialog",
    "submitted",
    "reopened",
    "history",
    "audit",
    "settings",
    "closed",
    "done",
)


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_demo_db(tmp_path_factory.mktemp("quit") / "demo.sqlite3")


@pytest.mark.parametrize("run", range(RUNS))
def test_a_long_session_then_quit_exits_cleanly(demo_db: Path, tmp_path: Path, run: int) -> None:
    db = tmp_path / "school-report.sqlite3"
    shutil.copy(demo_db, db)
    env = program_env(tmp_path, QT_QPA_PLATFORM="offscreen", PYTHONFAULTHANDLER="1")
    done = subprocess.run([sys.executable, str(SESSION), str(db)], capture_output=True, text=True, cwd=REPO_ROOT,
                          env=env, timeout=600)  # fmt: skip
    said = [line.removeprefix("session:") for line in done.stdout.splitlines() if line.startswith("session:")]
    assert said == list(STEPS), (said, done.stderr[-2000:])
    assert done.returncode == 0, done.stderr[-3000:]
    for sign in ("shared QObject was deleted", "Fatal Python error", "Segmentation fault", "malloc", "Traceback"):
        assert sign not in done.stderr, done.stderr[-3000:]
