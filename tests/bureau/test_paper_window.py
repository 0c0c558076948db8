"""The bureau window: scans dropped on 核验纸质件 are checked off the UI thread; 退回意见 lists, exports,
closes and asks again."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.bureau.helpers import register_of

pytestmark = [pytest.mark.gui, pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="needs pdftoppm")]


def test_drop_scans_and_handle_questions(qtbot: Any, tmp_path: Path, exported: Any, bureau_pack: Any) -> None:
    from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
    from PySide6.QtGui import QDropEvent

    from desktop_app.bureau.commit import commit
    from desktop_app.bureau.parse import parse_file
    from desktop_app.bureau.questions import add, listed
    from desktop_app.bureau.store import BureauStore
    from desktop_app.domain.questions import Target
    from desktop_app.exporters.pdf import render_pdf
    from desktop_app.ui.bureau.window import BureauWindow
    from tests.questions.scan import degrade, render

    schools, submissions, folder = exported
    first = submissions[0]
    db = str(tmp_path / "bureau.sqlite3")
    store = BureauStore.open(db)
    store.save_schools(register_of(schools[:2]))
    commit(store, bureau_pack, parse_file(str(folder / f"{first.school_code}_r1.xlsx"), bureau_pack))
    category = next(key for key, fields in first.values.items() if key != "profile" and fields)
    add(store, bureau_pack, first.school_code, first.period, Target(category), "请核实本类别数据")
    store.close()
    pdf = tmp_path / "paper.pdf"
    pdf.write_bytes(render_pdf(bureau_pack, first, []))
    scan = degrade(render(pdf, 1, 200, tmp_path / "cover"), tmp_path / "scan.jpg")
    blank = tmp_path / "blank.png"
    subprocess.run(["pdftoppm", "-png", "-r", "20", "-f", "1", "-l", "1", "-singlefile", str(pdf),
                    str(tmp_path / "tiny")], check=True)  # fmt: skip
    (tmp_path / "tiny.png").rename(blank)  # far too coarse: no readable code

    window = BureauWindow(bureau_pack, db)
    qtbot.addWidget(window)
    window.show()
    labels = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    assert "核验纸质件" in labels and "退回意见" in labels and labels[-1] == "汇总"
    panel = window.papers
    window.tabs.setCurrentWidget(panel)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in (scan, blank)])
    panel.dropEvent(QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.NoButton,
                               Qt.KeyboardModifier.NoModifier))  # fmt: skip
    qtbot.waitUntil(lambda: not panel.busy, timeout=60000)
    assert [panel.table.item(r, 1).text() for r in range(2)] == ["一致", "无核验码"]
    assert "一致 1 个" in panel.hint.text()
    window.grab().save(str(tmp_path / "papers.png"))

    questions = window.questions
    window.tabs.setCurrentWidget(questions)
    questions.load()
    assert questions.table.rowCount() == 1 and questions.table.item(0, 4).text() == "待答复"
    questions.table.selectRow(0)
    said = questions.export_selected(str(tmp_path / "退回意见.xlsx"))
    assert "已导出退回意见 1 条" in said and (tmp_path / "退回意见.xlsx").exists()
    questions.table.selectRow(0)
    questions.reask_selected("请再核实")
    assert questions.table.rowCount() == 2
    questions.table.selectRow(1)
    questions.close_selected()
    store = BureauStore.open(db)
    try:
        assert sorted(q.state for q in listed(store)) == ["accepted", "reasked"]
    finally:
        store.close()
    window.runner.wait()
