"""Faults met through the real command line: a subprocess `python -m desktop_app` over real SQLite files.

`cli(db, *argv)` runs the program as a clerk would (its own config and data folders under tmp_path) and
returns the CompletedProcess; `demo_db` is a copy of a database filled with the demo school.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
Cli = Callable[..., subprocess.CompletedProcess[str]]


def cli_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "SCHOOL_REPORT_CONFIG_DIR": str(tmp_path / "config"),
        "SCHOOL_REPORT_DATA_DIR": str(tmp_path / "data"),
        "PYTHONIOENCODING": "utf-8",
    }
    env.pop("SCHOOL_REPORT_PACK", None)
    env.update(extra)
    return env


@pytest.fixture
def cli(tmp_path: Path) -> Cli:
    def run(
        db: Path | str,
        *argv: str,
        lang: str | None = None,
        timeout: float = 180,
        env: dict[str, str] | None = None,
        user: str | None = None,
    ) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "desktop_app", "--db", str(db)]
        if lang:
            command += ["--lang", lang]
        command += list(argv)
        if user is not None:  # as another (non-root) user: permissions then count
            command = ["runuser", "-u", user, "--", *command]
        return subprocess.run(
            command,
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=timeout,
            cwd=ROOT,
            env=env or cli_env(tmp_path),
        )

    return run


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from desktop_app.cli.commands_values import fill_demo
    from desktop_app.cli.context import CommandContext

    path = tmp_path_factory.mktemp("faults-template") / "demo.sqlite3"
    context = CommandContext(db=str(path), stdout=io.StringIO())
    try:
        assert fill_demo(argparse.Namespace(), context) == 0
    finally:
        context.close()
    for extra in path.parent.iterdir():  # only the database itself: no lock file, no backups
        if extra != path and extra.is_file():
            extra.unlink()
    return path


def copy_database(source: Path, target: Path) -> Path:
    with contextlib.closing(sqlite3.connect(source)) as src, contextlib.closing(sqlite3.connect(target)) as dst:
        src.backup(dst)
    return target


@pytest.fixture
def demo_db(demo_template: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "school"
    folder.mkdir()
    return copy_database(demo_template, folder / "school-report.sqlite3")


def stored(db: Path, category: str, field: str, period: str = "2022") -> Any:
    """A value read with plain sqlite3, read-only (no service, no migration, nothing written)."""
    uri = f"{db.resolve().as_uri()}?mode=ro"
    with contextlib.closing(sqlite3.connect(uri, uri=True)) as connection:
        row = connection.execute(
            "SELECT v.value_json FROM field_values v JOIN reports r ON r.id = v.report_id "
            "JOIN periods p ON p.id = r.period_id WHERE r.category = ? AND v.field = ? AND p.key IN (?, '')",
            (category, field, period),
        ).fetchone()
    return None if row is None else json.loads(row[0])


def no_traceback(result: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in result.stderr, result.stderr
    assert "Traceback" not in result.stdout, result.stdout


def dump(db: Path) -> list[str]:
    """Every row of the database as SQL text, read-only: 'data unchanged' means this is unchanged."""
    uri = f"{db.resolve().as_uri()}?mode=ro"
    with contextlib.closing(sqlite3.connect(uri, uri=True)) as connection:
        return list(connection.iterdump())


def _run(*command: str | Path) -> bool:
    return subprocess.run([str(part) for part in command], capture_output=True).returncode == 0


@contextlib.contextmanager
def read_only_folder(folder: Path) -> Iterator[str]:
    """Make `folder` read-only for everyone, root included; yields how it was done.

    As root: a read-only bind mount of the folder over itself, so the kernel answers EROFS as for a
    write-protected USB stick or a read-only share (root ignores permission bits); else `chattr +i`.
    Not root: the permission bits (chmod 555) are enough.
    """
    if os.geteuid() != 0:
        mode = folder.stat().st_mode
        folder.chmod(0o555)
        try:
            yield "chmod 555"
        finally:
            folder.chmod(mode)
        return
    if _run("mount", "--bind", folder, folder):
        if _run("mount", "-o", "remount,ro,bind", folder):
            try:
                yield "read-only bind mount"
            finally:
                _run("umount", folder)
            return
        _run("umount", folder)
    if _run("chattr", "+i", folder):
        try:
            yield "chattr +i"
        finally:
            _run("chattr", "-i", folder)
        return
    pytest.skip("this machine can make no folder read-only for root (no bind mount, no chattr)")


@contextlib.contextmanager
def small_disk(folder: Path, size: str = "4m", inodes: int | None = None) -> Iterator[Path]:
    """A real, small file system (tmpfs of `size`, and of `inodes` files) mounted at `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    options = f"size={size}" + (f",nr_inodes={inodes}" if inodes else "")
    if os.geteuid() != 0 or not _run("mount", "-t", "tmpfs", "-o", options, "tmpfs", folder):
        pytest.skip("mounting a small tmpfs needs root (and mount permission): no full disk to test with")
    try:
        yield folder
    finally:
        _run("umount", "-l", folder)


def fill(folder: Path) -> Path:
    """Fill the file system of `folder` to the last byte; returns the filler file (delete it to free)."""
    filler = folder / "filler.bin"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT | os.O_APPEND)
    try:
        for size in (1 << 20, 65536, 4096, 512, 1):
            try:
                while os.write(fd, b"\0" * size) == size:
                    pass
            except OSError:
                continue
    finally:
        os.close(fd)
    return filler


def dump_unchanging(db: Path) -> list[str]:
    """Like dump, for a file on a full or read-only disk where SQLite cannot make its -shm: immutable=1."""
    with contextlib.closing(sqlite3.connect(f"{db.resolve().as_uri()}?immutable=1", uri=True)) as connection:
        return list(connection.iterdump())
