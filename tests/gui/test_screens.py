"""Every screen a school has: the main window, the PDF preview, the send dialog and the submit dialog on
1024×768, 1366×768 and 1920×1080 at 100 % and 150 %, each key widget inside the screen (a real
process per screen: Qt's offscreen platform with a virtual screen of that size, and once a real X
window under Xvfb). Screenshots of each are kept in the test's folder (docs/screenshots/ has a set)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import REPO_ROOT
from tests.support.demo_db import make_demo_db

pytestmark = [pytest.mark.gui, pytest.mark.slow]

SCRIPT = REPO_ROOT / "docs" / "screenshots" / "screens.py"
SIZES = ("1024x768", "1366x768", "1920x1080")
SCALES = ("1", "1.5")
KEY_WIDGETS = (
    "period_selector",
    "status_bar",
    "problems_panel",
    "explain_box",
    "help_panel",
    "categories",
    "form",
    "preview.print_button",
    "preview.save_button",
    "preview.pages",
    "send_dialog.send_button",
    "send_dialog.draft_button",
    "send_dialog.to",
    "submit_dialog.button0",
)


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_demo_db(tmp_path_factory.mktemp("screens") / "demo.sqlite3")


def _session(demo_db: Path, out: Path, size: str, scale: str, *prefix: str, xcb: bool = False) -> dict[str, Any]:
    db = out / "demo.sqlite3"
    out.mkdir(parents=True, exist_ok=True)
    shutil.copy(demo_db, db)
    command = [*prefix, sys.executable, str(SCRIPT), str(out), "--size", size, "--scale", scale, "--db", str(db)]
    done = subprocess.run([*command, *(["--xcb"] if xcb else [])], capture_output=True, text=True, cwd=REPO_ROOT,
                          env={**os.environ, "PYTHONPATH": str(REPO_ROOT)}, timeout=300)  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def _problems(report: dict[str, Any]) -> list[str]:
    checks = report["checks"]
    found = [f"{name}: not shown" for name in KEY_WIDGETS if name not in checks]
    for name, check in checks.items():
        for quality in ("visible", "inside", "big_enough"):
            if not check[quality]:
                found.append(f"{name}: not {quality} at {check['rect']} on {report['screen']}")
    return found


@pytest.mark.parametrize("scale", SCALES)
@pytest.mark.parametrize("size", SIZES)
def test_the_desk_fits_the_screen(demo_db: Path, tmp_path: Path, size: str, scale: str) -> None:
    report = _session(demo_db, tmp_path, size, scale)
    width, height = (int(part) for part in size.split("x"))
    assert report["screen"][2:] == [round(width / float(scale)), round(height / float(scale))]
    assert not _problems(report)
    for name in ("main", "preview", "send-dialog", "submit-dialog"):
        assert (tmp_path / f"{name}-{size}@{scale}.png").stat().st_size > 10_000, name
    window = report["checks"]["main_window"]["rect"]
    if width < 1280 * float(scale) or height < 800 * float(scale):  # too small for 1280×800: maximized
        assert window[2] >= report["screen"][2] - 10 and window[3] >= report["screen"][3] - 60


@pytest.mark.skipif(shutil.which("xvfb-run") is None, reason="Xvfb is not installed")
def test_a_real_x_window_on_a_small_screen(demo_db: Path, tmp_path: Path) -> None:
    probe = subprocess.run(["xvfb-run", "-a", sys.executable, "-c", "from PySide6.QtWidgets import QApplication;"
                            "QApplication(['x', '-platform', 'xcb'])"], capture_output=True, timeout=60)  # fmt: skip
    if probe.returncode != 0:
        pytest.skip("the xcb platform plugin cannot load here (libxcb-cursor0 and friends)")
    report = _session(demo_db, tmp_path, "1024x768", "1", "xvfb-run", "-a", "-s", "-screen 0 1024x768x24", xcb=True)
    assert report["screen"][2:] == [1024, 768]
    assert not _problems(report)


def test_the_window_remembers_its_size_and_state(qtbot: Any, tmp_path: Path) -> None:
    from PySide6.QtWidgets import QApplication

    from desktop_app.services.settings import Settings
    from desktop_app.ui.main_window import MainWindow

    area = QApplication.primaryScreen().availableGeometry()
    first = MainWindow("zh", Settings(first_run_done=True))
    qtbot.addWidget(first)
    first.show()
    qtbot.waitExposed(first)
    assert first.width() <= area.width() and first.height() <= area.height()
    first.resize(600, 420)
    first.move(area.x() + 20, area.y() + 30)
    first.close()
    assert (tmp_path / "config" / "window.ini").exists()  # beside settings.json
    again = MainWindow("zh", Settings(first_run_done=True))
    qtbot.addWidget(again)
    assert (again.width(), again.height()) == (600, 420)
    again.showMaximized()
    qtbot.wait(50)
    again.close()
    third = MainWindow("zh", Settings(first_run_done=True))
    qtbot.addWidget(third)
    assert third.windowState() & third.windowState().WindowMaximized
