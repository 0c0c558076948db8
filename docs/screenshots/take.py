"""Grab the main window on each category and on the overview (offscreen), as PNG files.

    python docs/screenshots/take.py OUT_DIR [--scale 2]

Fills a temporary database with the demo school (`school-report demo`), then selects each
category in turn. Run with QT_SCALE_FACTOR=2 (what --scale does) to see the 200% layout.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("out", type=Path)
    parser.add_argument("--scale", default="1")
    parser.add_argument("--only", nargs="*", default=None)
    args = parser.parse_args()
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    os.environ["QT_SCALE_FACTOR"] = args.scale
    sys.path.insert(0, str(ROOT))
    folder = Path(tempfile.mkdtemp())
    os.environ["SCHOOL_REPORT_CONFIG_DIR"] = str(folder / "config")
    db = folder / "school-report.sqlite3"
    subprocess.run(
        [sys.executable, "-m", "desktop_app", "--db", str(db), "demo"], check=True, cwd=ROOT, stdout=subprocess.DEVNULL
    )
    from PySide6.QtWidgets import QApplication

    from desktop_app.ui.qt_workarounds import keep_none_alive

    keep_none_alive()
    app = QApplication(sys.argv[:1])
    from desktop_app.domain.loader import load_pack
    from desktop_app.services.reporting import ReportingService
    from desktop_app.services.settings import Settings
    from desktop_app.ui.i18n import install_qt_translations
    from desktop_app.ui.main_window import MainWindow

    install_qt_translations(app, "zh")
    service = ReportingService.open(db, load_pack())
    window = MainWindow("zh", Settings(first_run_done=True))
    window.resize(1280, 800)
    window.show()
    window.attach(service)
    args.out.mkdir(parents=True, exist_ok=True)
    suffix = "" if args.scale == "1" else f"@{args.scale}x"
    assert window.workspace is not None
    for period in ("2022", "2022-2023-1"):
        window.switch_period(period)
        keys = ["__overview__"] + [c.key for c in window.session.categories()]
        for key in keys:
            name = "overview" if key == "__overview__" else key
            if args.only and name not in args.only:
                continue
            window.workspace.select(key)
            window.workspace.refresh_statuses()
            for _ in range(3):  # layout passes: scroll ranges settle after the new content
                app.processEvents()
            window.grab().save(str(args.out / f"{period}-{name}{suffix}.png"))
    window.close()
    service.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
