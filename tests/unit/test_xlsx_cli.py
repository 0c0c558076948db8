"""`school-report export xlsx` and `school-report read-xlsx` on a real database and real files."""

from __future__ import annotations

import argparse
import io
import json
from pathlib import Path

from desktop_app.cli import commands_export_xlsx, commands_values
from desktop_app.cli.context import CommandContext
from desktop_app.domain.pack import FormPack
from desktop_app.exporters.xlsx import read_submission


def _run(argv: list[str], db: Path) -> tuple[int, str, str]:
    parser = argparse.ArgumentParser(prog="school-report")
    subparsers = parser.add_subparsers(dest="command")
    commands_values.register(subparsers)
    commands_export_xlsx.register(subparsers)
    args = parser.parse_args(argv)
    out, err = io.StringIO(), io.StringIO()
    context = CommandContext(db=str(db), lang="zh", stdout=out, stderr=err)
    try:
        code = int(args.handler(args, context))
    finally:
        context.close()
    return code, out.getvalue(), err.getvalue()


def test_export_then_read(tmp_path: Path, pack: FormPack) -> None:
    db = tmp_path / "school.sqlite3"
    assert _run(["demo"], db)[0] == 0
    code, out, err = _run(["export", "xlsx", "--period", "2022", "--out", str(tmp_path / "out")], db)
    assert code == 0, err
    path = Path(out.strip())
    assert path.parent == tmp_path / "out" and path.name.endswith("_2022年度_第1版_草稿.xlsx")  # a draft says so
    submission = read_submission(path, pack)
    code, out, err = _run(["read-xlsx", str(path)], db)
    assert code == 0 and "核验通过" in out and submission.school_name in out
    code, out, _ = _run(["read-xlsx", str(path), "--json"], db)
    document = json.loads(out)
    assert document["ok"] and document["school_code"] == submission.school_code
    assert document["values"]["profile"]["school_code"] == submission.school_code


def test_read_rejects_with_reason_and_exit_1(tmp_path: Path) -> None:
    fake = tmp_path / "fake.xlsx"
    fake.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512))
    code, out, err = _run(["read-xlsx", str(fake)], tmp_path / "db.sqlite3")
    assert code == 1 and "旧版 .xls" in err and out == ""
    code, out, _ = _run(["read-xlsx", str(fake), "--json"], tmp_path / "db.sqlite3")
    assert code == 1 and json.loads(out)["code"] == "legacy_xls"
