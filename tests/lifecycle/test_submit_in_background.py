"""上报 runs on a worker with its progress shown: the window keeps painting, nothing else touches the
data file meanwhile, a second 上报 cannot start; then a box says where the files are, with buttons."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QLabel

from desktop_app.services import lifecycle

PERIOD = "2022"


@pytest.fixture
def window(qtbot: Any, service: Any, tmp_path: Path) -> Iterator[Any]:
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
    main.add_registered_actions()
    yield main
    main.tasks.wait()


def test_submit_runs_off_the_ui_thread_and_blocks_a_second_one(
    qtbot: Any, window: Any, service: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from desktop_app.ui.lifecycle.submit_dialog import SubmitDialog

    real_submit = lifecycle.submit
    calls: list[str] = []
    release = threading.Event()

    def slow_submit(*args: Any, **options: Any) -> Any:
        calls.append(threading.current_thread().name)
        assert release.wait(30)  # held until the test has looked at the window meanwhile
        return real_submit(*args, **options)

    monkeypatch.setattr(lifecycle, "submit", slow_submit)
    dialog = SubmitDialog(service, PERIOD, "zh", window, out_dir=tmp_path / "files")
    qtbot.addWidget(dialog)
    dialog.show()
    ticks: list[int] = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start(10)
    dialog.submit_button.click()
    qtbot.waitUntil(lambda: calls != [])
    assert calls[0] != threading.current_thread().name  # a worker, not the UI thread
    qtbot.wait(300)
    assert len(ticks) > 5  # the UI thread kept running its event loop
    assert dialog.running and dialog.progress.isVisible() and not dialog.submit_button.isEnabled()
    assert window.busy and not window.actions_by_key["submit"].isEnabled()
    window.actions_by_key["submit"].trigger()  # disabled: nothing starts
    dialog.submit()  # the dialog's own second press does nothing either
    dialog.reject()
    assert dialog.isVisible()  # it cannot be closed while it runs
    refused = window.session.set_text("party", "members", "99")
    assert not refused.ok and "正在上报" in refused.refused
    release.set()
    qtbot.waitUntil(lambda: dialog.result_ is not None, timeout=60000)
    timer.stop()
    assert calls == [calls[0]]  # exactly one submission
    assert not dialog.isVisible() and not window.busy and window.actions_by_key["submit"].isEnabled()
    assert lifecycle.state(service, PERIOD).submitted
    assert dialog.result_.pdf.exists() and dialog.result_.xlsx.exists()
    assert service.values("party", PERIOD)["members"] == 25  # the refused edit changed nothing


def test_progress_names_each_step(service: Any, tmp_path: Path) -> None:
    steps: list[tuple[int, str]] = []
    lifecycle.submit(service, PERIOD, out_dir=tmp_path, progress=lambda percent, text: steps.append((percent, text)))
    assert [percent for percent, _ in steps] == sorted(percent for percent, _ in steps)
    assert steps[0][0] < 10 and steps[-1] == (100, "已完成。")
    assert any("PDF" in text for _, text in steps) and any("Excel" in text for _, text in steps)


def test_a_refusal_is_said_in_the_dialog(qtbot: Any, window: Any, service: Any, tmp_path: Path) -> None:
    from desktop_app.ui.lifecycle.submit_dialog import SubmitDialog

    dialog = SubmitDialog(service, PERIOD, "zh", window, out_dir=tmp_path / "files")
    qtbot.addWidget(dialog)
    dialog.show()
    lifecycle.submit(service, PERIOD, out_dir=tmp_path / "elsewhere")  # submitted meanwhile
    dialog.submit_button.click()
    qtbot.waitUntil(lambda: not dialog.running and dialog.message.text() != "", timeout=30000)
    assert "不能重复上报" in dialog.message.text() and dialog.isVisible() and not window.busy


def test_the_box_after_submitting_opens_the_folder_prints_and_sends(
    qtbot: Any, window: Any, service: Any, tmp_path: Path
) -> None:
    from desktop_app.ui.exports.send_dialog import SendDialog
    from desktop_app.ui.lifecycle.submitted_box import SubmittedBox

    result = lifecycle.submit(service, PERIOD)
    box = SubmittedBox(window, result)
    qtbot.addWidget(box)
    box.show()
    labels = " ".join(label.text() for label in box.findChildren(QLabel))
    folder = tmp_path / "documents" / "学校工作报送" / "2022年度"
    assert str(folder) in labels and result.pdf.name in labels and result.xlsx.name in labels
    assert str(result.pdf) not in labels  # the folder once, then the names: no long paths twice
    shown: list[Path] = []
    printed: list[Path] = []
    box.show_folder = lambda path: shown.append(path) or True
    box.print_file = lambda _parent, path: printed.append(path) or 1
    box.folder_button.click()
    box.print_button.click()
    assert shown == [result.pdf] and printed == [result.pdf] and box.isVisible()  # it stays for the next
    box.send_button.click()
    qtbot.waitUntil(lambda: any(d.isVisible() for d in window.findChildren(SendDialog)))
    dialog = next(d for d in window.findChildren(SendDialog) if d.isVisible())
    assert not dialog.gathered.submission.is_draft  # the submitted revision is what is sent
    dialog.reject()
