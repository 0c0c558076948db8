"""PDF benchmarks: font registration, the full demo submission, and LibreOffice's path for comparison.

    python benchmarks/bench_pdf.py            # prints JSON

pdf_font_register_ms: every role font parsed and registered in a fresh process (once per process).
pdf_full_ms / pdf_full_bytes: the full demo submission (fonts already registered), best of N runs;
pdf_full_bytes_no_photos: the same without its photos (the < 1 MB target is for that one).
soffice_xlsx_to_pdf_ms: `soffice --headless --convert-to pdf` of the same submission's workbook, only
when soffice and desktop_app.exporters.xlsx exist (skipped silently otherwise).
"""

from __future__ import annotations

import dataclasses
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

RUNS = 5


def _font_register_ms() -> float:
    # A fresh interpreter: registration is cached per process, so measuring it here would read 0.
    code = (
        "import time; from desktop_app.exporters.pdf.fonts import register_all;"
        "t = time.perf_counter(); register_all(); print((time.perf_counter() - t) * 1000)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            cwd=ROOT, check=True)  # fmt: skip
    return float(result.stdout.strip())


def _demo() -> tuple[Any, Any, list[Any]]:
    from desktop_app.domain.loader import load_pack
    from desktop_app.domain.submission import Status
    from tests.unit.test_pdf_fixtures import demo_or_sample, issues_for

    pack = load_pack()
    submission = demo_or_sample(pack, Status.SUBMITTED)
    return pack, submission, issues_for(pack, submission)


def _best_ms(action: Any) -> tuple[float, Any]:
    best, result = float("inf"), None
    for _ in range(RUNS):
        start = time.perf_counter()
        result = action()
        best = min(best, (time.perf_counter() - start) * 1000)
    return best, result


def _soffice_ms(pack: Any, submission: Any, issues: list[Any]) -> float | None:
    soffice = shutil.which("soffice")
    if soffice is None:
        return None
    try:
        from desktop_app.exporters.xlsx import build_workbook_bytes
    except ImportError:
        return None
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "submission.xlsx"
        source.write_bytes(build_workbook_bytes(pack, submission, issues))
        profile = Path(folder) / "profile"
        command = [soffice, f"-env:UserInstallation=file://{profile}", "--headless",
                   "--convert-to", "pdf", "--outdir", folder, str(source)]  # fmt: skip
        subprocess.run(command, capture_output=True, check=True, timeout=120)  # warm-up: profile
        start = time.perf_counter()
        subprocess.run(command, capture_output=True, check=True, timeout=120)
        return (time.perf_counter() - start) * 1000


def run(into: dict[str, float] | None = None) -> dict[str, float]:
    """Adds the PDF figures to `into` (benchmarks/run.py) and returns them."""
    from desktop_app.exporters.pdf import render_pdf
    from desktop_app.exporters.pdf.fonts import register_all

    results: dict[str, float] = {"pdf_font_register_ms": round(_font_register_ms(), 1)}
    register_all()
    pack, submission, issues = _demo()
    render_pdf(pack, submission, issues)  # warm-up: imports and caches
    ms, data = _best_ms(lambda: render_pdf(pack, submission, issues))
    results["pdf_full_ms"] = round(ms, 1)
    # CPU time too: wall time on a shared 2-core machine swings with other jobs.
    start = time.process_time()
    render_pdf(pack, submission, issues)
    results["pdf_full_cpu_ms"] = round((time.process_time() - start) * 1000, 1)
    results["pdf_full_bytes"] = len(data)
    plain = dataclasses.replace(submission, attachments={})
    results["pdf_full_bytes_no_photos"] = len(render_pdf(pack, plain, issues))
    soffice = _soffice_ms(pack, submission, issues)
    if soffice is not None:
        results["soffice_xlsx_to_pdf_ms"] = round(soffice, 1)
        results["soffice_to_reportlab_ratio"] = round(soffice / results["pdf_full_ms"], 1)
    if into is not None:
        into.update(results)
    return results


if __name__ == "__main__":
    print(json.dumps(run(), indent=2))
