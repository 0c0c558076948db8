"""Start-up and category switching of the window, offscreen, with the demo school's database.

startup_ms: a fresh process, from its start to the main window shown and its event loop answering
(a zero timer fires after show). bare_qt_startup_ms: a bare PySide6 QMainWindow measured the same
way in the same run. startup_ratio = startup_ms / bare_qt_startup_ms (target ≤ 1.5).
startup_ready_ms: the same until ready: the data file open, the categories listed, the overview painted
(the states follow once the first check has run, just after). startup_ready_ratio = startup_ready_ms /
bare_qt_startup_ms, both medians of the same interleaved runs (target ≤ 3, aim 2).
A data file at the newest schema is ready at its first look (ui/first_look.py: the school, the periods
with their states and deadlines, the categories and the overview, from the file's summary, read-only,
the categories' states "正在检查…"); "ready" is said once that is painted, and only then does the
service open on a worker. startup_editable_ms: until the service is attached and anything can be
changed (the same runs; the ready line comes first, then "school-report:editable").
startup_editable_ratio = startup_editable_ms / bare_qt_startup_ms (information).
The program runs from bytecode, as installed (pip compiles the wheel, PyInstaller bundles .pyc): the
warm-up run writes it to a cache folder in the run's temporary folder (PYTHONPYCACHEPREFIX), even
where PYTHONDONTWRITEBYTECODE is set. startup_ready_uncompiled_ratio: ready ÷ bare when every module
of the program is compiled from source at each start (a checkout without bytecode; information).
startup_checked_ms: until the period's first check is shown too (each category's state, the problems),
which runs just after the service is attached (information).
category_switch_ms: median time to switch to a category already opened once (target < 100 ms);
category_first_open_ms: median time to build and fill a category's form the first time.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run on its own (python benchmarks/bench_startup.py) as well as by run.py
    sys.path.insert(0, str(ROOT))
RUNS = 7

_BARE = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv[:1])
window = QMainWindow()
window.resize(1280, 800)
window.show()
QTimer.singleShot(0, lambda: (print("school-report:shown", flush=True), app.quit()))
app.exec()
"""

_APP = """
import sys
from desktop_app.ui.app import run_gui
raise SystemExit(run_gui(db=sys.argv[1], lang="zh"))
"""

_SWITCH = """
import json, statistics, sys, time
from PySide6.QtWidgets import QApplication
from desktop_app.ui.qt_workarounds import keep_none_alive
keep_none_alive()
app = QApplication(sys.argv[:1])
from desktop_app.domain.loader import load_pack
from desktop_app.services.reporting import ReportingService
from desktop_app.services.settings import Settings
from desktop_app.ui.main_window import MainWindow
service = ReportingService.open(sys.argv[1], load_pack())
window = MainWindow("zh", Settings(first_run_done=True))
window.resize(1280, 800)
window.show()
window.attach(service)
app.processEvents()
keys = [c.key for c in window.session.categories()]
def switch(key):
    start = time.perf_counter()
    window.workspace.categories.select(key)
    app.processEvents()  # the new form painted
    return (time.perf_counter() - start) * 1000
first = [switch(key) for key in keys]
again = [switch(key) for _ in range(3) for key in keys]
print(json.dumps({"first": statistics.median(first), "again": statistics.median(again)}))
"""


def _env(tmp: Path, bytecode: bool = True) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE" or not bytecode}
    env.update(
        QT_QPA_PLATFORM="offscreen",
        PYTHONPATH=str(ROOT),
        SCHOOL_REPORT_CONFIG_DIR=str(tmp / "config"),
        SCHOOL_REPORT_DATA_DIR=str(tmp / "data"),
    )
    if bytecode:  # as installed; kept out of the checkout
        env["PYTHONPYCACHEPREFIX"] = str(tmp / "bytecode")
    else:  # the libraries' own bytecode as usual; the program's compiled at each start (none is written)
        env.pop("PYTHONPYCACHEPREFIX", None)
        env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


def _time_to_marker(args: list[str], env: dict[str, str], marker: str) -> float:
    return _times_to_markers(args, env, [marker])[marker]


def _times_to_markers(args: list[str], env: dict[str, str], markers: list[str]) -> dict[str, float]:
    """Milliseconds from the process's start to each marker line (in one run of it)."""
    start = time.perf_counter()
    process = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env, text=True, cwd=ROOT)
    assert process.stdout is not None
    found: dict[str, float] = {}
    for line in process.stdout:
        word = line.strip().split(" ")[0]  # "school-report:ready" is followed by what was ready
        if word in markers and word not in found:
            found[word] = (time.perf_counter() - start) * 1000
            if len(found) == len(markers):
                break
    process.wait(timeout=60)
    missing = [marker for marker in markers if marker not in found]
    if missing:
        raise RuntimeError(f"{', '.join(missing)} never printed (exit {process.returncode})")
    return found


def _filled_database(tmp: Path, env: dict[str, str]) -> Path:
    from tests.support.demo_db import make_demo_db

    db = make_demo_db(tmp / "school-report.sqlite3", env)
    # The first-run guide is not part of a normal start.
    (tmp / "config").mkdir(parents=True, exist_ok=True)
    (tmp / "config" / "settings.json").write_text('{"first_run_done": true}', encoding="utf-8")
    return db


def run(results: dict[str, float]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        env = _env(tmp)
        db = _filled_database(tmp, env)
        app = [sys.executable, "-c", _APP, str(db)]
        bare = [sys.executable, "-c", _BARE]
        _time_to_marker(bare, env, "school-report:shown")  # warm the file cache for both
        # Writes the bytecode of every module the start imports (the first check's too).
        _time_to_marker(app, {**env, "SCHOOL_REPORT_EXIT_WHEN": "checked"}, "school-report:checked")
        source = {**_env(tmp, bytecode=False), "SCHOOL_REPORT_EXIT_WHEN": "ready"}
        shown, ready, editable, checked, bare_times, uncompiled = [], [], [], [], [], []
        for _ in range(RUNS):  # interleaved, so that machine noise hits both alike
            bare_times.append(_time_to_marker(bare, env, "school-report:shown"))
            shown.append(_time_to_marker(app, {**env, "SCHOOL_REPORT_EXIT_WHEN": "shown"}, "school-report:shown"))
            points = _times_to_markers(
                app, {**env, "SCHOOL_REPORT_EXIT_WHEN": "ready"}, ["school-report:ready", "school-report:editable"]
            )
            ready.append(points["school-report:ready"])
            editable.append(points["school-report:editable"])
            checked.append(_time_to_marker(app, {**env, "SCHOOL_REPORT_EXIT_WHEN": "checked"}, "school-report:checked"))
            uncompiled.append(_time_to_marker(app, source, "school-report:ready"))
        results["startup_ms"] = statistics.median(shown)
        results["bare_qt_startup_ms"] = statistics.median(bare_times)
        results["startup_ratio"] = results["startup_ms"] / results["bare_qt_startup_ms"]
        results["startup_ready_ms"] = statistics.median(ready)
        results["startup_ready_ratio"] = results["startup_ready_ms"] / results["bare_qt_startup_ms"]
        results["startup_editable_ms"] = statistics.median(editable)
        results["startup_editable_ratio"] = results["startup_editable_ms"] / results["bare_qt_startup_ms"]
        results["startup_checked_ms"] = statistics.median(checked)
        results["startup_ready_uncompiled_ratio"] = statistics.median(uncompiled) / results["bare_qt_startup_ms"]
        from tests.support.demo_db import script_json

        switch = script_json(_SWITCH, str(db), env=env)
        results["category_switch_ms"] = switch["again"]
        results["category_first_open_ms"] = switch["first"]


if __name__ == "__main__":
    figures: dict[str, float] = {}
    run(figures)
    for name, value in figures.items():
        print(f"{name} {value:.3f}")
