"""Packaging figures: bundle_mb, installer_mb, bundle_startup_ms beside bare_qt_startup_ms; and, as
information, wine_install_s and wine_ready_s from the last `python packaging/build.py wine-test`.

Reads what `python packaging/build.py bundle|installer` left in dist/; a figure whose artifact is not
built is reported as null with a note. Builds only when --build is passed (a build takes minutes).
Start-up = a fresh process, offscreen, until the main window was shown and the event loop quit
(SCHOOL_REPORT_EXIT_WHEN=shown), median of --runs runs; the bare figure is the same for a plain
QMainWindow in this interpreter. wine_install_s: the silent per-user install of the installer under Wine
(until every Windows process has ended); wine_ready_s: the installed window (pythonw.exe, Windows platform
plugin) from its start to ready (data open, categories listed). Both are read from
build/packaging/wine/figures.json, never measured here (the Wine run takes minutes).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DIST = ROOT / "dist"
WINE_FIGURES = ROOT / "build" / "packaging" / "wine" / "figures.json"
MARKER = "school-report:shown"  # printed by ui/app.py when SCHOOL_REPORT_EXIT_WHEN=shown
BARE_QT = (
    "from PySide6.QtCore import QTimer\n"
    "from PySide6.QtWidgets import QApplication, QMainWindow\n"
    "app = QApplication([]); w = QMainWindow(); w.show(); QTimer.singleShot(0, app.quit); app.exec()\n"
)


def folder_mb(folder: Path) -> float:
    return round(sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1e6, 1)


def _timed_ms(command: list[str], env: dict[str, str], marker: str | None) -> float | None:
    started = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True, env=env, timeout=120)
    elapsed = (time.perf_counter() - started) * 1000
    ok = result.returncode == 0 and (marker is None or marker in result.stdout + result.stderr)
    return round(elapsed, 1) if ok else None


def startup_ms(command: list[str], runs: int, marker: str | None) -> float | None:
    with tempfile.TemporaryDirectory() as scratch:
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "SCHOOL_REPORT_EXIT_WHEN": "shown",
               "XDG_DATA_HOME": scratch, "XDG_CONFIG_HOME": scratch}  # fmt: skip
        times = [_timed_ms([*command, *(["--db", f"{scratch}/b.sqlite3"] if marker else [])], env, marker)
                 for _ in range(runs)]  # fmt: skip
    measured = [t for t in times if t is not None]
    return statistics.median(measured) if len(measured) == runs else None


def run(results: dict[str, float]) -> None:
    """For benchmarks/run.py: the figures of what is already built in dist/ (build with --build)."""
    figures = collect(runs=3)
    results.update({k: v for k, v in figures.items() if isinstance(v, (int, float))})
    for note in figures.get("notes", []):  # type: ignore[union-attr]
        print(f"bench_packaging: {note}", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--build", action="store_true", help="build bundle and installer first")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    if args.build:
        for step in (["bundle"], ["installer", "--fast"]):
            subprocess.run([sys.executable, str(ROOT / "packaging" / "build.py"), *step], check=True)
    print(json.dumps(collect(args.runs), ensure_ascii=False, indent=2))
    return 0


def collect(runs: int) -> dict[str, object]:
    figures: dict[str, object] = {"notes": []}
    notes: list[str] = figures["notes"]  # type: ignore[assignment]
    bundle = DIST / "school-report"
    installers = sorted(DIST.glob("school-report-*-setup.exe"), key=lambda p: p.stat().st_mtime)
    figures["bundle_mb"] = folder_mb(bundle) if bundle.is_dir() else None
    figures["installer_mb"] = round(installers[-1].stat().st_size / 1e6, 1) if installers else None
    if not bundle.is_dir():
        notes.append("bundle not built: python packaging/build.py bundle")
    if not installers:
        notes.append("installer not built: python packaging/build.py installer")
    gui = bundle / "school-report-gui"
    figures["bundle_startup_ms"] = startup_ms([str(gui)], runs, MARKER) if gui.exists() else None
    if gui.exists() and figures["bundle_startup_ms"] is None:
        notes.append(f"bundle start did not print {MARKER} (see desktop_app/ui/app.py SCHOOL_REPORT_EXIT_WHEN)")
    figures["bare_qt_startup_ms"] = startup_ms([sys.executable, "-c", BARE_QT], runs, None)
    if installers:
        figures["installer_file"] = installers[-1].name
    figures.update(wine_figures(notes))
    bare = figures["bare_qt_startup_ms"]
    if isinstance(figures["bundle_startup_ms"], float) and isinstance(bare, float):
        figures["bundle_startup_ratio"] = round(figures["bundle_startup_ms"] / bare, 2)
    return figures


def wine_figures(notes: list[str]) -> dict[str, object]:
    """wine_install_s and wine_ready_s of the last passed wine-test run (information, not a ratio)."""
    if not WINE_FIGURES.exists():
        notes.append("wine figures: run python packaging/build.py wine-test first")
        return {"wine_install_s": None, "wine_ready_s": None}
    recorded = json.loads(WINE_FIGURES.read_text(encoding="utf-8"))
    if not recorded.get("passed"):
        notes.append(f"wine figures: the last wine-test of {recorded.get('installer')} did not pass")
    return {name: recorded.get(name) for name in ("wine_install_s", "wine_ready_s")}


if __name__ == "__main__":
    sys.exit(main())
