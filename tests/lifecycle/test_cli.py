"""The lifecycle commands (names and exit statuses are a contract) on real files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.lifecycle.conftest import read_value


def test_submit_refused_exits_1_with_the_reasons(run_cli: Any, demo_db: Path, tmp_path: Path) -> None:
    assert run_cli(demo_db, "set", "party", "members", "")[0] == 0
    code, out, err = run_cli(demo_db, "submit", "--out", str(tmp_path / "out"))
    assert code == 1 and out == ""
    assert "不能上报" in err and "党建工作 / 党员人数" in err
    assert not (tmp_path / "out").exists()


def test_submit_prints_both_paths_then_set_is_refused(run_cli: Any, demo_db: Path, tmp_path: Path) -> None:
    code, out, err = run_cli(demo_db, "submit", "--reviewer", "王审核", "--out", str(tmp_path / "out"))
    assert code == 0, err
    lines = out.strip().splitlines()
    assert "第1版" in lines[0]
    pdf, xlsx = Path(lines[1]), Path(lines[2])
    assert pdf.suffix == ".pdf" and pdf.exists() and xlsx.suffix == ".xlsx" and xlsx.exists()
    code, out, err = run_cli(demo_db, "set", "party", "members", "99")
    assert code == 1 and "已上报，不能修改" in err
    assert read_value(demo_db, "party", "members", "2022") == 25
    code, _, err = run_cli(demo_db, "submit", "--out", str(tmp_path / "out"))
    assert code == 1 and "不能重复上报" in err


def test_reopen_history_audit_regenerate(run_cli: Any, demo_db: Path, tmp_path: Path, pack: Any) -> None:
    from desktop_app.exporters.xlsx import read_submission

    assert run_cli(demo_db, "submit", "--out", str(tmp_path / "r1"))[0] == 0
    code, _, err = run_cli(demo_db, "reopen", "--reason", "  ")
    assert code == 1 and "原因" in err
    code, out, _ = run_cli(demo_db, "reopen", "--reason", "党员人数有误")
    assert code == 0 and "第2版" in out
    assert run_cli(demo_db, "set", "party", "members", "31")[0] == 0
    assert run_cli(demo_db, "submit", "--out", str(tmp_path / "r2"))[0] == 0
    code, out, _ = run_cli(demo_db, "history", "--json")
    document = json.loads(out)
    assert code == 0 and document["status"] == "submitted" and document["revision"] == 2
    assert [r["reason"] for r in document["revisions"]] == ["", "党员人数有误"]
    assert document["revisions"][0]["reopen_reason"] == "党员人数有误"
    code, out, _ = run_cli(demo_db, "history")
    assert code == 0 and "第1版" in out and "退回修改：党员人数有误" in out
    code, out, _ = run_cli(demo_db, "audit", "party")
    assert code == 0 and "党员人数：25 → 31  第2版（命令行）" in out and "报送状态：已提交 → 草稿" in out
    code, out, err = run_cli(demo_db, "regenerate", "--revision", "1", "--out", str(tmp_path / "again"))
    assert code == 0, err
    xlsx = Path(out.strip().splitlines()[1])
    assert read_submission(xlsx, pack).values["party"]["members"] == 25
    code, _, err = run_cli(demo_db, "regenerate", "--revision", "7", "--out", str(tmp_path / "x"))
    assert code == 1 and "没有第7版" in err


def test_backup_restore_and_check(run_cli: Any, demo_db: Path, tmp_path: Path) -> None:
    chosen = tmp_path / "mine" / "copy.sqlite3"
    code, out, _ = run_cli(demo_db, "backup", "--out", str(chosen))
    assert code == 0 and Path(out.strip()) == chosen and chosen.exists()
    code, out, _ = run_cli(demo_db, "backup")
    assert code == 0 and Path(out.strip()).parent == demo_db.parent / "backups"
    code, out, _ = run_cli(demo_db, "restore")
    assert code == 0 and "济阳区实验小学" in out
    assert run_cli(demo_db, "set", "party", "members", "44")[0] == 0
    code, out, _ = run_cli(demo_db, "restore", str(chosen))
    assert code == 0 and "已从" in out and "改名保留" in out
    assert read_value(demo_db, "party", "members", "2022") == 25
    code, out, _ = run_cli(demo_db, "check")
    assert code == 0 and "完好" in out
    with open(demo_db, "r+b") as handle:
        handle.truncate(demo_db.stat().st_size // 2)
    code, _, err = run_cli(demo_db, "check")
    assert code == 1 and "已损坏" in err
    code, _, err = run_cli(demo_db, "history")
    assert code == 1 and "已损坏" in err and "school-report restore" in err


def test_restore_is_refused_while_the_database_is_open(run_cli: Any, demo_db: Path, tmp_path: Path) -> None:
    from desktop_app.services.startup import start

    assert run_cli(demo_db, "backup", "--out", str(tmp_path / "copy.sqlite3"))[0] == 0
    running = start(demo_db)
    try:
        code, _, err = run_cli(demo_db, "restore", str(tmp_path / "copy.sqlite3"))
        assert code == 1 and "另一个程序窗口" in err
        code, _, err = run_cli(demo_db, "submit")
        assert code == 1 and "另一个程序窗口" in err
    finally:
        running.close()
