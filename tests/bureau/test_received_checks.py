"""What the bureau takes in is what the schools' sheets show, what the form allows and what the database
holds; no file stops the batch and no file is read without bound (issue 12 items 3, 4, 7, 8).

Through the real CLI (`python -m desktop_app bureau import`) on SQLite and on PostgreSQL, with both
parsing engines (python-calamine in the workers, openpyxl in-process as on Windows).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from desktop_app.bureau.commit import Committer
from desktop_app.bureau.parse import parse_file
from desktop_app.bureau.store import BureauStore
from tests.bureau.helpers import register_of, write_workbook

ROOT = Path(__file__).resolve().parents[2]
REDO = "请在软件中修改并重新导出"


def _cli(*args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "desktop_app", *args], capture_output=True, text=True,
                          timeout=timeout, cwd=ROOT, env=env)  # fmt: skip


def _import(db: str, folder: Path, *extra: str, timeout: float = 300) -> dict[str, dict[str, Any]]:
    """One `bureau import --json` run: file name → its decision line (exactly one per file)."""
    result = _cli("--db", db, "bureau", "import", str(folder), "--json", *extra, timeout=timeout)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    names = [Path(line["file"]).name for line in lines]
    assert len(names) == len(set(names))
    return dict(zip(names, lines, strict=True))


def _totals(db: str) -> dict[str, Any]:
    result = _cli("--db", db, "bureau", "totals", "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def _register(db: str, schools: list[Any]) -> None:
    store = BureauStore.open(db)
    store.save_schools(register_of(schools))
    store.close()


def _members_total(db: str) -> int:
    return int(_totals(db)["district"]["categories"]["party"]["members"]["total"])


def _edit_visible(path: Path, label: str, value: Any) -> str:
    """Change the value beside `label` on the party sheet, as a clerk would in a spreadsheet; its cell."""
    workbook = openpyxl.load_workbook(path)
    sheet = workbook["1 党建工作"]
    cell = next(row[1] for row in sheet.iter_rows(min_col=1, max_col=2) if row[0].value == label)
    cell.value = value
    workbook.save(path)
    return str(cell.coordinate)


def _party(submissions: list[Any]) -> list[Any]:
    return [s for s in submissions if "members" in s.values.get("party", {})]


def test_a_value_changed_on_a_visible_sheet_is_rejected_on_both_engines(tmp_path: Path, exported, bureau_pack):  # type: ignore[no-untyped-def]
    schools, submissions, folder = exported
    good, edited, formula = _party(submissions)[:3]
    batch = tmp_path / "batch"
    batch.mkdir()
    for submission in (good, edited, formula):
        shutil.copy(folder / f"{submission.school_code}_r1.xlsx", batch)
    cell = _edit_visible(batch / f"{edited.school_code}_r1.xlsx", "党员人数", edited.values["party"]["members"] + 40)
    book = openpyxl.load_workbook(batch / f"{formula.school_code}_r1.xlsx")
    book["封面"]["D20"] = "=SUM(1,2)"
    book.save(batch / f"{formula.school_code}_r1.xlsx")
    for engine in ("calamine", "openpyxl"):
        results = {path.name: parse_file(str(path), bureau_pack, engine=engine) for path in batch.iterdir()}
        assert results[f"{good.school_code}_r1.xlsx"].parsed is not None
        rejected = results[f"{edited.school_code}_r1.xlsx"]
        assert (rejected.code, rejected.sheet, rejected.key) == ("view_differs", "1 党建工作", "value.party.members")
        assert cell in rejected.reason_zh and REDO in rejected.reason_zh and cell in rejected.reason_en
        assert results[f"{formula.school_code}_r1.xlsx"].code == "view_formula"
    db = str(tmp_path / "bureau.sqlite3")
    _register(db, schools)
    decisions = _import(db, batch)
    assert decisions[f"{good.school_code}_r1.xlsx"]["decision"] == "accepted"
    line = decisions[f"{edited.school_code}_r1.xlsx"]
    assert line["decision"] == "rejected" and line["code"] == "view_differs" and "党员人数" in line["reason"]
    assert decisions[f"{formula.school_code}_r1.xlsx"]["code"] == "view_formula"
    assert _members_total(db) == good.values["party"]["members"]  # only the file whose sheets agree


FORBIDDEN = [
    ("party", "members", -500, "不能小于"),
    ("party", "members", 10**300, "不能大于"),
    ("party", "honoured_members", 10**300, "不能超过"),  # no maximum of its own: the pack's error rule
    ("profile", "school_name", "校" * 200, "最多"),
    ("party", "org_type", None, "必填"),
]


def test_values_the_form_forbids_are_rejected_though_the_fingerprint_is_valid(tmp_path: Path, exported, bureau_pack):  # type: ignore[no-untyped-def]
    """The school's own writer wrote these files: `_data`, its fingerprint and the sheets all agree."""
    schools, submissions, folder = exported
    chosen = _party(submissions)[: len(FORBIDDEN) + 1]
    batch = tmp_path / "batch"
    batch.mkdir()
    good = chosen[-1]
    shutil.copy(folder / f"{good.school_code}_r1.xlsx", batch)
    expected = {}
    for submission, (category, field, value, words) in zip(chosen, FORBIDDEN, strict=False):
        values = {key: dict(fields) for key, fields in submission.values.items()}
        values[category][field] = value
        path = write_workbook(bureau_pack, replace(submission, values=values), batch)
        expected[path.name] = (f"value.{category}.{field}", words)
        result = parse_file(str(path), bureau_pack, engine="calamine")
        assert result.code == "invalid_value" and result.key == f"value.{category}.{field}", result.reason_zh
    db = str(tmp_path / "bureau.sqlite3")
    _register(db, schools)
    decisions = _import(db, batch)
    for name, (key, words) in expected.items():
        line = decisions[name]
        assert (line["decision"], line["code"]) == ("rejected", "invalid_value")
        assert words in line["reason"] and key in line["reason"] and line["reason_en"]
    assert decisions[f"{good.school_code}_r1.xlsx"]["decision"] == "accepted"
    assert _members_total(db) == good.values["party"]["members"]


def _out_of_range_batch(tmp_path: Path, exported, pack) -> tuple[Path, list[str], list[str]]:  # type: ignore[no-untyped-def]
    _schools, submissions, folder = exported
    batch = tmp_path / "batch"
    batch.mkdir()
    goods, bads = [], []
    for number, submission in enumerate(_party(submissions)[:6]):
        if number % 2:  # every other file claims an impossible revision
            revision = 10**30 if number == 1 else (-(2**63) if number == 3 else 0)
            path = write_workbook(pack, replace(submission, revision=revision), batch, f"{number}_bad.xlsx")
            bads.append(path.name)
        else:
            path = batch / f"{number}_good.xlsx"
            shutil.copy(folder / f"{submission.school_code}_r1.xlsx", path)
            goods.append(path.name)
    return batch, goods, bads


def _batch_survives(db: str, tmp_path: Path, exported, pack) -> None:  # type: ignore[no-untyped-def]
    schools, _submissions, _folder = exported
    batch, goods, bads = _out_of_range_batch(tmp_path, exported, pack)
    _register(db, schools)
    decisions = _import(db, batch)
    assert sorted(decisions) == sorted(goods + bads)
    for name in goods:
        assert decisions[name]["decision"] == "accepted"
    for name in bads:
        line = decisions[name]
        assert (line["decision"], line["code"], line["revision"]) == ("rejected", "out_of_bounds", None)
        assert "revision" in line["reason"] and "版次" in line["reason"]


def test_a_huge_revision_never_stops_the_batch_on_sqlite(tmp_path: Path, exported, bureau_pack) -> None:  # type: ignore[no-untyped-def]
    _batch_survives(str(tmp_path / "bureau.sqlite3"), tmp_path, exported, bureau_pack)


@pytest.mark.postgres
def test_a_huge_revision_never_stops_the_batch_on_postgresql(fresh_pg: str, tmp_path: Path, exported,  # type: ignore[no-untyped-def]
                                                              bureau_pack) -> None:  # fmt: skip
    _batch_survives(fresh_pg, tmp_path, exported, bureau_pack)


def _committer_survives(url: str, exported, pack) -> None:  # type: ignore[no-untyped-def]
    """Past every check (as if one were missed), the database's own refusal rejects that file alone."""
    schools, submissions, folder = exported
    store = BureauStore.open(url)
    store.save_schools(register_of(schools))
    first, second = _party(submissions)[:2]
    results = [parse_file(str(folder / f"{s.school_code}_r1.xlsx"), pack) for s in (first, second)]
    assert results[0].parsed is not None and results[1].parsed is not None
    broken = replace(results[0], parsed=replace(results[0].parsed, revision=10**30))
    with Committer(store, pack) as committer:
        outcomes = [committer.take(broken), committer.take(results[1]), committer.take(results[0])]
    store.close()
    assert [o.decision for o in outcomes] == ["rejected", "accepted", "accepted"]
    assert outcomes[0].code == "db_refused" and "其余文件照常导入" in outcomes[0].reason_zh


def test_the_database_refusing_one_file_does_not_stop_the_batch_on_sqlite(tmp_path: Path, exported,  # type: ignore[no-untyped-def]
                                                                         bureau_pack) -> None:  # fmt: skip
    _committer_survives(str(tmp_path / "bureau.sqlite3"), exported, bureau_pack)


@pytest.mark.postgres
def test_the_database_refusing_one_file_does_not_stop_the_batch_on_postgresql(fresh_pg: str, exported,  # type: ignore[no-untyped-def]
                                                                             bureau_pack) -> None:  # fmt: skip
    _committer_survives(fresh_pg, exported, bureau_pack)


@pytest.mark.skipif(not hasattr(os, "mkfifo") or not Path("/dev/zero").exists(), reason="POSIX devices and FIFOs")
def test_devices_and_fifos_in_the_import_folder_are_refused_at_once(tmp_path: Path, exported, bureau_pack):  # type: ignore[no-untyped-def]
    schools, submissions, folder = exported
    batch = tmp_path / "batch"
    batch.mkdir()
    good = submissions[0]
    shutil.copy(folder / f"{good.school_code}_r1.xlsx", batch / "good.xlsx")
    (batch / "zero.xlsx").symlink_to("/dev/zero")
    (batch / "urandom.xlsx").symlink_to("/dev/urandom")
    os.mkfifo(batch / "pipe.xlsx")
    (batch / "linked.xlsx").symlink_to(folder / f"{submissions[1].school_code}_r1.xlsx")  # a link to a file
    db = str(tmp_path / "bureau.sqlite3")
    _register(db, schools)
    started = time.monotonic()
    decisions = _import(db, batch, timeout=120)
    assert time.monotonic() - started < 100
    for name in ("zero.xlsx", "urandom.xlsx", "pipe.xlsx"):
        line = decisions[name]
        assert (line["decision"], line["code"]) == ("rejected", "not_regular"), line
        assert "不是普通文件" in line["reason"] and "not a regular file" in line["reason_en"]
    assert decisions["good.xlsx"]["decision"] == "accepted"
    assert decisions["linked.xlsx"]["decision"] == "accepted"
    for engine in ("calamine", "openpyxl"):
        assert parse_file(str(batch / "pipe.xlsx"), bureau_pack, engine=engine).code == "not_regular"
    for name in ("zero.xlsx", "pipe.xlsx"):
        result = _cli("read-xlsx", str(batch / name), timeout=60)
        assert result.returncode == 1 and "不是普通文件" in result.stderr and "Traceback" not in result.stderr
        result = _cli("--db", db, "bureau", "register", "import", str(batch / name), timeout=60)
        assert result.returncode != 0 and "不是普通文件" in result.stderr + result.stdout
        assert "Traceback" not in result.stderr
