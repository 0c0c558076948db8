"""Foundation figures: pack load, database open, and autosave latency through ReportingService.set_text
(the GUI's path: parse, check, store, audit, commit with synchronous=FULL) on a real file.

autosave_baseline_p50_ms is a bare sqlite3 INSERT + COMMIT with the same pragmas in the same run:
the floor set by the disk's fsync, so the autosave figures can be read against this machine.
"""

from __future__ import annotations

import sqlite3
import statistics
import tempfile
import time
from pathlib import Path

EDITS = 1000


def _ms(start: float) -> float:
    return (time.perf_counter() - start) * 1000


def _percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def run(results: dict[str, float]) -> None:
    from desktop_app.domain.loader import load_pack
    from desktop_app.services.reporting import ReportingService

    start = time.perf_counter()
    pack = load_pack()
    results["pack_load_ms"] = _ms(start)

    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "bench.sqlite3"
        ReportingService.open(target, pack).close()  # create the schema; the figure is a normal open
        start = time.perf_counter()
        service = ReportingService.open(target, pack)
        results["db_open_ms"] = _ms(start)
        try:
            samples = _autosave(service)
        finally:
            service.close()
        results["autosave_p50_ms"] = statistics.median(samples)
        results["autosave_p99_ms"] = _percentile(samples, 0.99)
        results["autosave_baseline_p50_ms"] = statistics.median(_baseline(Path(folder) / "baseline.sqlite3"))


def _autosave(service: object) -> list[float]:
    from desktop_app.domain.pack import FieldType

    pack = service.pack  # type: ignore[attr-defined]
    category = next(c for c in pack.categories if c.key == "safety")
    fields = [f for f in category.input_fields if f.type is FieldType.INTEGER][:5]
    samples = []
    for index in range(EDITS):
        field = fields[index % len(fields)]
        start = time.perf_counter()
        service.set_text(category.key, field.key, str(index % 40))  # type: ignore[attr-defined]
        samples.append(_ms(start))
    return samples


def _baseline(path: Path) -> list[float]:
    connection = sqlite3.connect(path, isolation_level=None)
    try:
        for pragma in ("journal_mode = WAL", "synchronous = FULL", "foreign_keys = ON"):
            connection.execute(f"PRAGMA {pragma}")
        connection.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, field TEXT, value_json TEXT)")
        samples = []
        for index in range(EDITS):
            start = time.perf_counter()
            connection.execute("BEGIN IMMEDIATE")
            connection.execute("INSERT INTO t (field, value_json) VALUES (?, ?)", ("f", str(index)))
            connection.execute("COMMIT")
            samples.append(_ms(start))
        return samples
    finally:
        connection.close()
