"""The paper check: one scanned page at 200 dpi read and matched (`bureau verify-paper`).

    python benchmarks/bench_paper.py            # prints JSON

verify_paper_ms: one grey 200 dpi scan of the demo submission's cover (rendered by pdftoppm, turned 2.5°,
blurred, noisy, JPEG), through `desktop_app.bureau.paper.verify_file` with the window's page loader:
the image decoded, the QR codes found and read, matched against a bureau SQLite database holding the
revision; best of N. verify_paper_pdf_ms: the same page as a one-page scanned PDF (QtPdf rasterises it).
verify_paper_decode_ms: only zxing-cpp reading the codes of the page (the baseline of the two above).
Skipped silently without pdftoppm.
"""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

RUNS = 5


def _best_ms(action: Any) -> tuple[float, Any]:
    best, result = float("inf"), None
    for _ in range(RUNS):
        start = time.perf_counter()
        result = action()
        best = min(best, (time.perf_counter() - start) * 1000)
    return best, result


def run(results: dict[str, float]) -> None:
    if shutil.which("pdftoppm") is None:
        return
    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from desktop_app.bureau.paper import image_pages, read_codes, verify_file
    from desktop_app.bureau.records import SchoolEntry
    from desktop_app.bureau.store import BureauStore
    from desktop_app.domain.loader import load_pack
    from desktop_app.domain.submission import Status, fingerprint
    from desktop_app.exporters.pdf import render_pdf
    from desktop_app.ui.paper_pages import scan_pages
    from tests.bureau.helpers import write_workbook
    from tests.questions.scan import degrade, render, scan_pdf
    from tests.unit.test_pdf_fixtures import demo_or_sample, issues_for

    pack = load_pack()
    submission = demo_or_sample(pack, Status.SUBMITTED)
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        pdf = work / "submission.pdf"
        pdf.write_bytes(render_pdf(pack, submission, issues_for(pack, submission)))
        scan = degrade(render(pdf, 1, 200, work / "cover"), work / "scan.jpg")
        scanned_pdf = scan_pdf([scan], work / "scan.pdf")
        store = BureauStore.open(work / "bureau.sqlite3")
        try:
            store.save_schools([SchoolEntry(submission.school_code, submission.school_name, "primary", "370115002")])
            from desktop_app.bureau.commit import commit
            from desktop_app.bureau.parse import parse_file

            commit(store, pack, parse_file(str(write_workbook(pack, submission, work)), pack))
            expected = fingerprint(pack, submission)
            ms, verdict = _best_ms(lambda: verify_file(store, scan, scan_pages))
            assert verdict.outcome == "match" and verdict.code.fingerprint == expected, verdict.zh
            results["verify_paper_ms"] = ms
            ms, verdict = _best_ms(lambda: verify_file(store, scanned_pdf, scan_pages))
            assert verdict.outcome == "match", verdict.zh
            results["verify_paper_pdf_ms"] = ms
            pages = image_pages(scan)
            results["verify_paper_decode_ms"], _found = _best_ms(lambda: read_codes(pages))
        finally:
            store.close()


if __name__ == "__main__":
    figures: dict[str, float] = {}
    run(figures)
    print(json.dumps(figures, indent=2))
