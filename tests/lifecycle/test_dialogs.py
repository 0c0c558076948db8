"""The lifecycle dialogs with pytest-qt (offscreen) over a real service and the real main window."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtCore import Qt

from desktop_app.services import lifecycle

PERIOD = "2022"


@pytest.fixture
def window(qtbot: Any, service: Any, tmp_path: Path) -> Iterator[Any]:
    import desktop_app.ui.lifecycle.actions  # noqa: F401  (registers the menu actions)
    from desktop_app.services.settings import Settings
    from desktop_app.ui.i18n import set_language
    from desktop_app.ui.main_window import MainWindow

    set_language("zh")
    main = MainWindow("zh", Settings(first_run_done=True), tmp_path / "settings.json")
    qtbot.addWidget(main)
    main.resize(1280, 800)
    main.show()
    qtbot.waitExposed(main)
    main.attach(service, PERIOD)
    yield main


def _click_item(qtbot: Any, widget: Any, row: int) -> None:
    item = widget.item(row)
    rect = widget.visualItemRect(item)
    qtbot.mouseClick(widget.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_menu_actions_are_registered(window: Any) -> None:
    for key in ("submit", "reopen", "history", "audit", "backup_now", "restore"):
        assert key in window.actions_by_key, key
    assert window.actions_by_key["restore"].isEnabled()


def test_submit_refused_lists_blockers_and_jumps_to_the_field(qtbot: Any, window: Any, service: Any) -> None:
    from desktop_app.ui.lifecycle.actions import jump_to
    from desktop_app.ui.lifecycle.submit_dialog import JUMP_ROLE, SubmitDialog

    service.set_text("party", "members", "", period=PERIOD)
    dialog = SubmitDialog(service, PERIOD, "zh", window)
    qtbot.addWidget(dialog)
    dialog.jump.connect(lambda category, field, row: jump_to(window, category, field, row))
    dialog.show()
    assert dialog.list.count() == 1
    assert dialog.list.item(0).data(JUMP_ROLE) == ("party", "members", None)
    assert "党员人数" in dialog.list.item(0).text()
    with qtbot.waitSignal(dialog.jump, timeout=2000) as jumped:
        _click_item(qtbot, dialog.list, 0)
    assert jumped.args == ["party", "members", None]
    assert window.workspace.current_form().category.key == "party"
    assert not lifecycle.state(service, PERIOD).submitted


def test_submit_with_review_writes_both_files(qtbot: Any, window: Any, service: Any, tmp_path: Path) -> None:
    from desktop_app.ui.lifecycle.submit_dialog import SubmitDialog

    dialog = SubmitDialog(service, PERIOD, "zh", window, out_dir=tmp_path / "files")
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.reviewer.isEnabled()
    dialog.review.setChecked(True)
    qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)
    assert "审核人" in dialog.message.text() and dialog.result_ is None  # a name is needed once ticked
    dialog.reviewer.insert("赵审核")  # QTest cannot type non-ASCII keys
    qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.result_ is not None, timeout=60000)  # it runs on a worker
    result = dialog.result_
    assert result is not None and result.pdf.exists() and result.xlsx.exists()
    assert result.pdf.parent == tmp_path / "files"
    assert lifecycle.history(service, PERIOD)[0].reviewer == "赵审核"
    again = SubmitDialog(service, PERIOD, "zh", window)
    qtbot.addWidget(again)
    assert not hasattr(again, "submit_button")  # already submitted: nothing to press


def test_reopen_asks_a_reason(qtbot: Any, window: Any, service: Any, tmp_path: Path) -> None:
    from desktop_app.ui.lifecycle.reopen_dialog import ReopenDialog

    lifecycle.submit(service, PERIOD, out_dir=tmp_path)
    dialog = ReopenDialog(service, PERIOD, "zh", window)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.ok.isEnabled()
    qtbot.keyClicks(dialog.reason, "   ")
    assert not dialog.ok.isEnabled()  # blanks are no reason
    dialog.reason.insertPlainText("区教体局退回：教职工数有误")  # QTest cannot type non-ASCII keys
    assert dialog.ok.isEnabled()
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert dialog.new_state is not None and (dialog.new_state.status, dialog.new_state.revision) == ("draft", 2)
    assert lifecycle.history(service, PERIOD)[0].reopen_reason.endswith("教职工数有误")


def test_history_lists_revisions_and_regenerates(qtbot: Any, window: Any, service: Any, tmp_path: Path) -> None:
    from desktop_app.ui.lifecycle.history_dialog import HistoryDialog

    first = lifecycle.submit(service, PERIOD, out_dir=tmp_path / "r1")
    lifecycle.reopen(service, "更正", PERIOD)
    lifecycle.submit(service, PERIOD, out_dir=tmp_path / "r2")
    told: list[tuple[str, bool]] = []
    dialog = HistoryDialog(
        service,
        PERIOD,
        "zh",
        window,
        choose=lambda *_: tmp_path / "again",
        inform=lambda text, ok: told.append((text, ok)),
    )
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 2 and dialog.table.item(1, 3).text() == "更正"
    dialog.table.selectRow(0)
    assert dialog.selected_revision() == 1
    qtbot.mouseClick(dialog.regenerate_button, Qt.MouseButton.LeftButton)
    assert told and told[0][1] and dialog.made is not None and dialog.made[0].name == first.pdf.name
    assert dialog.made[0].read_bytes()[:5] == b"%PDF-"


def test_audit_viewer_shows_when_what_old_new_revision(qtbot: Any, window: Any, service: Any, tmp_path: Path) -> None:
    from desktop_app.ui.lifecycle.audit_dialog import AuditDialog

    service.set_text("party", "members", "26", period=PERIOD)
    lifecycle.submit(service, PERIOD, out_dir=tmp_path)
    dialog = AuditDialog(service, PERIOD, "party", "zh", window)
    qtbot.addWidget(dialog)
    rows = dialog.rows_shown()
    assert rows[0][1] == "报送状态" and rows[0][2:5] == ["草稿", "已提交", "1"]
    assert rows[1][1:5] == ["党员人数", "25", "26", "1"]


def test_restore_dialog_lists_backups_and_restores_in_the_window(
    qtbot: Any, window: Any, service: Any, demo_db: Path
) -> None:
    from desktop_app.storage.backup import backup_database
    from desktop_app.ui.lifecycle.backup_dialogs import RestoreDialog, restore_in_window

    backup = backup_database(demo_db, reason="test")
    service.set_text("party", "members", "40", period=PERIOD)
    dialog = RestoreDialog(demo_db, "zh", window)
    qtbot.addWidget(dialog)
    assert dialog.list.count() == 1 and "济阳区实验小学" in dialog.list.item(0).text()
    _click_item(qtbot, dialog.list, 0)
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    assert dialog.chosen == backup
    message = restore_in_window(window, backup)
    assert "已从" in message and window.service is not service
    assert window.service.values("party", PERIOD)["members"] == 25
    window.service.close()


def test_damaged_dialog_offers_the_backup(qtbot: Any, demo_db: Path) -> None:
    from desktop_app.services.startup import check_at_start
    from desktop_app.storage.backup import backup_database
    from desktop_app.ui.lifecycle.damaged_dialog import damaged_box

    backup_database(demo_db, reason="test")
    demo_db.write_bytes(b"")
    damage = check_at_start(demo_db)
    assert damage is not None
    box = damaged_box(damage, "zh")
    qtbot.addWidget(box)
    assert "已损坏" in box.text() and damage.aside.name in box.text()
    assert box.property("restore_button") and "济阳区实验小学" in box.informativeText()


def test_a_second_start_brings_the_running_window_forward(qtbot: Any, window: Any, demo_db: Path) -> None:
    from desktop_app.ui.lifecycle.single_instance import bring_forward, listen

    server = listen(window, demo_db)
    assert server.listening
    window.showMinimized()
    assert bring_forward(demo_db)
    qtbot.waitUntil(lambda: server.requests == 1, timeout=3000)
    assert not bring_forward(demo_db.with_name("other.sqlite3"), timeout_ms=200)
