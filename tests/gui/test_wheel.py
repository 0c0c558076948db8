"""The mouse wheel scrolls the form; it never changes an answer the clerk did not click (issue 12, item 1).

Rolling the wheel over a drop-down while scrolling a long form used to change its value, and autosave
stored it. Each test sends a real QWheelEvent over one editor and reads the SQLite file back.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication, QComboBox, QWidget

pytestmark = pytest.mark.gui

PERIOD = "2022"
PREFILL = [
    ("profile", "school_name", "济阳区实验小学"),
    ("profile", "school_type", "小学"),
    ("profile", "sponsor", "公办"),
    ("party", "members", "25"),
    ("party", "renewal_due", "是"),
    ("party", "renewal_date", "2022-06-06"),
    ("party", "five_integrations", ""),
    ("party", "volunteer_hours", "120.5"),
    ("honours", "highlights", "开展“行走黄河”研学"),
]


def _stored(pack: Any, db_path: Path, category: str) -> dict[str, Any]:
    """What the file holds, read by a service of its own (the window's may cache)."""
    from desktop_app.services.reporting import ReportingService

    fresh = ReportingService.open(db_path, pack)
    try:
        return fresh.values(category, PERIOD)
    finally:
        fresh.close()


@pytest.fixture
def prefilled(pack: Any, db_path: Path) -> Path:
    from desktop_app.services.reporting import ReportingService

    service = ReportingService.open(db_path, pack)
    try:
        for category, field, text in PREFILL:
            service.set_text(category, field, text, PERIOD)
        for column, text in (("held_on", "2022-05-04"), ("kind", "讲座"), ("title", "青年大学习"), ("filed", "是")):
            service.set_text("ideology", "events", text, PERIOD, row=0, column=column)
    finally:
        service.close()
    return db_path


def wheel(widget: QWidget, steps: int = -1) -> None:
    """One notch of the wheel over the middle of `widget` (negative: towards the clerk, scrolling down)."""
    centre = QPointF(widget.width() / 2, widget.height() / 2)
    event = QWheelEvent(
        centre,
        QPointF(widget.mapToGlobal(centre)),
        QPoint(0, 0),
        QPoint(0, 120 * steps),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(widget, event)
    QApplication.processEvents()


def _form(window: Any, key: str) -> Any:
    window.resize(1000, 480)  # a short window: every form scrolls
    window.workspace.select(key)
    form = window.workspace.current_form()
    QApplication.processEvents()
    assert form.verticalScrollBar().maximum() > 0, "the form must be long enough to scroll"
    return form


def _targets(form: Any, key: str) -> list[QWidget]:
    """The widgets the wheel can land on in one field (its inputs, and the viewport of a text box)."""
    editor = form.rows[key].editor
    inputs = [
        w
        for w in [editor.input, *editor.input.findChildren(QWidget)]
        if w.focusPolicy() != Qt.FocusPolicy.NoFocus and w.isVisibleTo(form)
    ]
    viewport = getattr(editor.focus_widget(), "viewport", None)
    return inputs + ([viewport()] if viewport is not None else [])


@pytest.mark.parametrize(
    ("category", "field"),
    [
        ("profile", "school_type"),  # choice (drop-down)
        ("profile", "sponsor"),  # choice (radio buttons)
        ("profile", "school_name"),  # text
        ("party", "renewal_due"),  # yes / no
        ("party", "renewal_date"),  # date
        ("party", "members"),  # integer
        ("party", "volunteer_hours"),  # decimal
        ("party", "five_integrations"),  # several choices
        ("honours", "highlights"),  # long text
        ("ideology", "events"),  # the grid itself
    ],
)
def test_the_wheel_over_a_field_scrolls_the_form_and_changes_nothing(
    qtbot: Any, open_window: Any, pack: Any, prefilled: Path, category: str, field: str
) -> None:
    window = open_window()
    form = _form(window, category)
    before = _stored(pack, prefilled, category)
    targets = _targets(form, field)
    assert targets
    for target in targets:
        bar = form.verticalScrollBar()
        bar.setValue(0)
        for _ in range(3):
            wheel(target, -1)
        assert bar.value() > 0, f"{type(target).__name__} of {field} kept the wheel: the form did not scroll"
        wheel(target, +1)  # and back up
        assert bar.value() < bar.maximum() or bar.value() == 0
    window.workspace.flush()
    assert _stored(pack, prefilled, category) == before


@pytest.mark.parametrize("column", ["held_on", "kind", "title", "filed"])
def test_the_wheel_over_an_open_cell_editor_changes_nothing(
    qtbot: Any, open_window: Any, pack: Any, prefilled: Path, column: str
) -> None:
    window = open_window()
    form = _form(window, "ideology")
    before = _stored(pack, prefilled, "ideology")["events"]
    editor = form.rows["events"].editor
    index = editor.model.index(0, [c.key for c in editor.field.columns].index(column))
    editor.view.setCurrentIndex(index)
    editor.view.edit(index)  # opened from the keyboard (F2 / typing), not clicked
    cell = editor.view.itemDelegate().open_editor
    assert cell is not None and cell.isVisible()
    form.verticalScrollBar().setValue(0)
    for _ in range(3):
        wheel(cell, -1)
    assert form.verticalScrollBar().value() > 0
    qtbot.keyClick(cell, Qt.Key.Key_Return)  # closing the editor saves what it shows
    QApplication.processEvents()
    assert _stored(pack, prefilled, "ideology")["events"] == before


def test_a_clicked_drop_down_still_takes_the_wheel(qtbot: Any, open_window: Any, pack: Any, prefilled: Path) -> None:
    """The clerk who clicks into a field and rolls the wheel means it: that still works."""
    window = open_window()
    form = _form(window, "party")
    combo = form.rows["renewal_due"].editor.combo
    assert isinstance(combo, QComboBox)
    form.ensureWidgetVisible(combo)
    combo.setFocus(Qt.FocusReason.TabFocusReason)  # reached with Tab only: not enough
    wheel(combo, -1)
    assert _stored(pack, prefilled, "party")["renewal_due"] is True
    qtbot.mouseClick(combo, Qt.MouseButton.LeftButton)
    combo.hidePopup()
    assert combo.hasFocus()
    wheel(combo, -1)  # 是 → 否
    assert _stored(pack, prefilled, "party")["renewal_due"] is False
    form.rows["members"].editor.line.setFocus(Qt.FocusReason.TabFocusReason)  # leaving disarms it
    wheel(combo, +1)
    assert _stored(pack, prefilled, "party")["renewal_due"] is False


def test_settings_and_dialog_inputs_are_guarded_too(qtbot: Any) -> None:
    """The mail port and security of the send dialog's SMTP form change with the wheel only once clicked."""
    from desktop_app.services.settings import Settings
    from desktop_app.ui.exports.smtp_form import SmtpForm

    form = SmtpForm(Settings(smtp_port=465, smtp_security="ssl"), "zh")
    qtbot.addWidget(form)
    form.show()
    for _ in range(3):
        wheel(form.port, +1)
        wheel(form.security, -1)
    assert form.port.value() == 465 and form.security.currentData() == "ssl"
