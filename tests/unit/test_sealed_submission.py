"""A submission is sealed once and carries its fingerprint: the PDF, the workbook and the CLI print the
carried one, the workbook reader (a received file) computes it anew to verify the file."""

from __future__ import annotations

import io
import re
from dataclasses import replace
from pathlib import Path

import openpyxl
import pytest
from pypdf import PdfReader

from desktop_app.domain.pack import FormPack
from desktop_app.domain.submission import fingerprint, fingerprint_of, seal, short_fingerprint
from desktop_app.exporters.pdf import render_pdf
from desktop_app.exporters.xlsx import export_xlsx, read_submission
from desktop_app.exporters.xlsx.errors import WorkbookRejected
from tests.unit.test_xlsx_support import full_submission

CARRIED = "ab12" * 16  # not the submission's own: only a file that reads the carried one prints it


def test_seal_computes_the_fingerprint_once_and_equality_ignores_it(pack: FormPack) -> None:
    draft = full_submission(pack)
    sealed = seal(pack, draft)
    assert draft.fingerprint == "" and sealed.fingerprint == fingerprint(pack, draft)
    assert sealed == draft
    assert fingerprint_of(pack, sealed) == sealed.fingerprint == fingerprint_of(pack, draft)


def test_the_pdf_and_the_workbook_print_the_fingerprint_the_submission_carries(pack: FormPack, tmp_path: Path) -> None:
    carried = seal(pack, full_submission(pack), verified=CARRIED)
    text = "".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(render_pdf(pack, carried, []))).pages)
    assert short_fingerprint(CARRIED) in re.sub(r"\s+", "", text)
    path = export_xlsx(pack, carried, [], tmp_path)
    book = openpyxl.load_workbook(path)
    cells = [str(cell) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for cell in row]
    assert CARRIED in cells and short_fingerprint(CARRIED) in "".join(cells)
    # The reader of a received file computes it again: a fingerprint that is not the values' is refused.
    with pytest.raises(WorkbookRejected):
        read_submission(path, pack)


def test_a_change_after_sealing_unseals_so_no_file_prints_a_stale_fingerprint(pack: FormPack) -> None:
    sealed = seal(pack, full_submission(pack))
    changed = replace(sealed, revision=sealed.revision + 1)
    assert changed.fingerprint == ""
    assert fingerprint_of(pack, changed) == fingerprint(pack, changed) != sealed.fingerprint


def test_a_workbook_read_back_carries_its_verified_fingerprint(pack: FormPack, tmp_path: Path) -> None:
    sealed = seal(pack, full_submission(pack))
    back = read_submission(export_xlsx(pack, sealed, [], tmp_path), pack)
    assert back.fingerprint == sealed.fingerprint
