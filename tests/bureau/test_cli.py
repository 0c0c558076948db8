"""`school-report bureau …` end to end in-process: register, import, status, totals, summary."""

from __future__ import annotations

import io
import json
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import openpyxl
import pytest

from desktop_app.cli.main import main


def _run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        try:
            code = main(list(argv))
        except SystemExit as stop:  # argparse's usage errors
            code = int(stop.code or 0)
    return code, out.getvalue(), err.getvalue()


def _register_file(path: Path, exported) -> Path:  # type: ignore[no-untyped-def]
    schools, _submissions, _folder = exported
    book = openpyxl.Workbook()
    book.active.append(["学校标识码", "学校名称", "办学类型", "镇街", "联系人", "联系电话"])
    for school in schools[:8]:
        p = school.profile
        book.active.append([p["school_code"], p["school_name"], p["school_type"], p["town"], p.get("preparer", ""),
                            p.get("phone", "")])  # fmt: skip
    book.save(path)
    return path


def test_the_bureau_commands(tmp_path: Path, exported) -> None:  # type: ignore[no-untyped-def]
    _schools, submissions, folder = exported
    db = str(tmp_path / "bureau.sqlite3")
    code, out, _err = _run(
        "--db", db, "bureau", "register", "import", str(_register_file(tmp_path / "名单.xlsx", exported))
    )
    assert code == 0 and "新增 8 所" in out
    batch = tmp_path / "batch"
    batch.mkdir()
    for submission in submissions[:5]:
        name = f"{submission.school_code}_r1.xlsx"
        (batch / name).write_bytes((folder / name).read_bytes())
    (batch / "broken.xlsx").write_bytes(b"PK\x03\x04 truncated")
    code, out, _err = _run("bureau", "import", str(batch), "--json", "--db", db)
    assert code == 0  # some files were rejected: still a successful run
    lines = [json.loads(line) for line in out.splitlines()]
    assert sorted(line["decision"] for line in lines) == ["accepted"] * 5 + ["rejected"]
    assert next(line for line in lines if line["decision"] == "rejected")["reason"]
    code, out, _err = _run("--db", db, "bureau", "import", str(batch))
    assert code == 0 and out.count("duplicate") == 5 and "rejected" in out
    code, out, _err = _run("--db", db, "bureau", "status", "--json")
    status = json.loads(out)
    assert status["counts"]["received"] == 5 and len(status["missing"]) == 3
    code, out, _err = _run("--db", db, "bureau", "totals", "--json")
    totals = json.loads(out)
    members = sum(s.values["party"]["members"] for s in submissions[:5] if "members" in s.values.get("party", {}))
    assert totals["district"]["categories"]["party"]["members"]["total"] == members
    for suffix in ("xlsx", "pdf"):
        target = tmp_path / f"汇总.{suffix}"
        code, out, _err = _run("--db", db, "bureau", "summary", "--out", str(target))
        assert code == 0 and target.stat().st_size > 1000
    from pypdf import PdfReader
    from python_calamine import CalamineWorkbook

    text = "".join(page.extract_text() for page in PdfReader(tmp_path / "汇总.pdf").pages)
    assert "全区合计" in text and "报送情况" in text and f"{members:,}人" in text
    book = CalamineWorkbook.from_path(str(tmp_path / "汇总.xlsx"))
    assert {"全区合计", "分镇街", "分办学类型", "报送情况", "未报送学校", "回访清单"} <= set(book.sheet_names)
    rows = book.get_sheet_by_name("全区合计").to_python()
    assert any(row[4] == "party.members" and row[2] == f"{members:,}人" for row in rows[1:])


@pytest.mark.parametrize(
    "argv",
    [["bureau", "import"], ["bureau", "import", "/no/such/folder"], ["bureau", "totals", "--period", "1999"],
     ["bureau", "summary", "--out", "x.docx"]],
)  # fmt: skip
def test_usage_errors_exit_2(tmp_path: Path, argv: list[str]) -> None:
    code, _out, err = _run("--db", str(tmp_path / "b.sqlite3"), *argv)
    assert code == 2 and err
