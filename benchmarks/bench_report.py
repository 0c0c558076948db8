"""The year-end report's draft for a district of 100 generated schools, against the 汇总 workbook of the same
district in the same run.

    python benchmarks/bench_report.py [--schools N] [--repeat R]     # prints JSON (medians of R runs)

The district is built as bench_bureau builds its own: generated schools' workbooks (the school side's
writer, cached under /tmp) imported by the bureau's real import into a fresh database. Then:
report_docx_ms: the draft built from the store (figures, their sources, the data-quality view they rest
on) and written as a Word document with a comment on every figure; report_draft_ms: building it only;
report_md_ms: the same draft as Markdown; summary_xlsx_ms: the 汇总 workbook of the same store (the
export officers use today), the baseline; report_docx_vs_summary_xlsx: the ratio.
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path
from statistics import median
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
for path in (ROOT, HERE):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))

SCHOOLS = 100


def _district(pack: Any, count: int, folder: Path) -> Any:
    from bench_bureau import _register, ensure_files

    from desktop_app.bureau.pipeline import Importer
    from desktop_app.bureau.store import BureauStore

    files = ensure_files(pack, count)
    with Importer(pack) as importer:
        store = BureauStore.open(folder / "bureau.sqlite3")
        store.save_schools(_register(pack, count))
        outcomes = importer.run(store, files)
    accepted = sum(1 for outcome in outcomes if outcome.decision == "accepted")
    if accepted != count:
        raise RuntimeError(f"only {accepted} of {count} generated files were accepted")
    return store


def _ms(work: Any) -> tuple[float, Any]:
    start = time.perf_counter()
    result = work()
    return (time.perf_counter() - start) * 1000, result


def run(results: dict[str, float], count: int = SCHOOLS, repeat: int = 3) -> None:
    from desktop_app.bureau.draft import build_draft
    from desktop_app.bureau.draft_docx import docx_bytes
    from desktop_app.bureau.draft_md import markdown
    from desktop_app.bureau.report import build_report
    from desktop_app.bureau.summary_xlsx import summary_workbook_bytes
    from desktop_app.domain.loader import load_pack

    pack = load_pack()
    period = pack.default_period.key
    docx, drafts, md, xlsx = [], [], [], []
    with tempfile.TemporaryDirectory(prefix="report-bench-") as folder:
        store = _district(pack, count, Path(folder))
        try:
            for _ in range(max(1, repeat)):
                built, draft = _ms(lambda: build_draft(pack, store, period))
                written, data = _ms(lambda draft=draft: docx_bytes(draft))
                if not data.startswith(b"PK") or not draft.figures():
                    raise RuntimeError("the draft is empty")
                drafts.append(built)
                docx.append(built + written)
                md.append(built + _ms(lambda draft=draft: markdown(draft))[0])
                xlsx.append(_ms(lambda: summary_workbook_bytes(build_report(pack, store, period)))[0])
        finally:
            store.close()
    results["report_docx_ms"] = round(median(docx), 1)
    results["report_draft_ms"] = round(median(drafts), 1)
    results["report_md_ms"] = round(median(md), 1)
    results["summary_xlsx_ms"] = round(median(xlsx), 1)
    results["report_docx_vs_summary_xlsx"] = round(median(docx) / median(xlsx), 2)


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser()
    parser.add_argument("--schools", type=int, default=SCHOOLS)
    parser.add_argument("--repeat", type=int, default=3, help="runs; each figure is the median")
    options = parser.parse_args()
    figures: dict[str, float] = {}
    run(figures, options.schools, options.repeat)
    print(json.dumps(figures, indent=2, sort_keys=True))
