"""Crash test: a child process autosaves through the same path as the window and is killed with SIGKILL
at random moments; every edit it reported saved must be there afterwards, and the file must be intact."""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import time
from pathlib import Path

import pytest

from desktop_app.domain.pack import FormPack
from desktop_app.services.reporting import ReportingService

KILLS = 50


def _child(db_path: Path, pack: FormPack, start: int, write_end: int) -> None:
    """Runs in a forked child: opens its own connection (after the fork) and autosaves until killed."""
    service = ReportingService.open(db_path, pack)
    os.write(write_end, b"ready\n")
    index = start
    while True:
        service.set_text("honours", "highlights", f"第{index}次修改", period="2022", source="gui")
        os.write(write_end, f"{index}\n".encode())  # reported only after set_text returned (committed)
        index += 1


def _check_and_read(db_path: Path) -> int | None:
    """integrity_check, then the saved edit's number, with plain sqlite3 (recovering the WAL as a reader
    would; a service open per kill would cost more than the kills)."""
    connection = sqlite3.connect(db_path)
    try:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        row = connection.execute(
            "SELECT v.value_json FROM field_values v JOIN reports r ON r.id = v.report_id "
            "JOIN periods p ON p.id = r.period_id "
            "WHERE r.category = 'honours' AND v.field = 'highlights' AND p.key = '2022'"
        ).fetchone()
    finally:
        connection.close()
    return None if row is None else int(json.loads(row[0])[1:-3])


@pytest.mark.skipif(not hasattr(os, "fork"), reason="the kill loop forks (POSIX)")
def test_edits_reported_saved_survive_sigkill(db_path: Path, pack: FormPack) -> None:
    rng = random.Random(20221125)
    ReportingService.open(db_path, pack).close()  # migrations done once, outside the kills
    kills = 0
    last_saved = -1
    for _ in range(KILLS):
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:  # pragma: no cover - the child never returns
            os.close(read_end)
            try:
                _child(db_path, pack, last_saved + 1, write_end)
            finally:
                os._exit(1)
        os.close(write_end)
        with os.fdopen(read_end, "r") as pipe:
            assert pipe.readline().strip() == "ready"
            time.sleep(rng.uniform(0.0, 0.1))
            os.kill(pid, signal.SIGKILL)
            reported = [int(line) for line in pipe.read().split()]
        _pid, status = os.waitpid(pid, 0)
        assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL
        kills += 1
        if reported:
            last_saved = reported[-1]
        stored = _check_and_read(db_path)
        if last_saved >= 0:
            # The newest reported edit is there, or a later one committed just before the kill.
            assert stored is not None and stored >= last_saved
            last_saved = stored
    assert kills >= KILLS
    assert last_saved > 0, "the child never got to save anything"
