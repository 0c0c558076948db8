"""The desk on a given screen: the main window, the PDF preview, the send dialog and the submit
dialog, each checked to lie inside the screen and photographed on it.

    python docs/screenshots/screens.py OUT_DIR --size 1024x768 [--scale 1.5] [--db DEMO.sqlite3]

Runs under Qt's offscreen platform with a virtual screen of that size (the platform's configfile
option), at QT_SCALE_FACTOR=scale. Writes OUT_DIR/<what>-<size>@<scale>.png (each window drawn where
it lies on the screen) and prints one JSON object: the screen's available geometry and, for each key
widget, its rectangle in screen coordinates and whether it is inside and visible.
Used by tests/gui/test_screens.py; run it to refresh docs/screenshots/.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]


def configure(size: str, scale: str, folder: Path, xcb: bool = False) -> None:
    """Before Qt starts: a virtual screen of `size` logical pixels at 100 %, scaled by `scale` (with
    `xcb`, the X server's own screen instead: run under `xvfb-run -s "-screen 0 1024x768x24"`)."""
    width, height = (int(part) for part in size.lower().split("x"))
    config = folder / "screen.json"
    config.write_text(
        json.dumps(
            {
                "screens": [
                    {"name": "school", "x": 0, "y": 0, "width": width, "height": height, "logicalDpi": 96, "dpr": 1}
                ]
            }
        ),
        encoding="utf-8",
    )
    os.environ["QT_QPA_PLATFORM"] = "xcb" if xcb else f"offscreen:configfile={config}"
    os.environ["QT_SCALE_FACTOR"] = scale
    os.environ["SCHOOL_REPORT_CONFIG_DIR"] = str(folder / "config")  # no remembered sizes: a first start
    os.environ["SCHOOL_REPORT_DOCUMENTS_DIR"] = str(folder / "文档")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("out", type=Path)
    parser.add_argument("--size", default="1366x768")
    parser.add_argument("--scale", default="1")
    parser.add_argument("--db", type=Path, help="a database filled by `school-report demo` (made if absent)")
    parser.add_argument("--xcb", action="store_true", help="a real X window (under xvfb-run), not offscreen")
    parser.add_argument("--today", default="2022-12-20", help="the date the deadlines are counted from")
    parser.add_argument("--compact", action="store_true", help="256-colour PNGs (for docs/screenshots/)")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="school-report-screens-"))
    configure(args.size, args.scale, folder, args.xcb)
    os.environ["SCHOOL_REPORT_TODAY"] = args.today  # a day of the demo school's reporting year
    sys.path.insert(0, str(ROOT))
    db = args.db
    if db is None:
        db = folder / "demo.sqlite3"
        subprocess.run(
            [sys.executable, "-m", "desktop_app", "--db", str(db), "demo"],
            check=True,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        )
    report = Session(db, args.out, f"{args.size}@{args.scale}", args.compact).run()
    print(json.dumps(report, ensure_ascii=False))
    return 0


class Session:
    def __init__(self, db: Path, out: Path, tag: str, compact: bool = False) -> None:
        from PySide6.QtWidgets import QApplication

        from desktop_app.ui.qt_workarounds import keep_none_alive

        keep_none_alive()
        self.app = QApplication(sys.argv[:1])
        self.db, self.out, self.tag, self.compact = db, out, tag, compact
        self.checks: dict[str, dict[str, Any]] = {}
        out.mkdir(parents=True, exist_ok=True)

    def settle(self, rounds: int = 6) -> None:
        from PySide6.QtCore import QThread

        for _ in range(rounds):
            self.app.processEvents()
            QThread.msleep(10)

    def wait(self, done: Any, seconds: float = 60) -> None:
        import time

        end = time.monotonic() + seconds
        while not done() and time.monotonic() < end:
            self.settle(1)

    def check(self, name: str, widget: Any, min_width: int = 1, min_height: int = 1) -> None:
        from PySide6.QtCore import QPoint, QRect

        area = self.app.primaryScreen().availableGeometry()
        top_left = widget.mapToGlobal(QPoint(0, 0))
        rect = QRect(top_left, widget.size())
        self.checks[name] = {
            "rect": [rect.x(), rect.y(), rect.width(), rect.height()],
            "visible": bool(widget.isVisible()),
            "inside": bool(area.contains(rect)),
            "big_enough": widget.width() >= min_width and widget.height() >= min_height,
        }

    def photograph(self, name: str, windows: list[Any]) -> None:
        """The windows drawn where they lie on the screen (what the clerk would see)."""
        from PySide6.QtGui import QColor, QPainter, QPixmap

        screen = self.app.primaryScreen()
        ratio = screen.devicePixelRatio()
        geometry = screen.geometry()
        canvas = QPixmap(round(geometry.width() * ratio), round(geometry.height() * ratio))
        canvas.setDevicePixelRatio(ratio)
        canvas.fill(QColor("#3a6ea5"))
        painter = QPainter(canvas)
        for window in windows:
            painter.drawPixmap(window.frameGeometry().topLeft(), window.grab())
        painter.end()
        target = self.out / f"{name}-{self.tag}.png"
        canvas.save(str(target))
        if self.compact:  # a third of the size, the text as sharp
            from PIL import Image

            with Image.open(target) as image:
                quantized = image.convert("RGB").quantize(256, Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
            quantized.save(target, optimize=True)

    def run(self) -> dict[str, Any]:
        from desktop_app.domain.loader import load_pack
        from desktop_app.services.reporting import ReportingService
        from desktop_app.services.settings import Settings
        from desktop_app.ui.i18n import install_qt_translations, set_language
        from desktop_app.ui.main_window import MainWindow

        set_language("zh")
        translators = install_qt_translations(self.app, "zh")
        service = ReportingService.open(self.db, load_pack())
        window = MainWindow("zh", Settings(first_run_done=True))
        window.show()
        window.attach(service)
        window.add_registered_actions()
        self.settle()
        self.main_window(window)
        self.preview(window)
        self.send_dialog(window)
        self.submit_dialog(window)
        window.tasks.wait()
        window.close()
        service.close()
        del translators
        area = self.app.primaryScreen().availableGeometry()
        return {"screen": [area.x(), area.y(), area.width(), area.height()], "checks": self.checks}

    def main_window(self, window: Any) -> None:
        workspace = window.workspace
        keys = [c.key for c in window.session.categories()]
        for key in keys:  # a category with a warning to explain, so that its 说明 box is on screen
            workspace.select(key)
            workspace.refresh_statuses()
            if workspace.problems.explain_boxes:
                break
        else:
            window.service.set_text("teaching", "classes", "1", window.session.period)
            workspace.select("teaching")
            workspace.refresh_statuses()
        self.settle()
        box = next(iter(workspace.problems.explain_boxes.values()), None)
        if box is not None:
            workspace.problems.ensureWidgetVisible(box)
            self.settle()
            self.check("explain_box", box, 80, 30)
        self.check("main_window", window)
        self.check("period_selector", window.top.periods, 60, 15)
        self.check("status_bar", window.statusBar(), 200, 10)
        self.check("problems_panel", workspace.problems, 150, 100)
        self.check("help_panel", workspace.help, 150, 40)
        self.check("categories", workspace.categories, 140, 100)
        self.check("form", workspace.stack, 250, 150)
        self.photograph("main", [window])
        workspace.categories.select("__overview__")
        self.settle()
        self.photograph("overview", [window])

    def preview(self, window: Any) -> None:
        from desktop_app.ui.exports.pdf_preview import open_pdf_preview

        preview = open_pdf_preview(window)
        self.wait(preview.is_ready)
        self.settle()
        self.check("preview", preview)
        for name in ("print_button", "save_button", "open_button", "scope"):
            self.check(f"preview.{name}", getattr(preview, name), 20, 10)
        self.check("preview.pages", preview.view, 200, 150)
        self.photograph("preview", [window, preview])
        preview.close()

    def send_dialog(self, window: Any) -> None:
        from desktop_app.ui.exports.send_dialog import open_send_dialog

        dialog = open_send_dialog(window)
        self.settle()
        self.check("send_dialog", dialog)
        for name in ("send_button", "draft_button"):
            self.check(f"send_dialog.{name}", getattr(dialog, name), 20, 10)
        self.check("send_dialog.to", dialog.to, 100, 10)
        self.photograph("send-dialog", [window, dialog])
        dialog.reject()

    def submit_dialog(self, window: Any) -> None:
        from desktop_app.ui.lifecycle.submit_dialog import SubmitDialog

        dialog = SubmitDialog(window.service, window.session.period, "zh", window)
        dialog.show()
        self.settle()
        self.check("submit_dialog", dialog)
        for index, button in enumerate(dialog.buttons.buttons()):
            self.check(f"submit_dialog.button{index}", button, 20, 10)
        self.photograph("submit-dialog", [window, dialog])
        dialog.reject()


if __name__ == "__main__":
    raise SystemExit(main())
