"""The school register (import from .xlsx, checked whole) and 报送情况 (received / rejected / missing)."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from desktop_app.bureau.completeness import MISSING, NOT_APPLICABLE, RECEIVED, REJECTED, completeness
from desktop_app.bureau.pipeline import import_files
from desktop_app.bureau.register import RegisterRejected, import_register, register_workbook_bytes
from desktop_app.bureau.store import BureauStore
from tests.bureau.helpers import PERIOD, register_of

HEADINGS = ["学校标识码", "学校名称", "办学类型", "镇街", "联系人", "联系电话"]


def _list(path: Path, rows: list[list[object]]) -> Path:
    book = openpyxl.Workbook()
    book.active.append(HEADINGS)
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


def test_register_import_reads_labels_and_numbers(tmp_path: Path, bureau_pack) -> None:  # type: ignore[no-untyped-def]
    store = BureauStore.open(tmp_path / "b.sqlite3")
    path = _list(tmp_path / "名单.xlsx", [
        [2137000101, "济阳区某某小学（虚构）", "小学", "仁风镇", "张老师", "13800000000"],
        ["1137000102", "某某幼儿园（虚构）", "kindergarten", "370115002", "李老师", "0531-84235116"],
    ])  # fmt: skip
    assert import_register(store, path, bureau_pack) == (2, 0)
    schools = {s.code: s for s in store.schools()}
    assert schools["2137000101"].school_type == "primary" and schools["2137000101"].town == "370115104"
    assert schools["1137000102"].phone == "0531-84235116"
    # Exported for editing and imported again: the same schools, updated not duplicated.
    again = tmp_path / "again.xlsx"
    again.write_bytes(register_workbook_bytes(store.schools(), bureau_pack))
    assert import_register(store, again, bureau_pack) == (0, 2)
    store.close()


def test_a_bad_register_is_rejected_whole_with_every_problem(tmp_path: Path, bureau_pack) -> None:  # type: ignore[no-untyped-def]
    store = BureauStore.open(tmp_path / "b.sqlite3")
    path = _list(tmp_path / "bad.xlsx", [
        ["2137000101", "好学校（虚构）", "小学", "仁风镇", "", ""],
        ["12345", "坏标识码", "小学", "仁风镇", "", ""],
        ["2137000103", "未知镇街", "小学", "月球镇", "", ""],
        ["2137000104", "坏电话", "大学", "仁风镇", "", "12345"],
    ])  # fmt: skip
    with pytest.raises(RegisterRejected) as caught:
        import_register(store, path, bureau_pack)
    codes = [(p.code, p.params.get("row")) for p in caught.value.problems]
    assert codes == [("bad_code", 3), ("bad_town", 4), ("bad_type", 5), ("bad_phone", 5)]
    assert "第3行" in caught.value.text("zh") and "Row 3" in caught.value.text("en")
    assert store.schools() == []  # nothing saved
    store.close()


def test_status_shows_received_rejected_missing_and_filters(tmp_path: Path, exported, bureau_pack) -> None:  # type: ignore[no-untyped-def]
    schools, submissions, folder = exported
    store = BureauStore.open(tmp_path / "b.sqlite3")
    store.save_schools(register_of(schools[:6]))
    good = [folder / f"{s.school_code}_r1.xlsx" for s in submissions[:3]]
    broken = tmp_path / f"{submissions[3].school_code}_r1.xlsx"
    broken.write_bytes(b"not a workbook")
    import_files(store, bureau_pack, [*good, broken], isolate=False)
    # A rejection names no school when the file cannot be read; name one that can: tampered period.
    result = completeness(bureau_pack, PERIOD, store.schools(), store.current(bureau_pack, PERIOD),
                          store.rejections(PERIOD))  # fmt: skip
    states = {row.school.code: {c.state for c in row.cells.values()} - {NOT_APPLICABLE} for row in result.rows}
    for submission in submissions[:3]:
        assert states[submission.school_code] == {RECEIVED}
    for submission in submissions[3:6]:
        assert states[submission.school_code] == {MISSING}
    assert {s.code for s in result.missing_schools()} == {s.school_code for s in submissions[3:6]}
    assert result.counts() == {RECEIVED: 3, REJECTED: 0, MISSING: 3}
    town = schools[0].profile["town"]
    filtered = completeness(bureau_pack, PERIOD, store.schools(), store.current(bureau_pack, PERIOD), town=town)
    assert {row.school.town for row in filtered.rows} == {town}
    store.close()


def test_a_rejected_school_shows_the_reason(tmp_path: Path, exported, bureau_pack) -> None:  # type: ignore[no-untyped-def]
    from tests.bureau.helpers import revised, write_workbook

    schools, submissions, _folder = exported
    store = BureauStore.open(tmp_path / "b.sqlite3")
    store.save_schools(register_of(schools[:2]))
    draft = revised(submissions[0], status=submissions[0].status.__class__("draft"))
    [outcome] = import_files(store, bureau_pack, [write_workbook(bureau_pack, draft, tmp_path)], isolate=False)
    assert (outcome.decision, outcome.code) == ("rejected", "draft")
    result = completeness(bureau_pack, PERIOD, store.schools(), store.current(bureau_pack, PERIOD),
                          store.rejections(PERIOD))  # fmt: skip
    row = next(r for r in result.rows if r.school.code == submissions[0].school_code)
    cells = [c for c in row.cells.values() if c.state != NOT_APPLICABLE]
    assert {c.state for c in cells} == {REJECTED} and "草稿" in cells[0].reason
    store.close()
