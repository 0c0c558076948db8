"""The command line: set / show / validate / demo / forms check, in-process and as a real process."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from desktop_app.cli.main import main
from tests.unit.storage_support import write_all_types_pack

REPO = Path(__file__).resolve().parent.parent.parent


@pytest.fixture
def tiny(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SCHOOL_REPORT_PACK", str(write_all_types_pack(tmp_path / "pack")))
    monkeypatch.setenv("SCHOOL_REPORT_CONFIG_DIR", str(tmp_path / "config"))
    return tmp_path / "db.sqlite3"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_set_show_json_is_exactly_typed(tiny: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tiny)
    assert run(capsys, "--db", db, "set", "safety", "budget", "1,234.5")[0] == 0
    assert run(capsys, "--db", db, "set", "safety", "phone", "05318423511")[0] == 0
    assert run(capsys, "--db", db, "set", "safety", "events", "读书会", "--row", "1", "--column", "title")[0] == 0
    code, out, _ = run(capsys, "--db", db, "show", "safety", "--json")
    assert code == 0
    values = json.loads(out)["values"]["safety"]
    assert values["budget"] == "1234.50"
    assert values["phone"] == "05318423511"
    assert values["events"][0]["title"] == "读书会"


@pytest.mark.parametrize(
    ("argv", "zh"),
    [
        (["set", "safety", "students", "三百"], "应填写整数"),
        (["set", "safety", "students", "9999"], "不能大于5000"),
        (["set", "safety", "nothing", "1"], "没有“nothing”这一项"),
        (["set", "nowhere", "x", "1"], "没有“nowhere”这一报送类别"),
        (["set", "safety", "events", "x", "--row", "5", "--column", "title"], "没有第5行"),
    ],
)
def test_bad_values_are_refused_and_change_nothing(
    tiny: Path, capsys: pytest.CaptureFixture[str], argv: list[str], zh: str
) -> None:
    db = str(tiny)
    assert run(capsys, "--db", db, "set", "safety", "students", "120")[0] == 0
    before = run(capsys, "--db", db, "show", "--json")[1]
    code, out, err = run(capsys, "--db", db, *argv)
    assert (code, out) == (1, "")
    assert zh in err
    code, _, err_en = run(capsys, "--db", db, "--lang", "en", *argv)
    assert code == 1 and err_en.startswith("Error:")
    assert run(capsys, "--db", db, "show", "--json")[1] == before


def test_validate_exits_1_on_errors_and_lists_them(tiny: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tiny)
    run(capsys, "--db", db, "set", "safety", "found", "2")
    run(capsys, "--db", db, "set", "safety", "resolved", "3")
    code, out, _ = run(capsys, "--db", db, "validate")
    assert code == 1
    assert "整改隐患数不能超过发现隐患数" in out and "共 1 个错误" in out
    code, out, _ = run(capsys, "--db", db, "validate", "--json", "--period", "2022")
    issues = json.loads(out)["issues"]
    assert code == 1
    assert [(i["category"], i["field"], i["severity"]) for i in issues] == [("safety", "resolved", "error")]
    run(capsys, "--db", db, "set", "safety", "resolved", "1")
    assert run(capsys, "--db", db, "validate")[0] == 0


def test_database_problems_exit_1_with_a_message(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    not_db = tmp_path / "notes.sqlite3"
    not_db.write_text("not a database\n" * 20, encoding="utf-8")
    before = hashlib.sha256(not_db.read_bytes()).hexdigest()
    code, _, err = run(capsys, "--db", str(not_db), "show")
    assert code == 1 and "不是本程序的数据库文件" in err
    code, _, err = run(capsys, "--db", str(not_db), "--lang", "en", "show")
    assert code == 1 and "not a database of this program" in err
    assert hashlib.sha256(not_db.read_bytes()).hexdigest() == before
    code, _, err = run(capsys, "--db", str(tmp_path / "missing" / "db.sqlite3"), "show")
    assert code == 1 and "不存在" in err


def test_forms_check_lists_categories_and_reports_a_broken_pack(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = write_all_types_pack(tmp_path / "pack")
    code, out, _ = run(capsys, "forms", "check", str(folder))
    assert code == 0 and "safety" in out and "表单包检查通过" in out
    (folder / "06-safety.yaml").write_text("key: safety\nfields: [\n", encoding="utf-8")
    code, out, err = run(capsys, "forms", "check", str(folder))
    assert code == 1 and "06-safety.yaml" in err


def test_forms_check_lists_every_fields_aggregation_and_every_target(capsys: pytest.CaptureFixture[str]) -> None:
    from desktop_app.domain.loader import load_pack

    code, out, _ = run(capsys, "forms", "check")
    assert code == 0
    pack = load_pack()
    lines = out.splitlines()
    for category in pack.categories:
        for item in category.fields:
            assert any(line.split()[:1] == [item.key] and item.label.zh in line for line in lines), item.key
        for rule in category.targets:
            assert any(line.strip().startswith(f"目标 {rule.id}：") for line in lines), rule.id
    assert any("已规范的党支部档案类别数  分布（最小/中位/最大，不求和）" in line for line in lines)
    assert any("党员人数  合计（按类型默认）" in line for line in lines)
    assert any("课后服务参与率  比率：Σ“参加课后服务学生数”÷Σ“在校学生数”，义务教育学校" in line for line in lines)
    assert any("基期：上年年底" in line for line in lines)


def test_shipped_pack_demo_passes_validation(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "demo.sqlite3")
    code, out, err = run(capsys, "--db", db, "demo")
    assert code == 0, err
    assert "虚构（演示）" in out
    code, out, _ = run(capsys, "--db", db, "validate")
    assert code == 0 and "共 0 个错误" in out


def test_usage_error_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as raised:
        main(["set", "safety"])
    assert raised.value.code == 2


def test_set_as_a_real_process(tiny: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run(
        [sys.executable, "-m", "desktop_app", "--db", str(tiny), "set", "safety", "students", "三百"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        cwd=REPO,
        timeout=120,
    )
    assert done.returncode == 1 and "应填写整数" in done.stderr
    done = subprocess.run(
        [sys.executable, "-m", "desktop_app", "--db", str(tiny), "set", "safety", "students", "300"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        cwd=REPO,
        timeout=120,
    )
    assert done.returncode == 0 and "已保存" in done.stdout
