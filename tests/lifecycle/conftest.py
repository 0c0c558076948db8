"""Lifecycle fixtures: a database filled with the demo school (made once, copied per test with SQLite's
backup API), a service over it, and a runner for the lifecycle commands."""

from __future__ import annotations

import argparse
import contextlib
import io
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest


@pytest.fixture(autouse=True)
def _config_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SCHOOL_REPORT_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("SCHOOL_REPORT_DATA_DIR", str(tmp_path / "data"))


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from desktop_app.cli.commands_values import fill_demo
    from desktop_app.cli.context import CommandContext

    path = tmp_path_factory.mktemp("template") / "demo.sqlite3"
    context = CommandContext(db=str(path), stdout=io.StringIO())
    try:
        assert fill_demo(argparse.Namespace(), context) == 0
    finally:
        context.close()
    return path


def copy_database(source: Path, target: Path) -> Path:
    with contextlib.closing(sqlite3.connect(source)) as src, contextlib.closing(sqlite3.connect(target)) as dst:
        src.backup(dst)
    return target


@pytest.fixture
def demo_db(demo_template: Path, db_path: Path) -> Path:
    return copy_database(demo_template, db_path)


@pytest.fixture
def service(demo_db: Path, pack: Any) -> Iterator[Any]:
    from desktop_app.services.reporting import ReportingService

    opened = ReportingService.open(demo_db, pack)
    try:
        yield opened
    finally:
        opened.close()


def read_value(db: Path, category: str, field: str, period: str) -> Any:
    """A stored value read with plain sqlite3 (no service, no migration)."""
    import json

    with contextlib.closing(sqlite3.connect(db)) as connection:
        row = connection.execute(
            "SELECT v.value_json FROM field_values v JOIN reports r ON r.id = v.report_id "
            "JOIN periods p ON p.id = r.period_id WHERE r.category = ? AND v.field = ? AND p.key = ?",
            (category, field, period),
        ).fetchone()
    return None if row is None else json.loads(row[0])


@pytest.fixture
def run_cli() -> Callable[..., tuple[int, str, str]]:
    """run_cli(db, *argv) -> (exit status, stdout, stderr), through the real parser of school-report."""
    from desktop_app.cli.context import CommandContext
    from desktop_app.cli.main import build_parser

    def run(db: Path, *argv: str) -> tuple[int, str, str]:
        args = build_parser().parse_args(["--db", str(db), *argv])
        out, err = io.StringIO(), io.StringIO()
        context = CommandContext(db=str(db), lang="zh", stdout=out, stderr=err)
        try:
            code = int(args.handler(args, context))
        finally:
            context.close()
        return code, out.getvalue(), err.getvalue()

    return run
