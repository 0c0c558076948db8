"""The bureau's import of 2,000 generated submissions, against a plain pandas loop over the same files.

    python benchmarks/bench_bureau.py [--files N] [--repeat R]     # prints JSON (medians of R runs)

bureau_import_2000_s: the whole pipeline (size/zip checks, calamine in limited worker processes, pack,
type and fingerprint checks, the visible sheets against the machine part, every value against the pack,
one SQLite transaction and a ledger row per file) into a fresh database;
bureau_import_peak_mb: peak RSS of the importing process plus its workers (upper bound: each worker
counted at the largest worker's peak); pandas_loop_2000_s: `pandas.read_excel(path, sheet_name=None, engine="openpyxl")`
over the same files (pandas is needed by this benchmark only, never by the app); pandas_vs_bureau: the
ratio (target ≥ 5). Targets: < 20 s on 2 cores, < 300 MB. bureau_import_2000_cpu_s: CPU seconds of the
importing process and its workers, the figure to design for on a shared machine (wall time there
depends on the neighbours). With --repeat R each time is the median of R runs; the peak is the first
run's (a process's peak RSS only grows, so later runs in one process would add earlier runs' leftovers).

The files are generated once (school side: generate_school + the xlsx writer) into a cache folder under
/tmp, keyed by the pack's id and version and the workbook format, and reused by later runs.
"""

from __future__ import annotations

import json
import os
import random
import resource
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

FILES = 2000
SEED = 2022


def cache_dir(pack: Any) -> Path:
    """Keyed by the pack and by the workbook format (a file of an older format is rejected, by design)."""
    from desktop_app.exporters.xlsx.machine import FORMAT

    version = FORMAT.rsplit("/", 1)[-1]
    return Path(tempfile.gettempdir()) / f"bureau-bench-{pack.id}-{pack.version}-f{version}"


def _submission(pack: Any, index: int) -> Any:
    from desktop_app.domain.demo import generate_school
    from desktop_app.domain.pack import PROFILE_CATEGORY
    from desktop_app.domain.submission import Signatories, Status, Submission

    school = generate_school(pack, index, random.Random(SEED * 100_000 + index))
    profile = school.profile
    period = pack.default_period.key
    return Submission(
        pack.id, pack.version, period, str(profile["school_code"]), str(profile["school_name"]), 1,
        Status.SUBMITTED, {PROFILE_CATEGORY: dict(profile), **school.periods.get(period, {})},
        explanations=school.explanations.get(period, {}),
        signatories=Signatories(head=str(profile.get("head", "")), phone=str(profile.get("phone", ""))),
        attachments=school.attachments,
    )  # fmt: skip


def _write(job: tuple[Any, int, str]) -> None:
    from desktop_app.exporters.xlsx import build_workbook_bytes

    pack, index, folder = job
    submission = _submission(pack, index)
    path = Path(folder) / f"{index:05d}_{submission.school_code}.xlsx"
    temporary = path.with_suffix(".tmp")
    temporary.write_bytes(build_workbook_bytes(pack, submission, []))
    os.replace(temporary, path)


def ensure_files(pack: Any, count: int) -> list[Path]:
    """2,000 submissions, each school's whole workbook from the school side's writer (the import compares
    the visible sheets with the machine part, so every sheet must be the school's own). Written once by
    two processes (about 0.2 s per file) and reused by later runs."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    folder = cache_dir(pack)
    folder.mkdir(parents=True, exist_ok=True)
    missing = [index for index in range(count) if not any(folder.glob(f"{index:05d}_*.xlsx"))]
    if missing:
        with ProcessPoolExecutor(max_workers=2, mp_context=multiprocessing.get_context("fork")) as pool:
            list(pool.map(_write, [(pack, index, str(folder)) for index in missing], chunksize=20))
    return sorted(folder.glob("*.xlsx"))[:count]


def _register(pack: Any, count: int) -> list[Any]:
    from desktop_app.bureau.records import SchoolEntry
    from desktop_app.domain.demo import generate_school

    entries = []
    for index in range(count):
        profile = generate_school(pack, index, random.Random(SEED * 100_000 + index)).profile
        entries.append(SchoolEntry(str(profile["school_code"]), str(profile["school_name"]),
                                   str(profile["school_type"]), str(profile["town"])))  # fmt: skip
    return entries


def _peak_mb(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # kilobytes on Linux


def bureau_import(pack: Any, files: list[Path], register: list[Any]) -> tuple[float, float, dict[str, int]]:
    from desktop_app.bureau.pipeline import Importer
    from desktop_app.bureau.store import BureauStore

    with tempfile.TemporaryDirectory(prefix="bureau-bench-db-") as folder:
        cpu_start = _cpu_s()
        start = time.perf_counter()
        with Importer(pack) as importer:
            workers = importer._pool.size if importer._pool else 0
            store = BureauStore.open(Path(folder) / "bureau.sqlite3")
            store.save_schools(register)
            outcomes = importer.run(store, files)
            store.close()
    elapsed = time.perf_counter() - start
    cpu = _cpu_s() - cpu_start
    peak = _peak_mb(resource.RUSAGE_SELF) + workers * _peak_mb(resource.RUSAGE_CHILDREN)
    counts: dict[str, int] = {}
    for outcome in outcomes:
        counts[outcome.decision] = counts.get(outcome.decision, 0) + 1
    counts["cpu_s"] = round(cpu, 3)  # type: ignore[assignment]
    return elapsed, peak, counts


def _cpu_s() -> float:
    """CPU seconds of this process and its finished workers (the figure that a busy machine cannot inflate)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def pandas_loop(files: list[Path]) -> float | None:
    try:
        import pandas
    except ImportError:
        return None
    start = time.perf_counter()
    for path in files:
        pandas.read_excel(path, sheet_name=None, engine="openpyxl")
    return time.perf_counter() - start


def run(results: dict[str, float], count: int = FILES, repeat: int = 1) -> None:
    from statistics import median

    from desktop_app.domain.loader import load_pack

    pack = load_pack()
    files = ensure_files(pack, count)
    register = _register(pack, count)
    walls, cpus, peaks, loops = [], [], [], []
    for _ in range(max(1, repeat)):  # every import before any pandas loop: peak RSS only ever grows
        elapsed, peak, counts = bureau_import(pack, files, register)
        if counts.get("accepted", 0) != len(files):  # every generated file must go in
            raise RuntimeError(f"not every generated file was accepted: {counts}")
        walls.append(elapsed)
        cpus.append(float(counts["cpu_s"]))
        peaks.append(peak)
    for _ in range(max(1, repeat)):
        pandas_s = pandas_loop(files)
        if pandas_s is not None:
            loops.append(pandas_s)
    suffix = f"{count}" if count != FILES else "2000"
    results[f"bureau_import_{suffix}_s"] = round(median(walls), 3)
    results["bureau_import_peak_mb"] = round(peaks[0], 1)  # later runs add to this process's own peak
    results[f"bureau_import_{suffix}_cpu_s"] = round(median(cpus), 3)
    if loops:
        results[f"pandas_loop_{suffix}_s"] = round(median(loops), 3)
        results["pandas_vs_bureau"] = round(median(loops) / median(walls), 2)


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser()
    parser.add_argument("--files", type=int, default=FILES)
    parser.add_argument("--repeat", type=int, default=1, help="runs; each figure is the median")
    parser.add_argument("--generate-only", action="store_true")
    options = parser.parse_args()
    if options.generate_only:
        from desktop_app.domain.loader import load_pack

        print(len(ensure_files(load_pack(), options.files)))
        raise SystemExit(0)
    figures: dict[str, float] = {}
    run(figures, options.files, options.repeat)
    print(json.dumps(figures, indent=2, sort_keys=True))
