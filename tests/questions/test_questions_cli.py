"""退回修改意见 through the real command line: ask → export → import at the school → answer → resubmit →
import at the bureau → answered → close / ask again; and every bad question file refused, changing nothing."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from tests.faults.conftest import Cli, cli  # noqa: F401
from tests.questions.test_paper_cli import register, submitted  # noqa: F401


def _json(done: Any) -> Any:
    assert done.returncode == 0, done.stdout + done.stderr
    return json.loads(done.stdout)


def _uid(out: str) -> str:
    return out.split()[0]


def test_the_question_loop(cli: Cli, submitted: dict[str, Path], tmp_path: Path) -> None:  # noqa: F811
    school, bureau = submitted["school"], submitted["bureau"]
    assert cli(bureau, "bureau", "import", str(submitted["xlsx"])).returncode == 0
    ask = ["bureau", "questions", "add", "--school", "2137000001"]
    first = cli(bureau, *ask, "--category", "party", "--field", "members", "--text", "党员人数较上年增加较多，请核实")
    assert first.returncode == 0, first.stderr
    on_members = _uid(first.stdout)
    second = cli(
        bureau, *ask, "--category", "honours", "--field", "photos", "--row", "2", "--text", "照片说明请写明活动时间"
    )
    on_row = _uid(second.stdout)
    third = cli(bureau, *ask, "--category", "party", "--text", "请补充党建品牌的说明")
    on_category = _uid(third.stdout)
    bad = cli(bureau, *ask, "--category", "party", "--field", "nonesuch", "--text", "？")
    assert bad.returncode == 1 and "没有字段" in bad.stderr
    listed = _json(cli(bureau, "bureau", "questions", "list", "--json"))
    assert [q["state"] for q in listed] == ["open"] * 3 and {q["revision"] for q in listed} == {1}

    out = tmp_path / "退回意见.xlsx"
    exported = cli(bureau, "bureau", "questions", "export", "--school", "2137000001", "--out", str(out),
                   "--reason", "请核实党员人数等 3 项")  # fmt: skip
    assert exported.returncode == 0 and "3 条" in exported.stdout
    human = openpyxl.load_workbook(out)["退回意见"]
    cells = [str(c) for row in human.iter_rows(values_only=True) for c in row if c is not None]
    assert "党员人数较上年增加较多，请核实" in cells and "党建工作 / 党员人数" in cells and "25" in cells

    imported = cli(school, "questions", "import", str(out))
    assert imported.returncode == 0 and "已导入退回意见 3 条" in imported.stdout
    assert "请核实党员人数等 3 项" in imported.stdout
    again = cli(school, "questions", "import", str(out))
    assert again.returncode == 0 and "已导入过" in again.stdout
    refused = cli(school, "submit", "--out", str(tmp_path / "refused"))
    assert refused.returncode == 1 and refused.stderr.count("退回意见未答复") == 3

    assert cli(school, "set", "party", "members", "27").returncode == 0
    assert cli(school, "questions", "reply", on_row, "照片摄于2022年5月").returncode == 0
    assert cli(school, "questions", "reply", on_category, "党建品牌“红烛先锋”为市级示范校").returncode == 0
    pending = {q["uid"]: q for q in _json(cli(school, "questions", "list", "--json"))}
    assert pending[on_members]["answered"] and pending[on_members]["old"] == 25 and pending[on_members]["now"] == 27
    assert pending[on_row]["reply"] == "照片摄于2022年5月" and not pending[on_row]["value_changed"]
    done = cli(school, "submit", "--out", str(tmp_path / "r2"))
    assert done.returncode == 0, done.stderr
    assert _json(cli(school, "questions", "list", "--json")) == []  # carried by revision 2
    carried = {q["uid"]: q["answered_revision"] for q in _json(cli(school, "questions", "list", "--all", "--json"))}
    assert carried == {on_members: 2, on_row: 2, on_category: 2}

    r2 = next((tmp_path / "r2").glob("*.xlsx"))
    from desktop_app.domain.loader import load_pack
    from desktop_app.exporters.xlsx.reader import read_submission

    answers = {a.question: a.reply for a in read_submission(r2, load_pack()).answers}
    assert answers == {on_members: "", on_row: "照片摄于2022年5月", on_category: "党建品牌“红烛先锋”为市级示范校"}
    import pypdf

    text = "".join(page.extract_text() for page in pypdf.PdfReader(next((tmp_path / "r2").glob("*.pdf"))).pages)
    assert "对区教体局退回意见的答复" in text and "照片摄于2022年5月" in text

    assert cli(bureau, "bureau", "import", str(r2)).returncode == 0
    answered = {q["uid"]: q for q in _json(cli(bureau, "bureau", "questions", "list", "--json"))}
    assert answered[on_members]["state"] == "answered" and answered[on_members]["answered_revision"] == 2
    assert (answered[on_members]["old"], answered[on_members]["new"], answered[on_members]["reply"]) == (25, 27, "")
    assert answered[on_row]["reply"] == "照片摄于2022年5月" and not answered[on_row]["value_changed"]
    assert answered[on_category]["value_changed"] and answered[on_category]["new"]["members"] == 27
    shown = cli(bureau, "bureau", "questions", "list").stdout
    assert "第2版答复：25 → 27" in shown and "已答复 3" in shown

    assert cli(bureau, "bureau", "questions", "close", on_row, on_category).returncode == 0
    asked_again = cli(bureau, "bureau", "questions", "reask", on_members, "--text", "请说明增加 2 人的原因")
    assert asked_again.returncode == 0 and "第2版" in asked_again.stdout
    listed = _json(cli(bureau, "bureau", "questions", "list", "--json"))
    states = {q["uid"]: (q["state"], q["parent_uid"]) for q in listed}
    assert states[on_row][0] == states[on_category][0] == "accepted" and states[on_members][0] == "reasked"
    assert [uid for uid, (state, parent) in states.items() if state == "open" and parent == on_members]
    assert "待答复 1，已认可 2，已再次询问 1" in cli(bureau, "bureau", "questions", "list").stdout
    closed_twice = cli(bureau, "bureau", "questions", "close", on_row)
    assert closed_twice.returncode == 1 and "已认可" in closed_twice.stderr


def test_proposals_from_thin_notes(cli: Cli, submitted: dict[str, Path]) -> None:  # noqa: F811
    bureau = submitted["bureau"]
    assert cli(bureau, "bureau", "import", str(submitted["xlsx"])).returncode == 0
    proposed = _json(cli(bureau, "bureau", "questions", "propose", "--json"))
    asked = cli(bureau, "bureau", "questions", "add", "--proposed", "--school", "2137000001")
    assert asked.returncode == 0 and f"已提出意见 {len(proposed)} 条" in asked.stdout
    assert _json(cli(bureau, "bureau", "questions", "propose", "--json")) == []  # asked already


def _question_file(tmp_path: Path, pack: Any, school_db: Path, name: str, **changes: Any) -> Path:
    from desktop_app.domain.questions import Target
    from desktop_app.services.reporting import ReportingService
    from tests.questions.support import question_file_for, write_file

    service = ReportingService.open(school_db, pack)
    try:
        made = question_file_for(service, "2022", 1, [(Target("party", "members"), "请核实")], changes=changes)
    finally:
        service.close()
    return write_file(made, pack, tmp_path / name)


@pytest.mark.parametrize(("name", "changes", "said"), [
    ("other.xlsx", {"school_code": "2137000999", "school_name": "别的学校"}, "不是本校"),
    ("never.xlsx", {"revision": 5}, "没有上报过该版"),
    ("otherfp.xlsx", {"fingerprint": "ab" * 32}, "不符"),
])  # fmt: skip
def test_bad_question_files_are_refused_and_change_nothing(cli: Cli, submitted: dict[str, Path], tmp_path: Path,  # noqa: F811
                                                           pack: Any, name: str, changes: dict[str, Any],
                                                           said: str) -> None:  # fmt: skip
    school = submitted["school"]
    path = _question_file(tmp_path, pack, school, name, **changes)
    done = cli(school, "questions", "import", str(path))
    assert done.returncode == 1 and said in done.stderr and "Traceback" not in done.stderr
    assert _json(cli(school, "questions", "list", "--all", "--json")) == []
    assert "已上报" in cli(school, "history").stdout or True
    again = cli(school, "submit", "--out", str(tmp_path / "x"))
    assert again.returncode == 1 and "不能重复上报" in again.stderr  # still submitted: nothing reopened


def test_a_tampered_question_file_is_refused(cli: Cli, submitted: dict[str, Path], tmp_path: Path, pack: Any) -> None:  # noqa: F811
    school = submitted["school"]
    path = _question_file(tmp_path, pack, school, "q.xlsx")
    book = openpyxl.load_workbook(path)
    data = book["_data"]
    for row in data.iter_rows():
        if row[0].value == "question.1":
            row[1].value = row[1].value.replace("请核实", "请把党员人数改为 99")
    book.save(path)
    done = cli(school, "questions", "import", str(path))
    assert done.returncode == 1 and "修改过" in done.stderr
    not_questions = cli(school, "questions", "import", str(submitted["xlsx"]))
    assert not_questions.returncode == 1 and "不是退回意见文件" in not_questions.stderr
    english = cli(school, "questions", "import", str(path), lang="en")
    assert english.returncode == 1 and "modified after export" in english.stderr
    assert _json(cli(school, "questions", "list", "--all", "--json")) == []
