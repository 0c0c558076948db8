"""Crash test: a child process autosaves through the same path as the window and is killed with SIGKILL
at random moments; every edit it reported saved must be there afterwards, and the file must be intact."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import time
from pathlib import Path

import pytest

from desktop_app.services.reporting import ReportingService

KILLS = 50


def _child(db_path: Path, start: int, write_end: int) -> None:
    """Runs in a forked child: opens its own connection (after the fork) and autosaves until killed."""
    service = ReportingService.open(db_path)
    os.write(write_end, b"ready\n")
    index = start
    while True:
        service.set_text("honours", "highlights", f"第{index}次修改", period="2022", source="gui")
        os.write(write_end, f"{index}\n".encode())  # reported only after set_text returned (committed)
        index += 1


def _stored_index(db_path: Path) -> int | None:
    service = ReportingService.open(db_path)
    try:
        stored = service.values("honours", "2022").get("highlights")
    finally:
        service.close()
    return None if stored is None else int(stored[1:-3])


@pytest.mark.skipif(not hasattr(os, "fork"), reason="the kill loop forks (POSIX)")
def test_edits_reported_saved_survive_sigkill(db_path: Path) -> None:
    rng = random.Random(20221125)
    ReportingService.open(db_path).close()  # migrations done once, outside the kills
    last_saved = -1
    for _ in range(KILLS):
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:  # pragma: no cover - the child never returns
            os.close(read_end)
            try:
                _child(db_path, last_saved + 1, write_end)
            finally:
                os._exit(1)
        os.close(write_end)
        with os.fdopen(read_end, "r") as pipe:
            assert pipe.readline().strip() == "ready"
            time.sleep(rng.uniform(0.0, 0.1))
            os.kill(pid, signal.SIGKILL)
            reported = [int(line) for line in pipe.read().split()]
        os.waitpid(pid, 0)
        if reported:
            last_saved = reported[-1]
        connection = sqlite3.connect(db_path)
        try:
            assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        finally:
            connection.close()
        stored = _stored_index(db_path)
        if last_saved >= 0:
            # The newest reported edit is there, or a later one committed just before the kill.
            assert stored is not None and stored >= last_saved
            last_saved = stored
    assert last_saved > 0, "the child never got to save anything"
