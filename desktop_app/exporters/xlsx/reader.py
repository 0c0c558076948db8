"""Open a submission workbook and verify it: pre-checks, bounded parsing of the machine part, then the
values the visible sheets show compared with it (view_check.py).

openpyxl (with defusedxml) reads in read-only mode with explicit bounds; any exception while parsing
means "rejected" (reliability-notes #13, #15). python-calamine is faster but can abort the whole
process on a hostile file (#16), so it is not used here. The file is read once, bounded (safety.py);
the parsers see those bytes, never the path again.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from desktop_app.domain.pack import FormPack
from desktop_app.domain.pack_set import PackSet, choose_pack
from desktop_app.domain.submission import Submission
from desktop_app.exporters.xlsx.errors import MACHINE_SHEET, WorkbookRejected
from desktop_app.exporters.xlsx.machine import MachinePart, read_machine
from desktop_app.exporters.xlsx.parts import unchanged_sheets
from desktop_app.exporters.xlsx.safety import MAX_FILE_BYTES, check_package, precheck, read_regular, visible_sheets
from desktop_app.exporters.xlsx.view_check import check_view

MAX_MACHINE_ROWS = 50_000  # a full submission has a few thousand rows
MACHINE_COLUMNS = 2


def read_submission(path: Path, pack: FormPack | PackSet) -> Submission:
    """The submission in the workbook at `path`, or WorkbookRejected saying where and what is wrong."""
    return verify_workbook(read_regular(Path(path), MAX_FILE_BYTES), pack).submission


def verify_workbook(data: bytes, pack: FormPack | PackSet) -> MachinePart:
    """Every check of a workbook's bytes: package, `_data`, and the visible sheets against `_data`."""
    check_package(data)
    visible = visible_sheets(data)
    workbook = _open(data)
    try:
        part = read_machine(_machine_rows(workbook), pack)
        # Sheets as written are not read; the others are checked for formulas and extent first.
        unchanged = unchanged_sheets(part.view, visible, part.fingerprint)

        def grid(name: str, rows: int, columns: int) -> Sequence[Sequence[Any]] | None:
            return _grid(workbook, name, rows, columns)

        chosen = choose_pack(pack, part.submission.pack_id, part.submission.pack_version)
        check_view(chosen, part.submission, part.view, grid, unchanged)
    finally:
        workbook.close()
    return part


def read_machine_rows(path: Path) -> list[tuple[Any, ...]]:
    """The machine sheet's rows as (key, value) tuples, refusing formulas and anything out of bounds."""
    workbook = _open(precheck(Path(path)))
    try:
        return _machine_rows(workbook)
    finally:
        workbook.close()


def _open(data: bytes) -> Any:
    import openpyxl

    if not openpyxl.DEFUSEDXML:  # pragma: no cover - an installation fault, not a file fault
        raise RuntimeError("defusedxml 未安装：为安全起见，不读取工作簿。")
    try:
        return openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False, keep_links=False)
    except WorkbookRejected:
        raise
    except Exception as error:  # lxml, defusedxml and zipfile each raise their own types
        raise WorkbookRejected("unreadable", detail=type(error).__name__) from None


def _machine_rows(workbook: Any) -> list[tuple[Any, ...]]:
    try:
        if MACHINE_SHEET not in workbook.sheetnames:
            raise WorkbookRejected("no_machine_sheet", sheet=MACHINE_SHEET)
        return _bounded_rows(workbook[MACHINE_SHEET])
    except WorkbookRejected:
        raise
    except Exception as error:
        raise WorkbookRejected("unreadable", sheet=MACHINE_SHEET, detail=type(error).__name__) from None


def _grid(workbook: Any, sheet: str, rows: int, columns: int) -> Sequence[Sequence[Any]] | None:
    """A visible sheet's values from A1 to (rows, columns); None when the workbook has no such sheet.

    unchanged_sheets has refused content beyond a submission's area, so these bounds are small.
    """
    if sheet not in workbook.sheetnames or sheet == MACHINE_SHEET:
        return None
    try:
        ws = workbook[sheet]
        # Explicit bounds: the sheet's own <dimension> claim plays no part.
        return list(ws.iter_rows(min_row=1, max_row=rows, min_col=1, max_col=columns, values_only=True))
    except Exception as error:
        raise WorkbookRejected("unreadable", sheet=sheet, detail=type(error).__name__) from None


def _bounded_rows(ws: Any) -> list[tuple[Any, ...]]:
    # The <dimension> claim first: a hostile file may claim a million rows. Cells beyond the bounds
    # without a matching claim are never read (iteration stops at the bound), so they change nothing.
    claimed = ws.max_row
    if claimed is not None and claimed > MAX_MACHINE_ROWS:
        raise WorkbookRejected("too_many_rows", sheet=MACHINE_SHEET, rows=claimed, limit=MAX_MACHINE_ROWS)
    if ws.max_column is not None and ws.max_column > MACHINE_COLUMNS:
        raise WorkbookRejected("out_of_range", sheet=MACHINE_SHEET, row=ws.max_row)
    rows: list[tuple[Any, ...]] = []
    # One extra column and one extra row, to see content where none may be.
    for number, cells in enumerate(
        ws.iter_rows(min_row=1, max_row=MAX_MACHINE_ROWS + 1, min_col=1, max_col=MACHINE_COLUMNS + 1),
        start=1,
    ):
        if number > MAX_MACHINE_ROWS:
            if any(cell.value is not None for cell in cells):
                raise WorkbookRejected(
                    "too_many_rows", sheet=MACHINE_SHEET, rows=f"{MAX_MACHINE_ROWS}+", limit=MAX_MACHINE_ROWS
                )
            break
        if len(cells) > MACHINE_COLUMNS and cells[MACHINE_COLUMNS].value is not None:
            raise WorkbookRejected("out_of_range", sheet=MACHINE_SHEET, row=number)
        for cell in cells[:MACHINE_COLUMNS]:
            if getattr(cell, "data_type", None) == "f":
                key = cells[0].value if cells[0].data_type != "f" else f"第{number}行"
                raise WorkbookRejected("formula", sheet=MACHINE_SHEET, key=str(key))
        rows.append(tuple(cell.value for cell in cells[:MACHINE_COLUMNS]))
    while rows and all(value is None for value in rows[-1]):
        rows.pop()
    return rows
