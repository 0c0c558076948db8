"""上报 of the demo school's year, as the window runs it (on its worker thread since issue 14).

submit_ms: median time of `lifecycle.submit` (checks, verified backup, the snapshot transaction, the PDF
and the workbook written) in a process that has opened the database and checked the period once, as
the window has by the time the clerk presses 上报. Each run submits a fresh copy of the database.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run on its own (python benchmarks/bench_submit.py) as well as by run.py
    sys.path.insert(0, str(ROOT))
RUNS = 5

_SUBMIT = """
import json, shutil, sqlite3, statistics, sys, time
from pathlib import Path
from desktop_app.domain.loader import load_pack
from desktop_app.services import lifecycle
from desktop_app.services.reporting import ReportingService
source, folder, runs = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
pack = load_pack()
times = []
for run in range(runs):
    db = folder / f"run{run}.sqlite3"
    with sqlite3.connect(source) as src, sqlite3.connect(db) as dst:
        src.backup(dst)
    service = ReportingService.open(db, pack)
    service.validate("2022", for_submission=True)  # the window has checked the period already
    start = time.perf_counter()
    result = lifecycle.submit(service, "2022", out_dir=folder / f"out{run}")
    times.append((time.perf_counter() - start) * 1000)
    assert result.pdf is not None and result.xlsx is not None, result.files_error
    service.close()
print(json.dumps({"median": statistics.median(times)}))
"""


def run(results: dict[str, float]) -> None:
    from tests.support.demo_db import make_demo_db, program_env, script_json

    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        env = program_env(tmp)
        db = make_demo_db(tmp / "demo.sqlite3", env)
        results["submit_ms"] = script_json(_SUBMIT, str(db), str(tmp), str(RUNS), env=env)["median"]


if __name__ == "__main__":
    figures: dict[str, float] = {}
    run(figures)
    for name, value in figures.items():
        print(f"{name} {value:.3f}")
