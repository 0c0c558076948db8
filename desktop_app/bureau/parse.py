"""Reading one received file into a checked submission, or a precise rejection; no database here.

Runs inside a worker process (POSIX: under memory limits, with python-calamine for speed) or in the
importing process (Windows: openpyxl only, read-only and bounded). Never raises for a bad file.
Either way: only a regular file is read, once and bounded; `_data` is verified, the visible sheets are
compared with it (exporters/xlsx/view_check.py), and every value is checked against the pack
(validity.py) before anything reaches the database.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import date, datetime
from typing import Any

from desktop_app.bureau.safety import MAX_FILE_BYTES, MAX_SHEET_COLUMNS, MAX_SHEET_ROWS, Checked, check_workbook
from desktop_app.bureau.validity import check_received
from desktop_app.domain.pack import FormPack
from desktop_app.domain.pack_set import PackSet, choose_pack
from desktop_app.domain.submission import Submission, canonical_bytes, canonical_values, fingerprint
from desktop_app.exporters.xlsx.errors import MACHINE_SHEET, WorkbookRejected
from desktop_app.exporters.xlsx.machine import MachinePart, read_machine
from desktop_app.exporters.xlsx.parts import unchanged_sheets
from desktop_app.exporters.xlsx.safety import read_regular
from desktop_app.exporters.xlsx.view_check import check_view

MAX_LEDGER_SIZE = 2**31 - 1  # bureau_ledger.file_size is a 32-bit integer on PostgreSQL


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


def parse_file(path: str, pack: FormPack | PackSet, engine: str = "openpyxl") -> FileResult:
    """Bounded read, zip checks, parsing, pack/type/fingerprint checks, the visible sheets against
    `_data`, range and form checks; never raises for bad input."""
    sha256, size = "", stated_size(path)
    try:
        data = read_regular(path, MAX_FILE_BYTES)  # a device or a FIFO is never opened
        size = len(data)
        sha256 = hashlib.sha256(data).hexdigest()
        if engine == "openpyxl":  # the reader's own path: its pre-checks, then bounded openpyxl
            from desktop_app.exporters.xlsx.reader import verify_workbook

            part = verify_workbook(data, pack)
        else:
            part = read_calamine(check_workbook(data), pack)
        check_received(choose_pack(pack, part.submission.pack_id, part.submission.pack_version), part.submission)
        # read_machine has verified the stated fingerprint against the values: reuse, not recompute.
        return FileResult(path, sha256, size, to_parsed(pack, part.submission, part.fingerprint, part.canonical_values))
    except WorkbookRejected as error:
        return rejection(path, sha256, size, error)
    except FileNotFoundError:
        return rejection(path, sha256, size, WorkbookRejected("missing"))
    except Exception as error:  # any parser failure on hostile input is a rejection, never a crash
        return rejection(path, sha256, size, WorkbookRejected("unreadable", detail=type(error).__name__))


def stated_size(path: str) -> int:
    """The size the file system states (never opening the file), as the ledger can hold it."""
    try:
        return min(os.stat(path).st_size, MAX_LEDGER_SIZE)
    except (OSError, ValueError):
        return 0


def to_parsed(pack: FormPack | PackSet, submission: Submission, verified_fingerprint: str | None = None,
              values: dict[str, dict[str, Any]] | None = None) -> ParsedSubmission:  # fmt: skip
    """`values`: the canonical values when the caller has them (read_machine computed them for the
    fingerprint)."""
    pack = choose_pack(pack, submission.pack_id, submission.pack_version)  # a file of an earlier pack version
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
        values_json=canonical_bytes(values or canonical_values(pack, submission.values)).decode("utf-8"),
        explanations_json=json.dumps(explanations, ensure_ascii=False, sort_keys=True),
        signatories_json=json.dumps(signatories, ensure_ascii=False, sort_keys=True),
        submitted_at=submission.submitted_at.replace(tzinfo=None) if submission.submitted_at else None,
        answers_json=json.dumps(
            {a.question: a.as_json() for a in submission.answers}, ensure_ascii=False, sort_keys=True
        ),
    )


def read_rows_calamine(checked: Checked) -> list[tuple[Any, ...]]:
    """The data sheet via python-calamine: only after check_workbook, only in a limited subprocess."""
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_filelike(io.BytesIO(checked.data))
    try:
        return _machine_rows(book)
    finally:
        book.close()


def read_calamine(checked: Checked, pack: FormPack | PackSet) -> MachinePart:
    """`_data` verified, then the visible sheets compared with it, all from one calamine workbook (only
    after check_workbook; a visible sheet is read only once its extent is checked, and only if it is not
    byte for byte as the app wrote it)."""
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_filelike(io.BytesIO(checked.data))
    try:
        part = read_machine(_machine_rows(book), pack)
        # Sheets as written are not read; the others are checked for formulas and extent first.
        unchanged = unchanged_sheets(part.view, checked.visible, part.fingerprint)
        names = set(book.sheet_names)

        def grid(name: str, rows: int, _columns: int) -> Sequence[Sequence[Any]] | None:
            if name not in names or name == MACHINE_SHEET:
                return None
            # skip_empty_area=False: row 1 and column A come first whatever the sheet's first cell
            return book.get_sheet_by_name(name).to_python(skip_empty_area=False, nrows=rows)

        chosen = choose_pack(pack, part.submission.pack_id, part.submission.pack_version)
        check_view(chosen, part.submission, part.view, grid, unchanged)
        return part
    finally:
        book.close()


def _machine_rows(book: Any) -> list[tuple[Any, ...]]:
    sheet = book.get_sheet_by_name(MACHINE_SHEET)
    # skip_empty_area=False keeps row positions true (reliability-notes #16)
    rows = sheet.to_python(skip_empty_area=False, nrows=MAX_SHEET_ROWS)
    return [tuple(None if cell == "" else cell for cell in row[:MAX_SHEET_COLUMNS]) for row in rows]
