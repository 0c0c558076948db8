"""The register edited in the bureau window: add, edit, remove, .xlsx round trip, and the import log."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from desktop_app.bureau.pipeline import import_files
from desktop_app.bureau.records import SchoolEntry
from desktop_app.bureau.store import BureauStore
from tests.bureau.helpers import register_of

pytestmark = pytest.mark.gui

PRIMARY = SchoolEntry("2137000101", "济阳区示范小学（虚构）", "primary", "370115104", "张老师", "13800000001")


@pytest.fixture
def view(qtbot, tmp_path: Path, bureau_pack) -> Iterator[Any]:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QThreadPool

    from desktop_app.ui.bureau.register_data import StoreAccess
    from desktop_app.ui.bureau.register_view import RegisterView
    from desktop_app.ui.tasks import TaskRunner

    pool = QThreadPool()
    pool.setMaxThreadCount(1)
    access = StoreAccess(str(tmp_path / "bureau.sqlite3"))
    widget = RegisterView(bureau_pack, access, TaskRunner(pool))
    qtbot.addWidget(widget)
    widget.resize(1000, 500)
    widget.show()
    widget.load()
    qtbot.waitUntil(lambda: "共 0 所学校" in widget.status.text(), timeout=20000)
    yield widget
    pool.waitForDone(30000)
    access.close()


def fresh(view: Any) -> BureauStore:
    """A store opened anew on the same file: what another process would read."""
    return BureauStore.open(view.access.target)


def state(view: Any, row: int) -> str:
    from desktop_app.ui.bureau.register_table import STATE

    return str(view.table.item(row, STATE).text())


def choose(view: Any, row: int, column: int, key: str) -> None:
    """Pick a choice through the cell's own delegate, as the combo box editor does."""
    from PySide6.QtWidgets import QStyleOptionViewItem

    table = view.table
    index = table.model().index(row, column)
    delegate = table.itemDelegateForColumn(column)
    editor = delegate.createEditor(table.viewport(), QStyleOptionViewItem(), index)
    editor.setCurrentIndex(editor.findData(key))
    delegate.setModelData(editor, table.model(), index)
    editor.deleteLater()


def type_in(view: Any, row: int, column: int, text: str) -> None:
    view.table.item(row, column).setText(text)


def add(qtbot, view: Any, entry: SchoolEntry) -> int:  # type: ignore[no-untyped-def]
    view.table.add_new()
    row = view.table.rowCount() - 1
    assert state(view, row).startswith("新学校")
    type_in(view, row, 0, entry.code)
    type_in(view, row, 1, entry.name)
    choose(view, row, 2, entry.school_type)
    choose(view, row, 3, entry.town)
    type_in(view, row, 4, entry.contact)
    type_in(view, row, 5, entry.phone)
    qtbot.waitUntil(lambda: state(view, row).startswith("已保存"), timeout=10000)
    return row


def test_add_then_bad_and_good_edits(qtbot, view) -> None:  # type: ignore[no-untyped-def]
    row = add(qtbot, view, PRIMARY)
    assert view.table.item(row, 2).text() == "小学" and view.table.item(row, 3).text() == "仁风镇"
    store = fresh(view)
    assert store.school(PRIMARY.code) == PRIMARY
    # A bad code: the cell turns red, the row and the status line say why; the database keeps the school.
    type_in(view, row, 0, "12345")
    qtbot.waitUntil(lambda: state(view, row).startswith("未保存"), timeout=5000)
    assert "学校标识码“12345”格式不正确" in state(view, row)
    assert "12345" in view.status.text()
    assert view.table.item(row, 0).background().color().name() == "#f8d7da"
    assert store.school(PRIMARY.code) == PRIMARY and store.school("12345") is None
    # A bad phone is refused the same way.
    type_in(view, row, 0, PRIMARY.code)
    type_in(view, row, 5, "12345")
    qtbot.waitUntil(lambda: "联系电话“12345”格式不正确" in state(view, row), timeout=5000)
    assert store.school(PRIMARY.code).phone == PRIMARY.phone  # type: ignore[union-attr]
    # Good values are saved at once, the code too (no submissions yet): the old code is gone.
    type_in(view, row, 5, "0531-84235116")
    type_in(view, row, 0, "2137000199")
    qtbot.waitUntil(lambda: store.school("2137000199") is not None, timeout=10000)
    qtbot.waitUntil(lambda: state(view, row).startswith("已保存"), timeout=10000)
    assert store.school("2137000199").phone == "0531-84235116"  # type: ignore[union-attr]
    assert store.school(PRIMARY.code) is None and len(store.schools()) == 1
    assert view.table.item(row, 0).background().color().alpha() == 0
    store.close()


def test_a_duplicate_code_is_refused(qtbot, view) -> None:  # type: ignore[no-untyped-def]
    add(qtbot, view, PRIMARY)
    second = SchoolEntry("1137000102", "济阳区示范幼儿园（虚构）", "kindergarten", "370115104")
    row = add(qtbot, view, second)
    type_in(view, row, 0, PRIMARY.code)
    qtbot.waitUntil(lambda: "已在名单中" in state(view, row), timeout=5000)
    assert PRIMARY.name in state(view, row)
    store = fresh(view)
    assert {s.code for s in store.schools()} == {PRIMARY.code, second.code}
    assert store.school(PRIMARY.code) == PRIMARY
    store.close()


def test_remove_asks_only_when_the_school_has_submissions(qtbot, view, exported, bureau_pack) -> None:  # type: ignore[no-untyped-def]
    schools, submissions, folder = exported
    store = fresh(view)
    store.save_schools(register_of(schools[:2]))
    import_files(store, bureau_pack, [folder / f"{submissions[0].school_code}_r1.xlsx"], isolate=False)
    assert store.count_submissions() == 1
    view.load()
    qtbot.waitUntil(lambda: view.table.rowCount() == 2, timeout=10000)
    asked: list[str] = []
    answers = iter([False, True])
    view.confirm = lambda text: asked.append(text) or next(answers)
    row_of = {view.table.entry_at(r).code: r for r in range(2)}
    # The school with a submission: its code cannot change, and removal asks first.
    busy = row_of[submissions[0].school_code]
    type_in(view, busy, 0, "2137000188")
    qtbot.waitUntil(lambda: "已有 1 份报送记录" in state(view, busy), timeout=10000)
    assert store.school(submissions[0].school_code) is not None and store.school("2137000188") is None
    type_in(view, busy, 0, submissions[0].school_code)
    qtbot.waitUntil(lambda: state(view, busy).startswith("已保存"), timeout=10000)
    view.table.setCurrentCell(busy, 1)
    view.remove_selected()
    qtbot.waitUntil(lambda: "未删除" in view.status.text(), timeout=10000)
    assert len(asked) == 1 and "已有 1 份报送记录" in asked[0] and view.table.rowCount() == 2
    view.remove_selected()
    qtbot.waitUntil(lambda: view.table.rowCount() == 1, timeout=10000)
    assert "已从名单中删除" in view.status.text()
    assert store.school(submissions[0].school_code) is None
    assert store.count_submissions() == 1  # its submission stays in history
    # The other school has none: removed without a question.
    view.table.setCurrentCell(0, 1)
    view.remove_selected()
    qtbot.waitUntil(lambda: view.table.rowCount() == 0, timeout=10000)
    assert len(asked) == 2 and store.schools() == []
    # A new row never saved is simply dropped.
    view.table.add_new()
    view.remove_selected()
    assert view.table.rowCount() == 0
    store.close()


def test_export_edit_in_excel_and_import_again(qtbot, view, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from python_calamine import CalamineWorkbook

    add(qtbot, view, PRIMARY)
    out = tmp_path / "名单.xlsx"
    view.export_to(out)
    qtbot.waitUntil(lambda: "学校名单已导出" in view.status.text(), timeout=10000)
    rows = CalamineWorkbook.from_path(str(out)).get_sheet_by_index(0).to_python()
    assert [str(v) for v in rows[0]] == ["学校标识码", "学校名称", "办学类型", "镇街", "联系人", "联系电话"]
    assert [str(v) for v in rows[1]] == [PRIMARY.code, PRIMARY.name, "小学", "仁风镇", "张老师", "13800000001"]
    book = openpyxl.load_workbook(out)
    book.active["B2"] = "济阳区示范小学（改名，虚构）"
    book.active.append(["1137000102", "济阳区示范幼儿园（虚构）", "幼儿园", "仁风镇", "李老师", "0531-84235116"])
    book.save(out)
    view.import_from(out)
    qtbot.waitUntil(lambda: "新增 1 所，更新 1 所" in view.status.text() and view.table.rowCount() == 2,
                    timeout=10000)  # fmt: skip
    names = {view.table.entry_at(r).name for r in range(2)}
    assert names == {"济阳区示范小学（改名，虚构）", "济阳区示范幼儿园（虚构）"}
    # A list with a bad row is refused whole, with the row named, and changes nothing.
    book.active.append(["99", "坏标识码", "小学", "仁风镇", "", ""])
    book.save(out)
    view.import_from(out)
    qtbot.waitUntil(lambda: "学校名单未导入" in view.status.text(), timeout=10000)
    assert "第4行" in view.status.text()
    store = fresh(view)
    assert len(store.schools()) == 2
    store.close()


def test_import_log_shows_accepted_and_rejected_files(qtbot, tmp_path: Path, exported, bureau_pack) -> None:  # type: ignore[no-untyped-def]
    from desktop_app.ui.bureau.window import BureauWindow

    schools, submissions, folder = exported
    db = str(tmp_path / "bureau.sqlite3")
    store = BureauStore.open(db)
    store.save_schools(register_of(schools[:6]))
    broken = tmp_path / "损坏的文件.xlsx"
    broken.write_bytes(b"not a workbook")
    good = [folder / f"{s.school_code}_r1.xlsx" for s in submissions[:3]]
    import_files(store, bureau_pack, [*good, broken], isolate=False)
    store.close()
    window = BureauWindow(bureau_pack, db)
    qtbot.addWidget(window)
    window.resize(1280, 620)
    window.show()
    ledger = window.ledger
    qtbot.waitUntil(lambda: ledger.table.rowCount() == 4, timeout=20000)
    decisions = [ledger.table.item(r, 6).text() for r in range(4)]
    assert sorted(decisions) == ["已接收", "已接收", "已接收", "拒收"]
    rejected = decisions.index("拒收")
    assert ledger.table.item(rejected, 1).text() == "损坏的文件.xlsx"
    assert ledger.table.item(rejected, 7).text()  # the reason is shown
    accepted = decisions.index("已接收")
    assert len(ledger.table.item(accepted, 2).text()) == 12
    shown = {ledger.table.item(r, 3).text(): ledger.table.item(r, 3).toolTip() for r in range(4)}
    assert shown[str(schools[0].profile["school_name"])] == schools[0].profile["school_code"]
    assert "共 4 条记录" in ledger.summary.text()
    ledger.decision.setCurrentIndex(ledger.decision.findData("rejected"))
    qtbot.waitUntil(lambda: ledger.table.rowCount() == 1, timeout=10000)
    assert ledger.table.item(0, 6).text() == "拒收" and "（全部 4 条）" in ledger.summary.text()
    window.wait()
    window.close()


def test_the_bureau_words_come_in_both_languages() -> None:
    import re

    from desktop_app.ui import i18n
    from desktop_app.ui.bureau.register_data import check_entry
    from desktop_app.ui.catalogue.bureau import WORDS

    for key, (zh, en) in WORDS.items():
        assert zh.strip() and en.strip(), key
        assert set(re.findall(r"{(\w+)}", zh)) == set(re.findall(r"{(\w+)}", en)), key
        assert i18n.CATALOGUE[key] == (zh, en), f"{key} clashes with a key of the app's catalogue"
    wrong = SchoolEntry("12345", "", "primary", "", "", "110")
    i18n.set_language("en")
    try:
        english = check_entry(wrong, {})
    finally:
        i18n.set_language("zh")
    assert english["code"].startswith("“12345” is not a school code")
    assert set(english) == {"code", "name", "town", "phone"}
    assert check_entry(wrong, {})["name"] == "请填写学校名称。"
    assert check_entry(PRIMARY, {PRIMARY.code: "另一所学校"})["code"].startswith("学校标识码“2137000101”已在名单中")
    assert check_entry(PRIMARY, {}) == {}
