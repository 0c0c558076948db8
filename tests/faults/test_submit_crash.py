"""Item 15: a crash during 上报 never leaves a period "submitted" without its files for the clerk to
discover. The snapshot, the states and a note of the files still owed are one transaction; the next start
(any command) writes the files from the frozen snapshot and says so in one line.

Real SIGKILLs at random points of `school-report submit` (a subprocess, seeded, a bounded number of
kills): half at a random moment in each stretch of the whole run, half at a random moment after the
snapshot is committed (while the files are being written, the window that matters). After each kill one ordinary
command runs; then every period is either a draft with no snapshot, or submitted with both files,
whole and of the submitted revision."""

from __future__ import annotations

import contextlib
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from tests.faults.conftest import ROOT, Cli, cli_env, copy_database, no_traceback

KILLS = 8  # half spread over the whole run (one in each stretch of it), half after the commit
SEED = 15


def _snapshots(db: Path) -> list[tuple[str, int, str]]:
    try:
        with contextlib.closing(sqlite3.connect(f"{db.as_uri()}?mode=ro", uri=True, timeout=0.2)) as connection:
            return connection.execute("SELECT period_key, revision, fingerprint FROM snapshots").fetchall()
    except sqlite3.Error:
        return []


def _states(db: Path) -> set[str]:
    with contextlib.closing(sqlite3.connect(f"{db.as_uri()}?mode=ro", uri=True)) as connection:
        return {
            row[0]
            for row in connection.execute(
                "SELECT r.status FROM reports r JOIN periods p ON p.id = r.period_id WHERE p.key = '2022'"
            )
        }


def _kill_during_submit(db: Path, out: Path, env: dict[str, str], delay: float, after_commit: bool) -> str:
    child = subprocess.Popen(
        [sys.executable, "-m", "desktop_app", "--db", str(db), "submit", "--out", str(out)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        cwd=ROOT,
        env=env,
    )
    try:
        if after_commit:
            deadline = time.monotonic() + 120
            while not _snapshots(db) and child.poll() is None and time.monotonic() < deadline:
                time.sleep(0.01)
        time.sleep(delay)
        if child.poll() is not None:
            return "finished"
        child.send_signal(signal.SIGKILL)
        return "killed"
    finally:
        child.wait(timeout=60)


@pytest.mark.slow
def test_random_kills_during_submit_leave_draft_or_whole_submission(
    cli: Cli, demo_template: Path, tmp_path: Path, pack: Any
) -> None:
    from desktop_app.domain.submission import fingerprint as fingerprint_of
    from desktop_app.exporters.xlsx import read_submission

    rng = random.Random(SEED)
    env = cli_env(tmp_path)
    timing = tmp_path / "timing"
    timing.mkdir()
    started = time.monotonic()
    assert cli(copy_database(demo_template, timing / "t.sqlite3"), "submit", "--out", str(timing)).returncode == 0
    whole_run = time.monotonic() - started
    outcomes = []
    for round_ in range(KILLS):
        folder = tmp_path / f"round{round_}"
        folder.mkdir()
        db = copy_database(demo_template, folder / "school-report.sqlite3")
        out = folder / "out"
        after_commit = round_ % 2 == 1
        stretch = whole_run / (KILLS // 2)
        start = stretch * (round_ // 2)
        delay = rng.uniform(0, 1.5) if after_commit else rng.uniform(start, start + stretch)
        killed = _kill_during_submit(db, out, env, delay, after_commit)
        frozen = _snapshots(db)
        next_command = cli(db, "history", "--period", "2022")
        no_traceback(next_command)
        assert next_command.returncode == 0, next_command.stderr
        states = _states(db)
        files = sorted(out.glob("*")) if out.exists() else []
        if not frozen:
            assert states <= {"draft"} and not [f for f in files if f.suffix in (".pdf", ".xlsx")]
            outcomes.append((killed, "draft"))
            continue
        ((period, revision, fingerprint),) = frozen
        assert states == {"submitted"}, (round_, states)
        pdfs, workbooks = [f for f in files if f.suffix == ".pdf"], [f for f in files if f.suffix == ".xlsx"]
        assert len(pdfs) == 1 and len(workbooks) == 1, (round_, files, next_command.stderr)
        assert not [f for f in files if f.suffix == ".tmp"], files  # the killed writer's leftovers removed
        assert pdfs[0].read_bytes().startswith(b"%PDF") and b"%%EOF" in pdfs[0].read_bytes()[-64:]
        submission = read_submission(workbooks[0], pack)
        assert (submission.period, submission.revision) == (period, revision)
        assert fingerprint_of(pack, submission) == fingerprint  # the frozen values, not the live ones
        completed = "已按上报时的存档重新生成" in next_command.stderr
        outcomes.append((killed, "completed at the next command" if completed else "whole"))
        again = cli(db, "history", "--period", "2022")
        assert "重新生成" not in again.stderr  # said once, then done
    # Both sides of the commit were hit: a kill before it left a draft, one after it was repaired.
    assert ("killed", "completed at the next command") in outcomes, outcomes
    assert ("killed", "draft") in outcomes, outcomes
