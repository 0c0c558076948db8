"""`load`: the JSON of `show --json`, a CSV and our own workbook, each value as if typed; refusals."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from tests.nextyear.conftest import YEAR_2022, Runner


@pytest.fixture
def demo(cli: Runner, tmp_path: Path) -> Path:
    db = tmp_path / "demo" / "school-report.sqlite3"
    db.parent.mkdir()
    assert cli(db, "demo")[0] == 0
    return db


def _empty(tmp_path: Path, name: str) -> Path:
    folder = tmp_path / name
    folder.mkdir()
    return folder / "school-report.sqlite3"


def _audit_sources(db: Path) -> set[str]:
    with sqlite3.connect(db) as connection:
        return {row[0] for row in connection.execute("SELECT DISTINCT source FROM audit")}


def _values(db: Path) -> list[tuple[object, ...]]:
    if not db.exists():
        return []
    with sqlite3.connect(db) as connection:
        return connection.execute("SELECT field, value_json FROM field_values ORDER BY id").fetchall()


def test_show_json_then_load_into_an_empty_database_gives_the_same_show_json(
    cli_process: Runner, demo: Path, tmp_path: Path
) -> None:
    code, shown, err = cli_process(demo, "show", "--json")
    assert code == 0, err
    document = json.loads(shown)
    assert set(document["by_period"]) == {"", "2022", "2021-2022-2", "2022-2023-1"}  # each semester its own
    assert document["explanations"]
    (tmp_path / "school.json").write_text(shown, encoding="utf-8")
    target = _empty(tmp_path, "new-pc")
    code, out, err = cli_process(target, "load", str(tmp_path / "school.json"), "--json")
    assert code == 0, err
    result = json.loads(out)
    assert result["refused"] == 0 and result["stored"] > 150 and result["computed"] > 0
    assert cli_process(target, "show", "--json")[1] == shown
    assert _audit_sources(target) == {"load"}  # every value went through the audited path
    code, out, _ = cli_process(target, "load", str(tmp_path / "school.json"), "--json")
    again = json.loads(out)
    assert code == 0 and again["stored"] == 0 and again["unchanged"] == result["stored"] + result["unchanged"]


def test_dry_run_reports_the_same_and_stores_nothing(cli: Runner, demo: Path, tmp_path: Path) -> None:
    source = tmp_path / "school.json"
    source.write_text(cli(demo, "show", "--json")[1], encoding="utf-8")
    target = _empty(tmp_path, "check")
    code, out, _ = cli(target, "load", str(source), "--dry-run", "--json")
    checked = json.loads(out)
    assert code == 0 and checked["dry_run"] and checked["stored"] > 150
    assert _values(target) == []
    code, out, _ = cli(target, "load", str(source), "--dry-run")
    assert "检查（未保存）" in out


def test_a_csv_is_typed_in_as_a_clerk_types(cli: Runner, demo: Path, tmp_path: Path) -> None:
    csv = tmp_path / "values.csv"
    csv.write_text(
        "category,field,value,row,column\n"
        "staff,staff_total,86,,\n"
        "party,org_type,党总支,,\n"  # a choice by its label, as typed
        "staff,trained,abc,,\n"  # refused: not a number
        "facilities,projects,新建风雨操场,3,name\n"  # one past the last row: a new row
        "facilities,projects,新建,3,kind\n"
        "facilities,projects,规划,3,status\n",
        encoding="utf-8",
    )
    code, out, err = cli(demo, "load", str(csv), "--period", "2022")
    assert code == 1  # one value refused; the others stored
    assert "拒绝  2022 staff.trained（第4行）" in err and "已导入：共 6 项，保存 5" in out
    values = json.loads(cli(demo, "show", "--period", "2022", "--json")[1])["values"]
    assert values["staff"]["staff_total"] == 86 and values["party"]["org_type"] == "general_branch"
    assert values["facilities"]["projects"][2]["name"] == "新建风雨操场"
    assert values["facilities"]["projects"][2]["status"] == "planned"
    assert len(values["facilities"]["projects"]) == 3
    gbk = tmp_path / "excel.csv"  # saved by Excel on a Chinese Windows
    gbk.write_bytes("category,field,value\nstaff,staff_total,87\n".encode("gb18030"))
    assert cli(demo, "load", str(gbk), "--period", "2022")[0] == 0


def test_our_workbook_loads_under_its_own_pack_version(cli: Runner, tmp_path: Path) -> None:
    target = _empty(tmp_path, "restore")
    code, out, err = cli(target, "load", str(YEAR_2022 / "sent-2022-r1.xlsx"), "--json")
    assert code == 0, err
    assert json.loads(out)["refused"] == 0
    loaded = json.loads(cli(target, "show", "staff", "--period", "2022", "--json")[1])["values"]["staff"]
    with sqlite3.connect(YEAR_2022 / "school-2022.sqlite3") as connection:
        document = json.loads(
            connection.execute("SELECT document_json FROM snapshots WHERE period_key = '2022'").fetchone()[0]
        )
    assert {k: v for k, v in loaded.items() if k in document["values"]["staff"]} == document["values"]["staff"]
    code, _out, err = cli(target, "load", str(YEAR_2022 / "sent-2022-r1.xlsx"), "--period", "2023")
    assert code == 1 and "与 --period 2023 不符" in err


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (
            '{"by_period": {"2022": {"staf": {"staff_total": 1}}}}',
            "by_period.2022.staf.staff_total：没有“staf”这一报送类别。未导入任何数据",
        ),
        (
            '{"by_period": {"2022": {"staff": {"staff_totl": 1}}}}',
            "by_period.2022.staff.staff_totl：“教师队伍”中没有“staff_totl”这一项",
        ),
        ("category,field,value\nstaff,staff_total,1\nsafety,guards,2\n", "第3行"),
        ('{"by_period": {"2022": [1]}}', "JSON 中缺少“by_period.2022”"),
        ('{"values": ', "JSON 格式错误"),
    ],
)
def test_a_file_naming_what_does_not_exist_is_refused_whole(
    cli: Runner, demo: Path, tmp_path: Path, content: str, expected: str
) -> None:
    before = _values(demo)
    path = tmp_path / ("bad.csv" if content.startswith("category") else "bad.json")
    path.write_text(content, encoding="utf-8")
    code, _out, err = cli(demo, "load", str(path), "--period", "2022")
    assert code == 1
    assert expected in err, err
    assert "未导入任何数据" in err or "JSON" in err
    assert _values(demo) == before  # the first value of the CSV was fine: still nothing stored
    code, _out, err = cli(demo, "load", str(path), "--period", "2022", lang="en")
    assert code == 1 and err.startswith("Error: ")


def test_a_value_of_the_wrong_type_in_json_is_refused_with_its_reason(cli: Runner, demo: Path, tmp_path: Path) -> None:
    path = tmp_path / "values.json"
    path.write_text(
        json.dumps({"by_period": {"2022": {"staff": {"staff_total": "many", "trained": 40}}}}), encoding="utf-8"
    )
    code, out, _err = cli(demo, "load", str(path), "--json")
    result = json.loads(out)
    assert code == 1 and result["stored"] == 1 and result["refused"] == 1
    refused = next(v for v in result["values"] if v["status"] == "refused")
    assert refused["field"] == "staff_total" and refused["where"] == "by_period.2022.staff.staff_total"
    assert refused["reason"]
