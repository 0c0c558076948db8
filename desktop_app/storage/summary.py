"""What the window's first screen shows, read from the data file with the standard library alone: the
school profile's stored values, the periods the file holds and each saved report's state.

The window paints its first screen from this while the full service opens on a worker (importing the
ORM costs more than showing the window). It is read only after the start-up's checks (the lock, the
integrity check, a set-aside file answered) and only from a file at the newest schema
(`migrate.known_head()`, read from the shipped migrations): for any other file, or if anything here
fails, it is None and the window waits for the service as before. Nothing is written. The queries
name the tables of `models.py`; tests/lifecycle/test_first_look.py checks that they read what the
store reads.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desktop_app.storage.engine import connect_read_only
from desktop_app.storage.migrate import known_head

PROFILE_PERIOD = ""  # as storage.models.PROFILE_PERIOD (that module imports the ORM)
DRAFT = ("draft", 1)  # a report never saved: a draft of revision 1 (as Store.report_status)

_STATES = (
    "SELECT reports.category, periods.key, reports.status, reports.revision"
    " FROM reports JOIN periods ON reports.period_id = periods.id ORDER BY reports.id"
)
_PERIODS = "SELECT key FROM periods WHERE key != ? ORDER BY key"
_VALUES = (
    "SELECT field_values.field, field_values.value_json FROM field_values"
    " JOIN reports ON field_values.report_id = reports.id JOIN periods ON reports.period_id = periods.id"
    " WHERE reports.category = ? AND periods.key = ?"
)


@dataclass(frozen=True)
class FileSummary:
    profile: dict[str, Any]  # the profile's stored scalar values, in their JSON form
    periods: tuple[str, ...]  # the periods the file holds, in order (not the profile's "")
    states: dict[tuple[str, str], tuple[str, int]] = field(default_factory=dict)  # (category, period) → state

    def state(self, category: str, period: str) -> tuple[str, int]:
        """(status, revision) of a report, as `Store.report_status`."""
        return self.states.get((category, period), DRAFT)


def read_summary(path: Path, profile: str) -> FileSummary | None:
    """The summary of the database at `path` (`profile`: the pack's profile category), or None when the
    file is not at the newest schema or cannot be read this way."""
    try:
        connection = connect_read_only(Path(path))
    except sqlite3.Error:
        return None
    try:
        row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        head = known_head()
        if row is None or head is None or row[0] != head:
            return None
        states: dict[tuple[str, str], tuple[str, int]] = {}
        for category, period, status, revision in connection.execute(_STATES):
            states.setdefault((str(category), str(period)), (str(status), int(revision)))
        periods = tuple(str(key) for (key,) in connection.execute(_PERIODS, (PROFILE_PERIOD,)))
        values = {
            str(name): json.loads(text)
            for name, text in connection.execute(_VALUES, (profile, PROFILE_PERIOD))
            if text is not None
        }
        return FileSummary(values, periods, states)
    except (sqlite3.Error, ValueError, TypeError):
        return None
    finally:
        connection.close()
