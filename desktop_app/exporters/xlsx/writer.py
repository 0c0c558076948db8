"""The workbook a school sends: a cover sheet, one sheet per category, and the hidden machine part.

Where each cell goes is decided by layout.py (`plan_workbook`); this module only writes the plans.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.cell_range import CellRange
from openpyxl.worksheet.table import Table, TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet

from desktop_app.domain.pack import FormPack
from desktop_app.domain.submission import Submission
from desktop_app.exporters.xlsx.cells import Styles, put, put_text
from desktop_app.exporters.xlsx.errors import MACHINE_SHEET
from desktop_app.exporters.xlsx.layout import COVER, HEADINGS, SheetPlan, page_setup, plan_workbook
from desktop_app.exporters.xlsx.machine import build_rows
from desktop_app.exporters.xlsx.notes import notes_by_field
from desktop_app.exporters.xlsx.saving import save_with_digests
from desktop_app.exporters.xlsx.stable import fixed_time, set_document_times, stable_zip
from desktop_app.exporters.xlsx.view import ViewMap

__all__ = ["COVER", "HEADINGS", "MACHINE_PASSWORD", "build_workbook_bytes"]

MACHINE_PASSWORD = "school-report"  # protection against slips of the hand, not a secret


def build_workbook_bytes(pack: FormPack, submission: Submission, issues: Sequence[Any], *, lang: str = "zh") -> bytes:
    """The submission as .xlsx bytes (nothing is written to disk here)."""
    workbook = Workbook()
    when = fixed_time(submission)
    set_document_times(workbook, when)
    workbook.properties.creator = "学校工作报送"
    workbook.properties.title = f"{submission.school_name} {submission.reporting_period.name(lang)}"
    styles = Styles()
    tables = _TableNames()
    plans = plan_workbook(pack, submission, notes_by_field(pack, submission, issues, lang), lang)
    view = ViewMap()  # where each value is shown: written into _data for the readers (view.py)
    for number, plan in enumerate(plans):
        if number == 0:
            ws = workbook.active
            assert ws is not None
            ws.title = plan.name
        else:
            ws = workbook.create_sheet(plan.name)
        _write(ws, plan, styles, tables)
        for shown in plan.view:
            view.add(plan.name, shown.row, shown.column, shown.source, shown.text)
    workbook.create_sheet(MACHINE_SHEET)

    def fill_machine(ws: Worksheet, digests: dict[str, list[int]]) -> None:
        view.digests.update(digests)  # each visible sheet's bytes as written: a reader skips an untouched one
        _write_machine(ws, build_rows(pack, submission, view))

    return stable_zip(save_with_digests(workbook, fill_machine, when), when)


def _write(ws: Worksheet, plan: SheetPlan, styles: Styles, tables: _TableNames) -> None:
    for item in plan.puts:
        put(ws.cell(item.row, item.column), item.value, item.style, item.number_format, styles)
        if item.last_column:
            # Every cell of a merged range carries the style, so its borders print all round. The
            # range is added as is: openpyxl's merge_cells would restyle each cell (most of the time).
            for column in range(item.column + 1, item.last_column + 1):
                styles.apply(ws.cell(item.row, column), item.style, item.number_format)
            ws.merged_cells.add(CellRange(min_col=item.column, min_row=item.row, max_col=item.last_column,
                                          max_row=item.row))  # fmt: skip
    for field_key, top, left, bottom, right in plan.tables:
        ref = f"{get_column_letter(left)}{top}:{get_column_letter(right)}{bottom}"
        table = Table(displayName=tables.next(plan.category or "", field_key), ref=ref)
        table.tableStyleInfo = TableStyleInfo(name="TableStyleLight1", showRowStripes=True)
        ws.add_table(table)
    for column, width in enumerate(plan.widths, start=1):
        ws.column_dimensions[get_column_letter(column)].width = width
    for row, height in plan.heights.items():
        ws.row_dimensions[row].height = height
    if plan.freeze:
        ws.freeze_panes = plan.freeze
    page_setup(ws, plan.title_rows, plan.columns, plan.landscape)


class _TableNames:
    """Excel table names: unique in the workbook, letters, digits and _ only."""

    def __init__(self) -> None:
        self.count = 0

    def next(self, category: str, field: str) -> str:
        self.count += 1
        return re.sub(r"\W", "_", f"T{self.count}_{category}_{field}", flags=re.ASCII)


def _write_machine(ws: Worksheet, rows: list[tuple[str, str]]) -> None:
    """The machine part: very hidden (not listed under Unhide in Excel) and protected against edits."""
    for number, row in enumerate(rows, start=1):
        for column, text in enumerate(row, start=1):
            put_text(ws.cell(number, column), text)
    ws.column_dimensions["A"].width = 40
    ws.column_dimensions["B"].width = 80
    ws.sheet_state = "veryHidden"
    ws.protection.set_password(MACHINE_PASSWORD)
    ws.protection.sheet = True
