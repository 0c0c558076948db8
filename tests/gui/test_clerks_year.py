"""A clerk's year in the real main window (issue 14, "Done when"): first run, the profile, every category
of the year filled through the widgets, a warning explained, preview, export, 上报, 退回修改, 上报 again,
history. Each step is photographed at 1024×768 and 1920×1080 (into the test's folder) and the one-truth
rule of item 1 is checked after it: the overview, the category list, the problems panel and the 上报
list say the same, and it is what the service says."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pypdf
import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QApplication, QWidget

from desktop_app.domain.demo import demo_data
from desktop_app.domain.pack import FieldType
from desktop_app.domain.values import is_empty
from tests.gui.consistency import check_one_truth
from tests.gui.driving import PHOTO_FILES, fill, key_text, type_into

pytestmark = pytest.mark.gui

YEAR = "2022"
SIZES = ((1024, 768), (1920, 1080))


class Camera:
    """Screenshots of the window at each size, and the key widgets inside it at each."""

    def __init__(self, window: Any, folder: Path) -> None:
        self.window, self.folder, self.taken = window, folder, []
        folder.mkdir(parents=True, exist_ok=True)

    def shoot(self, step: str, extra: QWidget | None = None) -> None:
        window = self.window
        for width, height in SIZES:
            window.resize(width, height)
            QApplication.processEvents()
            path = self.folder / f"{step}-{width}x{height}.png"
            assert window.grab().save(str(path)), path
            self.taken.append(path)
            frame = QRect(QPoint(0, 0), window.size())
            workspace = window.workspace
            for widget in (workspace.categories, workspace.problems, window.top, window.statusBar()):
                if widget.isVisible():
                    place = QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())
                    assert frame.contains(place), (step, width, type(widget).__name__, place, frame)
        if extra is not None:
            extra.grab().save(str(self.folder / f"{step}-dialog.png"))


def _fill_category(qtbot: Any, window: Any, key: str, values: dict[str, Any]) -> None:
    window.workspace.select(key)
    form = window.workspace.current_form()
    assert form is not None and form.category.key == key
    for field in form.category.fields:
        value = values.get(field.key)
        if field.type is FieldType.DERIVED or is_empty(value):
            continue
        fill(qtbot, form, field, value)


def _explain_warnings(qtbot: Any, window: Any, explanations: dict[str, dict[str, str]]) -> int:
    """Each warning of the year gets its 说明, typed into the box under it in the problems panel."""
    explained = 0
    for category, notes in explanations.items():
        window.workspace.select(category)
        panel = window.workspace.problems
        for rule_id, text in notes.items():
            box = panel.explain_boxes.get(rule_id)
            if box is None:
                continue  # the demo's note for a warning this year's values do not raise
            box.setFocus()
            key_text(box, text)
            box.editingFinished.emit()  # leaving the box saves it
            QApplication.processEvents()
            explained += 1
    return explained


def test_a_clerks_year_in_the_window(qtbot: Any, pack: Any, db_path: Path, tmp_path: Path) -> None:
    from desktop_app.services import lifecycle
    from desktop_app.services.reporting import ReportingService
    from desktop_app.services.settings import Settings, load_settings
    from desktop_app.ui.first_run import show_first_run
    from desktop_app.ui.i18n import set_language
    from desktop_app.ui.lifecycle.actions import refresh
    from desktop_app.ui.main_window import MainWindow

    set_language("zh")
    demo = demo_data(pack)
    for number, (digest, content) in enumerate(demo.attachments.items()):
        photo = tmp_path / f"活动照片{number}.png"  # photos are picked from files, never typed
        photo.write_bytes(content)
        PHOTO_FILES[digest] = photo
    service = ReportingService.open(db_path, pack)
    settings_file = tmp_path / "settings.json"
    window = MainWindow("zh", Settings(), settings_file)
    qtbot.addWidget(window)
    camera = Camera(window, tmp_path / "shots")
    try:
        window.show()
        qtbot.waitExposed(window)
        window.attach(service, YEAR)
        qtbot.waitUntil(lambda: window.workspace.checks_prepared, timeout=30000)

        # First run: the welcome, then the profile form with the cursor in its first field.
        welcome = show_first_run(window)
        camera.shoot("01-first-run", welcome)
        welcome.accept()
        QApplication.processEvents()
        assert window.workspace.current_form().category.key == pack.profile.key
        assert load_settings(settings_file).first_run_done
        left = check_one_truth(window)
        assert left > 0

        # The profile, then every category of the year, each through its widgets.
        _fill_category(qtbot, window, pack.profile.key, demo.profile)
        assert window.top.school.text().startswith(str(demo.profile["school_name"]))
        check_one_truth(window)
        camera.shoot("02-profile")
        for key, values in demo.periods[YEAR].items():
            _fill_category(qtbot, window, key, values)
            check_one_truth(window)
        camera.shoot("03-filled")
        for term in ("2022-2023-1",):  # the semester's categories (校园安全), in their period
            window.switch_period(term)
            assert window.session.period == term
            for key, values in demo.periods[term].items():
                _fill_category(qtbot, window, key, values)
                check_one_truth(window)
            _explain_warnings(qtbot, window, demo.explanations.get(term, {}))
            check_one_truth(window)
        window.switch_period(YEAR)
        check_one_truth(window)

        # A warning explained in the problems panel.
        before = window.service.progress(YEAR)
        explained = _explain_warnings(qtbot, window, demo.explanations.get(YEAR, {}))
        assert explained >= 1
        after = check_one_truth(window)
        assert sum(p.unexplained for p in before.categories.values()) > sum(
            p.unexplained for p in window.service.progress(YEAR).categories.values()
        )
        camera.shoot("04-explained")
        assert after == 0, [b.text() for b in lifecycle.blockers(window.service, YEAR)]
        window.show_overview()
        assert "可以上报" in window.workspace.overview.left.text()
        camera.shoot("05-overview-ready")

        # Preview, then export a draft workbook.
        from desktop_app.ui.exports.pdf_preview import PdfPreview
        from desktop_app.ui.exports.xlsx_export import export_excel

        window.actions_by_key["export_pdf"].trigger()
        preview = window.findChild(PdfPreview)
        assert preview is not None
        qtbot.waitUntil(preview.is_ready, timeout=60000)
        assert str(demo.profile["school_name"]) in preview.document.getAllText(0).text()
        camera.shoot("06-preview", preview)
        preview.close()
        export = export_excel(window, tmp_path / "导出")
        qtbot.waitUntil(lambda: export.finished, timeout=30000)
        assert export.path is not None and export.path.name.endswith("_草稿.xlsx")
        check_one_truth(window)

        # 上报 (on its worker), 退回修改, a correction, 上报 again.
        revision = _submit(qtbot, window, tmp_path / "files1", camera, "07-submit")
        assert revision == 1
        refresh(window)
        assert window.session.lock().reason == "submitted"
        check_one_truth(window)
        camera.shoot("08-submitted")
        _reopen(qtbot, window, "区教体局退回：在校学生数有误")
        refresh(window)
        assert window.session.lock().reason == ""
        window.workspace.select("teaching")
        form = window.workspace.current_form()
        students = int(demo.periods[YEAR]["teaching"]["students"])
        type_into(qtbot, form.rows["students"].editor.line, str(students + 1))
        assert window.service.values("teaching", YEAR)["students"] == students + 1
        check_one_truth(window)
        camera.shoot("09-reopened")
        left = window.service.progress(YEAR).left
        if left:  # a rule the correction moved: said, explained, then submitted
            explained = _explain_warnings(
                qtbot,
                window,
                {issue.category: {issue.rule_id: "核对后无误"} for issue in lifecycle.blockers(window.service, YEAR)},
            )
            assert check_one_truth(window) == 0
        revision = _submit(qtbot, window, tmp_path / "files2", camera, "10-submit-again")
        assert revision == 2
        refresh(window)
        check_one_truth(window)

        # History: both revisions, the reason given, the second PDF with the corrected figure.
        from desktop_app.ui.lifecycle.history_dialog import HistoryDialog

        history = HistoryDialog(window.service, YEAR, "zh", window)
        qtbot.addWidget(history)
        history.show()
        assert history.table.rowCount() == 2
        assert any(
            "在校学生数有误" in (history.table.item(r, 3).text() if history.table.item(r, 3) else "") for r in range(2)
        )
        camera.shoot("11-history", history)
        history.reject()
        second = next((tmp_path / "files2").glob("*.pdf"))
        text = "".join(page.extract_text() for page in pypdf.PdfReader(second).pages)
        assert str(students + 1) in text
    finally:
        window.close()
        service.close()
    assert len(camera.taken) == 2 * 11


def _submit(qtbot: Any, window: Any, folder: Path, camera: Camera, step: str) -> int:
    from desktop_app.ui.lifecycle.submit_dialog import SubmitDialog

    dialog = SubmitDialog(window.service, window.session.period, "zh", window, out_dir=folder)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.blockers and dialog.submit_button.isEnabled()
    camera.shoot(step, dialog)
    qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.result_ is not None, timeout=60000)
    result = dialog.result_
    assert result.pdf.exists() and result.xlsx.exists() and not result.files_error
    dialog.close()
    return int(result.revision)


def _reopen(qtbot: Any, window: Any, reason: str) -> None:
    from desktop_app.ui.lifecycle.reopen_dialog import ReopenDialog

    dialog = ReopenDialog(window.service, window.session.period, "zh", window)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.reason.insertPlainText(reason)  # QTest cannot type non-ASCII keys
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert dialog.new_state is not None and dialog.new_state.revision == 2
