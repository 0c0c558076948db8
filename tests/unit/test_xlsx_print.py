"""The workbook prints: every sheet on A4 at 80 % or more, every table inside the main table's width and
the print area, photos as 图1/图2 with their captions, no row count posing as a value."""

from __future__ import annotations

import io
import re
from decimal import Decimal
from typing import Any

import openpyxl
import pytest
from openpyxl.utils import column_index_from_string, range_boundaries
from openpyxl.worksheet.worksheet import Worksheet

from desktop_app.domain.figures import figures
from desktop_app.domain.pack import FieldType, FormPack
from desktop_app.domain.submission import Status, Submission
from desktop_app.exporters.xlsx import build_workbook_bytes
from desktop_app.exporters.xlsx.columns import PADDING, lines
from desktop_app.exporters.xlsx.errors import MACHINE_SHEET
from desktop_app.exporters.xlsx.layout import plan_workbook
from tests.unit.test_pdf_fixtures import demo_or_sample, issues_for, sample_submission
from tests.unit.test_xlsx_support import full_submission

A4_INCHES = (8.27, 11.69)
POINTS_PER_UNIT = 5.25  # an Excel width unit: 7 px of the default font at 96 dpi


def _long(pack: FormPack) -> Submission:
    """Many table rows, the longest texts and the widest figures a pack allows."""
    submission = sample_submission(pack, rows=12, school_name="济南市济阳区" + "新元" * 27)
    for key, own in submission.values.items():
        for field in pack.category(key).fields:
            if field.key not in own:
                continue
            if field.type in (FieldType.TEXT, FieldType.LONGTEXT) and not field.pattern and not field.identifier:
                own[field.key] = ("推进课后服务全覆盖，" * 100)[: field.max_length]
            elif field.type is FieldType.TABLE:
                for row in own[field.key]:
                    for column in field.columns:
                        if column.type in (FieldType.TEXT, FieldType.LONGTEXT) and not column.pattern:
                            row[column.key] = ("校园文化建设与" * 40)[: column.max_length]
                        elif column.type is FieldType.DECIMAL and column.maximum is None:
                            row[column.key] = Decimal("123456789.99").quantize(Decimal(1).scaleb(-column.places))
    return submission


SUBMISSIONS = {
    "demo": lambda pack: demo_or_sample(pack, Status.SUBMITTED),
    "every-field": full_submission,
    "long": _long,
}


@pytest.fixture(scope="module", params=list(SUBMISSIONS))
def written(request: pytest.FixtureRequest, pack: FormPack) -> tuple[Submission, openpyxl.Workbook]:
    submission = SUBMISSIONS[request.param](pack)
    data = build_workbook_bytes(pack, submission, issues_for(pack, submission))
    return submission, openpyxl.load_workbook(io.BytesIO(data))


def _visible(workbook: openpyxl.Workbook) -> list[Worksheet]:
    return [ws for ws in workbook.worksheets if ws.title != MACHINE_SHEET]


def _print_scale(ws: Worksheet) -> float:
    """The scale fit-to-width prints the sheet at: printable width ÷ the width of its columns."""
    landscape = ws.page_setup.orientation == "landscape"
    paper = A4_INCHES[1] if landscape else A4_INCHES[0]
    printable = (paper - ws.page_margins.left - ws.page_margins.right) * 72
    last = range_boundaries(str(ws.print_area).split("!")[-1].replace("$", ""))[2]
    from openpyxl.utils import get_column_letter

    width = sum(ws.column_dimensions[get_column_letter(c)].width for c in range(1, last + 1)) * POINTS_PER_UNIT
    return min(1.0, printable / width)


def test_every_sheet_prints_on_a4_at_80_percent_or_more(written: tuple[Submission, Any]) -> None:
    _, workbook = written
    for ws in _visible(workbook):
        setup = ws.page_setup
        assert int(setup.paperSize) == 9, ws.title  # A4
        assert setup.fitToWidth == 1 and setup.fitToHeight == 0 and ws.sheet_properties.pageSetUpPr.fitToPage
        assert _print_scale(ws) >= 0.8, (ws.title, round(_print_scale(ws), 2))
        if ws.title != "封面":
            assert ws.print_title_rows == "$1:$2", ws.title  # the headings on every page


def test_every_cell_and_table_is_inside_the_print_area_and_the_main_table(written: tuple[Submission, Any]) -> None:
    _, workbook = written
    for ws in _visible(workbook):
        area = str(ws.print_area).split("!")[-1].replace("$", "")
        left, top, right, bottom = range_boundaries(area)
        assert (left, top) == (1, 1)
        used = [c for row in ws.iter_rows() for c in row if c.value is not None]
        assert max(c.column for c in used) <= right and max(c.row for c in used) <= bottom, ws.title
        for merged in ws.merged_cells.ranges:
            assert merged.max_col <= right and merged.max_row <= bottom, (ws.title, str(merged))
        if ws.title == "封面":
            continue
        headings = [c.column for c in ws[2] if c.value is not None]
        assert [ws.cell(2, c).value for c in headings] == ["项目", "填报值", "单位", "说明"], ws.title
        ends = [r.max_col for r in ws.merged_cells.ranges if r.min_row == 2 and r.min_col == headings[-1]]
        assert (ends or headings[-1:])[0] == right, ws.title  # the main table spans the whole sheet
        for table in ws.tables.values():
            assert range_boundaries(table.ref)[2] <= right, (ws.title, table.ref)  # never sticks out


def test_sub_tables_keep_their_own_widths(written: tuple[Submission, Any], pack: FormPack) -> None:
    """A narrow column of a sub-table (级别, 序号-like codes) is not stretched to a long label's width."""
    submission, workbook = written
    if "honours" not in submission.values:
        pytest.skip("no 荣誉 sheet")
    ws = next(ws for ws in _visible(workbook) if ws.title.startswith("13 "))
    assert _print_scale(ws) == 1.0  # the 荣誉 sheet prints at full size
    for table in ws.tables.values():
        left, top, right, _ = range_boundaries(table.ref)
        headers = [ws.cell(top, c).value for c in range(left, right + 1)]
        if "级别" in headers:
            level = ws.column_dimensions[ws.cell(top, left + headers.index("级别")).column_letter].width
            assert level <= 24, level


def test_no_row_count_is_shown_as_a_value(written: tuple[Submission, Any]) -> None:
    _, workbook = written
    for ws in _visible(workbook):
        for row in ws.iter_rows(values_only=True):
            for value in row:
                assert not (isinstance(value, str) and re.fullmatch(r"\d+ ?(行|rows)", value)), (ws.title, value)


def test_photos_are_numbered_figures_with_captions(written: tuple[Submission, Any], pack: FormPack) -> None:
    submission, workbook = written
    numbered = figures(pack, submission.values)
    if not numbered:
        pytest.skip("no photos")
    texts = [v for ws in _visible(workbook) for row in ws.iter_rows(values_only=True) for v in row
             if isinstance(v, str)]  # fmt: skip
    assert not any(re.search(r"照片 [0-9a-f]{6,}", text) for text in texts)  # never a hash
    assert not any(figure.digest[:12] in text for figure in numbered for text in texts)
    shown = [text for text in texts if re.fullmatch(r"图\d+(　.*)?", text)]
    assert [int(re.match(r"图(\d+)", t)[1]) for t in shown] == [f.number for f in numbered]  # type: ignore[index]
    rows = [row for ws in _visible(workbook) for row in ws.iter_rows(values_only=True)]
    for text, figure in zip(shown, numbered, strict=True):
        # With its caption, or beside the table's caption column that holds it.
        beside = any(text in row and figure.caption in row for row in rows)
        assert text == f"图{figure.number}　{figure.caption}" or beside, text


def test_wrapped_rows_are_tall_enough(written: tuple[Submission, Any], pack: FormPack) -> None:
    """A text longer than its column grows its row (LibreOffice and WPS do not grow rows by themselves)."""
    submission, workbook = written
    for plan in plan_workbook(pack, submission, {}):
        ws = workbook[plan.name] if plan.name in workbook.sheetnames else None
        if ws is None:
            continue
        for put in plan.puts:
            if not isinstance(put.value, str) or put.style not in ("wrap", "label", "table_label", "note"):
                continue
            last = put.last_column or put.column
            room = sum(plan.widths[put.column - 1 : last])
            needed = lines(put.value, room)
            if needed > 1:
                height = ws.row_dimensions[put.row].height
                assert height is not None and height >= 15 * needed, (ws.title, put.row, put.value[:20])
    assert PADDING > 0


def test_the_layout_names_every_value_cell(written: tuple[Submission, Any], pack: FormPack) -> None:
    """The plan says where each value is; the sheet holds it there (what a reader compares with _data)."""
    submission, workbook = written
    checked = 0
    for plan in plan_workbook(pack, submission, {}):
        if plan.category is None:
            continue
        ws = workbook[plan.name]
        for cell in plan.values:
            got = ws.cell(cell.row, cell.column).value
            expected = cell.excel
            if isinstance(expected, Decimal):
                assert got == pytest.approx(float(expected)), cell.key
            elif expected is None:
                assert got is None, cell.key
            elif hasattr(expected, "year"):
                assert got.date() == expected, cell.key
            else:
                assert got == expected, cell.key
            checked += 1
        in_data = {k for k in (c.key for c in plan.values) if not k.startswith("derived.")}
        fields = submission.values[plan.category]
        scalar = {f"value.{plan.category}.{k}" for k, v in fields.items()
                  if pack.category(plan.category).field(k).type is not FieldType.TABLE}  # fmt: skip
        assert scalar <= in_data
    assert checked > 100
    assert column_index_from_string("A") == 1
