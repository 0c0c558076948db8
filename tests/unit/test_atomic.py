"""exporters/atomic.py: the file is the old one or the new one; a locked target is reported."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from desktop_app.exporters import atomic
from desktop_app.exporters.atomic import TargetLockedError, write_atomic


def test_writes_a_new_file_and_leaves_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "报送_第1版.pdf"
    assert write_atomic(target, b"%PDF-new") == target
    assert target.read_bytes() == b"%PDF-new"
    assert [p.name for p in tmp_path.iterdir()] == [target.name]


def test_replaces_an_existing_file(tmp_path: Path) -> None:
    target = tmp_path / "a.xlsx"
    target.write_bytes(b"old")
    write_atomic(target, b"new")
    assert target.read_bytes() == b"new"


def test_a_failed_write_keeps_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "a.pdf"
    target.write_bytes(b"old")

    def broken_fsync(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic.os, "fsync", broken_fsync)
    with pytest.raises(OSError, match="No space"):
        write_atomic(target, b"new")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["a.pdf"]


def test_retries_while_another_program_holds_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Windows refuses os.replace onto an open file; that cannot happen on Linux, so it is simulated.
    target = tmp_path / "a.pdf"
    real_replace = os.replace
    calls: list[int] = []

    def locked_twice(src: str, dst: str) -> None:
        calls.append(1)
        if len(calls) <= 2:
            raise PermissionError(13, "The process cannot access the file")
        real_replace(src, dst)

    monkeypatch.setattr(atomic.os, "replace", locked_twice)
    write_atomic(target, b"new", retries=3, delay=0)
    assert target.read_bytes() == b"new"
    assert len(calls) == 3


def test_gives_up_with_a_chinese_message(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "某某小学.xlsx"
    target.write_bytes(b"old")

    def always_locked(src: str, dst: str) -> None:
        raise PermissionError(13, "locked")

    monkeypatch.setattr(atomic.os, "replace", always_locked)
    with pytest.raises(TargetLockedError) as caught:
        write_atomic(target, b"new", retries=2, delay=0)
    assert "某某小学.xlsx" in str(caught.value)
    assert "请关闭该文件后重试" in caught.value.text("zh")
    assert "Close it" in caught.value.text("en")
    assert isinstance(caught.value, OSError)
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["某某小学.xlsx"]
