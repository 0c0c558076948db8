"""The next year: the school's 2022 database and sent files (tests/fixtures/year2022), the 2023 test pack
(tests/fixtures/packs/jiyang-2023, never shipped) built into a .srpack, and the real command line."""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
YEAR_2022 = FIXTURES / "year2022"
PACK_2023 = FIXTURES / "packs" / "jiyang-2023"
REPO = FIXTURES.parent.parent


@pytest.fixture(autouse=True)
def _config_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SCHOOL_REPORT_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("SCHOOL_REPORT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("SCHOOL_REPORT_PACK", raising=False)


@pytest.fixture
def school_2022(tmp_path: Path) -> Path:
    """A copy of the school's database after its 2022 reporting (schema 0002: upgraded on first open)."""
    target = tmp_path / "school" / "school-report.sqlite3"
    target.parent.mkdir()
    shutil.copyfile(YEAR_2022 / "school-2022.sqlite3", target)
    return target


@pytest.fixture(scope="session")
def pack_2023_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The 2023 test pack as the bureau publishes it."""
    from desktop_app.domain.loader import load_pack
    from desktop_app.domain.pack_file import build_pack_file

    data, _manifest = build_pack_file(load_pack(PACK_2023))
    path = tmp_path_factory.mktemp("published") / "jiyang-2023.1.srpack"
    path.write_bytes(data)
    return path


@pytest.fixture
def pack_2023_folder(tmp_path: Path) -> Path:
    """A copy of the 2023 test pack's folder, to spoil for the bad-pack cases."""
    target = tmp_path / "pack-2023"
    shutil.copytree(PACK_2023, target)
    return target


Runner = Callable[..., tuple[int, str, str]]


@pytest.fixture
def cli() -> Runner:
    """cli(db, *argv, lang="zh") -> (exit status, stdout, stderr), in this process through the real parser."""
    from desktop_app.cli.context import CommandContext
    from desktop_app.cli.main import build_parser

    def run(db: Path | None, *argv: str, lang: str = "zh") -> tuple[int, str, str]:
        head = ["--db", str(db)] if db is not None else []
        args = build_parser().parse_args([*head, "--lang", lang, *argv])
        out, err = io.StringIO(), io.StringIO()
        context = CommandContext.from_args(args)
        context.stdout, context.stderr = out, err
        try:
            code = int(args.handler(args, context))
        finally:
            context.close()
        return code, out.getvalue(), err.getvalue()

    return run


@pytest.fixture
def cli_process(tmp_path: Path) -> Runner:
    """The real program as a separate process (`python -m desktop_app`)."""
    import os

    def run(db: Path | None, *argv: str, lang: str = "zh") -> tuple[int, str, str]:
        head = ["--db", str(db)] if db is not None else []
        env = {**os.environ, "PYTHONPATH": str(REPO), "PYTHONIOENCODING": "utf-8"}
        done = subprocess.run(
            [sys.executable, "-m", "desktop_app", *head, "--lang", lang, *argv],
            capture_output=True,
            text=True,
            encoding="utf-8",
            env=env,
            cwd=tmp_path,
            timeout=300,
        )
        return done.returncode, done.stdout, done.stderr

    return run


def installed_2023(cli: Runner, db: Path, pack_file: Path) -> None:
    code, out, err = cli(db, "forms", "install", str(pack_file))
    assert code == 0, err
    assert "2023.1" in out


def _a_year_later(data: Any) -> Any:
    """Dates moved one year on (an event of 2022-06-28 happens on 2023-06-28)."""
    import re
    from datetime import date

    if isinstance(data, dict):
        return {key: _a_year_later(value) for key, value in data.items()}
    if isinstance(data, list):
        return [_a_year_later(value) for value in data]
    if isinstance(data, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", data):
        day = date.fromisoformat(data)
        return day.replace(year=day.year + 1, day=min(day.day, 28)).isoformat()
    return data


def fill_2023(service: Any) -> None:
    """Complete 2023年度 from last year's submission in this year's terms (as a careful clerk would), with
    the new item filled, every carried value checked and last year's 说明 kept."""
    from desktop_app.domain.pack_translate import translate, translation_steps
    from desktop_app.domain.values import from_json
    from desktop_app.services import submissions as snaps
    from desktop_app.services.carry import marks

    record = snaps.snapshots(service.store, "2022")[-1]
    steps = translation_steps(service.pack, record.document["pack_version"], service.shelf.by_version())
    values = _a_year_later(translate(record.document["values"], steps))
    with service.store.write():
        for category, fields in values.items():
            if category == "profile":
                continue
            owner = service.pack.category(category)
            for key, data in fields.items():
                service.set_value(category, key, from_json(owner.field(key), data, service.pack), period="2023")
        service.set_text("staff", "teachers_master", "9", period="2023")
        for category in {c for c, _f in marks(service, "2023")}:
            service.confirm_carried(category, "2023")
        for category, notes in record.document.get("explanations", {}).items():
            for rule_id, text in notes.items():
                service.set_explanation(category, rule_id, text, period="2023")


def bureau_with_2023(cli: Runner, school_2022: Path, pack_2023_file: Path, tmp_path: Path) -> tuple[Path, Path]:
    """The school installs 2023.1, fills and submits 2023; the bureau installs 2023.1 beside its database
    and imports the register naming that school. Returns the bureau's database and the 2023 workbook."""
    from desktop_app.services import lifecycle
    from desktop_app.services.startup import start

    installed_2023(cli, school_2022, pack_2023_file)
    started = start(school_2022, daily=False)
    try:
        fill_2023(started.service)
        result = lifecycle.submit(started.service, "2023", out_dir=tmp_path / "sent")
        profile = started.service.profile()
    finally:
        started.close()
    assert result.xlsx is not None
    bureau = tmp_path / "bureau" / "bureau.sqlite3"
    bureau.parent.mkdir()
    code, _out, err = cli(bureau, "forms", "install", str(pack_2023_file))  # the bureau holds both versions too
    assert code == 0, err
    register = tmp_path / "名单.csv"
    register.write_text(
        "学校标识码,学校名称,办学类型,镇街,联系人,联系电话\n"
        f"{profile['school_code']},{profile['school_name']},小学,济北街道,李老师,0531-84235116\n",
        encoding="utf-8",
    )
    code, out, err = cli(bureau, "bureau", "register", "import", str(register))
    assert code == 0 and "新增 1 所" in out, err
    return bureau, result.xlsx
