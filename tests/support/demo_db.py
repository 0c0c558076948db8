"""The demo school's database made as a clerk would make it (`school-report --db FILE demo`, in its own
process), and a script run over it in a process of its own, for the GUI tests and the benchmarks that
start from a filled school.

Plain Python (no pytest): benchmarks/ import it too. The child process runs this checkout's code
(PYTHONPATH) with the program's user folders (configuration, data, Documents) under a folder of the
caller's, never the real ones.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[2]


def program_env(folder: Path, **extra: str) -> dict[str, str]:
    """This process's environment for a child running the program: this checkout's code, its user
    folders under `folder` (config, data, documents), and `extra` (e.g. QT_QPA_PLATFORM="offscreen")."""
    return {
        **os.environ,
        "PYTHONPATH": str(REPO_ROOT),
        "SCHOOL_REPORT_CONFIG_DIR": str(folder / "config"),
        "SCHOOL_REPORT_DATA_DIR": str(folder / "data"),
        "SCHOOL_REPORT_DOCUMENTS_DIR": str(folder / "documents"),
        **extra,
    }


def make_demo_db(db: Path, env: Mapping[str, str] | None = None, timeout: float = 180) -> Path:
    """`school-report --db DB demo` in a child process (env: `program_env(db.parent)` unless given); the
    database's path. A failure raises with the child's last words on stderr."""
    done = subprocess.run(
        [sys.executable, "-m", "desktop_app", "--db", str(db), "demo"],
        env=dict(env) if env is not None else program_env(db.parent),
        cwd=REPO_ROOT,
        capture_output=True,
        encoding="utf-8",
        errors="replace",
        timeout=timeout,
    )
    if done.returncode != 0:
        raise RuntimeError(f"`demo` failed (exit {done.returncode}): {done.stderr[-3000:]}")
    return db


def script_json(script: str, *args: str, env: Mapping[str, str]) -> Any:
    """`python -c script args…` in this checkout with `env`; the JSON of the last line it prints (what a
    benchmark's child measured). A failure raises with the child's last words on stderr."""
    done = subprocess.run(
        [sys.executable, "-c", script, *args],
        env=dict(env),
        cwd=REPO_ROOT,
        capture_output=True,
        encoding="utf-8",
        errors="replace",
    )
    if done.returncode != 0:
        raise RuntimeError(f"the script failed (exit {done.returncode}): {done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])
