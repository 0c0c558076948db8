"""Item 11: faults on the command line answered with the product's message, a non-zero exit and the data
unchanged: an export into a dangling link, a period that is a path, a picture named .db, a closed pipe."""

from __future__ import annotations

import os
import subprocess
import sys
import zlib
from pathlib import Path

import pytest

from tests.faults.conftest import ROOT, Cli, cli_env, copy_database, dump, no_traceback


@pytest.mark.parametrize("kind", ["pdf", "xlsx"])
@pytest.mark.parametrize("below", ["", "sub"])
def test_export_into_a_dangling_link_is_refused(cli: Cli, demo_db: Path, tmp_path: Path, kind: str, below: str) -> None:
    link = tmp_path / "link"
    link.symlink_to(tmp_path / "gone" / "folder")
    before = dump(demo_db)
    lang, words = ("zh", "不存在") if below else ("en", "does not exist")
    result = cli(demo_db, "export", kind, "--out", str(link / below), lang=lang)
    no_traceback(result)
    assert result.returncode != 0 and words in result.stderr and str(link) in result.stderr
    assert not (tmp_path / "gone").exists() and link.is_symlink()
    assert dump(demo_db) == before


PERIOD_COMMANDS = [
    ["export", "pdf", "--out", "{out}"],
    ["export", "xlsx", "--out", "{out}"],
    ["show"],
    ["validate"],
    ["set", "party", "members", "3"],
    ["submit", "--out", "{out}"],
    ["history"],
    ["send", "--to", "a@b.cn", "--draft"],
    ["regenerate", "--revision", "1", "--out", "{out}"],
]


@pytest.mark.parametrize("number", range(len(PERIOD_COMMANDS)))
def test_a_period_that_is_a_path_is_refused(cli: Cli, demo_db: Path, tmp_path: Path, number: int) -> None:
    before = dump(demo_db)
    out = tmp_path / "out"
    command = [part.format(out=out) for part in PERIOD_COMMANDS[number]] + ["--period", "../x"]
    lang, words = (("zh", "没有“../x”这一报送期"), ("en", "no reporting period “../x”"))[number % 2]
    result = cli(demo_db, *command, lang=lang)
    no_traceback(result)
    assert result.returncode != 0 and words in result.stderr, result.stderr
    assert dump(demo_db) == before
    assert not out.exists() or not any(out.iterdir())
    assert not (tmp_path / "x").exists()


def _png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return len(data).to_bytes(4, "big") + kind + data + zlib.crc32(kind + data).to_bytes(4, "big")

    header = (1).to_bytes(4, "big") * 2 + bytes([8, 2, 0, 0, 0])
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0\0\0\0")) + chunk(b"IEND", b"")
    )


PICTURE_COMMANDS = [
    ["export", "pdf", "--out", "{out}"],
    ["export", "xlsx", "--out", "{out}"],
    ["show"],
    ["check"],
    ["backup"],
    ["submit"],
    ["restore"],
]


@pytest.mark.parametrize("number", range(len(PICTURE_COMMANDS)))
def test_a_picture_named_db_is_refused_unchanged(cli: Cli, tmp_path: Path, number: int) -> None:
    argv = PICTURE_COMMANDS[number]
    picture = tmp_path / "photo.db"
    picture.write_bytes(_png())
    out = tmp_path / "out"
    lang, words = (("zh", "不是本程序的数据库"), ("en", "ot a database of this program"))[number % 2]
    result = cli(picture, *[part.format(out=out) for part in argv], lang=lang)
    no_traceback(result)
    if argv == ["restore"]:  # only lists backups: there are none
        assert result.returncode == 0
    else:
        assert result.returncode != 0 and words in result.stderr, result.stderr
        assert "损坏" not in result.stderr and "damaged" not in result.stderr  # someone's picture, not damage
    assert picture.read_bytes() == _png()
    assert sorted(p.name for p in tmp_path.iterdir() if p.name not in ("config", "data")) == ["photo.db"]


@pytest.mark.parametrize(("argv", "lang"), [(["show"], "zh"), (["audit"], "en"), (["restore"], "zh")])
def test_output_into_a_closed_pipe_ends_with_a_message(
    demo_db: Path, tmp_path: Path, argv: list[str], lang: str
) -> None:
    backups = demo_db.parent / "backups"
    backups.mkdir()
    for n in range(3):  # a few backups, so that `restore` has a list to print
        copy_database(demo_db, backups / f"school-report-2022010{n}-000000-000000-manual.sqlite3")
    before = dump(demo_db)
    command = [sys.executable, "-m", "desktop_app", "--db", str(demo_db), "--lang", lang, *argv]
    # `| head -1` after head has gone: the reading end is closed before the program writes a byte (so the
    # test does not depend on how much fits into the pipe before the reader leaves).
    reading, writing = os.pipe()
    with subprocess.Popen(command, stdout=writing, stderr=subprocess.PIPE, cwd=ROOT, env=cli_env(tmp_path)) as child:
        os.close(writing)
        os.close(reading)
        assert child.stderr is not None
        error = child.stderr.read().decode("utf-8")
        code = child.wait(timeout=120)
    assert "Traceback" not in error and "Exception ignored" not in error, error
    assert code != 0 and {"zh": "输出已中断", "en": "Output stopped"}[lang] in error, error
    assert dump(demo_db) == before
