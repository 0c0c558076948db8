"""The bureau's papers and questions on SQLite and on PostgreSQL: migration 0002, records, answers."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from desktop_app.bureau.commit import commit
from desktop_app.bureau.paper import judge, paper_lines, record
from desktop_app.bureau.parse import parse_file
from desktop_app.bureau.questions import add, close, export, listed, reask
from desktop_app.bureau.store import BureauStore
from desktop_app.domain.paper import PaperCode
from desktop_app.domain.questions import Answer, Target
from tests.bureau.helpers import register_of, revised, write_workbook


@pytest.fixture(params=["sqlite", "postgres"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Any:
    url = str(tmp_path / "bureau.sqlite3") if request.param == "sqlite" else request.getfixturevalue("fresh_pg")
    opened = BureauStore.open(url)
    yield opened
    opened.close()


def test_papers_and_questions(store: Any, exported: Any, bureau_pack: Any, tmp_path: Path) -> None:
    schools, submissions, folder = exported
    store.save_schools(register_of(schools[:2]))
    first = submissions[0]
    code = first.school_code
    assert commit(store, bureau_pack, parse_file(str(folder / f"{code}_r1.xlsx"), bureau_pack)).decision == "accepted"
    stored = store.history(code, first.period)[0][1]

    verdict = judge(store, PaperCode(code, first.period, 1, stored))
    assert verdict.outcome == "match"
    verdict.file = "scan.pdf"
    record(store, verdict, "ab" * 32)
    lines = paper_lines(store, first.period, {code: (1, stored)})
    assert lines[code].matches and lines[code].paper_revision == 1
    assert judge(store, PaperCode(code, first.period, 1, "0" * 64)).outcome == "differs"
    assert judge(store, PaperCode(code, first.period, 3, "0" * 64)).outcome == "not_imported"

    category = next(key for key, fields in first.values.items() if key != "profile" and fields)
    field = next(iter(first.values[category]))
    asked = add(store, bureau_pack, code, first.period, Target(category, field), "请核实")
    assert asked.state == "open" and asked.revision == 1
    done = export(store, bureau_pack, code, first.period, tmp_path / "q.xlsx")
    assert done.questions == 1 and done.path.exists()

    answer = Answer(asked.uid, "数据无误", Target(category, field), "请核实", 1, None)
    second = revised(first, revision=2, answers=(answer,))
    path = write_workbook(bureau_pack, second, tmp_path)
    assert commit(store, bureau_pack, parse_file(str(path), bureau_pack)).decision == "replaced"
    [answered] = listed(store, code)
    assert answered.state == "answered" and answered.answered_revision == 2 and answered.reply == "数据无误"
    assert json.dumps(answered.old) == json.dumps(answered.new)  # the value was not changed
    again = reask(store, bureau_pack, asked.uid, "请补充依据")
    assert again.revision == 2 and again.parent_uid == asked.uid
    assert close(store, again.uid).state == "accepted"
    assert [q.state for q in listed(store, code)] == ["reasked", "accepted"]


def test_proposals_take_thin_and_missing_notes_and_the_quality_lines(
        tmp_path: Path, bureau_pack: Any, monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    """What `bureau questions propose` suggests from a data-quality report (its lines given here)."""
    from desktop_app.bureau import report
    from desktop_app.bureau.quality import QualityLine, QualityReport, SchoolQuality
    from desktop_app.bureau.questions import propose

    school = SchoolQuality("2137000001", "某校", "370115002", "primary", [
        QualityLine("warning", "party", "党员人数", "25", "较上年增加", "学校已填写说明", 1, "无", "members"),
        QualityLine("warning", "party", "主题党日活动次数", "12", "偏多", "学校已填写说明", 1, "按计划开展活动",
                    "theme_days"),
        QualityLine("warning", "party", "教职工集体学习次数", "30", "偏多", "学校未填写说明", 2, "",
                    "staff_study"),
        QualityLine("outlier", "party", "党员人数", "25", "中位数 8", "明显高于同类学校", 3, "", "members"),
        QualityLine("no_baseline", "party", "党员人数", "25", "上年", "缺少基期数据", 1, "", "members"),
    ])  # fmt: skip
    monkeypatch.setattr(report, "build_quality", lambda *args, **kw: QualityReport("2022", 1, [school]))
    store = BureauStore.open(str(tmp_path / "bureau.sqlite3"))
    try:
        found = propose(store, bureau_pack, "2022")
    finally:
        store.close()
    assert [(p.target.field, p.origin) for p in found] == [
        ("members", "quality:warning"),
        ("staff_study", "quality:warning"),
    ]  # one per field; 5+ characters kept
    assert "所填说明“无”过于简略" in found[0].text and "未填写说明" in found[1].text
