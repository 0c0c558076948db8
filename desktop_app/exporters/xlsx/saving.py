"""Saving the workbook so that `_data` can name each visible sheet's bytes as written.

openpyxl writes the sheets in order and the machine sheet comes last: this writer notes the CRC-32 and
size of each visible sheet's part as it goes into the archive (the zip directory holds both, and every
reader verifies the CRC while inflating), then lets the caller fill the machine sheet with them before it
is written. A reader that finds a sheet's part as written knows that nobody changed what it shows, and
skips comparing it cell by cell (view_check.py); any re-save or edit changes the part, and then every
cell is compared. (Against a careless edit a CRC is proof enough; whoever forges one could as well
rewrite `_data` and its fingerprint, which is why the bureau also re-checks every value: validity.py.)
One pass, as openpyxl's own `save_workbook`.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from io import BytesIO
from typing import Any
from zipfile import ZIP_DEFLATED, ZipFile

from openpyxl.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from desktop_app.exporters.xlsx.errors import MACHINE_SHEET

FillMachine = Callable[[Worksheet, dict[str, list[int]]], None]  # (machine sheet, name → [CRC-32, size])


class _Writer(ExcelWriter):  # type: ignore[misc]  # openpyxl ships no type hints
    def __init__(self, workbook: Workbook, archive: ZipFile, fill_machine: FillMachine) -> None:
        super().__init__(workbook, archive)
        self._fill_machine = fill_machine
        self._digests: dict[str, list[int]] = {}

    def write_worksheet(self, ws: Any) -> None:
        if ws.title == MACHINE_SHEET:
            self._fill_machine(ws, dict(self._digests))
        super().write_worksheet(ws)
        if ws.title != MACHINE_SHEET:
            info = self._archive.getinfo(ws.path[1:])
            self._digests[ws.title] = [info.CRC, info.file_size]


def save_with_digests(
    workbook: Workbook, fill_machine: FillMachine, modified: datetime.datetime | None = None
) -> bytes:
    """The workbook as .xlsx bytes; `fill_machine` is called once, just before the (last) machine sheet is
    written, with the CRC-32 and size of every visible sheet's part. `modified`: the document's time
    (the submission's own, so that a regenerated file is byte-identical), else now."""
    if workbook.worksheets[-1].title != MACHINE_SHEET:
        raise ValueError("the machine sheet must be the last sheet")
    buffer = BytesIO()
    workbook.properties.modified = modified or datetime.datetime.now(tz=datetime.UTC).replace(tzinfo=None)
    with ZipFile(buffer, "w", ZIP_DEFLATED, allowZip64=True) as archive:
        _Writer(workbook, archive, fill_machine).save()
    return buffer.getvalue()
