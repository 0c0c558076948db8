"""Foundation figures: pack load, database open, and autosave latency through ReportingService.set_text
(the GUI's path: parse, check, store, audit, commit with synchronous=FULL) on a real file.

load_values_ms: one `load` (services.bulk, the command's own path) of the demo school's whole `show --json`,
every period, into an empty database: ~190 values in one transaction, each through the service. Beside
it, the command line run as a clerk would: `load` of that file and `set` of one value, each a process
(load_values_cli_ms, set_one_value_cli_ms), and their ratio (load_values_vs_set_ratio).

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
        _load_values(pack, Path(folder), results)


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


def _load_values(pack: object, folder: Path, results: dict[str, float]) -> None:
    import io
    import json
    import os
    import subprocess
    import sys
    from argparse import Namespace

    from desktop_app.cli.commands_values import fill_demo
    from desktop_app.cli.context import CommandContext
    from desktop_app.services.bulk import load_file
    from desktop_app.services.reporting import ReportingService
    from desktop_app.services.values_document import build_document

    demo = folder / "demo" / "school.sqlite3"
    demo.parent.mkdir()
    context = CommandContext(db=str(demo), stdout=io.StringIO())
    try:
        fill_demo(Namespace(), context)
        service = context.service
        periods = [spec.key for spec in service.pack.periods]
        selection = [(key, [c for c in service.pack.categories_for(_kind(key)) if i == 0 or c.key != "profile"])
                     for i, key in enumerate(periods)]  # fmt: skip
        document = build_document(service, selection)
    finally:
        context.close()
    source = folder / "school.json"
    source.write_text(json.dumps(document, ensure_ascii=False, indent=2), encoding="utf-8")
    target = folder / "empty" / "school.sqlite3"
    target.parent.mkdir()
    service = ReportingService.open(target, pack)  # type: ignore[arg-type]
    try:
        start = time.perf_counter()
        result = load_file(service, source)
        results["load_values_ms"] = _ms(start)
        results["load_values_count"] = float(result.count("stored"))
    finally:
        service.close()
    root = str(Path(__file__).resolve().parent.parent)
    env = {**os.environ, "PYTHONPATH": root}
    cli = [sys.executable, "-m", "desktop_app", "--db"]
    fresh = folder / "cli" / "school.sqlite3"
    fresh.parent.mkdir()
    subprocess.run([*cli, str(fresh), "show", "profile"], env=env, capture_output=True, check=True)  # created
    start = time.perf_counter()
    subprocess.run([*cli, str(fresh), "load", str(source)], env=env, capture_output=True, check=True)
    results["load_values_cli_ms"] = _ms(start)
    start = time.perf_counter()
    subprocess.run([*cli, str(fresh), "set", "staff", "staff_total", "81"], env=env, capture_output=True, check=True)
    results["set_one_value_cli_ms"] = _ms(start)
    results["load_values_vs_set_ratio"] = results["load_values_cli_ms"] / results["set_one_value_cli_ms"]


def _kind(period: str) -> object:
    from desktop_app.domain.periods import kind_of

    return kind_of(period)


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
