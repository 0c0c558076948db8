"""Writing the workbook to disk: one atomic replace (exporters/atomic.py), named after the submission."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from desktop_app.domain.pack import FormPack
from desktop_app.domain.submission import Submission
from desktop_app.exporters.atomic import write_atomic
from desktop_app.exporters.xlsx.names import submission_file_name


def export_xlsx(pack: FormPack, submission: Submission, issues: Sequence[Any], out_dir: Path) -> Path:
    """Write `<code>_<school>_<period>_第N版.xlsx` into `out_dir`; the old file survives any failure.

    Raises desktop_app.exporters.atomic.TargetLockedError when the target stays open in Excel.
    """
    from desktop_app.exporters.xlsx.writer import build_workbook_bytes

    data = build_workbook_bytes(pack, submission, issues)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    return write_atomic(out_dir / submission_file_name(submission, "xlsx"), data)
