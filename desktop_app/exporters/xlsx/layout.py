"""Cell writing and page layout for the human-readable sheets (openpyxl; imported only when exporting).

Every piece of text goes through `put_text`, which forces the string type: openpyxl would otherwise
write a str starting with "=" as a formula (reliability-notes #12).
"""

from __future__ import annotations

import unicodedata
from datetime import date
from decimal import Decimal
from typing import Any

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from desktop_app.domain.pack import DerivedFormat, Field, FieldType, FormPack
from desktop_app.domain.values import display, is_empty
from desktop_app.exporters.xlsx.errors import WorkbookWriteError

FONT_NAME = "宋体"  # present on every Chinese Windows; LibreOffice and WPS substitute a CJK font
BODY = Font(name=FONT_NAME, size=11)
BOLD = Font(name=FONT_NAME, size=11, bold=True)
TITLE = Font(name=FONT_NAME, size=14, bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
SECTION_FILL = PatternFill("solid", fgColor="F2F2F2")
THIN = Side(style="thin", color="999999")
GRID = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP = Alignment(wrap_text=True, vertical="top")
TOP = Alignment(vertical="top")
DATE_FORMAT = 'yyyy"年"m"月"d"日"'
MAX_CELL_CHARS = 32_767
MAX_WIDTH = 48
MIN_WIDTH = 6
FOOTER = "第 &P 页 共 &N 页"


def text_width(text: str) -> int:
    """Display width in Excel character units: a CJK (wide) character counts as 2."""
    longest = 0
    for line in text.splitlines() or [""]:
        width = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line)
        longest = max(longest, width)
    return longest


def number_format(field: Field) -> str:
    if field.type is FieldType.INTEGER:
        return "0"
    places = "." + "0" * field.places if field.places else ""
    if field.type is FieldType.DERIVED and field.derived_format is DerivedFormat.PERCENT:
        return f"0{places}%"
    if field.unit is not None and "元" in field.unit.zh:  # 元, 万元: money with thousands separators
        return f"#,##0{places}"
    return f"0{places}"


def put_text(cell: Cell, text: str) -> None:
    if len(text) > MAX_CELL_CHARS:
        raise WorkbookWriteError(f"单元格 {cell.coordinate} 的内容超过 Excel 上限 {MAX_CELL_CHARS} 个字符。")
    cell.value = ILLEGAL_CHARACTERS_RE.sub("\ufffd", text)
    cell.data_type = "s"  # never a formula, whatever the text starts with


def put_value(cell: Cell, field: Field, value: Any, pack: FormPack, lang: str) -> str:
    """Write a value in its Excel form (numbers as numbers, dates as dates); return its shown text."""
    if is_empty(value):
        return ""
    kind = field.type
    if kind in (FieldType.INTEGER, FieldType.DECIMAL, FieldType.DERIVED) and isinstance(
        value, int | Decimal
    ) and not isinstance(value, bool):
        cell.value = value
        cell.number_format = number_format(field)
        return display(field, value, pack, lang)
    if kind is FieldType.DATE and isinstance(value, date):
        cell.value = value
        cell.number_format = DATE_FORMAT
        return display(field, value, pack, lang)
    if kind is FieldType.IMAGE:
        shown = f"照片 {str(value)[:12]}" if lang == "zh" else f"Photo {str(value)[:12]}"
    else:
        shown = display(field, value, pack, lang)
    put_text(cell, shown)
    if field.identifier:
        cell.number_format = "@"  # stays text when a clerk edits it in Excel
    if kind is FieldType.LONGTEXT:
        cell.alignment = WRAP
    return shown


class Widths:
    """Column widths that fit their content, counted as Excel shows it (CJK twice as wide)."""

    def __init__(self) -> None:
        self.widths: dict[int, int] = {}

    def see(self, column: int, text: str, cap: int = MAX_WIDTH) -> None:
        self.widths[column] = max(self.widths.get(column, MIN_WIDTH), min(text_width(text) + 2, cap))

    def apply(self, ws: Worksheet) -> None:
        for column, width in self.widths.items():
            ws.column_dimensions[get_column_letter(column)].width = width


def style_header(cells: list[Cell]) -> None:
    for cell in cells:
        cell.font = BOLD
        cell.fill = HEADER_FILL
        cell.border = GRID
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)


def page_setup(ws: Worksheet, title_rows: str, columns: int) -> None:
    """A4, fit to the page width, header rows repeated on each page, "第 n 页 共 m 页" in the footer."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if columns > 5 else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.6
    ws.page_margins.top = ws.page_margins.bottom = 0.75
    ws.print_title_rows = title_rows
    ws.oddFooter.center.text = FOOTER
    ws.oddFooter.center.size = 9
    ws.evenFooter.center.text = FOOTER
