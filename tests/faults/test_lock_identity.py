"""Item 17: one instance per database, whatever name it is reached by. The lock goes by the real file
(symlinks resolved) and by its identity (device + inode), so a symlink or a hard link to an open
database is refused; `restore` through a symlink replaces the database, not the link."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.faults.conftest import ROOT, Cli, cli_env, copy_database, dump, no_traceback

HOLDER = """
import sys
from desktop_app.services.startup import start
started = start(sys.argv[1], daily=False)
print("ready", flush=True)
sys.stdin.readline()
started.close()
"""


@pytest.fixture
def names(demo_db: Path, tmp_path: Path) -> dict[str, Path]:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    symlink = elsewhere / "link.sqlite3"
    symlink.symlink_to(demo_db)
    hardlink = elsewhere / "another-name.sqlite3"
    os.link(demo_db, hardlink)
    return {"real": demo_db, "symlink": symlink, "hardlink": hardlink}


def _holding(db: Path, tmp_path: Path) -> Iterator[subprocess.Popen[str]]:
    child = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(db)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env=cli_env(tmp_path),
    )
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == "ready", child.stderr
        yield child
    finally:
        if child.stdin is not None:
            child.stdin.close()
        child.wait(timeout=60)


@pytest.mark.parametrize(
    ("held", "asked"), [("real", "symlink"), ("real", "hardlink"), ("symlink", "hardlink"), ("hardlink", "real")]
)
def test_a_second_start_through_another_name_is_refused(
    cli: Cli, names: dict[str, Path], tmp_path: Path, held: str, asked: str
) -> None:
    before = dump(names["real"])
    for _holder in _holding(names[held], tmp_path):
        in_use = {"zh": "已在另一个程序窗口中打开", "en": "already open in another copy"}
        lang = "en" if held == "hardlink" else "zh"
        result = cli(names[asked], "set", "party", "members", "30", lang=lang)
        no_traceback(result)
        assert result.returncode == 1 and in_use[lang] in result.stderr, result.stderr
    assert dump(names["real"]) == before
    assert cli(names[asked], "set", "party", "members", "30").returncode == 0  # free once the first has gone


def test_restore_through_a_symlink_replaces_the_database_not_the_link(
    cli: Cli, names: dict[str, Path], tmp_path: Path
) -> None:
    link, real = names["symlink"], names["real"]
    backup = copy_database(real, tmp_path / "good.sqlite3")
    assert cli(link, "set", "party", "members", "30").returncode == 0
    result = cli(link, "restore", str(backup))
    no_traceback(result)
    assert result.returncode == 0, result.stderr
    assert link.is_symlink() and link.resolve() == real.resolve()  # the link is still the link
    assert dump(real) == dump(backup)  # the file it points at was restored
    kept = list(real.parent.glob(real.name + ".before-restore-*"))
    assert len(kept) == 1  # the replaced database kept beside the real file, not beside the link
    assert not list(link.parent.glob("*.before-restore-*"))
