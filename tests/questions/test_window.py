"""The bureau's questions in the clerk's window: beside the field, in the problems list with a reply box,
文件 → 导入退回意见…, and 上报 refused (the submit dialog lists the question) until each is answered."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("pytestqt")

from desktop_app.domain.questions import Target
from desktop_app.services import lifecycle
from tests.questions.support import question_file_for, write_file

PERIOD = "2022"


@pytest.fixture
def window(qtbot: Any, service: Any, tmp_path: Path) -> Iterator[Any]:
    import desktop_app.ui.lifecycle.actions  # noqa: F401  (registers the menu actions)
    from desktop_app.services.settings import Settings
    from desktop_app.ui.i18n import set_language
    from desktop_app.ui.main_window import MainWindow

    set_language("zh")
    main = MainWindow("zh", Settings(first_run_done=True), tmp_path / "settings.json")
    main.quiet_dialogs = True
    qtbot.addWidget(main)
    main.resize(1280, 800)
    main.show()
    qtbot.waitExposed(main)
    main.attach(service, PERIOD)
    yield main


@pytest.fixture
def asked(service: Any, pack: Any, tmp_path: Path) -> Path:
    lifecycle.submit(service, PERIOD, out_dir=tmp_path / "r1")
    question_file = question_file_for(service, PERIOD, 1, [
        (Target("party", "members"), "党员人数较上年增加较多，请核实"),
        (Target("party"), "请补充党建品牌的说明"),
    ])  # fmt: skip
    return write_file(question_file, pack, tmp_path / "退回意见.xlsx")


def test_imported_questions_show_beside_the_field_and_block_submission(
        qtbot: Any, window: Any, service: Any, asked: Path, tmp_path: Path) -> None:  # fmt: skip
    from desktop_app.ui.lifecycle.submit_dialog import SubmitDialog
    from desktop_app.ui.questions_view import import_questions

    assert "import_questions" in window.actions_by_key
    message = import_questions(window, str(asked))
    assert "已导入退回意见 2 条" in message and "已退回修改" in message
    assert not lifecycle.state(service, PERIOD).submitted  # reopened with the bureau's reason
    assert lifecycle.history(service, PERIOD)[0].reopen_reason == "区教体局退回修改意见（测试）"

    window.workspace.select("party")
    window.workspace.refresh_statuses()
    from tests.gui.consistency import check_one_truth

    check_one_truth(window)  # the questions are part of the one count of what is left
    assert window.workspace.statuses["party"].questions == 2
    form = window.workspace.current_form()
    assert "党员人数较上年增加较多，请核实" in form.rows["members"].message_text()
    assert "待答复" in form.rows["members"].message_text()
    texts = window.workspace.problems.issue_texts()
    assert any("请补充党建品牌的说明" in text for text in texts)
    assert set(window.workspace.problems.reply_boxes) == {"QT0001", "QT0002"}
    qtbot.wait(200)
    window.grab().save(str(tmp_path / "questions.png"))

    dialog = SubmitDialog(service, PERIOD, "zh", window)
    qtbot.addWidget(dialog)
    dialog.show()
    listed = [dialog.list.item(i).text() for i in range(dialog.list.count())]
    assert len(listed) == 2 and all("退回意见未答复" in text for text in listed)
    with pytest.raises(lifecycle.SubmitRefused):
        lifecycle.submit(service, PERIOD, out_dir=tmp_path / "refused")
    dialog.close()

    # A reply typed in the problems list answers the category's question; a changed value the field's.
    box = window.workspace.problems.reply_boxes["QT0002"]
    box.setFocus()
    box.insert("党建品牌“红烛先锋”为市级示范校品牌")  # QTest cannot type non-ASCII keys
    box.editingFinished.emit()
    qtbot.waitUntil(lambda: "已答复" in " ".join(window.workspace.problems.issue_texts()), timeout=5000)
    assert len(lifecycle.blockers(service, PERIOD)) == 1
    assert window.workspace.statuses["party"].questions == 1 and check_one_truth(window) == 1
    service.set_text("party", "members", "27", period=PERIOD)
    window.workspace.refresh_statuses()  # an edit made outside the window (the command line)
    assert "已修改：25 → 27" in window.workspace.current_form().rows["members"].message_text()
    assert lifecycle.blockers(service, PERIOD) == []
    result = lifecycle.submit(service, PERIOD, out_dir=tmp_path / "r2")
    assert result.revision == 2
    answers = {a.question: a.reply for a in service.build_submission(PERIOD).answers}
    assert answers == {}  # carried by revision 2: nothing pending any more
    frozen, _issues = lifecycle.frozen_submission(service, PERIOD, 2)
    carried = {a.question: a.reply for a in frozen.answers}
    assert carried == {"QT0001": "", "QT0002": "党建品牌“红烛先锋”为市级示范校品牌"}


def test_a_refused_file_changes_nothing_in_the_window(window: Any, service: Any, pack: Any, tmp_path: Path) -> None:
    from desktop_app.ui.questions_view import import_questions

    lifecycle.submit(service, PERIOD, out_dir=tmp_path / "r1")
    other = question_file_for(service, PERIOD, 1, [(Target("party", "members"), "请核实")],
                              changes={"school_code": "2137000999", "school_name": "别的学校"})  # fmt: skip
    message = import_questions(window, str(write_file(other, pack, tmp_path / "别校.xlsx")))
    assert "不是本校" in message
    assert lifecycle.state(service, PERIOD).submitted
    assert window.workspace.problems.reply_boxes == {}
