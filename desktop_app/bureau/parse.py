"""Reading one received file into a checked submission, or a precise rejection; no database here.

Runs inside a worker process (POSIX: under memory limits, with python-calamine for speed) or in the
importing process (Windows: openpyxl only, read-only and bounded). Never raises for a bad file.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
from dataclasses import asdict, dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from desktop_app.bureau.safety import MAX_SHEET_COLUMNS, MAX_SHEET_ROWS, Checked, check_size, check_workbook
from desktop_app.domain.pack import FormPack
from desktop_app.domain.submission import Submission, canonical_bytes, canonical_values, fingerprint
from desktop_app.exporters.xlsx.errors import MACHINE_SHEET, WorkbookRejected


@dataclass(frozen=True, slots=True)
class ParsedSubmission:
    """A verified submission in the form the store keeps (canonical JSON text)."""

    school_code: str
    school_name: str
    period: str
    revision: int
    status: str
    pack_id: str
    pack_version: str
    fingerprint: str
    values_json: str
    explanations_json: str
    signatories_json: str
    submitted_at: datetime | None
    answers_json: str = "{}"  # uid → answer (domain.questions.Answer.as_json) to the bureau's questions


@dataclass(frozen=True, slots=True)
class FileResult:
    path: str
    sha256: str
    size: int
    parsed: ParsedSubmission | None = None
    code: str = ""  # rejection code (exporters.xlsx.errors.REJECTIONS, or a pipeline code)
    sheet: str | None = None
    key: str | None = None
    reason_zh: str = ""
    reason_en: str = ""

    @property
    def rejected(self) -> bool:
        return self.parsed is None


def rejection(path: str, sha256: str, size: int, error: WorkbookRejected) -> FileResult:
    return FileResult(path, sha256, size, None, error.code, error.sheet, error.key, error.text("zh"), error.text("en"))


def parse_file(path: str, pack: FormPack, engine: str = "openpyxl") -> FileResult:
    """Size and zip checks, bounded parsing, pack/type/fingerprint checks; never raises for bad input."""
    sha256, size = "", 0
    try:
        size = os.stat(path).st_size
        check_size(size)
        if engine == "openpyxl":  # the reader's own path: its pre-checks, then bounded openpyxl
            from desktop_app.exporters.xlsx.reader import read_submission

            sha256 = _sha_file(path)
            return FileResult(path, sha256, size, to_parsed(pack, read_submission(Path(path), pack)))
        with open(path, "rb") as handle:
            data = handle.read(size + 1)
        sha256 = hashlib.sha256(data).hexdigest()
        checked = check_workbook(data)
        rows = read_rows_calamine(checked)
        from desktop_app.exporters.xlsx.machine import parse_machine_rows

        submission = parse_machine_rows(rows, pack)
        # parse_machine_rows has verified the stated fingerprint against the values: reuse, not recompute.
        stated = next((json.loads(text) for key, text in rows if key == "fingerprint"), None)
        return FileResult(path, sha256, size, to_parsed(pack, submission, stated))
    except WorkbookRejected as error:
        return rejection(path, sha256, size, error)
    except FileNotFoundError:
        return rejection(path, sha256, size, WorkbookRejected("missing"))
    except Exception as error:  # any parser failure on hostile input is a rejection, never a crash
        return rejection(path, sha256, size, WorkbookRejected("unreadable", detail=type(error).__name__))


def _sha_file(path: str) -> str:
    with open(path, "rb") as handle:
        return hashlib.sha256(handle.read()).hexdigest()


def to_parsed(pack: FormPack, submission: Submission, verified_fingerprint: str | None = None) -> ParsedSubmission:
    signatories = {
        key: value.isoformat() if isinstance(value, date) else value
        for key, value in asdict(submission.signatories).items()
    }
    explanations = {k: dict(v) for k, v in submission.explanations.items() if v}
    return ParsedSubmission(
        school_code=submission.school_code,
        school_name=submission.school_name,
        period=submission.period,
        revision=submission.revision,
        status=submission.status.value,
        pack_id=submission.pack_id,
        pack_version=submission.pack_version,
        fingerprint=verified_fingerprint or fingerprint(pack, submission),
        values_json=canonical_bytes(canonical_values(pack, submission.values)).decode("utf-8"),
        explanations_json=json.dumps(explanations, ensure_ascii=False, sort_keys=True),
        signatories_json=json.dumps(signatories, ensure_ascii=False, sort_keys=True),
        submitted_at=submission.submitted_at.replace(tzinfo=None) if submission.submitted_at else None,
        answers_json=json.dumps({a.question: a.as_json() for a in submission.answers}, ensure_ascii=False,
                                sort_keys=True),
    )


def read_rows_calamine(checked: Checked) -> list[tuple[Any, ...]]:
    """The data sheet via python-calamine: only after check_workbook, only in a limited subprocess."""
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_filelike(io.BytesIO(checked.data))
    try:
        sheet = book.get_sheet_by_name(MACHINE_SHEET)
        # skip_empty_area=False keeps row positions true (reliability-notes #16)
        rows = sheet.to_python(skip_empty_area=False, nrows=MAX_SHEET_ROWS)
    finally:
        book.close()
    return [tuple(None if cell == "" else cell for cell in row[:MAX_SHEET_COLUMNS]) for row in rows]
